"""«Webhooks» in the administration window (issue 17), against the real service and a real receiver."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clerk_desktop.desktop import Desktop
from clerk_desktop.models.webhooks import DeliveryColumn, WebhookColumn
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.webhook_dialogs import WebhookDialog
from clerk_desktop.webhooks_admin import WebhooksController
from service_api.jobs import JobRunner
from service_api.webhooks.models import WebhookEndpoint
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.factories import create_booking
from tests.helpers.webhook_receiver import WebhookReceiver
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
SECRET = "desk-typed-secret-0123456789"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as running:
        yield running


def open_admin(qtbot: Any, desktops: Desktops, username: str) -> tuple[Desktop, list[str]]:
    """Sign in and open «Διαχείριση» from the File menu; the tabs' titles."""
    desktop = desktops(username)
    assert desktop.start()
    assert desktop.window is not None
    qtbot.addWidget(desktop.window)
    controller = desktop.controller
    assert isinstance(controller, SupervisorController) and controller.window is not None
    action = next(
        a for a in controller.window.menuBar().actions()[0].menu().actions() if a.text() == "Διαχείριση…"
    )
    action.trigger()
    admin = controller.administration
    assert admin.window is not None
    qtbot.addWidget(admin.window)
    tabs = admin.window.tabs
    return desktop, [tabs.tabText(i) for i in range(tabs.count())]


def open_webhooks(qtbot: Any, desktops: Desktops) -> tuple[FakePrompts, WebhooksController]:
    desktop, titles = open_admin(qtbot, desktops, "admin")
    assert "Webhooks" in titles
    controller = desktop.controller
    assert isinstance(controller, SupervisorController)
    admin = controller.administration
    assert admin.window is not None and admin.webhooks is not None
    admin.window.tabs.setCurrentIndex(titles.index("Webhooks"))
    webhooks = admin.webhooks
    qtbot.waitUntil(lambda: webhooks.loads > 0, timeout=10_000)
    assert isinstance(desktop.prompts, FakePrompts)
    return desktop.prompts, webhooks


def test_supervisors_have_no_webhooks_tab(qtbot: Any, desktops: Desktops) -> None:
    _desktop, titles = open_admin(qtbot, desktops, "supervisor")
    assert "Webhooks" not in titles and "Προσωπικό" in titles


