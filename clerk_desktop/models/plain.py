"""Text from the server made safe for the one Qt surface that always guesses markup: tooltips."""

from __future__ import annotations

import html


def tooltip_text(text: str) -> str:
    """``text`` as a tooltip shows it, character for character.

    ``QToolTip`` and ``ToolTipRole`` treat anything that looks like HTML as HTML, and have no
    plain-text switch: so the text is escaped and given as rich text, which shows it literally.
    """
    escaped = html.escape(text).replace("\n", "<br>")
    return f"<qt>{escaped}</qt>"
