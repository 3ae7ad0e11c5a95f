"""Request bodies of the JSON API, validated by pydantic; their JSON Schemas feed the OpenAPI document."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from datetime import date as date_type
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
from service_api.domain import citizen, closures, kinds, webhooks
from service_api.domain import needs as needs_rules
from service_api.domain.co_applicants import DEFAULT_CONFIRM_HOURS, MAX_CO_APPLICANTS, MAX_CONFIRM_HOURS
from service_api.domain.policy import Role
from service_api.domain.rules import Mode, Outcome
from service_api.domain.timeutil import zone_or_none
from service_api.domain.waitlist import PartOfDay
from service_api.domain.working_plan import PlanExceptionKind, WeekParity
from service_api.input_guard import EARLIEST_DATE, LATEST_DATE, MAX_ID, in_era


def _phone(value: str) -> str:
    return citizen.normalised_phone(value)


# The API's words for what ``domain.citizen`` finds wrong with a mobile number.
MOBILE_MESSAGES = {
    citizen.Problem.MOBILE: "not a valid mobile number (Greek numbers may omit +30)",
    citizen.Problem.NOT_MOBILE: "not a mobile number: SMS reach mobile phones only",
}


def _mobile(value: str) -> str:
    try:
        return citizen.normalised_mobile(value)
    except ValueError as exc:
        raise ValueError(MOBILE_MESSAGES[exc.args[1]]) from None


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must carry a UTC offset, e.g. 2026-12-01T09:00:00+02:00")
    if not in_era(value):
        raise ValueError(f"must lie between {EARLIEST_DATE} and {LATEST_DATE}")
    return value


def _zone(value: str) -> str:
    if zone_or_none(value) is None:
        raise ValueError("not a known IANA time zone such as Europe/Athens")
    return value


Phone = Annotated[str, Field(min_length=5, max_length=30), AfterValidator(_phone)]
Mobile = Annotated[str, Field(min_length=5, max_length=30), AfterValidator(_mobile)]
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


# Issue 18: the accessibility needs a booking may carry.
NeedName = Literal["wheelchair", "sign_language", "interpreter", "extra_time", "assistant"]
if set(get_args(NeedName)) != {member.value for member in needs_rules.Need}:
    raise RuntimeError("api.schemas: Need and its Literal differ")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


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
    mobile: Mobile | None = Field(
        default=None,
        description=(
            "The mobile number SMS go to, only with `sms_opt_in` (Greek by default, +30 may be left "
            "out; stored in E.164). Left out with `sms_opt_in`: the `phone` when it is a mobile. "
            "A landline is refused."
        ),
    )
    sms_opt_in: bool = Field(
        default=False,
        description=(
            "The citizen asks for SMS: a confirmation now and a reminder the day before, in one "
            "160-character message each (Greek or English, as `language`). Refused when the service "
            "has no SMS gateway configured."
        ),
    )

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


class NeedsIn(_Body):
    """Issue 18: accessibility needs (``domain.needs.Need``); ``language`` only with ``interpreter``."""

    codes: list[NeedName] = Field(default_factory=list, max_length=len(needs_rules.Need))
    language: str = Field(default="", max_length=needs_rules.MAX_LANGUAGE)


class CoApplicantBody(_Body):
    """Issue 18: a person who books together with the citizen; they are invited by e-mail to confirm."""

    email: EmailStr
    name: str = Field(default="", max_length=citizen.NAME_MAX_LENGTH)


class CoApplicantIdentityIn(_Body):
    """The clerk saw a co-applicant's identity document, whose name matches."""

    document_type: IdentityDocumentName
    name_matches: bool


class BookingCreate(_Body):
    service_id: int = Field(gt=0, le=MAX_ID)
    mode: ModeName
    start: AwareDatetime
    citizen: CitizenIn
    language: Literal["el", "en"] = "el"
    timezone: TimeZoneName = "Europe/Athens"
    hold: bool = False
    # Staff only: how the caller reached the office (phone when left out).
    source: StaffSourceName | None = None
    # Staff only: the signed-in clerk takes it when qualified and free then; else any qualified clerk.
    prefer_me: bool = False
    needs: NeedsIn | None = None  # issue 18
    # Issue 18: for a service that takes co-applicants; the booking then waits for them to confirm.
    co_applicants: list[CoApplicantBody] = Field(default_factory=list, max_length=3)


