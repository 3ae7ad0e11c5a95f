"""Without a keyring the desktop says once, in the interface, why it asks for the password (issue 15, 11)."""

from __future__ import annotations

from typing import Any

import keyring
import pytest
from keyring.errors import PasswordSetError

from clerk_desktop.desktop import Desktop
from tests.helpers.desktop import Desktops, FakePrompts, MemoryKeyring

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


class NoKeyring(MemoryKeyring):
    """A machine without a usable keyring: nothing can be kept."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("no keyring on this machine")


def keyring_warnings(desktop: Desktop) -> list[str]:
    assert isinstance(desktop.prompts, FakePrompts)
    return [w for w in desktop.prompts.warnings if "κλειδοθήκη" in w]


def test_a_missing_keyring_is_explained_once(qtbot: Any, desktops: Desktops) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        first = desktops("clerk_a")
        assert first.start()
        assert len(keyring_warnings(first)) == 1
        first.shutdown()
        second = desktops("clerk_a")  # the next start asks for the password again, without the notice
        assert second.start()
        assert keyring_warnings(second) == []
    finally:
        keyring.set_keyring(previous)


def test_with_a_keyring_nothing_is_said(qtbot: Any, desktops: Desktops) -> None:
    desktop = desktops("clerk_a")
    assert desktop.start()
    assert keyring_warnings(desktop) == []
