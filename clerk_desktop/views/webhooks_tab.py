"""The «Webhooks» tab (admins): the endpoints above, the selected one's delivery log below."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.webhooks import (
    Delivery,
    DeliveryColumn,
    DeliveryTableModel,
    Webhook,
    WebhookColumn,
    WebhookTableModel,
)
from clerk_desktop.views.plain_text import PlainLabel


def _table(model: WebhookTableModel | DeliveryTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    return table


def _title(text: str) -> PlainLabel:
    label = PlainLabel(text)
    label.setObjectName("sectionTitle")
    return label


class WebhooksTab(QWidget):
    """Reacts to its two models; buttons ask the controller to act through signals."""

    create_requested = Signal()
    delete_requested = Signal(int)  # webhook id
    refresh_requested = Signal()
    webhook_selected = Signal(int)  # webhook id: load its deliveries
    send_again_requested = Signal(int)  # delivery id

    def __init__(
        self, webhooks: WebhookTableModel, deliveries: DeliveryTableModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.webhooks = webhooks
        self.deliveries = deliveries
        self.new = QPushButton(tr("webhooks.new"))
        self.new.setObjectName("primary")
        self.delete = QPushButton(tr("webhooks.delete"))
        self.refresh = QPushButton(tr("admin.refresh"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.new)
        buttons.addWidget(self.delete)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh)

        self.webhook_table = _table(webhooks)
        header = self.webhook_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.delivery_table = _table(deliveries)
        log_header = self.delivery_table.horizontalHeader()
        for column in DeliveryColumn:
            log_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        log_header.setSectionResizeMode(DeliveryColumn.ERROR, QHeaderView.ResizeMode.Stretch)

        self.send_again = QPushButton(tr("webhooks.send_again"))
        self.log_title = _title(tr("webhooks.deliveries"))
        log_bar = QHBoxLayout()
        log_bar.addWidget(self.log_title, 1)
        log_bar.addWidget(self.send_again)
        self.hint = PlainLabel(tr("webhooks.pick_one"))
        self.hint.setObjectName("hint")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(_title(tr("webhooks.endpoints")))
        top_layout.addWidget(self.webhook_table, 1)
        signed = PlainLabel(tr("webhooks.signed"))
        signed.setObjectName("hint")
        signed.setWordWrap(True)
        top_layout.addWidget(signed)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(log_bar)
        bottom_layout.addWidget(self.hint)
        bottom_layout.addWidget(self.delivery_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.new.clicked.connect(self.create_requested)
        self.delete.clicked.connect(self._delete)
        self.refresh.clicked.connect(self.refresh_requested)
        self.send_again.clicked.connect(self._send_again)
        self.webhook_table.selectionModel().selectionChanged.connect(lambda _a, _b: self._webhook_changed())
        self.delivery_table.selectionModel().selectionChanged.connect(lambda _a, _b: self._buttons())
        self.delivery_table.doubleClicked.connect(lambda _index: self._send_again())
        webhooks.modelReset.connect(self._buttons)
        webhooks.modelReset.connect(self._fit_columns)
        deliveries.modelReset.connect(self._buttons)
        self._buttons()

    # ------------------------------------------------------------------ layout
    def _fit_columns(self) -> None:
        """Short columns as wide as their words up to a share of the table (then elided, whole in the
        tooltip); of what is left, the URL as much as it needs while the events keep at least half."""
        table, header = self.webhook_table, self.webhook_table.horizontalHeader()
        room = table.viewport().width() or self.width()

        def wanted(column: WebhookColumn) -> int:
            return max(table.sizeHintForColumn(column), header.sectionSizeHint(column))

        left = room
        for column, share in (
            (WebhookColumn.PERSONAL, 0.18),
            (WebhookColumn.SECRET, 0.08),
            (WebhookColumn.LAST, 0.2),
        ):
            width = min(wanted(column), int(room * share))
            header.resizeSection(column, width)
            left -= width  # not sectionSize: the last section stretches over whatever is left
        url = min(wanted(WebhookColumn.URL), max(left - wanted(WebhookColumn.EVENTS), left // 2))
        header.resizeSection(WebhookColumn.URL, url)
        header.resizeSection(WebhookColumn.EVENTS, max(left - url, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_columns)  # once the layout has given the table its new width

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_columns)

    # ------------------------------------------------------------------ selection
    def selected(self) -> Webhook | None:
        rows = self.webhook_table.selectionModel().selectedRows()
        return self.webhooks.webhook(rows[0].row()) if rows else None

    def select(self, webhook_id: int) -> None:
        row = self.webhooks.row_of(webhook_id)
        if row >= 0:
            self.webhook_table.selectRow(row)
            self.webhook_table.scrollTo(self.webhooks.index(row, 0, QModelIndex()))

    def selected_delivery(self) -> Delivery | None:
        rows = self.delivery_table.selectionModel().selectedRows()
        return self.deliveries.delivery(rows[0].row()) if rows else None

    def select_delivery(self, row: int) -> None:
        if self.deliveries.delivery(row) is not None:
            self.delivery_table.selectRow(row)

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def _webhook_changed(self) -> None:
        self._buttons()
        webhook = self.selected()
        if webhook is not None and webhook.id != self.deliveries.webhook_id:
            self.webhook_selected.emit(webhook.id)

    def _buttons(self) -> None:
        webhook = self.selected()
        self.delete.setEnabled(webhook is not None)
        delivery = self.selected_delivery()
        self.send_again.setEnabled(delivery is not None and delivery.can_send_again)
        self.hint.setVisible(webhook is None)

    def _delete(self) -> None:
        webhook = self.selected()
        if webhook is not None:
            self.delete_requested.emit(webhook.id)

    def _send_again(self) -> None:
        delivery = self.selected_delivery()
        if delivery is not None and delivery.can_send_again:
            self.send_again_requested.emit(delivery.id)
