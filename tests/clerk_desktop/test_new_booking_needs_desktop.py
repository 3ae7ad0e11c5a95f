"""«Νέα κράτηση» asks the caller's needs before the times and names co-applicants (issue 18), live."""

from __future__ import annotations

import os
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from clerk_desktop.i18n import tr
from clerk_desktop.views.new_booking_dialog import NewBookingDialog
from service_api.app import create_app
from service_api.models import Service
from tests.clerk_desktop.test_new_booking_desktop import TOMORROW, _open_dialog, _stored, _wait_for_times
from tests.helpers.databases import BACKENDS
from tests.helpers.desktop import Desktops
from tests.helpers.http import call, login
from tests.helpers.world import World

pytestmark = pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
COHABITATION = "cohabitation-agreement"
PARTNER = "nikos@example.org"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "desktop"


def _require_a_co_applicant(world: World) -> int:
    """The cohabitation agreement takes one co-applicant, required (an admin's catalogue change)."""
    client = create_app(rt=world.rt).test_client()
    sid = world.service(COHABITATION)
    change = {"co_applicants": 1, "co_applicants_required": True}
    call(client, "PATCH", f"/api/v1/services/{sid}", 200, headers=login(client, "admin"), json=change)
    return sid


def _starts(dialog: NewBookingDialog) -> list[str]:
    return [dialog.times.item(i).text()[:5] for i in range(dialog.times.count())]


def _real_window_shot(qtbot: Any, dialog: NewBookingDialog, name: str) -> None:
    """The dialog as a real window on the Xvfb display named by DISPLAY (QT_QPA_PLATFORM=xcb)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.show()
    dialog.move(0, 0)
    qtbot.waitExposed(dialog, timeout=5000)
    qtbot.wait(300)  # bounded: let the window manager-less X server paint
    subprocess.run(["import", "-window", "root", str(SHOTS / name)], check=True, timeout=30)


def _fill_caller(dialog: NewBookingDialog, email: str = "") -> None:
    dialog.name.setText("Μαρία Παπαδοπούλου")
    dialog.phone.setText("2410 555 123")
    dialog.email.setText(email)


def test_a_caller_asking_for_extra_time_is_booked_for_the_longer_slot(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    dialog, _ = _open_dialog(qtbot, desktops, world)
    dialog.day.setDate(TOMORROW)
    _wait_for_times(qtbot, dialog)
    plain = _starts(dialog)
    # The needs are asked before the time; the interpreter's language only with «Διερμηνέας».
    assert dialog.needs.title() == "Διευκολύνσεις"
    assert dialog.needs.boxes["extra_time"].text() == "Περισσότερος χρόνος"
    assert dialog.needs.language_row.isHidden()
    dialog.needs.boxes["interpreter"].setChecked(True)
    assert not dialog.needs.language_row.isHidden()
    assert dialog.needs.errors.text("needs_language") == "Γράψτε τη γλώσσα του διερμηνέα."
    dialog.needs.boxes["interpreter"].setChecked(False)
    dialog.needs.boxes["extra_time"].setChecked(True)  # the times are fetched again, for the longer slot
    assert dialog.model.loading
    _wait_for_times(qtbot, dialog)
    assert _starts(dialog) and set(_starts(dialog)) <= set(plain)
    dialog.times.setCurrentRow(0)
    _fill_caller(dialog)
    with qtbot.waitSignal(dialog.model.booked, timeout=10000):
        dialog.book.click()
    [made] = _stored(world)
    assert made.needs["codes"] == ["extra_time"]
    with world.rt.store.read() as session:
        service = session.get(Service, made.service_id)
        assert service is not None
        longer = timedelta(minutes=service.duration_minutes + service.extra_time_minutes)
    assert service.extra_time_minutes > 0 and made.end_at - made.start_at == longer
    assert not dialog.needs.boxes["extra_time"].isChecked()  # the next caller is asked again


def test_a_service_requiring_a_co_applicant_is_booked_with_one_and_waits_for_them(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    sid = _require_a_co_applicant(world)
    dialog, _ = _open_dialog(qtbot, desktops, world)
    assert dialog.co_applicants.isHidden()  # the first service takes none
    dialog.service.setCurrentIndex(dialog.service.findData(sid))
    assert not dialog.co_applicants.isHidden() and len(dialog.co_applicants.emails) == 1
    dialog.day.setDate(TOMORROW)
    dialog.needs.boxes["wheelchair"].setChecked(True)
    _wait_for_times(qtbot, dialog)
    dialog.times.setCurrentRow(0)
    _fill_caller(dialog, "maria@example.org")
    dialog.co_applicants.emails[0].setText(PARTNER)
    dialog.co_applicants.names[0].setText("Νίκος Γεωργίου")
    if os.environ.get("DIMOS_SCREENSHOTS_XVFB"):
        _real_window_shot(qtbot, dialog, "new-booking-needs-coapp-el.png")
    with qtbot.waitSignal(dialog.model.booked, timeout=10000):
        dialog.book.click()
    [made] = _stored(world)
    assert made.status == "awaiting_coapplicant" and made.service_id == sid
    assert made.needs["codes"] == ["wheelchair"]
    assert [(c.email, c.name) for c in made.co_applicants] == [(PARTNER, "Νίκος Γεωργίου")]
    assert dialog.result_mail.text().startswith("Αναμονή συναιτούντα")
    assert dialog.co_applicants.emails[0].text() == ""  # ready for the next caller


def test_a_missing_required_co_applicant_is_refused_in_the_dialog_in_greek(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    sid = _require_a_co_applicant(world)
    dialog, _ = _open_dialog(qtbot, desktops, world)
    dialog.service.setCurrentIndex(dialog.service.findData(sid))
    dialog.day.setDate(TOMORROW)
    _wait_for_times(qtbot, dialog)
    dialog.times.setCurrentRow(0)
    _fill_caller(dialog)
    dialog.book.click()
    assert dialog.co_applicants.errors.text("co_applicants.0.email") == (
        "Συμπληρώστε το e-mail του συναιτούντα: η υπηρεσία τον απαιτεί."
    )
    assert dialog.errors.text("citizen.email") == tr("newbk.need_email_coapp")
    # The server's own field refusal lands next to the co-applicant's field too.
    dialog.email.setText("maria@example.org")
    dialog.co_applicants.emails[0].setText("maria@example.org")  # the booker's own address
    with qtbot.waitSignal(dialog.model.refused, timeout=10000):
        dialog.book.click()
    assert dialog.co_applicants.errors.text("co_applicants.0.email")
    assert dialog.errors.text("") == tr("newbk.refusal.rule_violation")
    assert _stored(world) == []
