"""Catalogue reads shared by the API and the web form: municipalities and their services."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from service_api.domain.errors import NotFound
from service_api.models import Municipality, Service, ServiceGroup


def municipalities(session: Session) -> Sequence[Municipality]:
    return session.scalars(select(Municipality).order_by(Municipality.name_el)).all()


def municipality_by_slug(session: Session, slug: str) -> Municipality:
    """A municipality with its groups and their services loaded, or NotFound."""
    found = session.scalar(
        select(Municipality)
        .where(Municipality.slug == slug)
        .options(selectinload(Municipality.groups).selectinload(ServiceGroup.services))
    )
    if found is None:
        raise NotFound("No such municipality.")
    return found


def municipality_named(session: Session, slug: str) -> Municipality | None:
    """A municipality by its slug, without its catalogue (a page header names it), or None."""
    if not slug or len(slug) > 64:
        return None
    return session.scalar(select(Municipality).where(Municipality.slug == slug))


def service_by_id(session: Session, service_id: int) -> Service:
    """An active service, or NotFound: a withdrawn service is not offered anywhere."""
    service = session.get(Service, service_id)
    if service is None or not service.active:
        raise NotFound("No such service.")
    return service
