"""The administration's dialogs on their own: the once-shown password copies, names stay plain text."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from clerk_desktop.models.role import Role
from clerk_desktop.models.staff_accounts import ServiceChoice, StaffFormValues
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.staff_dialogs import PasswordIssueDialog, StaffDialog, StaffFormChoices

SERVICES = [
    ServiceChoice(1, "Μεταδημότευση", "Transfer", ("in_person", "teleconference")),
    ServiceChoice(2, "Βεβαίωση", "Certificate", ("in_person",)),
]


def test_the_temporary_password_is_shown_once_and_copied_whole(qtbot: Any) -> None:
    dialog = PasswordIssueDialog(
        "<b>Μαρία</b>", {"method": "temporary", "temporary_password": "kX9-long-secret"}
    )
    qtbot.addWidget(dialog)
    assert dialog.field.text() == "kX9-long-secret" and dialog.field.isReadOnly()
    dialog.copy.click()
    assert QGuiApplication.clipboard().text() == "kX9-long-secret"
    assert any("<b>Μαρία</b>" in label.text() for label in dialog.findChildren(PlainLabel))


def test_a_mode_the_service_does_not_offer_cannot_be_ticked(qtbot: Any) -> None:
    choices = StaffFormChoices([Role.CLERK, Role.SUPERVISOR], {"larissa": SERVICES}, home="larissa")
    values = StaffFormValues(
        username="m",
        display_name="M",
        qualifications={1: frozenset({"in_person"}), 99: frozenset({"in_person"})},
    )
    dialog = StaffDialog(values, choices, lambda _values: None, creating=False)
    qtbot.addWidget(dialog)
    assert not dialog.municipality.isVisibleTo(dialog)  # a supervisor's own municipality, not asked
    dialog.set_qualified(2, "in_person", True)
    assert dialog.values().qualifications == {
        1: frozenset({"in_person"}),
        2: frozenset({"in_person"}),
        99: frozenset({"in_person"}),  # a retired service the form does not list stays as it was
    }
    assert not dialog.qualifications.item(1, 2).flags()  # «Βεβαίωση» has no teleconference


def test_the_issued_link_dialog_says_whether_the_link_was_e_mailed(qtbot: Any) -> None:
    def texts(issue: dict[str, Any]) -> str:
        dialog = PasswordIssueDialog("Ελένη", issue)
        qtbot.addWidget(dialog)
        return " ".join(label.text() for label in dialog.findChildren(QLabel) if not label.isHidden())

    link = {"method": "link", "url": "http://dimos.test/staff/password/abc"}
    assert "στάλθηκε επίσης με e-mail στο e@larissa.gr" in texts(
        {**link, "emailed": True, "emailed_to": "e@larissa.gr"}
    )
    refused = texts({**link, "emailed": False, "email_error": "SMTP failed"})
    assert "δεν στάλθηκε" in refused and "SMTP failed" in refused
    assert "δεν έχει e-mail" in texts({**link, "emailed": False})
    assert "e-mail" not in texts({"method": "temporary", "temporary_password": "abcdEFGH23456789"})


def test_an_admin_makes_a_data_protection_officer_of_one_municipality_or_of_every_one(qtbot: Any) -> None:
    choices = StaffFormChoices(
        [Role.CLERK, Role.SUPERVISOR, Role.ADMIN, Role.DPO],
        {"larissa": SERVICES, "metamorfosi": []},
        [("larissa", "Λάρισα"), ("metamorfosi", "Μεταμόρφωση")],
        home="larissa",
    )
    dialog = StaffDialog(
        StaffFormValues(username="e", display_name="E"), choices, lambda _v: None, creating=True
    )
    qtbot.addWidget(dialog)
    assert dialog.municipality.findData("") < 0  # «every municipality» is not a clerk's
    dialog.role.setCurrentIndex(dialog.role.findData("dpo"))
    assert dialog.role.currentText() == "Υπεύθυνος προστασίας δεδομένων"
    assert dialog.municipality.isEnabled() and not dialog.qualifications.isEnabled()
    assert dialog.values().municipality == "larissa"
    dialog.municipality.setCurrentIndex(dialog.municipality.findData(""))
    assert dialog.municipality.currentText() == "Όλοι οι δήμοι" and dialog.values().municipality is None
    assert "municipality" not in dialog.values().body(None)  # the server places a dpo in none
    dialog.role.setCurrentIndex(dialog.role.findData("clerk"))
    assert dialog.municipality.findData("") < 0 and dialog.values().municipality == "larissa"

    every = StaffFormValues(username="d", display_name="D", role=Role.DPO, municipality=None)
    edit = StaffDialog(every, choices, lambda _v: None, creating=False)
    qtbot.addWidget(edit)
    assert edit.municipality.currentText() == "Όλοι οι δήμοι" and edit.values().body(every) == {}