class WalkInCreate(_Body):
    """A walk-in booked by staff for "now": the first start a clerk is free (``domain.front_desk``)."""

    service_id: int = Field(gt=0, le=MAX_ID)
    mode: ModeName
    citizen: CitizenIn
    language: Literal["el", "en"] = "el"
    prefer_me: bool = False
    needs: NeedsIn | None = None  # issue 18: a clerk free now who meets them, for the longer slot


class CitizenCodeRequest(_Body):
    email: EmailStr
    language: Literal["el", "en"] = "el"


class CitizenTokenRequest(_Body):
    email: EmailStr
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")


class BookingReschedule(_Body):
    start: AwareDatetime
    version: int | None = Field(default=None, ge=1, le=MAX_ID)


class StaffReschedule(_Body):
    """A booking moved from the desk: by default its own clerk keeps it, or it fails."""

    start: AwareDatetime
    version: int | None = Field(default=None, ge=1, le=MAX_ID)
    keep_clerk: bool = True


class BookingConfirm(_Body):
    citizen: CitizenIn | None = None
    co_applicants: list[CoApplicantBody] = Field(default_factory=list, max_length=3)


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
    # «completed» with required documents not received: refused (409 documents_missing) unless true.
    confirm_missing_documents: bool = False


class NotesIn(_Body):
    notes: str = Field(max_length=5000)
    version: int | None = Field(default=None, ge=1, le=MAX_ID)


class StaffCancelIn(_Body):
    """Why the desk cancels: kept in the audit and the booking, so the citizen can be told when they call."""

    reason: str = Field(min_length=1, max_length=200)

    @field_validator("reason")
    @classmethod
    def _reason_is_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must say why the appointment is cancelled")
        if not citizen.name_is_text(value):
            raise ValueError("must be plain text: no control characters, line breaks or text-direction marks")
        return value.strip()


class ReassignIn(_Body):
    staff_id: int = Field(gt=0, le=MAX_ID)
    reason: str = Field(default="", max_length=200)
    start: AwareDatetime | None = None
    version: int | None = Field(default=None, ge=1, le=MAX_ID)


class AbsenceIn(_Body):
    start: AwareDatetime
    end: AwareDatetime
    reason: str = Field(default="", max_length=200)


