"""Tables: catalogue, staff, bookings and the logs that make every write traceable and syncable."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

# Imported for its tables: ``Base.metadata`` read from this module (Alembic, tests) lists every one.
from service_api.auth import models as auth_models  # noqa: F401
from service_api.domain.co_applicants import CoApplicantStatus
from service_api.domain.kinds import (
    AbsenceKind,
    AbsenceStatus,
    AccessChannel,
    ChangeEntity,
    DocumentState,
    IdentityDocument,
    OutboxStatus,
)
from service_api.domain.policy import Role
from service_api.domain.rules import ACTIVE_STATUSES, Mode, Status
from service_api.domain.waitlist import OPEN_STATUSES, EntryStatus, PartOfDay
from service_api.domain.working_plan import PlanExceptionKind, WeekParity
from service_api.orm import Base
from service_api.webhooks import models as webhook_models  # noqa: F401

# The exclusion constraint (PostgreSQL) that refuses two active bookings of one clerk at once.
BOOKING_NO_OVERLAP = "booking_no_overlap"


def one_of(column: str, values: Iterable[StrEnum]) -> str:
    """A check (or index) condition that ``column`` holds one of the enum's stored values."""
    quoted = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({quoted})"


# Statuses that hold a clerk's time (domain.rules.ACTIVE_STATUSES, in the enum's order).
ACTIVE_STATUS_SQL = one_of("status", [s for s in Status if s in ACTIVE_STATUSES])


def _now() -> datetime:
    return datetime.now(UTC)


class Municipality(Base):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name_el: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Athens")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address_el: Mapped[str] = mapped_column(String(300), default="")
    address_en: Mapped[str] = mapped_column(String(300), default="")

    groups: Mapped[list[ServiceGroup]] = relationship(
        back_populates="municipality", order_by="ServiceGroup.position"
    )


