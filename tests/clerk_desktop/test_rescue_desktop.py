"""The no-show rescue bar of the booking panel (issue 18): it appears by its own timer when the citizen
counts as missing (nothing needs to change on the server), shows the phone number as text with a ``tel:``
call, and sends «Σας χάσαμε» through the server once."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from clerk_desktop.controller import ClerkController
from clerk_desktop.i18n import tr
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.rescue_info import tel_url
from clerk_desktop.models.selection import Selection
from clerk_desktop.views.rescue_bar import RescueBar
from service_api.models import Outbox
from tests.helpers.clerk import WEEK_OF_T0, clerk_a_booking, clerk_of
from tests.helpers.clock import Clock
from tests.helpers.desktop import Desktops
from tests.helpers.world import World, athens

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "desktop"


def _row(**rescue: Any) -> dict[str, Any]:
    """A booking as the API sends it: 09:00–09:30, due to be rescued at 09:05."""
    return {
        "reference": "ABCD-EFGH",
        "status": "confirmed",
        "mode": "in_person",
        "start": "2026-12-02T09:00:00+02:00",
        "end": "2026-12-02T09:30:00+02:00",
        "service": {"id": 1, "name_el": "Μεταδημότευση", "name_en": "Transfer"},
        "citizen": {"name": "Ελένη Παπά", "email": "eleni@example.org", "phone": "694 123 4567"},
        "version": 1,
        "staff": {"id": 1},
        "rescue": {"minutes": 5, "due_at": "2026-12-02T09:05:00+02:00", **rescue},
    }


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_the_bar_appears_by_its_own_timer_when_the_citizen_counts_as_missing(qtbot: Any) -> None:
    store = BookingStore()
    selection = Selection(store)
    store.upsert_json(_row())
    bar = RescueBar.for_panel(store, selection)
    qtbot.addWidget(bar)
    clock = _Clock(athens(2, 9, 4) + timedelta(seconds=30))
    bar.watch.now = clock
    selection.select("ABCD-EFGH")
    assert bar.isHidden()
    # Asleep until 09:05, not polling: the timer is set for the moment the rule turns.
    assert bar.watch.timer.isActive() and 30_000 <= bar.watch.timer.interval() <= 30_100
    clock.now = athens(2, 9, 5) - timedelta(milliseconds=50)
    bar.watch.refresh()
    assert bar.isHidden() and bar.watch.timer.interval() <= 100
    clock.now = athens(2, 9, 5)  # nothing changes on the server; only time passes
    qtbot.waitUntil(lambda: not bar.isHidden(), timeout=2000)
    assert bar.phone.text() == tr("rescue.phone", phone="694 123 4567")
    with qtbot.waitSignal(bar.call_requested) as called:
        bar.call.click()
    assert called.args == ["tel:+306941234567"]
    with qtbot.waitSignal(bar.missed_you_requested) as asked:
        bar.send.click()
    assert asked.args == ["ABCD-EFGH"]
    # The server's answer: sent. The bar says so and will not send twice.
    store.upsert_json(_row(missed_you_sent_at="2026-12-02T09:06:00+02:00") | {"version": 2})
    assert not bar.send.isEnabled() and "09:06" in bar.note.text()
    # Next it wakes at the end (at most a minute at a time, in case the clock jumps): too late then.
    assert bar.watch.timer.isActive() and bar.watch.timer.interval() == 60_000
    clock.now = athens(2, 9, 30)
    bar.watch.timer.timeout.emit()
    assert bar.isHidden()


def test_a_checked_in_citizen_or_one_seen_in_the_meeting_is_not_missing(qtbot: Any) -> None:
    store = BookingStore()
    selection = Selection(store)
    bar = RescueBar.for_panel(store, selection)
    qtbot.addWidget(bar)
    bar.watch.now = _Clock(athens(2, 9, 10))
    store.upsert_json(_row() | {"checked_in_at": "2026-12-02T09:08:00+02:00"})
    selection.select("ABCD-EFGH")
    assert bar.isHidden()
    store.upsert_json(_row(attendance="joined", attended_seconds=600) | {"version": 3})
    assert not bar.isHidden() and bar.call.isHidden()  # only the evidence is shown
    assert bar.note.text() == tr("rescue.joined", minutes=10)


def test_an_unclear_report_tells_the_clerk_to_decide(qtbot: Any) -> None:
    """A guest Teams could not match to the citizen: the booking stays open and the bar says the outcome
    is the clerk's to record, in the clerk's words."""
    store = BookingStore()
    selection = Selection(store)
    bar = RescueBar.for_panel(store, selection)
    qtbot.addWidget(bar)
    bar.watch.now = _Clock(athens(2, 9, 45))  # after the end: only the evidence is shown
    store.upsert_json(_row(attendance="unclear", attended_seconds=610))
    selection.select("ABCD-EFGH")
    assert not bar.isHidden() and bar.call.isHidden() and bar.send.isHidden()
    assert bar.note.text() == tr("rescue.unclear", minutes=10)
    assert "έκβαση" in bar.note.text() or "outcome" in bar.note.text()


@pytest.mark.parametrize(
    ("phone", "url"),
    [
        ("6941234567", "tel:+306941234567"),
        ("+30 2410 123456", "tel:+302410123456"),
        ("0030 694 1234567", "tel:+306941234567"),
        ("", ""),
    ],
)
def test_the_call_dials_the_number_given_in_global_form(phone: str, url: str) -> None:
    assert tel_url(phone) == url


class _Dialler(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.dialled: list[str] = []

    @Slot(QUrl)
    def dial(self, url: QUrl) -> None:
        self.dialled.append(url.toString())


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_clerk_calls_and_sends_we_missed_you_from_the_window(
    qtbot: Any, world: World, clock: Clock, desktops: Desktops
) -> None:
    ref = clerk_a_booking(world, athens(1, 11))
    desktop = desktops()
    assert desktop.start()
    controller: ClerkController = clerk_of(desktop)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    controller.window.go_to(WEEK_OF_T0)
    qtbot.waitUntil(lambda: controller.store.get(ref) is not None, timeout=10000)
    bar = controller.window.panel.rescue_bar
    bar.watch.now = clock
    clock.now = athens(1, 11, 6)
    controller.select(ref)
    qtbot.waitUntil(lambda: not bar.isHidden(), timeout=5000)
    dialler = _Dialler()
    QDesktopServices.setUrlHandler("tel", dialler, "dial")
    try:
        bar.call.click()
        qtbot.waitUntil(lambda: bool(dialler.dialled), timeout=2000)
    finally:
        QDesktopServices.unsetUrlHandler("tel")
    assert dialler.dialled == ["tel:+306941234567"]
    if os.environ.get("DIMOS_SCREENSHOTS"):
        controller.window.resize(1280, 720)
        qtbot.waitExposed(controller.window)
        QApplication.processEvents()  # let the layouts settle at the new size before the picture
        SHOTS.mkdir(parents=True, exist_ok=True)
        controller.window.panel.grab().save(str(SHOTS / "noshow-rescue-bar-el.png"))
        controller.window.grab().save(str(SHOTS / "noshow-window-el.png"))
    bar.send.click()
    qtbot.waitUntil(
        lambda: (
            (b := controller.store.get(ref)) is not None
            and b.rescue is not None
            and b.rescue.missed_you_sent_at is not None
        ),
        timeout=10000,
    )
    assert not bar.send.isEnabled()
    with world.rt.store.read() as session:
        kinds = list(session.scalars(select(Outbox.kind).where(Outbox.kind == "email.missed_you")))
    assert kinds == ["email.missed_you"]
    if os.environ.get("DIMOS_SCREENSHOTS"):
        controller.window.panel.grab().save(str(SHOTS / "noshow-rescue-sent-el.png"))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_supervisor_sets_the_rescue_minutes_in_the_service_form(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    from sqlalchemy import select as select_

    from service_api.models import Service
    from tests.clerk_desktop.test_catalogue_desktop import choose, open_catalogue

    catalogue, _prompts = open_catalogue(qtbot, desktops, "supervisor")
    service_id = world.service("cohabitation-agreement")
    choose(qtbot, catalogue, service_id)
    assert catalogue.tab is not None
    spin = catalogue.tab.form.numbers["no_show_rescue_minutes"]
    assert spin.value() == 5 and not spin.isReadOnly()
    spin.setValue(8)
    catalogue.tab.save.click()
    qtbot.waitUntil(lambda: not catalogue.dirty() and catalogue.original is not None, timeout=5_000)
    with world.rt.store.read() as session:
        minutes = session.scalar(select_(Service.no_show_rescue_minutes).where(Service.id == service_id))
    assert minutes == 8
