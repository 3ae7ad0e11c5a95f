"""Who may see or change what: the one home of every authorisation rule.

Every layer asks these functions (the booking service, the read queries, statistics, staffing, the
API's decorators) instead of comparing role strings itself, so a new role or a new kind of record
changes one file. Pure Python: an ``Actor`` and plain ids in, a yes/no or a scope out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from service_api.domain.errors import Forbidden, NotFound


class Role(StrEnum):
    """A staff member's role; stored as its value in ``staff.role``."""

    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    # The data-protection officer (issue 17): reads the access log, answers citizens' requests to see
    # or erase what is held about them, and sees no calendar.
    DPO = "dpo"


class ActorKind(StrEnum):
    CITIZEN = "citizen"
    STAFF = "staff"
    SYSTEM = "system"


# Roles that supervise a municipality (the admin supervises every one).
SUPERVISING_ROLES: tuple[Role, ...] = (Role.SUPERVISOR, Role.ADMIN)
# Roles that work with bookings: a diary, the change feed, the desk. The dpo is not one of them.
CALENDAR_ROLES: tuple[Role, ...] = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
# Roles that answer a citizen's request to see (Art. 15) or erase (Art. 17) what is held about them.
SUBJECT_REQUEST_ROLES: tuple[Role, ...] = (Role.DPO, Role.ADMIN)
# Roles only an admin gives, takes away or manages: a supervisor oversees neither an admin nor the dpo
# who oversees them.
ADMIN_GIVEN_ROLES = frozenset({Role.ADMIN, Role.DPO})


@dataclass(frozen=True)
class Actor:
    """Who asked for a write or a read: a citizen (by manage token or form), a staff member, or the system."""

    kind: str
    id: int | None = None
    role: str | None = None
    municipality_id: int | None = None

    @classmethod
    def citizen(cls) -> Actor:
        return cls(ActorKind.CITIZEN)

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorKind.SYSTEM)

    @classmethod
    def staff(cls, staff_id: int, role: str, municipality_id: int | None = None) -> Actor:
        return cls(ActorKind.STAFF, staff_id, role, municipality_id)

    @property
    def is_system(self) -> bool:
        return self.kind == ActorKind.SYSTEM


def has_role(actor: Actor, roles: Iterable[str]) -> bool:
    """Whether a staff actor holds one of ``roles`` (an empty ``roles``: any staff member will do)."""
    allowed = tuple(roles)
    return not allowed or actor.role in allowed


def works_with_bookings(role: str) -> bool:
    """Has a calendar: may serve citizens, follow the change feed, book for callers (not the dpo)."""
    return role in CALENDAR_ROLES


def needs_municipality(role: str) -> bool:
    """Clerks and supervisors belong to a municipality; an admin never does; a dpo may (sees its only)."""
    return role not in ADMIN_GIVEN_ROLES


def sees_everything(actor: Actor) -> bool:
    """The system (jobs, CLI) and admins are bound to no municipality."""
    return actor.is_system or actor.role == Role.ADMIN


def supervises(actor: Actor, municipality_id: int | None) -> bool:
    """A supervisor of that municipality, an admin, or the system."""
    if sees_everything(actor):
        return True
    return (
        actor.role == Role.SUPERVISOR
        and municipality_id is not None
        and actor.municipality_id == municipality_id
    )


def is_supervising_role(actor: Actor) -> bool:
    """Supervisor or admin, whatever the municipality: may open the supervisor's tools at all."""
    return actor.is_system or actor.role in SUPERVISING_ROLES


def can_see_booking(actor: Actor, *, municipality_id: int | None, staff_id: int | None) -> bool:
    """Clerks see their own bookings, supervisors their municipality's, admins and the system all."""
    if supervises(actor, municipality_id):
        return True
    return actor.role == Role.CLERK and actor.id is not None and actor.id == staff_id


def may_change_booking(actor: Actor, *, municipality_id: int | None, staff_id: int | None) -> bool:
    """Who may move or cancel a booking from the desk: a clerk their own, supervisors their municipality's.

    The citizen's own changes are authorised by the manage token, not here.
    """
    if supervises(actor, municipality_id):
        return True
    return actor.role == Role.CLERK and actor.id is not None and actor.id == staff_id


def require_may_change_booking(actor: Actor, *, municipality_id: int | None, staff_id: int | None) -> None:
    """404 for a booking the staff member may not change (they may not see it either: nothing leaks)."""
    if not may_change_booking(actor, municipality_id=municipality_id, staff_id=staff_id):
        raise NotFound("No such booking.")


