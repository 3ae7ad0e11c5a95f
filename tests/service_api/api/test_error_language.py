"""Refusals carry a stable code and read in the caller's language (Accept-Language), English by default
(issue 15, defect 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service_api import error_words
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import PASSWORD, World, athens

GREEK = {"Accept-Language": "el"}
ENGLISH = {"Accept-Language": "en"}


def _wrong_login(client: FlaskClient, headers: dict[str, str]) -> dict[str, str]:
    body = {"username": "clerk_a", "password": "not the password"}
    answer: dict[str, str] = call(client, "POST", "/api/v1/auth/login", 401, json=body, headers=headers)
    return answer


def test_a_wrong_password_reads_in_the_language_asked_for_and_in_english_by_default(
    world: World, client: FlaskClient
) -> None:
    greek = _wrong_login(client, {"Accept-Language": "el-GR,el;q=0.9,en;q=0.5"})
    assert greek.pop("request_id")  # every error names its request (see test_metrics)
    assert greek == {"error": "wrong_credentials", "message": "Λάθος όνομα χρήστη ή κωδικός."}
    assert _wrong_login(client, ENGLISH)["message"] == "Wrong username or password."
    assert _wrong_login(client, {})["message"] == "Wrong username or password."
    # A language we do not speak gets English, not Greek.
    assert _wrong_login(client, {"Accept-Language": "fr"})["message"] == "Wrong username or password."


def test_a_lapsed_token_has_its_own_code_and_greek_words(world: World, client: FlaskClient) -> None:
    refused = call(
        client, "GET", "/api/v1/me", 401, headers={"Authorization": "Bearer not-a-real-token", **GREEK}
    )
    assert refused.pop("request_id")
    assert refused == {"error": "token_expired", "message": "Μη έγκυρη σύνδεση· συνδεθείτε ξανά."}
    body = {"refresh_token": "not-a-real-refresh-token"}
    expired = call(client, "POST", "/api/v1/auth/refresh", 401, json=body, headers=GREEK)
    assert expired["error"] == "sign_in_expired" and "συνδεθείτε ξανά" in expired["message"]


def test_a_clerk_not_qualified_is_named_in_greek_with_the_field_worded_too(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("cohabitation-agreement")
    ref = book(client, 201, booking_body(sid, athens(2, 9), mode="teleconference"))["reference"]
    boss = login(client, "supervisor")
    body = {"staff_id": world.staff["clerk_c"]}
    url = f"/api/v1/bookings/{ref}/reassign"
    greek = call(client, "POST", url, 422, headers={**boss, **GREEK}, json=body)
    assert greek["error"] == "not_qualified" and greek["staff"] == "Clerk C (in person only)"
    assert greek["message"] == (
        "Clerk C (in person only): δεν εξυπηρετεί αυτή την υπηρεσία με αυτόν τον τρόπο "
        "(φυσική παρουσία ή τηλεδιάσκεψη)."
    )
    assert greek["fields"] == {"staff_id": "Δεν εξυπηρετεί την υπηρεσία με αυτόν τον τρόπο."}
    english = call(client, "POST", url, 422, headers={**boss, **ENGLISH}, json=body)
    assert english["message"] == "Clerk C (in person only) is not qualified for this service in this mode."


def test_an_invalid_transition_names_both_states_and_reads_in_greek(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    sid = world.service("cohabitation-agreement")
    ref = book(client, 201, booking_body(sid, athens(4, 10)))["reference"]
    boss = login(client, "supervisor")
    owner = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=boss)["staff"]["id"]
    clerk = login(client, next(k for k, v in world.staff.items() if v == owner))
    clock.now = athens(4, 10, 30)
    outcome = f"/api/v1/bookings/{ref}/outcome"
    call(client, "POST", outcome, 200, headers=clerk, json={"outcome": "no_show"})
    refused = call(client, "POST", outcome, 409, headers={**clerk, **GREEK}, json={"outcome": "completed"})
    assert (refused["error"], refused["from"], refused["to"]) == (
        "invalid_transition",
        "no_show",
        "completed",
    )
    assert refused["message"] == (
        "Ένα ραντεβού όπου ο πολίτης δεν προσήλθε δεν μπορεί να γίνει «Ολοκληρώθηκε»."
    )
    english = call(client, "POST", outcome, 409, headers=clerk, json={"outcome": "completed"})
    assert english["message"] == "A booking that is no_show cannot become completed."


def test_field_messages_password_rules_and_unknown_addresses_read_in_greek(
    world: World, client: FlaskClient
) -> None:
    me = login(client, "clerk_a")
    short = {"old_password": PASSWORD, "new_password": "short"}
    refused = call(client, "POST", "/api/v1/me/password", 422, headers={**me, **GREEK}, json=short)
    assert "Ο κωδικός χρειάζεται τουλάχιστον 10 χαρακτήρες." in refused["fields"].values()
    missing = call(client, "POST", "/api/v1/me/password", 422, headers={**me, **GREEK}, json={})
    assert missing["message"] == "Κάποια πεδία δεν είναι έγκυρα."
    assert set(missing["fields"].values()) == {"Υποχρεωτικό πεδίο."}
    nowhere = call(client, "GET", "/api/v1/no-such-thing", 404, headers=GREEK)
    assert nowhere.pop("request_id")
    assert nowhere == {"error": "not_found", "message": "Η διεύθυνση δεν υπάρχει."}
    gone = call(client, "GET", "/api/v1/bookings/NOPE-0000", 404, headers={**me, **GREEK})
    assert gone["message"] == "Το ραντεβού δεν βρέθηκε."


@pytest.mark.parametrize(
    "english, greek",
    [
        ("This appointment already has its outcome.", "Το ραντεβού έχει ήδη έκβαση."),
        (
            "The citizen can be checked in only on the day of the appointment (04/12/2026), from 09:00.",
            "Η άφιξη καταχωρίζεται μόνο την ημέρα του ραντεβού (04/12/2026), από τις 09:00.",
        ),
        ("Booking is cancelled.", "Κατάσταση ραντεβού: «Ακυρώθηκε»."),
        ("Something nobody translated.", "Something nobody translated."),
    ],
)
def test_templates_fill_in_what_the_message_names(english: str, greek: str) -> None:
    assert error_words.translate(english, "el") == greek
    assert error_words.translate(english, "en") == english


def test_every_english_text_of_the_catalogue_is_still_raised_somewhere() -> None:
    """A message reworded where it is raised would silently lose its Greek: the catalogue must follow."""
    root = Path(error_words.__file__).parent
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in root.rglob("*.py") if path.name != "error_words.py"
    )
    source = re.sub(r'"\s*\n\s*f?"', "", source)  # implicit concatenation across lines
    pydantic = ("Field required", "Extra inputs", "String should", "Input should")
    stale = []
    for english in error_words.GREEK:
        if english.startswith(pydantic):
            continue
        longest = max(re.split(r"\{[a-z_]+\}", english), key=len)
        if longest not in source:
            stale.append(english)
    assert stale == []
