"""The ways a citizen hears about their booking: e-mail and SMS, behind one interface.

The job runner reads one outbox job's booking into a :class:`Notice` and hands it to the channel
that delivers the job's kind; the channel words the message its own way and sends it, raising
``DeliveryError`` (retryable or not) when it could not. Each channel has its own outbox kinds
(``email.*``, ``sms.*``), so the two are queued, retried and recorded as sent apart: a booking gets
one of each it can receive (an e-mail when it has an address, an SMS when the citizen opted in).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service_api import metrics
from service_api.domain.kinds import OutboxKind
from service_api.domain.rules import Mode
from service_api.domain.sms_text import BookingSms, SmsPurpose, booking_sms
from service_api.domain.timeutil import ATHENS, zone_or_none
from service_api.notifications.mail import BookingMail
from service_api.notifications.mailer import DeliveryError, Mailer
from service_api.notifications.messages import compose
from service_api.notifications.sms_gateway import SmsGateway

log = logging.getLogger(__name__)

SMS_PURPOSES = {
    OutboxKind.SMS_CONFIRMATION: SmsPurpose.CONFIRMATION,
    OutboxKind.SMS_REMINDER: SmsPurpose.REMINDER,
}


@dataclass(frozen=True)
class Contact:
    """How a booking's citizen can be reached."""

    email: str
    mobile: str = ""
    sms_opt_in: bool = False


@dataclass(frozen=True)
class Notice:
    """One outbox job's message to a citizen: the booking as the job runner read it."""

    kind: OutboxKind
    job_id: int
    mail: BookingMail  # the snapshot every channel words its message from
    mobile: str = ""  # E.164, when the citizen opted in to SMS
    short_manage_url: str = ""  # the manage link's short form (``/m/<code>``), for SMS


class NotificationChannel(Protocol):
    name: str

    def handles(self, kind: OutboxKind) -> bool:
        """Whether this channel delivers outbox jobs of ``kind``."""
        ...

    def reaches(self, contact: Contact) -> bool:
        """Whether the citizen can get this channel's messages at all (else the job is no work)."""
        ...

    def send(self, notice: Notice, *, now: datetime) -> None:
        """Deliver; ``DeliveryError`` says whether to try again."""
        ...


def message_id(job_id: int, kind: OutboxKind, mail: BookingMail) -> str:
    """The same for every attempt of one outbox row, so a receiving server can drop a repeat."""
    return f"<outbox-{job_id}-{kind.value}@{mail.sender_address.split('@')[-1]}>"


class EmailChannel:
    """The e-mails (``email.*``): composed with their invitation, sent by the mailer (SMTP or files)."""

    name = "email"

    def __init__(self, mailer: Mailer) -> None:
        self.mailer = mailer

    def handles(self, kind: OutboxKind) -> bool:
        return kind.is_email

    def reaches(self, contact: Contact) -> bool:
        return bool(contact.email)

    def send(self, notice: Notice, *, now: datetime) -> None:
        mail = notice.mail
        self.mailer.send(compose(mail, now=now, message_id=message_id(notice.job_id, notice.kind, mail)))


def sms_for(notice: Notice) -> BookingSms:
    """The SMS text of a notice: times in the municipality's zone (Europe/Athens), the short link."""
    mail = notice.mail
    return booking_sms(
        SMS_PURPOSES[notice.kind],
        language=mail.language,
        start=mail.start,
        zone=zone_or_none(mail.event_timezone) or ATHENS,
        service_name=mail.service_name,
        reference=mail.reference,
        manage_url=notice.short_manage_url,
        teleconference=mail.mode == Mode.TELECONFERENCE,
    )


class SmsChannel:
    """The SMS (``sms.*``): a confirmation and a reminder, through the configured HTTP gateway."""

    name = "sms"

    def __init__(self, gateway: SmsGateway | None) -> None:
        self.gateway = gateway

    def handles(self, kind: OutboxKind) -> bool:
        return kind in SMS_PURPOSES

    def reaches(self, contact: Contact) -> bool:
        return contact.sms_opt_in and bool(contact.mobile)

    def send(self, notice: Notice, *, now: datetime) -> None:
        if self.gateway is None:
            raise DeliveryError("no SMS gateway is configured (DIMOS_SMS_URL)", retryable=False)
        sms = sms_for(notice)
        self.gateway.send(notice.mobile, sms.text, message_id=f"dimos-{notice.job_id}")
        metrics.sms_sent(sms.count.encoding.value, sms.count.segments)
        # The number stays out of the log; what the message cost goes in.
        log.info(
            "outbox job %s: %s sent, %s, %d characters, %d segment(s)%s",
            notice.job_id,
            notice.kind.value,
            sms.count.encoding.value,
            sms.count.units,
            sms.count.segments,
            "" if sms.with_link else ", without the manage link",
        )


def channels(mailer: Mailer, gateway: SmsGateway | None) -> list[NotificationChannel]:
    return [EmailChannel(mailer), SmsChannel(gateway)]


def channel_for(available: list[NotificationChannel], kind: OutboxKind) -> NotificationChannel:
    for channel in available:
        if channel.handles(kind):
            return channel
    raise LookupError(f"no channel delivers {kind.value}")