class Holiday(Base):
    """A municipal closure (``domain/closures.py``): every year on a date (``year`` empty), every year
    relative to Orthodox Easter (``easter_offset`` set), or once; the whole day or ``start``..``end``."""

    __tablename__ = "holiday"
    __table_args__ = (
        CheckConstraint(
            "easter_offset IS NOT NULL OR (month IS NOT NULL AND day IS NOT NULL)", name="has_date"
        ),
        CheckConstraint("(start_time IS NULL) = (end_time IS NULL)", name="hours_paired"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"))
    year: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[int | None] = mapped_column(Integer)
    easter_offset: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[time | None] = mapped_column("start_time", Time)
    end: Mapped[time | None] = mapped_column("end_time", Time)
    name_el: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class ServiceGroup(Base):
    __tablename__ = "service_group"
    __table_args__ = (UniqueConstraint("municipality_id", "slug", name="uq_service_group_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name_el: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    extra_fields: Mapped[list[Any]] = mapped_column(default=list)

    municipality: Mapped[Municipality] = relationship(back_populates="groups")
    services: Mapped[list[Service]] = relationship(back_populates="group", order_by="Service.position")


class Service(Base):
    __tablename__ = "service"
    __table_args__ = (
        UniqueConstraint("group_id", "slug", name="uq_service_slug"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("slot_interval_minutes > 0", name="interval_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("service_group.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(64))
    name_el: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    slot_interval_minutes: Mapped[int] = mapped_column(Integer)
    modes: Mapped[list[Any]] = mapped_column()
    required_documents: Mapped[list[Any]] = mapped_column(default=list)
    lead_time_minutes: Mapped[int] = mapped_column(Integer, default=0)
    horizon_days: Mapped[int] = mapped_column(Integer, default=60)
    buffer_before_minutes: Mapped[int] = mapped_column(Integer, default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(Integer, default=0)
    max_active_per_citizen: Mapped[int] = mapped_column(Integer, default=2)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Issue 14 (catalogue administration): what the citizen reads about the service, Greek and English.
    description_el: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    # Issue 18 (accessibility needs): how much longer a slot is when the citizen asks for extra time.
    extra_time_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default=text("15"))
    # Issue 18 (no-show rescue): minutes after the start at which the clerk is offered to rescue a no-show.
    no_show_rescue_minutes: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # Issue 18 (co-applicants): how many people book together with the citizen, whether they must,
    # and the hours they have to confirm (``domain/co_applicants.py``).
    co_applicants: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    co_applicants_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    co_applicant_confirm_hours: Mapped[int] = mapped_column(Integer, default=48, server_default="48")

    group: Mapped[ServiceGroup] = relationship(back_populates="services")


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (CheckConstraint(one_of("role", Role), name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    teams_link: Mapped[str] = mapped_column(String(500), default="")
    graph_user_id: Mapped[str] = mapped_column(String(200), default="")
    ical_token_hash: Mapped[str | None] = mapped_column(String(128))
    # Issue 14: a temporary password issued by a supervisor must be replaced at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(default=_now)
    # Issue 18: the support a clerk offers (``domain.needs.StaffSupport``: sign language, languages).
    supports: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=text("'{}'"))

    qualifications: Mapped[list[StaffQualification]] = relationship(
        back_populates="staff", cascade="all, delete-orphan"
    )
    # Every version's periods; written through ``WorkingPlanVersion.periods``.
    working_periods: Mapped[list[WorkingPeriod]] = relationship(
        back_populates="staff",
        viewonly=True,
        order_by="(WorkingPeriod.weekday, WorkingPeriod.start)",
    )


class StaffQualification(Base):
    """Which services a clerk may serve, and in which modes."""

    __tablename__ = "staff_qualification"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    in_person: Mapped[bool] = mapped_column(Boolean, default=True)
    teleconference: Mapped[bool] = mapped_column(Boolean, default=True)

    staff: Mapped[Staff] = relationship(back_populates="qualifications")


# --- working plans (issue 14): versions of a weekly plan, alternating weeks, one-off days ---


class WorkingPlanVersion(Base):
    """A clerk's weekly plan from ``effective_from`` until the next version (no periods: not working)."""

    __tablename__ = "working_plan_version"
    __table_args__ = (UniqueConstraint("staff_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=_now)

    periods: Mapped[list[WorkingPeriod]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="(WorkingPeriod.weekday, WorkingPeriod.start)",
    )


class WorkingPeriod(Base):
    """One stretch of a version of a clerk's weekly plan, in local wall-clock time of their municipality."""

    __tablename__ = "working_period"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("end_time > start_time", name="end_after_start"),
        CheckConstraint(one_of("weeks", WeekParity), name="weeks_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("working_plan_version.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    start: Mapped[time] = mapped_column("start_time", Time)
    end: Mapped[time] = mapped_column("end_time", Time)
    weeks: Mapped[str] = mapped_column(String(4), default=WeekParity.ALL.value)

    staff: Mapped[Staff] = relationship(back_populates="working_periods", viewonly=True)
    version: Mapped[WorkingPlanVersion] = relationship(back_populates="periods")


class PlanException(Base):
    """A one-off change of a clerk's local day: extra hours, or a closure (whole day when no times)."""

    __tablename__ = "plan_exception"
    __table_args__ = (
        CheckConstraint(one_of("kind", PlanExceptionKind), name="kind_known"),
        CheckConstraint(
            "(start_time IS NULL AND end_time IS NULL AND kind = 'closed') OR end_time > start_time",
            name="times_make_sense",
        ),
        Index("ix_plan_exception_staff_day", "staff_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    start: Mapped[time | None] = mapped_column("start_time", Time)
    end: Mapped[time | None] = mapped_column("end_time", Time)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=_now)


# --- end of working plans ---


class Absence(Base):
    __tablename__ = "absence"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="end_after_start"),
        CheckConstraint(one_of("kind", AbsenceKind), name="kind_known"),
        CheckConstraint(one_of("status", AbsenceStatus), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    start_at: Mapped[datetime] = mapped_column()
    end_at: Mapped[datetime] = mapped_column()
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=_now)
    # Only approved absences block availability; a clerk's request waits for a supervisor's decision.
    kind: Mapped[str] = mapped_column(String(10), default=AbsenceKind.OTHER.value, server_default="other")
    status: Mapped[str] = mapped_column(
        String(10), default=AbsenceStatus.APPROVED.value, server_default="approved"
    )
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Booking(Base):
    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="end_after_start"),
        CheckConstraint(one_of("status", Status), name="status_known"),
        CheckConstraint(one_of("mode", Mode), name="mode_known"),
        Index("ix_booking_staff_start", "staff_id", "start_at"),
        Index("ix_booking_service_start", "service_id", "start_at"),
        Index("ix_booking_citizen_key", "citizen_key"),
        ExcludeConstraint(
            ("staff_id", "="),
            (text("tstzrange(start_at, end_at, '[)')"), "&&"),
            name=BOOKING_NO_OVERLAP,
            using="gist",
            where=text(ACTIVE_STATUS_SQL),
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    start_at: Mapped[datetime] = mapped_column()
    end_at: Mapped[datetime] = mapped_column()
    buffer_before_minutes: Mapped[int] = mapped_column(Integer, default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(Integer, default=0)
    hold_expires_at: Mapped[datetime | None] = mapped_column()
    citizen_name: Mapped[str] = mapped_column(String(200), default="")
    citizen_email: Mapped[str] = mapped_column(String(254), default="")
    citizen_phone: Mapped[str] = mapped_column(String(40), default="")
    citizen_afm_hash: Mapped[str | None] = mapped_column(String(64))
    citizen_key: Mapped[str] = mapped_column(String(64), default="")
    citizen_extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    citizen_via_taxisnet: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(5), default="el")
    citizen_timezone: Mapped[str] = mapped_column(String(64), default="Europe/Athens")
    # The mobile number (E.164) the citizen's SMS go to: set only when they opted in to SMS.
    citizen_mobile: Mapped[str] = mapped_column(String(20), default="", server_default="")
    sms_opt_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # Issue 18: the citizen's accessibility needs (``domain.needs.Needs.to_json``); {} for none.
    needs: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=text("'{}'"))
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    meeting_url: Mapped[str] = mapped_column(String(500), default="")
    meeting_external_id: Mapped[str] = mapped_column(String(300), default="")
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    checked_in_at: Mapped[datetime | None] = mapped_column()
    version: Mapped[int] = mapped_column(Integer, default=1)
    link_version: Mapped[int] = mapped_column(Integer, default=1)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(20), default="api")
    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now)
    anonymised_at: Mapped[datetime | None] = mapped_column()
    # Issue 18: the citizen's «test your connection» result (domain/preflight.py), the latest one.
    preflight_checked_at: Mapped[datetime | None] = mapped_column()
    preflight_browser: Mapped[str | None] = mapped_column(String(20))
    preflight_camera: Mapped[str | None] = mapped_column(String(20))
    preflight_microphone: Mapped[str | None] = mapped_column(String(20))

    service: Mapped[Service] = relationship()
    staff: Mapped[Staff] = relationship()
    documents: Mapped[list[BookingDocument]] = relationship(cascade="all, delete-orphan")
    identity: Mapped[IdentityVerification | None] = relationship(cascade="all, delete-orphan")
    # Issue 18: what was done about a no-show; loaded with the booking, as the desk's panel shows it.
    rescue: Mapped[BookingRescue | None] = relationship(lazy="selectin", viewonly=True)
    co_applicants: Mapped[list[BookingCoApplicant]] = relationship(
        cascade="all, delete-orphan", order_by="BookingCoApplicant.position", lazy="selectin"
    )


class BookingCoApplicant(Base):
    """Issue 18: a person who books together with the citizen; invited, then confirmed by signing in.
    Their identity check at the desk is kept here, beside them."""

    __tablename__ = "booking_co_applicant"
    __table_args__ = (
        CheckConstraint(one_of("status", CoApplicantStatus), name="status_known"),
        CheckConstraint(
            f"document_type IS NULL OR {one_of('document_type', IdentityDocument)}", name="document_known"
        ),
    )

    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default=CoApplicantStatus.INVITED.value)
    afm_hash: Mapped[str | None] = mapped_column(String(64))
    citizen_key: Mapped[str] = mapped_column(String(64), default="", index=True)
    via_taxisnet: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_at: Mapped[datetime] = mapped_column(default=_now)
    confirmed_at: Mapped[datetime | None] = mapped_column()
    deadline: Mapped[datetime] = mapped_column()
    document_type: Mapped[str | None] = mapped_column(String(20))
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column()


class BookingDocument(Base):
    """Checklist state of one required document of a booking."""

    __tablename__ = "booking_document"
    __table_args__ = (CheckConstraint(one_of("state", DocumentState), name="state_known"),)

    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default=DocumentState.PENDING.value)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=_now)


class IdentityVerification(Base):
    __tablename__ = "identity_verification"
    __table_args__ = (CheckConstraint(one_of("document_type", IdentityDocument), name="document_known"),)

    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), primary_key=True)
    document_type: Mapped[str] = mapped_column(String(20))
    name_matches: Mapped[bool] = mapped_column(Boolean)
    taxisnet_matches: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime] = mapped_column(default=_now)


class AuditLog(Base):
    """Append-only: who did what to which booking, and when. Never deleted; updated only by the
    retention purge, which blanks the free text staff typed about a citizen (``retention.py``)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=_now)
    actor_kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="SET NULL"), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AccessLog(Base):
    """Append-only: which member of staff read which booking's personal data, when, and how (issue 17).

    Written only by ``booking/access_log.record``; never updated. Triggers (migration 0013) refuse an
    UPDATE, and a DELETE of any entry not older than the cutoff of a purge in progress
    (``AccessLogPurge``): what leaves is only what the retention purge drops after the kept period.
    """

    __tablename__ = "access_log"
    __table_args__ = (
        CheckConstraint(one_of("channel", AccessChannel), name="channel_known"),
        # The dpo's two questions: newest entries of one member of staff, and every entry of bookings.
        Index("ix_access_log_staff_id_id", "staff_id", "id"),
        Index("ix_access_log_booking_id_id", "booking_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"))
    channel: Mapped[str] = mapped_column(String(20))


class AccessLogPurge(Base):
    """The cutoff of an access-log purge under way: the triggers let a DELETE through only for entries
    older than it. Written and removed inside the purge's own transaction, so no other transaction
    ever sees a row here (``booking/access_log.purge``)."""

    __tablename__ = "access_log_purge"

    before: Mapped[datetime] = mapped_column(primary_key=True)


# Changes that move the catalogue stamp: staff and catalogue rows (not bookings, not absences).
_STAFF_OR_CATALOGUE = one_of("entity", (ChangeEntity.STAFF, ChangeEntity.CATALOGUE))


class ChangeLog(Base):
    """What changed, in commit order: the desktop's change feed reads this by ``seq``."""

    __tablename__ = "change_log"
    __table_args__ = (
        # The catalogue stamp (booking/catalogue_cache.py): the newest staff or catalogue change.
        Index(
            "ix_change_log_catalogue",
            "seq",
            postgresql_where=text(_STAFF_OR_CATALOGUE),
            sqlite_where=text(_STAFF_OR_CATALOGUE),
        ),
    )

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=_now)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[int | None] = mapped_column(Integer, index=True)
    staff_id: Mapped[int | None] = mapped_column(Integer)
    previous_staff_id: Mapped[int | None] = mapped_column(Integer)