BODIES: list[type[BaseModel]] = [
    BookingCreate,
    WalkInCreate,
    BookingReschedule,
    StaffReschedule,
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
    version: int = Field(ge=1, le=MAX_ID)
    to_staff_id: int = Field(gt=0, le=MAX_ID)


class CoverApplyIn(CoverRangeIn):
    assignments: list[CoverAssignmentIn] = Field(min_length=1, max_length=cover.MAX_COVER_BOOKINGS)


class OfferRescheduleIn(_Body):
    references: list[Reference] = Field(min_length=1, max_length=cover.MAX_COVER_BOOKINGS)


# --- Staff administration (issue 14) ---

RoleName = Literal["clerk", "supervisor", "admin", "dpo"]
if set(get_args(RoleName)) != {member.value for member in Role}:
    raise RuntimeError("api.schemas: Role and its Literal differ")
Username = Annotated[str, Field(min_length=2, max_length=80, pattern=r"^[A-Za-z0-9._@-]+$")]


def _https_or_empty(value: str) -> str:
    if value and not value.startswith("https://"):
        raise ValueError("must be an https:// link (or empty)")
    return value


TeamsLink = Annotated[str, Field(max_length=500), AfterValidator(_https_or_empty)]


def _mailbox_or_empty(value: str) -> str:
    # A shape check only: staff addresses may be internal (.local, .test) domains a resolver refuses.
    local, at, domain = value.partition("@")
    if value and not (at and local and "." in domain.strip(".") and " " not in value):
        raise ValueError("must be an e-mail address such as name@dimos.gr (or empty)")
    return value


StaffEmail = Annotated[str, Field(max_length=200), AfterValidator(_mailbox_or_empty)]


class QualificationIn(_Body):
    service_id: int = Field(gt=0)
    modes: list[ModeName] = Field(min_length=1, max_length=2)


class SupportsIn(_Body):
    """What a clerk offers beyond the usual (issue 18); languages are checked by ``domain.needs``."""

    sign_language: bool = False
    languages: list[str] = Field(default_factory=list, max_length=needs_rules.MAX_LANGUAGES)


class StaffPatchIn(_Body):
    """Only the fields sent change; ``municipality`` is a slug (``null`` only for admins)."""

    username: Username | None = None
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: StaffEmail | None = None
    role: RoleName | None = None
    municipality: str | None = Field(default=None, max_length=64)
    active: bool | None = None
    qualifications: list[QualificationIn] | None = Field(default=None, max_length=500)
    teams_link: TeamsLink | None = None
    graph_user_id: str | None = Field(default=None, max_length=200)
    supports: SupportsIn | None = None  # issue 18: sign language, interpreting languages

    @field_validator(
        "username", "display_name", "role", "active", "qualifications", "teams_link", "graph_user_id", "email"
    )
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null; leave the field out to keep it")
        return value


class StaffCreateIn(StaffPatchIn):
    """A new account. It has no usable password until its owner uses the link or the temporary one."""

    username: Username
    display_name: str = Field(min_length=1, max_length=200)
    role: RoleName
    password_setup: Literal["link", "temporary"] = "link"
    email_link: bool = True  # a link also goes to the account's e-mail address, when it has one


class PasswordResetIn(_Body):
    method: Literal["link", "temporary"] = "link"
    email_link: bool = True


class PasswordChangeIn(_Body):
    old_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


BODIES += [StaffCreateIn, StaffPatchIn, PasswordResetIn, PasswordChangeIn]


# ----------------------------------------------------------------- catalogue administration (issue 14)
# Limits as the catalogue file has them (service_api/catalogue.py ServiceSpec); calendars.MAX_DURATION
# and MAX_BUFFER rely on the caps of duration and buffers.
CatalogueSlug = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
ClosureKindName = Literal["once", "annual", "easter"]


class _Patch(_Body):
    """A PATCH body: only the fields sent change, and none of them may be null."""

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null; leave the field out to keep it")
        return value


class MunicipalityFieldsIn(_Body):
    name_el: Name
    name_en: Name
    timezone: TimeZoneName = "Europe/Athens"
    contact_email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    address_el: str = Field(default="", max_length=300)
    address_en: str = Field(default="", max_length=300)


class MunicipalityIn(MunicipalityFieldsIn):
    slug: CatalogueSlug


class MunicipalityPatch(_Patch):
    name_el: Name | None = None
    name_en: Name | None = None
    timezone: TimeZoneName | None = None
    contact_email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    address_el: str | None = Field(default=None, max_length=300)
    address_en: str | None = Field(default=None, max_length=300)


class ExtraFieldIn(_Body):
    key: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    label_el: Name
    label_en: Name
    required: bool = False
    pattern: str | None = Field(default=None, max_length=200)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        import re

        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from exc
        return value


def _unique_keys(fields: list[ExtraFieldIn] | None) -> list[ExtraFieldIn] | None:
    if fields is not None and len({f.key for f in fields}) != len(fields):
        raise ValueError("keys must be unique within a group")
    return fields


class GroupIn(_Body):
    slug: CatalogueSlug
    name_el: Name
    name_en: Name
    position: int = Field(default=0, ge=0, le=10_000)
    extra_fields: Annotated[list[ExtraFieldIn], AfterValidator(_unique_keys)] = Field(default_factory=list)


class GroupPatch(_Patch):
    name_el: Name | None = None
    name_en: Name | None = None
    position: int | None = Field(default=None, ge=0, le=10_000)
    extra_fields: Annotated[list[ExtraFieldIn] | None, AfterValidator(_unique_keys)] = None


class RequiredDocumentIn(_Body):
    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    el: str = Field(min_length=1, max_length=500)
    en: str = Field(min_length=1, max_length=500)


def _unique_codes(docs: list[RequiredDocumentIn] | None) -> list[RequiredDocumentIn] | None:
    if docs is not None and len({d.code for d in docs}) != len(docs):
        raise ValueError("document codes must be unique within a service")
    return docs


def _unique_modes(modes: list[ModeName] | None) -> list[ModeName] | None:
    if modes is not None and len(set(modes)) != len(modes):
        raise ValueError("each mode once")
    return modes


Documents = Annotated[list[RequiredDocumentIn], AfterValidator(_unique_codes)]
Modes = Annotated[list[ModeName], Field(min_length=1), AfterValidator(_unique_modes)]


class ServiceIn(_Body):
    slug: CatalogueSlug
    group_id: int = Field(gt=0)
    name_el: str = Field(min_length=1, max_length=300)
    name_en: str = Field(min_length=1, max_length=300)
    description_el: str = Field(default="", max_length=5000)
    description_en: str = Field(default="", max_length=5000)
    position: int = Field(default=0, ge=0, le=10_000)
    duration_minutes: int = Field(gt=0, le=480)
    slot_interval_minutes: int = Field(gt=0, le=480)
    modes: Modes
    lead_time_minutes: int = Field(default=0, ge=0, le=60 * 24 * 60)
    horizon_days: int = Field(default=60, gt=0, le=366)
    buffer_before_minutes: int = Field(default=0, ge=0, le=120)
    buffer_after_minutes: int = Field(default=0, ge=0, le=120)
    max_active_per_citizen: int = Field(default=2, ge=0, le=100)
    required_documents: Documents = Field(default_factory=list)
    extra_time_minutes: int = Field(
        default=needs_rules.DEFAULT_EXTRA_MINUTES, ge=0, le=needs_rules.MAX_EXTRA_MINUTES
    )  # issue 18
    # Issue 18: minutes after the start at which the desk may rescue a citizen who has not arrived.
    no_show_rescue_minutes: int = Field(default=5, ge=0, le=120)
    # Issue 18: people who book together with the citizen, whether they must, hours to confirm.
    co_applicants: int = Field(default=0, ge=0, le=MAX_CO_APPLICANTS)
    co_applicants_required: bool = False
    co_applicant_confirm_hours: int = Field(default=DEFAULT_CONFIRM_HOURS, ge=1, le=MAX_CONFIRM_HOURS)


class ServicePatch(_Patch):
    """Any of the service's fields; ``active`` false retires it, true offers it again."""

    group_id: int | None = Field(default=None, gt=0)
    name_el: str | None = Field(default=None, min_length=1, max_length=300)
    name_en: str | None = Field(default=None, min_length=1, max_length=300)
    description_el: str | None = Field(default=None, max_length=5000)
    description_en: str | None = Field(default=None, max_length=5000)
    position: int | None = Field(default=None, ge=0, le=10_000)
    duration_minutes: int | None = Field(default=None, gt=0, le=480)
    slot_interval_minutes: int | None = Field(default=None, gt=0, le=480)
    modes: Modes | None = None
    lead_time_minutes: int | None = Field(default=None, ge=0, le=60 * 24 * 60)
    horizon_days: int | None = Field(default=None, gt=0, le=366)
    buffer_before_minutes: int | None = Field(default=None, ge=0, le=120)
    buffer_after_minutes: int | None = Field(default=None, ge=0, le=120)
    max_active_per_citizen: int | None = Field(default=None, ge=0, le=100)
    required_documents: Documents | None = None
    active: bool | None = None
    extra_time_minutes: int | None = Field(default=None, ge=0, le=needs_rules.MAX_EXTRA_MINUTES)  # issue 18
    no_show_rescue_minutes: int | None = Field(default=None, ge=0, le=120)  # issue 18
    co_applicants: int | None = Field(default=None, ge=0, le=MAX_CO_APPLICANTS)
    co_applicants_required: bool | None = None
    co_applicant_confirm_hours: int | None = Field(default=None, ge=1, le=MAX_CONFIRM_HOURS)


class ClosureIn(_Body):
    """A closure: ``once`` on ``date``, ``annual`` on ``month``/``day``, or ``easter`` at
    ``easter_offset`` days from Orthodox Easter; the whole day, or ``start``..``end`` local time."""

    kind: ClosureKindName = "once"
    date: date_type | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    easter_offset: int | None = None
    start: time | None = None
    end: time | None = None
    name_el: Name
    name_en: Name
    offer_reschedule: bool = False


BODIES.extend([MunicipalityIn, MunicipalityPatch, GroupIn, GroupPatch, ServiceIn, ServicePatch, ClosureIn])
if set(get_args(ClosureKindName)) != {member.value for member in closures.ClosureKind}:
    raise RuntimeError("api.schemas: ClosureKind and its Literal differ")


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

# --- absences (issue 14) ---

AbsenceKindName = Literal["leave", "sickness", "training", "other"]
if set(get_args(AbsenceKindName)) != {member.value for member in kinds.AbsenceKind}:
    raise AssertionError("AbsenceKindName and domain.kinds.AbsenceKind differ")


class AbsenceRecordIn(AbsenceIn):
    """A supervisor records an absence: approved at once, so it blocks the clerk's time."""

    kind: AbsenceKindName = "other"


class AbsenceRequestIn(AbsenceIn):
    """A staff member asks for their own absence; it blocks nothing until approved."""

    kind: AbsenceKindName = "leave"


class AbsencePatchIn(_Body):
    """Only the fields given change; an approved absence then blocks its new range."""

    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    kind: AbsenceKindName | None = None
    reason: str | None = Field(default=None, max_length=200)


class AbsenceDecisionIn(_Body):
    """Approve or reject a request, with an optional word for the clerk."""

    reason: str = Field(default="", max_length=200)


BODIES += [AbsenceRecordIn, AbsenceRequestIn, AbsencePatchIn, AbsenceDecisionIn]

# --- end of absences ---


# ---- the waitlist (issue 17)
PartOfDayName = Literal["morning", "afternoon", "any"]
if set(get_args(PartOfDayName)) != {member.value for member in PartOfDay}:
    raise RuntimeError("api.schemas: PartOfDay and its Literal differ")
WaitDate = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]


