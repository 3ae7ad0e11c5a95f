"""The outbox sends each message once and never gives up silently: leases renewed per job, the "done"
written until the database answers, a stable Message-ID, and days of retries before a job fails."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import Message
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from service_api import jobs
from service_api.jobs import JobRunner
from service_api.models import Outbox
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.smtp import Inbox
from tests.helpers.world import World, athens


class SlowInbox(Inbox):
    """A mail server that takes ``seconds`` over every message (seen: 18 s in production)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def handle_message(self, message: Message) -> None:
        time.sleep(self.seconds)
        super().handle_message(message)


class RealTime:
    """The world's clock, moving on with real time: leases must really lapse."""

    def __init__(self, start: datetime) -> None:
        self.start, self.began = start, time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.began)


def _book(world: World, count: int) -> None:
    for n in range(count):
        create_booking(
            world.rt.bookings,
            service_id=world.service("transfer-of-registration"),
            start=athens(2 + n // 4, 9 + n % 4),
            who=n,
        )


def _statuses(world: World) -> list[str]:
    with world.rt.store.read() as session:
        return list(session.scalars(select(Outbox.status).order_by(Outbox.id)))


def test_a_slow_mail_server_and_two_runners_send_every_message_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SlowInbox(0.25)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
        _book(world, 8)
        world.rt.bookings.clock = RealTime(world.rt.bookings.clock())
        # A batch of 8 takes ~2 s: four leases of 0.6 s. Before, the second runner re-sent its tail.
        monkeypatch.setattr(jobs, "LEASE", timedelta(seconds=0.6))
        runners = [JobRunner.build(world.rt) for _ in range(2)]
        for runner in runners:
            runner.lease = timedelta(seconds=0.6)

        def drain(runner: JobRunner) -> None:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and "pending" in _statuses(world):
                runner.run_once()
                time.sleep(0.05)

        threads = [threading.Thread(target=drain, args=(r,)) for r in runners]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        controller.stop()
    recipients = sorted(str(m["To"]) for m in inbox.messages)
    assert recipients == sorted({str(m["To"]) for m in inbox.messages})
    assert len(recipients) == 8
    assert _statuses(world) == ["done"] * 8


def _failing_done(runner: JobRunner, failures: int) -> list[int]:
    """Make the runner's "done" write fail ``failures`` times, as while PostgreSQL restarts."""
    calls: list[int] = []
    real: Callable[..., None] = runner._finish

    def finish(job_id: int, **kwargs: Any) -> None:
        if not kwargs.get("retry") and not kwargs.get("failed") and len(calls) < failures:
            calls.append(job_id)
            raise OperationalError("UPDATE outbox", {}, Exception("server closed the connection"))
        real(job_id, **kwargs)

    runner._finish = finish  # type: ignore[method-assign]
    return calls


def test_a_database_failure_when_marking_done_does_not_send_the_email_again(
    world: World, clock: Clock, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    _book(world, 1)
    runner = JobRunner.build(world.rt)
    assert len(_failing_done(runner, 3)) == 0
    runner.run_once()
    assert _statuses(world) == ["done"]
    clock.advance(minutes=10)  # past the lease: before, the runner sent it again here
    runner.run_once()
    assert len(inbox.messages) == 1


def test_a_database_down_longer_than_the_runner_waits_still_does_not_send_twice(
    world: World, clock: Clock, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    _book(world, 1)
    runner = JobRunner.build(world.rt)
    runner.finish_patience = 0.3
    _failing_done(runner, 100)
    with pytest.raises(OperationalError):
        runner.run_once()
    assert _statuses(world) == ["pending"] and len(inbox.messages) == 1
    runner._finish = JobRunner._finish.__get__(runner)  # type: ignore[method-assign]  # the database is back
    clock.advance(minutes=10)
    runner.run_once()
    assert _statuses(world) == ["done"] and len(inbox.messages) == 1


def test_every_attempt_of_a_message_carries_the_same_message_id(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    _book(world, 1)
    runner = JobRunner.build(world.rt)
    runner.run_once()
    with world.rt.store.read() as session:
        job_id = session.scalars(select(Outbox.id)).one()
    assert inbox.messages[0]["Message-ID"] == f"<outbox-{job_id}-email.confirmation@dimos.localhost>"


def test_a_mail_server_down_for_hours_is_retried_for_days_then_fails_with_one_warning(
    world: World, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    world.rt.config.smtp_url = "smtp://127.0.0.1:1"  # nothing listens there
    _book(world, 1)
    runner = JobRunner.build(world.rt)
    caplog.set_level(logging.WARNING, logger="service_api.jobs")
    for _ in range(30):  # 12 hours in steps: before, it failed for good after 8 attempts (~63 minutes)
        runner.run_once()
        clock.advance(minutes=25)
    assert _statuses(world) == ["pending"]
    with world.rt.store.read() as session:
        job = session.scalars(select(Outbox)).one()
        assert job.attempts >= 9 and "SMTP failed" in job.last_error
        assert job.next_attempt_at - clock() <= timedelta(hours=1)  # backoff capped at an hour
    clock.advance(days=3)
    runner.run_once()
    runner.run_once()
    assert _statuses(world) == ["failed"]
    failed = [r for r in caplog.records if "failed after" in r.getMessage()]
    assert len(failed) == 1 and "service-api outbox retry" in failed[0].getMessage()
