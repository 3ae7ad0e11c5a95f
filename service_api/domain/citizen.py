"""What valid citizen details are: name, e-mail, phone, AFM and a service group's extra fields.

One set of rules for both surfaces: the web form turns the problems into Greek or English messages,
the API into its JSON error model. Pure: strings in, clean strings and problems out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from service_api.domain.errors import RuleViolation

NAME_MIN_LENGTH, NAME_MAX_LENGTH = 2, 200
AFM_PATTERN = r"^[0-9]{9}$"
# Extra fields the API accepts at most, and their sizes (the form shows only the group's own).
EXTRA_MAX_FIELDS, EXTRA_MAX_KEY_LENGTH, EXTRA_MAX_VALUE_LENGTH = 20, 64, 500


class Problem(StrEnum):
    """Why a detail was refused; each surface words it in its own way."""

    NAME = "name"
    NAME_CHARACTERS = "name_characters"
    EMAIL = "email"
    PHONE = "phone"
    REQUIRED = "required"
    FORMAT = "format"
    TOO_LONG = "too_long"
    MOBILE = "mobile"  # not a valid number
    NOT_MOBILE = "not_mobile"  # valid, but SMS cannot reach it (a landline)
    MOBILE_NEEDED = "mobile_needed"  # SMS asked for, and no mobile number to send them to
    MOBILE_WITHOUT_SMS = "mobile_without_sms"  # a number for SMS, and no SMS asked for


@dataclass(frozen=True)
class ExtraField:
    """A question a service group asks besides the usual details (``group.extra_fields``)."""

    key: str
    label_el: str
    label_en: str
    required: bool = False
    pattern: str | None = None

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> ExtraField:
        return cls(
            key=stored["key"],
            label_el=stored["label_el"],
            label_en=stored["label_en"],
            required=bool(stored.get("required")),
            pattern=stored.get("pattern") or None,
        )

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_el


@dataclass(frozen=True)
class ExtraFieldProblem:
    field: ExtraField
    problem: Problem


@dataclass(frozen=True)
class CheckedDetails:
    """Details cleaned (trimmed, e-mail normalised, phone in E.164) and what was wrong with them."""

    name: str
    email: str
    phone: str
    extra: dict[str, str]
    problems: dict[str, Problem] = field(default_factory=dict)  # name, email, phone
    extra_problems: list[ExtraFieldProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.extra_problems


# Characters that change how text is laid out or hide it: bidi embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def name_is_text(name: str) -> bool:
    """A name is text a clerk and an e-mail show as typed: no control characters (NUL, CR, LF, …),
    no bidi overrides that would reorder it, and something visible once zero-width characters go."""
    if any(unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in name):
        return False
    return bool("".join(ch for ch in name if ch not in ZERO_WIDTH).strip())


def normalised_email(value: str) -> str:
    """The address as it is stored; ValueError if it is not one."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError("not an e-mail address") from exc


def normalised_phone(value: str) -> str:
    """Greek numbers by default (+30 may be left out); stored in E.164. ValueError if not valid."""
    try:
        parsed = phonenumbers.parse(value, "GR")
    except phonenumbers.NumberParseException as exc:
        raise ValueError("not a phone number") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError("not a valid phone number (Greek numbers may omit +30)")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# What phonenumbers calls a number SMS reach: a mobile, or one of a plan that does not tell (US, CA).
_SMS_NUMBER_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def normalised_mobile(value: str) -> str:
    """A mobile number in E.164 (Greek by default: +30 may be left out).

    ``ValueError`` with ``args[1]`` the problem: ``Problem.MOBILE`` for no valid number at all,
    ``Problem.NOT_MOBILE`` for a valid one SMS cannot reach (a Greek landline, 2xxxxxxxxx).
    """
    try:
        e164 = normalised_phone(value)
    except ValueError as exc:
        raise ValueError("not a valid phone number", Problem.MOBILE) from exc
    if phonenumbers.number_type(phonenumbers.parse(e164)) not in _SMS_NUMBER_TYPES:
        raise ValueError("not a mobile number", Problem.NOT_MOBILE)
    return e164


@dataclass(frozen=True)
class SmsChoice:
    """Where the citizen's SMS go: ``mobile`` in E.164 when they opted in, else ""; or the problem."""

    mobile: str = ""
    problem: Problem | None = None


