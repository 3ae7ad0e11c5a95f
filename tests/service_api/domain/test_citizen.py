"""One set of rules for a citizen's details, shared by the web form and the API."""

from __future__ import annotations

import pytest

from service_api.domain.citizen import EXTRA_MAX_VALUE_LENGTH, Problem, check_details, extra_field_problems

FIELDS = [
    {"key": "father_name", "label_el": "Πατρώνυμο", "label_en": "Father's name", "required": True},
    {"key": "supply", "label_el": "Παροχή", "label_en": "Supply", "pattern": "^[0-9]{9,12}$"},
]


def test_good_details_come_back_clean() -> None:
    checked = check_details(
        name="  Μαρία Παπαδοπούλου ",
        email="Maria@Example.GR",
        phone="694 123 4567",
        extra={"father_name": " Γεώργιος ", "supply": ""},
        fields=FIELDS,
    )
    assert checked.ok
    assert checked.name == "Μαρία Παπαδοπούλου" and checked.phone == "+306941234567"
    assert checked.email == "Maria@example.gr"
    assert checked.extra == {"father_name": "Γεώργιος"}  # empty answers are not kept


def test_every_problem_is_named_at_once() -> None:
    checked = check_details(
        name="Μ", email="not-an-email", phone="12", extra={"supply": "12-34"}, fields=FIELDS
    )
    assert checked.problems == {"name": Problem.NAME, "email": Problem.EMAIL, "phone": Problem.PHONE}
    assert [(p.field.key, p.problem) for p in checked.extra_problems] == [
        ("father_name", Problem.REQUIRED),
        ("supply", Problem.FORMAT),
    ]
    assert checked.extra_problems[0].field.label("en") == "Father's name"


@pytest.mark.parametrize(
    "name",
    [
        "Μαρία\x00 Παπαδοπούλου",  # NUL: PostgreSQL cannot even store it
        "Μαρία\r\nBcc: victim@example.org",  # a line break in an e-mail header or a clerk's list
        "Μαρία \u202eυολυοπόδαπαΠ",  # a right-to-left override that reorders what the clerk reads
        "Μαρία \u2066Παπαδοπούλου\u2069",  # an isolate
        "\u200b\u200d\u2060\ufeff",  # nothing visible once zero-width characters go
    ],
)
def test_a_name_that_is_not_plain_text_is_refused(name: str) -> None:
    checked = check_details(name=name, email="maria@example.org", phone="6941234567", extra={}, fields=[])
    assert checked.problems.get("name") in (Problem.NAME_CHARACTERS, Problem.NAME)
    assert not checked.ok


def test_names_in_any_script_with_accents_and_apostrophes_are_text() -> None:
    for name in ("Μαρία Παπαδοπούλου-Ρήγα", "Zoë O'Brien", "Ιωάννης Ντ' Αλέσσιο", "محمد علي"):
        assert check_details(name=name, email="a@example.org", phone="6941234567", extra={}, fields=[]).ok


def test_an_extra_field_longer_than_the_apis_limit_is_refused_on_the_form_too() -> None:
    field = {"key": "note", "label_el": "Σημείωση", "label_en": "Note", "required": False}
    [problem] = extra_field_problems(values={"note": "x" * (EXTRA_MAX_VALUE_LENGTH + 1)}, fields=[field])
    assert problem.problem is Problem.TOO_LONG
    assert not extra_field_problems(values={"note": "x" * EXTRA_MAX_VALUE_LENGTH}, fields=[field])