def can_see_staff(actor: Actor, *, staff_id: int, municipality_id: int | None) -> bool:
    """A staff member's own record, or any of a municipality they supervise."""
    return (actor.id is not None and actor.id == staff_id) or supervises(actor, municipality_id)


def may_book_for_municipality(actor: Actor, municipality_id: int) -> bool:
    """Citizens book anywhere; staff book for callers of their own municipality (admins anywhere).

    The dpo books for nobody: they see no calendar."""
    if actor.kind != ActorKind.STAFF or sees_everything(actor):
        return True
    return works_with_bookings(actor.role or "") and actor.municipality_id == municipality_id


def municipality_scope(actor: Actor) -> int | None:
    """The municipality an actor's lists are limited to; ``None`` means every municipality.

    A dpo of one municipality answers for its citizens and staff only (each municipality is its own
    data controller); a dpo without one, like an admin, for all."""
    return None if sees_everything(actor) else actor.municipality_id


@dataclass(frozen=True)
class FeedScope:
    """Which change-log rows a reader receives.

    ``staff_id``: only rows about that clerk's diary. ``by_municipality``: only rows of
    ``municipality_id``, where ``None`` means the rows of no municipality (the catalogue's), never
    every municipality's. Neither: everything.
    """

    staff_id: int | None = None
    by_municipality: bool = False
    municipality_id: int | None = None


def change_feed_scope(actor: Actor) -> FeedScope:
    """Clerks follow their own diary, supervisors their municipality, admins everything.

    Anyone else (the dpo) is kept off the feed by its route; were they not, they would follow the rows
    of no municipality (the catalogue's) and never a booking."""
    if actor.role == Role.CLERK:
        return FeedScope(staff_id=actor.id)
    if actor.role == Role.SUPERVISOR:
        return FeedScope(by_municipality=True, municipality_id=actor.municipality_id)
    if actor.role == Role.ADMIN or actor.is_system:
        return FeedScope()
    return FeedScope(by_municipality=True, municipality_id=None)


def require_supervising_role(actor: Actor, message: str) -> None:
    """Refuse (403) anyone who supervises nothing at all."""
    if not is_supervising_role(actor):
        raise Forbidden(message)


def require_supervises(actor: Actor, municipality_id: int | None, message: str) -> None:
    """Refuse (403) unless ``actor`` supervises ``municipality_id``."""
    if not supervises(actor, municipality_id):
        raise Forbidden(message)


def require_sees_booking(actor: Actor, *, municipality_id: int | None, staff_id: int | None) -> None:
    """404, not 403, for a booking the actor may not see: its existence is not revealed."""
    if not can_see_booking(actor, municipality_id=municipality_id, staff_id=staff_id):
        raise NotFound("No such booking.")


def statistics_scope(actor: Actor, municipality_id: int | None) -> int | None:
    """The municipality whose figures ``actor`` reads when asking for ``municipality_id``.

    Admins and the system may ask for any (``None``: all); a supervisor gets their own only.
    """
    if sees_everything(actor):
        return municipality_id
    if actor.role != Role.SUPERVISOR:
        raise Forbidden("Only supervisors see the figures.")
    if municipality_id is not None and municipality_id != actor.municipality_id:
        raise Forbidden("Supervisors see the figures of their own municipality only.")
    return actor.municipality_id


# --- Staff administration (issue 14): who may create, edit, deactivate and reset whom. ---

# What a clerk may change in their own record (the password has its own route).
OWN_PROFILE_FIELDS = frozenset({"display_name", "teams_link"})


def may_manage_staff(actor: Actor, *, target_role: str, municipality_id: int | None) -> bool:
    """Admins manage everyone; a supervisor the clerks and supervisors of their own municipality."""
    if sees_everything(actor):
        return True
    return target_role not in ADMIN_GIVEN_ROLES and supervises(actor, municipality_id)


def _role_given_only_by_admins(role: str | None) -> str | None:
    if role == Role.ADMIN:
        return "Only an admin may make someone an admin."
    if role == Role.DPO:
        return "Only an admin may make someone the data-protection officer."
    return None


