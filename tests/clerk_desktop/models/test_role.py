"""Roles and document states are spelled once on the desktop, and compare equal to the server's strings."""

from __future__ import annotations

import pytest

from clerk_desktop.models.booking import DOCUMENT_STATES, DocumentState
from clerk_desktop.models.checklist_model import ChecklistModel
from clerk_desktop.models.role import Role


@pytest.mark.parametrize(
    ("name", "supervises"),
    [("clerk", False), ("supervisor", True), ("admin", True), ("", False), ("citizen", False), (None, False)],
)
def test_supervisors_and_admins_supervise_and_anything_else_counts_as_a_clerk(
    name: object, supervises: bool
) -> None:
    role = Role.of(name)
    assert role.supervises is supervises
    assert role == (name if name in ("clerk", "supervisor", "admin") else "clerk")


def test_document_states_are_the_servers_strings_and_label_the_checklist() -> None:
    assert DOCUMENT_STATES == ("pending", "received", "missing", "not_applicable")
    assert DocumentState.NOT_APPLICABLE == "not_applicable"
    model = ChecklistModel("en")
    assert model.state_labels == {s: s for s in ("pending", "received", "missing", "not_applicable")}


def test_the_data_protection_officer_supervises_nothing_and_opens_the_access_log() -> None:
    role = Role.of("dpo")
    assert role == Role.DPO and role.protects_data and not role.supervises
    assert not any(Role.of(name).protects_data for name in ("clerk", "supervisor", "admin", ""))
