"""Greek and English words of the administration window's catalogue tab."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {}
