"""The ``service-api`` command: serve, migrate, load the catalogue, demo data, staff, jobs, purge, backups."""

from __future__ import annotations

import logging
import os
import sys
import threading
from datetime import time
from pathlib import Path
from typing import Any

import click

from service_api.config import Config, ConfigError
from service_api.domain.policy import Role, needs_municipality


def _config() -> Config:
    try:
        return Config.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _runtime() -> Any:
    from service_api.runtime import Runtime

    return Runtime.build(_config())


@click.group()
def main() -> None:
    """Municipal appointments service."""
    from service_api.request_log import configure_logging

    configure_logging(os.environ.get("DIMOS_LOG_FORMAT", "text"), os.environ.get("DIMOS_LOG_LEVEL", "INFO"))
    logging.getLogger("alembic").setLevel(logging.WARNING)


@main.command()
def migrate() -> None:
    """Create or upgrade the database schema (Alembic head)."""
    from service_api import migrate as migrations

    cfg = _config()
    migrations.upgrade(cfg.database_url)
    click.echo(f"Database is at the latest schema ({_safe_url(cfg.database_url)}).")


@main.command("load-catalogue")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--prune", is_flag=True, help="Retire the services of the file's municipalities it no longer lists."
)
def load_catalogue_cmd(file: Path, prune: bool) -> None:
    """Load or update municipalities, groups, services and municipal closures from FILE."""
    from pydantic import ValidationError

    from service_api.catalogue import install_catalogue, read_catalogue

    try:
        spec = read_catalogue(file)
    except ValidationError as exc:
        raise click.ClickException(f"{file} is not a valid catalogue:\n{exc}") from exc
    rt = _runtime()
    result = install_catalogue(rt.bookings, spec=spec, prune=prune)
    click.echo("Loaded " + ", ".join(f"{v} {k}" for k, v in result.counts.items()) + ".")
    if not result.changed:
        click.echo("Nothing changed: the store already matched the file.")
    for name in result.retired:
        click.echo(f"Retired (not in the file): {name}")
    for name in result.left_active:
        click.echo(f"Left active although not in the file (use --prune to retire): {name}")


@main.command("export-catalogue")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_catalogue_cmd(file: Path) -> None:
    """Write the current catalogue to FILE; load-catalogue of FILE changes nothing."""
    from service_api.catalogue_export import write_catalogue

    rt = _runtime()
    with rt.store.read() as session:
        data = write_catalogue(session, file)
    services = sum(len(g["services"]) for m in data["municipalities"] for g in m["groups"])
    click.echo(f"Wrote {len(data['municipalities'])} municipalities and {services} services to {file}.")


@main.command()
@click.option("--bookings", default=300, show_default=True, help="How many demo bookings to make.")
def demo(bookings: int) -> None:
    """Migrate, load the Larissa catalogue, create demo staff and bookings; print the accounts."""
    from service_api import migrate as migrations
    from service_api.demo import DEMO_PASSWORD, ensure_staff, load_default_catalogue, make_bookings
    from service_api.demo_office import make_office_examples

    cfg = _config()
    if cfg.env == "production":
        raise click.ClickException("Demo data is refused when DIMOS_ENV=production.")
    migrations.upgrade(cfg.database_url)
    rt = _runtime()
    load_default_catalogue(rt.bookings)
    accounts = ensure_staff(rt.bookings)
    if make_office_examples(rt.bookings):
        click.echo("Office examples added: plan versions, a Saturday session, leave, a request, a closure.")
    made = make_bookings(rt.bookings, count=bookings)
    click.echo(f"Demo data ready in {_safe_url(cfg.database_url)}: {made} new bookings.")
    click.echo(f"Demo staff accounts (password for all: {DEMO_PASSWORD}):")
    for username, role in accounts:
        click.echo(f"  {username:<22} {role}")


