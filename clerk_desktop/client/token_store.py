"""The system keyring: the refresh token, so the next start signs in without a password, and the
key that seals the offline cache (``client/cache.py``). Both per server and user."""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging

import keyring
from keyring.errors import KeyringError

SERVICE_NAME = "dimos-clerk-desktop"
CACHE_KEY_SERVICE_NAME = "dimos-clerk-desktop-cache"
CACHE_KEY_BYTES = 32
log = logging.getLogger(__name__)


class KeyringUnavailable(Exception):
    """The keyring could not be asked (none installed, locked, refused)."""


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


# ---------------------------------------------------------------- the offline cache's key
def load_cache_key(server: str, username: str) -> bytes | None:
    """The cache's AES-256 key; None when none is kept (or what is kept is not one: a new one is made).

    Raises ``KeyringUnavailable`` when the keyring cannot be asked: then the cache stays in memory.
    """
    try:
        text = keyring.get_password(CACHE_KEY_SERVICE_NAME, _key(server, username))
    except KeyringError as exc:
        log.warning("keyring unavailable: the offline cache is kept in memory only")
        raise KeyringUnavailable(str(exc)) from exc
    if not text:
        return None
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii"))
    except (ValueError, binascii.Error):
        return None
    return key if len(key) == CACHE_KEY_BYTES else None


def save_cache_key(server: str, username: str, key: bytes) -> bool:
    """Keep a new cache key; False when there is no keyring to keep it in (then no file is written)."""
    try:
        keyring.set_password(
            CACHE_KEY_SERVICE_NAME, _key(server, username), base64.urlsafe_b64encode(key).decode("ascii")
        )
    except KeyringError:
        log.warning("keyring unavailable: the offline cache is kept in memory only")
        return False
    return True


def clear_cache_key(server: str, username: str) -> None:
    with contextlib.suppress(KeyringError):
        keyring.delete_password(CACHE_KEY_SERVICE_NAME, _key(server, username))
