"""Accessibility needs (issue 18): what a citizen may ask for, the slot it takes, the clerks who qualify."""

from __future__ import annotations

import unicodedata

import pytest

from service_api.domain.errors import RuleViolation
from service_api.domain.needs import (
    NO_NEEDS,
    Need,
    StaffSupport,
    limits_staff,
    needs_from_json,
    parse_needs,
    parse_support,
    qualifies,
    served_counts,
    slot_minutes,
)


def test_extra_time_lengthens_the_slot_by_the_services_amount_and_nothing_else_does() -> None:
    assert slot_minutes(parse_needs(["extra_time"]), 15, 20) == 35
    assert slot_minutes(parse_needs(["wheelchair", "assistant"]), 15, 20) == 15
    assert slot_minutes(NO_NEEDS, 15, 20) == 15


def test_an_interpreter_needs_a_language_of_letters_kept_short() -> None:
    needs = parse_needs(["interpreter"], "  Αραβικά  ")
    assert needs.language == "Αραβικά" and needs.has(Need.INTERPRETER)
    for bad in ("", "   ", "12345", "<script>", "x" * 41):
        with pytest.raises(RuleViolation) as refused:
            parse_needs(["interpreter"], bad)
        assert "needs_language" in refused.value.fields


def test_a_language_without_an_interpreter_is_dropped_and_an_unknown_need_refused() -> None:
    assert parse_needs(["wheelchair"], "English").language == ""
    with pytest.raises(RuleViolation) as refused:
        parse_needs(["jetpack"])
    assert refused.value.fields == {"needs": "Unknown need."}


def test_only_clerks_offering_sign_language_or_the_language_qualify() -> None:
    signer = StaffSupport(sign_language=True)
    speaker = parse_support(False, ["English", "αραβικά"])
    plain = StaffSupport()
    sign = parse_needs(["sign_language"])
    arabic = parse_needs(["interpreter"], "ΑΡΑΒΙΚΆ".lower())
    assert [qualifies(s, sign) for s in (signer, speaker, plain)] == [True, False, False]
    assert qualifies(speaker, parse_needs(["interpreter"], "english"))
    assert qualifies(speaker, arabic) and not qualifies(signer, arabic)
    wheelchair = parse_needs(["wheelchair", "extra_time"])
    assert all(qualifies(s, wheelchair) for s in (signer, speaker, plain))
    assert limits_staff(sign) and not limits_staff(wheelchair)


def test_stored_needs_read_back_and_count_per_need() -> None:
    needs = parse_needs(["extra_time", "interpreter"], "Farsi")
    assert needs.to_json() == {"codes": ["interpreter", "extra_time"], "language": "Farsi"}
    assert needs_from_json(needs.to_json()) == needs
    assert needs_from_json({}) == NO_NEEDS and needs_from_json({"codes": ["gone"]}) == NO_NEEDS
    counts = served_counts([needs.to_json(), {}, None, parse_needs(["extra_time"]).to_json()])
    assert counts["extra_time"] == 2 and counts["interpreter"] == 1 and counts["wheelchair"] == 0


def test_a_clerks_languages_are_checked_and_kept_once() -> None:
    assert parse_support(True, ["English", " english ", ""]).languages == ("English",)
    with pytest.raises(RuleViolation) as refused:
        parse_support(False, ["1234"])
    assert "languages" in refused.value.fields


def test_a_language_typed_with_combining_accents_is_accepted_stored_composed_and_matched() -> None:
    decomposed = unicodedata.normalize("NFD", "Αραβικά")
    assert decomposed != "Αραβικά"  # the tonos is a separate combining mark
    needs = parse_needs(["interpreter"], decomposed)
    assert needs.language == "Αραβικά"
    assert qualifies(StaffSupport(languages=("Αραβικά",)), needs)
    assert parse_support(False, [decomposed]).languages == ("Αραβικά",)
    assert qualifies(StaffSupport(languages=(decomposed,)), parse_needs(["interpreter"], "Αραβικά"))
