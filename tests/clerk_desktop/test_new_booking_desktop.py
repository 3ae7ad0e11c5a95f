"""«Νέα κράτηση…» on the real desktop against a live service: a caller, a walk-in now, a refusal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from clerk_desktop.client.api import Offline
from clerk_desktop.controller import ClerkController
from clerk_desktop.i18n import tr
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.new_booking_dialog import NewBookingDialog
from service_api.booking.journal import Actor
from service_api.booking.service import CitizenDetails, NewBooking
from service_api.domain.rules import Mode
from service_api.models import AuditLog, Booking, Municipality
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.world import World

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
SERVICE = "transfer-of-registration"
TOMORROW = date(2026, 12, 2)  # the service's clock says Tuesday 1 December, 08:00


def _open_dialog(qtbot: Any, desktops: Desktops, world: World) -> tuple[NewBookingDialog, ClerkController]:
    """Sign in as clerk_a, press Ctrl+N's action, and wait for the dialog with the first day's times."""
    desktop = desktops()
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, ClerkController) and controller.window is not None
    prompts = controller.prompts
    assert isinstance(prompts, FakePrompts)
    prompts.new_booking_today = date(2026, 12, 1)
    qtbot.addWidget(controller.window)
    assert controller.window.new_booking.shortcut().toString() == "Ctrl+N"
    controller.window.new_booking.trigger()
    qtbot.waitUntil(lambda: len(prompts.new_booking_forms) == 1, timeout=10000)
    dialog = prompts.new_booking_forms[0]
    qtbot.addWidget(dialog)
    dialog.service.setCurrentIndex(dialog.service.findData(world.service(SERVICE)))
    return dialog, controller


def _wait_for_times(qtbot: Any, dialog: NewBookingDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.model.loading and dialog.times.isEnabled(), timeout=10000)


def _stored(world: World) -> list[Booking]:
    with world.rt.store.read() as session:
        return list(session.scalars(select(Booking).order_by(Booking.id)))


def test_a_caller_without_an_email_is_booked_with_me_and_told_the_reference(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    dialog, _ = _open_dialog(qtbot, desktops, world)
    # Services are listed under their groups, in Greek; headings are not choices.
    headings = [
        dialog.service.itemText(i)
        for i in range(dialog.service.count())
        if dialog.service.itemData(i) is None
    ]
    assert "Ληξιαρχείο - Δημοτολόγιο" in headings
    dialog.day.setDate(TOMORROW)
    _wait_for_times(qtbot, dialog)
    first = dialog.times.item(0).text()
    assert first.startswith("08:00") and tr("newbk.slot_mine") in first  # clerk_a could take it
    dialog.times.setCurrentRow(2)  # 09:00
    dialog.name.setText("Γιαγιά Ελένη")
    dialog.phone.setText("2410 555 123")
    assert dialog.source.currentData() == "phone"
    with qtbot.waitSignal(dialog.model.booked, timeout=10000):
        dialog.book.click()
    [made] = _stored(world)
    assert made.citizen_email == "" and made.citizen_phone == "+302410555123" and made.source == "phone"
    assert made.staff_id == world.staff["clerk_a"]  # "me" preferred: qualified and free
    assert dialog.result_title.text() == tr("newbk.booked", reference=made.reference)
    assert "09:00" in dialog.result_when.text() and "Clerk A" in dialog.result_when.text()
    assert dialog.result_mail.text() == tr("newbk.booked_no_mail")
    assert dialog.name.text() == ""  # ready for the next caller
    with world.rt.store.read() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.booking_id == made.id)).one()
    assert (audit.actor_kind, audit.actor_id) == ("staff", world.staff["clerk_a"])
    _wait_for_times(qtbot, dialog)  # the list follows: 09:00 is no longer clerk_a's to take
    nine = next(
        dialog.times.item(i).text()
        for i in range(dialog.times.count())
        if dialog.times.item(i).text().startswith("09:00")
    )
    assert tr("newbk.slot_mine") not in nine
    # 09:00 again: a colleague takes it, and the dialog says who (the clerk may not open their booking).
    dialog.times.setCurrentRow(2)
    dialog.name.setText("Ο γείτονας")
    dialog.phone.setText("2410 555 124")
    with qtbot.waitSignal(dialog.model.booked, timeout=10000):
        dialog.book.click()
    second = _stored(world)[1]
    assert second.staff_id != world.staff["clerk_a"] and second.start_at == made.start_at
    assert "Clerk A" not in dialog.result_when.text() and "Clerk " in dialog.result_when.text()


def test_a_walk_in_is_booked_now_with_the_first_free_clerk(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    dialog, _ = _open_dialog(qtbot, desktops, world)
    _wait_for_times(qtbot, dialog)
    dialog.name.setText("Περαστικός Νίκος")
    dialog.phone.setText("6977000111")
    dialog.email.setText("nikos@example.org")
    with qtbot.waitSignal(dialog.model.booked, timeout=10000):
        dialog.now.click()
    [made] = _stored(world)
    assert made.source == "walk_in" and made.staff_id == world.staff["clerk_a"]
    assert made.citizen_email == "nikos@example.org"
    assert "08:00" in dialog.result_when.text()  # now, though citizens online must book two hours ahead
    assert dialog.result_mail.text() == tr("newbk.booked_mail", email="nikos@example.org")


def test_a_walk_in_whose_answer_was_lost_is_booked_once_when_sent_again(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    """The server booked, the answer never came: pressing «now» again sends the same Idempotency-Key."""
    dialog, controller = _open_dialog(qtbot, desktops, world)
    _wait_for_times(qtbot, dialog)
    api = controller.session.api
    assert api is not None
    real, keys, lost = api.request, [], [True]

    def request(method: str, path: str, **kwargs: Any) -> Any:
        if not path.endswith("/bookings/walk-in"):
            return real(method, path, **kwargs)
        keys.append(kwargs["headers"]["Idempotency-Key"])
        answer = real(method, path, **kwargs)
        if lost:
            lost.pop()
            raise Offline("the answer was lost on the way back")
        return answer

    api.request = request  # type: ignore[method-assign]
    dialog.name.setText("Περαστικός Νίκος")
    dialog.phone.setText("6977000111")
    with qtbot.waitSignal(dialog.model.refused, timeout=10000):
        dialog.now.click()
    assert len(_stored(world)) == 1 and dialog.booked_box.isHidden()  # booked, though the desk cannot tell
    with qtbot.waitSignal(dialog.model.booked, timeout=10000):
        dialog.now.click()
    [made] = _stored(world)
    assert len(keys) == 2 and keys[0] == keys[1] and 8 <= len(keys[0]) <= 200
    assert dialog.result_title.text() == tr("newbk.booked", reference=made.reference)
    # The next walk-in is another booking: another key.
    dialog.name.setText("Περαστική Άννα")
    dialog.phone.setText("6977000222")
    with qtbot.waitSignal(dialog.model.booked, timeout=10000):
        dialog.now.click()
    assert len(_stored(world)) == 2 and len(set(keys)) == 2


def _fill_the_next_half_hour(world: World) -> None:
    """Every qualified clerk busy now (08:00) and at the next grid point (08:30): six walk-ins."""
    with world.rt.store.read() as session:
        larissa = session.scalars(select(Municipality.id).where(Municipality.slug == "larissa")).one()
    actor = Actor.staff(world.staff["clerk_b"], "clerk", larissa)
    for n in range(6):
        citizen = CitizenDetails(name=f"Περαστικός {n}", email="", phone=f"+3069412345{n:02d}")
        request = NewBooking(world.service(SERVICE), Mode.IN_PERSON, world.rt.bookings.clock(), citizen)
        world.rt.bookings.create(request, actor, walk_in=True)


def test_refusals_are_shown_in_the_dialog_and_nothing_is_booked(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    dialog, _ = _open_dialog(qtbot, desktops, world)
    _wait_for_times(qtbot, dialog)
    _fill_the_next_half_hour(world)
    before = len(_stored(world))
    dialog.name.setText("Περαστική Άννα")
    dialog.phone.setText("6977000222")
    # Nobody is free now: the server says so, and the dialog offers the next free time.
    with qtbot.waitSignal(dialog.model.refused, timeout=10000):
        dialog.now.click()
    assert "09:00" in dialog.errors.text("") and dialog.booked_box.isHidden()
    assert dialog.errors.text("").startswith("Κανείς υπάλληλος δεν είναι ελεύθερος τώρα.")
    assert dialog.now.isEnabled() and dialog.book.isEnabled()
    # A phone the server does not accept: shown under the phone field, in the clerk's words above it.
    dialog.phone.setText("12345")
    dialog.day.setDate(TOMORROW)
    _wait_for_times(qtbot, dialog)
    dialog.times.setCurrentRow(0)
    with qtbot.waitSignal(dialog.model.refused, timeout=10000):
        dialog.book.click()
    assert dialog.errors.text("citizen.phone") and dialog.errors.text("") == tr(
        "newbk.refusal.rule_violation"
    )
    # Checked before anything is sent: a teleconference without an e-mail, a missing name.
    dialog.phone.setText("6977000222")
    dialog.mode.setCurrentIndex(dialog.mode.findData("teleconference"))
    dialog.book.click()
    assert dialog.errors.text("citizen.email") == tr("newbk.need_email_video")
    dialog.name.setText("")
    dialog.now.click()
    assert dialog.errors.text("citizen.name") == tr("newbk.need_name")
    assert len(_stored(world)) == before


def test_a_supervisor_books_a_caller_from_the_board_window(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    desktop = desktops("supervisor")
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, SupervisorController) and controller.window is not None
    prompts = controller.prompts
    assert isinstance(prompts, FakePrompts)
    prompts.new_booking_today = TOMORROW
    qtbot.addWidget(controller.window)
    controller.window.new_booking.trigger()
    qtbot.waitUntil(lambda: len(prompts.new_booking_forms) == 1, timeout=10000)
    dialog = prompts.new_booking_forms[0]
    qtbot.addWidget(dialog)
    dialog.service.setCurrentIndex(dialog.service.findData(world.service(SERVICE)))
    _wait_for_times(qtbot, dialog)
    assert tr("newbk.slot_mine") not in dialog.times.item(0).text()  # the supervisor serves no one
    dialog.times.setCurrentRow(0)
    dialog.name.setText("Κύριος Γιάννης")
    dialog.phone.setText("2410 555 125")
    with qtbot.waitSignal(dialog.model.booked, timeout=10000):
        dialog.book.click()
    [made] = _stored(world)
    assert made.staff_id in {world.staff[c] for c in ("clerk_a", "clerk_b", "clerk_c")}
    assert dialog.result_title.text() == tr("newbk.booked", reference=made.reference)
