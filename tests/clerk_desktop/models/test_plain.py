"""Tooltips show text from the server as its characters, never as markup."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from clerk_desktop.models.plain import tooltip_text

MARKUP = '<h1 style="color:green">✔ ΤΑΥΤΟΤΗΤΑ</h1><a href="https://evil.example">Πληρωμή</a> & <b>'


def test_a_tooltip_renders_markup_as_the_characters_typed() -> None:
    document = QTextDocument()  # what QToolTip draws rich text with
    document.setHtml(tooltip_text(f"10:00 {MARKUP}\nΑίτηση"))
    # <br> becomes Qt's line separator in plain text; every other character is shown as typed.
    assert document.toPlainText().replace("\u2028", "\n") == f"10:00 {MARKUP}\nΑίτηση"
    assert "<a href" not in document.toHtml() and "<h1" not in document.toHtml()
