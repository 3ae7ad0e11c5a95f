"""The clerk desktop against a real service_api on loopback (pytest-qt, offscreen Qt, in-memory keyring)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from clerk_desktop.client.sync import SyncState
from clerk_desktop.controller import ClerkController
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.views.dialogs import IdentityResult
from service_api.domain.rules import Mode
from service_api.jobs import JobRunner
from tests.helpers.clerk import WEEK_OF_T0, clerk_a_booking, clerk_of, prompts_of_clerk
from tests.helpers.desktop import Desktops, FakePrompts, MemoryKeyring
from tests.helpers.factories import create_booking
from tests.helpers.http import citizen_auth
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens, real_day

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_login_then_silent_relogin_with_the_kept_token(
    desktops: Desktops, memory_keyring: MemoryKeyring
) -> None:
    logins: list[str] = []
    first = desktops(logins=logins)
    assert first.start() and logins == ["clerk_a"]
    assert any(key[1].endswith("|clerk_a") for key in memory_keyring.secrets)
    first.shutdown()
    assert first.window is not None
    first.window.close()
    second = desktops(logins=logins)
    assert second.start()
    assert logins == ["clerk_a"]  # no password asked the second time
    assert second.window is not None and "Clerk A" in second.window.windowTitle()
    second.shutdown()


def test_week_shows_both_modes_told_apart(qtbot: Any, world: World, signed_in: ClerkController) -> None:
    in_person = clerk_a_booking(world, athens(1, 10), Mode.IN_PERSON, who=1)
    tele = clerk_a_booking(world, athens(2, 11), Mode.TELECONFERENCE, who=2)
    window = signed_in.window
    assert window is not None
    window.go_to(WEEK_OF_T0)
    qtbot.waitUntil(
        lambda: {b.booking.reference for b in window.week.blocks()} >= {in_person, tele}, timeout=5000
    )
    blocks = {b.booking.reference: b for b in window.week.blocks()}
    image = window.week.grab().toImage()
    colours = {}
    for ref in (in_person, tele):
        rect = blocks[ref].rect
        colours[ref] = image.pixelColor(int(rect.right() - 6), int(rect.bottom() - 4)).name()
    assert colours[in_person] != colours[tele]
    assert blocks[in_person].booking.mode == "in_person" and blocks[tele].booking.mode == "teleconference"


def test_checklist_change_is_saved_on_the_server(
    qtbot: Any, world: World, live: LiveServer, signed_in: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    signed_in.select(ref)
    model = signed_in.checklist
    assert model.rowCount() == 5
    model.setData(model.index(0, 1), "received")
    assert signed_in.window is not None and "1" in signed_in.window.panel.progress_label.text()

    def server_state() -> str:
        with world.rt.store.read() as session:
            from service_api.booking import booking_reads

            docs = booking_reads.booking_by_reference(session, ref).documents
            return {d.code: d.state for d in docs}["notarial_deed"]

    qtbot.waitUntil(lambda: server_state() == "received", timeout=10000)


def test_identity_step_gates_completion(qtbot: Any, world: World, signed_in: ClerkController) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    signed_in.select(ref)
    panel = signed_in.window.panel  # type: ignore[union-attr]
    assert not panel.record.isEnabled() and panel.outcome_hint.text()
    panel.outcome.setCurrentIndex(panel.outcome.findData("no_show"))
    assert panel.record.isEnabled()  # a no-show needs no identity check
    panel.outcome.setCurrentIndex(panel.outcome.findData("completed"))
    prompts_of_clerk(signed_in).answer_identity = lambda name, taxis: IdentityResult(
        "passport", True, None, ""
    )
    panel.verify.click()
    qtbot.waitUntil(
        lambda: (b := signed_in.store.get(ref)) is not None and b.identity is not None, timeout=5000
    )
    assert "✔" in panel.identity_badge.text() and panel.record.isEnabled()
    prompts_of_clerk(signed_in).answer_choose = lambda text, options: "complete"  # no document received
    panel.record.click()
    qtbot.waitUntil(lambda: signed_in.store.get(ref).status == "completed", timeout=10000)  # type: ignore[union-attr]


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_join_button_opens_the_meeting_link(qtbot: Any, world: World, signed_in: ClerkController) -> None:
    ref = clerk_a_booking(world, athens(2, 11), Mode.TELECONFERENCE)
    JobRunner.build(world.rt).run_once()  # the outbox creates the Jitsi room
    qtbot.waitUntil(lambda: bool((b := signed_in.store.get(ref)) and b.meeting_url), timeout=10000)
    booking = signed_in.store.get(ref)
    assert booking is not None
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        signed_in.select(ref)
        panel = signed_in.window.panel  # type: ignore[union-attr]
        panel.set_now(booking.start.replace(hour=booking.start.hour - 1))
        assert not panel.join.isEnabled()
        panel.set_now(booking.start)
        assert panel.join.isEnabled()
        panel.join.click()
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == [booking.meeting_url]


def test_a_citizen_booking_appears_live(
    qtbot: Any, world: World, live: LiveServer, signed_in: ClerkController
) -> None:
    qtbot.waitUntil(
        lambda: signed_in.window is not None and "Ενημερωμένο" in signed_in.window.sync_label.text(),
        timeout=5000,
    )
    import requests

    # A citizen books through the public API; with everyone free, the least-loaded rule gives it to
    # clerk_a (the first clerk), whose desktop is open.
    answer = requests.post(
        f"{live.url}/api/v1/bookings",
        json={
            "service_id": world.service("cohabitation-agreement"),
            "mode": "in_person",
            "start": athens(3, 12).isoformat(),
            "citizen": {"name": "Νέος Πολίτης", "email": "new@example.org", "phone": "6941234567"},
        },
        headers=citizen_auth(live.app, "new@example.org"),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    ref = answer.json()["reference"]
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=3000)
    window = signed_in.window
    assert window is not None
    qtbot.waitUntil(lambda: ref in {b.booking.reference for b in window.week.blocks()}, timeout=2000)


def test_offline_start_shows_cached_data_and_replays_queued_actions(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    first_desktop = desktops()
    assert first_desktop.start()
    first = clerk_of(first_desktop)
    assert first.window is not None
    first.window.go_to(WEEK_OF_T0)
    qtbot.waitUntil(lambda: first.store.get(ref) is not None, timeout=10000)
    first_desktop.shutdown()
    first.window.close()
    live.stop()

    offline_desktop = desktops()
    assert offline_desktop.start()
    offline = clerk_of(offline_desktop)
    desktop_session = offline.session
    window = offline.window
    assert window is not None
    qtbot.addWidget(window)
    window.go_to(WEEK_OF_T0)
    assert offline.store.get(ref) is not None  # from the cache, with the server down
    qtbot.waitUntil(lambda: "Εκτός σύνδεσης" in window.sync_label.text(), timeout=10000)
    offline.select(ref)
    offline.checklist.setData(offline.checklist.index(1, 1), "missing")
    window.panel.notes.setPlainText("Έφερε μόνο τη μία ταυτότητα")
    window.panel.save_notes.click()
    assert desktop_session.cache is not None and len(desktop_session.cache.pending()) == 2
    assert "2" in window.queue_label.text()

    live.start()
    qtbot.waitUntil(
        lambda: desktop_session.cache is not None and not desktop_session.cache.pending(), timeout=20000
    )
    with world.rt.store.read() as session:
        from service_api.booking import booking_reads

        stored = booking_reads.booking_by_reference(session, ref)
        assert stored.notes == "Έφερε μόνο τη μία ταυτότητα"
        assert {d.code: d.state for d in stored.documents}["partners_id"] == "missing"
    qtbot.waitUntil(
        lambda: (
            desktop_session.sync_state == SyncState.UP_TO_DATE and "Ενημερωμένο" in window.sync_label.text()
        ),
        timeout=10000,
    )
    offline_desktop.shutdown()


def test_a_refused_queued_action_is_shown_not_dropped(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    from clerk_desktop.client.actions import Action

    warnings = prompts_of_clerk(signed_in).warnings
    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    signed_in.submit(Action.outcome(ref, "completed", ""))  # identity not verified: the server refuses
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    # The server words it in the desktop's language (Accept-Language), the desktop names the action.
    assert warnings[0] == (
        f"Η καταχώριση έκβασης για το {ref} δεν έγινε: "
        "Επαληθεύστε την ταυτότητα του πολίτη πριν ολοκληρώσετε το ραντεβού."
    )


def test_item_models_pass_the_model_tester(
    qtmodeltester: Any, world: World, signed_in: ClerkController, qtbot: Any
) -> None:
    clerk_a_booking(world, athens(1, 10))
    ref = clerk_a_booking(world, athens(1, 11), who=2)
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    signed_in.agenda.set_day(date(2026, 12, 1))
    assert signed_in.agenda.rowCount() == 2
    qtmodeltester.check(signed_in.agenda)
    signed_in.select(ref)
    qtmodeltester.check(signed_in.checklist)


def test_a_follow_up_is_booked_for_the_same_citizen(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    offered: list[str] = []

    def pick(name: str, service: str, slots: list[str]) -> str:
        offered.extend(slots)
        return slots[3]

    prompts_of_clerk(signed_in).answer_follow_up = pick
    signed_in.select(ref)
    signed_in.window.panel.follow_up.click()  # type: ignore[union-attr]
    original = signed_in.store.get(ref)
    assert original is not None

    def follow_ups() -> list[Any]:
        from sqlalchemy import select

        from service_api.models import Booking

        with world.rt.store.read() as session:
            return list(
                session.scalars(
                    select(Booking).where(
                        Booking.citizen_email == original.citizen_email, Booking.reference != ref
                    )
                )
            )

    qtbot.waitUntil(lambda: len(follow_ups()) == 1, timeout=10000)
    made = follow_ups()[0]
    assert made.service_id == original.service_id and made.mode == original.mode
    assert made.source == "follow_up"  # booked by the signed-in clerk, who the audit names
    with world.rt.store.read() as session:
        from sqlalchemy import select

        from service_api.models import AuditLog

        audit = session.scalars(select(AuditLog).where(AuditLog.booking_id == made.id)).one()
    assert (audit.actor_kind, audit.actor_id) == ("staff", world.staff["clerk_a"])
    assert made.start_at.isoformat() == offered[3].replace("+02:00", "+00:00") or made.start_at == __import__(
        "datetime"
    ).datetime.fromisoformat(offered[3])


def test_a_revoked_sign_in_brings_back_the_login_dialog(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    import requests

    logins: list[str] = []
    ref = clerk_a_booking(world, athens(1, 10))
    controller = desktops(logins=logins)
    assert controller.start() and logins == ["clerk_a"]
    session = controller.session
    assert controller.window is not None
    controller.window.go_to(WEEK_OF_T0)
    qtbot.waitUntil(lambda: session.store.get(ref) is not None, timeout=5000)
    held_at_login: list[int] = []
    assert isinstance(controller.prompts, FakePrompts)
    controller.prompts.before_login = lambda: held_at_login.append(len(session.store))
    assert session.api is not None
    token = session.api.tokens.access
    # An administrator ends the sign-in on the server (here: the clerk's own logout from elsewhere).
    requests.post(f"{live.url}/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    qtbot.waitUntil(lambda: len(logins) == 2, timeout=15000)
    assert held_at_login == [0]  # the lost sign-in's bookings were forgotten before the dialog
    # The old workers had stopped before the dialog came back, so none of them can ask again; the new
    # sign-in's own are running and in sync: still one dialog, not one per worker.
    qtbot.waitUntil(
        lambda: (
            session.sync_state == SyncState.UP_TO_DATE
            and session.tasks.running() == ["actions", "change-feed"]
        ),
        timeout=10000,
    )
    assert len(logins) == 2
    assert controller.window is not None and controller.window.isVisible()
    controller.shutdown()


def test_settings_and_the_calendar_link_are_asked_through_the_prompts(
    qtbot: Any, signed_in: ClerkController
) -> None:
    from clerk_desktop.views.dialogs import SettingsValues

    prompts = prompts_of_clerk(signed_in)
    asked: list[SettingsValues] = []

    def answer(values: SettingsValues) -> SettingsValues:
        asked.append(values)
        return SettingsValues(values.server, values.language, 6, 25)

    prompts.answer_settings = answer
    window = signed_in.window
    assert window is not None
    window.settings_requested.emit()
    assert asked and asked[0].join_lead_minutes == 10
    assert window.panel.join_lead_minutes == 25 and window.week.first_weekday == 6
    window.calendar_link_requested.emit()
    qtbot.waitUntil(lambda: len(prompts.calendar_links) == 1, timeout=10000)
    assert prompts.calendar_links[0].startswith("http") and not prompts.warnings


def test_the_next_sign_in_never_sees_the_previous_ones_bookings_or_late_answers(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    from PySide6.QtWidgets import QApplication

    ref = clerk_a_booking(world, athens(1, 10))
    desktop = desktops()
    assert desktop.start()
    controller, session = clerk_of(desktop), desktop.session
    assert controller.window is not None
    controller.window.go_to(WEEK_OF_T0)
    qtbot.waitUntil(lambda: session.store.get(ref) is not None, timeout=5000)
    controller.selection.select(ref)
    assert session.api is not None and session.feed is not None and session.actions is not None
    row = session.api.booking(ref)
    old_feed, old_actions, prompts = session.feed, session.actions, prompts_of_clerk(controller)
    seen: list[tuple[int, list[str], str | None]] = []

    def as_the_dialog_opens() -> None:
        QApplication.processEvents()  # a modal dialog delivers whatever is queued on the GUI thread
        old_feed.booking_changed.emit(row)  # the stopped workers' last words
        old_actions.action_done.emit(row)
        old_actions.action_failed.emit(ref, "notes", "rule_violation", "refused", {})
        seen.append((len(session.store), list(prompts.calendar_links), controller.selection.current))

    prompts.before_login = as_the_dialog_opens
    controller.load_week(WEEK_OF_T0)  # both answered only after the sign-out has begun
    controller.show_calendar_link()
    desktop.sign_out()
    assert seen == [(0, [], None)]
    assert not prompts.warnings
    new = clerk_of(desktop)  # signed in again (the same clerk): the new sign-in loads its own week
    assert new is not controller and new.window is not None
    new.window.go_to(WEEK_OF_T0)
    qtbot.waitUntil(lambda: session.store.get(ref) is not None, timeout=5000)


MARKUP_NAME = (
    '<h1 style="color:green">✔ ΤΑΥΤΟΤΗΤΑ ΕΠΑΛΗΘΕΥΜΕΝΗ</h1><a href="https://evil.example">Πληρωμή</a>'
)


def test_a_citizen_name_written_as_markup_is_shown_as_its_characters(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    """No heading, no link: the panel, agenda and dialogs show the literal text the citizen typed."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    rt = world.rt
    for n in range(3):  # clerk_a gets one of them: the others are busy at that time
        create_booking(
            rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=athens(1, 10),
            who=70 + n,
            name=MARKUP_NAME,
        )
    window = signed_in.window
    assert window is not None
    window.go_to(WEEK_OF_T0)
    qtbot.waitUntil(lambda: len(window.week.blocks()) > 0, timeout=5000)
    signed_in.select(window.week.blocks()[0].booking.reference)
    panel = window.panel
    qtbot.waitUntil(lambda: MARKUP_NAME in panel.title.text(), timeout=5000)
    showing_the_name = [label for label in window.findChildren(QLabel) if MARKUP_NAME in label.text()]
    assert len(showing_the_name) >= 2  # the title and the «Πολίτης» field at least
    for label in showing_the_name:
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert not label.openExternalLinks()


