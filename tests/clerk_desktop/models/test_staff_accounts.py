"""The staff form sends only what the user changed: a PATCH never rewrites fields nobody touched."""

from __future__ import annotations

from dataclasses import replace

from clerk_desktop.models.role import Role
from clerk_desktop.models.staff_accounts import ServiceChoice, StaffAccount, StaffFormValues

ROW = {
    "id": 7,
    "username": "maria",
    "display_name": "Μαρία",
    "email": "maria@dimos.test",
    "role": "clerk",
    "municipality": "larissa",
    "active": True,
    "teams_link": "https://teams.example/m",
    "qualifications": [{"service_id": 3, "modes": ["in_person"]}, {"service_id": 5, "modes": []}],
}


def test_an_edit_sends_only_the_changed_fields() -> None:
    original = StaffAccount.from_json(ROW).form_values()
    assert original.body(original) == {}
    changed = replace(original, teams_link="https://teams.example/new ")
    assert changed.body(original) == {"teams_link": "https://teams.example/new"}
    ticked = replace(original, qualifications={3: frozenset({"in_person", "teleconference"})})
    assert ticked.body(original) == {
        "qualifications": [{"service_id": 3, "modes": ["in_person", "teleconference"]}]
    }


def test_a_new_account_leaves_the_municipality_to_the_server_when_none_is_chosen() -> None:
    body = StaffFormValues(username="nikos", display_name="Νίκος", role=Role.ADMIN).body(None)
    assert "municipality" not in body and body["password_setup"] == "link" and body["role"] == "admin"


def test_the_summary_counts_services_per_group_and_says_when_none_is_by_teleconference() -> None:
    services = {
        3: ServiceChoice(3, "Α", "A", ("in_person", "teleconference"), "Δημοτολόγιο", "Roll"),
        4: ServiceChoice(4, "Β", "B", ("in_person",), "Έσοδα", "Revenues"),
    }
    account = StaffAccount.from_json(
        {
            **ROW,
            "qualifications": [
                {"service_id": 3, "modes": ["teleconference"]},
                {"service_id": 4, "modes": ["in_person"]},
            ],
        }
    )
    assert account.qualification_summary(services) == "Δημοτολόγιο (1) · Έσοδα (1, μόνο δια ζώσης)"
