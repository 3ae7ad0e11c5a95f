"""The words of accessibility needs (issue 18), Greek and English: one home for the form, e-mail and API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service_api.domain.needs import Need, needs_from_json

NEED_WORDS: dict[Need, dict[str, str]] = {
    Need.WHEELCHAIR: {"el": "Πρόσβαση με αναπηρικό αμαξίδιο", "en": "Wheelchair access"},
    Need.SIGN_LANGUAGE: {"el": "Διερμηνεία στη νοηματική γλώσσα", "en": "Sign-language interpreting"},
    Need.INTERPRETER: {"el": "Διερμηνέας άλλης γλώσσας", "en": "An interpreter for another language"},
    Need.EXTRA_TIME: {"el": "Περισσότερος χρόνος", "en": "Extra time"},
    Need.ASSISTANT: {"el": "Συνοδός ή βοηθός", "en": "A companion or assistant"},
}
TITLE = {"el": "Διευκολύνσεις", "en": "Accessibility needs"}


def need_word(need: Need, language: str) -> str:
    words = NEED_WORDS[need]
    return words.get(language, words["el"])


def need_lines(stored: Mapping[str, Any] | None, language: str) -> list[str]:
    """Each need of a booking as a line to read, the interpreter's language after a colon."""
    needs = needs_from_json(stored)
    lines = []
    for need in needs.ordered():
        word = need_word(need, language)
        lines.append(f"{word}: {needs.language}" if need is Need.INTERPRETER and needs.language else word)
    return lines
