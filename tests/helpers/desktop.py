"""Desktop fakes: a keyring that forgets, prompts that answer without a modal, desktops that shut down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from keyring.backend import KeyringBackend
from PySide6.QtCore import QSettings

from tests.helpers.world import PASSWORD

if TYPE_CHECKING:
    from clerk_desktop.desktop import Desktop
    from clerk_desktop.models.absences import AbsenceFormValues, AbsenceListModel
    from clerk_desktop.models.board import Clerk
    from clerk_desktop.models.catalogue import GroupValues, MunicipalityValues
    from clerk_desktop.models.closures import AffectedBooking, ClosureFormValues
    from clerk_desktop.models.new_booking import NewBookingModel
    from clerk_desktop.models.staff_accounts import StaffFormValues
    from clerk_desktop.models.webhooks import WebhookFormValues
    from clerk_desktop.prompts import AbsenceRequestsForm, CalendarLinkForm, CoverForm, NewBookingForm
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
    from clerk_desktop.views.dialogs import CalendarLinkDialog, Credentials, IdentityResult, SettingsValues
    from clerk_desktop.views.new_booking_dialog import NewBookingDialog
    from clerk_desktop.views.reschedule_dialog import RescheduleChoice, RescheduleDialog
    from clerk_desktop.views.staff_dialogs import StaffAttempt, StaffDialog, StaffFormChoices
    from clerk_desktop.views.webhook_dialogs import WebhookAttempt, WebhookDialog


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything after the test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


class FakePrompts:
    """The desktop's ``Prompts`` without a modal: answers from the test, and a record of what was asked.

    Each ``answer_*`` attribute may be replaced by a test; by default the user cancels.
    """

    def __init__(self, credentials: Credentials, *, logins: list[str] | None = None) -> None:
        self.credentials = credentials
        self.logins: list[str] = logins if logins is not None else []
        self.warnings: list[str] = []
        self.calendar_links: list[str] = []
        self.covers: list[CoverForm] = []
        self.answer_identity: Callable[[str, bool], IdentityResult | None] = lambda name, taxisnet: None
        self.answer_follow_up: Callable[[str, str, list[str]], str | None] = lambda name, service, slots: None
        self.answer_settings: Callable[[SettingsValues], SettingsValues | None] = lambda values: None
        self.answer_reassign: Callable[[str, list[tuple[int, str]]], int | None] = lambda ref, candidates: (
            None
        )
        self.answer_cover: Callable[[CoverForm], None] = lambda form: None
        self.answer_save_path: Callable[[str], str | None] = lambda suggested: None
        self.answer_save_file: Callable[[str, str], str | None] = lambda suggested, suffix: None
        self.before_login: Callable[[], None] = lambda: None  # runs as the dialog opens
        # Issue 14: the real dialogs are built (never shown) and handed to the test to fill and submit.
        self.answer_change_password: Callable[[ChangePasswordDialog], None] = lambda dialog: None
        self.answer_my_account: Callable[[MyAccountDialog], None] = lambda dialog: None
        self.answer_staff_form: Callable[[StaffDialog], None] = lambda dialog: None
        self.answer_choose: Callable[[str, list[tuple[str, str]]], str | None] = lambda text, options: None
        self.password_forms: list[ChangePasswordDialog] = []
        self.staff_forms: list[StaffDialog] = []
        self.issued: list[tuple[str, dict[str, str]]] = []
        self.questions: list[str] = []
        # Absences (issue 14): the real forms, built and handed to the test.
        self.answer_absence_form: Callable[[AbsenceDialog], None] = lambda dialog: None
        self.answer_absence_requests: Callable[[MyAbsencesDialog], None] = lambda form: None
        self.answer_text: Callable[[str], str | None] = lambda label: ""
        self.absence_forms: list[AbsenceDialog] = []
        self.absence_request_forms: list[MyAbsencesDialog] = []

        # Closures (issue 14): the real dialogs, built and handed to the test, never shown.
        self.answer_closure_form: Callable[[ClosureDialog], None] = lambda dialog: None
        self.answer_closure_affected: Callable[[AffectedBookingsDialog], None] = lambda dialog: None
        self.closure_forms: list[ClosureDialog] = []
        self.affected_lists: list[AffectedBookingsDialog] = []

        # The catalogue tab's dialogs, built (never shown) and handed to the test.
        self.answer_group_form: Callable[[GroupDialog], None] = lambda dialog: None
        self.answer_municipality_form: Callable[[MunicipalityDialog], None] = lambda dialog: None
        self.group_forms: list[GroupDialog] = []
        self.municipality_forms: list[MunicipalityDialog] = []

        # The calendar-feed link dialog (issue 15), built (never shown) and handed to the test.
        self.answer_calendar_link_form: Callable[[CalendarLinkDialog], None] = lambda dialog: None
        self.calendar_link_forms: list[CalendarLinkDialog] = []
        # «Νέα κράτηση» (issue 15): the real dialog, wired like the app's and kept for the test to drive.
        self.new_booking_forms: list[NewBookingDialog] = []
        self.new_booking_today: date | None = None  # the dialog's first day; the wall clock's by default

        # Moving and cancelling from the desk (issue 15): the real dialogs, built and handed to the test.
        self.answer_reschedule: Callable[[RescheduleDialog], None] = lambda dialog: None
        self.answer_cancel_booking: Callable[[CancelDialog], None] = lambda dialog: None
        self.reschedule_forms: list[RescheduleDialog] = []
        self.cancel_forms: list[CancelDialog] = []

        # Webhooks (issue 17): the real form, built (never shown) and handed to the test.
        self.answer_webhook_form: Callable[[WebhookDialog], None] = lambda dialog: None
        self.webhook_forms: list[WebhookDialog] = []

    def login(
        self, server: str, username: str, attempt: Callable[[Credentials], str | None]
    ) -> Credentials | None:
        self.before_login()
        self.logins.append(self.credentials.username)
        assert attempt(self.credentials) is None
        return self.credentials

    def identity(self, citizen_name: str, via_taxisnet: bool) -> IdentityResult | None:
        return self.answer_identity(citizen_name, via_taxisnet)

    def follow_up(self, citizen_name: str, service_name: str, slots: list[str]) -> str | None:
        return self.answer_follow_up(citizen_name, service_name, slots)

    def settings(self, values: SettingsValues) -> SettingsValues | None:
        return self.answer_settings(values)

    def reassign(self, reference: str, candidates: list[tuple[int, str]]) -> int | None:
        return self.answer_reassign(reference, candidates)

    def cover(self, clerks: list[Clerk], wire: Callable[[CoverForm], None]) -> None:
        from clerk_desktop.views.supervisor_dialogs import CoverDialog

        form = CoverDialog(clerks)  # wired like the real one, never shown
        wire(form)
        self.covers.append(form)
        self.answer_cover(form)

    def save_path(self, suggested: str) -> str | None:
        return self.answer_save_path(suggested)

    def save_file(self, title: str, suggested: str, file_filter: str, suffix: str) -> str | None:
        return self.answer_save_file(suggested, suffix)

    def warn(self, title: str, text: str) -> None:
        self.warnings.append(text)

    def change_password(self, attempt: PasswordAttempt, *, forced: bool, current: str = "") -> bool:
        from clerk_desktop.views.account_dialogs import ChangePasswordDialog

        dialog = ChangePasswordDialog(attempt, forced=forced, current=current)
        self.password_forms.append(dialog)
        self.answer_change_password(dialog)
        return dialog.result() == ChangePasswordDialog.DialogCode.Accepted

    def my_account(
        self,
        values: AccountValues,
        attempt: AccountAttempt,
        change_password: Callable[[], None],
        username: str,
        *,
        absence_requests: Callable[[], None] | None = None,
    ) -> None:
        from clerk_desktop.views.account_dialogs import MyAccountDialog

        self.answer_my_account(
            MyAccountDialog(
                values, attempt, change_password, username=username, absence_requests=absence_requests
            )
        )

    def staff_form(
        self, values: StaffFormValues, choices: StaffFormChoices, attempt: StaffAttempt, *, creating: bool
    ) -> bool:
        from clerk_desktop.views.staff_dialogs import StaffDialog

        dialog = StaffDialog(values, choices, attempt, creating=creating)
        self.staff_forms.append(dialog)
        self.answer_staff_form(dialog)
        return dialog.result() == StaffDialog.DialogCode.Accepted

    def password_issued(self, name: str, issue: dict[str, str]) -> None:
        self.issued.append((name, issue))

    def choose(self, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
        self.questions.append(text)
        return self.answer_choose(text, options)

    # ------------------------------------------------------------------ absences (issue 14)
    def absence_form(
        self, values: AbsenceFormValues, clerks: list[tuple[int, str]], attempt: AbsenceAttempt, *, title: str
    ) -> bool:
        from clerk_desktop.views.absence_dialogs import AbsenceDialog

        dialog = AbsenceDialog(values, clerks, attempt, title=title)  # built, never shown
        self.absence_forms.append(dialog)
        self.answer_absence_form(dialog)
        return dialog.result() == AbsenceDialog.DialogCode.Accepted

    def absence_requests(self, model: AbsenceListModel, wire: Callable[[AbsenceRequestsForm], None]) -> None:
        from clerk_desktop.views.absence_dialogs import MyAbsencesDialog

        form = MyAbsencesDialog(model)
        wire(form)
        self.absence_request_forms.append(form)
        self.answer_absence_requests(form)

    def ask_text(self, title: str, label: str) -> str | None:
        return self.answer_text(label)

    def closure_form(self, values: ClosureFormValues, attempt: ClosureAttempt, *, today: date) -> bool:
        from clerk_desktop.views.closure_dialogs import ClosureDialog

        dialog = ClosureDialog(values, attempt, today=today)
        self.closure_forms.append(dialog)
        self.answer_closure_form(dialog)
        return dialog.result() == ClosureDialog.DialogCode.Accepted

    def closure_affected(self, name: str, bookings: list[AffectedBooking]) -> bool:
        from clerk_desktop.views.closure_dialogs import AffectedBookingsDialog

        dialog = AffectedBookingsDialog(name, bookings)
        self.affected_lists.append(dialog)
        self.answer_closure_affected(dialog)
        return dialog.result() == AffectedBookingsDialog.DialogCode.Accepted

    # ------------------------------------------------------------------ webhooks (issue 17)
    def webhook_form(self, values: WebhookFormValues, attempt: WebhookAttempt) -> bool:
        from clerk_desktop.views.webhook_dialogs import WebhookDialog

        dialog = WebhookDialog(values, attempt)
        self.webhook_forms.append(dialog)
        self.answer_webhook_form(dialog)
        return dialog.result() == WebhookDialog.DialogCode.Accepted

    # ------------------------------------------------------------------ catalogue (issue 14)
    def group_form(self, values: GroupValues, attempt: GroupAttempt, *, creating: bool) -> bool:
        from clerk_desktop.views.catalogue_dialogs import GroupDialog

        dialog = GroupDialog(values, attempt, creating=creating)
        self.group_forms.append(dialog)
        self.answer_group_form(dialog)
        return dialog.result() == GroupDialog.DialogCode.Accepted

    def municipality_form(
        self,
        values: MunicipalityValues,
        attempt: MunicipalityAttempt,
        *,
        read_only: bool,
        timezone_locked: bool,
    ) -> bool:
        from clerk_desktop.views.catalogue_dialogs import MunicipalityDialog

        dialog = MunicipalityDialog(values, attempt, read_only=read_only, timezone_locked=timezone_locked)
        self.municipality_forms.append(dialog)
        self.answer_municipality_form(dialog)
        return dialog.result() == MunicipalityDialog.DialogCode.Accepted

    # ------------------------------------------------------------------ calendar-feed link (issue 15)
    def calendar_link_form(self, url: str, wire: Callable[[CalendarLinkForm], None]) -> None:
        from clerk_desktop.views.dialogs import CalendarLinkDialog

        dialog = CalendarLinkDialog(url)  # wired like the real one, never shown
        wire(dialog)
        self.calendar_links.append(url)
        self.calendar_link_forms.append(dialog)
        self.answer_calendar_link_form(dialog)

    # ------------------------------------------------------------------ moving and cancelling (issue 15)
    def reschedule(
        self, *, citizen_name: str, service_name: str, when: str, slots: list[str], current_start: str
    ) -> RescheduleChoice | None:
        from clerk_desktop.views.reschedule_dialog import RescheduleDialog

        dialog = RescheduleDialog(
            citizen_name=citizen_name,
            service_name=service_name,
            when=when,
            slots=slots,
            current_start=current_start,
        )
        self.reschedule_forms.append(dialog)
        self.answer_reschedule(dialog)
        return dialog.chosen() if dialog.result() == RescheduleDialog.DialogCode.Accepted else None

    def cancel_booking(
        self, *, citizen_name: str, service_name: str, when: str, has_email: bool
    ) -> str | None:
        from clerk_desktop.views.cancel_dialog import CancelDialog

        dialog = CancelDialog(
            citizen_name=citizen_name, service_name=service_name, when=when, has_email=has_email
        )
        self.cancel_forms.append(dialog)
        self.answer_cancel_booking(dialog)
        return dialog.given() if dialog.result() == CancelDialog.DialogCode.Accepted else None

    def new_booking_form(self, model: NewBookingModel, wire: Callable[[NewBookingForm], None]) -> None:
        from clerk_desktop.models.booking import ATHENS
        from clerk_desktop.views.new_booking_dialog import NewBookingDialog

        today = self.new_booking_today or datetime.now(ATHENS).date()
        dialog = NewBookingDialog(model, today=today)  # never shown: no modal
        wire(dialog)
        dialog.ask_times()
        self.new_booking_forms.append(dialog)


class Desktops:
    """Makes signed-out desktops against one live server, and shuts every one of them down afterwards."""

    def __init__(self, settings: QSettings, url: str, *, now: Callable[[], datetime] | None = None) -> None:
        self.settings = settings
        self.url = url
        self.now = now  # the service's clock: the offline cache keeps the weeks around its "now"
        self.made: list[Desktop] = []

    def __call__(self, username: str = "clerk_a", *, logins: list[str] | None = None) -> Desktop:
        from clerk_desktop.desktop import Desktop
        from clerk_desktop.views.dialogs import Credentials

        prompts = FakePrompts(Credentials(self.url, username, PASSWORD), logins=logins)
        desktop = Desktop(self.settings, prompts=prompts, server_override=self.url)
        desktop.session.long_poll_seconds = 2
        if self.now is not None:
            desktop.session.now = self.now
        self.made.append(desktop)
        return desktop

    def shut_down(self) -> None:
        """Close each window and stop each session, then check no background work outlived it."""
        for desktop in self.made:
            window = desktop.window
            desktop.shutdown()
            if window is not None:
                window.close()
        for desktop in self.made:
            assert desktop.session.tasks.stop(timeout_seconds=10), desktop.session.tasks.running()
