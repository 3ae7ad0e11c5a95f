"""A municipality's catalogue as «Υπηρεσίες» edits it: parsed rows, form values and what changed.

Plain data, no Qt: the tab's form fills a ``ServiceValues`` and the controller sends only the fields
that differ from the service as loaded, so a supervisor never sends a field they may not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from clerk_desktop.i18n import language

MODES = ("in_person", "teleconference")
NUMBER_FIELDS = (
    "duration_minutes",
    "slot_interval_minutes",
    "lead_time_minutes",
    "horizon_days",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "max_active_per_citizen",
    "extra_time_minutes",  # issue 18: how much longer a slot is when a citizen asks for extra time
    "no_show_rescue_minutes",  # issue 18: when the desk is offered to rescue a citizen not arrived
    # Issue 18: joint appointments.
    "co_applicants",
    "co_applicant_confirm_hours",
)
MUNICIPALITY_FIELDS = ("name_el", "name_en", "contact_email", "phone", "address_el", "address_en", "timezone")


@dataclass(frozen=True)
class RequiredDocument:
    """One document a citizen brings; ``code`` is how a booking's checklist names it."""

    code: str
    el: str
    en: str

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> RequiredDocument:
        return cls(str(row["code"]), str(row["el"]), str(row["en"]))

    def json(self) -> dict[str, str]:
        return {"code": self.code, "el": self.el, "en": self.en}

    @property
    def name(self) -> str:
        return self.en if language() == "en" else self.el


@dataclass(frozen=True)
class ServiceValues:
    """Every field of the service form, as the server names them (``slug`` only when creating)."""

    name_el: str = ""
    name_en: str = ""
    description_el: str = ""
    description_en: str = ""
    group_id: int = 0
    duration_minutes: int = 15
    slot_interval_minutes: int = 15
    modes: tuple[str, ...] = ("in_person",)
    lead_time_minutes: int = 0
    horizon_days: int = 60
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    max_active_per_citizen: int = 2
    extra_time_minutes: int = 15  # issue 18
    no_show_rescue_minutes: int = 5  # issue 18
    required_documents: tuple[RequiredDocument, ...] = ()
    slug: str = ""
    # Issue 18: how many people book together with the citizen, whether they must, hours to confirm.
    co_applicants: int = 0
    co_applicants_required: bool = False
    co_applicant_confirm_hours: int = 48

    def changes(self, original: ServiceValues) -> dict[str, Any]:
        """The JSON of the fields that differ from ``original`` (a PATCH body), never the slug."""
        return {
            f.name: _json(getattr(self, f.name))
            for f in fields(self)
            if f.name != "slug" and getattr(self, f.name) != getattr(original, f.name)
        }

    def body(self) -> dict[str, Any]:
        """The whole service as a POST body."""
        return {f.name: _json(getattr(self, f.name)) for f in fields(self)}


def _json(value: Any) -> Any:
    if isinstance(value, tuple):
        return [v.json() if isinstance(v, RequiredDocument) else v for v in value]
    return value


@dataclass(frozen=True)
class CatalogueService:
    """One service of ``GET /municipalities/{slug}/catalogue``, retired ones included."""

    id: int
    slug: str
    active: bool
    values: ServiceValues

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> CatalogueService:
        values = ServiceValues(
            name_el=str(row["name_el"]),
            name_en=str(row["name_en"]),
            description_el=str(row.get("description_el") or ""),
            description_en=str(row.get("description_en") or ""),
            group_id=int(row["group_id"]),
            modes=tuple(m for m in MODES if m in row.get("modes", [])),
            required_documents=tuple(
                RequiredDocument.from_json(d) for d in row.get("required_documents", [])
            ),
            slug=str(row["slug"]),
            co_applicants_required=bool(row.get("co_applicants_required", False)),
            **{name: int(row.get(name, getattr(ServiceValues, name))) for name in NUMBER_FIELDS},
        )
        return cls(int(row["id"]), str(row["slug"]), bool(row["active"]), values)

    @property
    def name(self) -> str:
        return self.values.name_en if language() == "en" else self.values.name_el


