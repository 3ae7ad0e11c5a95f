"""A backup taken while bookings are written restores every committed one; restore needs an empty database."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import create_engine, distinct, func, select, text

from service_api import migrate
from service_api.app import create_app
from service_api.backup import NAME, STAMP, rotate, schema_revision
from service_api.cli import main
from service_api.config import Config
from service_api.db import normalise_url
from service_api.domain.errors import DomainError
from service_api.domain.kinds import ChangeEntity
from service_api.models import AuditLog, Booking, ChangeLog
from service_api.runtime import Runtime
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.world import World, athens


class BookingWriter(threading.Thread):
    """Books one slot after another through the real booking service, noting each commit in order."""

    def __init__(self, world: World) -> None:
        super().__init__(name="booking-writer", daemon=True)
        self.world = world
        self.committed: list[str] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def _starts(self) -> Iterator[datetime]:
        for day in range(2, 32):
            for minute in range(0, 6 * 60, 10):
                yield athens(day, 8 + minute // 60, minute % 60)

    def run(self) -> None:
        service_id = self.world.service("transfer-of-registration")
        who = 0
        try:
            for start in self._starts():
                for _clerk in range(3):
                    if self.stop.is_set():
                        return
                    who += 1
                    try:
                        made = create_booking(
                            self.world.rt.bookings, service_id=service_id, start=start, who=who
                        )
                    except DomainError:
                        break  # taken by every clerk, a weekend, or too short before closing: next time
                    self.committed.append(made.booking.reference)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc

    def wait_for(self, count: int, deadline: float) -> None:
        while len(self.committed) < count:
            assert self.error is None, self.error
            assert self.is_alive(), "the writer ran out of free times"
            assert time.monotonic() < deadline, f"only {len(self.committed)} bookings written"
            time.sleep(0.02)


@pytest.fixture
def cli_env(world: World, tmp_path: Path) -> dict[str, str]:
    return {
        "DIMOS_DATABASE_URL": world.rt.config.database_url,
        "DIMOS_OUTBOX_DIR": str(tmp_path / "mail"),
        "DIMOS_SECRET_KEY": world.rt.config.secret_key,
    }


@pytest.fixture
def fresh_databases(db_url: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Fresh, empty databases of the test's kind: new files, or new PostgreSQL databases dropped after."""
    made: list[str] = []
    admin = create_engine(normalise_url(db_url), isolation_level="AUTOCOMMIT")

    def fresh() -> str:
        name = f"dimos_restore_{uuid.uuid4().hex[:10]}"
        if admin.dialect.name == "sqlite":
            return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return admin.url.set(database=name).render_as_string(hide_password=False)

    try:
        yield fresh
    finally:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_url(fresh_databases: Callable[[], str]) -> str:
    return fresh_databases()


def _counts(rt: Runtime) -> tuple[int, int, int]:
    """Bookings, and the bookings that have their audit row and their change-log row."""
    with rt.store.read() as session:
        bookings = session.scalar(select(func.count()).select_from(Booking)) or 0
        audited = session.scalar(select(func.count(distinct(AuditLog.booking_id)))) or 0
        logged = (
            session.scalar(
                select(func.count(distinct(ChangeLog.entity_id))).where(
                    ChangeLog.entity == ChangeEntity.BOOKING
                )
            )
            or 0
        )
    return bookings, audited, logged


def _references(rt: Runtime) -> set[str]:
    with rt.store.read() as session:
        return set(session.scalars(select(Booking.reference)))


def test_a_backup_taken_while_bookings_are_written_restores_every_booking_committed_before_it(
    world: World, cli_env: dict[str, str], empty_url: str, tmp_path: Path
) -> None:
    deadline = time.monotonic() + 25
    writer = BookingWriter(world)
    writer.start()
    try:
        writer.wait_for(15, deadline)
        before = list(writer.committed)
        result = CliRunner().invoke(main, ["backup", str(tmp_path / "backups")], env=cli_env)
        during = len(writer.committed)
        writer.wait_for(during + 3, deadline)  # still writing after the backup: it never blocked the service
    finally:
        writer.stop.set()
        writer.join(timeout=10)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    (made,) = (tmp_path / "backups").iterdir()
    assert NAME.match(made.name), made.name
    assert made.stat().st_mode & 0o077 == 0  # personal data: the owner's only

    restored = CliRunner().invoke(
        main, ["restore", str(made)], env={**cli_env, "DIMOS_DATABASE_URL": empty_url}
    )

    assert restored.exit_code == 0, restored.output
    assert "service-api migrate" in restored.output
    assert schema_revision(empty_url) == schema_revision(world.rt.config.database_url)
    rt = Runtime.build(
        Config(
            database_url=empty_url,
            secret_key=world.rt.config.secret_key,
            outbox_dir=tmp_path / "restored-mail",
            testing=True,
        )
    )
    try:
        found = _references(rt)
        assert set(before) <= found
        assert found <= set(writer.committed)  # nothing invented, nothing half-written
        bookings, audited, logged = _counts(rt)
        assert bookings == len(found) == audited == logged
        client: FlaskClient = create_app(rt=rt).test_client()
        first = call(client, "GET", f"/api/v1/bookings/{before[0]}", 200, headers=login(client, "supervisor"))
        live: FlaskClient = create_app(rt=world.rt).test_client()
        original = call(live, "GET", f"/api/v1/bookings/{before[0]}", 200, headers=login(live, "supervisor"))
        assert first["reference"] == before[0]
        assert first["citizen"] == original["citizen"] and first["start"] == original["start"]
    finally:
        rt.waiter.close()
        rt.store.dispose()
    migrated = CliRunner().invoke(main, ["migrate"], env={**cli_env, "DIMOS_DATABASE_URL": empty_url})
    assert migrated.exit_code == 0, migrated.output