@main.command("create-staff")
@click.option("--username", required=True)
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default=None, help="Required for a new account."
)
@click.option("--name", "display_name", default=None, help="Display name (a new account: the username).")
@click.option(
    "--municipality", default=None, help="Municipality slug (required for a new clerk or supervisor)."
)
@click.option(
    "--services", default=None, help="Comma-separated service slugs the clerk serves ('*' for all)."
)
@click.option("--modes", default="in_person,teleconference", show_default=True, help="With --services.")
@click.option("--email", default=None)
@click.option("--teams-link", default=None)
@click.option("--graph-user-id", default=None)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (new accounts).")
def create_staff_cmd(
    username: str,
    role: str | None,
    display_name: str | None,
    municipality: str | None,
    services: str | None,
    modes: str,
    email: str | None,
    teams_link: str | None,
    graph_user_id: str | None,
    password_stdin: bool,
) -> None:
    """Create a staff account, or update only the options given to an existing one.

    A new clerk starts with a Mon–Fri 08:00–14:00 plan; running it again never touches the plan,
    the password, the e-mail or the Teams link unless they are given.
    """
    from sqlalchemy import select

    from service_api.booking import staffing
    from service_api.domain.errors import DomainError
    from service_api.domain.rules import Mode
    from service_api.models import Municipality, Service, Staff

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    rt = _runtime()
    with rt.store.read() as session:
        existing = session.scalar(select(Staff).where(Staff.username == username))
        muni = (
            session.scalar(select(Municipality).where(Municipality.slug == municipality))
            if municipality
            else None
        )
        if municipality and muni is None:
            raise click.ClickException(f"No municipality {municipality!r}; load the catalogue first.")
        if existing is None:
            if role is None or password is None:
                raise click.ClickException("A new account needs --role and --password-stdin.")
            if needs_municipality(role) and muni is None:
                raise click.ClickException("--municipality is required for clerks and supervisors.")
        keeps_home = existing is not None and needs_municipality(role or existing.role)
        home = muni.id if muni else (existing.municipality_id if existing and keeps_home else None)
        chosen: list[Service] = []
        if services is not None:
            wanted = {s.strip() for s in services.split(",") if s.strip()}
            rows = session.scalars(select(Service).where(Service.municipality_id == (home or -1))).all()
            chosen = [s for s in rows if "*" in wanted or s.slug in wanted]
            unknown = wanted - {s.slug for s in rows} - {"*"}
            if unknown:
                raise click.ClickException(f"Unknown services: {', '.join(sorted(unknown))}")
    mode_set = {m.strip() for m in modes.split(",")}
    new_clerk = existing is None and role == Role.CLERK
    try:
        staff_id = staffing.create_staff(
            rt.bookings,
            username=username,
            display_name=display_name,
            role=role,
            password=password,
            municipality_id=home if (role is not None or muni is not None) else None,
            email=email,
            services=(
                [(s.id, Mode.IN_PERSON in mode_set, Mode.TELECONFERENCE in mode_set) for s in chosen]
                if services is not None
                else None
            ),
            plan=[(d, time(8), time(14)) for d in range(5)] if new_clerk else None,
            teams_link=teams_link,
            graph_user_id=graph_user_id,
        )
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    what = "created" if existing is None else "updated"
    count = f", {len(chosen)} services" if services is not None else ""
    click.echo(f"Staff {username} {what} (id {staff_id}{count}).")


@main.command()
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Retention in days, at least 1 (default DIMOS_RETENTION_DAYS or 180).",
)
def purge(days: int | None) -> None:
    """Forget citizens whose appointments ended more than the retention period ago.

    Their bookings are anonymised (statistics stay), their e-mails leave the outbox folder, and
    sign-in records past the period, expired sessions and expired Idempotency-Keys are deleted;
    so are access-log entries older than DIMOS_ACCESS_LOG_DAYS. Upcoming appointments are never touched.
    """
    from service_api.retention import purge as purge_personal_data

    rt = _runtime()
    retention = rt.config.retention_days if days is None else days
    report = purge_personal_data(rt.bookings, retention_days=retention)
    click.echo(
        f"Anonymised {report.anonymised} bookings; deleted {report.sign_ins_deleted} citizen sign-in "
        f"records, {report.expired_deleted} expired sessions, codes and keys, "
        f"and {report.mails_deleted} e-mails; dropped {report.access_log_deleted} access-log entries "
        f"older than {rt.config.access_log_days} days."
    )


