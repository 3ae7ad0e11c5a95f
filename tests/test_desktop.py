"""The clerk desktop against a real service_api on loopback (pytest-qt, offscreen Qt, in-memory keyring)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import keyring
import pytest
from conftest import World, athens
from helpers import LiveServer, create_booking
from keyring.backend import KeyringBackend
from PySide6.QtCore import QObject, QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from clerk_desktop.client.sync import SyncState
from clerk_desktop.controller import Controller
from clerk_desktop.views.dialogs import Credentials, IdentityResult
from service_api.app import create_app
from service_api.domain.rules import Mode
from service_api.jobs import JobRunner

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
WEEK_OF_T0 = date(2026, 11, 30)


class MemoryKeyring(KeyringBackend):
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


@pytest.fixture
def live(world: World) -> Iterator[LiveServer]:
    server = LiveServer(create_app(rt=world.rt))
    yield server
    if server.server is not None:
        server.stop()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> QSettings:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_controller(
    settings: QSettings, live: LiveServer, username: str = "clerk_a", logins: list[str] | None = None
) -> Controller:
    controller = Controller(settings, server_override=live.url)
    controller.long_poll_seconds = 2

    def ask_login(server: str, user: str, attempt: Any, parent: Any) -> Credentials | None:
        creds = Credentials(live.url, username, "correct-horse-battery")
        if logins is not None:
            logins.append(username)
        assert attempt(creds) is None
        return creds

    controller.ask_login = ask_login
    return controller


@pytest.fixture
def signed_in(
    qtbot: Any, settings: QSettings, live: LiveServer, memory_keyring: MemoryKeyring
) -> Iterator[Controller]:
    controller = make_controller(settings, live)
    assert controller.start()
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    controller.window.go_to(WEEK_OF_T0)
    yield controller
    controller.shutdown()


def clerk_a_booking(world: World, start: Any, mode: Mode = Mode.IN_PERSON, who: int = 1) -> str:
    """Book so that clerk_a gets it: the others are busy at that time."""
    rt = world.rt
    for n in range(3):
        booking = create_booking(
            rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=start,
            mode=mode,
            who=who * 10 + n,
        ).booking
        if booking.staff_id == world.staff["clerk_a"]:
            return booking.reference
    raise AssertionError("clerk_a got no booking")


def test_login_then_silent_relogin_with_the_kept_token(
    qtbot: Any, settings: QSettings, live: LiveServer, memory_keyring: MemoryKeyring
) -> None:
    logins: list[str] = []
    first = make_controller(settings, live, logins=logins)
    assert first.start() and logins == ["clerk_a"]
    assert any(key[1].endswith("|clerk_a") for key in memory_keyring.secrets)
    first.shutdown()
    assert first.window is not None
    first.window.close()
    second = make_controller(settings, live, logins=logins)
    assert second.start()
    assert logins == ["clerk_a"]  # no password asked the second time
    assert second.window is not None and "Clerk A" in second.window.windowTitle()
    second.shutdown()


def test_week_shows_both_modes_told_apart(qtbot: Any, world: World, signed_in: Controller) -> None:
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
    qtbot: Any, world: World, live: LiveServer, signed_in: Controller
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


def test_identity_step_gates_completion(qtbot: Any, world: World, signed_in: Controller) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    signed_in.select(ref)
    panel = signed_in.window.panel  # type: ignore[union-attr]
    assert not panel.record.isEnabled() and panel.outcome_hint.text()
    panel.outcome.setCurrentIndex(panel.outcome.findData("no_show"))
    assert panel.record.isEnabled()  # a no-show needs no identity check
    panel.outcome.setCurrentIndex(panel.outcome.findData("completed"))
    signed_in.ask_identity = lambda name, taxis, parent: IdentityResult("passport", True, None, "")
    panel.verify.click()
    qtbot.waitUntil(
        lambda: (b := signed_in.store.get(ref)) is not None and b.identity is not None, timeout=5000
    )
    assert "✔" in panel.identity_badge.text() and panel.record.isEnabled()
    panel.record.click()
    qtbot.waitUntil(lambda: signed_in.store.get(ref).status == "completed", timeout=10000)  # type: ignore[union-attr]


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_join_button_opens_the_meeting_link(qtbot: Any, world: World, signed_in: Controller) -> None:
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
    qtbot: Any, world: World, live: LiveServer, signed_in: Controller
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
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    ref = answer.json()["reference"]
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=3000)
    window = signed_in.window
    assert window is not None
    qtbot.waitUntil(lambda: ref in {b.booking.reference for b in window.week.blocks()}, timeout=2000)


def test_offline_start_shows_cached_data_and_replays_queued_actions(
    qtbot: Any, world: World, settings: QSettings, live: LiveServer, memory_keyring: MemoryKeyring
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    first = make_controller(settings, live)
    assert first.start() and first.window is not None
    first.window.go_to(WEEK_OF_T0)
    qtbot.waitUntil(lambda: first.store.get(ref) is not None, timeout=10000)
    first.shutdown()
    first.window.close()
    live.stop()

    offline = make_controller(settings, live)
    assert offline.start()
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
    assert offline.cache is not None and len(offline.cache.pending()) == 2
    assert "2" in window.queue_label.text()

    live.start()
    qtbot.waitUntil(lambda: offline.cache is not None and not offline.cache.pending(), timeout=20000)
    with world.rt.store.read() as session:
        from service_api.booking import booking_reads

        stored = booking_reads.booking_by_reference(session, ref)
        assert stored.notes == "Έφερε μόνο τη μία ταυτότητα"
        assert {d.code: d.state for d in stored.documents}["partners_id"] == "missing"
    qtbot.waitUntil(lambda: SyncState.UP_TO_DATE and "Ενημερωμένο" in window.sync_label.text(), timeout=10000)
    offline.shutdown()


def test_a_refused_queued_action_is_shown_not_dropped(
    qtbot: Any, world: World, signed_in: Controller, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clerk_desktop.client.actions import Action

    warnings: list[str] = []
    monkeypatch.setattr(
        "clerk_desktop.controller.QMessageBox.warning", lambda parent, title, text: warnings.append(text)
    )
    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    signed_in.submit(Action.outcome(ref, "completed", ""))  # identity not verified: the server refuses
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert ref in warnings[0] and "identity" in warnings[0].lower()


def test_item_models_pass_the_model_tester(
    qtmodeltester: Any, world: World, signed_in: Controller, qtbot: Any
) -> None:
    clerk_a_booking(world, athens(1, 10))
    ref = clerk_a_booking(world, athens(1, 11), who=2)
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    signed_in.agenda.set_day(date(2026, 12, 1))
    assert signed_in.agenda.rowCount() == 2
    qtmodeltester.check(signed_in.agenda)
    signed_in.select(ref)
    qtmodeltester.check(signed_in.checklist)


def test_a_follow_up_is_booked_for_the_same_citizen(qtbot: Any, world: World, signed_in: Controller) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    offered: list[str] = []

    def pick(name: str, service: str, slots: list[str], parent: Any) -> str:
        offered.extend(slots)
        return slots[3]

    signed_in.ask_follow_up = pick
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
    assert made.start_at.isoformat() == offered[3].replace("+02:00", "+00:00") or made.start_at == __import__(
        "datetime"
    ).datetime.fromisoformat(offered[3])


def test_a_revoked_sign_in_brings_back_the_login_dialog(
    qtbot: Any, world: World, settings: QSettings, live: LiveServer, memory_keyring: MemoryKeyring
) -> None:
    import requests

    logins: list[str] = []
    controller = make_controller(settings, live, logins=logins)
    assert controller.start() and logins == ["clerk_a"]
    assert controller.api is not None
    token = controller.api.tokens.access
    # An administrator ends the sign-in on the server (here: the clerk's own logout from elsewhere).
    requests.post(f"{live.url}/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    qtbot.waitUntil(lambda: len(logins) == 2, timeout=15000)
    qtbot.wait(3000)  # every worker has noticed by now: still one dialog, not one per worker
    assert len(logins) == 2
    assert controller.window is not None and controller.window.isVisible()
    controller.shutdown()
