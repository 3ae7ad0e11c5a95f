"""What a staff password must be: long enough, not one of the passwords every attacker tries first."""

from __future__ import annotations

from collections.abc import Container
from enum import StrEnum

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


class PasswordProblem(StrEnum):
    """Why a password is refused; each surface words it in its own language."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    IS_USERNAME = "is_username"


MESSAGES: dict[PasswordProblem, str] = {
    PasswordProblem.TOO_SHORT: f"A password needs at least {MIN_PASSWORD_LENGTH} characters.",
    PasswordProblem.TOO_LONG: f"A password may have at most {MAX_PASSWORD_LENGTH} characters.",
    PasswordProblem.COMMON: "This password is one of the most common passwords; choose another.",
    PasswordProblem.IS_USERNAME: "A password must not be the username.",
}


def password_problem(password: str, *, common: Container[str], username: str = "") -> PasswordProblem | None:
    """Why ``password`` may not be used, or ``None``.

    Length is counted in characters, so a Greek passphrase counts as long as it looks. The common
    list is compared case-insensitively and without surrounding spaces ("Password123" is as weak as
    "password123"); a password equal to the username is as guessable as a common one.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return PasswordProblem.TOO_LONG
    folded = password.strip().lower()
    if folded in common:
        return PasswordProblem.COMMON
    if username and folded == username.strip().lower():
        return PasswordProblem.IS_USERNAME
    return None
