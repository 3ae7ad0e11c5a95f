"""The retention purge forgets a past citizen everywhere, and never an appointment still to come."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service_api.auth.models import CitizenLoginAudit
from service_api.auth.taxisnet import record_login
from service_api.booking.service import NewBooking
from service_api.cli import main
from service_api.domain.policy import Actor
from service_api.domain.retention import retention_cutoff
from service_api.domain.rules import Mode, Outcome
from service_api.jobs import JobRunner
from service_api.models import Base, Booking, IdempotencyKey
from service_api.retention import purge
from service_api.runtime import Runtime
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body, citizen, create_booking
from tests.helpers.http import call, citizen_token
from tests.helpers.world import World, athens

NAME = "Ζωή Λησμονίδου"
EMAIL = "zoe.lismonidou@example.org"
PHONE = "6977003344"
AFM = "090000045"
# What staff typed about her: reasons, notes, the identity check.
STAFF_WORDS = [
    "phoned, moving abroad",
    "asked for a clerk who speaks slowly, hard of hearing",
    "comes with her lawyer",
    "left the papers of her divorce",
    "ID card AK 123456, photo old",
]


def _supervisor(world: World) -> Actor:
    with world.rt.store.read() as session:
        municipality = session.scalar(select(Booking.municipality_id).limit(1))
    return Actor.staff(world.staff["supervisor"], "supervisor", municipality)


def _book_as_zoe(client: FlaskClient, world: World, day: int, key: str) -> str:
    body = booking_body(world.service("transfer-of-registration"), athens(day, 9))
    body["citizen"] = {"name": NAME, "email": EMAIL, "phone": PHONE}
    headers = {"Authorization": f"Bearer {citizen_token(client, EMAIL, afm=AFM)}", "Idempotency-Key": key}
    reference: str = call(client, "POST", "/api/v1/bookings", 201, json=body, headers=headers)["reference"]
    return reference


def _send_queued_mails(runner: JobRunner, clock: Clock) -> None:
    """Run the job runner once the queued mails are due by the service's clock (never the wall clock's:
    jumping to today's date let the test's citizen tokens expire once the day was 12 hours old)."""
    clock.now = clock.now + timedelta(minutes=1)
    runner.run_once()


def _stamp_new_mails(folder: Path, seen: set[Path], clock: Clock) -> None:
    """Date the mails just written by the service's clock, as the wall clock would have."""
    moment = clock().timestamp()
    for path in set(folder.glob("*.eml")) - seen:
        os.utime(path, (moment, moment))
        seen.add(path)


