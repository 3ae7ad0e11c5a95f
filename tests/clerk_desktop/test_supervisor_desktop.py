"""Supervisors on the desktop: the staff board on a real service; drag-and-drop refused and accepted."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from clerk_desktop.models.booking import ATHENS
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.dialogs import SettingsValues
from clerk_desktop.views.stats_view import StatsView
from clerk_desktop.views.supervisor_window import SupervisorWindow
from service_api.domain.rules import Mode
from service_api.models import Booking
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.factories import booking_body, create_booking
from tests.helpers.http import book
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
DAY = date(2026, 12, 2)


@pytest.fixture
def supervisor(qtbot: Any, desktops: Desktops) -> SupervisorController:
    """A supervisor signed in through the same controller fixture as the clerks' tests."""
    desktop = desktops("supervisor")
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, SupervisorController)
    assert isinstance(controller.window, SupervisorWindow)
    qtbot.addWidget(controller.window)
    controller.window.resize(1200, 900)
    return controller


def prompts_of_supervisor(controller: SupervisorController) -> FakePrompts:
    assert isinstance(controller.prompts, FakePrompts)
    return controller.prompts


def tele_booking_of(world: World, clerk: str) -> str:
    for n in range(3):
        booking = create_booking(
            world.rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=athens(2, 10),
            mode=Mode.TELECONFERENCE,
            who=50 + n,
        ).booking
        if booking.staff_id == world.staff[clerk]:
            return booking.reference
    raise AssertionError(f"{clerk} got no booking")


def owner(world: World, reference: str) -> int:
    with world.rt.store.read() as session:
        staff_id = session.scalar(select(Booking.staff_id).where(Booking.reference == reference))
    assert staff_id is not None
    return staff_id


