"""The «Webhooks» tab's work over the API (admins): list, add, delete, the delivery log, send again.

Every call runs on the session's ``TaskRunner``; the form saves through ``wait_for`` so the server's
per-field messages show in the form. What a delivery says and how it is signed: ``docs/webhooks.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from clerk_desktop.client.tasks import wait_for
from clerk_desktop.i18n import tr
from clerk_desktop.models.webhooks import (
    Delivery,
    DeliveryTableModel,
    Webhook,
    WebhookFormValues,
    WebhookTableModel,
    event_name,
)
from clerk_desktop.password_change import refusal_messages
from clerk_desktop.prompts import Prompts, Reporter
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.webhooks_tab import WebhooksTab


class WebhooksController(QObject):
    """Runs the webhooks tab of one administration window."""

    def __init__(
        self, session: DesktopSession, *, prompts: Prompts, notify: Callable[[str], None] | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.prompts = prompts
        self.webhooks = WebhookTableModel()
        self.deliveries = DeliveryTableModel()
        self.tab: WebhooksTab | None = None
        self.loads = 0  # finished loads of the endpoints, so a test (or a screenshot) can wait for one
        self.log_loads = 0  # finished loads of a delivery log
        self._select_next: int | None = None  # a webhook just added: selected once the list has it
        self._window_notify = notify
        self.report = Reporter(
            notify=self._notify, prompts=prompts, on_password_change=session.require_password_change
        )

    def make_tab(self) -> WebhooksTab:
        """The tab, wired and loading."""
        tab = WebhooksTab(self.webhooks, self.deliveries)
        tab.create_requested.connect(self.create)
        tab.delete_requested.connect(self.delete)
        tab.refresh_requested.connect(self.refresh)
        tab.webhook_selected.connect(self.load_deliveries)
        tab.send_again_requested.connect(self.send_again)
        self.tab = tab
        self.refresh()
        return tab

    def close(self) -> None:
        self.tab = None

    def _notify(self, text: str) -> None:
        if self.tab is not None:
            self.tab.show_status(text)
        if self._window_notify is not None:
            self._window_notify(text)

    def _error(self, exc: Exception) -> None:
        self.report.failed(exc)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """The endpoints again, and the selected one's log."""
        api = self.session.api
        if api is None:
            return

        def fetch() -> list[Webhook]:
            return [Webhook.from_json(row) for row in api.webhooks()]

        def loaded(webhooks: list[Webhook]) -> None:
            selected = self.tab.selected() if self.tab is not None else None
            self.webhooks.set_webhooks(webhooks)
            self.loads += 1
            if self.tab is None:
                return
            chosen = self._select_next or (selected.id if selected is not None else None)
            self._select_next = None
            if chosen is None and webhooks:
                chosen = webhooks[0].id
            if chosen is not None and self.webhooks.row_of(chosen) >= 0:
                self.tab.select(chosen)  # another endpoint than the log shows: the tab asks for its log
                if self.deliveries.webhook_id == chosen:
                    self.load_deliveries(chosen)  # the same one: its log may have grown
            else:
                self.deliveries.set_deliveries(None, [])

        self.session.tasks.run(fetch, loaded, self._error, name="webhooks")

    def load_deliveries(self, webhook_id: int) -> None:
        api = self.session.api
        if api is None:
            return

        def fetch() -> list[Delivery]:
            return [Delivery.from_json(row) for row in api.webhook_deliveries(webhook_id)]

        def loaded(deliveries: list[Delivery]) -> None:
            selected = self.tab.selected() if self.tab is not None else None
            if selected is not None and selected.id != webhook_id:
                return  # another endpoint was chosen meanwhile
            self.deliveries.set_deliveries(webhook_id, deliveries)
            self.log_loads += 1

        self.session.tasks.run(fetch, loaded, self._error, name="webhook-deliveries")

    # ------------------------------------------------------------------ add
    def create(self) -> None:
        api = self.session.api
        if api is None:
            return
        saved: dict[str, Any] = {}

        def attempt(values: WebhookFormValues) -> dict[str, str] | None:
            try:
                answer = wait_for(lambda: api.add_webhook(values.body()), tasks=self.session.tasks)
            except Exception as exc:
                return refusal_messages(exc)
            saved.update(answer)
            return None

        if not self.prompts.webhook_form(WebhookFormValues(), attempt) or not saved:
            return
        webhook = Webhook.from_json(saved)
        self.report.tell(tr("webhooks.added", url=webhook.url))
        self._select_next = webhook.id
        self.refresh()

    # ------------------------------------------------------------------ delete
    def delete(self, webhook_id: int) -> None:
        api = self.session.api
        webhook = self.webhooks.webhook(self.webhooks.row_of(webhook_id))
        if api is None or webhook is None:
            return
        answer = self.prompts.choose(
            tr("webhooks.delete_title"),
            tr("webhooks.delete_question", url=webhook.url),
            [("delete", tr("webhooks.delete"))],
        )
        if answer != "delete":
            return

        def done(_nothing: None) -> None:
            self.report.tell(tr("webhooks.deleted", url=webhook.url))
            if self.tab is not None:
                self.tab.webhook_table.clearSelection()
            self.deliveries.set_deliveries(None, [])
            self.refresh()

        def refused(exc: Exception) -> None:
            self.report.failed(exc, title=tr("webhooks.delete_title"), modal=True)
            self.refresh()

        self.session.tasks.run(lambda: api.delete_webhook(webhook_id), done, refused, name="webhook-delete")

    # ------------------------------------------------------------------ send again
    def send_again(self, delivery_id: int) -> None:
        api = self.session.api
        delivery = next((d for d in self.deliveries.deliveries if d.id == delivery_id), None)
        webhook_id = self.deliveries.webhook_id
        if api is None or delivery is None:
            return

        def done(_answer: dict[str, Any]) -> None:
            self.report.tell(
                tr("webhooks.resent", event=event_name(delivery.event), reference=delivery.booking_reference)
            )
            if webhook_id is not None:
                self.load_deliveries(webhook_id)

        def refused(exc: Exception) -> None:
            self.report.failed(exc, title=tr("webhooks.send_again_title"), modal=True)

        self.session.tasks.run(
            lambda: api.send_webhook_again(delivery_id), done, refused, name="webhook-send-again"
        )
