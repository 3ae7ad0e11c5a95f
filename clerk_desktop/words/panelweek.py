"""Greek and English words of the week view's edge markers (issue 15, defects 1, 6 and 8)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "week.more": {"el": "{count} ακόμη", "en": "{count} more"},
}