def test_restoring_into_a_database_that_has_tables_is_refused_and_changes_nothing(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    service_id = world.service("transfer-of-registration")
    create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=1)
    assert CliRunner().invoke(main, ["backup", str(tmp_path / "backups")], env=cli_env).exit_code == 0
    (made,) = (tmp_path / "backups").iterdir()
    create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 10), who=2)
    before = _references(world.rt)

    result = CliRunner().invoke(main, ["restore", str(made)], env=cli_env)

    assert result.exit_code == 1
    assert "Nothing restored" in result.output and "not empty" in result.output
    assert _references(world.rt) == before and len(before) == 2


def test_restoring_a_backup_of_the_other_kind_of_database_is_refused(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    other = tmp_path / "not-a-backup.dump"
    other.write_bytes(b"hello, not a database")

    result = CliRunner().invoke(main, ["restore", str(other)], env=cli_env)

    assert result.exit_code == 1
    assert "neither a PostgreSQL custom-format dump nor an SQLite database" in result.output


def _stamped(folder: Path, age: timedelta, now: datetime, kind: str = "sqlite") -> Path:
    suffix = "dump" if kind == "postgresql" else "sqlite3"
    path = folder / f"dimos-{(now - age).strftime(STAMP)}-{kind}.{suffix}"
    path.write_bytes(b"old backup")
    return path


def test_rotation_deletes_backups_older_than_the_retention_period_and_keeps_the_recent(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    now = datetime.now(UTC)
    too_old = [
        _stamped(folder, timedelta(days=31), now),
        _stamped(folder, timedelta(days=90), now, "postgresql"),
    ]
    recent = [_stamped(folder, timedelta(days=29), now), _stamped(folder, timedelta(days=1), now)]
    unrelated = folder / "notes-1999.txt"
    unrelated.write_text("not a backup: never touched")

    result = CliRunner().invoke(main, ["backup", str(folder)], env={**cli_env, "DIMOS_RETENTION_DAYS": "30"})

    assert result.exit_code == 0, result.output
    assert not any(p.exists() for p in too_old)
    assert all(p.exists() for p in recent) and unrelated.exists()
    assert len([p for p in folder.iterdir() if NAME.match(p.name)]) == 3


def test_rotation_by_count_keeps_the_newest_and_never_the_last_backup(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    ages = [timedelta(days=d) for d in (1, 2, 3, 4)]
    files = [_stamped(tmp_path, age, now) for age in ages]

    deleted = rotate(tmp_path, now=now, keep_days=30, keep=2)

    assert sorted(deleted) == sorted(files[2:])
    assert all(p.exists() for p in files[:2])
    # Even past every limit, the newest backup stays: rotation never leaves nothing to restore.
    assert rotate(tmp_path, now=now + timedelta(days=365), keep_days=30) == [files[1]]
    assert files[0].exists()


def test_backups_may_not_be_kept_longer_than_the_retention_period(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main,
        ["backup", str(tmp_path / "b"), "--keep-days", "31"],
        env={**cli_env, "DIMOS_RETENTION_DAYS": "30"},
    )

    assert result.exit_code == 1
    assert "longer than the retention period" in result.output
    assert not (tmp_path / "b").exists()


def test_a_postgresql_backup_without_pg_dump_says_what_to_install(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    if not world.rt.store.is_postgres:
        pytest.skip("SQLite backs up with Python's own sqlite3")
    empty_path = tmp_path / "bin"
    empty_path.mkdir()

    result = CliRunner().invoke(
        main, ["backup", str(tmp_path / "b")], env={**cli_env, "PATH": str(empty_path)}
    )

    assert result.exit_code == 1
    assert "pg_dump was not found on PATH" in result.output and "postgresql-client" in result.output
    assert not list((tmp_path / "b").iterdir())


def test_a_restored_backup_keeps_its_own_schema_version_until_migrate_brings_it_up_to_date(
    fresh_databases: Callable[[], str], tmp_path: Path
) -> None:
    head = ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_current_head()
    older = ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_revision(head).down_revision
    assert isinstance(older, str)
    source, target = fresh_databases(), fresh_databases()
    migrate.upgrade(source, older)
    env = {"DIMOS_DATABASE_URL": source, "DIMOS_OUTBOX_DIR": str(tmp_path / "mail")}
    assert CliRunner().invoke(main, ["backup", str(tmp_path / "b")], env=env).exit_code == 0
    (made,) = (tmp_path / "b").iterdir()

    restored = CliRunner().invoke(main, ["restore", str(made)], env={**env, "DIMOS_DATABASE_URL": target})

    assert restored.exit_code == 0, restored.output
    assert schema_revision(target) == older
    assert CliRunner().invoke(main, ["migrate"], env={**env, "DIMOS_DATABASE_URL": target}).exit_code == 0
    assert schema_revision(target) == head