class Outbox(Base):
    """Work to do after commit: e-mails and meeting operations, retried by the job runner."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(one_of("status", OutboxStatus), name="status_known"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=_now)
    locked_until: Mapped[datetime | None] = mapped_column()
    # The runner whose lease this is (see jobs.JobRunner): only it renews or finishes the row.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=_now)
    done_at: Mapped[datetime | None] = mapped_column()


class JobHeartbeat(Base):
    """A running job runner's sign of life, read by ``/healthz``."""

    __tablename__ = "job_heartbeat"

    runner: Mapped[str] = mapped_column(String(100), primary_key=True)
    started_at: Mapped[datetime] = mapped_column()
    beat_at: Mapped[datetime] = mapped_column()


class IdempotencyKey(Base):
    __tablename__ = "idempotency_key"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=_now)


class StaffToken(Base):
    """Bearer tokens of staff, stored only as hashes; revocable one by one."""

    __tablename__ = "staff_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    family: Mapped[str] = mapped_column(String(32), index=True)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=_now)


class RateLimitCounter(Base):
    """One fixed-window rate-limit counter (client address and endpoint), shared by every process.

    Times are seconds since the epoch, as the ``limits`` library counts them. On PostgreSQL the table
    is UNLOGGED (migration 0004): counters need no crash safety, and their writes then cost no WAL.
    """

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Double, index=True)


