"""The e-mails to citizens (Greek or English): confirmation, change, cancellation, reminder.

Each is ``multipart/alternative`` with a plain-text and an HTML body. Confirmation, change and
cancellation also carry the calendar invitation (``invitation.build_invitation``) twice, as Google
Calendar's own invitations do: as a ``text/calendar; method=...`` alternative, which Outlook and Gmail
turn into "add to calendar" (or "remove"), and as an ``invite.ics`` attachment for every other program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined

from service_api.domain.calendar_words import MONTHS_IN_DATES, WEEKDAYS
from service_api.domain.kinds import OutboxKind
from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS, zone_or_none

# The kinds that change the citizen's calendar, and the iTIP method each sends.
INVITATION_METHODS = {
    OutboxKind.EMAIL_CONFIRMATION: "REQUEST",
    OutboxKind.EMAIL_RESCHEDULED: "REQUEST",
    OutboxKind.EMAIL_CANCELLED: "CANCEL",
}

TEXTS: dict[str, dict[str, str]] = {
    "el": {
        "email.confirmation": "Επιβεβαίωση ραντεβού",
        "email.rescheduled": "Αλλαγή ραντεβού",
        "email.cancelled": "Ακύρωση ραντεβού",
        "email.reminder": "Υπενθύμιση ραντεβού αύριο",
        "email.offer_reschedule": "Παρακαλούμε επιλέξτε νέα ώρα για το ραντεβού σας",
        "greeting": "Αγαπητή/έ {name},",
        "intro.email.confirmation": "Το ραντεβού σας καταχωρίστηκε.",
        "intro.email.rescheduled": "Το ραντεβού σας άλλαξε. Ισχύουν τα παρακάτω στοιχεία.",
        "intro.email.cancelled": "Το ραντεβού σας ακυρώθηκε.",
        "intro.email.reminder": "Σας υπενθυμίζουμε ότι αύριο έχετε ραντεβού με τον Δήμο.",
        "intro.email.offer_reschedule": "Δυστυχώς ο υπάλληλος δεν θα είναι διαθέσιμος "
        "την ώρα του ραντεβού σας. "
        "Παρακαλούμε επιλέξτε νέα ώρα από τον παρακάτω σύνδεσμο.",
        "details": "Στοιχεία ραντεβού",
        "reference": "Κωδικός κράτησης",
        "service": "Υπηρεσία",
        "when": "Ημερομηνία και ώρα",
        "mode": "Τρόπος εξυπηρέτησης",
        "where": "Τόπος",
        "in_person": "Φυσική Παρουσία",
        "teleconference": "Τηλεδιάσκεψη",
        "documents": "Απαραίτητα δικαιολογητικά",
        "join": "Συμμετοχή στη συνάντηση",
        "join_hint": "Την ημέρα και ώρα του ραντεβού πατήστε «Συμμετοχή στη συνάντηση».",
        "join_pending": "Ο σύνδεσμος της τηλεδιάσκεψης θα σας σταλεί σε ξεχωριστό μήνυμα.",
        "advice_title": "Συμβουλές για την τηλεδιάσκεψη",
        "advice.camera": "Πριν συνδεθείτε, βεβαιωθείτε ότι η κάμερα και το μικρόφωνο της συσκευής σας "
        "είναι ενεργοποιημένα.",
        "advice.identity": "Έχετε έτοιμη την αστυνομική σας ταυτότητα ή το διαβατήριό σας: θα σας ζητηθεί "
        "να την επιδείξετε, κρατώντας την κοντά στην κάμερα ώστε να καλύπτει την οθόνη.",
        "advice.quiet": "Συνδεθείτε από ήσυχο χώρο, με γρήγορη και αξιόπιστη σύνδεση στο διαδίκτυο.",
        "advice.teams": "Αν συνδεθείτε από υπολογιστή με Windows, συστήνεται η Web έκδοση του "
        "Microsoft Teams.",
        "advice.browser": "Η σύνδεση γίνεται από το πρόγραμμα περιήγησης (browser), χωρίς εγκατάσταση.",
        "advice.lobby": "Μετά τη σύνδεση θα περιμένετε λίγο, μέχρι ο υπάλληλος του Δήμου να σας δεχθεί "
        "στην τηλεδιάσκεψη.",
        "manage_title": "Διαχείριση της κράτησης",
        "reschedule": "Προγραμματισμός εκ νέου",
        "cancel": "Ακύρωση κράτησης",
        "new_booking": "Νέα κράτηση",
        "zone": "Ώρες στη ζώνη {zone}",
        "calendar.request": "Το συνημμένο αρχείο invite.ics προσθέτει το ραντεβού στο ημερολόγιό σας.",
        "calendar.cancel": "Το συνημμένο αρχείο invite.ics αφαιρεί το ραντεβού από το ημερολόγιό σας.",
        "contact": "Επικοινωνία",
        "automatic": "Το μήνυμα στάλθηκε αυτόματα· μην απαντάτε σε αυτό.",
        "signature": "{municipality}",
        "cancelled_note": "Ακυρώθηκε",
    },
    "en": {
        "email.confirmation": "Appointment confirmed",
        "email.rescheduled": "Appointment changed",
        "email.cancelled": "Appointment cancelled",
        "email.reminder": "Reminder: your appointment tomorrow",
        "email.offer_reschedule": "Please choose a new time for your appointment",
        "greeting": "Dear {name},",
        "intro.email.confirmation": "Your appointment is booked.",
        "intro.email.rescheduled": "Your appointment has changed. The details below apply.",
        "intro.email.cancelled": "Your appointment has been cancelled.",
        "intro.email.reminder": "This is a reminder of your appointment with the municipality tomorrow.",
        "intro.email.offer_reschedule": "Unfortunately the clerk will not be available at the time of your "
        "appointment. Please choose a new time with the link below.",
        "details": "Appointment details",
        "reference": "Booking reference",
        "service": "Service",
        "when": "Date and time",
        "mode": "How",
        "where": "Where",
        "in_person": "In person",
        "teleconference": "Teleconference",
        "documents": "Documents to bring",
        "join": "Join the meeting",
        "join_hint": "At the time of your appointment, press “Join the meeting”.",
        "join_pending": "The meeting link will follow in a separate message.",
        "advice_title": "Tips for the video call",
        "advice.camera": "Before joining, make sure the camera and microphone of your device are on.",
        "advice.identity": "Have your identity card or passport ready to show: hold it close to the camera "
        "so that it fills the screen.",
        "advice.quiet": "Join from a quiet place with a fast, reliable internet connection.",
        "advice.teams": "On a Windows computer, the web version of Microsoft Teams is recommended.",
        "advice.browser": "You join from your web browser; nothing needs to be installed.",
        "advice.lobby": "After joining, please wait a moment until the clerk lets you into the meeting.",
        "manage_title": "Manage your booking",
        "reschedule": "Reschedule",
        "cancel": "Cancel booking",
        "new_booking": "New booking",
        "zone": "Times in {zone}",
        "calendar.request": "The attached invite.ics adds the appointment to your calendar.",
        "calendar.cancel": "The attached invite.ics removes the appointment from your calendar.",
        "contact": "Contact",
        "automatic": "This message was sent automatically; please do not reply to it.",
        "signature": "{municipality}",
        "cancelled_note": "Cancelled",
    },
}


@dataclass(frozen=True)
class BookingMail:
    """A snapshot of what an e-mail about a booking says, taken from the store by the job runner."""

    kind: OutboxKind
    reference: str
    language: str
    timezone: str  # the citizen's: the times of the e-mail are shown in it
    citizen_name: str
    citizen_email: str
    service_name: str
    mode: str
    start: datetime  # aware
    documents: list[str]
    meeting_url: str
    manage_url: str
    municipality_name: str
    mail_from: str
    end: datetime | None = None
    public_url: str = ""
    municipality_address: str = ""
    municipality_email: str = ""
    municipality_phone: str = ""
    event_timezone: str = "Europe/Athens"  # the municipality's: the invitation's times are in it
    sequence: int = 0

    @property
    def finish(self) -> datetime:
        return self.end if self.end is not None else self.start + timedelta(minutes=30)

    @property
    def sender_address(self) -> str:
        """The bare address of ``mail_from`` (which may be written ``Name <address>``)."""
        return parseaddr(self.mail_from)[1] or self.mail_from

    @property
    def organizer_email(self) -> str:
        return self.municipality_email or self.sender_address

    @property
    def texts(self) -> dict[str, str]:
        return TEXTS.get(self.language, TEXTS["el"])


def format_when(start: datetime, zone: ZoneInfo, language: str, end: datetime | None = None) -> str:
    """``Τετάρτη 2 Δεκεμβρίου 2026, 09:00`` (``–09:30`` with an end), in ``zone``; locale-independent."""
    local = start.astimezone(zone)
    until = f"–{end.astimezone(zone):%H:%M}" if end is not None else ""
    words = "el" if language == "el" else "en"
    day_name, month_name = WEEKDAYS[words][local.weekday()], MONTHS_IN_DATES[words][local.month - 1]
    return f"{day_name} {local.day} {month_name} {local.year}, {local:%H:%M}{until}"


def zone_label(start: datetime, zone: ZoneInfo) -> str:
    """``Europe/Athens, UTC+02:00``: the zone and its offset at that moment."""
    offset = start.astimezone(zone).strftime("%z") or "+0000"
    return f"{zone.key}, UTC{offset[:3]}:{offset[3:]}"


def web_link(url: str) -> str:
    """The URL when it is an http(s) address, else empty: nothing else becomes a link or a button."""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def action_url(manage_url: str, action: str) -> str:
    return f"{manage_url}{'&' if '?' in manage_url else '?'}action={action}"


def _is_teams(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith(f".{d}") for d in ("teams.microsoft.com", "teams.live.com"))


@dataclass(frozen=True)
class _View:
    """Everything both bodies show, worked out once."""

    t: dict[str, str]
    mail: BookingMail
    cancelled: bool
    when: str
    zone: str
    mode: str
    address: str
    join_url: str
    advice: list[str]
    documents: list[str]
    reschedule_url: str
    cancel_url: str
    new_booking_url: str
    calendar_note: str


def _view(mail: BookingMail) -> _View:
    t = mail.texts
    zone = zone_or_none(mail.timezone) or ATHENS
    cancelled = mail.kind == OutboxKind.EMAIL_CANCELLED
    teleconference = mail.mode == Mode.TELECONFERENCE
    join_url = web_link(mail.meeting_url) if teleconference and not cancelled else ""
    advice: list[str] = []
    if teleconference and not cancelled:
        advice = [t["advice.camera"], t["advice.identity"], t["advice.quiet"]]
        advice.append(t["advice.teams"] if _is_teams(mail.meeting_url) else t["advice.browser"])
        advice.append(t["advice.lobby"])
    manage = web_link(mail.manage_url) if not cancelled else ""
    method = INVITATION_METHODS.get(mail.kind)
    return _View(
        t=t,
        mail=mail,
        cancelled=cancelled,
        when=format_when(mail.start, zone, mail.language, mail.end),
        zone=t["zone"].format(zone=zone_label(mail.start, zone)),
        mode=t.get(mail.mode, mail.mode),
        address=mail.municipality_address if not teleconference else "",
        join_url=join_url,
        advice=advice,
        documents=list(mail.documents) if not cancelled else [],
        reschedule_url=action_url(manage, "reschedule") if manage else "",
        cancel_url=action_url(manage, "cancel") if manage else "",
        new_booking_url=web_link(f"{mail.public_url.rstrip('/')}/") if mail.public_url else "",
        calendar_note=t["calendar.cancel" if method == "CANCEL" else "calendar.request"] if method else "",
    )


def plain_text(mail: BookingMail) -> str:
    """The text/plain body."""
    v, t = _view(mail), mail.texts
    lines = [f"{t[mail.kind]} – {mail.reference}", "", t["greeting"].format(name=mail.citizen_name), ""]
    lines += [t[f"intro.{mail.kind}"], ""]
    lines += [
        f"{t['reference']}: {mail.reference}",
        f"{t['service']}: {mail.service_name}",
        f"{t['when']}: {v.when} ({v.zone})",
        f"{t['mode']}: {v.mode}",
    ]
    if v.address:
        lines.append(f"{t['where']}: {v.address}")
    if mail.mode == Mode.TELECONFERENCE and not v.cancelled:
        lines += ["", f"{t['join']}: {v.join_url}" if v.join_url else t["join_pending"]]
        lines += ["", f"{t['advice_title']}:"] + [f"  - {a}" for a in v.advice]
    if v.documents:
        lines += ["", f"{t['documents']}:"] + [f"  - {d}" for d in v.documents]
    links = (
        [f"{t['reschedule']}: {v.reschedule_url}", f"{t['cancel']}: {v.cancel_url}"]
        if v.reschedule_url
        else []
    )
    if v.new_booking_url:
        links.append(f"{t['new_booking']}: {v.new_booking_url}")
    if links:
        lines += [""] + links
    if v.calendar_note:
        lines += ["", v.calendar_note]
    lines += ["", t["signature"].format(municipality=mail.municipality_name)]
    contact = [c for c in (mail.municipality_address, mail.municipality_phone, mail.municipality_email) if c]
    if contact:
        lines.append(" · ".join(contact))
    lines += ["", t["automatic"]]
    return "\n".join(lines) + "\n"


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("service_api.notifications", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html_body(mail: BookingMail) -> str:
    """The text/html body: inline styles only, as mail programs drop style sheets; every value escaped."""
    v = _view(mail)
    return _templates().get_template("booking.html").render(v=v, t=v.t, mail=mail)


def compose(mail: BookingMail, *, now: datetime | None = None) -> EmailMessage:
    """The whole message; ``now`` is the invitation's DTSTAMP (the job runner passes its clock)."""
    from service_api.notifications.invitation import build_invitation

    t = mail.texts
    message = EmailMessage()
    message["Subject"] = f"{t[mail.kind]} {mail.reference} – {mail.municipality_name}"
    named = parseaddr(mail.mail_from)[0]
    message["From"] = mail.mail_from if named else formataddr((mail.municipality_name, mail.sender_address))
    message["To"] = mail.citizen_email
    if mail.municipality_email and mail.municipality_email != mail.sender_address:
        message["Reply-To"] = mail.municipality_email
    message["Message-ID"] = make_msgid(domain=mail.sender_address.split("@")[-1])
    message.set_content(plain_text(mail))
    message.add_alternative(html_body(mail), subtype="html")
    method = INVITATION_METHODS.get(mail.kind)
    if method is None:
        return message
    ics = build_invitation(mail, now=now or datetime.now(UTC))
    # Base64 keeps the CRLF line ends of the iCalendar text exactly as built.
    message.add_alternative(ics, maintype="text", subtype="calendar", cte="base64")
    calendar_part = list(message.iter_parts())[-1]
    assert isinstance(calendar_part, EmailMessage)
    calendar_part.replace_header("Content-Type", f"text/calendar; method={method}; charset=UTF-8")
    message.make_mixed()
    message.add_attachment(
        ics, maintype="application", subtype="ics", filename="invite.ics", params={"name": "invite.ics"}
    )
    return message
