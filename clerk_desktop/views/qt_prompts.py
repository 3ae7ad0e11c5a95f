"""The real ``Prompts``: each question as its Qt dialog, parented to the window the desktop shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QWidget

from clerk_desktop.models.absences import AbsenceFormValues, AbsenceListModel
from clerk_desktop.models.board import Clerk
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.catalogue import GroupValues, MunicipalityValues
from clerk_desktop.models.closures import AffectedBooking, ClosureFormValues
from clerk_desktop.models.new_booking import NewBookingModel
from clerk_desktop.models.staff_accounts import StaffFormValues
from clerk_desktop.models.webhooks import WebhookFormValues
from clerk_desktop.views.absence_dialogs import AbsenceAttempt, AbsenceDialog, MyAbsencesDialog
from clerk_desktop.views.account_dialogs import (
    AccountAttempt,
    AccountValues,
    ChangePasswordDialog,
    MyAccountDialog,
    PasswordAttempt,
)
from clerk_desktop.views.cancel_dialog import CancelDialog
from clerk_desktop.views.catalogue_dialogs import (
    GroupAttempt,
    GroupDialog,
    MunicipalityAttempt,
    MunicipalityDialog,
)
from clerk_desktop.views.closure_dialogs import AffectedBookingsDialog, ClosureAttempt, ClosureDialog
from clerk_desktop.views.data_protection_window import ask_save_path
from clerk_desktop.views.dialogs import (
    CalendarLinkDialog,
    Credentials,
    FollowUpDialog,
    IdentityDialog,
    IdentityResult,
    LoginDialog,
    SettingsDialog,
    SettingsValues,
)
from clerk_desktop.views.new_booking_dialog import NewBookingDialog
from clerk_desktop.views.plain_text import plain_choice, plain_warning
from clerk_desktop.views.reschedule_dialog import RescheduleChoice, RescheduleDialog
from clerk_desktop.views.staff_dialogs import PasswordIssueDialog, StaffAttempt, StaffDialog, StaffFormChoices
from clerk_desktop.views.stats_view import StatsView
from clerk_desktop.views.supervisor_dialogs import CoverDialog, ReassignDialog
from clerk_desktop.views.webhook_dialogs import WebhookAttempt, WebhookDialog

if TYPE_CHECKING:
    from clerk_desktop.prompts import AbsenceRequestsForm, CalendarLinkForm, CoverForm, NewBookingForm


class QtPrompts:
    """Opens the dialogs; ``parent`` gives the window they belong to (None before sign-in)."""

    def __init__(self, *, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self.parent = parent

    def login(
        self, server: str, username: str, attempt: Callable[[Credentials], str | None]
    ) -> Credentials | None:
        return LoginDialog.ask(server, username, attempt, self.parent())

    def identity(self, citizen_name: str, via_taxisnet: bool) -> IdentityResult | None:
        return IdentityDialog.ask(citizen_name, via_taxisnet, self.parent())

    def follow_up(self, citizen_name: str, service_name: str, slots: list[str]) -> str | None:
        return FollowUpDialog.ask(citizen_name, service_name, slots, self.parent())

    def settings(self, values: SettingsValues) -> SettingsValues | None:
        return SettingsDialog.ask(values, self.parent())

    def reassign(self, reference: str, candidates: list[tuple[int, str]]) -> int | None:
        return ReassignDialog.ask(reference, candidates, self.parent())

    def cover(self, clerks: list[Clerk], wire: Callable[[CoverForm], None]) -> None:
        dialog = CoverDialog(clerks, self.parent())
        wire(dialog)
        dialog.exec()

    def save_path(self, suggested: str) -> str | None:
        return StatsView.ask_save_path(self.parent(), suggested)

    def save_file(self, title: str, suggested: str, file_filter: str, suffix: str) -> str | None:
        return ask_save_path(self.parent(), title, suggested, file_filter, suffix)

    def warn(self, title: str, text: str) -> None:
        plain_warning(self.parent(), title, text)

    def change_password(self, attempt: PasswordAttempt, *, forced: bool, current: str = "") -> bool:
        dialog = ChangePasswordDialog(attempt, forced=forced, current=current, parent=self.parent())
        return dialog.exec() == ChangePasswordDialog.DialogCode.Accepted

    def my_account(
        self,
        values: AccountValues,
        attempt: AccountAttempt,
        change_password: Callable[[], None],
        username: str,
        *,
        absence_requests: Callable[[], None] | None = None,
    ) -> None:
        MyAccountDialog(
            values,
            attempt,
            change_password,
            username=username,
            parent=self.parent(),
            absence_requests=absence_requests,
        ).exec()

    def staff_form(
        self, values: StaffFormValues, choices: StaffFormChoices, attempt: StaffAttempt, *, creating: bool
    ) -> bool:
        dialog = StaffDialog(values, choices, attempt, creating=creating, parent=self.parent())
        return dialog.exec() == StaffDialog.DialogCode.Accepted

    def password_issued(self, name: str, issue: dict[str, str]) -> None:
        PasswordIssueDialog(name, issue, self.parent()).exec()

    def choose(self, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
        return plain_choice(self.parent(), title, text, options)

    # ------------------------------------------------------------------ absences (issue 14)
    def absence_form(
        self, values: AbsenceFormValues, clerks: list[tuple[int, str]], attempt: AbsenceAttempt, *, title: str
    ) -> bool:
        dialog = AbsenceDialog(values, clerks, attempt, title=title, parent=self.parent())
        return dialog.exec() == AbsenceDialog.DialogCode.Accepted

    def absence_requests(self, model: AbsenceListModel, wire: Callable[[AbsenceRequestsForm], None]) -> None:
        dialog = MyAbsencesDialog(model, self.parent())
        wire(dialog)
        dialog.exec()

    def ask_text(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(self.parent(), title, label)
        return text if ok else None

    # ------------------------------------------------------------------ closures (issue 14)
    def closure_form(self, values: ClosureFormValues, attempt: ClosureAttempt, *, today: date) -> bool:
        dialog = ClosureDialog(values, attempt, today=today, parent=self.parent())
        return dialog.exec() == ClosureDialog.DialogCode.Accepted

    def closure_affected(self, name: str, bookings: list[AffectedBooking]) -> bool:
        dialog = AffectedBookingsDialog(name, bookings, self.parent())
        return dialog.exec() == AffectedBookingsDialog.DialogCode.Accepted

    # ------------------------------------------------------------------ catalogue (issue 14)
    def group_form(self, values: GroupValues, attempt: GroupAttempt, *, creating: bool) -> bool:
        dialog = GroupDialog(values, attempt, creating=creating, parent=self.parent())
        return dialog.exec() == GroupDialog.DialogCode.Accepted

    # ------------------------------------------------------------------ webhooks (issue 17)
    def webhook_form(self, values: WebhookFormValues, attempt: WebhookAttempt) -> bool:
        dialog = WebhookDialog(values, attempt, parent=self.parent())
        return dialog.exec() == WebhookDialog.DialogCode.Accepted

    def municipality_form(
        self,
        values: MunicipalityValues,
        attempt: MunicipalityAttempt,
        *,
        read_only: bool,
        timezone_locked: bool,
    ) -> bool:
        dialog = MunicipalityDialog(
            values, attempt, read_only=read_only, timezone_locked=timezone_locked, parent=self.parent()
        )
        return dialog.exec() == MunicipalityDialog.DialogCode.Accepted

    # ------------------------------------------------------------------ calendar-feed link (issue 15)
    def calendar_link_form(self, url: str, wire: Callable[[CalendarLinkForm], None]) -> None:
        dialog = CalendarLinkDialog(url, self.parent())
        wire(dialog)
        dialog.exec()

    # ------------------------------------------------------------------ moving and cancelling (issue 15)
    def reschedule(
        self, *, citizen_name: str, service_name: str, when: str, slots: list[str], current_start: str
    ) -> RescheduleChoice | None:
        return RescheduleDialog.ask(
            citizen_name=citizen_name,
            service_name=service_name,
            when=when,
            slots=slots,
            current_start=current_start,
            parent=self.parent(),
        )

    def cancel_booking(
        self, *, citizen_name: str, service_name: str, when: str, has_email: bool
    ) -> str | None:
        return CancelDialog.ask(
            citizen_name=citizen_name,
            service_name=service_name,
            when=when,
            has_email=has_email,
            parent=self.parent(),
        )

    # ------------------------------------------------------------------ front desk (issue 15)
    def new_booking_form(self, model: NewBookingModel, wire: Callable[[NewBookingForm], None]) -> None:
        dialog = NewBookingDialog(model, today=datetime.now(ATHENS).date(), parent=self.parent())
        wire(dialog)
        dialog.ask_times()  # the first service's times, now that the actions listen
        dialog.exec()
