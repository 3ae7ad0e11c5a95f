"""Load the catalogue file (municipalities, groups, services, municipal closures) into the store.

Loading is an upsert keyed by slugs, so running it again after editing the file updates names,
durations and documents without touching bookings. A file that matches the store changes nothing
(``catalogue_export.export_catalogue`` writes such a file); with ``prune`` the services of the
file's municipalities that it no longer lists are retired, without it they are named and left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking.journal import catalogue_changed
from service_api.booking.service import BookingService
from service_api.catalogue_export import export_catalogue
from service_api.domain.closures import ClosureKind, closure_problems
from service_api.domain.co_applicants import DEFAULT_CONFIRM_HOURS, MAX_CO_APPLICANTS, MAX_CONFIRM_HOURS
from service_api.domain.needs import DEFAULT_EXTRA_MINUTES, MAX_EXTRA_MINUTES
from service_api.models import Holiday, Municipality, Service, ServiceGroup

DEFAULT_CATALOGUE = Path(__file__).resolve().parent.parent / "resources" / "catalogue.yaml"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentSpec(_Strict):
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    el: str = Field(min_length=1)
    en: str = Field(min_length=1)


class ExtraFieldSpec(_Strict):
    key: str = Field(pattern=r"^[a-z0-9_]+$")
    label_el: str
    label_en: str
    required: bool = False
    pattern: str | None = None


class ServiceSpec(_Strict):
    slug: str = Field(pattern=SLUG_PATTERN)
    name_el: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    duration_minutes: int = Field(gt=0, le=480)  # calendars.MAX_DURATION relies on this cap
    slot_interval_minutes: int = Field(gt=0, le=480)
    modes: list[Literal["in_person", "teleconference"]] = Field(min_length=1)
    lead_time_minutes: int = Field(default=0, ge=0)
    horizon_days: int = Field(default=60, gt=0, le=366)
    buffer_before_minutes: int = Field(default=0, ge=0, le=120)
    buffer_after_minutes: int = Field(default=0, ge=0, le=120)
    max_active_per_citizen: int = Field(default=2, ge=0)
    required_documents: list[DocumentSpec] = Field(default_factory=list)
    description_el: str = ""
    description_en: str = ""
    active: bool = True
    # Issue 18: the extra time a citizen may ask for, when the desk may rescue a citizen not arrived,
    # and the people who book together with the citizen (``domain/needs.py``, ``domain/co_applicants.py``).
    extra_time_minutes: int = Field(default=DEFAULT_EXTRA_MINUTES, ge=0, le=MAX_EXTRA_MINUTES)
    no_show_rescue_minutes: int = Field(default=5, ge=0, le=120)
    co_applicants: int = Field(default=0, ge=0, le=MAX_CO_APPLICANTS)
    co_applicants_required: bool = False
    co_applicant_confirm_hours: int = Field(default=DEFAULT_CONFIRM_HOURS, ge=1, le=MAX_CONFIRM_HOURS)

    @field_validator("required_documents")
    @classmethod
    def _codes_unique(cls, docs: list[DocumentSpec]) -> list[DocumentSpec]:
        codes = [d.code for d in docs]
        if len(codes) != len(set(codes)):
            raise ValueError("document codes must be unique within a service")
        return docs


class GroupSpec(_Strict):
    slug: str = Field(pattern=SLUG_PATTERN)
    name_el: str
    name_en: str
    extra_fields: list[ExtraFieldSpec] = Field(default_factory=list)
    services: list[ServiceSpec] = Field(min_length=1)


class HolidaySpec(_Strict):
    """A closure: ``month``/``day`` every year (or once with ``year``), or ``easter_offset`` days
    from Orthodox Easter every year; the whole day, or ``start``..``end`` local time."""

    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    year: int | None = None
    easter_offset: int | None = None
    start: time | None = None
    end: time | None = None
    name_el: str
    name_en: str

    @model_validator(mode="after")
    def _a_valid_closure(self) -> HolidaySpec:
        kind = self.kind
        on = None
        if kind == ClosureKind.ONCE and self.month and self.day and self.year:
            try:
                on = date(self.year, self.month, self.day)
            except ValueError as exc:
                raise ValueError(f"no such date: {exc}") from exc
        problems = closure_problems(
            kind=kind,
            on=on,
            month=self.month,
            day=self.day,
            easter_offset=self.easter_offset,
            start=self.start,
            end=self.end,
        )
        if problems:
            raise ValueError("; ".join(f"{k}: {v}" for k, v in problems.items()))
        return self

    @property
    def kind(self) -> ClosureKind:
        if self.easter_offset is not None:
            return ClosureKind.EASTER
        return ClosureKind.ONCE if self.year is not None else ClosureKind.ANNUAL


class MunicipalitySpec(_Strict):
    slug: str = Field(pattern=SLUG_PATTERN)
    name_el: str
    name_en: str
    timezone: str = "Europe/Athens"
    contact_email: str = ""
    phone: str = ""
    address_el: str = ""
    address_en: str = ""
    holidays: list[HolidaySpec] = Field(default_factory=list)
    groups: list[GroupSpec] = Field(min_length=1)


class CatalogueSpec(_Strict):
    version: Literal[1]
    municipalities: list[MunicipalitySpec] = Field(min_length=1)


def read_catalogue(path: Path) -> CatalogueSpec:
    """Parse and validate a catalogue file; pydantic's message says which entry is wrong."""
    with path.open(encoding="utf-8") as handle:
        raw: Any = yaml.safe_load(handle)
    return CatalogueSpec.model_validate(raw)


