"""Searches that found nothing: counted by an upsert that loses no count when processes race."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from service_api.booking import search_misses
from service_api.models import Service
from tests.helpers.world import World


def test_concurrent_misses_of_one_day_are_all_counted(world: World) -> None:
    rt, sid = world.rt, world.service("cohabitation-agreement")
    with rt.store.read() as session:
        service = session.get(Service, sid)
        assert service is not None
        municipality = service.municipality_id

    def miss(_: int, day: date = date(2026, 12, 1)) -> None:
        search_misses.record(
            rt.store.engine, municipality_id=municipality, service_id=sid, mode="in_person", day=day
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(miss, range(60)))
    miss(0, date(2026, 11, 1))
    with rt.store.read() as session:
        recent = search_misses.misses_since(session, municipality_id=municipality, since=date(2026, 11, 3))
        every = search_misses.misses_since(session, municipality_id=municipality, since=date(2026, 11, 1))
        elsewhere = search_misses.misses_since(
            session, municipality_id=municipality + 1000, since=date(2026, 1, 1)
        )
    assert recent == {(sid, "in_person"): 60}
    assert every == {(sid, "in_person"): 61}
    assert elsewhere == {}
