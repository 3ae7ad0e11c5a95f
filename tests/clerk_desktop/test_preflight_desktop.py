"""The booking panel's connection-check line (issue 18): what the citizen's check said, learnt live from
the change feed; a warning when the camera or microphone failed; a note when a teleconference was never
checked."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from clerk_desktop.controller import ClerkController
from clerk_desktop.desktop import Desktop
from clerk_desktop.i18n import set_language
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.checklist_model import ChecklistModel
from clerk_desktop.models.selection import Selection
from clerk_desktop.views.booking_panel import BookingPanel
from service_api.booking.preflight import record_preflight
from service_api.domain.preflight import BrowserCheck, DeviceCheck, PreflightResult
from service_api.domain.rules import Mode
from tests.helpers.desktop import Desktops
from tests.helpers.factories import create_booking
from tests.helpers.world import World, athens

TODAY_10_42 = datetime.now(ATHENS).replace(hour=10, minute=42, second=0, microsecond=0)


def _row(reference: str, mode: str, preflight: dict[str, str] | None, version: int = 1) -> dict[str, Any]:
    start = datetime.now(ATHENS).replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return {
        "reference": reference,
        "status": "confirmed",
        "mode": mode,
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=30)).isoformat(),
        "version": version,
        "service": {"id": 1, "name_el": "Σύμφωνο συμβίωσης", "name_en": "Cohabitation agreement"},
        "citizen": {"name": "Μαρία", "email": "m@example.org", "phone": "+302410000000"},
        "preflight": preflight,
    }


def _check(camera: str = "ok", microphone: str = "ok") -> dict[str, str]:
    return {
        "checked_at": TODAY_10_42.isoformat(),
        "browser": "ok",
        "camera": camera,
        "microphone": microphone,
    }


@pytest.fixture
def panel(qtbot: Any) -> BookingPanel:
    store = BookingStore()
    made = BookingPanel(ChecklistModel(), store, Selection(store))
    qtbot.addWidget(made)
    made.show()
    return made


def test_the_panel_says_the_citizen_checked_and_follows_a_later_check_that_failed(
    qtbot: Any, panel: BookingPanel
) -> None:
    panel.store.upsert_json(_row("TELE-0001", "teleconference", _check()))
    panel.selection.select("TELE-0001")
    line = panel.preflight
    assert line.isVisible()
    assert line.text() == "✓ Ο πολίτης έλεγξε τη σύνδεση (κάμερα ✓, μικρόφωνο ✓) στις 10:42"
    assert line.objectName() == "badgeOk"

    with qtbot.waitSignal(panel.store.booking_upserted):
        panel.store.upsert_json(_row("TELE-0001", "teleconference", _check(camera="denied"), version=2))
    assert line.text() == "⚠ Ο πολίτης έλεγξε τη σύνδεση στις 10:42: κάμερα: δεν δόθηκε άδεια, μικρόφωνο ✓"
    assert line.objectName() == "badgeWarn"
    try:
        set_language("en")
        panel.preflight.show_booking(panel.store.get("TELE-0001"))
        assert (
            line.text()
            == "⚠ The citizen tested their connection at 10:42: camera: permission refused, microphone ✓"
        )
    finally:
        set_language("el")


def test_a_teleconference_never_checked_says_so_and_an_in_person_booking_shows_nothing(
    panel: BookingPanel,
) -> None:
    panel.store.upsert_json(_row("TELE-0002", "teleconference", None))
    panel.store.upsert_json(_row("DESK-0003", "in_person", None))
    panel.selection.select("TELE-0002")
    assert panel.preflight.isVisible() and panel.preflight.text() == "Δεν έχει ελέγξει τη σύνδεση"
    assert panel.preflight.objectName() == "badgeWarn"
    panel.selection.select("DESK-0003")
    assert not panel.preflight.isVisible()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_clerks_window_learns_the_citizens_check_from_the_feed(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    desktop: Desktop = desktops()
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, ClerkController) and controller.window is not None
    qtbot.addWidget(controller.window)
    reference = ""
    for n in range(3):  # clerk_a's: the others are busy then
        booking = create_booking(
            world.rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=athens(3, 10),
            mode=Mode.TELECONFERENCE,
            who=10 + n,
        ).booking
        if booking.staff_id == world.staff["clerk_a"]:
            reference = booking.reference
            break
    assert reference
    qtbot.waitUntil(lambda: controller.store.get(reference) is not None, timeout=10000)
    controller.select(reference)
    line = controller.window.panel.preflight
    assert line.text() == "Δεν έχει ελέγξει τη σύνδεση"

    result = PreflightResult(BrowserCheck.OK, DeviceCheck.OK, DeviceCheck.OK)
    record_preflight(world.rt.bookings, reference=reference, result=result)
    qtbot.waitUntil(lambda: line.text().startswith("✓ Ο πολίτης έλεγξε τη σύνδεση"), timeout=10000)
    assert "(κάμερα ✓, μικρόφωνο ✓)" in line.text()
    _screenshot(qtbot, controller, "preflight-panel-el")


def _screenshot(qtbot: Any, controller: ClerkController, name: str) -> None:
    """With DIMOS_DESKTOP_SCREENSHOTS set: the window at 1280×720, grabbed by Qt and, on an X display, the
    whole screen as ImageMagick's ``import`` sees it."""
    folder = os.environ.get("DIMOS_DESKTOP_SCREENSHOTS")
    if not folder or controller.window is None:
        return
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    window = controller.window
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.panel.preflight.isVisible(), timeout=5000)
    window.grab().save(str(out / f"{name}.png"))
    if os.environ.get("DISPLAY") and shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(out / f"{name}-screen.png")], check=True, timeout=30)
