"""The access-log table: a thin model over the server's entries, and the filters the dpo types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clerk_desktop.models.access_log import (
    AccessColumn,
    AccessEntry,
    AccessFilter,
    AccessLogModel,
    AccessRole,
)


def row(entry_id: int, channel: str = "panel", reference: str = "ABCD-2345") -> dict[str, Any]:
    return {
        "id": entry_id,
        "at": "2026-12-02T07:30:05+00:00",
        "channel": channel,
        "staff": {"id": 3, "name": "Μαρία Παπαδοπούλου", "username": "maria"},
        "reference": reference,
        "municipality_id": 1,
    }


def test_the_table_shows_when_who_which_booking_and_how_in_athens_time_and_greek(qtmodeltester: Any) -> None:
    model = AccessLogModel()
    model.set_entries([AccessEntry.from_json(row(9, "feed")), AccessEntry.from_json(row(8, "csv_export"))], 8)
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in AccessColumn] == [
        "Πότε",
        "Υπάλληλος",
        "Ραντεβού",
        "Πώς",
    ]
    assert [model.index(0, c).data() for c in AccessColumn] == [
        "02/12/2026 09:30:05",
        "Μαρία Παπαδοπούλου",
        "ABCD-2345",
        "Ενημέρωση εφαρμογής",
    ]
    assert model.index(0, AccessColumn.STAFF).data(Qt.ItemDataRole.ToolTipRole) == "maria"
    assert model.index(1, 0).data(AccessRole.ENTRY_ID) == 8
    assert model.index(1, 0).data(AccessRole.REFERENCE) == "ABCD-2345"
    assert model.has_more


def test_a_further_page_is_appended_below_and_the_last_says_there_is_no_more(
    qtbot: Any, qtmodeltester: Any
) -> None:
    model = AccessLogModel()
    model.set_entries([AccessEntry.from_json(row(9))], 9)
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.add_page([AccessEntry.from_json(row(4)), AccessEntry.from_json(row(2))], None)
    assert inserted.args[1:] == [1, 2]
    assert [e.id for e in model.entries] == [9, 4, 2] and not model.has_more
    with qtbot.assertNotEmitted(model.rowsInserted):
        model.add_page([], None)
    qtmodeltester.check(model)
    assert AccessEntry.from_json(row(1)).at == datetime(2026, 12, 2, 7, 30, 5, tzinfo=UTC)


def test_a_channel_the_desktop_does_not_know_yet_shows_as_the_server_names_it() -> None:
    model = AccessLogModel()
    model.set_entries([AccessEntry.from_json(row(1, "webhook"))], None)
    assert model.index(0, AccessColumn.CHANNEL).data() == "webhook"


@pytest.mark.parametrize(
    ("citizen", "subject"),
    [
        ("", None),
        ("   ", None),
        ("090000045", {"afm": "090000045"}),
        (" zoe@example.org ", {"email": "zoe@example.org"}),
        ("12345", {"email": "12345"}),  # not nine digits: the server says it is no address
    ],
)
def test_the_citizen_is_an_afm_when_nine_digits_and_an_e_mail_otherwise(
    citizen: str, subject: dict[str, str] | None
) -> None:
    assert AccessFilter(citizen=citizen).subject() == subject


def test_the_filters_become_the_query_of_the_log() -> None:
    assert AccessFilter().params() == {}
    assert AccessFilter(citizen="090000045", staff_id=4, reference=" abcd-2345 ").params() == {
        "afm": "090000045",
        "staff_id": "4",
        "reference": "ABCD-2345",
    }
