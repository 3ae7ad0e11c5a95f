"""The e-mails to citizens (Greek or English): confirmation, change, cancellation, reminder.

Each is ``multipart/alternative`` with a plain-text and an HTML body. Confirmation, change and
cancellation also carry the calendar invitation (``invitation.build_invitation``) twice, as Google
Calendar's own invitations do: as a ``text/calendar; method=...`` alternative, which Outlook and Gmail
turn into "add to calendar" (or "remove"), and as an ``invite.ics`` attachment for every other program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from service_api.domain.kinds import OutboxKind
from service_api.domain.preflight import is_teams_url
from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS, wall_clock, zone_or_none
from service_api.notifications.invitation import build_invitation
from service_api.notifications.mail import (
    INVITATION_METHODS,
    BookingMail,
    action_url,
    format_when,
    web_link,
    zone_label,
)


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
    intro: str
    offer_url: str
    leave_url: str
    preflight_url: str  # issue 18
    choices: tuple[tuple[str, str], ...] = ()  # issue 18: «we missed you» one-click times


def _view(mail: BookingMail) -> _View:
    t = mail.texts
    zone = zone_or_none(mail.timezone) or ATHENS
    cancelled = mail.kind in (OutboxKind.EMAIL_CANCELLED, OutboxKind.EMAIL_CO_APPLICANT_RELEASED)
    teleconference = mail.mode == Mode.TELECONFERENCE
    join_url = web_link(mail.meeting_url) if teleconference and not cancelled else ""
    advice: list[str] = []
    if teleconference and not cancelled:
        advice = [t["advice.camera"], t["advice.identity"], t["advice.quiet"]]
        advice.append(t["advice.teams"] if is_teams_url(mail.meeting_url) else t["advice.browser"])
        advice.append(t["advice.lobby"])
    manage = web_link(mail.manage_url) if not cancelled else ""
    method = INVITATION_METHODS.get(mail.kind)
    held_until = ""
    if mail.held_until is not None:
        # A co-applicant's deadline is days away: the day too, not a bare «08:00». An offer is held
        # for minutes, the same day.
        dated = mail.kind == OutboxKind.EMAIL_CO_APPLICANT_INVITATION
        held_until = (
            format_when(mail.held_until, zone, mail.language) if dated else wall_clock(mail.held_until, zone)
        )
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
        reschedule_url=action_url(manage, "reschedule") if manage and mail.reschedulable else "",
        cancel_url=action_url(manage, "cancel") if manage else "",
        new_booking_url=web_link(f"{mail.public_url.rstrip('/')}/") if mail.public_url else "",
        calendar_note=t["calendar.cancel" if method == "CANCEL" else "calendar.request"] if method else "",
        intro=t[f"intro.{mail.kind}"].format(held_until=held_until)
        if held_until
        else t[f"intro.{mail.kind}"],
        offer_url=web_link(mail.offer_url),
        leave_url=web_link(mail.leave_url),
        preflight_url=web_link(mail.preflight_url) if teleconference and not cancelled else "",
        choices=tuple((label, web_link(url)) for label, url in mail.choices if web_link(url)),
    )


def plain_text(mail: BookingMail) -> str:
    """The text/plain body."""
    v, t = _view(mail), mail.texts
    lines = [f"{t[mail.kind]} – {mail.reference}", "", t["greeting"].format(name=mail.citizen_name), ""]
    lines += [v.intro, ""]
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
        if v.preflight_url:  # issue 18
            lines += ["", t["preflight_hint"], f"{t['preflight']}: {v.preflight_url}"]
    if mail.needs and not v.cancelled:  # issue 18
        lines += ["", f"{mail.needs_title}:"] + [f"  - {n}" for n in mail.needs]
    if v.documents:
        lines += ["", f"{t['documents']}:"] + [f"  - {d}" for d in v.documents]
    links = [f"{t['reschedule']}: {v.reschedule_url}"] if v.reschedule_url else []
    links += [f"{t['cancel']}: {v.cancel_url}"] if v.cancel_url else []
    if v.choices:  # issue 18: each free time on its own line, with its one-click link
        links += [f"  - {label}: {url}" for label, url in v.choices]
    elif mail.kind == OutboxKind.EMAIL_MISSED_YOU:
        links.append(t["missed_you_none"])
    if v.offer_url:
        links.append(f"{t['offer_confirm']}: {v.offer_url}")
    if v.leave_url:
        links.append(f"{t['offer_leave']}: {v.leave_url}")
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


def compose(mail: BookingMail, *, now: datetime | None = None, message_id: str | None = None) -> EmailMessage:
    """The whole message; ``now`` is the invitation's DTSTAMP (the job runner passes its clock), and
    ``message_id`` a stable ``Message-ID`` (the job runner's is derived from the outbox row)."""
    t = mail.texts
    message = EmailMessage()
    message["Subject"] = f"{t[mail.kind]} {mail.reference} – {mail.municipality_name}"
    named = parseaddr(mail.mail_from)[0]
    message["From"] = mail.mail_from if named else formataddr((mail.municipality_name, mail.sender_address))
    message["To"] = mail.citizen_email
    if mail.municipality_email and mail.municipality_email != mail.sender_address:
        message["Reply-To"] = mail.municipality_email
    message["Message-ID"] = message_id or make_msgid(domain=mail.sender_address.split("@")[-1])
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
