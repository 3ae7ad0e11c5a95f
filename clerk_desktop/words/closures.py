"""Greek and English words of the administration window's closures tab."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {}
