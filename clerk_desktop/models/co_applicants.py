"""Joint appointments (issue 18): a booking's co-applicants as the desk sees them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CoApplicant:
    """A person who books together with the citizen; ``document_type`` once the clerk checked them."""

    position: int
    email: str
    name: str
    status: str  # invited | confirmed
    via_taxisnet: bool = False
    document_type: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    @property
    def verified(self) -> bool:
        return self.document_type is not None


def co_applicants_from_json(items: list[dict[str, Any]] | None) -> tuple[CoApplicant, ...]:
    return tuple(
        CoApplicant(
            position=int(item["position"]),
            email=str(item.get("email", "")),
            name=str(item.get("name", "")),
            status=str(item.get("status", "invited")),
            via_taxisnet=bool(item.get("via_taxisnet", False)),
            document_type=(item.get("identity") or {}).get("document_type"),
        )
        for item in items or []
    )
