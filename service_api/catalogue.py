"""Load the catalogue file (municipalities, groups, services, municipal holidays) into the store.

Loading is an upsert keyed by slugs, so running it again after editing the file updates names,
durations and documents without touching bookings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service_api.booking.journal import catalogue_changed
from service_api.booking.service import BookingService
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
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    year: int | None = None
    name_el: str
    name_en: str


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


def load_catalogue(session: Session, spec: CatalogueSpec) -> dict[str, int]:
    """Upsert every municipality, group, service and holiday of the catalogue. Returns counts."""
    counts = {"municipalities": 0, "groups": 0, "services": 0, "holidays": 0}
    for m_spec in spec.municipalities:
        municipality = session.scalar(select(Municipality).where(Municipality.slug == m_spec.slug))
        if municipality is None:
            municipality = Municipality(slug=m_spec.slug)
            session.add(municipality)
        for attr in ("name_el", "name_en", "timezone", "contact_email", "phone", "address_el", "address_en"):
            setattr(municipality, attr, getattr(m_spec, attr))
        session.flush()
        counts["municipalities"] += 1
        session.execute(delete(Holiday).where(Holiday.municipality_id == municipality.id))
        for h in m_spec.holidays:
            session.add(Holiday(municipality_id=municipality.id, **h.model_dump()))
            counts["holidays"] += 1
        for g_pos, g_spec in enumerate(m_spec.groups):
            group = session.scalar(
                select(ServiceGroup).where(
                    ServiceGroup.municipality_id == municipality.id, ServiceGroup.slug == g_spec.slug
                )
            )
            if group is None:
                group = ServiceGroup(municipality_id=municipality.id, slug=g_spec.slug)
                session.add(group)
            group.name_el, group.name_en, group.position = g_spec.name_el, g_spec.name_en, g_pos
            group.extra_fields = [f.model_dump() for f in g_spec.extra_fields]
            session.flush()
            counts["groups"] += 1
            for s_pos, s_spec in enumerate(g_spec.services):
                service = session.scalar(
                    select(Service).where(Service.group_id == group.id, Service.slug == s_spec.slug)
                )
                if service is None:
                    service = Service(group_id=group.id, municipality_id=municipality.id, slug=s_spec.slug)
                    session.add(service)
                data = s_spec.model_dump(exclude={"slug"})
                for key, value in data.items():
                    setattr(service, key, value)
                service.position = s_pos
                service.active = True
                counts["services"] += 1
        session.flush()
    catalogue_changed(session)
    return counts


def install_catalogue(service: BookingService, *, spec: CatalogueSpec) -> dict[str, int]:
    """Load the catalogue in one guarded write transaction, so every process and desktop follows."""
    with service.transaction() as session:
        return load_catalogue(session, spec)
