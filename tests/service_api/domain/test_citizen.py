"""One set of rules for a citizen's details, shared by the web form and the API."""

from __future__ import annotations

from service_api.domain.citizen import Problem, check_details

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