def drag(qtbot: Any, board: Any, source: QPoint, target: QPoint) -> None:
    qtbot.mousePress(board, Qt.MouseButton.LeftButton, pos=source)
    middle = QPoint((source.x() + target.x()) // 2, (source.y() + target.y()) // 2)
    for point in (source + QPoint(8, 8), middle, target):
        qtbot.mouseMove(board, pos=point)
    qtbot.mouseRelease(board, Qt.MouseButton.LeftButton, pos=target)


def test_drops_on_the_board_are_checked_by_the_server(
    qtbot: Any, world: World, supervisor: SupervisorController
) -> None:
    warnings = prompts_of_supervisor(supervisor).warnings
    ref = tele_booking_of(world, "clerk_a")
    window = supervisor.window
    assert isinstance(window, SupervisorWindow)
    window.go_to(DAY)
    board = window.board
    qtbot.waitUntil(
        lambda: len(board.board.clerks) == 3 and any(b.booking.reference == ref for b in board.blocks()),
        timeout=10000,
    )
    block = next(b for b in board.blocks() if b.booking.reference == ref)
    start = block.rect.center().toPoint()

    # clerk_c serves in person only: the drop is refused and nothing changes.
    drag(
        qtbot,
        board,
        start,
        board.point_for(world.staff["clerk_c"], block.booking.start)
        + QPoint(0, int(block.rect.height() / 2)),
    )
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert warnings[0] == (  # the refusal's code worded by the desktop, in Greek
        "Η μετακίνηση απορρίφθηκε: Clerk C (in person only): δεν εξυπηρετεί αυτή την υπηρεσία "
        "με αυτόν τον τρόπο (φυσική παρουσία ή τηλεδιάσκεψη)."
    )
    assert owner(world, ref) == world.staff["clerk_a"]

    # While dragging, the server's candidates light up: clerk_b is free then and serves by teleconference.
    qtbot.mousePress(board, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(board, pos=start + QPoint(10, 10))
    qtbot.waitUntil(lambda: board.allowed == {world.staff["clerk_b"]}, timeout=10000)
    target = board.point_for(world.staff["clerk_b"], block.booking.start) + QPoint(
        0, int(block.rect.height() / 2)
    )
    qtbot.mouseMove(board, pos=target)
    qtbot.mouseRelease(board, Qt.MouseButton.LeftButton, pos=target)
    qtbot.waitUntil(lambda: owner(world, ref) == world.staff["clerk_b"], timeout=10000)
    qtbot.waitUntil(
        lambda: (
            supervisor.store.get(ref) is not None
            and supervisor.store.get(ref).staff_id == world.staff["clerk_b"]
        ),
        timeout=10000,
    )  # type: ignore[union-attr]


def test_keyboard_users_move_a_booking_through_the_candidates_dialog(
    qtbot: Any, world: World, supervisor: SupervisorController
) -> None:
    ref = tele_booking_of(world, "clerk_a")
    window = supervisor.window
    assert isinstance(window, SupervisorWindow)
    window.go_to(DAY)
    offered: list[list[tuple[int, str]]] = []

    def choose(reference: str, candidates: list[tuple[int, str]]) -> int:
        offered.append(candidates)
        return candidates[0][0]

    prompts_of_supervisor(supervisor).answer_reassign = choose
    board = window.board
    qtbot.waitUntil(lambda: any(b.booking.reference == ref for b in board.blocks()), timeout=10000)
    board.setFocus()
    board.selected = ref
    qtbot.keyClick(board, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: owner(world, ref) == world.staff["clerk_b"], timeout=10000)
    assert [c[0] for c in offered[0]] == [world.staff["clerk_b"]]


def test_the_week_board_shows_each_clerks_load_and_opens_a_day(
    qtbot: Any, world: World, supervisor: SupervisorController
) -> None:
    ref = tele_booking_of(world, "clerk_a")
    window = supervisor.window
    assert isinstance(window, SupervisorWindow)
    window.go_to(DAY)
    week = window.week_board
    qtbot.waitUntil(lambda: week.counts().get((world.staff["clerk_a"], DAY)) == 1, timeout=10000)
    window.tabs.setCurrentIndex(1)
    week.resize(1100, week.sizeHint().height())
    column_x = int(190 + (DAY - week.week_start).days * week.day_width() + 20)
    qtbot.mouseClick(week, Qt.MouseButton.LeftButton, pos=QPoint(column_x, 36 + 10))
    assert window.tabs.currentIndex() == 0 and window.board.day == DAY
    assert any(b.booking.reference == ref for b in window.board.blocks())


def test_the_csv_export_saves_greek_excel_columns_and_says_where(
    qtbot: Any, world: World, supervisor: SupervisorController, tmp_path: Any
) -> None:
    """Issue 15, defect 10: «;» and Greek headings for Greek Excel, and a message once saved."""
    window = supervisor.window
    assert window is not None
    view = window.stats_view
    assert isinstance(view, StatsView)
    target = tmp_path / "figures.csv"
    prompts_of_supervisor(supervisor).answer_save_path = lambda suggested: str(target)
    view.export_requested.emit(date(2026, 12, 1), date(2026, 12, 31), "week")
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "αποθηκεύτηκαν" in window.statusBar().currentMessage(), timeout=10_000)
    header = target.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Περίοδος;Από;Έως;")


def test_the_supervisor_window_is_named_for_supervision_and_has_settings(
    supervisor: SupervisorController,
) -> None:
    """Issue 15, defect 10: not «Υπάλληλος» in the title, and the settings a clerk has."""
    window = supervisor.window
    assert window is not None
    assert "Εποπτεία" in window.windowTitle() and "Υπάλληλος" not in window.windowTitle()
    prompts = prompts_of_supervisor(supervisor)
    prompts.answer_settings = lambda values: SettingsValues(values.server, "en", 0, 5)
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Ρυθμίσεις…")
    action.trigger()
    assert supervisor.session.settings.value("language") == "en"
    assert "επόμενη εκκίνηση" in window.statusBar().currentMessage()


def test_a_hold_on_the_board_leaves_it_once_it_lapses_and_a_reload_does_not_bring_it_back(
    qtbot: Any, world: World, supervisor: SupervisorController, live: LiveServer
) -> None:
    """Issue 15, defect 4: a time a citizen held on the web form and abandoned is no nameless tile."""
    window = supervisor.window
    assert isinstance(window, SupervisorWindow)
    window.ticker.now = lambda: world.rt.bookings.clock().astimezone(ATHENS)  # the service's test clock
    body = booking_body(world.service("cohabitation-agreement"), athens(2, 11), n=41, hold=True)
    reference = book(live.app.test_client(), 201, body)["reference"]
    window.go_to(DAY)
    board = window.board

    def on_board() -> bool:
        return any(b.booking.reference == reference for b in board.blocks())

    qtbot.waitUntil(on_board, timeout=10000)
    held = supervisor.store.get(reference)
    assert held is not None and held.is_hold and held.hold_expires_at is not None
    expires = held.hold_expires_at

    window.ticker.now = lambda: expires - timedelta(seconds=1)
    window.ticker.tick()
    assert on_board()  # still the citizen's to confirm

    window.ticker.now = lambda: expires + timedelta(seconds=1)
    with qtbot.waitSignal(supervisor.store.booking_removed) as removed:
        window.ticker.tick()
    assert removed.args == [reference] and not on_board()
    with qtbot.waitSignal(supervisor.store.reset, timeout=10000):
        supervisor.load_day(DAY)  # the server still lists it as held until someone needs the time
    assert not on_board() and supervisor.store.get(reference) is None


def test_the_supervisor_window_fits_a_1280_by_720_screen_at_150_percent(
    supervisor: SupervisorController,
) -> None:
    """At 150 % a 1280×720 screen is 853×480 logical pixels: the window must not need more, or its
    status bar falls off the screen (the statistics tab's charts used to set its least height)."""
    window = supervisor.window
    assert window is not None
    least = window.minimumSizeHint()
    assert least.width() <= 1280 * 2 // 3 and least.height() <= 720 * 2 // 3, least