class RetentionRun(Base):
    """When personal data was last purged, for the audit trail of the retention rule."""

    __tablename__ = "retention_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=_now)
    cutoff: Mapped[date] = mapped_column(Date)
    anonymised: Mapped[int] = mapped_column(Integer)


class StaffPasswordLink(Base):
    """A one-time set-password link a supervisor issued (issue 14): stored as a hash, single use."""

    __tablename__ = "staff_password_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=_now)


# An open waitlist entry (waiting, or offered a time): one per citizen, service and mode.
WAITLIST_OPEN_SQL = one_of("status", OPEN_STATUSES)


class WaitlistEntry(Base):
    """A citizen waiting for a time of a service and mode (issue 17), in the order they joined.

    ``offer_booking_id`` is the hold made for them when a time freed up; unique, so one hold is never
    the offer of two entries. The address and name are blanked when the entry closes.
    """

    __tablename__ = "waitlist_entry"
    __table_args__ = (
        CheckConstraint(one_of("status", EntryStatus), name="status_known"),
        CheckConstraint(one_of("part_of_day", PartOfDay), name="part_known"),
        CheckConstraint(one_of("mode", Mode), name="mode_known"),
        CheckConstraint("last_day >= first_day", name="range_ordered"),
        Index("ix_waitlist_queue", "service_id", "status", "created_at"),
        Index(
            "uq_waitlist_open_entry",
            "citizen_key",
            "service_id",
            "mode",
            unique=True,
            postgresql_where=text(WAITLIST_OPEN_SQL),
            sqlite_where=text(WAITLIST_OPEN_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(20))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    part_of_day: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=EntryStatus.WAITING.value)
    citizen_key: Mapped[str] = mapped_column(String(64))
    citizen_email: Mapped[str] = mapped_column(String(254), default="")
    citizen_name: Mapped[str] = mapped_column(String(200), default="")
    # A TAXISnet waiter's AFM, keyed as bookings keep it: the offer is booked (and listed) by their AFM.
    citizen_afm_hash: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5), default="el")
    citizen_timezone: Mapped[str] = mapped_column(String(64), default="Europe/Athens")
    offer_booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now)


