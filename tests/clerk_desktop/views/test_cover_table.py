"""Issue 15, defect 8: the cover plan's table shows the mode whole («Φυσική παρουσία», not «Φυσική …»)."""

from __future__ import annotations

from typing import Any

from clerk_desktop.i18n import tr
from clerk_desktop.models.board import Clerk
from clerk_desktop.views.supervisor_dialogs import CoverDialog


def test_the_mode_column_is_as_wide_as_its_words(qtbot: Any) -> None:
    dialog = CoverDialog([Clerk(1, "Μαρία Παπαδοπούλου", "clerk"), Clerk(2, "Γιώργος Νικολάου", "clerk")])
    qtbot.addWidget(dialog)
    dialog.resize(640, 480)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_plan(
        {
            "staff_id": 1,
            "assignments": [
                {
                    "reference": "AB12-CD34",
                    "version": 1,
                    "start": "2026-12-03T08:30:00+00:00",
                    "mode": "in_person",
                    "to_staff_id": 2,
                }
            ],
            "unplaced": [],
        }
    )
    table = dialog.table
    metrics = table.fontMetrics()
    for column, text in ((2, tr("mode.in_person")), (1, "AB12-CD34")):
        assert table.columnWidth(column) >= metrics.horizontalAdvance(text) + 6
