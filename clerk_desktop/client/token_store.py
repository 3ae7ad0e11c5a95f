"""The refresh token in the system keyring, so the next start signs in without a password."""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError

SERVICE_NAME = "dimos-clerk-desktop"
log = logging.getLogger(__name__)


def _key(server: str, username: str) -> str:
    return f"{server.rstrip('/')}|{username}"


def load_refresh_token(server: str, username: str) -> str | None:
    try:
        return keyring.get_password(SERVICE_NAME, _key(server, username))
    except KeyringError:
        log.warning("keyring unavailable: signing in with a password")
        return None


def save_refresh_token(server: str, username: str, token: str) -> bool:
    """Keep the token for the next start; False when there is no keyring to keep it in."""
    try:
        keyring.set_password(SERVICE_NAME, _key(server, username), token)
    except KeyringError:
        log.warning("keyring unavailable: the next start will ask for the password")
        return False
    return True


def clear_refresh_token(server: str, username: str) -> None:
    with contextlib.suppress(KeyringError):
        keyring.delete_password(SERVICE_NAME, _key(server, username))
