"""The e-mail that hands a new (or reset) staff member their one-time set-password link.

Sent at once by the request that issued the link, never through the outbox: the outbox would have to
store the link's secret in the database, where only its hash is kept. If the mail server does not take
it, the supervisor still has the link on screen to hand over another way.
"""

from __future__ import annotations

import logging
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from service_api.notifications.mailer import DeliveryError, Mailer

log = logging.getLogger(__name__)
ATHENS = ZoneInfo("Europe/Athens")

SUBJECT = "Ορισμός κωδικού πρόσβασης / Set your password"
BODY = (
    "Γεια σας {name},\n\n"
    "Δημιουργήθηκε λογαριασμός για εσάς στο σύστημα ραντεβού του δήμου (όνομα χρήστη: {username}).\n"
    "Ορίστε τον κωδικό σας από αυτόν τον σύνδεσμο, μία φορά, έως {until} (ώρα Ελλάδας):\n\n"
    "{url}\n\n"
    "Αν δεν περιμένατε αυτό το μήνυμα, ενημερώστε τον προϊστάμενό σας και μην ανοίξετε τον σύνδεσμο.\n\n"
    "---\n\n"
    "Hello {name},\n\n"
    "An account was made for you in the municipality's appointment system (username: {username}).\n"
    "Set your password from this link, once, by {until} (Greek time):\n\n"
    "{url}\n\n"
    "If you did not expect this message, tell your supervisor and do not open the link.\n"
)


def compose(
    *, name: str, username: str, email: str, url: str, expires_at: datetime, mail_from: str
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = SUBJECT
    message["From"] = mail_from
    message["To"] = email
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = make_msgid(domain=mail_from.split("@")[-1])
    until = expires_at.astimezone(ATHENS).strftime("%d/%m/%Y %H:%M")
    message.set_content(BODY.format(name=name, username=username, url=url, until=until))
    return message


def send_link(mailer: Mailer, message: EmailMessage) -> str | None:
    """Send it; ``None`` when it went out, else why not (without the address, which stays out of logs)."""
    try:
        mailer.send(message)
    except DeliveryError as exc:
        log.warning("set-password link not e-mailed: %s", exc)
        return str(exc)
    return None