def test_an_admin_adds_a_webhook_sees_its_deliveries_sends_one_again_and_deletes_it(
    qtbot: Any, qtmodeltester: Any, world: World, desktops: Desktops, receiver: WebhookReceiver
) -> None:
    prompts, webhooks = open_webhooks(qtbot, desktops)
    tab = webhooks.tab
    assert tab is not None
    assert webhooks.webhooks.rowCount() == 0 and not tab.delete.isEnabled()
    assert tab.hint.text() == "Επιλέξτε ένα webhook για να δείτε τις αποστολές του."

    def fill(form: WebhookDialog) -> None:
        assert all(box.isChecked() for box in form.events.values())  # every event by default
        assert form.personal_buttons["none"].isChecked()  # and no personal data
        form.url.setText(receiver.url)
        form.secret.setText("short")
        for box in form.events.values():
            box.setChecked(False)
        form.personal_buttons["contact"].setChecked(True)
        form.save.click()  # the server's messages show under their fields, the form stays
        assert form.result() != WebhookDialog.DialogCode.Accepted
        assert form.errors.text("secret") == "Τουλάχιστον 16 χαρακτήρες."
        assert form.errors.text("events") == "Επιλέξτε τουλάχιστον ένα συμβάν."
        for event, box in form.events.items():
            box.setChecked(event != "booking.completed")
        form.generate.click()
        assert len(form.secret.text()) >= 32 and form.secret.echoMode() == form.secret.EchoMode.Normal
        form.secret.setText(SECRET)  # the receiver's
        form.description.setText("Κέντρο εξυπηρέτησης")
        form.save.click()

    prompts.answer_webhook_form = fill
    tab.new.click()
    assert prompts.webhook_forms[0].result() == WebhookDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: webhooks.webhooks.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(webhooks.webhooks)
    model = webhooks.webhooks
    row = [model.index(0, column).data() for column in WebhookColumn]
    assert row == [
        receiver.url,
        "Νέο ραντεβού, Αλλαγή ώρας, Ακύρωση, Αλλαγή υπαλλήλου",
        "Στοιχεία επικοινωνίας",
        "…6789",
        "Καμία ακόμη",
    ]
    assert tab.status.text() == f"Το webhook {receiver.url} καταχωρίστηκε."
    qtbot.waitUntil(lambda: tab.selected() is not None, timeout=10_000)
    with world.rt.store.read() as session:
        stored = session.get(WebhookEndpoint, model.webhooks[0].id)
        assert stored is not None and stored.secret == SECRET and stored.personal_data == "contact"

    booking = create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    ).booking
    JobRunner.build(world.rt).run_once()
    assert receiver.events() == [("booking.created", booking.reference)]
    assert receiver.received[0].body["booking"]["citizen"]["email"] == "citizen1@example.org"

    loads = webhooks.log_loads
    tab.refresh.click()
    qtbot.waitUntil(
        lambda: webhooks.log_loads > loads and webhooks.deliveries.rowCount() == 1, timeout=10_000
    )
    qtmodeltester.check(webhooks.deliveries)
    log = webhooks.deliveries
    shown = [log.index(0, column).data() for column in DeliveryColumn]
    assert shown[1:5] == ["Νέο ραντεβού", booking.reference, "1", "200"]
    assert shown[0].startswith("01/12/2026 08:00") and shown[5].endswith(" ms") and shown[6] == ""
    assert model.index(0, WebhookColumn.LAST).data() == "01/12 08:00 · 200 ✓"
    assert not tab.send_again.isEnabled()
    tab.select_delivery(0)
    assert tab.send_again.isEnabled()

    loads = webhooks.log_loads
    tab.send_again.click()
    qtbot.waitUntil(lambda: webhooks.log_loads > loads, timeout=10_000)
    assert tab.status.text() == f"«Νέο ραντεβού» του ραντεβού {booking.reference} θα σταλεί ξανά σε λίγο."
    JobRunner.build(world.rt).run_once()
    assert receiver.events() == [("booking.created", booking.reference)] * 2
    assert receiver.received[0].raw == receiver.received[1].raw

    asked: list[str] = []

    def delete(text: str, options: list[tuple[str, str]]) -> str:
        asked.append(text)
        return "delete"

    prompts.answer_choose = delete
    tab.delete.click()
    qtbot.waitUntil(lambda: webhooks.webhooks.rowCount() == 0, timeout=10_000)
    assert asked and receiver.url in asked[0]
    assert tab.status.text() == f"Το webhook {receiver.url} διαγράφηκε."
    assert webhooks.deliveries.rowCount() == 0 and not tab.delete.isEnabled()


def test_a_failed_delivery_shows_in_red_with_why_and_can_be_sent_again(
    qtbot: Any, world: World, desktops: Desktops, receiver: WebhookReceiver
) -> None:
    from service_api.booking import webhook_admin
    from service_api.domain.policy import Actor

    webhook_admin.register(
        world.rt.bookings, Actor.system(), url=receiver.url, secret=SECRET, events=["booking.created"]
    )
    receiver.answer = 500
    create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    )
    JobRunner.build(world.rt).run_once()
    _prompts, webhooks = open_webhooks(qtbot, desktops)
    qtbot.waitUntil(lambda: webhooks.deliveries.rowCount() == 1, timeout=10_000)
    log = webhooks.deliveries
    assert log.index(0, DeliveryColumn.ANSWER).data() == "500"
    assert log.index(0, DeliveryColumn.ERROR).data() == "Ο παραλήπτης απάντησε HTTP 500"  # as the desk reads
    colour = log.index(0, DeliveryColumn.ERROR).data(role=9)  # Qt.ItemDataRole.ForegroundRole
    assert colour.name() == "#a4262c"
    assert webhooks.webhooks.index(0, WebhookColumn.LAST).data() == "01/12 08:00 · ✗ 500"
