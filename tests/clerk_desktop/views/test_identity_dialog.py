"""The identity step speaks up only once the clerk has done something (issue 15, defect 10)."""

from __future__ import annotations

from typing import Any

from clerk_desktop.views.dialogs import IdentityDialog


def test_no_error_shows_before_anything_is_ticked(qtbot: Any) -> None:
    dialog = IdentityDialog("Μαρία Παπαδοπούλου", via_taxisnet=False)
    qtbot.addWidget(dialog)
    assert dialog.error.text() == "" and not dialog.confirm.isEnabled()
    dialog.name_matches.setChecked(True)
    assert dialog.error.text() == "" and dialog.confirm.isEnabled()
    dialog.name_matches.setChecked(False)
    assert dialog.error.text() != "" and not dialog.confirm.isEnabled()
