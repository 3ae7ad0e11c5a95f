"""The desk's lifecycle in the clerk's window, against the live service (issue 15, defect 9): check-in
only on the booking's day, no «Δεν προσήλθε» before the start or after a check-in, and a question before
completing without every document."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from clerk_desktop.controller import ClerkController
from clerk_desktop.i18n import tr
from clerk_desktop.views.booking_panel import BookingPanel
from service_api.booking import booking_reads
from service_api.models import AuditLog
from tests.helpers.clerk import clerk_a_booking, prompts_of_clerk
from tests.helpers.clock import Clock
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _panel(controller: ClerkController) -> BookingPanel:
    assert controller.window is not None
    return controller.window.panel


def _offered(panel: BookingPanel) -> list[str]:
    return [str(panel.outcome.itemData(i)) for i in range(panel.outcome.count())]


def _server_status(world: World, ref: str) -> str:
    with world.rt.store.read() as session:
        return booking_reads.booking_by_reference(session, ref).status


def _selected(qtbot: Any, controller: ClerkController, ref: str) -> BookingPanel:
    qtbot.waitUntil(lambda: controller.store.get(ref) is not None, timeout=10000)
    controller.select(ref)
    return _panel(controller)


def test_check_in_is_off_on_another_day_and_on_during_the_bookings_day(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(4, 10))  # a Friday; the window's clock says Tuesday
    panel = _selected(qtbot, signed_in, ref)
    panel.set_now(athens(1, 12))
    assert not panel.check_in.isEnabled()
    assert panel.check_in.toolTip() == tr("lifecycle.check_in_on_the_day")
    panel.set_now(athens(4, 8, 30))  # that day, but more than an hour early
    assert not panel.check_in.isEnabled()
    panel.set_now(athens(4, 9, 15))
    assert panel.check_in.isEnabled() and not panel.check_in.toolTip()
    panel.set_now(athens(5, 0, 5))  # the next day
    assert not panel.check_in.isEnabled()


def test_no_show_is_offered_only_after_the_start_and_never_after_check_in(
    qtbot: Any, world: World, clock: Clock, signed_in: ClerkController
) -> None:
    came = clerk_a_booking(world, athens(1, 10))
    stayed_away = clerk_a_booking(world, athens(1, 11), who=2)
    clock.now = athens(1, 9, 30)  # the server's clock: the citizen arrives half an hour early
    panel = _selected(qtbot, signed_in, came)
    panel.set_now(athens(1, 9, 30))
    assert "no_show" not in _offered(panel)  # before the start
    panel.check_in.click()
    qtbot.waitUntil(lambda: (b := signed_in.store.get(came)) is not None and b.checked_in, timeout=10000)
    assert _server_status(world, came) == "checked_in"
    panel.set_now(athens(1, 10, 30))
    assert "no_show" not in _offered(panel) and "completed" in _offered(panel)

    panel = _selected(qtbot, signed_in, stayed_away)
    assert "no_show" not in _offered(panel)  # 10:30, and the booking starts at 11:00
    panel.set_now(athens(1, 11, 10))
    assert _offered(panel) == ["completed", "documents_missing", "referred", "no_show"]
    assert panel.check_in.isEnabled()  # a late citizen may still be checked in that day
    panel.outcome.setCurrentIndex(panel.outcome.findData("no_show"))
    clock.now = athens(1, 11, 10)
    panel.record.click()
    qtbot.waitUntil(lambda: _server_status(world, stayed_away) == "no_show", timeout=10000)


def _verified(qtbot: Any, world: World, controller: ClerkController, ref: str) -> BookingPanel:
    panel = _selected(qtbot, controller, ref)
    prompts_of_clerk(controller).answer_identity = lambda name, taxis: _identity()
    panel.verify.click()
    qtbot.waitUntil(
        lambda: (b := controller.store.get(ref)) is not None and b.identity is not None, timeout=10000
    )
    panel.outcome.setCurrentIndex(panel.outcome.findData("completed"))
    assert panel.record.isEnabled()
    return panel


def _identity() -> Any:
    from clerk_desktop.views.dialogs import IdentityResult

    return IdentityResult("identity_card", True, None, "")


def test_completing_without_documents_asks_and_cancelling_keeps_the_booking(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    panel = _verified(qtbot, world, signed_in, ref)
    signed_in.checklist.setData(signed_in.checklist.index(0, 1), "received")
    session = signed_in.session
    # The store may hear of the document from the feed before the action worker has struck it off.
    qtbot.waitUntil(
        lambda: (
            (b := signed_in.store.get(ref)) is not None
            and b.documents[0].state == "received"
            and session.cache is not None
            and not session.cache.pending()
        )
    )
    prompts = prompts_of_clerk(signed_in)
    asked: list[list[tuple[str, str]]] = []
    prompts.answer_choose = lambda text, options: asked.append(options)  # type: ignore[func-returns-value]
    panel.record.click()
    assert prompts.questions[-1].startswith("Λείπουν 4 από 5 δικαιολογητικά. Ολοκλήρωση παρ' όλα αυτά;")
    assert [key for key, _label in asked[0]] == ["complete", "documents_missing"]
    assert session.cache is not None and not session.cache.pending()  # nothing sent
    assert _server_status(world, ref) == "confirmed"
    assert signed_in.store.get(ref).status == "confirmed"  # type: ignore[union-attr]


def test_completing_without_documents_after_a_yes_is_saved_with_the_missing_ones_audited(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    panel = _verified(qtbot, world, signed_in, ref)
    prompts_of_clerk(signed_in).answer_choose = lambda text, options: "complete"
    panel.record.click()
    assert "Λείπουν 5 από 5" in prompts_of_clerk(signed_in).questions[-1]
    qtbot.waitUntil(lambda: _server_status(world, ref) == "completed", timeout=10000)
    with world.rt.store.read() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "outcome")).one()
        assert len(audit.details["missing_documents"]) == 5
    qtbot.waitUntil(lambda: signed_in.store.get(ref).status == "completed", timeout=10000)  # type: ignore[union-attr]


def test_a_document_change_queued_for_a_booking_cancelled_meanwhile_is_refused_in_plain_words(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    from clerk_desktop.client.actions import Action
    from service_api.domain.policy import Actor

    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    world.rt.bookings.cancel(ref, Actor.system(), reason="cancelled_by_citizen")
    signed_in.submit(Action.document(ref, "notarial_deed", "received"))
    warnings = prompts_of_clerk(signed_in).warnings
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert warnings[0] == (
        f"Η αλλαγή δικαιολογητικού για το {ref} δεν έγινε: "
        "το ραντεβού έχει ακυρωθεί στο μεταξύ· η αλλαγή δεν αποθηκεύτηκε."
    )
