"""Request bodies of the JSON API, validated by pydantic; their JSON Schemas feed the OpenAPI document."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from service_api.booking import cover
from service_api.domain import citizen, kinds
from service_api.domain.rules import Mode, Outcome
from service_api.domain.timeutil import zone_or_none
from service_api.domain.working_plan import PlanExceptionKind, WeekParity


def _phone(value: str) -> str:
    return citizen.normalised_phone(value)


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must carry a UTC offset, e.g. 2026-12-01T09:00:00+02:00")
    return value


def _zone(value: str) -> str:
    if zone_or_none(value) is None:
        raise ValueError("not a known IANA time zone such as Europe/Athens")
    return value


Phone = Annotated[str, Field(min_length=5, max_length=30), AfterValidator(_phone)]
AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
TimeZoneName = Annotated[str, AfterValidator(_zone)]


# Literal types keep the OpenAPI document's plain enums; the check below keeps them equal to the
# domain's own enums, the one home of these words.
ModeName = Literal["in_person", "teleconference"]
DocumentStateName = Literal["pending", "received", "missing", "not_applicable"]
OutcomeName = Literal["completed", "documents_missing", "referred", "no_show"]
IdentityDocumentName = Literal["identity_card", "passport", "other"]
StaffSourceName = Literal["phone", "walk_in", "follow_up"]
if set(get_args(StaffSourceName)) != {member.value for member in kinds.STAFF_SOURCES}:
    raise RuntimeError("api.schemas: STAFF_SOURCES and its Literal differ")
for _words, _enum in (
    (ModeName, Mode),
    (DocumentStateName, kinds.DocumentState),
    (OutcomeName, Outcome),
    (IdentityDocumentName, kinds.IdentityDocument),
):
    if set(get_args(_words)) != {member.value for member in _enum}:
        raise RuntimeError(f"api.schemas: {_enum.__name__} and its Literal differ")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CitizenIn(_Body):
    # The rules of ``domain.citizen`` (a docstring would show in the OpenAPI document); the group's
    # own rules for ``extra`` need the group, so the views check them (``api.public``). A citizen's
    # e-mail is the one their token proves (``email`` may be left out); the AFM comes only from
    # TAXISnet, so ``afm`` is refused (``api.public`` words it).
    name: str = Field(min_length=citizen.NAME_MIN_LENGTH, max_length=citizen.NAME_MAX_LENGTH)
    email: EmailStr | None = None
    phone: Phone
    afm: str | None = None
    extra: dict[str, str] = Field(default_factory=dict, max_length=citizen.EXTRA_MAX_FIELDS)

    @field_validator("name")
    @classmethod
    def _name_is_text(cls, value: str) -> str:
        if not citizen.name_is_text(value):
            raise ValueError("must be plain text: no control characters, line breaks or text-direction marks")
        return value

    @field_validator("extra")
    @classmethod
    def _short_values(cls, value: dict[str, str]) -> dict[str, str]:
        for key, item in value.items():
            if len(key) > citizen.EXTRA_MAX_KEY_LENGTH or len(item) > citizen.EXTRA_MAX_VALUE_LENGTH:
                raise ValueError(
                    f"extra fields: keys up to {citizen.EXTRA_MAX_KEY_LENGTH} and values up to "
                    f"{citizen.EXTRA_MAX_VALUE_LENGTH} characters"
                )
        return value


class BookingCreate(_Body):
    service_id: int = Field(gt=0)
    mode: ModeName
    start: AwareDatetime
    citizen: CitizenIn
    language: Literal["el", "en"] = "el"
    timezone: TimeZoneName = "Europe/Athens"
    hold: bool = False
    # Staff only: how the caller reached the office (phone when left out).
    source: StaffSourceName | None = None


class CitizenCodeRequest(_Body):
    email: EmailStr
    language: Literal["el", "en"] = "el"


class CitizenTokenRequest(_Body):
    email: EmailStr
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")


class BookingReschedule(_Body):
    start: AwareDatetime
    version: int | None = Field(default=None, ge=1)


class BookingConfirm(_Body):
    citizen: CitizenIn | None = None


class Login(_Body):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


class Refresh(_Body):
    refresh_token: str = Field(min_length=10, max_length=200)


class DocumentState(_Body):
    state: DocumentStateName


class IdentityIn(_Body):
    document_type: IdentityDocumentName
    name_matches: bool
    taxisnet_matches: bool | None = None
    note: str = Field(default="", max_length=1000)


class OutcomeIn(_Body):
    outcome: OutcomeName
    note: str = Field(default="", max_length=2000)


class NotesIn(_Body):
    notes: str = Field(max_length=5000)
    version: int | None = Field(default=None, ge=1)


class ReassignIn(_Body):
    staff_id: int = Field(gt=0)
    reason: str = Field(default="", max_length=200)
    start: AwareDatetime | None = None
    version: int | None = Field(default=None, ge=1)


class AbsenceIn(_Body):
    start: AwareDatetime
    end: AwareDatetime
    reason: str = Field(default="", max_length=200)


BODIES: list[type[BaseModel]] = [
    BookingCreate,
    BookingReschedule,
    BookingConfirm,
    CitizenIn,
    CitizenCodeRequest,
    CitizenTokenRequest,
    Login,
    Refresh,
    DocumentState,
    IdentityIn,
    OutcomeIn,
    NotesIn,
    ReassignIn,
    AbsenceIn,
]


Reference = Annotated[str, Field(min_length=4, max_length=20, pattern=r"^[A-Za-z0-9-]+$")]


class CoverRangeIn(_Body):
    """The absence to cover: aware ISO datetimes, end after start."""

    start: AwareDatetime
    end: AwareDatetime

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if isinstance(start, datetime) and value <= start:
            raise ValueError("must be after start")
        if isinstance(start, datetime) and value - start > timedelta(days=cover.MAX_COVER_DAYS):
            raise ValueError(f"at most {cover.MAX_COVER_DAYS} days after start")
        return value


class CoverAssignmentIn(_Body):
    reference: Reference
    version: int = Field(ge=1)
    to_staff_id: int = Field(gt=0)


class CoverApplyIn(CoverRangeIn):
    assignments: list[CoverAssignmentIn] = Field(min_length=1, max_length=cover.MAX_COVER_BOOKINGS)


class OfferRescheduleIn(_Body):
    references: list[Reference] = Field(min_length=1, max_length=cover.MAX_COVER_BOOKINGS)


# --- working plans (issue 14) ---

WeeksName = Literal["all", "odd", "even"]
PlanExceptionKindName = Literal["extra", "closed"]
for _plan_words, _plan_enum in ((WeeksName, WeekParity), (PlanExceptionKindName, PlanExceptionKind)):
    if set(get_args(_plan_words)) != {member.value for member in _plan_enum}:
        raise RuntimeError(f"api.schemas: {_plan_enum.__name__} and its Literal differ")


def _wall_time(value: object) -> time:
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}", value):
        raise ValueError("use HH:MM, e.g. 08:30 (local time of the municipality)")
    try:
        return time.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("use HH:MM, e.g. 08:30 (local time of the municipality)") from exc


WallTime = Annotated[
    time, BeforeValidator(_wall_time), WithJsonSchema({"type": "string", "pattern": "^\\d{2}:\\d{2}$"})
]
PlanDate = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2199, 12, 31))]


class WorkingPeriodIn(_Body):
    """A weekly period in the municipality's local time; weekday 0 is Monday."""

    weekday: int = Field(ge=0, le=6)
    start: WallTime
    end: WallTime
    weeks: WeeksName = "all"

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("start")
        if isinstance(start, time) and value <= start:
            raise ValueError("must be after start")
        return value


class WorkingPlanIn(_Body):
    effective_from: PlanDate
    periods: list[WorkingPeriodIn] = Field(max_length=70)
    confirm_orphans: bool = False


class PlanExceptionIn(_Body):
    """Extra hours (start and end required) or a closure (no times: the whole day)."""

    day: PlanDate
    kind: PlanExceptionKindName
    start: WallTime | None = None
    end: WallTime | None = None
    note: str = Field(default="", max_length=200)
    confirm_orphans: bool = False

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: time | None, info: ValidationInfo) -> time | None:
        start = info.data.get("start")
        if isinstance(start, time) and value is not None and value <= start:
            raise ValueError("must be after start")
        return value


BODIES += [WorkingPeriodIn, WorkingPlanIn, PlanExceptionIn]

# --- end of working plans ---
