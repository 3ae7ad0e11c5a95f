"""VTIMEZONE definitions written out by hand, shared by e-mail invitations and the clerks' feed."""

from __future__ import annotations

# Greek time as RRULEs (the EU rule: summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC
# on the last Sunday of October), the form Outlook, Google and Apple write themselves. The RDATE lists
# that icalendar's Timezone.from_tzid writes are read wrongly by python-dateutil (hence vobject) for
# some years, so zones are spelled out here; an event in any other zone is written in UTC instead.
VTIMEZONES = {
    "Europe/Athens": (
        "BEGIN:VTIMEZONE\r\n"
        "TZID:Europe/Athens\r\n"
        "BEGIN:DAYLIGHT\r\n"
        "TZOFFSETFROM:+0200\r\n"
        "TZOFFSETTO:+0300\r\n"
        "TZNAME:EEST\r\n"
        "DTSTART:19700329T030000\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
        "END:DAYLIGHT\r\n"
        "BEGIN:STANDARD\r\n"
        "TZOFFSETFROM:+0300\r\n"
        "TZOFFSETTO:+0200\r\n"
        "TZNAME:EET\r\n"
        "DTSTART:19701025T040000\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
        "END:STANDARD\r\n"
        "END:VTIMEZONE\r\n"
    ),
}
