"""Write the stored catalogue as a catalogue file: what ``load-catalogue`` of it would change is nothing.

The YAML file stays the import and export format: offices edit in the desktop, and the file is how a
catalogue moves between installations or goes into version control.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from service_api.models import Holiday, Municipality, ServiceGroup

_SERVICE_KEYS = (
    "name_el",
    "name_en",
    "description_el",
    "description_en",
    "duration_minutes",
    "slot_interval_minutes",
    "modes",
    "lead_time_minutes",
    "horizon_days",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "max_active_per_citizen",
    "active",
    "required_documents",
    # Issue 18.
    "extra_time_minutes",
    "no_show_rescue_minutes",
    "co_applicants",
    "co_applicants_required",
    "co_applicant_confirm_hours",
)
_MUNICIPALITY_KEYS = ("name_el", "name_en", "timezone", "contact_email", "phone", "address_el", "address_en")


def export_catalogue(session: Session) -> dict[str, Any]:
    """The catalogue as the file's structure (``catalogue.CatalogueSpec``), in the store's order."""
    municipalities = session.scalars(
        select(Municipality)
        .options(selectinload(Municipality.groups).selectinload(ServiceGroup.services))
        .order_by(Municipality.id)
    ).all()
    return {"version": 1, "municipalities": [_municipality(session, m) for m in municipalities]}


def write_catalogue(session: Session, path: Path) -> dict[str, Any]:
    data = export_catalogue(session)
    with path.open("w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False, width=120)
    return data


def _municipality(session: Session, m: Municipality) -> dict[str, Any]:
    closures = session.scalars(select(Holiday).where(Holiday.municipality_id == m.id).order_by(Holiday.id))
    return {
        "slug": m.slug,
        **{key: getattr(m, key) for key in _MUNICIPALITY_KEYS},
        "holidays": [_closure(h) for h in closures],
        "groups": [
            {
                "slug": g.slug,
                "name_el": g.name_el,
                "name_en": g.name_en,
                "extra_fields": list(g.extra_fields),
                "services": [
                    {"slug": s.slug, **{key: _plain(getattr(s, key)) for key in _SERVICE_KEYS}}
                    for s in sorted(g.services, key=lambda s: (s.position, s.id))
                ],
            }
            for g in sorted(m.groups, key=lambda g: (g.position, g.id))
        ],
    }


def _closure(h: Holiday) -> dict[str, Any]:
    values = {
        "year": h.year,
        "month": h.month,
        "day": h.day,
        "easter_offset": h.easter_offset,
        "start": h.start.strftime("%H:%M") if h.start else None,
        "end": h.end.strftime("%H:%M") if h.end else None,
    }
    return {**{k: v for k, v in values.items() if v is not None}, "name_el": h.name_el, "name_en": h.name_en}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value
