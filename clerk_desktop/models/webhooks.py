"""Webhooks as the «Webhooks» tab shows them: endpoints, their delivery log, and the new-endpoint form.

The server keeps the rules (``docs/webhooks.md``); these are thin rows and Qt table models over its
answers. A secret reaches the desktop only as its last four characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS

Index: TypeAlias = QModelIndex | QPersistentModelIndex
EVENTS = (
    "booking.created",
    "booking.rescheduled",
    "booking.cancelled",
    "booking.reassigned",
    "booking.completed",
)
PERSONAL_DATA = ("none", "contact")
FAILED_COLOUR = QColor("#a4262c")
DELIVERED_COLOUR = QColor("#1b5e20")


def event_name(event: str) -> str:
    """«Αλλαγή ώρας» for booking.rescheduled; an event this desktop does not know, as the server spells it."""
    key = f"webhooks.event.{event}"
    text = tr(key)
    return event if text == key else text


def _local(moment: str) -> datetime:
    return datetime.fromisoformat(moment).astimezone(ATHENS)


@dataclass(frozen=True)
class Delivery:
    """One attempt of the log."""

    id: int
    event: str
    event_id: str
    booking_reference: str
    attempt: int
    attempted_at: datetime
    status_code: int | None
    duration_ms: int
    ok: bool
    error: str
    can_send_again: bool

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Delivery:
        return cls(
            id=int(row["id"]),
            event=str(row["event"]),
            event_id=str(row["event_id"]),
            booking_reference=str(row.get("booking_reference") or ""),
            attempt=int(row.get("attempt") or 1),
            attempted_at=_local(str(row["attempted_at"])),
            status_code=row.get("status_code"),
            duration_ms=int(row.get("duration_ms") or 0),
            ok=bool(row.get("ok")),
            error=str(row.get("error") or ""),
            can_send_again=bool(row.get("can_send_again")),
        )

    def answer(self) -> str:
        """«200», or «Καμία απάντηση» when none came."""
        return str(self.status_code) if self.status_code is not None else tr("webhooks.answer.none")

    def summary(self) -> str:
        """What the endpoints' table shows of its latest attempt."""
        time = self.attempted_at.strftime("%d/%m %H:%M")
        if self.ok:
            return tr("webhooks.last.ok", time=time, code=self.answer())
        return tr("webhooks.last.failed", time=time, answer=self.answer())


@dataclass(frozen=True)
class Webhook:
    """A registered endpoint, as the server lists it."""

    id: int
    url: str
    secret_hint: str
    events: tuple[str, ...]
    personal_data: str
    description: str = ""
    last: Delivery | None = None

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Webhook:
        last = row.get("last_delivery")
        return cls(
            id=int(row["id"]),
            url=str(row["url"]),
            secret_hint=str(row.get("secret_hint") or ""),
            events=tuple(str(e) for e in row.get("events", [])),
            personal_data=str(row.get("personal_data") or "none"),
            description=str(row.get("description") or ""),
            last=Delivery.from_json(last) if isinstance(last, dict) else None,
        )

    def events_text(self) -> str:
        if set(self.events) >= set(EVENTS):
            return tr("webhooks.events.all")
        return ", ".join(event_name(e) for e in self.events)

    def personal_text(self) -> str:
        return tr(f"webhooks.personal.{self.personal_data}")


@dataclass
class WebhookFormValues:
    """What the «Νέο webhook» form holds; ``body`` is the POST the server expects."""

    url: str = ""
    secret: str = ""
    events: set[str] = field(default_factory=lambda: set(EVENTS))
    personal_data: str = "none"
    description: str = ""

    def body(self) -> dict[str, Any]:
        """The secret exactly as typed (it must match the receiver's); the rest trimmed."""
        return {
            "url": self.url.strip(),
            "secret": self.secret,
            "events": [e for e in EVENTS if e in self.events],
            "personal_data": self.personal_data,
            "description": self.description.strip(),
        }


# ---------------------------------------------------------------------- the endpoints' table
class WebhookColumn(IntEnum):
    URL = 0
    EVENTS = 1
    PERSONAL = 2
    SECRET = 3
    LAST = 4


class WebhookRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1


_WEBHOOK_HEADERS = {
    WebhookColumn.URL: "webhooks.col.url",
    WebhookColumn.EVENTS: "webhooks.col.events",
    WebhookColumn.PERSONAL: "webhooks.col.personal",
    WebhookColumn.SECRET: "webhooks.col.secret",
    WebhookColumn.LAST: "webhooks.col.last",
}


