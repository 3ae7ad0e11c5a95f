"""Fair assignment: which free qualified clerk takes a new booking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def least_loaded(free_staff: Sequence[int], load: Mapping[int, int]) -> int:
    """The free clerk with the fewest bookings that day; ties go to the lowest id, so it is repeatable."""
    if not free_staff:
        raise ValueError("no free clerk to choose from")
    return min(free_staff, key=lambda staff_id: (load.get(staff_id, 0), staff_id))
