"""The closed vocabularies the store, the change feed and the workers share, in one place.

These values are written to the database (check constraints in ``models.py`` list the same ones) and
the availability cache decides what to recompute from the change-log ops, so a typo in a bare string
would be a silent wrong answer. ``StrEnum`` members compare equal to their stored strings.
"""

from __future__ import annotations

from enum import StrEnum


class ChangeEntity(StrEnum):
    """What a change-log row is about."""

    BOOKING = "booking"
    ABSENCE = "absence"
    STAFF = "staff"
    CATALOGUE = "catalogue"


class ChangeOp(StrEnum):
    """What happened to it. ``ANNOTATED`` leaves the clerk's time untouched (checklist, notes, outcome)."""

    CREATED = "created"
    UPDATED = "updated"
    CANCELLED = "cancelled"
    ANNOTATED = "annotated"
    DELETED = "deleted"


class FeedOp(StrEnum):
    """What a change-feed reader does with a booking: keep this state, show it cancelled, or drop it."""

    UPSERT = "upsert"
    CANCELLED = "cancelled"
    REMOVED = "removed"


# The cancel reason (and audit action) of a hold nobody confirmed in time; statistics count these apart.
HOLD_EXPIRED = "hold_expired"
# The cancel reason of a hold the citizen gave back by choosing another time on the form.
HOLD_RELEASED = "hold_released"
# The cancel reason of a waitlist offer given back (the citizen left the list) or passed on unconfirmed.
WAITLIST_RELEASED = "waitlist_released"
# The reason of a move or reschedule offer made because the clerk is absent.
COVER_REASON = "cover absence"


class OutboxKind(StrEnum):
    """Background jobs: an e-mail or an SMS to the citizen, a call to the meeting provider, or a webhook
    delivery.

    Each channel has its own kinds, so an e-mail and an SMS about the same booking are retried (and
    recorded as sent) apart: a failing SMS gateway never sends the e-mail twice, nor the other way.
    """

    EMAIL_CONFIRMATION = "email.confirmation"
    EMAIL_RESCHEDULED = "email.rescheduled"
    EMAIL_CANCELLED = "email.cancelled"
    EMAIL_REMINDER = "email.reminder"
    EMAIL_OFFER_RESCHEDULE = "email.offer_reschedule"
    # A time freed up for a citizen on the waitlist, held for them (``booking/waitlist.py``).
    EMAIL_WAITLIST_OFFER = "email.waitlist_offer"
    # Issue 18 (no-show rescue): «we missed you», with the next free times as one-click links.
    EMAIL_MISSED_YOU = "email.missed_you"
    # Issue 18: a co-applicant's invitation to confirm; a joint booking released for want of them.
    # Co-applicants get the usual confirmation, reminder and cancellation kinds with ``co_applicant``
    # (their position) in the payload.
    EMAIL_CO_APPLICANT_INVITATION = "email.co_applicant_invitation"
    EMAIL_CO_APPLICANT_RELEASED = "email.co_applicant_released"
    SMS_CONFIRMATION = "sms.confirmation"
    SMS_REMINDER = "sms.reminder"
    MEETING_CREATE = "meeting.create"
    MEETING_UPDATE = "meeting.update"
    MEETING_CANCEL = "meeting.cancel"
    # One event to one registered endpoint (``webhooks/``); the payload names the endpoint and the event.
    WEBHOOK_DELIVERY = "webhook.delivery"

    @property
    def is_meeting(self) -> bool:
        return self.value.startswith("meeting.")

    @property
    def is_webhook(self) -> bool:
        return self.value.startswith("webhook.")

    @property
    def is_email(self) -> bool:
        """An e-mail to the citizen: no work at all when the booking has no address (a caller without one)."""
        return self.value.startswith("email.")

    @property
    def is_sms(self) -> bool:
        """An SMS to the citizen: no work at all unless the booking opted in with a mobile number."""
        return self.value.startswith("sms.")


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class DocumentState(StrEnum):
    """Where a required document stands on a booking's checklist."""

    PENDING = "pending"
    RECEIVED = "received"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


class IdentityDocument(StrEnum):
    """What the clerk saw to verify a citizen's identity."""

    IDENTITY_CARD = "identity_card"
    PASSPORT = "passport"
    OTHER = "other"


class BookingSource(StrEnum):
    """How a booking came in. Citizens book on the web form or over the API; staff book for callers."""

    WEB = "web"
    API = "api"
    PHONE = "phone"
    WALK_IN = "walk_in"
    FOLLOW_UP = "follow_up"


STAFF_SOURCES = (BookingSource.PHONE, BookingSource.WALK_IN, BookingSource.FOLLOW_UP)


class AbsenceKind(StrEnum):
    """Why a clerk is away; the desktop shades each kind in its own colour."""

    LEAVE = "leave"
    SICKNESS = "sickness"
    TRAINING = "training"
    OTHER = "other"


class AbsenceStatus(StrEnum):
    """Only an approved absence blocks availability; a clerk's request waits for a supervisor."""

    APPROVED = "approved"
    REQUESTED = "requested"
    REJECTED = "rejected"


class AccessChannel(StrEnum):
    """How a member of staff read a booking's personal data: the access log's ``channel`` (issue 17)."""

    PANEL = "panel"  # one booking: opened at the desk (GET /bookings/<ref>) or answered after a desk action
    LIST = "list"  # a range of bookings: a clerk's week, the supervisor's board, bookings moved or closed on
    FEED = "feed"  # the change feed that brings each booking's new state to the desktops
    DRILL_DOWN = "drill_down"  # the bookings behind a figure of the statistics
    CSV_EXPORT = "csv_export"  # the same bookings as a CSV file
    CALENDAR_FEED = "calendar_feed"  # a clerk's secret iCalendar feed, fetched by their calendar program
    SUBJECT_ACCESS = "subject_access"  # everything about one citizen, exported for their request (Art. 15)
