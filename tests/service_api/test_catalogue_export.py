"""The catalogue file stays the import and export format: export, load back, nothing changes; prune."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import yaml
from click.testing import CliRunner
from sqlalchemy import func, select

from service_api.catalogue import DEFAULT_CATALOGUE, install_catalogue, read_catalogue
from service_api.catalogue_export import export_catalogue, write_catalogue
from service_api.models import ChangeLog, Service
from tests.helpers.world import World


def _change_rows(world: World) -> int:
    with world.rt.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(ChangeLog)) or 0)


def test_loading_the_exported_catalogue_changes_nothing(world: World, tmp_path: Path) -> None:
    path = tmp_path / "export.yaml"
    with world.rt.store.read() as session:
        before = write_catalogue(session, path)
    rows = _change_rows(world)
    result = install_catalogue(world.rt.bookings, spec=read_catalogue(path))
    assert not result.changed and result.left_active == [] and result.retired == []
    assert _change_rows(world) == rows  # no catalogue change: no cache anywhere recomputes
    with world.rt.store.read() as session:
        assert export_catalogue(session) == before


def test_the_export_keeps_what_the_desktop_changed(world: World, tmp_path: Path) -> None:
    """Closures of every form, descriptions and a retired service survive the round trip."""
    from service_api.booking import catalogue_admin
    from service_api.domain.closures import ClosureKind
    from service_api.domain.policy import Actor

    admin = Actor.system()
    bookings = world.rt.bookings
    sid = world.service("cohabitation-agreement")
    catalogue_admin.update_service(bookings, admin, sid, {"description_el": "Περιγραφή", "active": False})
    joint = {"co_applicants": 1, "co_applicants_required": True, "co_applicant_confirm_hours": 24}
    catalogue_admin.update_service(
        bookings, admin, sid, {**joint, "extra_time_minutes": 20, "no_show_rescue_minutes": 7}
    )
    catalogue_admin.add_closure(
        bookings,
        admin,
        "larissa",
        kind=ClosureKind.EASTER,
        fields={"easter_offset": 1, "name_el": "Δ", "name_en": "M"},
    )
    catalogue_admin.add_closure(
        bookings,
        admin,
        "larissa",
        kind=ClosureKind.ONCE,
        fields={
            "date": date(2026, 12, 7),
            "start": time(8),
            "end": time(10),
            "name_el": "Ε",
            "name_en": "E",
        },
    )
    path = tmp_path / "export.yaml"
    with world.rt.store.read() as session:
        before = write_catalogue(session, path)
    text = path.read_text(encoding="utf-8")
    assert "easter_offset: 1" in text and "start: 08:00" in text and "Περιγραφή" in text
    assert "co_applicants_required: true" in text and "extra_time_minutes: 20" in text
    assert install_catalogue(bookings, spec=read_catalogue(path)).changed is False
    with world.rt.store.read() as session:
        assert export_catalogue(session) == before
        assert session.get(Service, sid).active is False  # type: ignore[union-attr]


def test_prune_retires_the_services_the_file_no_longer_lists(world: World, tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    larissa = next(m for m in data["municipalities"] if m["slug"] == "larissa")
    larissa["groups"][0]["services"] = [
        s for s in larissa["groups"][0]["services"] if s["slug"] != "cohabitation-agreement"
    ]
    path = tmp_path / "smaller.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    spec = read_catalogue(path)

    kept = install_catalogue(world.rt.bookings, spec=spec)
    assert kept.left_active == ["larissa/cohabitation-agreement"] and kept.retired == []
    with world.rt.store.read() as session:
        assert session.get(Service, world.service("cohabitation-agreement")).active  # type: ignore[union-attr]

    pruned = install_catalogue(world.rt.bookings, spec=spec, prune=True)
    assert pruned.retired == ["larissa/cohabitation-agreement"] and pruned.changed
    with world.rt.store.read() as session:
        assert not session.get(Service, world.service("cohabitation-agreement")).active  # type: ignore[union-attr]


def test_the_commands_say_what_they_did(world: World, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from service_api.cli import main

    monkeypatch.setenv("DIMOS_DATABASE_URL", world.rt.config.database_url)
    monkeypatch.setenv("DIMOS_SECRET_KEY", "test-secret-key-" + "x" * 32)
    path = tmp_path / "out.yaml"
    runner = CliRunner()
    exported = runner.invoke(main, ["export-catalogue", str(path)])
    assert exported.exit_code == 0, exported.output
    loaded = runner.invoke(main, ["load-catalogue", str(path)])
    assert loaded.exit_code == 0, loaded.output
    assert "Nothing changed" in loaded.output
