"""Operators see failed outbox jobs and put them back in the queue: the API for supervisors and admins,
``service-api outbox`` for the command line."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select, update

from service_api.cli import main
from service_api.domain.kinds import OutboxStatus
from service_api.models import AuditLog, Outbox
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.world import World, athens


def _failed_job(world: World) -> int:
    create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    )
    with world.rt.store.write() as session:
        job_id = session.scalars(select(Outbox.id)).one()
        session.execute(
            update(Outbox)
            .where(Outbox.id == job_id)
            .values(status=OutboxStatus.FAILED.value, attempts=80, last_error="SMTP failed: timed out")
        )
    return job_id


def test_a_supervisor_sees_the_failed_jobs_of_their_municipality_and_retries_one(
    world: World, client: FlaskClient
) -> None:
    job_id = _failed_job(world)
    headers = login(client, "supervisor")
    jobs = call(client, "GET", "/api/v1/outbox?status=failed", 200, headers=headers)["jobs"]
    assert [(j["id"], j["kind"], j["last_error"]) for j in jobs] == [
        (job_id, "email.confirmation", "SMTP failed: timed out")
    ]
    assert "citizen" not in str(jobs)  # no personal data in the list
    job = call(client, "POST", f"/api/v1/outbox/{job_id}/retry", 200, headers=headers)
    assert job["status"] == "pending" and job["attempts"] == 0
    assert call(client, "GET", "/api/v1/outbox?status=failed", 200, headers=headers)["jobs"] == []
    call(client, "POST", f"/api/v1/outbox/{job_id}/retry", 409, headers=headers)  # pending: nothing to retry
    with world.rt.store.read() as session:
        assert session.scalars(select(AuditLog.action).where(AuditLog.action == "outbox.retry")).all()


def test_other_municipalities_supervisors_and_clerks_cannot_see_or_retry_a_job(
    world: World, client: FlaskClient
) -> None:
    job_id = _failed_job(world)
    other = login(client, "other_supervisor")
    assert call(client, "GET", "/api/v1/outbox?status=failed", 200, headers=other)["jobs"] == []
    call(client, "POST", f"/api/v1/outbox/{job_id}/retry", 404, headers=other)
    clerk = login(client, "clerk_a")
    call(client, "GET", "/api/v1/outbox?status=failed", 403, headers=clerk)
    call(client, "POST", f"/api/v1/outbox/{job_id}/retry", 403, headers=clerk)
    admin = login(client, "admin")
    assert len(call(client, "GET", "/api/v1/outbox?status=failed", 200, headers=admin)["jobs"]) == 1


def test_the_command_line_lists_failed_jobs_and_retries_them_all(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    job_id = _failed_job(world)
    monkeypatch.setenv("DIMOS_DATABASE_URL", world.rt.config.database_url)
    runner = CliRunner()
    listed = runner.invoke(main, ["outbox", "list", "--failed"])
    assert listed.exit_code == 0, listed.output
    assert f"{job_id:>8}  failed" in listed.output and "SMTP failed: timed out" in listed.output
    retried = runner.invoke(main, ["outbox", "retry", "--all-failed"])
    assert retried.exit_code == 0 and "1 failed jobs are due again" in retried.output
    with world.rt.store.read() as session:
        assert session.scalars(select(Outbox.status)).one() == "pending"
    assert "0 jobs." in runner.invoke(main, ["outbox", "list", "--failed"]).output
