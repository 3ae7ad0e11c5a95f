"""Issue 15 (front desk): the clerk's day, the office's day list and the citizen's slip, printed.

Each printout is saved as a PDF through its window's own action (the file dialog answered by the
test) and read back with a PDF text extractor: Greek must come out as Greek, a citizen's ``<b>`` as
those characters, times in Athens time.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QKeySequence

from clerk_desktop.controller import ClerkController
from clerk_desktop.i18n import tr
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.printing import output
from clerk_desktop.views.printing.documents import Printout
from clerk_desktop.views.supervisor_window import SupervisorWindow
from service_api.domain.rules import Mode
from tests.helpers.desktop import Desktops
from tests.helpers.factories import create_booking
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
TUESDAY = athens(1, 0).date()
MARKUP_NAME = "Ελένη <b>Παπαδοπούλου</b>-Ζαΐμη"  # markup, accents and a diaeresis
LARISSA_ADDRESS = "Ιουστινιανού 2, 412 22 Λάρισα"


def pdf_text(path: Path) -> str:
    """The PDF's text with runs of whitespace made single spaces (Qt draws words one by one)."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Without any whitespace: the extractor may put a space between two runs Qt drew apart (after
    the hyphen of ``6V93-RBNB``, inside ``</b>``), and a long document name may wrap."""
    return "".join(text.split())


def booking_of(
    world: World, clerk: str, start: Any, *, who: int, mode: Mode = Mode.IN_PERSON, **citizen: Any
) -> str:
    """A booking that ``clerk`` gets (the others taken at that time first, if need be); ``who`` tells
    the citizens apart (each may hold only so many bookings)."""
    for n in range(3):
        booking = create_booking(
            world.rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=start,
            mode=mode,
            who=who * 10 + n,
            **citizen,
        ).booking
        if booking.staff_id == world.staff[clerk]:
            return booking.reference
    raise AssertionError(f"{clerk} got no booking")


def save_pdf_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Answer the «Αποθήκευση PDF» file dialog with ``path``; the names it suggested are recorded."""
    suggested: list[str] = []

    def ask(_parent: Any, name: str) -> str:
        suggested.append(name)
        return str(path)

    monkeypatch.setattr(output, "ask_pdf_path", ask)
    return suggested


@pytest.fixture
def clerk(qtbot: Any, desktops: Desktops) -> ClerkController:
    desktop = desktops()
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, ClerkController) and controller.window is not None
    qtbot.addWidget(controller.window)
    qtbot.waitUntil(lambda: controller.offices.home() is not None, timeout=10000)
    return controller


