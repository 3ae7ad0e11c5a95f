"""``/healthz`` tells when the job runner has gone silent or the outbox has stopped moving."""

from __future__ import annotations

from flask.testing import FlaskClient

from service_api.jobs import JobRunner
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.http import call
from tests.helpers.world import World, athens


def test_healthz_reports_the_runners_heartbeat_and_answers_503_once_it_is_silent(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    JobRunner.build(world.rt).run_once()
    jobs = call(client, "GET", "/healthz", 200)["jobs"]
    assert jobs["heartbeat_age_seconds"] == 0 and jobs["problems"] == []
    clock.advance(seconds=world.rt.config.health_runner_silent_seconds + 1)
    answer = call(client, "GET", "/healthz", 503)
    assert answer["status"] == "unhealthy" and answer["jobs"]["problems"] == ["job runner silent"]


def test_healthz_answers_503_when_an_outbox_row_has_waited_too_long(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    world.rt.config.smtp_url = "smtp://127.0.0.1:1"  # nothing listens: the e-mail keeps failing
    create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    )
    runner = JobRunner.build(world.rt)
    runner.run_once()
    assert call(client, "GET", "/healthz", 200)["jobs"]["oldest_due_outbox_age_seconds"] < 600
    for _ in range(8):  # the runner keeps trying (and beating); the e-mail keeps waiting
        clock.advance(minutes=10)
        runner.run_once()
    answer = call(client, "GET", "/healthz", 503)
    assert answer["jobs"]["problems"] == ["outbox backlog"]
    assert answer["jobs"]["oldest_due_outbox_age_seconds"] > world.rt.config.health_outbox_backlog_seconds
