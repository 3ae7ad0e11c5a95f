"""Request bodies of the JSON API, validated by pydantic; their JSON Schemas feed the OpenAPI document."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

import phonenumbers
from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, field_validator

from service_api.domain import kinds
from service_api.domain.timeutil import zone_or_none

# The accepted values come from the enums the store uses, so the API cannot drift from them; as
# ``Literal``s (not the enums) so the OpenAPI document and error messages list plain strings.
if TYPE_CHECKING:
    DocumentStateName = str
    IdentityDocumentName = str
else:
    DocumentStateName = Literal[tuple(s.value for s in kinds.DocumentState)]
    IdentityDocumentName = Literal[tuple(d.value for d in kinds.IdentityDocument)]


def _phone(value: str) -> str:
    """Greek numbers by default (+30 may be left out); stored in E.164."""
    try:
        parsed = phonenumbers.parse(value, "GR")
    except phonenumbers.NumberParseException as exc:
        raise ValueError("not a phone number") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError("not a valid phone number (Greek numbers may omit +30)")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


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


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CitizenIn(_Body):
    name: str = Field(min_length=2, max_length=200)
    email: EmailStr
    phone: Phone
    afm: str | None = Field(default=None, pattern=r"^[0-9]{9}$")
    extra: dict[str, str] = Field(default_factory=dict, max_length=20)

    @field_validator("extra")
    @classmethod
    def _short_values(cls, value: dict[str, str]) -> dict[str, str]:
        for key, item in value.items():
            if len(key) > 64 or len(item) > 500:
                raise ValueError("extra fields: keys up to 64 and values up to 500 characters")
        return value


class BookingCreate(_Body):
    service_id: int = Field(gt=0)
    mode: Literal["in_person", "teleconference"]
    start: AwareDatetime
    citizen: CitizenIn
    language: Literal["el", "en"] = "el"
    timezone: TimeZoneName = "Europe/Athens"
    hold: bool = False


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
    outcome: Literal["completed", "documents_missing", "referred", "no_show"]
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
    Login,
    Refresh,
    DocumentState,
    IdentityIn,
    OutcomeIn,
    NotesIn,
    ReassignIn,
    AbsenceIn,
]
