"""The outbox worker: e-mails over real SMTP (aiosmtpd on loopback) or a folder, meetings, retries, purge."""

from __future__ import annotations

import email
from datetime import timedelta
from email.message import Message

import pytest
from sqlalchemy import select

from service_api.booking.journal import Actor
from service_api.domain.rules import Mode
from service_api.jobs import JobRunner
from service_api.models import AuditLog, Booking, Outbox
from service_api.retention import purge
from tests.helpers.factories import create_booking
from tests.helpers.smtp import Inbox
from tests.helpers.world import World, athens


def _body(message: Message) -> str:
    """The text/plain body, wherever it sits (the e-mails are multipart: text, HTML, invitation)."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True)
    assert isinstance(part, bytes)
    return part.decode()


def test_a_teleconference_booking_gets_its_meeting_link_then_the_email(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    booking = create_booking(
        world.rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(2, 9),
        mode=Mode.TELECONFERENCE,
    ).booking
    runner = JobRunner.build(world.rt)
    runner.run_once()
    with world.rt.store.read() as session:
        stored = session.scalar(select(Booking).where(Booking.id == booking.id))
        assert stored is not None and stored.meeting_url.startswith("https://meet.jit.si/dimos-")
        assert set(session.scalars(select(Outbox.status))) == {"done"}
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "citizen1@example.org" and booking.reference in message["Subject"]
    text = _body(message)
    assert f"Συμμετοχή στη συνάντηση: {stored.meeting_url}" in text
    assert "συμβολαιογραφικής πράξης" in text  # the required documents
    assert "http://dimos.test/manage/" in text and "Τετάρτη 2 Δεκεμβρίου 2026, 09:00" in text


def test_without_smtp_messages_land_in_the_outbox_folder(world: World) -> None:
    create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(2, 9),
        language="en",
    )
    JobRunner.build(world.rt).run_once()
    files = list(world.rt.config.outbox_dir.glob("*.eml"))
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes())
    assert message["Subject"].startswith("Appointment confirmed")
    assert "Documents to bring" in _body(message)


def test_a_failing_mail_server_is_retried_later_and_then_succeeds(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    world.rt.config.smtp_url = "smtp://127.0.0.1:1"  # nothing listens there
    create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    )
    runner = JobRunner.build(world.rt)
    runner.run_once()
    with world.rt.store.read() as session:
        job = session.scalars(select(Outbox)).one()
        assert (job.status, job.attempts) == ("pending", 1) and "SMTP failed" in job.last_error
    runner.mailer.smtp_url = f"smtp://127.0.0.1:{port}"
    runner.run_once()
    assert inbox.messages == []  # not due yet: backoff
    world.rt.bookings.clock.advance(minutes=1)  # type: ignore[attr-defined]
    runner.run_once()
    assert len(inbox.messages) == 1


def test_purge_anonymises_old_bookings_and_keeps_statistics(world: World) -> None:
    rt = world.rt
    old = create_booking(
        rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    ).booking
    rt.bookings.clock.advance(days=200)  # type: ignore[attr-defined]
    recent = create_booking(
        rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(22, 9, month=6, year=2027),
        who=2,
    ).booking
    assert purge(rt.bookings, retention_days=180).anonymised == 1
    with rt.store.read() as session:
        gone = session.get(Booking, old.id)
        kept = session.get(Booking, recent.id)
        assert gone is not None and kept is not None
        assert (gone.citizen_name, gone.citizen_email, gone.citizen_phone, gone.citizen_key) == (
            "",
            "",
            "",
            "",
        )
        assert (
            gone.status == "confirmed" and gone.service_id == old.service_id and gone.start_at == old.start_at
        )
        assert kept.citizen_email == "citizen2@example.org"
        assert (
            session.scalar(select(AuditLog.details).where(AuditLog.action == "retention_purge")) is not None
        )
    assert purge(rt.bookings, retention_days=180).anonymised == 0
    with pytest.raises(Exception, match="No such booking"):
        rt.bookings.cancel(old.reference, Actor.citizen())


def test_the_daily_purge_deletes_citizen_sign_in_records_past_retention(world: World) -> None:
    from service_api.auth.models import CitizenLoginAudit
    from service_api.auth.taxisnet import record_login

    rt = world.rt
    secret = rt.config.secret_key
    now = rt.bookings.clock()
    for days_ago, taxid in ((400, "090000045"), (181, "090000046"), (10, "090000047")):
        record_login(
            rt.store,
            provider="taxisnet",
            outcome="success",
            reason="",
            taxid=taxid,
            secret=secret,
            now=now - timedelta(days=days_ago),
        )
    JobRunner.build(rt).maybe_purge()
    with rt.store.read() as session:
        left = session.scalars(select(CitizenLoginAudit.at)).all()
    assert [round((now - at).total_seconds() / 86400) for at in left] == [10]
