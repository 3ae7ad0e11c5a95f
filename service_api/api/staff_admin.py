"""Staff administration: accounts (list, create, read, edit, deactivate) and passwords (issue 14).

Supervisors act on the staff of their municipality, admins on everyone; a clerk reads and edits their
own profile. The list keeps what the supervisor's board reads (``id``, ``name``, ``role`` …) and adds
what an administration table shows.
"""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, staff_required
from service_api.api.schemas import (
    PasswordChangeIn,
    PasswordResetIn,
    QualificationIn,
    StaffCreateIn,
    StaffPatchIn,
)
from service_api.api.serialize import iso, staff_json
from service_api.booking import staff_admin, staff_passwords
from service_api.booking.staff_admin import Qualification, StaffChanges
from service_api.booking.staff_passwords import PasswordIssue, ResetMethod
from service_api.domain import needs as needs_rules
from service_api.domain.policy import SUPERVISING_ROLES, Actor, Role, municipality_scope
from service_api.models import Municipality, Staff
from service_api.notifications import staff_mail
from service_api.notifications.mailer import Mailer
from service_api.runtime import runtime


def staff_admin_json(staff: Staff, slugs: dict[int, str]) -> dict[str, Any]:
    """Everything a staff table or form shows; ``name`` stays for the board's older readers."""
    return {
        **staff_json(staff),
        "display_name": staff.display_name,
        "municipality": slugs.get(staff.municipality_id) if staff.municipality_id else None,
        "active": staff.active,
        "must_change_password": staff.must_change_password,
        "graph_user_id": staff.graph_user_id or None,
        "supports": needs_rules.support_from_json(staff.supports).to_json(),  # issue 18
        "qualifications": [
            {
                "service_id": q.service_id,
                "modes": [
                    m for m, on in (("in_person", q.in_person), ("teleconference", q.teleconference)) if on
                ],
            }
            for q in sorted(staff.qualifications, key=lambda q: q.service_id)
        ],
    }


def _slugs(session: Session) -> dict[int, str]:
    return {m.id: m.slug for m in session.scalars(select(Municipality))}


def _one(staff_id: int, actor: Actor) -> dict[str, Any]:
    with runtime().store.read() as session:
        staff = staff_admin.visible_staff(session, actor, staff_id)
        return staff_admin_json(staff, _slugs(session))


def _changes(body: StaffPatchIn) -> StaffChanges:
    given = body.model_dump(exclude_unset=True, exclude={"password_setup", "email_link"})
    changes: dict[str, Any] = dict(given)
    if body.qualifications is not None and "qualifications" in given:
        changes["qualifications"] = [_qualification(q) for q in body.qualifications]
    if "supports" in given:  # issue 18; null leaves it as it is
        if body.supports is None:
            del changes["supports"]
        else:
            changes["supports"] = needs_rules.parse_support(
                body.supports.sign_language, body.supports.languages
            )
    return changes  # type: ignore[return-value]


def _qualification(q: QualificationIn) -> Qualification:
    return Qualification(q.service_id, frozenset(q.modes))


def _issue_json(issue: PasswordIssue, staff_id: int, *, email_link: bool) -> dict[str, Any]:
    """The secret, shown once; a link also goes by e-mail to the account's address when asked and known.

    ``emailed`` says whether the mail server took it, so the supervisor knows whether to hand it over."""
    if issue.method == ResetMethod.TEMPORARY:
        return {"method": issue.method.value, "temporary_password": issue.temporary_password}
    rt = runtime()
    url = f"{rt.config.public_url}/staff/password/{issue.link_token}"
    answer: dict[str, Any] = {"method": issue.method.value, "url": url, "expires_at": iso(issue.expires_at)}
    with rt.store.read() as session:
        staff = session.get(Staff, staff_id)
        name, username, email = (staff.display_name, staff.username, staff.email) if staff else ("", "", "")
    if not email_link or not email or issue.expires_at is None:
        return {**answer, "emailed": False}
    message = staff_mail.compose(
        name=name,
        username=username,
        email=email,
        url=url,
        expires_at=issue.expires_at,
        mail_from=rt.config.mail_from,
    )
    with rt.admission.paused():  # SMTP may take seconds: let bookings have the slot meanwhile
        failure = staff_mail.send_link(Mailer(rt.config.smtp_url, rt.config.outbox_dir), message)
    if failure is not None:
        return {**answer, "emailed": False, "email_error": failure}
    return {**answer, "emailed": True, "emailed_to": email}


@bp.get("/staff")
@staff_required(*SUPERVISING_ROLES, Role.DPO)
def list_staff(actor: Actor) -> Any:
    """Active staff of the municipality (admins: all); ``include_inactive=true`` for the admin table.

    The dpo reads it too, to pick whose reads of the access log to see (their municipality's, or all)."""
    include_inactive = request.args.get("include_inactive") == "true"
    with runtime().store.read() as session:
        query = (
            select(Staff).options(selectinload(Staff.qualifications)).order_by(Staff.display_name, Staff.id)
        )
        scope = municipality_scope(actor)
        if scope is not None:
            query = query.where(Staff.municipality_id == scope)
        if not include_inactive:
            query = query.where(Staff.active.is_(True))
        slugs = _slugs(session)
        return {"staff": [staff_admin_json(s, slugs) for s in session.scalars(query)]}


@bp.post("/staff")
@staff_required(*SUPERVISING_ROLES)
def create_staff(actor: Actor) -> Any:
    body = parse_body(StaffCreateIn)
    rt = runtime()
    staff_id = staff_admin.create_account(rt.bookings, actor, _changes(body))
    issue = staff_passwords.reset_password(rt.bookings, actor, staff_id, ResetMethod(body.password_setup))
    setup = _issue_json(issue, staff_id, email_link=body.email_link)
    return {**_one(staff_id, actor), "password_setup": setup}, 201


@bp.get("/staff/<int:staff_id>")
@staff_required()
def get_staff(staff_id: int, actor: Actor) -> Any:
    return _one(staff_id, actor)


@bp.patch("/staff/<int:staff_id>")
@staff_required()
def edit_staff(staff_id: int, actor: Actor) -> Any:
    body = parse_body(StaffPatchIn)
    staff_admin.update_account(runtime().bookings, actor, staff_id, _changes(body))
    return _one(staff_id, actor)


@bp.post("/staff/<int:staff_id>/password-reset")
@staff_required(*SUPERVISING_ROLES)
def reset_password(staff_id: int, actor: Actor) -> Any:
    body = parse_body(PasswordResetIn)
    issue = staff_passwords.reset_password(runtime().bookings, actor, staff_id, ResetMethod(body.method))
    return {"staff_id": staff_id, **_issue_json(issue, staff_id, email_link=body.email_link)}


@bp.post("/me/password")
@staff_required()
def change_my_password(actor: Actor) -> Any:
    body = parse_body(PasswordChangeIn)
    staff_passwords.change_own_password(
        runtime().bookings, actor, old_password=body.old_password, new_password=body.new_password
    )
    return _one(actor.id or 0, actor)
