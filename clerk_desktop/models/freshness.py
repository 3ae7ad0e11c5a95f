"""What an older answer from the server must not undo: bookings changed since a moment, and removals.

The desktop hears of a booking three ways: a range load (the week, the board's days), the change
feed, and the answer to its own action. They arrive in any order. A range load's answer may have
left the server before a change the feed has already shown, and an action's answer may come after
the feed removed that booking. Both the in-memory store and the offline cache ask this ledger
before they let an answer replace what they hold. Plain Python: no Qt, no I/O.
"""

from __future__ import annotations

# Remembered changes and removals; beyond this the oldest are forgotten. A range load is answered in
# seconds, long before thousands of further changes could push its mark out of the ledger.
LEDGER_SIZE = 5000


class Freshness:
    def __init__(self) -> None:
        self._count = 0
        self._changed_at: dict[str, int] = {}  # reference -> number of its latest change, oldest first
        self._removed: dict[str, int] = {}  # reference -> version it had when the feed removed it

    def mark(self) -> int:
        """Take before asking the server for a range; hand to ``changed_since`` with its answer."""
        return self._count

    def note(self, reference: str) -> None:
        """A single booking just arrived (feed, action, refresh), whatever its answer was."""
        self._count += 1
        self._changed_at.pop(reference, None)
        self._changed_at[reference] = self._count
        _trim(self._changed_at)

    def note_removed(self, reference: str, version: int) -> None:
        """The feed removed a booking (cancelled away, moved to another clerk); ``version`` 0 if unknown."""
        self.note(reference)
        self._removed[reference] = max(version, self._removed.get(reference, 0))
        _trim(self._removed)

    def is_removed(self, reference: str, version: int) -> bool:
        """True for an answer no newer than the booking's removal: it must not bring it back."""
        removed_at = self._removed.get(reference)
        if removed_at is None or removed_at == 0:
            return False  # never removed, or removed without a version: nothing to compare with
        if version > removed_at:
            del self._removed[reference]  # it came back (moved back to this clerk): a new life
            return False
        return True

    def changed_since(self, mark: int) -> set[str]:
        """References that arrived singly after ``mark``: an answer asked for at ``mark`` keeps off them."""
        newer: set[str] = set()
        for reference, number in reversed(self._changed_at.items()):
            if number <= mark:
                break
            newer.add(reference)
        return newer


def _trim(entries: dict[str, int]) -> None:
    while len(entries) > LEDGER_SIZE:
        del entries[next(iter(entries))]