class WebhookTableModel(QAbstractTableModel):
    """Every endpoint: URL, events, personal data, the secret's last characters, the latest attempt."""

    def __init__(self) -> None:
        super().__init__()
        self.webhooks: list[Webhook] = []

    def set_webhooks(self, webhooks: list[Webhook]) -> None:
        self.beginResetModel()
        self.webhooks = list(webhooks)
        self.endResetModel()

    def webhook(self, row: int) -> Webhook | None:
        return self.webhooks[row] if 0 <= row < len(self.webhooks) else None

    def row_of(self, webhook_id: int) -> int:
        return next((i for i, w in enumerate(self.webhooks) if w.id == webhook_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.webhooks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(WebhookColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(WebhookColumn)
        ):
            return tr(_WEBHOOK_HEADERS[WebhookColumn(section)])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        webhook = self.webhook(index.row()) if index.isValid() else None
        if webhook is None:
            return None
        if role == WebhookRole.ID:
            return webhook.id
        column = WebhookColumn(index.column())
        if role == Qt.ItemDataRole.ForegroundRole and column == WebhookColumn.LAST and webhook.last:
            return DELIVERED_COLOUR if webhook.last.ok else FAILED_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == WebhookColumn.URL:
                return "\n".join(filter(None, (webhook.url, webhook.description)))
            if column == WebhookColumn.EVENTS:
                return "\n".join(event_name(e) for e in webhook.events)
            if column == WebhookColumn.PERSONAL:
                return tr(f"webhooks.personal.{webhook.personal_data}.long")
            if column == WebhookColumn.LAST and webhook.last and webhook.last.error:
                return webhook.last.error
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == WebhookColumn.URL:
            return webhook.url
        if column == WebhookColumn.EVENTS:
            return webhook.events_text()
        if column == WebhookColumn.PERSONAL:
            return webhook.personal_text()
        if column == WebhookColumn.SECRET:
            return webhook.secret_hint
        return webhook.last.summary() if webhook.last else tr("webhooks.last.never")


# ---------------------------------------------------------------------- the delivery log
class DeliveryColumn(IntEnum):
    TIME = 0
    EVENT = 1
    BOOKING = 2
    ATTEMPT = 3
    ANSWER = 4
    DURATION = 5
    ERROR = 6


_DELIVERY_HEADERS = {
    DeliveryColumn.TIME: "webhooks.col.time",
    DeliveryColumn.EVENT: "webhooks.col.event",
    DeliveryColumn.BOOKING: "webhooks.col.booking",
    DeliveryColumn.ATTEMPT: "webhooks.col.attempt",
    DeliveryColumn.ANSWER: "webhooks.col.answer",
    DeliveryColumn.DURATION: "webhooks.col.duration",
    DeliveryColumn.ERROR: "webhooks.col.error",
}


class DeliveryTableModel(QAbstractTableModel):
    """One endpoint's attempts, newest first; a failed one in red."""

    def __init__(self) -> None:
        super().__init__()
        self.webhook_id: int | None = None
        self.deliveries: list[Delivery] = []

    def set_deliveries(self, webhook_id: int | None, deliveries: list[Delivery]) -> None:
        self.beginResetModel()
        self.webhook_id = webhook_id
        self.deliveries = list(deliveries)
        self.endResetModel()

    def delivery(self, row: int) -> Delivery | None:
        return self.deliveries[row] if 0 <= row < len(self.deliveries) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.deliveries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DeliveryColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(DeliveryColumn)
        ):
            return tr(_DELIVERY_HEADERS[DeliveryColumn(section)])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        delivery = self.delivery(index.row()) if index.isValid() else None
        if delivery is None:
            return None
        column = DeliveryColumn(index.column())
        if role == Qt.ItemDataRole.ForegroundRole and column in (DeliveryColumn.ANSWER, DeliveryColumn.ERROR):
            return DELIVERED_COLOUR if delivery.ok else FAILED_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DeliveryColumn.EVENT:
                return f"{delivery.event}\n{delivery.event_id}"
            if column == DeliveryColumn.ERROR and delivery.error:
                return delivery.error
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == DeliveryColumn.TIME:
            return delivery.attempted_at.strftime("%d/%m/%Y %H:%M:%S")
        if column == DeliveryColumn.EVENT:
            return event_name(delivery.event)
        if column == DeliveryColumn.BOOKING:
            return delivery.booking_reference
        if column == DeliveryColumn.ATTEMPT:
            return str(delivery.attempt)
        if column == DeliveryColumn.ANSWER:
            return delivery.answer()
        if column == DeliveryColumn.DURATION:
            return tr("webhooks.duration", ms=delivery.duration_ms)
        return delivery.error