def test_the_panel_join_button_turns_on_with_the_window_clock_when_the_meeting_opens(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    """Issue 15, defect 2: started before the join window, the panel's button must still turn on."""
    ref = clerk_a_booking(world, athens(2, 11), Mode.TELECONFERENCE)
    JobRunner.build(world.rt).run_once()
    qtbot.waitUntil(lambda: bool((b := signed_in.store.get(ref)) and b.meeting_url), timeout=10000)
    booking = signed_in.store.get(ref)
    window = signed_in.window
    assert booking is not None and window is not None
    signed_in.select(ref)
    window.ticker.now = lambda: booking.start - timedelta(hours=2)
    window.ticker.tick()
    assert not window.panel.join.isEnabled()
    window.ticker.now = lambda: booking.start - timedelta(minutes=5)
    window.ticker.tick()  # nothing else happens: no new selection, no sync
    assert window.panel.join.isEnabled()
    assert window.agenda.delegate.now == booking.start - timedelta(minutes=5)


def test_the_agenda_shows_the_picked_day_and_names_it(qtbot: Any, signed_in: ClerkController) -> None:
    """Issue 15, defect 5: picking another day of this week shows that day, with its date."""
    window = signed_in.window
    assert window is not None
    wednesday = WEEK_OF_T0 + timedelta(days=2)
    window.go_to(wednesday)
    assert window.agenda_model.day == wednesday
    assert "02/12/2026" in window.agenda.title.text()
    window.previous.click()  # a week back keeps the weekday
    assert window.agenda_model.day == wednesday - timedelta(days=7)
    assert window.week.week_start == WEEK_OF_T0 - timedelta(days=7)
    assert "Τετάρτη 25/11/2026" in window.agenda.title.text()
    window.today.click()
    assert window.agenda_model.day == datetime.now(ATHENS).date()
    assert "Σήμερα" in window.agenda.title.text()


def test_a_booking_moved_to_a_colleague_is_announced_not_just_gone(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    """Issue 15, defect 10: the clerk is told when a supervisor gives their appointment to someone else."""
    from sqlalchemy import select

    from service_api.domain.policy import Actor
    from service_api.models import Staff

    # Ahead on the real clock (the desktop and its server run on it): a fixed day went past on the day.
    ref = clerk_a_booking(world, real_day(11))
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10_000)
    with world.rt.store.read() as session:
        home = session.scalar(select(Staff.municipality_id).where(Staff.id == world.staff["supervisor"]))
    boss = Actor.staff(world.staff["supervisor"], "supervisor", home)
    world.rt.bookings.reassign(ref, world.staff["clerk_b"], boss)
    window = signed_in.window
    assert window is not None
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is None, timeout=10_000)
    qtbot.waitUntil(lambda: ref in window.statusBar().currentMessage(), timeout=5_000)
    assert "ανατέθηκε σε άλλον υπάλληλο" in window.statusBar().currentMessage()