# --- issue 18: no-show rescue and the meeting's attendance evidence ---


class BookingRescue(Base):
    """What was done about a citizen who did not show up: the «we missed you» e-mail (once per booking)
    and the attendance the meeting provider reported (``booking/no_show.py``, ``booking/attendance.py``)."""

    __tablename__ = "booking_rescue"

    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), primary_key=True)
    missed_you_sent_at: Mapped[datetime | None] = mapped_column()
    missed_you_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    # The free times the e-mail offered (ISO, UTC): its links open only these.
    offered_starts: Mapped[list[Any]] = mapped_column(default=list)
    # Attendance from the provider's report: "joined", "absent", or empty while not known yet.
    attendance: Mapped[str] = mapped_column(String(10), default="", server_default="")
    joined_at: Mapped[datetime | None] = mapped_column()
    attended_seconds: Mapped[int | None] = mapped_column(Integer)
    attendance_checked_at: Mapped[datetime | None] = mapped_column()
    attendance_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    attendance_next_at: Mapped[datetime | None] = mapped_column()
    attendance_error: Mapped[str] = mapped_column(String(300), default="", server_default="")


# --- end of issue 18 ---
# --- demand-led capacity (issue 18): searches that found nothing, counted per day ---


class SearchMiss(Base):
    """How many citizen searches of a service and mode found no free time on one (UTC) day.

    No personal data: only the count. One row per service, mode and day, incremented by an upsert.
    """

    __tablename__ = "search_miss"
    __table_args__ = (CheckConstraint(one_of("mode", Mode), name="mode_known"),)

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    count: Mapped[int] = mapped_column(Integer, default=0)


# --- end of demand-led capacity ---
