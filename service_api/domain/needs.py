"""A citizen's accessibility needs at booking, and the two rules they bring: slot length and who qualifies.

Needs change availability (extra time lengthens the slot; an interpreter or sign language limits the
clerks), so the search, the booking path and every surface take the same ``Needs`` from here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from service_api.domain.errors import RuleViolation

MAX_LANGUAGE = 40
MAX_EXTRA_MINUTES = 240
DEFAULT_EXTRA_MINUTES = 15
MAX_LANGUAGES = 12
# Letters of any script, spaces, hyphens and apostrophes: "Αραβικά", "English", "Farsi (Dari)".
_LANGUAGE = re.compile(r"^[^\W\d_][\w '()\-]*$")


class Need(StrEnum):
    """What a citizen may ask for; stored in ``booking.needs`` by these values."""

    WHEELCHAIR = "wheelchair"
    SIGN_LANGUAGE = "sign_language"
    INTERPRETER = "interpreter"
    EXTRA_TIME = "extra_time"
    ASSISTANT = "assistant"


# The needs only some clerks can meet; the others every clerk meets (a ramp, more time, a companion).
STAFF_LIMITED = frozenset({Need.SIGN_LANGUAGE, Need.INTERPRETER})


def _clean_language(value: str) -> str:
    """NFC first: a keyboard may send «Αραβικά» with combining accents (NFD), which are not letters."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def language_problem(value: str) -> str | None:
    """Why an interpreter's language is not acceptable, or None: letters only, short, plain text."""
    text = _clean_language(value)
    if not text:
        return "Say which language the interpreter should speak."
    if len(text) > MAX_LANGUAGE:
        return f"At most {MAX_LANGUAGE} characters."
    if not _LANGUAGE.match(text):
        return "Letters only, please."
    return None


@dataclass(frozen=True)
class Needs:
    """The needs of one booking: the codes asked for and, with an interpreter, the language."""

    codes: frozenset[Need] = frozenset()
    language: str = ""

    def __bool__(self) -> bool:
        return bool(self.codes)

    def has(self, need: Need) -> bool:
        return need in self.codes

    def ordered(self) -> list[Need]:
        """The codes in the order of ``Need``, so every surface lists them alike."""
        return [need for need in Need if need in self.codes]

    def to_json(self) -> dict[str, Any]:
        """As stored in ``booking.needs`` and sent over the API: ``{"codes": [...], "language": "..."}``."""
        if not self.codes:
            return {}
        body: dict[str, Any] = {"codes": [need.value for need in self.ordered()]}
        if self.language:
            body["language"] = self.language
        return body


NO_NEEDS = Needs()


def parse_needs(codes: Iterable[str], language: str = "") -> Needs:
    """Needs from what a citizen or clerk sent; an unknown code or a bad language is a ``RuleViolation``."""
    found: set[Need] = set()
    for code in codes:
        try:
            found.add(Need(str(code).strip()))
        except ValueError:
            raise RuleViolation(
                f"Unknown need: {str(code)[:40]}.", fields={"needs": "Unknown need."}
            ) from None
    if Need.INTERPRETER in found:
        problem = language_problem(language)
        if problem is not None:
            raise RuleViolation(problem, fields={"needs_language": problem})
        return Needs(frozenset(found), _clean_language(language))
    return Needs(frozenset(found))


def needs_from_json(stored: Mapping[str, Any] | None) -> Needs:
    """What ``to_json`` wrote, read back leniently: a stored row is never refused."""
    if not stored:
        return NO_NEEDS
    codes = frozenset(Need(c) for c in stored.get("codes", ()) if c in Need.__members__.values())
    language = str(stored.get("language", "")) if Need.INTERPRETER in codes else ""
    return Needs(codes, language)


def extra_minutes(needs: Needs, service_extra_minutes: int) -> int:
    """How much longer the slot is: the service's extra time when the citizen asked for it."""
    return max(0, service_extra_minutes) if needs.has(Need.EXTRA_TIME) else 0


def slot_minutes(needs: Needs, duration_minutes: int, service_extra_minutes: int) -> int:
    """The length of the slot searched and booked for these needs."""
    return duration_minutes + extra_minutes(needs, service_extra_minutes)


def check_extra_time(minutes: int) -> None:
    """A service's extra time is whole minutes from 0 to ``MAX_EXTRA_MINUTES``."""
    if not 0 <= minutes <= MAX_EXTRA_MINUTES:
        message = f"Extra time is from 0 to {MAX_EXTRA_MINUTES} minutes."
        raise RuleViolation(message, fields={"extra_time_minutes": message})


@dataclass(frozen=True)
class StaffSupport:
    """What a clerk can offer beyond the usual: sign language, interpreting into some languages."""

    sign_language: bool = False
    languages: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"sign_language": self.sign_language, "languages": list(self.languages)}

    def speaks(self, language: str) -> bool:
        wanted = _clean_language(language).casefold()
        return any(_clean_language(lang).casefold() == wanted for lang in self.languages)


NO_SUPPORT = StaffSupport()


def parse_support(sign_language: bool, languages: Iterable[str]) -> StaffSupport:
    """A clerk's support as an administrator set it; each language checked like a citizen's."""
    kept: list[str] = []
    for value in languages:
        text = _clean_language(str(value))
        if not text:
            continue
        problem = language_problem(text)
        if problem is not None:
            raise RuleViolation(problem, fields={"languages": problem})
        if text.casefold() not in {k.casefold() for k in kept}:
            kept.append(text)
    if len(kept) > MAX_LANGUAGES:
        message = f"At most {MAX_LANGUAGES} languages."
        raise RuleViolation(message, fields={"languages": message})
    return StaffSupport(bool(sign_language), tuple(kept))


def support_from_json(stored: Mapping[str, Any] | None) -> StaffSupport:
    if not stored:
        return NO_SUPPORT
    return StaffSupport(
        bool(stored.get("sign_language", False)), tuple(str(x) for x in stored.get("languages", ()))
    )


def qualifies(support: StaffSupport, needs: Needs) -> bool:
    """Whether a clerk with ``support`` can serve these needs (only sign language and interpreting limit)."""
    if needs.has(Need.SIGN_LANGUAGE) and not support.sign_language:
        return False
    return not (needs.has(Need.INTERPRETER) and not support.speaks(needs.language))


def limits_staff(needs: Needs) -> bool:
    """Whether these needs leave some clerks out (so the search must filter them)."""
    return bool(needs.codes & STAFF_LIMITED)


def qualifying_ids(supports: Mapping[int, StaffSupport], needs: Needs) -> set[int]:
    """The clerks among ``supports`` who can serve ``needs``."""
    return {sid for sid, support in supports.items() if qualifies(support, needs)}


def anonymised_needs(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """What of a booking's needs outlives its citizen: the codes (counted), not the language typed."""
    needs = needs_from_json(stored)
    return Needs(needs.codes).to_json()


def served_counts(rows: Iterable[Mapping[str, Any] | None]) -> dict[str, int]:
    """Bookings per need among stored ``needs`` values (statistics: needs served); every need listed."""
    counts = {need.value: 0 for need in Need}
    for stored in rows:
        for need in needs_from_json(stored).codes:
            counts[need.value] += 1
    return counts
