"""The closures tab's words and its local preview of where a closure falls next."""

from __future__ import annotations

from datetime import date

from clerk_desktop.models.closures import ClosureFormValues, describe_rule, upcoming_dates


def test_closures_are_described_in_words_and_moving_feasts_previewed_locally() -> None:
    assert describe_rule("annual", month=5, day=15) == "Κάθε χρόνο 15/05"
    assert describe_rule("easter", easter_offset=1) == "Πάσχα +1 (Δευτέρα του Πάσχα)"
    assert describe_rule("easter", easter_offset=-48) == "Πάσχα −48 (Καθαρά Δευτέρα)"
    assert describe_rule("easter", easter_offset=3) == "Πάσχα +3"
    once = describe_rule("once", on=date(2027, 6, 7), start="08:00", end="11:00")
    assert once == "Μία φορά 07/06/2027 08:00–11:00"
    today = date(2026, 12, 1)
    assert upcoming_dates("easter", today, easter_offset=1) == [date(2027, 5, 3), date(2028, 4, 17)]
    assert upcoming_dates("annual", today, month=5, day=15) == [date(2027, 5, 15), date(2028, 5, 15)]
    assert upcoming_dates("annual", today, month=2, day=29) == [date(2028, 2, 29)]  # as the server
    assert upcoming_dates("once", today, on=date(2026, 11, 30)) == []


def test_the_form_sends_only_the_fields_of_its_kind() -> None:
    hours = ClosureFormValues(kind="once", on=date(2027, 6, 7), whole_day=False, start="08:00", end="11:00")
    assert hours.body() | {"name_el": "", "name_en": ""} == {
        "kind": "once",
        "date": "2027-06-07",
        "start": "08:00",
        "end": "11:00",
        "name_el": "",
        "name_en": "",
    }
    feast = ClosureFormValues(
        kind="easter", easter_offset=-2, name_el=" Μ. Παρασκευή ", name_en="Good Friday"
    )
    assert feast.body() == {
        "kind": "easter",
        "easter_offset": -2,
        "name_el": "Μ. Παρασκευή",
        "name_en": "Good Friday",
    }
    assert ClosureFormValues(kind="annual", month=5, day=15).body()["month"] == 5
