"""``service-api outbox``: list outbox jobs and retry failed ones, as the system (every municipality)."""

from __future__ import annotations

import click

from service_api.config import Config, ConfigError
from service_api.domain.kinds import OutboxStatus
from service_api.domain.policy import Actor


def _runtime():  # type: ignore[no-untyped-def]
    from service_api.runtime import Runtime

    try:
        return Runtime.build(Config.from_env())
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
def outbox() -> None:
    """See and retry the e-mails and meeting operations of the outbox."""


@outbox.command("list")
@click.option("--failed", is_flag=True, help="Only the jobs that failed for good.")
@click.option("--pending", is_flag=True, help="Only the jobs still waiting to be done.")
def list_cmd(failed: bool, pending: bool) -> None:
    """Jobs newest first: id, status, kind, attempts, booking, created, next attempt, last error."""
    from service_api.booking.outbox_admin import list_jobs

    status = OutboxStatus.FAILED if failed else OutboxStatus.PENDING if pending else None
    jobs = list_jobs(_runtime().store, Actor.system(), status=status)
    for job in jobs:
        click.echo(
            f"{job.id:>8}  {job.status:<8} {job.kind:<24} {job.attempts:>3}  "
            f"{job.booking_reference or '-':<10} {job.created_at:%Y-%m-%d %H:%M}  "
            f"{job.next_attempt_at:%Y-%m-%d %H:%M}  {job.last_error[:120]}"
        )
    click.echo(f"{len(jobs)} jobs.")


@outbox.command("retry")
@click.argument("job_id", type=int, required=False)
@click.option("--all-failed", is_flag=True, help="Every failed job.")
def retry_cmd(job_id: int | None, all_failed: bool) -> None:
    """Put failed job JOB_ID (or, with --all-failed, every failed job) back in the queue, due now."""
    from service_api.booking.outbox_admin import retry_all_failed, retry_job
    from service_api.domain.errors import DomainError

    if (job_id is None) == (not all_failed):
        raise click.UsageError("Give a job id or --all-failed (not both).")
    rt = _runtime()
    if all_failed:
        click.echo(f"{retry_all_failed(rt.bookings, Actor.system())} failed jobs are due again.")
        return
    assert job_id is not None
    try:
        job = retry_job(rt.bookings, Actor.system(), job_id)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Job {job.id} ({job.kind}) is due again.")
