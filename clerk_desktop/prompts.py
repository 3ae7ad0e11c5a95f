"""Every modal question the controllers may ask, as one injectable object, and how errors are told.

The controllers never open a dialog themselves: they call a ``Prompts``. The desktop passes the Qt
one (``views/qt_prompts.py``); tests pass a fake that answers and records, so no test opens a modal.
Errors are told one way, through a ``Reporter``: always in the window's status bar and the log, and
as a warning the user must acknowledge when it answers something they asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from clerk_desktop import refusals
from clerk_desktop.client.api import PasswordChangeRequired

if TYPE_CHECKING:
    from clerk_desktop.models.absences import AbsenceFormValues, AbsenceListModel
    from clerk_desktop.models.board import Clerk
    from clerk_desktop.models.catalogue import GroupValues, MunicipalityValues
    from clerk_desktop.models.closures import AffectedBooking, ClosureFormValues
    from clerk_desktop.models.new_booking import NewBookingModel
    from clerk_desktop.models.staff_accounts import StaffFormValues
    from clerk_desktop.models.webhooks import WebhookFormValues
    from clerk_desktop.views.absence_dialogs import AbsenceAttempt
    from clerk_desktop.views.account_dialogs import AccountAttempt, AccountValues, PasswordAttempt
    from clerk_desktop.views.catalogue_dialogs import GroupAttempt, MunicipalityAttempt
    from clerk_desktop.views.closure_dialogs import ClosureAttempt
    from clerk_desktop.views.dialogs import Credentials, IdentityResult, SettingsValues
    from clerk_desktop.views.reschedule_dialog import RescheduleChoice
    from clerk_desktop.views.staff_dialogs import StaffAttempt, StaffFormChoices
    from clerk_desktop.views.webhook_dialogs import WebhookAttempt

log = logging.getLogger(__name__)


class CoverOpener(Protocol):
    """Opens the supervisor's cover plan for a clerk, over the given days when they are known."""

    def __call__(self, staff_id: int, first: date | None = None, last: date | None = None) -> None: ...


class CalendarLinkForm(Protocol):
    """The link dialog as the actions drive it (a signal in, the new link or a status out)."""

    rotate_requested: Any  # Signal()

    def show_url(self, url: str) -> None: ...

    def show_status(self, text: str) -> None: ...

    def set_busy(self) -> None: ...


class CoverForm(Protocol):
    """The absence-cover form as the supervisor controller drives it (signals in, answers out)."""

    preview_requested: Any  # Signal(int, datetime, datetime)
    apply_requested: Any  # Signal(int, datetime, datetime, list)
    offer_requested: Any  # Signal(list)

    def set_plan(self, plan: dict[str, Any]) -> None: ...

    def choose_clerk(self, staff_id: int) -> None: ...

    def choose_range(self, first: date, last: date) -> None: ...

    def show_status(self, text: str) -> None: ...


class AbsenceRequestsForm(Protocol):
    """One's own absence requests as the controller drives them (signals in, status out)."""

    new_requested: Any  # Signal()
    withdraw_requested: Any  # Signal(int)

    def show_status(self, text: str) -> None: ...


class NewBookingForm(Protocol):
    """The «Νέα κράτηση» dialog as its actions drive it (signals in; answers go to its model)."""

    times_requested: Any  # Signal(int, str, date, NeedsEntry)
    book_requested: Any  # Signal(dict)
    walk_in_requested: Any  # Signal(dict)


