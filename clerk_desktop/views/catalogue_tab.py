"""The «Υπηρεσίες» tab: the group → service tree on the left, the chosen service's form on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.catalogue_items import CatalogueRole, CatalogueTreeModel, DocumentListModel
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.service_form import ServiceForm


class CatalogueTab(QWidget):
    """Reads its models; every button asks the controller by signal, naming what is selected."""

    municipality_chosen = Signal(str)
    service_chosen = Signal(int)
    group_chosen = Signal(int)
    show_retired_changed = Signal(bool)
    save_requested = Signal()
    new_service_requested = Signal()
    active_change_requested = Signal(bool)
    new_group_requested = Signal()
    edit_group_requested = Signal()
    municipality_settings_requested = Signal()
    refresh_requested = Signal()

    def __init__(
        self, tree: CatalogueTreeModel, documents: DocumentListModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tree_model = tree
        self.municipality = QComboBox()
        self.municipality.hide()
        self.show_retired = QCheckBox(tr("catalogue.show_retired"))
        self.show_retired.setChecked(tree.show_retired)
        self.tree = QTreeView()
        self.tree.setModel(tree)
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.new_service = QPushButton(tr("catalogue.new_service"))
        self.new_group = QPushButton(tr("catalogue.new_group"))
        self.edit_group = QPushButton(tr("catalogue.edit_group"))
        self.settings = QPushButton(tr("catalogue.municipality_settings"))
        self.refresh = QPushButton(tr("admin.refresh"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.municipality)
        left_layout.addWidget(self.show_retired)
        left_layout.addWidget(self.tree, 1)
        group_row = QHBoxLayout()
        group_row.addWidget(self.new_group)
        group_row.addWidget(self.edit_group)
        left_layout.addWidget(self.new_service)
        left_layout.addLayout(group_row)
        settings_row = QHBoxLayout()
        settings_row.addWidget(self.settings, 1)
        settings_row.addWidget(self.refresh)
        left_layout.addLayout(settings_row)

        self.heading = PlainLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.form = ServiceForm(documents)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.save = QPushButton(tr("admin.save"))
        self.save.setObjectName("primary")
        self.toggle_active = QPushButton(tr("catalogue.retire"))
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.toggle_active)
        buttons.addWidget(self.save)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(scroll, 1)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([320, 860])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._quiet = False
        self.municipality.currentIndexChanged.connect(self._municipality_changed)
        self.show_retired.toggled.connect(self.show_retired_changed)
        self.tree.selectionModel().currentChanged.connect(lambda current, _old: self._chosen(current))
        tree.modelReset.connect(self.tree.expandAll)
        tree.rowsInserted.connect(lambda *_args: self.tree.expandAll())
        self.save.clicked.connect(self.save_requested)
        self.new_service.clicked.connect(self.new_service_requested)
        self.toggle_active.clicked.connect(lambda: self.active_change_requested.emit(self._retire_next()))
        self.new_group.clicked.connect(self.new_group_requested)
        self.edit_group.clicked.connect(self.edit_group_requested)
        self.settings.clicked.connect(self.municipality_settings_requested)
        self.refresh.clicked.connect(self.refresh_requested)
        self.active = True
        self.show_service(None, active=True, admin=False)

    # ------------------------------------------------------------------ what the controller sets
    def set_municipalities(self, municipalities: list[tuple[str, str]], chosen: str | None) -> None:
        """The admin's choice of municipality (hidden for a supervisor, who has one)."""
        self._quiet = True
        self.municipality.clear()
        for slug, name in municipalities:
            self.municipality.addItem(name, slug)
        self.municipality.setCurrentIndex(max(0, self.municipality.findData(chosen)))
        self.municipality.setVisible(bool(municipalities))
        self._quiet = False

    def set_admin(self, admin: bool) -> None:
        for button in (self.new_service, self.new_group, self.edit_group):
            button.setEnabled(admin)
        self.toggle_active.setVisible(admin)

    def show_service(self, title: str | None, *, active: bool, admin: bool) -> None:
        """The heading and buttons for the service shown (None: nothing chosen, form hidden)."""
        self.active = active
        self.heading.setText(title or tr("catalogue.choose"))
        self.form.setVisible(title is not None)
        self.save.setEnabled(title is not None)
        self.toggle_active.setText(tr("catalogue.retire" if active else "catalogue.reactivate"))
        self.toggle_active.setEnabled(title is not None and admin)

    def select(self, kind: str, item_id: int) -> None:
        """Select a group or service without asking the controller again."""
        index = self.tree_model.index_of(kind, item_id)
        self._quiet = True
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.tree.scrollTo(index)
        else:
            self.tree.selectionModel().clearSelection()
        self._quiet = False

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    # ------------------------------------------------------------------ what the user does
    def _retire_next(self) -> bool:
        return not self.active

    def _municipality_changed(self, _index: int) -> None:
        slug = self.municipality.currentData()
        if not self._quiet and slug:
            self.municipality_chosen.emit(str(slug))

    def _chosen(self, index: QModelIndex) -> None:
        if self._quiet or not index.isValid():
            return
        item_id = int(index.data(CatalogueRole.ID))
        if index.data(CatalogueRole.KIND) == "service":
            self.service_chosen.emit(item_id)
        else:
            self.group_chosen.emit(item_id)
