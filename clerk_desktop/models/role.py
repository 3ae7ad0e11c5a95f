"""Who a staff member is to the desktop: the one place the desktop spells the server's role names."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A staff member's role as the server names it (compares equal to that string)."""

    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    DPO = "dpo"  # the data-protection officer: the access log and citizens' requests, no calendar

    @classmethod
    def of(cls, name: object) -> Role:
        """The role named ``name``; an unknown or missing one counts as a clerk (the least it may do)."""
        try:
            return cls(str(name))
        except ValueError:
            return cls.CLERK

    @property
    def supervises(self) -> bool:
        """Sees the staff board, moves bookings, plans cover and reads the statistics."""
        return self in SUPERVISING_ROLES

    @property
    def protects_data(self) -> bool:
        """Opens «Προστασία δεδομένων» instead of a calendar."""
        return self == Role.DPO


SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
