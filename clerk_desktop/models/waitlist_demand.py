"""Each service's waitlist length (issue 17) from the statistics answer: the demand no free time met."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from clerk_desktop.i18n import language, tr


@dataclass(frozen=True)
class WaitlistLength:
    service_id: int
    name_el: str
    name_en: str
    waiting: int

    @property
    def name(self) -> str:
        return (self.name_en or self.name_el) if language() == "en" else (self.name_el or self.name_en)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WaitlistLength:
        return cls(
            int(data["service_id"]),
            str(data.get("name_el") or ""),
            str(data.get("name_en") or ""),
            int(data.get("waiting") or 0),
        )


def parse_lengths(items: Iterable[Mapping[str, Any]] | None) -> tuple[WaitlistLength, ...]:
    """The answer's ``waitlist`` (absent from an older server: none), longest first."""
    lengths = [WaitlistLength.from_json(item) for item in items or ()]
    return tuple(sorted(lengths, key=lambda w: (-w.waiting, w.service_id)))


def summary(lengths: Iterable[WaitlistLength]) -> str:
    """One line for the statistics view: «Λίστα αναμονής: Υπηρεσία 3 · Άλλη 1» or that nobody waits."""
    parts = [f"{w.name} {w.waiting}" for w in lengths if w.waiting]
    return tr("stats.waitlist", services=" · ".join(parts)) if parts else tr("stats.waitlist_none")
