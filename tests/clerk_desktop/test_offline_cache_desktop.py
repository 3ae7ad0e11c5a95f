"""The desktop's offline cache at rest (issue 17), on the real desktop against a live service.

Sealed with a key from the keyring: the file names no citizen, an offline start with the key still
shows the week, without it the week is empty (no crash); sign-out deletes the file and the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.errors import PasswordSetError

from clerk_desktop.client import token_store
from clerk_desktop.client.actions import Action
from clerk_desktop.client.cache import cache_files, default_cache_path
from clerk_desktop.desktop import Desktop
from tests.helpers.clerk import WEEK_OF_T0, clerk_a_booking, clerk_of, prompts_of_clerk
from tests.helpers.desktop import Desktops, MemoryKeyring
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
PHONE = "+306941234567"  # every test citizen's (tests/helpers/factories.citizen)


def cache_path(desktop: Desktop) -> Path:
    return default_cache_path(desktop.session.server, desktop.session.username)


def raw_bytes(path: Path) -> bytes:
    return b"".join(file.read_bytes() for file in cache_files(path) if file.exists())


def cache_key_kept(memory_keyring: MemoryKeyring) -> bool:
    return any(service == token_store.CACHE_KEY_SERVICE_NAME for service, _ in memory_keyring.secrets)


def cached_references(desktop: Desktop) -> set[str]:
    cache = desktop.session.cache
    if cache is None:
        return set()
    first, end = cache.window()
    return {b["reference"] for b in cache.bookings_between(first, end)}


def signed_in_with(qtbot: Any, desktops: Desktops, reference: str) -> tuple[Desktop, str]:
    """A clerk's desktop showing the week of T0, once ``reference`` is in its cache; and its citizen."""
    desktop = desktops()
    assert desktop.start()
    controller = clerk_of(desktop)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    controller.window.go_to(WEEK_OF_T0)
    qtbot.waitUntil(
        lambda: reference in cached_references(desktop) and controller.store.get(reference) is not None,
        timeout=10000,
    )
    booking = controller.store.get(reference)
    assert booking is not None
    return desktop, booking.citizen_name


def close(desktop: Desktop) -> None:
    window = desktop.window
    desktop.shutdown()
    if window is not None:
        window.close()


def test_the_file_names_no_citizen_and_an_offline_start_with_the_key_shows_the_week(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops, memory_keyring: MemoryKeyring
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    first, name = signed_in_with(qtbot, desktops, ref)
    path = cache_path(first)
    close(first)
    written = raw_bytes(path)
    assert ref.encode() in written and cache_key_kept(memory_keyring)
    for secret in (name, PHONE, PHONE[3:]):
        assert secret.encode() not in written, secret
    live.stop()
    offline = desktops()
    assert offline.start()  # with the kept sign-in, from the cache: the server is down
    controller = clerk_of(offline)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    controller.window.go_to(WEEK_OF_T0)
    shown = controller.store.get(ref)
    assert shown is not None and shown.citizen_name == name
    assert ref in {block.booking.reference for block in controller.window.week.blocks()}


def test_without_its_key_an_offline_start_shows_an_empty_week_not_a_crash(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops, memory_keyring: MemoryKeyring
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    first, _ = signed_in_with(qtbot, desktops, ref)
    close(first)
    for kept in [k for k in memory_keyring.secrets if k[0] == token_store.CACHE_KEY_SERVICE_NAME]:
        del memory_keyring.secrets[kept]  # the sign-in token stays: the start is silent and offline
    live.stop()
    offline = desktops()
    assert offline.start()
    controller = clerk_of(offline)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    controller.window.go_to(WEEK_OF_T0)
    assert controller.store.get(ref) is None and not cached_references(offline)
    qtbot.waitUntil(lambda: "Εκτός σύνδεσης" in controller.window.sync_label.text(), timeout=10000)
    assert cache_key_kept(memory_keyring)  # a new key, and a new (empty) file sealed with it


def test_sign_out_deletes_the_cache_file_and_its_key(
    qtbot: Any, world: World, desktops: Desktops, memory_keyring: MemoryKeyring
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    desktop, _ = signed_in_with(qtbot, desktops, ref)
    path = cache_path(desktop)
    assert path.exists() and cache_key_kept(memory_keyring)
    seen: list[tuple[bool, bool]] = []
    prompts = prompts_of_clerk(clerk_of(desktop))
    prompts.before_login = lambda: seen.append(
        (any(file.exists() for file in cache_files(path)), cache_key_kept(memory_keyring))
    )
    desktop.sign_out()
    assert seen == [(False, False)]  # gone by the time the sign-in dialog opens
    assert not prompts.questions  # nothing was waiting to be sent: nothing to ask


def test_sign_out_with_unsent_writes_asks_before_discarding_them(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops, memory_keyring: MemoryKeyring
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    desktop, _ = signed_in_with(qtbot, desktops, ref)
    controller, path = clerk_of(desktop), cache_path(desktop)
    prompts = prompts_of_clerk(controller)
    live.stop()
    controller.submit(Action.notes(ref, "Θα φέρει το πιστοποιητικό αύριο"))
    assert desktop.session.unsent_writes() == 1
    desktop.sign_out()  # the clerk says no: still signed in, the write still queued
    assert prompts.questions == [
        "Αλλαγές που δεν έχουν σταλεί ακόμη στον διακομιστή: 1. Με την αποσύνδεση διαγράφονται "
        "από τον υπολογιστή μαζί με τα αποθηκευμένα ραντεβού και χάνονται."
    ]
    assert desktop.controller is controller and desktop.session.unsent_writes() == 1 and path.exists()
    seen: list[bool] = []

    def as_the_dialog_opens() -> None:
        seen.append(any(file.exists() for file in cache_files(path)))
        live.start()

    prompts.answer_choose = lambda text, options: "sign_out"
    prompts.before_login = as_the_dialog_opens
    desktop.sign_out()
    assert seen == [False]
    assert desktop.controller is not controller and desktop.session.unsent_writes() == 0


class NoKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("no keyring on this machine")


def test_without_a_keyring_nothing_is_written_to_disk_and_the_week_still_shows(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    ref = clerk_a_booking(world, athens(1, 10))
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        desktop, _ = signed_in_with(qtbot, desktops, ref)
        assert desktop.session.cache is not None and not desktop.session.cache.on_disk
        assert not cache_path(desktop).exists()
        # Said once, in the same words as the sign-in token's (one notice, not two).
        warnings = [w for w in prompts_of_clerk(clerk_of(desktop)).warnings if "κλειδοθήκη" in w]
        assert len(warnings) == 1 and "χωρίς σύνδεση" in warnings[0]
    finally:
        keyring.set_keyring(previous)
