"""Greek and English words of the administration window's plans tab."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {}
