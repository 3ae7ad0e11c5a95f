"""One language at a time (issue 15, defect 7): Qt's own buttons and calendars, the server's refusals and
the service names all follow the interface language, against the live service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, QLocale, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QDateEdit,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QToolButton,
)

from clerk_desktop import qt_words
from clerk_desktop.i18n import language, set_language
from clerk_desktop.refusals import queued_refusal
from clerk_desktop.views.dialogs import Credentials
from service_api.domain.policy import Actor
from service_api.domain.rules import Outcome
from tests.helpers.clerk import WEEK_OF_T0, clerk_a_booking, clerk_of, prompts_of_clerk
from tests.helpers.clock import Clock
from tests.helpers.desktop import Desktops
from tests.helpers.world import World, athens

LIVE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the desktop against the live service
Buttons = QDialogButtonBox.StandardButton


@pytest.fixture
def speak(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """Switch the desktop's words and Qt's to a language; both come back afterwards."""
    previous_words, previous_locale = language(), QLocale()

    def switch(chosen: str) -> None:
        set_language(chosen)
        qt_words.use_language(chosen)

    yield switch
    set_language(previous_words)
    qt_words.forget()
    QLocale.setDefault(previous_locale)


def _texts(box: QDialogButtonBox, *buttons: QDialogButtonBox.StandardButton) -> list[str]:
    return [box.button(b).text() for b in buttons]


def _answer_question(qtbot: Any) -> list[str]:
    """Ask QMessageBox.question as the desktop would; read its buttons, then say No."""
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.extend(b.text().replace("&", "") for b in box.buttons())
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(0, read_and_close)
    answer = QMessageBox.question(None, "?", "?")
    assert answer == QMessageBox.StandardButton.No
    return seen


def test_standard_buttons_message_boxes_and_edit_menus_speak_the_interface_language(
    qtbot: Any, speak: Callable[[str], None]
) -> None:
    speak("el")
    box = QDialogButtonBox(
        Buttons.Ok | Buttons.Cancel | Buttons.Save | Buttons.Close | Buttons.RestoreDefaults
    )
    assert _texts(box, Buttons.Ok, Buttons.Cancel) == ["Εντάξει", "Άκυρο"]
    assert _texts(box, Buttons.Save, Buttons.Close, Buttons.RestoreDefaults) == [
        "Αποθήκευση",
        "Κλείσιμο",
        "Επαναφορά προεπιλογών",
    ]
    assert set(_answer_question(qtbot)) == {"Ναι", "Όχι"}
    details = QMessageBox(QMessageBox.Icon.Warning, "!", "!")
    details.setDetailedText("…")
    assert any(b.text() == "Εμφάνιση λεπτομερειών…" for b in details.buttons())
    line = QLineEdit()
    qtbot.addWidget(line)
    menu = line.createStandardContextMenu()
    assert [a.text().split("\t")[0] for a in menu.actions() if a.text()][-1] == "Επιλογή όλων"

    speak("en")
    box = QDialogButtonBox(Buttons.Ok | Buttons.Cancel)
    assert _texts(box, Buttons.Ok, Buttons.Cancel) == ["OK", "Cancel"]
    assert set(_answer_question(qtbot)) == {"Yes", "No"}


def test_calendars_and_dates_name_months_and_days_in_greek(qtbot: Any, speak: Callable[[str], None]) -> None:
    speak("el")
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    calendar.setSelectedDate(QDate(2026, 12, 1))
    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    assert month is not None and month.text() == "Δεκέμβριος"
    assert QLocale().toString(QDate(2026, 12, 1), "dddd d MMMM yyyy") == "Τρίτη 1 Δεκεμβρίου 2026"
    popup = QDateEdit(QDate(2026, 12, 1))
    popup.setCalendarPopup(True)
    popup.setDisplayFormat("d MMMM yyyy")
    qtbot.addWidget(popup)
    assert popup.text() == "1 Δεκεμβρίου 2026"

    speak("en")
    assert QLocale().toString(QDate(2026, 12, 1), "dddd d MMMM yyyy") == "Tuesday 1 December 2026"


@LIVE
@pytest.mark.parametrize(
    "chosen, told", [("el", "Λάθος όνομα χρήστη ή κωδικός."), ("en", "Wrong username or password.")]
)
def test_a_wrong_password_is_told_in_the_desktops_language(
    desktops: Desktops, speak: Callable[[str], None], chosen: str, told: str
) -> None:
    speak(chosen)
    desktop = desktops()
    prompts = desktop.prompts
    refusals: list[str | None] = []

    def login(server: str, username: str, attempt: Callable[[Credentials], str | None]) -> None:
        refusals.append(attempt(Credentials(desktops.url, "clerk_a", "not the password")))

    prompts.login = login  # type: ignore[method-assign,assignment]
    assert not desktop.session.log_in()
    assert refusals == [told]


@LIVE
def test_a_refused_queued_outcome_reads_in_clerk_words(
    qtbot: Any, world: World, clock: Clock, desktops: Desktops
) -> None:
    desktop = desktops()
    assert desktop.start()
    controller = clerk_of(desktop)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: controller.store.get(ref) is not None, timeout=10000)
    # Meanwhile, at another desk, the citizen was recorded as not having come.
    clock.now = athens(1, 10, 30)
    clerk_a = Actor("staff", world.staff["clerk_a"], "clerk")
    world.rt.clerk_actions.record_outcome(reference=ref, outcome=Outcome.NO_SHOW, actor=clerk_a)
    from clerk_desktop.client.actions import Action

    controller.submit(Action.outcome(ref, "completed", ""))
    warnings = prompts_of_clerk(controller).warnings
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert warnings[0] == (
        f"Η καταχώριση έκβασης για το {ref} δεν έγινε: "
        "ένα ραντεβού όπου ο πολίτης δεν προσήλθε δεν μπορεί να γίνει «Ολοκληρώθηκε»."
    )


def test_the_issues_refusal_reads_as_the_clerk_would_say_it(speak: Callable[[str], None]) -> None:
    said = queued_refusal(
        "WST2-94JC",
        "outcome",
        "invalid_transition",
        "A booking that is completed cannot become no_show.",
        {"from": "completed", "to": "no_show"},
    )
    assert said == (
        "Η καταχώριση έκβασης για το WST2-94JC δεν έγινε: "
        "ένα ολοκληρωμένο ραντεβού δεν μπορεί να γίνει «Δεν προσήλθε»."
    )
    speak("en")
    english = queued_refusal(
        "WST2-94JC", "outcome", "invalid_transition", "", {"from": "completed", "to": "no_show"}
    )
    assert english == (
        "Recording the outcome for WST2-94JC was not done: a completed appointment cannot become “No-show”."
    )


@LIVE
def test_the_english_desktop_shows_english_service_names(
    qtbot: Any, world: World, desktops: Desktops, speak: Callable[[str], None]
) -> None:
    speak("en")
    desktop = desktops()
    assert desktop.start()
    controller = clerk_of(desktop)
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    window.go_to(WEEK_OF_T0)
    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: controller.store.get(ref) is not None, timeout=10000)
    booking = controller.store.get(ref)
    assert (
        booking is not None and booking.service_name_en and booking.service_name_en != booking.service_name_el
    )
    qtbot.waitUntil(lambda: any(b.booking.reference == ref for b in window.week.blocks()), timeout=10000)
    controller.select(ref)
    tile = window.week.accessibleDescription()
    assert booking.service_name_en in tile and booking.service_name_el not in tile
    assert booking.service_name_en in window.panel.title.text()