def _mail_text(path: Path) -> str:
    """Headers and every decoded text part of one .eml: what a reader of the folder can see."""
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    parts = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if part.get_content_maintype() != "multipart":
            content = part.get_payload(decode=True)
            if isinstance(content, bytes):
                parts.append(content.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def _mails(rt: Runtime) -> str:
    return "\n".join(_mail_text(path) for path in sorted(rt.config.outbox_dir.glob("*.eml")))


def _everything_stored(rt: Runtime) -> str:
    """Every value of every table, and every mail in the outbox folder, as text."""
    values: list[str] = []
    with rt.store.read() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                values.extend(str(value) for value in row)
    return "\n".join([*values, _mails(rt)])


@pytest.fixture
def runner(world: World) -> JobRunner:
    return JobRunner.build(world.rt)


def test_after_the_purge_no_table_and_no_mail_holds_anything_of_a_past_citizen(
    world: World, client: FlaskClient, clock: Clock, runner: JobRunner
) -> None:
    rt, mails, seen = world.rt, world.rt.config.outbox_dir, set[Path]()
    attended = _book_as_zoe(client, world, 2, "zoe-first-booking")
    moved_then_cancelled = _book_as_zoe(client, world, 3, "zoe-second-booking")
    call(client, "POST", "/api/v1/citizen/code", 202, json={"email": EMAIL})
    record_login(
        rt.store, provider="taxisnet", outcome="success", reason="", taxid=AFM, secret=rt.config.secret_key
    )
    supervisor = _supervisor(world)
    desk = rt.clerk_actions
    desk.verify_identity(
        reference=attended,
        actor=supervisor,
        document_type="identity_card",
        name_matches=True,
        taxisnet_matches=True,
        note=STAFF_WORDS[4],
    )
    today, clock.now = clock.now, athens(2, 8, 45)  # check-in is only possible on the booking's day
    desk.check_in(reference=attended, actor=supervisor)
    clock.now = today
    desk.update_notes(reference=attended, notes=STAFF_WORDS[2], actor=supervisor)
    desk.record_outcome(
        reference=attended,
        outcome=Outcome.COMPLETED,
        actor=supervisor,
        note=STAFF_WORDS[3],
        confirm_missing_documents=True,
    )
    target = rt.bookings.reassignment_candidates(moved_then_cancelled)[0]
    rt.bookings.reassign(moved_then_cancelled, target, supervisor, reason=STAFF_WORDS[1])
    rt.bookings.cancel(moved_then_cancelled, supervisor, reason=STAFF_WORDS[0])
    _send_queued_mails(runner, clock)
    _stamp_new_mails(mails, seen, clock)
    with rt.store.read() as session:
        # Hashes that stand for her: stored keyed or not, they must go with her.
        booking = session.scalars(select(Booking).where(Booking.reference == attended)).one()
        hashes = [booking.citizen_key, booking.citizen_afm_hash or "?"]
        hashes += list(session.scalars(select(IdempotencyKey.request_hash)))
        hashes += [h or "?" for h in session.scalars(select(CitizenLoginAudit.taxid_hash))]
    hers = [NAME, EMAIL, PHONE, AFM, *STAFF_WORDS, *hashes]
    before = _everything_stored(rt)
    assert [value for value in hers if value not in before] == []  # the dump sees all of it
    assert attended in _mails(rt) and moved_then_cancelled in _mails(rt)

    clock.advance(days=200)
    recent = create_booking(
        rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(22, 9, month=6, year=2027),
        who=7,
    ).booking
    runner.run_once()  # the daily purge, and the recent citizen's confirmation
    _stamp_new_mails(mails, seen, clock)
    purge(rt.bookings, retention_days=180)

    after = _everything_stored(rt)
    assert [value for value in hers if value in after] == []
    assert attended not in _mails(rt) and moved_then_cancelled not in _mails(rt)
    assert "citizen7@example.org" in after and recent.reference in after  # the living are kept
    with rt.store.read() as session:
        kept = session.scalars(select(Booking).where(Booking.reference == attended)).one()
        assert (kept.status, kept.outcome, kept.service_id) == ("completed", "completed", booking.service_id)


def test_an_email_about_a_purged_booking_goes_even_when_dated_after_the_cutoff(
    world: World, clock: Clock, runner: JobRunner
) -> None:
    rt = world.rt
    create_booking(rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9))
    _send_queued_mails(runner, clock)
    clock.advance(days=200)
    # Sent late or copied back: its date no longer tells its age, the booking it names does.
    _stamp_new_mails(rt.config.outbox_dir, set(), clock)

    report = purge(rt.bookings, retention_days=180)

    assert (report.anonymised, report.mails_deleted) == (1, 1)
    assert list(rt.config.outbox_dir.glob("*.eml")) == []


def test_a_cancellation_keeps_only_the_services_own_reason_after_the_purge(
    world: World, clock: Clock
) -> None:
    rt, service = world.rt, world.service("transfer-of-registration")
    by_citizen = create_booking(rt.bookings, service_id=service, start=athens(2, 9)).booking
    by_staff = create_booking(rt.bookings, service_id=service, start=athens(2, 10), who=2).booking
    rt.bookings.cancel(by_citizen.reference, Actor.citizen(), reason="cancelled_by_citizen")
    rt.bookings.cancel(by_staff.reference, _supervisor(world), reason="phoned, moving abroad")
    clock.advance(days=200)

    purge(rt.bookings, retention_days=180)

    with rt.store.read() as session:
        reasons = dict(session.execute(select(Booking.reference, Booking.cancel_reason)).all())
    assert reasons == {by_citizen.reference: "cancelled_by_citizen", by_staff.reference: ""}


