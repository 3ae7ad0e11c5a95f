"""What the «Νέα κράτηση» dialog shows: the services, the free times of a day, and how a booking ended.

Plain data fed by the actions (``clerk_desktop/new_booking.py``) from the server's answers; the
dialog subscribes to its signals and never asks the server itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from clerk_desktop.models.booking import ATHENS

SOURCES = ("phone", "walk_in")  # how a citizen at the desk came in (follow-ups have their own flow)
# Issue 18: the accessibility needs the server knows (``service_api/domain/needs.Need``), in its order.
NEED_CODES = ("wheelchair", "sign_language", "interpreter", "extra_time", "assistant")


@dataclass(frozen=True)
class ServiceOption:
    """A service the municipality offers, with its group, as the service list shows it."""

    id: int
    name_el: str
    name_en: str
    group_el: str
    group_en: str
    modes: tuple[str, ...]
    co_applicants: int = 0  # issue 18: how many co-applicants it takes (0-3)
    co_applicants_required: bool = False

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> ServiceOption:
        return cls(
            int(row["id"]),
            str(row["name_el"]),
            str(row["name_en"]),
            str(row.get("group_el", "")),
            str(row.get("group_en", "")),
            tuple(str(m) for m in row.get("modes", ())),
            int(row.get("co_applicants") or 0),
            bool(row.get("co_applicants_required", False)),
        )

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_el

    def group(self, language: str) -> str:
        return self.group_en if language == "en" else self.group_el


def grouped(services: list[ServiceOption], language: str) -> list[tuple[str, list[ServiceOption]]]:
    """Services under their group's name, both in the order the catalogue gives them."""
    groups: dict[str, list[ServiceOption]] = {}
    for service in services:
        groups.setdefault(service.group(language), []).append(service)
    return list(groups.items())


@dataclass(frozen=True)
class FreeTime:
    """A free start of the chosen day: how many clerks are free, and whether the clerk is one of them."""

    start: datetime
    capacity: int
    mine: bool

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> FreeTime:
        start = datetime.fromisoformat(str(row["start"])).astimezone(ATHENS)
        return cls(start, int(row.get("capacity", 1)), bool(row.get("mine", False)))


@dataclass(frozen=True)
class CitizenEntry:
    """What the clerk typed about the citizen; ``email`` may be empty (no confirmation is then sent)."""

    name: str
    phone: str
    email: str = ""
    source: str = "phone"

    def json(self) -> dict[str, str]:
        citizen = {"name": self.name.strip(), "phone": self.phone.strip()}
        if self.email.strip():
            citizen["email"] = self.email.strip()
        return citizen


@dataclass(frozen=True)
class NeedsEntry:
    """The caller's accessibility needs: they change the free times, so they are asked first."""

    codes: tuple[str, ...] = ()
    language: str = ""  # the interpreter's language; sent only with ``interpreter``

    def json(self) -> dict[str, Any]:
        language = self.language.strip() if "interpreter" in self.codes else ""
        return {"codes": list(self.codes), "language": language}

    def query(self) -> dict[str, str]:
        """The availability search's ``needs`` and ``needs_language`` (nothing without needs)."""
        if not self.codes:
            return {}
        body = self.json()
        return {
            "needs": ",".join(body["codes"]),
            **({"needs_language": body["language"]} if body["language"] else {}),
        }


NO_NEEDS = NeedsEntry()


@dataclass(frozen=True)
class CoApplicantEntry:
    """A person the caller books together with, as the clerk typed them."""

    email: str
    name: str = ""

    def json(self) -> dict[str, str]:
        return {"email": self.email.strip(), "name": self.name.strip()}


@dataclass(frozen=True)
class BookedResult:
    """A booking made: its reference and time, and who takes it, to tell the citizen at once."""

    reference: str
    start: datetime
    clerk: str
    email: str
    status: str = "confirmed"  # awaiting_coapplicant: a joint booking waits for its co-applicants

    @property
    def waiting(self) -> bool:
        return self.status == "awaiting_coapplicant"

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> BookedResult:
        staff = row.get("staff") or {}
        return cls(
            str(row["reference"]),
            datetime.fromisoformat(str(row["start"])).astimezone(ATHENS),
            str(staff.get("name", "")),
            str((row.get("citizen") or {}).get("email", "")),
            str(row.get("status", "confirmed")),
        )


def booking_body(
    service_id: int,
    mode: str,
    start: datetime,
    citizen: CitizenEntry,
    language: str,
    *,
    needs: NeedsEntry = NO_NEEDS,
    co_applicants: tuple[CoApplicantEntry, ...] = (),
) -> dict[str, Any]:
    """``POST /bookings`` for a caller or walk-in at a chosen time, with the clerk preferred."""
    body: dict[str, Any] = {
        "service_id": service_id,
        "mode": mode,
        "start": start.isoformat(),
        "citizen": citizen.json(),
        "language": language,
        "source": citizen.source,
        "prefer_me": True,
    }
    if needs.codes:
        body["needs"] = needs.json()
    if co_applicants:
        body["co_applicants"] = [c.json() for c in co_applicants]
    return body


def walk_in_body(
    service_id: int, mode: str, citizen: CitizenEntry, language: str, *, needs: NeedsEntry = NO_NEEDS
) -> dict[str, Any]:
    """``POST /bookings/walk-in``: the first clerk free now (and able to meet the needs), me preferred."""
    body: dict[str, Any] = {
        "service_id": service_id,
        "mode": mode,
        "citizen": citizen.json(),
        "language": language,
        "prefer_me": True,
    }
    if needs.codes:
        body["needs"] = needs.json()
    return body


class NewBookingModel(QObject):
    """The dialog's state; every change is a signal the dialog follows."""

    services_changed = Signal()
    times_changed = Signal()
    status_changed = Signal(str)
    refused = Signal(str, dict)  # message, per-field messages
    booked = Signal(object)  # BookedResult
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services: list[ServiceOption] = []
        self.times: list[FreeTime] = []
        self.day: date | None = None
        self.loading = False

    def set_services(self, services: list[ServiceOption]) -> None:
        self.services = services
        self.services_changed.emit()

    def service(self, service_id: int) -> ServiceOption | None:
        return next((s for s in self.services if s.id == service_id), None)

    def set_loading(self, day: date) -> None:
        self.day, self.loading, self.times = day, True, []
        self.times_changed.emit()

    def set_times(self, day: date, times: list[FreeTime]) -> None:
        if day != self.day:
            return  # an answer for a day the clerk has already left
        self.loading, self.times = False, times
        self.times_changed.emit()

    def set_busy(self, busy: bool) -> None:
        self.busy_changed.emit(busy)

    def tell(self, text: str) -> None:
        self.status_changed.emit(text)

    def refuse(self, message: str, fields: dict[str, str]) -> None:
        self.busy_changed.emit(False)
        self.refused.emit(message, fields)

    def finish(self, result: BookedResult) -> None:
        self.busy_changed.emit(False)
        self.booked.emit(result)
