"""The password rule and the shipped list of common passwords."""

from __future__ import annotations

from service_api.domain.passwords import PasswordProblem, password_problem
from service_api.passwords import common_passwords


def test_the_shipped_list_holds_the_common_passwords_attackers_try_first() -> None:
    common = common_passwords()
    assert len(common) > 19_000
    assert {"123456", "password", "qwerty", "1234567890", "password123"} <= common


def test_short_common_and_username_passwords_are_refused() -> None:
    common = common_passwords()
    assert password_problem("k7#pQ2x", common=common) == PasswordProblem.TOO_SHORT
    assert password_problem(" Password123 ", common=common) == PasswordProblem.COMMON
    assert password_problem("maria.papadopoulou", common=common, username="Maria.Papadopoulou") == (
        PasswordProblem.IS_USERNAME
    )
    assert password_problem("x" * 201, common=common) == PasswordProblem.TOO_LONG
    assert password_problem("lavender-tractor-1987", common=common) is None
    assert password_problem("μαργαρίτα-στο-βουνό", common=common) is None  # Greek counts in characters