class Prompts(Protocol):
    """Every question the desktop puts to the user; each returns None when the user cancels."""

    def login(
        self, server: str, username: str, attempt: Callable[[Credentials], str | None]
    ) -> Credentials | None:
        """Ask until ``attempt`` accepts the credentials (it returns an error message otherwise)."""
        ...

    def identity(self, citizen_name: str, via_taxisnet: bool) -> IdentityResult | None: ...

    def follow_up(self, citizen_name: str, service_name: str, slots: list[str]) -> str | None: ...

    def settings(self, values: SettingsValues) -> SettingsValues | None: ...

    def reassign(self, reference: str, candidates: list[tuple[int, str]]) -> int | None: ...

    def cover(self, clerks: list[Clerk], wire: Callable[[CoverForm], None]) -> None:
        """Show the cover form; ``wire`` connects it to the controller before it opens."""
        ...

    def save_path(self, suggested: str) -> str | None: ...

    def save_file(self, title: str, suggested: str, file_filter: str, suffix: str) -> str | None:
        """A file to write (``suffix`` added when left out), or None when the user cancels."""
        ...

    def warn(self, title: str, text: str) -> None: ...

    # ------------------------------------------------------------------ accounts (issue 14)
    def change_password(self, attempt: PasswordAttempt, *, forced: bool, current: str = "") -> bool:
        """Ask for the old and new password until ``attempt`` accepts them; False if the user gives up."""
        ...

    def my_account(
        self,
        values: AccountValues,
        attempt: AccountAttempt,
        change_password: Callable[[], None],
        username: str,
        *,
        absence_requests: Callable[[], None] | None = None,
    ) -> None: ...

    def staff_form(
        self, values: StaffFormValues, choices: StaffFormChoices, attempt: StaffAttempt, *, creating: bool
    ) -> bool:
        """The staff form until ``attempt`` saves it; False if cancelled."""
        ...

    def password_issued(self, name: str, issue: dict[str, str]) -> None:
        """Show a set-password link or temporary password, this once, to copy and hand over."""
        ...

    def choose(self, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
        """One of ``options`` (key, button text), or None for cancel."""
        ...

    # ------------------------------------------------------------------ absences (issue 14)
    def absence_form(
        self, values: AbsenceFormValues, clerks: list[tuple[int, str]], attempt: AbsenceAttempt, *, title: str
    ) -> bool:
        """The absence form until ``attempt`` saves it; ``clerks`` empty for one's own request."""
        ...

    def absence_requests(self, model: AbsenceListModel, wire: Callable[[AbsenceRequestsForm], None]) -> None:
        """One's own absences and requests; ``wire`` connects the form to the controller before it opens."""
        ...

    def ask_text(self, title: str, label: str) -> str | None:
        """A line of free text (may be empty), or None for cancel."""
        ...

    # ------------------------------------------------------------------ closures (issue 14)
    def closure_form(self, values: ClosureFormValues, attempt: ClosureAttempt, *, today: date) -> bool:
        """The «Νέο κλείσιμο» form until ``attempt`` saves it; False if cancelled."""
        ...

    def closure_affected(self, name: str, bookings: list[AffectedBooking]) -> bool:
        """The bookings a new closure falls on; True to e-mail their citizens an offer of a new time."""
        ...

    # ------------------------------------------------------------------ catalogue (issue 14)
    def group_form(self, values: GroupValues, attempt: GroupAttempt, *, creating: bool) -> bool:
        """A service group's form until ``attempt`` saves it; False if cancelled."""
        ...

    # ------------------------------------------------------------------ webhooks (issue 17)
    def webhook_form(self, values: WebhookFormValues, attempt: WebhookAttempt) -> bool:
        """The «Νέο webhook» form until ``attempt`` saves it; False if cancelled."""
        ...

    def municipality_form(
        self,
        values: MunicipalityValues,
        attempt: MunicipalityAttempt,
        *,
        read_only: bool,
        timezone_locked: bool,
    ) -> bool:
        """«Στοιχεία δήμου» until ``attempt`` saves it (or only shown, ``read_only``); False if cancelled."""
        ...

    # ------------------------------------------------------------------ calendar-feed link (issue 15)
    def calendar_link_form(self, url: str, wire: Callable[[CalendarLinkForm], None]) -> None:
        """The current feed link with Copy and «Νέος σύνδεσμος…»; ``wire`` connects it before it opens."""
        ...

    # ------------------------------------------------------------------ moving and cancelling (issue 15)
    def reschedule(
        self, *, citizen_name: str, service_name: str, when: str, slots: list[str], current_start: str
    ) -> RescheduleChoice | None:
        """A new time among the offered ``slots`` (and whether the clerk keeps the booking), or None."""
        ...

    def cancel_booking(
        self, *, citizen_name: str, service_name: str, when: str, has_email: bool
    ) -> str | None:
        """The reason for cancelling (required), or None when the clerk goes back."""
        ...

    # ------------------------------------------------------------------ front desk (issue 15)
    def new_booking_form(self, model: NewBookingModel, wire: Callable[[NewBookingForm], None]) -> None:
        """«Νέα κράτηση» over ``model``; ``wire`` connects it to the actions before it opens."""
        ...


def describe(exc: Exception) -> str:
    """The text to show for a failure: in the clerk's words by its code, else the server's message."""
    return refusals.describe(exc)


class Reporter:
    """Tells the user about a failure: status bar and log always, a warning when ``modal``."""

    def __init__(
        self,
        *,
        notify: Callable[[str], None],
        prompts: Prompts,
        on_password_change: Callable[[], object] | None = None,
    ) -> None:
        self.notify = notify
        self.prompts = prompts
        self.on_password_change = on_password_change  # a temporary password: ask for a new one, not fail

    def tell(self, text: str) -> None:
        log.info("told the user: %s", text)
        self.notify(text)

    def warn(self, title: str, text: str) -> None:
        self.tell(text)
        self.prompts.warn(title, text)

    def failed(self, exc: Exception, *, title: str = "", modal: bool = False) -> None:
        """Report ``exc``; ``modal`` for answers to something the user asked for and waits on."""
        if isinstance(exc, PasswordChangeRequired) and self.on_password_change is not None:
            self.on_password_change()
            return
        if modal:
            self.warn(title, describe(exc))
        else:
            self.tell(describe(exc))
