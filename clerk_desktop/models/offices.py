"""The municipalities' public details (name, address, contact) that printouts need, loaded once.

Plain data: the controllers fill it off the GUI thread after sign-in, and a printout reads it as it is
then, so printing never waits on the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Office:
    """A municipality as a citizen finds and reaches it."""

    id: int
    name_el: str
    name_en: str
    address_el: str = ""
    address_en: str = ""
    phone: str = ""
    email: str = ""

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Office:
        return cls(
            id=int(row["id"]),
            name_el=str(row.get("name_el") or ""),
            name_en=str(row.get("name_en") or ""),
            address_el=str(row.get("address_el") or ""),
            address_en=str(row.get("address_en") or ""),
            phone=str(row.get("phone") or ""),
            email=str(row.get("contact_email") or ""),
        )

    def name(self, language: str) -> str:
        return (self.name_en if language == "en" else "") or self.name_el

    def address(self, language: str) -> str:
        """The English address for an English reader when there is one, else the Greek."""
        return (self.address_en if language == "en" else "") or self.address_el


class Offices:
    """Every municipality by id, and the signed-in user's own (``home_id``; None for an admin)."""

    def __init__(self, home_id: int | None = None) -> None:
        self.home_id = home_id
        self._by_id: dict[int, Office] = {}

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """``GET /municipalities``; rows without an id (an older server) are skipped."""
        self._by_id = {int(r["id"]): Office.from_json(r) for r in rows if r.get("id") is not None}

    def get(self, municipality_id: int | None) -> Office | None:
        """The municipality ``municipality_id``, or the user's own when that is unknown."""
        found = self._by_id.get(municipality_id) if municipality_id is not None else None
        return found or self.home()

    def home(self) -> Office | None:
        return self._by_id.get(self.home_id) if self.home_id is not None else None
