"""Staff passwords: the shipped list of common passwords and the one check every write path calls."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from service_api.domain.errors import RuleViolation
from service_api.domain.passwords import MESSAGES, PasswordProblem, password_problem

# Django's list of the 20,000 most common passwords (Royce Williams' compilation from breach
# corpora; 19,640 after de-duplication, lower case, most common first), taken unchanged from the
# Django 5.2 wheel on PyPI, BSD-3-Clause; see resources/common-passwords.md.
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "resources" / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    """Read once per process (about 20,000 short lines)."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def problem_with(password: str, *, username: str = "") -> PasswordProblem | None:
    return password_problem(password, common=common_passwords(), username=username)


def require_acceptable_password(password: str, *, username: str = "", field: str = "password") -> None:
    """Refuse (422, naming ``field``) a password that is too short, too long or too common."""
    problem = problem_with(password, username=username)
    if problem is not None:
        raise RuleViolation(MESSAGES[problem], fields={field: MESSAGES[problem]})