def test_an_idempotency_key_stores_no_hash_that_a_candidate_identity_could_confirm(world: World) -> None:
    request = NewBooking(world.service("transfer-of-registration"), Mode.IN_PERSON, athens(2, 9), citizen(1))
    world.rt.bookings.create(request, Actor.citizen(), idempotency_key="booking:a-key-of-twenty")
    with world.rt.store.read() as session:
        stored = session.scalars(select(IdempotencyKey.request_hash)).one()
    # Whoever guesses her details can hash them; without the service's secret they match nothing.
    guessed = {
        "service_id": request.service_id,
        "mode": request.mode.value,
        "start": request.start.isoformat(),
        "citizen": [request.citizen.name, request.citizen.email, request.citizen.phone, None],
        "extra": [],
    }
    assert stored != hashlib.sha256(json.dumps(guessed, sort_keys=True).encode()).hexdigest()
    assert stored == request.fingerprint(world.rt.config.secret_key)
    replay = world.rt.bookings.create(request, Actor.citizen(), idempotency_key="booking:a-key-of-twenty")
    assert replay.replayed


def test_idempotency_keys_are_swept_by_the_daily_job_once_a_day_old(
    world: World, clock: Clock, runner: JobRunner
) -> None:
    service = world.service("transfer-of-registration")
    create_booking(
        world.rt.bookings, service_id=service, start=athens(9, 9), idempotency_key="booking:k-1234567"
    )
    clock.advance(hours=25)

    runner.maybe_purge()

    with world.rt.store.read() as session:
        assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0
        assert session.scalar(select(func.count()).select_from(Booking)) == 1


def test_a_one_day_retention_keeps_todays_and_upcoming_appointments(world: World, clock: Clock) -> None:
    rt, service = world.rt, world.service("transfer-of-registration")
    two_days_ago = create_booking(rt.bookings, service_id=service, start=athens(2, 9), who=1).booking
    this_morning = create_booking(rt.bookings, service_id=service, start=athens(4, 9), who=2).booking
    upcoming = create_booking(rt.bookings, service_id=service, start=athens(8, 9), who=3).booking
    clock.now = athens(4, 13)

    assert purge(rt.bookings, retention_days=1).anonymised == 1

    with rt.store.read() as session:
        left = dict(session.execute(select(Booking.reference, Booking.citizen_email)).all())
    assert left == {
        two_days_ago.reference: "",
        this_morning.reference: "citizen2@example.org",
        upcoming.reference: "citizen3@example.org",
    }


@pytest.mark.parametrize("days", [0, -30])
def test_a_retention_below_one_day_is_refused_and_touches_nothing(world: World, days: int) -> None:
    create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    )
    with pytest.raises(ValueError, match="at least 1 day"):
        purge(world.rt.bookings, retention_days=days)
    with pytest.raises(ValueError, match="at least 1 day"):
        retention_cutoff(athens(2, 9), days)
    with world.rt.store.read() as session:
        assert session.scalar(select(func.count()).where(Booking.anonymised_at.is_not(None))) == 0


@pytest.fixture
def cli_env(world: World, tmp_path: Path) -> Iterator[dict[str, str]]:
    yield {
        "DIMOS_DATABASE_URL": world.rt.config.database_url,
        "DIMOS_OUTBOX_DIR": str(tmp_path / "mail"),
        "DIMOS_SECRET_KEY": world.rt.config.secret_key,
    }


@pytest.mark.parametrize("days", ["0", "-30"])
def test_the_purge_command_refuses_less_than_a_day_with_a_clear_error(
    world: World, cli_env: dict[str, str], days: str
) -> None:
    create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    )

    result = CliRunner().invoke(main, ["purge", "--days", days], env=cli_env)

    assert result.exit_code == 2
    assert "--days" in result.output and ">=1" in result.output
    with world.rt.store.read() as session:
        assert session.scalar(select(func.count()).where(Booking.anonymised_at.is_not(None))) == 0
