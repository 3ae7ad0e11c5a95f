"""A disabled primary button must still be readable: it was white on pale blue, about 2:1 (issue 15, 10)."""

from __future__ import annotations

import re

from clerk_desktop.views.style import STYLESHEET


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_disabled_primary_button_text_has_at_least_4_5_to_1() -> None:
    rule = re.search(r"QPushButton#primary:disabled \{([^}]*)\}", STYLESHEET)
    assert rule is not None
    background = re.search(r"background: (#[0-9a-f]{6})", rule.group(1))
    text = re.search(r"[^-]color: (#[0-9a-f]{6})", rule.group(1))
    assert background is not None and text is not None
    assert contrast(text.group(1), background.group(1)) >= 4.5