def test_the_clerks_day_saves_as_a_pdf_in_greek_with_athens_times(
    qtbot: Any, world: World, clerk: ClerkController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = booking_of(world, "clerk_a", athens(1, 10), who=1, name=MARKUP_NAME, phone="+306900000001")
    second = booking_of(world, "clerk_a", athens(1, 11, 30), who=2, mode=Mode.TELECONFERENCE)
    other_day = booking_of(world, "clerk_a", athens(2, 10), who=3)
    window = clerk.window
    assert window is not None
    window.go_to(TUESDAY)
    qtbot.waitUntil(lambda: clerk.agenda.rowCount() == 2, timeout=10000)

    assert window.day_print.print_action in window.file_menu.actions()
    assert window.day_print.pdf_action in window.file_menu.actions()
    assert window.day_print.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    suggested = save_pdf_to(monkeypatch, tmp_path / "day.pdf")
    window.day_print.pdf_action.trigger()

    assert suggested == ["programma-2026-12-01.pdf"]
    text = pdf_text(tmp_path / "day.pdf")
    assert "Πρόγραμμα ημέρας" in text and "Clerk A" in text
    assert "Τρίτη 1 Δεκεμβρίου 2026" in text and "2 ραντεβού" in text
    assert "<b>Παπαδοπούλου</b>-Ζαΐμη" in squeezed(text)  # the characters, not bold type
    assert "+306900000001" in text
    # 10:00 and 11:30 in Athens (08:00 and 09:30 UTC), in time order, with mode, state and documents.
    assert text.index("10:00–10:15") < text.index("11:30–11:45")
    # (As ranges: the printout's own footer carries the real time it was made, which may be 08:00.)
    assert "08:00–08:15" not in text and "09:30–09:45" not in text
    assert "Φυσική Παρουσία" in text and "Τηλεδιάσκεψη" in text
    assert first in squeezed(text) and second in squeezed(text) and other_day not in squeezed(text)
    assert "Επιβεβαιωμένο" in text and "0/5" in text
    assert window.statusBar().currentMessage() == tr("print.saved", path=str(tmp_path / "day.pdf"))


def test_the_print_action_previews_the_same_day(
    qtbot: Any, world: World, clerk: ClerkController, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = booking_of(world, "clerk_a", athens(1, 13), who=4)
    window = clerk.window
    assert window is not None
    window.go_to(TUESDAY)
    qtbot.waitUntil(lambda: clerk.agenda.rowCount() == 1, timeout=10000)
    previewed: list[Printout] = []
    monkeypatch.setattr(output, "print_with_preview", lambda printout, parent: previewed.append(printout))
    window.day_print.print_action.trigger()
    assert len(previewed) == 1
    assert reference in previewed[0].document.toPlainText()
    assert previewed[0].title == "Πρόγραμμα ημέρας — Clerk A · Τρίτη 1 Δεκεμβρίου 2026"


def test_the_citizens_slip_says_when_where_and_what_to_bring(
    qtbot: Any, world: World, clerk: ClerkController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = booking_of(world, "clerk_a", athens(1, 10), who=5, name=MARKUP_NAME)
    window = clerk.window
    assert window is not None
    window.go_to(TUESDAY)
    qtbot.waitUntil(lambda: clerk.store.get(reference) is not None, timeout=10000)
    clerk.select(reference)
    panel = window.panel
    assert panel.slip.isEnabled() and panel.slip.text() == "Εκτύπωση αποδεικτικού…"
    assert panel.slip_menu.actions() == [window.slip_print.print_action, window.slip_print.pdf_action]

    save_pdf_to(monkeypatch, tmp_path / "slip.pdf")
    window.slip_print.pdf_action.trigger()

    text = pdf_text(tmp_path / "slip.pdf")
    assert "Αριθμός κράτησης" in text and reference in squeezed(text)
    assert "Δήμος Λαρισαίων" in text and LARISSA_ADDRESS in text
    assert "Τρίτη 1 Δεκεμβρίου 2026, 10:00–10:15 (ώρα Ελλάδας)" in text
    assert "Αίτηση για Σύμφωνο Συμβίωσης" in text
    assert "<b>Παπαδοπούλου</b>-Ζαΐμη" in squeezed(text)
    assert "Φέρτε μαζί σας" in text
    assert squeezed("Αντίγραφο της συμβολαιογραφικής πράξης σύστασης του συμφώνου συμβίωσης") in squeezed(
        text
    )
    assert "+30 2413 500200" in text and "info@larissa.gov.gr" in text
    assert len(PdfReader(tmp_path / "slip.pdf").pages) == 1


def test_an_english_citizens_teleconference_slip_is_in_english_with_the_meeting_link(
    qtbot: Any, world: World, clerk: ClerkController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = booking_of(
        world, "clerk_a", athens(1, 12), who=6, mode=Mode.TELECONFERENCE, name="John Smith", language="en"
    )
    link = "https://meet.example.org/larissa-7KQ4M9TZ"
    world.rt.clerk_actions.record_meeting(reference=reference, join_url=link, external_id="m-1")
    window = clerk.window
    assert window is not None
    window.go_to(TUESDAY)
    qtbot.waitUntil(lambda: bool((b := clerk.store.get(reference)) and b.meeting_url), timeout=10000)
    clerk.select(reference)
    save_pdf_to(monkeypatch, tmp_path / "slip-en.pdf")
    window.slip_print.pdf_action.trigger()

    text = pdf_text(tmp_path / "slip-en.pdf")
    assert "Booking reference" in text and reference in squeezed(text)
    assert "Tuesday 1 December 2026, 12:00–12:15 (Greek time)" in text
    assert "Meeting link" in text and link in squeezed(text)
    assert LARISSA_ADDRESS not in text  # nobody comes to the office for a teleconference
    assert "Please have ready" in text
    assert squeezed("Copy of the notarial deed establishing the cohabitation agreement") in squeezed(text)
    assert "Αριθμός κράτησης" not in text


def test_no_slip_for_a_cancelled_booking(qtbot: Any, world: World, clerk: ClerkController) -> None:
    reference = booking_of(world, "clerk_a", athens(1, 10), who=7)
    window = clerk.window
    assert window is not None
    window.go_to(TUESDAY)
    qtbot.waitUntil(lambda: clerk.store.get(reference) is not None, timeout=10000)
    clerk.select(reference)
    assert window.panel.slip.isEnabled()
    booking = clerk.store.get(reference)
    assert booking is not None
    window.panel.show_booking(replace(booking, status="cancelled"))
    assert not window.panel.slip.isEnabled()


def test_the_office_day_list_has_every_clerks_bookings_in_time_order(
    qtbot: Any, world: World, desktops: Desktops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    late = booking_of(world, "clerk_a", athens(1, 12), who=8, name=MARKUP_NAME)
    early = booking_of(world, "clerk_b", athens(1, 10), who=9, name="Γιώργος Ξυδάκης")
    next_day = booking_of(world, "clerk_b", athens(2, 9), who=10)
    desktop = desktops("supervisor")
    assert desktop.start()
    supervisor = desktop.controller
    assert isinstance(supervisor, SupervisorController)
    window = supervisor.window
    assert isinstance(window, SupervisorWindow)
    qtbot.addWidget(window)
    window.go_to(TUESDAY)
    qtbot.waitUntil(
        lambda: (
            supervisor.store.get(late) is not None
            and supervisor.store.get(early) is not None
            and len(supervisor.board.clerks) >= 2
            and supervisor.offices.home() is not None
        ),
        timeout=10000,
    )
    menu = window.menuBar().actions()[0].menu()
    assert window.day_print.print_action in menu.actions() and window.day_print.pdf_action in menu.actions()
    assert window.day_print.print_action.text() == "Εκτύπωση λίστας ημέρας…"
    suggested = save_pdf_to(monkeypatch, tmp_path / "office.pdf")
    window.day_print.pdf_action.trigger()

    assert suggested == ["lista-imeras-2026-12-01.pdf"]
    text = pdf_text(tmp_path / "office.pdf")
    assert "Λίστα ραντεβού ημέρας" in text and "Δήμος Λαρισαίων" in text
    assert "Τρίτη 1 Δεκεμβρίου 2026" in text
    assert text.index("10:00–10:15") < text.index("12:00–12:15")
    assert text.index("Γιώργος Ξυδάκης") < text.index("Clerk B") < text.index("Clerk A")
    assert "<b>Παπαδοπούλου</b>-Ζαΐμη" in squeezed(text)
    assert late in squeezed(text) and early in squeezed(text) and next_day not in squeezed(text)