def staff_change_refusal(
    actor: Actor,
    *,
    target_id: int,
    target_role: str,
    municipality_id: int | None,
    fields: Iterable[str],
    new_role: str | None = None,
    new_municipality_id: int | None = None,
) -> str | None:
    """Why ``actor`` may not make this change to a staff record (``None``: they may).

    ``fields`` are the fields the change touches; ``new_role``/``new_municipality_id`` what it sets.
    Nobody deactivates themselves or changes their own role (the last admin could lock everyone out).
    """
    touched = set(fields)
    own = actor.id is not None and actor.id == target_id
    if own and touched & {"role", "active", "municipality"}:
        return "You may not change your own role, municipality or whether your account is active."
    if sees_everything(actor):
        return None
    if not may_manage_staff(actor, target_role=target_role, municipality_id=municipality_id):
        if own and touched <= OWN_PROFILE_FIELDS:
            return None
        if own:
            allowed = ", ".join(sorted(OWN_PROFILE_FIELDS))
            return f"You may change only your own {allowed} (and your password)."
        return "You may not change this staff member."
    refusal = _role_given_only_by_admins(new_role)
    if refusal:
        return refusal
    if "municipality" in touched and new_municipality_id != actor.municipality_id:
        return "Supervisors keep staff in their own municipality."
    return None


def staff_creation_refusal(actor: Actor, *, role: str, municipality_id: int | None) -> str | None:
    """Why ``actor`` may not create this account (``None``: they may)."""
    if sees_everything(actor):
        return None
    if actor.role != Role.SUPERVISOR:
        return "Only supervisors and admins create staff accounts."
    refusal = _role_given_only_by_admins(role)
    if refusal:
        return refusal
    if municipality_id != actor.municipality_id:
        return "Supervisors create staff in their own municipality only."
    return None


# ----------------------------------------------------------------- catalogue administration (issue 14)
# What a supervisor may change of their municipality's services: what the citizen reads and brings.
# Names, durations, the grid, modes, limits and retiring change what is offered and stay the admin's,
# as do groups and municipality settings; closures of their own municipality are the supervisor's too
# (an election day is an office matter, like an absence).
SUPERVISOR_SERVICE_FIELDS = frozenset({"description_el", "description_en", "required_documents"}) | {
    "no_show_rescue_minutes"  # issue 18: when their desk rescues a citizen who has not arrived
}


def require_catalogue_admin(actor: Actor, message: str = "Only an administrator may change this.") -> None:
    """Refuse (403) anyone but an admin (or the system): creating services, groups, municipalities."""
    if not sees_everything(actor):
        raise Forbidden(message)


def require_may_edit_service(actor: Actor, municipality_id: int, fields: Iterable[str]) -> None:
    """Admins change any field; a supervisor of the municipality only ``SUPERVISOR_SERVICE_FIELDS``.

    404 for a service of a municipality the actor does not supervise, 403 naming the fields refused.
    """
    if sees_everything(actor):
        return
    if not supervises(actor, municipality_id):
        raise NotFound("No such service.")
    refused = sorted(set(fields) - SUPERVISOR_SERVICE_FIELDS)
    if refused:
        raise Forbidden(
            "Supervisors change a service's descriptions and required documents only; "
            f"ask an administrator for: {', '.join(refused)}."
        )


# --- working plans (issue 14) ---


def manages_working_plans(actor: Actor, municipality_id: int | None) -> bool:
    """Supervisors of the clerk's municipality and admins set plans and one-off days (so does the system)."""
    return (actor.is_system or actor.role in SUPERVISING_ROLES) and supervises(actor, municipality_id)


def reads_working_plan(actor: Actor, *, staff_id: int, municipality_id: int | None) -> bool:
    """A clerk reads their own plan; those who manage it read it too."""
    return can_see_staff(actor, staff_id=staff_id, municipality_id=municipality_id)


# --- end of working plans ---


# --- data protection (issue 17): the access log, and citizens' requests to see or erase their data ---


def reads_access_log(actor: Actor) -> bool:
    """Only the data-protection officer reads who read what; nobody edits or deletes it."""
    return actor.role == Role.DPO


def require_reads_access_log(actor: Actor) -> None:
    if not reads_access_log(actor):
        raise Forbidden("Only the data-protection officer reads the access log.")


def require_handles_subject_requests(actor: Actor) -> None:
    """Refuse (403) anyone but the dpo and admins: exporting or erasing everything about a citizen."""
    if not (actor.is_system or actor.role in SUBJECT_REQUEST_ROLES):
        raise Forbidden("Only the data-protection officer or an admin handles a citizen's request.")


# --- webhooks (issue 17) ---


def may_manage_webhooks(actor: Actor) -> bool:
    """Only admins (and the system) register, list and remove webhooks, see their deliveries and resend:
    an endpoint receives the bookings of every municipality."""
    return sees_everything(actor)


def require_webhook_admin(actor: Actor) -> None:
    """Refuse (403) anyone but an admin."""
    if not may_manage_webhooks(actor):
        raise Forbidden("Only an administrator manages webhooks.")


# --- end of webhooks ---