@dataclass
class CatalogueLoad:
    """What a load did: rows per kind in the file, and the services of the file's municipalities
    that the file no longer lists (retired with ``prune``, else left as they were)."""

    counts: dict[str, int]
    changed: bool
    retired: list[str] = field(default_factory=list)
    left_active: list[str] = field(default_factory=list)


def load_catalogue(session: Session, spec: CatalogueSpec, *, prune: bool = False) -> CatalogueLoad:
    """Upsert every municipality, group, service and closure of the catalogue.

    The change log gets a catalogue row only when something changed, so loading the file that
    ``export-catalogue`` wrote recomputes nothing anywhere.
    """
    before = export_catalogue(session)
    counts = {"municipalities": 0, "groups": 0, "services": 0, "holidays": 0}
    listed: set[int] = set()
    municipality_ids: list[int] = []
    for m_spec in spec.municipalities:
        municipality = session.scalar(select(Municipality).where(Municipality.slug == m_spec.slug))
        if municipality is None:
            municipality = Municipality(slug=m_spec.slug)
            session.add(municipality)
        for attr in ("name_el", "name_en", "timezone", "contact_email", "phone", "address_el", "address_en"):
            _set(municipality, attr, getattr(m_spec, attr))
        session.flush()
        municipality_ids.append(municipality.id)
        counts["municipalities"] += 1
        _load_closures(session, municipality.id, m_spec.holidays)
        counts["holidays"] += len(m_spec.holidays)
        for g_pos, g_spec in enumerate(m_spec.groups):
            group = session.scalar(
                select(ServiceGroup).where(
                    ServiceGroup.municipality_id == municipality.id, ServiceGroup.slug == g_spec.slug
                )
            )
            if group is None:
                group = ServiceGroup(municipality_id=municipality.id, slug=g_spec.slug)
                session.add(group)
            _set(group, "name_el", g_spec.name_el)
            _set(group, "name_en", g_spec.name_en)
            _set(group, "position", g_pos)
            _set(group, "extra_fields", [f.model_dump() for f in g_spec.extra_fields])
            session.flush()
            counts["groups"] += 1
            for s_pos, s_spec in enumerate(g_spec.services):
                service = session.scalar(
                    select(Service).where(Service.group_id == group.id, Service.slug == s_spec.slug)
                )
                if service is None:
                    service = Service(group_id=group.id, municipality_id=municipality.id, slug=s_spec.slug)
                    session.add(service)
                for key, value in s_spec.model_dump(exclude={"slug"}).items():
                    _set(service, key, value)
                _set(service, "position", s_pos)
                session.flush()
                listed.add(service.id)
                counts["services"] += 1
        session.flush()
    result = CatalogueLoad(counts, changed=False)
    unlisted = session.scalars(
        select(Service)
        .where(Service.municipality_id.in_(municipality_ids), Service.active, Service.id.not_in(listed))
        .order_by(Service.id)
    ).all()
    for service in unlisted:
        name = f"{service.group.municipality.slug}/{service.slug}"
        if prune:
            service.active = False
            result.retired.append(name)
        else:
            result.left_active.append(name)
    session.flush()
    result.changed = export_catalogue(session) != before
    if result.changed:
        catalogue_changed(session)
    return result


def _set(row: Any, attr: str, value: Any) -> None:
    """Assign only what differs, so an unchanged file leaves the rows untouched."""
    if getattr(row, attr) != value:
        setattr(row, attr, value)


def _load_closures(session: Session, municipality_id: int, specs: list[HolidaySpec]) -> None:
    """Keep the stored closures the file still lists, add the new ones, delete the rest."""
    wanted = [h.model_dump() for h in specs]
    keys = ("year", "month", "day", "easter_offset", "start", "end", "name_el", "name_en")
    for row in session.scalars(select(Holiday).where(Holiday.municipality_id == municipality_id)).all():
        stored = {key: getattr(row, key) for key in keys}
        if stored in wanted:
            wanted.remove(stored)
        else:
            session.delete(row)
    for values in wanted:
        session.add(Holiday(municipality_id=municipality_id, **values))


def install_catalogue(service: BookingService, *, spec: CatalogueSpec, prune: bool = False) -> CatalogueLoad:
    """Load the catalogue in one guarded write transaction, so every process and desktop follows."""
    with service.transaction() as session:
        return load_catalogue(session, spec, prune=prune)
