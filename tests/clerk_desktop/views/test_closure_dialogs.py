"""The «Νέο κλείσιμο» form: only the chosen kind's fields, the server's messages where they can be seen."""

from __future__ import annotations

from datetime import date
from typing import Any

from clerk_desktop.models.closures import AffectedBooking, ClosureFormValues
from clerk_desktop.views.closure_dialogs import AffectedBookingsDialog, ClosureDialog

TODAY = date(2026, 12, 1)


def test_each_kind_shows_its_own_fields_and_previews_its_next_dates(qtbot: Any) -> None:
    form = ClosureDialog(ClosureFormValues(on=TODAY), lambda _v: None, today=TODAY)
    qtbot.addWidget(form)
    assert form.on.isVisibleTo(form) and not form.offset.isVisibleTo(form)
    form.set_kind("easter")
    form.offset.setValue(-48)
    assert form.offset.isVisibleTo(form) and not form.on.isVisibleTo(form) and not form.day.isVisibleTo(form)
    assert form.offset_name.text() == "Καθαρά Δευτέρα"
    assert form.preview.text().endswith("15/03/2027, 28/02/2028")
    assert form.values().body()["easter_offset"] == -48


def test_a_message_for_a_hidden_field_is_shown_above_the_buttons(qtbot: Any) -> None:
    answers = [{"date": "Already closed then.", "end": "Must be after start."}]
    form = ClosureDialog(ClosureFormValues(kind="annual"), lambda _v: answers[0], today=TODAY)
    qtbot.addWidget(form)
    form.save.click()
    assert form.result() != ClosureDialog.DialogCode.Accepted
    assert form.errors.text("") == "Already closed then."  # the date row is hidden for a yearly closure
    assert form.errors.text("start") == "Must be after start."  # end shares the hours row


def test_affected_bookings_are_listed_as_plain_text(qtbot: Any) -> None:
    row = {
        "reference": "ABCD-1234",
        "start": "2026-12-03T07:00:00+00:00",
        "status": "confirmed",
        "service": {"name_el": "Βεβαίωση", "name_en": "Certificate"},
        "citizen": {"name": "<b>Ελένη</b>"},
    }
    dialog = AffectedBookingsDialog("Απεργία", [AffectedBooking.from_json(row)])
    qtbot.addWidget(dialog)
    assert dialog.rows() == [["03/12/2026 09:00", "ABCD-1234", "Βεβαίωση", "<b>Ελένη</b>"]]
