"""The capacity block of the supervisor's statistics view (issue 18) against a live service: charts of
demand against supply, and a suggestion applied with «Εφαρμογή» after a confirmation, then refreshed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from clerk_desktop.i18n import tr
from clerk_desktop.models.capacity_model import CapacityData
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.capacity_charts import CapacityPanel
from clerk_desktop.views.supervisor_window import SupervisorWindow
from service_api.booking import waitlist
from service_api.booking.waitlist import Waiter, Wanted
from service_api.domain.rules import Mode
from service_api.domain.waitlist import PartOfDay
from service_api.models import WorkingPlanVersion
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.world import World

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def six_waiting(world: World) -> None:
    """Six citizens wait for a teleconference of a cohabitation agreement: the service needs hours."""
    sid = world.service("cohabitation-agreement")
    for n in range(6):
        waitlist.join(
            world.rt.bookings,
            Wanted(sid, Mode.TELECONFERENCE, date(2026, 12, 3), date(2026, 12, 4), PartOfDay.ANY),
            Waiter(f"w{n}@example.org"),
        )


def plan_versions(world: World, who: str) -> list[date]:
    with world.rt.store.read() as session:
        return list(
            session.scalars(
                select(WorkingPlanVersion.effective_from)
                .where(WorkingPlanVersion.staff_id == world.staff[who])
                .order_by(WorkingPlanVersion.effective_from)
            )
        )


def opened(qtbot: Any, desktops: Desktops) -> tuple[SupervisorController, CapacityPanel, FakePrompts]:
    desktop = desktops("supervisor")
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, SupervisorController)
    assert isinstance(controller.window, SupervisorWindow)
    qtbot.addWidget(controller.window)
    assert isinstance(controller.prompts, FakePrompts)
    panel = controller.capacity.panel
    qtbot.waitUntil(lambda: controller.capacity.model.rowCount() > 0, timeout=10_000)
    return controller, panel, controller.prompts


def test_the_charts_show_demand_supply_lead_time_and_the_suggestion(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    six_waiting(world)
    controller, panel, _ = opened(qtbot, desktops)
    figures = panel.chart_figures()
    labels = [f.label for f in figures]
    # Only what someone serves or asks for: the registry's two services, in both modes; the most
    # pressed (six waiting) on top, and no «show all» for four rows.
    assert sorted(labels) == [
        "Αίτηση για Μεταδημότευση (δια ζώσης)",
        "Αίτηση για Μεταδημότευση (τηλεδιάσκεψη)",
        "Αίτηση για Σύμφωνο Συμβίωσης (δια ζώσης)",
        "Αίτηση για Σύμφωνο Συμβίωσης (τηλεδιάσκεψη)",
    ]
    assert labels[0] == "Αίτηση για Σύμφωνο Συμβίωσης (τηλεδιάσκεψη)" and figures[0].waiting == 6
    assert panel.show_all.isHidden()
    demand, supply, booked = panel.demand_chart.bar_values()
    tele = next(i for i, f in enumerate(figures) if f.mode == "teleconference" and f.waiting == 6)
    assert demand[tele] == figures[tele].demand_hours > 0
    assert supply[tele] == figures[tele].supply_hours > 0 and booked[tele] == 0
    [lead] = panel.lead_chart.bar_values()
    assert lead[tele] == figures[tele].lead_days
    assert len(panel.no_show_chart.bar_values()[0]) == len(figures)
    [button] = panel.apply_buttons
    assert button.text() == "Εφαρμογή"
    text = controller.capacity.model.data(controller.capacity.model.index(0))
    assert text.startswith("Προσθέστε 2 ώρες τηλεδιάσκεψης τη Δευτέρα") and "6 σε αναμονή" in text


def test_apply_asks_first_then_changes_the_plan_and_the_view_refreshes(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    six_waiting(world)
    controller, panel, prompts = opened(qtbot, desktops)
    before = plan_versions(world, "clerk_a")
    # Cancelled at the question: nothing is sent.
    qtbot.mouseClick(panel.apply_buttons[0], Qt.MouseButton.LeftButton)
    assert prompts.questions and "Clerk A, 14:00–16:00" in prompts.questions[-1]
    assert plan_versions(world, "clerk_a") == before
    prompts.answer_choose = lambda text, options: "apply"
    with qtbot.waitSignal(controller.capacity.model.modelReset, timeout=10_000):
        qtbot.mouseClick(panel.apply_buttons[0], Qt.MouseButton.LeftButton)
    assert plan_versions(world, "clerk_a") == [*before, date(2026, 12, 2)]
    assert panel.status.text() == tr("capacity.applied")
    # Monday has its hours now: the next suggestion is for Tuesday.
    qtbot.waitUntil(
        lambda: "την Τρίτη" in str(controller.capacity.model.data(controller.capacity.model.index(0)))
    )


def test_a_stale_suggestion_is_refused_and_the_view_reloads(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    six_waiting(world)
    controller, panel, prompts = opened(qtbot, desktops)
    stale = controller.capacity.model.suggestion(0)
    assert stale is not None
    prompts.answer_choose = lambda text, options: "apply"
    with qtbot.waitSignal(controller.capacity.model.modelReset, timeout=10_000):
        qtbot.mouseClick(panel.apply_buttons[0], Qt.MouseButton.LeftButton)
    # The same (now stale) suggestion again, as a second desktop that had not refreshed would send it.
    controller.capacity.model.set_capacity(CapacityData(controller.capacity.model.figures, (stale,)))
    with qtbot.waitSignal(controller.capacity.model.modelReset, timeout=10_000):
        qtbot.mouseClick(panel.apply_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.error.isHidden(), timeout=10_000)
    assert "άλλαξε στο μεταξύ" in panel.error.text()