class WaitlistIn(_Body):
    """Wait for a time of a service in a mode on the days ``from``..``to`` (both included, the
    municipality's dates), in the morning (before 12:00 local time), the afternoon, or at any time."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True, populate_by_name=False)

    service_id: int = Field(gt=0, le=MAX_ID)
    mode: ModeName
    first: WaitDate = Field(alias="from")
    last: WaitDate = Field(alias="to")
    part_of_day: PartOfDayName = "any"
    language: Literal["el", "en"] = "el"
    timezone: TimeZoneName = "Europe/Athens"


# --- data protection (issue 17) ---


class CitizenSubjectIn(_Body):
    """The citizen a request is about: by the e-mail they booked with, or by AFM (one of the two)."""

    email: str | None = Field(default=None, max_length=254)
    afm: str | None = Field(default=None, max_length=20)


BODIES += [CitizenSubjectIn]

# --- end of data protection ---
# --- webhooks (issue 17) ---

WebhookEventName = Literal[
    "booking.created", "booking.rescheduled", "booking.cancelled", "booking.reassigned", "booking.completed"
]
PersonalDataName = Literal["none", "contact"]
for _hook_words, _hook_enum in (
    (WebhookEventName, webhooks.WebhookEvent),
    (PersonalDataName, webhooks.PersonalData),
):
    if set(get_args(_hook_words)) != {member.value for member in _hook_enum}:
        raise RuntimeError(f"api.schemas: {_hook_enum.__name__} and its Literal differ")


class WebhookIn(BaseModel):
    """An endpoint: an https URL (http only to localhost outside production; no user or password in it),
    a secret of 16-200 printable ASCII characters without spaces that signs every delivery, the events
    it receives, and ``personal_data``: ``none`` (reference, municipality, service, mode, times in UTC,
    status, clerk id) or ``contact`` (also the citizen's name, e-mail and phone)."""

    # No stripping: the secret must be exactly what the receiver holds.
    model_config = ConfigDict(extra="forbid", strict=True)

    url: str = Field(max_length=webhooks.MAX_URL_LENGTH)
    secret: str = Field(max_length=webhooks.MAX_SECRET_LENGTH)
    # At least one: the domain says so in words the desktop shows (webhooks.events_problem).
    events: list[WebhookEventName] = Field(max_length=len(webhooks.WebhookEvent))
    personal_data: PersonalDataName = "none"
    description: str = Field(default="", max_length=webhooks.MAX_DESCRIPTION_LENGTH)


BODIES += [WebhookIn]

# --- end of webhooks ---

# --- demand-led capacity (issue 18) ---


class CapacityApplyIn(_Body):
    """A capacity suggestion as it was offered: the clerk also works this weekly period from that day.

    ``plan_stamp`` is the suggestion's fingerprint of the clerk's plan: 409 if the plan has changed.
    """

    staff_id: int = Field(ge=1, le=MAX_ID)
    weekday: int = Field(ge=0, le=6)
    start: WallTime
    end: WallTime
    effective_from: PlanDate
    plan_stamp: str = Field(min_length=1, max_length=64, pattern=r"^[0-9a-f]+$")

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("start")
        if isinstance(start, time) and value <= start:
            raise ValueError("must be after start")
        return value


BODIES += [CapacityApplyIn]

# --- end of demand-led capacity ---