@main.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--keep-days",
    type=click.IntRange(min=1),
    default=None,
    help="Delete backups older than this (default and most: the retention period, DIMOS_RETENTION_DAYS).",
)
@click.option("--keep", type=click.IntRange(min=1), default=None, help="Also keep at most this many backups.")
def backup_cmd(directory: Path, keep_days: int | None, keep: int | None) -> None:
    """Back up the database into DIRECTORY (safe while serving), then delete the old backups.

    PostgreSQL: pg_dump's custom format (pg_dump must be on PATH); SQLite: the online backup API.
    Backups hold personal data, so none is kept longer than the retention period.
    """
    from datetime import UTC, datetime

    from service_api.backup import BackupError, backup

    cfg = _config()
    if keep_days is not None and keep_days > cfg.retention_days:
        raise click.ClickException(
            f"--keep-days {keep_days} is longer than the retention period ({cfg.retention_days} days, "
            "DIMOS_RETENTION_DAYS): backups would keep personal data the service has already forgotten"
        )
    try:
        report = backup(
            cfg.database_url,
            directory,
            now=datetime.now(UTC),
            keep_days=cfg.retention_days if keep_days is None else keep_days,
            keep=keep,
        )
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {_safe_url(cfg.database_url)} to {report.path}.")
    for path in report.deleted:
        click.echo(f"Deleted old backup {path.name}")


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_cmd(file: Path) -> None:
    """Restore FILE (made by `backup`) into the configured database, which must be empty.

    The schema stays at the backup's migration version: run `service-api migrate` next, then
    `service-api purge`, since an old backup may hold data past the retention period.
    """
    from service_api.backup import BackupError, restore

    cfg = _config()
    try:
        report = restore(cfg.database_url, file)
    except BackupError as exc:
        raise click.ClickException(f"Nothing restored: {exc}") from exc
    click.echo(
        f"Restored {file.name} into {_safe_url(cfg.database_url)} (schema revision {report.revision}). "
        "Next: service-api migrate, then service-api purge."
    )


@main.command("run-jobs")
@click.option("--once", is_flag=True, help="Process what is due and exit.")
def run_jobs(once: bool) -> None:
    """Send e-mails, create meetings and purge old data from the outbox, retrying failures."""
    from service_api.jobs import JobRunner
    from service_api.supervisor import supervise_self

    supervise_self()  # started by `serve`: never outlive it
    runner = JobRunner.build(_runtime())
    if once:
        click.echo(f"Processed {runner.run_once()} jobs.")
        return
    stop = threading.Event()
    try:
        runner.run_forever(stop)
    except KeyboardInterrupt:
        stop.set()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    default=None,
    type=int,
    help="gunicorn workers (default: 1 on SQLite, else one per core, at least 2).",
)
@click.option("--jobs/--no-jobs", default=True, show_default=True, help="Also run the outbox job runner.")
def serve(host: str, port: int, workers: int | None, jobs: bool) -> None:
    """Serve the API and the citizen form (gunicorn; Flask's own server only in development)."""
    cfg = _config()
    from service_api import migrate as migrations

    migrations.upgrade(cfg.database_url)
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        if cfg.env == "production":
            raise click.ClickException("production needs gunicorn: pip install gunicorn") from None
        _serve_flask(cfg, host, port, jobs)
        return
    from service_api.server import serve_gunicorn

    serve_gunicorn(cfg, host, port, workers, jobs)


def _serve_flask(cfg: Config, host: str, port: int, jobs: bool) -> None:
    from service_api.app import create_app
    from service_api.runtime import Runtime

    rt = Runtime.build(cfg)
    if jobs:
        _start_jobs(rt)
    rt.prepare_to_serve()
    create_app(rt=rt).run(host=host, port=port, threaded=True)


def _start_jobs(rt: Any) -> threading.Event:
    from service_api.jobs import JobRunner

    stop = threading.Event()
    threading.Thread(target=JobRunner.build(rt).run_forever, args=(stop,), name="jobs", daemon=True).start()
    return stop


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _add_outbox_commands() -> None:
    from service_api.outbox_cli import outbox

    main.add_command(outbox)


_add_outbox_commands()

if __name__ == "__main__":
    main()
