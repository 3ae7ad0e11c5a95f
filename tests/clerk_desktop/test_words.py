"""Words read as people say them: hours and minutes, the singular for one (issue 15, defect 10)."""

from __future__ import annotations

import pytest

from clerk_desktop.i18n import duration_words, set_language, tr


@pytest.mark.parametrize(
    ("minutes", "greek", "english"),
    [
        (1, "1 λεπτό", "1 minute"),
        (45, "45 λεπτά", "45 minutes"),
        (60, "1 ώρα", "1 hour"),
        (61, "1 ώρα και 1 λεπτό", "1 hour 1 minute"),
        (373, "6 ώρες και 13 λεπτά", "6 hours 13 minutes"),
        (120, "2 ώρες", "2 hours"),
    ],
)
def test_a_wait_reads_in_hours_and_minutes(minutes: int, greek: str, english: str) -> None:
    try:
        assert duration_words(minutes) == greek
        set_language("en")
        assert duration_words(minutes) == english
    finally:
        set_language("el")


def test_counts_of_one_take_the_singular() -> None:
    assert tr("sync.queued", count=1) == "1 ενέργεια σε αναμονή αποστολής"
    assert tr("sync.queued", count=3) == "3 ενέργειες σε αναμονή αποστολής"
    assert tr("cover.offered", count=1).endswith("σε 1 πολίτη.")
    try:
        set_language("en")
        assert tr("cover.applied", count=1) == "1 appointment moved."
        assert tr("cover.applied", count=2) == "2 appointments moved."
    finally:
        set_language("el")