@dataclass(frozen=True)
class ExtraField:
    """A question a group asks the citizen beside the usual ones (e.g. a cemetery plot number)."""

    key: str
    label_el: str
    label_en: str
    required: bool = False
    pattern: str | None = None

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> ExtraField:
        pattern = row.get("pattern")
        return cls(
            str(row["key"]),
            str(row["label_el"]),
            str(row["label_en"]),
            bool(row.get("required", False)),
            str(pattern) if pattern else None,
        )

    def json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label_el": self.label_el,
            "label_en": self.label_en,
            "required": self.required,
            "pattern": self.pattern,
        }


@dataclass(frozen=True)
class GroupValues:
    """The group form: names, position and extra fields (``slug`` only when creating)."""

    name_el: str = ""
    name_en: str = ""
    position: int = 0
    extra_fields: tuple[ExtraField, ...] = ()
    slug: str = ""

    def changes(self, original: GroupValues) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name in ("name_el", "name_en", "position"):
            if getattr(self, name) != getattr(original, name):
                found[name] = getattr(self, name)
        if self.extra_fields != original.extra_fields:
            found["extra_fields"] = [f.json() for f in self.extra_fields]
        return found

    def body(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name_el": self.name_el,
            "name_en": self.name_en,
            "position": self.position,
            "extra_fields": [f.json() for f in self.extra_fields],
        }


@dataclass(frozen=True)
class CatalogueGroup:
    id: int
    slug: str
    values: GroupValues
    services: tuple[CatalogueService, ...]

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> CatalogueGroup:
        values = GroupValues(
            name_el=str(row["name_el"]),
            name_en=str(row["name_en"]),
            position=int(row.get("position", 0)),
            extra_fields=tuple(ExtraField.from_json(f) for f in row.get("extra_fields", [])),
            slug=str(row["slug"]),
        )
        services = tuple(CatalogueService.from_json(s) for s in row.get("services", []))
        return cls(int(row["id"]), str(row["slug"]), values, services)

    @property
    def name(self) -> str:
        return self.values.name_en if language() == "en" else self.values.name_el


@dataclass(frozen=True)
class MunicipalityValues:
    """The «Στοιχεία δήμου» form."""

    name_el: str = ""
    name_en: str = ""
    contact_email: str = ""
    phone: str = ""
    address_el: str = ""
    address_en: str = ""
    timezone: str = "Europe/Athens"

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> MunicipalityValues:
        return cls(**{name: str(row.get(name) or "") for name in MUNICIPALITY_FIELDS})

    def changes(self, original: MunicipalityValues) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in MUNICIPALITY_FIELDS
            if getattr(self, name) != getattr(original, name)
        }


@dataclass(frozen=True)
class Catalogue:
    """Everything the tab shows of one municipality, and what this reader may change."""

    slug: str
    municipality: MunicipalityValues
    timezone_locked: bool
    editable_fields: frozenset[str]
    groups: tuple[CatalogueGroup, ...] = field(default_factory=tuple)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Catalogue:
        return cls(
            slug=str(body["municipality"]["slug"]),
            municipality=MunicipalityValues.from_json(body["municipality"]),
            timezone_locked=bool(body.get("timezone_locked", False)),
            editable_fields=frozenset(str(f) for f in body.get("editable_service_fields", [])),
            groups=tuple(CatalogueGroup.from_json(g) for g in body.get("groups", [])),
        )

    def service(self, service_id: int) -> CatalogueService | None:
        return next((s for g in self.groups for s in g.services if s.id == service_id), None)

    def group(self, group_id: int) -> CatalogueGroup | None:
        return next((g for g in self.groups if g.id == group_id), None)

    @property
    def is_admin_view(self) -> bool:
        """An admin may change every field, so may also create and retire services and edit groups."""
        return "active" in self.editable_fields