def sms_choice(*, opt_in: bool, mobile: str, phone: str = "") -> SmsChoice:
    """The citizen's choice of SMS, one rule for the web form and the API.

    With ``opt_in``, SMS go to ``mobile`` or, when it is left empty, to ``phone`` (the contact number
    the citizen gave) if that is a mobile. A ``mobile`` without ``opt_in`` is refused rather than kept
    unused: the number is asked for the SMS only, and a citizen who typed one expects them.
    """
    mobile = mobile.strip()
    if mobile:
        try:
            number = normalised_mobile(mobile)
        except ValueError as exc:
            return SmsChoice(problem=exc.args[1])
        return SmsChoice(mobile=number) if opt_in else SmsChoice(problem=Problem.MOBILE_WITHOUT_SMS)
    if not opt_in:
        return SmsChoice()
    try:
        return SmsChoice(mobile=normalised_mobile(phone))
    except ValueError:  # none given, or not a mobile
        return SmsChoice(problem=Problem.MOBILE_NEEDED)


def extra_field_problems(
    *, values: Mapping[str, str], fields: Sequence[Mapping[str, Any]]
) -> list[ExtraFieldProblem]:
    """The group's rules for its extra fields: required ones filled, patterns matched (whole value)."""
    problems: list[ExtraFieldProblem] = []
    for stored in fields:
        extra = ExtraField.from_stored(stored)
        value = values.get(extra.key, "").strip()
        if extra.required and not value:
            problems.append(ExtraFieldProblem(extra, Problem.REQUIRED))
        elif len(value) > EXTRA_MAX_VALUE_LENGTH:  # the API's limit too: one limit for every surface
            problems.append(ExtraFieldProblem(extra, Problem.TOO_LONG))
        elif value and extra.pattern and not re.fullmatch(extra.pattern, value):
            problems.append(ExtraFieldProblem(extra, Problem.FORMAT))
    return problems


# How a refusal by the booking service words each problem: as pydantic words the API's other fields.
EXTRA_FIELD_MESSAGES = {
    Problem.REQUIRED: "Field required",
    Problem.FORMAT: "String should match pattern '{pattern}'",
    Problem.TOO_LONG: f"String should have at most {EXTRA_MAX_VALUE_LENGTH} characters",
}


def require_valid_extra_fields(
    *, values: Mapping[str, str], fields: Sequence[Mapping[str, Any]], answers_required: bool = True
) -> None:
    """Refuse (422, naming ``citizen.extra.<key>``) answers that break the group's rules.

    The booking service calls this under the catalogue facts of its own transaction, so every
    surface gets the same check. A hold is made before the citizen types their details: then only
    the answers given must match (``answers_required=False``).
    """
    problems = [
        p
        for p in extra_field_problems(values=values, fields=fields)
        if answers_required or p.problem is not Problem.REQUIRED
    ]
    if problems:
        raise RuleViolation(
            "Some fields are not valid.",
            fields={
                f"citizen.extra.{p.field.key}": EXTRA_FIELD_MESSAGES[p.problem].format(
                    pattern=p.field.pattern
                )
                for p in problems
            },
        )


def check_details(
    *, name: str, email: str, phone: str, extra: Mapping[str, str], fields: Sequence[Mapping[str, Any]]
) -> CheckedDetails:
    """Every rule at once, so a form can show every problem together."""
    problems: dict[str, Problem] = {}
    name = name.strip()
    if not NAME_MIN_LENGTH <= len(name) <= NAME_MAX_LENGTH:
        problems["name"] = Problem.NAME
    elif not name_is_text(name):
        problems["name"] = Problem.NAME_CHARACTERS
    email = email.strip()
    try:
        email = normalised_email(email)
    except ValueError:
        problems["email"] = Problem.EMAIL
    phone = phone.strip()
    try:
        phone = normalised_phone(phone)
    except ValueError:
        problems["phone"] = Problem.PHONE
    clean_extra = {key: value.strip() for key, value in extra.items() if value.strip()}
    return CheckedDetails(
        name=name,
        email=email,
        phone=phone,
        extra=clean_extra,
        problems=problems,
        extra_problems=extra_field_problems(values=clean_extra, fields=fields),
    )
