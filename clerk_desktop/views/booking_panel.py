"""The selected booking: details, notes, documents checklist, identity check, join, check-in, outcome."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.booking import ATHENS, DOCUMENT_STATES, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.checklist_model import ChecklistModel
from clerk_desktop.models.selection import Selection
from clerk_desktop.models.wall_time import wall_clock
from clerk_desktop.views.co_applicants_box import CoApplicantsBox
from clerk_desktop.views.needs_marks import NeedsBanner
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.preflight_badge import PreflightBadge
from clerk_desktop.views.rescue_bar import RescueBar

OUTCOMES = ("completed", "documents_missing", "referred", "no_show")


class ReflowRow(QWidget):
    """Widgets side by side when they fit the width, one under the other when they do not.

    So the panel's minimum width is its widest button, not the sum of a row of them (1280×720 at 150 %).
    """

    def __init__(self, *widgets: QWidget, stretch_at: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.widgets = widgets
        for widget in widgets:
            self.box.addWidget(widget)
        self.box.insertStretch(stretch_at, 1)

    def _row_width(self) -> int:
        shown = [w for w in self.widgets if not w.isHidden()]
        return sum(w.sizeHint().width() for w in shown) + self.box.spacing() * max(0, len(shown) - 1)

    def minimumSizeHint(self) -> QSize:
        shown = [w for w in self.widgets if not w.isHidden()] or list(self.widgets)
        width = max(w.minimumSizeHint().width() for w in shown)
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if self._row_width() <= event.size().width()
            else QBoxLayout.Direction.TopToBottom
        )
        if self.box.direction() != wanted:
            self.box.setDirection(wanted)
        super().resizeEvent(event)


class StateDelegate(QStyledItemDelegate):
    """A drop-down of document states; choosing one commits at once; its column fits the longest state."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        probe = QComboBox()
        for state in DOCUMENT_STATES:
            probe.addItem(tr(f"doc.{state}"), state)
        return QSize(
            max(hint.width(), probe.sizeHint().width()), max(hint.height(), probe.sizeHint().height())
        )

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for state in DOCUMENT_STATES:
            combo.addItem(tr(f"doc.{state}"), state)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(
        self, editor: QWidget, model: object, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        index.model().setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class BookingPanel(QWidget):
    """Shows the selected booking as the store holds it, and follows both; emits what the clerk asks for."""

    notes_save_requested = Signal(str, str)
    identity_requested = Signal(str)
    join_requested = Signal(str)
    check_in_requested = Signal(str)
    outcome_requested = Signal(str, str, str)
    follow_up_requested = Signal(str)
    reschedule_requested = Signal(str)
    cancel_requested = Signal(str)
    co_applicant_identity_requested = Signal(str, int)  # issue 18: reference, co-applicant's position

    def __init__(
        self,
        checklist: ChecklistModel,
        store: BookingStore,
        selection: Selection,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.checklist = checklist
        self.store = store
        self.selection = selection
        self.booking: Booking | None = None
        self.now = datetime.now(ATHENS)
        self.join_lead_minutes = 10
        self.empty = PlainLabel(tr("panel.empty"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = PlainLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.fields = {
            key: PlainLabel() for key in ("reference", "when", "service", "mode", "citizen", "status")
        }
        for label in self.fields.values():
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, label in self.fields.items():
            form.addRow(tr(f"panel.{key}"), label)
        self.join = QPushButton(tr("panel.join"))
        self.join.setObjectName("primary")
        self.join_hint = PlainLabel()
        self.join_hint.setWordWrap(True)
        self.identity_badge = PlainLabel()
        self.identity_badge.setWordWrap(True)
        self.verify = QPushButton(tr("panel.verify"))
        self.check_in = QPushButton(tr("panel.check_in"))
        self.co_applicants = CoApplicantsBox()  # issue 18
        self.progress_label = PlainLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.table = QTableView()
        self.table.setModel(checklist)
        self.table.setItemDelegateForColumn(1, StateDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        # Names wrap onto as many lines as they need and the state column fits its longest word, so
        # nothing is cut and the table never asks for more width than the panel has.
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(160)
        self.table.verticalHeader().geometriesChanged.connect(self._fit_table)
        self.table.verticalHeader().sectionResized.connect(lambda *_: self._fit_table())
        self.table.setAccessibleName("Documents checklist")
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(80)
        self.save_notes = QPushButton(tr("panel.save_notes"))
        self.outcome = QComboBox()
        for code in OUTCOMES:
            self.outcome.addItem(tr(f"outcome.{code}"), code)
        self.outcome_note = QLineEdit()
        self.outcome_note.setPlaceholderText(tr("panel.outcome_note"))
        self.record = QPushButton(tr("panel.record_outcome"))
        self.outcome_hint = PlainLabel()
        self.outcome_hint.setObjectName("badgeWarn")
        self.outcome_hint.setWordWrap(True)
        self.follow_up = QPushButton(tr("panel.follow_up"))
        # «Εκτύπωση αποδεικτικού…»: the window puts its print and PDF actions in this menu.
        self.slip = QPushButton(tr("print.slip"))
        self.slip_menu = QMenu(self.slip)
        self.slip.setMenu(self.slip_menu)
        self.reschedule = QPushButton(tr("panel.reschedule"))
        self.cancel_booking = QPushButton(tr("panel.cancel_booking"))

        self.details = QWidget()
        layout = QVBoxLayout(self.details)
        layout.setContentsMargins(0, 0, 0, 0)
        self.needs_banner = NeedsBanner()  # issue 18: what the citizen asked for, first of all
        layout.addWidget(self.needs_banner)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.slip, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(ReflowRow(self.join, self.join_hint, stretch_at=2))
        self.preflight = PreflightBadge(store, selection)  # issue 18: the citizen's connection check
        layout.addWidget(self.preflight)
        self.rescue_bar = RescueBar.for_panel(store, selection)  # issue 18: call or «we missed you»
        layout.addWidget(self.rescue_bar)
        layout.addWidget(self.identity_badge)
        layout.addWidget(ReflowRow(self.verify, self.check_in, stretch_at=0))
        layout.addWidget(self.co_applicants)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(PlainLabel(tr("panel.notes")))
        layout.addWidget(self.notes)
        layout.addWidget(self.save_notes, 0, Qt.AlignmentFlag.AlignRight)
        outcome_row = QHBoxLayout()
        outcome_row.addWidget(PlainLabel(tr("panel.outcome")))
        outcome_row.addWidget(self.outcome, 1)
        self.outcome.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.outcome.setMinimumContentsLength(8)
        layout.addLayout(outcome_row)
        layout.addWidget(self.outcome_note)
        layout.addWidget(self.outcome_hint)
        layout.addWidget(ReflowRow(self.follow_up, self.record))
        layout.addWidget(ReflowRow(self.reschedule, self.cancel_booking))
        outer = QVBoxLayout(self)
        outer.addWidget(self.empty)
        outer.addWidget(self.details)

        self.join.clicked.connect(lambda: self._emit(self.join_requested))
        self.verify.clicked.connect(lambda: self._emit(self.identity_requested))
        self.check_in.clicked.connect(lambda: self._emit(self.check_in_requested))
        self.follow_up.clicked.connect(lambda: self._emit(self.follow_up_requested))
        self.reschedule.clicked.connect(lambda: self._emit(self.reschedule_requested))
        self.cancel_booking.clicked.connect(lambda: self._emit(self.cancel_requested))
        self.save_notes.clicked.connect(self._save_notes)
        self.co_applicants.identity_requested.connect(self._co_applicant_identity)
        self.record.clicked.connect(self._record)
        self.outcome.currentIndexChanged.connect(lambda _i: self._refresh_actions())
        checklist.dataChanged.connect(lambda *_: self._refresh_progress())
        checklist.modelReset.connect(self._refresh_progress)
        selection.changed.connect(self._selection_changed)
        store.booking_upserted.connect(self._booking_upserted)
        self.show_booking(None)

    def _selection_changed(self, reference: str | None) -> None:
        self.show_booking(self.store.get(reference) if reference else None)

    def _booking_upserted(self, booking: Booking) -> None:
        if booking.reference == self.selection.current:
            self.show_booking(booking)

    def _emit(self, signal: SignalInstance) -> None:
        if self.booking is not None:
            signal.emit(self.booking.reference)

    def _co_applicant_identity(self, position: int) -> None:
        if self.booking is not None:
            self.co_applicant_identity_requested.emit(self.booking.reference, position)

    def _save_notes(self) -> None:
        if self.booking is not None:
            self.notes_save_requested.emit(self.booking.reference, self.notes.toPlainText())

    def _record(self) -> None:
        if self.booking is not None and self.record.isEnabled():
            self.outcome_requested.emit(
                self.booking.reference, str(self.outcome.currentData()), self.outcome_note.text().strip()
            )

    def set_now(self, now: datetime) -> None:
        self.now = now
        self._refresh_actions()

    def show_booking(self, booking: Booking | None) -> None:
        """Show ``booking`` (or nothing); typed-but-unsaved notes of the same booking are kept."""
        same = (
            booking is not None and self.booking is not None and booking.reference == self.booking.reference
        )
        unsaved = same and self.booking is not None and self.notes.toPlainText() != self.booking.notes
        self.booking = booking
        self.checklist.set_booking(booking)
        self.needs_banner.show_needs(booking)
        self.empty.setVisible(booking is None)
        self.details.setVisible(booking is not None)
        if booking is None:
            return
        lang = language()
        self.title.setText(f"{booking.citizen_name} — {booking.service_name(lang)}")
        start = booking.start.astimezone(ATHENS)
        self.fields["reference"].setText(booking.reference)
        self.fields["when"].setText(
            f"{tr('weekday.' + str(start.weekday()))} {start:%d/%m/%Y} {wall_clock(start)}–"
            f"{wall_clock(booking.end)} ({booking.duration_minutes}′)"
        )
        self.fields["service"].setText(booking.service_name(lang))
        self.fields["mode"].setText(tr(f"mode.{booking.mode}"))
        contact = f"{booking.citizen_name}\n{booking.citizen_email} · {booking.citizen_phone}"
        if booking.via_taxisnet:
            contact += f"\n{tr('panel.taxisnet')}"
        self.fields["citizen"].setText(contact)
        self.fields["status"].setText(tr(f"status.{booking.status}"))
        if not unsaved:
            self.notes.setPlainText(booking.notes)
        if booking.identity is not None:
            self.identity_badge.setText(
                tr("panel.verified", document=tr(f"identity.{booking.identity.document_type}"))
            )
            self.identity_badge.setObjectName("badgeOk")
        else:
            self.identity_badge.setText(tr("panel.not_verified"))
            self.identity_badge.setObjectName("badgeWarn")
        self.identity_badge.style().unpolish(self.identity_badge)
        self.identity_badge.style().polish(self.identity_badge)
        self.co_applicants.show_booking(booking)
        self._refresh_progress()
        self._refresh_actions()

    def _fit_table(self) -> None:
        """Tall enough for every document (up to a dozen lines): the panel scrolls, not the checklist."""
        rows = self.table.verticalHeader().length()
        chrome = self.table.horizontalHeader().height() + 2 * self.table.frameWidth() + 8
        self.table.setMinimumHeight(max(160, min(rows + chrome, 16 * self.fontMetrics().lineSpacing())))

    def _refresh_progress(self) -> None:
        done, total = self.checklist.progress()
        self.progress_label.setText(tr("panel.documents", done=done, total=total))
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def _refresh_actions(self) -> None:
        booking = self.booking
        if booking is None:
            return
        self.join.setVisible(booking.is_teleconference)
        self.join_hint.setVisible(booking.is_teleconference)
        can_join = booking.can_join(self.now, self.join_lead_minutes)
        self.join.setEnabled(can_join)
        self.join_hint.setText("" if can_join else tr("panel.join_later", minutes=self.join_lead_minutes))
        self.verify.setEnabled(booking.is_open)
        self.check_in.setVisible(not booking.is_teleconference)
        can_check_in = booking.can_check_in(self.now)
        self.check_in.setEnabled(can_check_in)
        self.check_in.setToolTip(
            "" if can_check_in or booking.status != "confirmed" else tr("lifecycle.check_in_on_the_day")
        )
        # The choices follow the lifecycle: no «no-show» before the start or after a check-in.
        allowed = booking.outcomes_allowed(self.now)
        offered = tuple(str(self.outcome.itemData(i)) for i in range(self.outcome.count()))
        if allowed and offered != allowed:
            previous = str(self.outcome.currentData())
            self.outcome.blockSignals(True)
            self.outcome.clear()
            for code in allowed:
                self.outcome.addItem(tr(f"outcome.{code}"), code)
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(previous)))
            self.outcome.blockSignals(False)
        chosen = str(self.outcome.currentData())
        needs_identity = chosen != "no_show" and booking.identity is None
        # Issue 18: a joint appointment needs every co-applicant's identity too.
        needs_co = chosen != "no_show" and not CoApplicantsBox.all_verified(booking)
        self.record.setEnabled(bool(allowed) and not needs_identity and not needs_co)
        hint = (
            tr("coapp.needs_identity") if needs_co else tr("panel.needs_identity") if needs_identity else ""
        )
        self.outcome_hint.setText(hint if allowed else "")
        for widget in (self.outcome, self.outcome_note):
            widget.setEnabled(bool(allowed))
        self.table.setEnabled(booking.status not in ("cancelled",))
        self.save_notes.setEnabled(not booking.is_cancelled)
        self.follow_up.setEnabled(not booking.is_cancelled)
        self.slip.setEnabled(not booking.is_cancelled and not booking.is_hold)
        changeable = booking.can_change_time(self.now)
        for button in (self.reschedule, self.cancel_booking):
            button.setEnabled(changeable)
            button.setToolTip("" if changeable else tr("panel.change_not_now"))
