"""One set of rules for a citizen's details, shared by the web form and the API."""

from __future__ import annotations

import pytest

from service_api.domain.citizen import (
    EXTRA_MAX_VALUE_LENGTH,
    Problem,
    SmsChoice,
    check_details,
    extra_field_problems,
    normalised_mobile,
    sms_choice,
)

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


@pytest.mark.parametrize(
    ("opt_in", "mobile", "phone", "expected"),
    [
        (False, "", "+306941234567", SmsChoice()),  # no SMS asked for
        (True, "697 000 0000", "+306941234567", SmsChoice(mobile="+306970000000")),
        (True, "+44 7911 123456", "", SmsChoice(mobile="+447911123456")),  # any country with its prefix
        (True, "", "+306941234567", SmsChoice(mobile="+306941234567")),  # the phone, a mobile
        (True, "", "+302410123456", SmsChoice(problem=Problem.MOBILE_NEEDED)),  # the phone, a landline
        (True, "", "", SmsChoice(problem=Problem.MOBILE_NEEDED)),
        (True, "2410 123456", "", SmsChoice(problem=Problem.NOT_MOBILE)),
        (True, "69412", "", SmsChoice(problem=Problem.MOBILE)),
        (True, "not a number", "", SmsChoice(problem=Problem.MOBILE)),
        (False, "6941234567", "", SmsChoice(problem=Problem.MOBILE_WITHOUT_SMS)),
        (False, "2410123456", "", SmsChoice(problem=Problem.NOT_MOBILE)),  # what is wrong comes first
    ],
)
def test_the_choice_of_sms_one_rule_for_the_form_and_the_api(
    opt_in: bool, mobile: str, phone: str, expected: SmsChoice
) -> None:
    assert sms_choice(opt_in=opt_in, mobile=mobile, phone=phone) == expected


def test_a_mobile_is_stored_in_e164_and_a_landline_is_told_apart_from_nonsense() -> None:
    assert normalised_mobile(" 694-123-4567 ") == "+306941234567"
    assert normalised_mobile("0030 6941234567") == "+306941234567"
    with pytest.raises(ValueError) as landline:
        normalised_mobile("2410 123456")
    assert landline.value.args[1] is Problem.NOT_MOBILE
    with pytest.raises(ValueError) as nonsense:
        normalised_mobile("123")
    assert nonsense.value.args[1] is Problem.MOBILE
