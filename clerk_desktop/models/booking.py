"""A booking as the desktop sees it, parsed once from the API's JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from clerk_desktop.models.co_applicants import CoApplicant, co_applicants_from_json
from clerk_desktop.models.gc_pause import gc_paused
from clerk_desktop.models.preflight import Preflight
from clerk_desktop.models.rescue_info import RescueInfo, rescue_from_json

ATHENS = ZoneInfo("Europe/Athens")
HOLD_ENDINGS = frozenset({"hold_expired", "hold_released"})  # the server's cancel reasons for holds


class DocumentState(StrEnum):
    """Where a required document stands (compares equal to the server's string)."""

    PENDING = "pending"
    RECEIVED = "received"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


DOCUMENT_STATES: tuple[DocumentState, ...] = tuple(DocumentState)
SETTLED_DOCUMENT_STATES = frozenset({DocumentState.RECEIVED, DocumentState.NOT_APPLICABLE})  # nothing owed

# The outcomes a clerk may record, in the order offered; the server checks the same lifecycle rules.
OUTCOMES = ("completed", "documents_missing", "referred", "no_show")
# As the server's rule: check-in from an hour before the start until the end of the booking's day.
CHECK_IN_LEAD = timedelta(minutes=60)


@dataclass(frozen=True)
class Document:
    code: str
    name_el: str
    name_en: str
    state: str

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_el


# Documents are immutable and repeat across thousands of bookings (same service, same state): one shared
# object per distinct (code, names, state) instead of one per booking and document.
_SHARED_DOCUMENTS: dict[tuple[str, str, str, str], Document] = {}
_SHARED_LIMIT = 4096  # distinct documents; beyond it (never in practice) the table starts afresh


def _document(data: dict[str, Any]) -> Document:
    code = data["code"]
    key = (code, data.get("el", code), data.get("en", code), data.get("state", DocumentState.PENDING))
    document = _SHARED_DOCUMENTS.get(key)
    if document is None:
        if len(_SHARED_DOCUMENTS) >= _SHARED_LIMIT:
            _SHARED_DOCUMENTS.clear()
        document = _SHARED_DOCUMENTS[key] = Document(*key)
    return document


@dataclass(frozen=True)
class Identity:
    document_type: str
    name_matches: bool
    taxisnet_matches: bool | None
    verified_by: int | None
    verified_at: datetime | None


@dataclass(frozen=True)
class Booking:
    reference: str
    status: str
    service_id: int
    mode: str
    start: datetime  # aware; shown in Europe/Athens
    end: datetime
    service_name_el: str
    service_name_en: str
    citizen_name: str
    citizen_email: str
    citizen_phone: str
    via_taxisnet: bool
    meeting_url: str
    notes: str
    outcome: str | None
    version: int
    staff_id: int | None
    checked_in: bool
    documents: tuple[Document, ...] = field(default=())
    identity: Identity | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    group_slug: str = ""
    group_name_el: str = ""
    group_name_en: str = ""
    hold_expires_at: datetime | None = None  # a web-form hold: the time it lapses unless confirmed
    cancel_reason: str = ""
    language: str = "el"  # the citizen's: their printed slip is in it
    municipality_id: int | None = None
    preflight: Preflight | None = None  # issue 18: the citizen's connection check, if any
    # Issue 18: the citizen's accessibility needs (the server's codes, in its order) and the
    # interpreter's language when one was asked for.
    needs: tuple[str, ...] = ()
    needs_language: str = ""
    rescue: RescueInfo | None = None  # issue 18: no-show rescue
    # Issue 18: the people who book together with the citizen.
    co_applicants: tuple[CoApplicant, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Booking:
        service = data.get("service", {})
        citizen = data.get("citizen", {})
        identity = data.get("identity")
        return cls(
            reference=data["reference"],
            status=data["status"],
            service_id=int(service.get("id", 0)),
            mode=data["mode"],
            start=datetime.fromisoformat(data["start"]).astimezone(ATHENS),
            end=datetime.fromisoformat(data["end"]).astimezone(ATHENS),
            service_name_el=service.get("name_el", ""),
            service_name_en=service.get("name_en", ""),
            citizen_name=citizen.get("name", ""),
            citizen_email=citizen.get("email", ""),
            citizen_phone=citizen.get("phone", ""),
            via_taxisnet=bool(citizen.get("via_taxisnet", False)),
            meeting_url=data.get("meeting_url") or "",
            notes=data.get("notes", ""),
            outcome=data.get("outcome"),
            version=int(data.get("version", 1)),
            staff_id=(data.get("staff") or {}).get("id"),
            checked_in=bool(data.get("checked_in_at")),
            documents=tuple([_document(d) for d in data.get("documents", [])]),
            identity=(
                Identity(
                    identity["document_type"],
                    bool(identity["name_matches"]),
                    identity.get("taxisnet_matches"),
                    identity.get("verified_by"),
                    datetime.fromisoformat(identity["verified_at"]) if identity.get("verified_at") else None,
                )
                if identity
                else None
            ),
            extra=dict(citizen.get("extra") or {}),
            co_applicants=co_applicants_from_json(data.get("co_applicants")),
            group_slug=(service.get("group") or {}).get("slug", ""),
            group_name_el=(service.get("group") or {}).get("name_el", ""),
            group_name_en=(service.get("group") or {}).get("name_en", ""),
            hold_expires_at=(
                datetime.fromisoformat(data["hold_expires_at"]) if data.get("hold_expires_at") else None
            ),
            cancel_reason=data.get("cancel_reason") or "",
            language="en" if data.get("language") == "en" else "el",
            municipality_id=data.get("municipality_id"),
            preflight=Preflight.from_json(data.get("preflight")),
            needs=tuple(str(c) for c in (data.get("needs") or {}).get("codes", ())),
            needs_language=str((data.get("needs") or {}).get("language", "")),
            rescue=rescue_from_json(data.get("rescue")),
        )

    @classmethod
    def many_from_json(cls, rows: list[dict[str, Any]]) -> list[Booking]:
        """A range's answer parsed at once, without garbage-collection passes (see ``gc_paused``)."""
        with gc_paused():
            return [cls.from_json(row) for row in rows]

    def service_name(self, language: str) -> str:
        return self.service_name_en if language == "en" else self.service_name_el

    @property
    def is_teleconference(self) -> bool:
        return self.mode == "teleconference"

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def is_open(self) -> bool:
        """Still to be served: the clerk can act on it."""
        return self.status in ("confirmed", "checked_in")

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def can_join(self, now: datetime, lead_minutes: int) -> bool:
        """The join button lights up ``lead_minutes`` before the start and stays until the end."""
        return (
            self.is_teleconference
            and bool(self.meeting_url)
            and self.is_open
            and self.start - timedelta(minutes=lead_minutes) <= now <= self.end
        )

    # ------------------------------------------------------------------ lifecycle (mirrors the server)
    def check_in_window(self) -> tuple[datetime, datetime]:
        """From ``CHECK_IN_LEAD`` before the start (not before that day) until the end of its local day."""
        start = self.start.astimezone(ATHENS)
        day_start = datetime.combine(start.date(), time(0), tzinfo=ATHENS)
        day_end = datetime.combine(start.date() + timedelta(days=1), time(0), tzinfo=ATHENS)
        return max(start - CHECK_IN_LEAD, day_start), day_end

    def can_check_in(self, now: datetime) -> bool:
        """A confirmed booking on its own day: a Friday booking is not checked in on Tuesday."""
        opens, closes = self.check_in_window()
        return self.status == "confirmed" and not self.checked_in and opens <= now < closes

    def outcomes_allowed(self, now: datetime) -> tuple[str, ...]:
        """What may close the booking now: none once closed or cancelled; a no-show only after the start
        and for a citizen not checked in."""
        if not self.is_open:
            return ()
        absent = self.status == "confirmed" and not self.checked_in and now >= self.start
        return tuple(o for o in OUTCOMES if o != "no_show" or absent)

    def can_change_time(self, now: datetime) -> bool:
        """Moved or cancelled from the desk: a confirmed appointment that has not started (as the server)."""
        return self.status == "confirmed" and now < self.start

    def missing_documents(self) -> tuple[Document, ...]:
        """Required documents not received (pending or missing): completing with them needs a yes."""
        return tuple(d for d in self.documents if d.state not in SETTLED_DOCUMENT_STATES)

    @property
    def is_hold(self) -> bool:
        """A time a citizen is still choosing on the web form: no name yet, gone unless confirmed."""
        return self.status == "held"

    @property
    def is_abandoned_hold(self) -> bool:
        """A hold that lapsed or was given back: it never was an appointment, so it is not shown."""
        return self.is_cancelled and self.cancel_reason in HOLD_ENDINGS

    def hold_lapsed(self, now: datetime) -> bool:
        """A hold past its time: the server frees the slot lazily, so the desktop drops it itself."""
        return self.is_hold and self.hold_expires_at is not None and self.hold_expires_at <= now
