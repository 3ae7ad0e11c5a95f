"""Fair assignment: which free qualified clerk takes a new booking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def by_load(free_staff: Sequence[int], load: Mapping[int, int]) -> list[int]:
    """Free clerks from the least loaded that day, ties by id: the order the booking path tries them in.

    Under concurrent bookings the first may be busy in another transaction; the next one then
    takes the booking instead of everyone queueing behind the same clerk.
    """
    return sorted(free_staff, key=lambda staff_id: (load.get(staff_id, 0), staff_id))
