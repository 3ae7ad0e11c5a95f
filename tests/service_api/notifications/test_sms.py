"""SMS through a generic HTTP gateway (a local one, tests/helpers/sms_gateway.py): the client, the opt-in
on the API and the form, the confirmation and reminder jobs, retries, refusals, the short link, retention."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api import metrics, retention
from service_api.booking.journal import Actor
from service_api.config import Config, ConfigError
from service_api.domain.rules import Mode
from service_api.domain.sms_text import is_gsm7
from service_api.jobs import JobRunner
from service_api.models import Booking, Outbox
from service_api.notifications.sms_gateway import SmsError, SmsGateway
from tests.helpers.factories import booking_body, create_booking
from tests.helpers.http import book, call, login
from tests.helpers.sms_gateway import AUTH_HEADER, SmsTestGateway
from tests.helpers.web_form import csrf_of, details_form, hold_a_time, sign_in
from tests.helpers.world import World, athens

MOBILE = "+306941234567"
DIGITS = "6941234567"


@pytest.fixture
def gateway(world: World) -> Iterator[SmsTestGateway]:
    """The local gateway, configured as the service's: form POST with a bearer key."""
    with SmsTestGateway() as server:
        config = world.rt.config
        config.sms_url, config.sms_auth_header, config.sms_sender = server.url, AUTH_HEADER, "DLARISAS"
        config.validate()
        yield server


def _outbox(world: World, reference: str | None = None) -> list[tuple[str, str, int]]:
    with world.rt.store.read() as session:
        query = select(Outbox.kind, Outbox.status, Outbox.attempts).order_by(Outbox.id)
        if reference is not None:
            query = query.join(Booking, Booking.id == Outbox.booking_id).where(Booking.reference == reference)
        return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def _sms_jobs(world: World) -> list[Outbox]:
    with world.rt.store.read() as session:
        return list(session.scalars(select(Outbox).where(Outbox.kind.like("sms.%")).order_by(Outbox.id)))


def _mails(world: World) -> int:
    folder = world.rt.config.outbox_dir
    return len(list(folder.glob("*.eml"))) if folder.exists() else 0


def _book_with_sms(world: World, *, day: int = 2, hour: int = 9, who: int = 1, **extra: Any) -> Booking:
    return create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(day, hour),
        who=who,
        mobile=MOBILE,
        **extra,
    ).booking


# ---------------------------------------------------------------- the gateway client on its own
def test_a_form_post_carries_the_key_the_number_the_text_and_the_sender() -> None:
    with SmsTestGateway() as server:
        client = SmsGateway(server.url, auth_header=AUTH_HEADER, sender="DLARISAS")
        receipt = client.send(MOBILE, 'KΩΔ. 7KQ4-M9TZ & 100% "OK"', message_id="dimos-1")
        [got] = server.sent
        assert receipt.status == 200 and got.method == "POST" and got.path == "/api/sms/send"
        assert got.headers["authorization"] == "Bearer sms-test-key"
        assert got.headers["content-type"] == "application/x-www-form-urlencoded"
        assert got.values == {"to": MOBILE, "text": 'KΩΔ. 7KQ4-M9TZ & 100% "OK"', "from": "DLARISAS"}


def test_a_json_template_escapes_each_value_as_json_and_can_name_the_digits_and_the_id() -> None:
    template = '{"msisdn": "{to_digits}", "message": {"body": "{text}"}, "ref": "{id}", "from": "{sender}"}'
    with SmsTestGateway() as server:
        client = SmsGateway(
            server.url, auth_header=AUTH_HEADER, content_type="json", body_template=template, sender="DIMOS"
        )
        client.send(MOBILE, 'Line "one"\nback\\slash {text}', message_id="dimos-7")
        [got] = server.sent
        assert got.headers["content-type"].startswith("application/json")
        assert json.loads(got.body) == {
            "msisdn": "306941234567",
            "message": {"body": 'Line "one"\nback\\slash {text}'},  # a placeholder in a value stays text
            "ref": "dimos-7",
            "from": "DIMOS",
        }


def test_a_get_places_the_values_in_the_url_and_a_custom_header_carries_the_key(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # urllib3 logs the request line, query and all, at DEBUG
    with SmsTestGateway(auth_header="X-Api-Key: k-123") as server:
        url = server.origin + "/http/send?to={to_digits}&msg={text}&from={sender}"
        client = SmsGateway(url, method="GET", auth_header="X-Api-Key: k-123", sender="DIMOS")
        client.send(MOBILE, "ΠEM 3/12 09:00 & more")
        [got] = server.sent
        assert got.method == "GET" and got.body == "" and got.path == "/http/send"
        assert got.values == {"to": "306941234567", "msg": "ΠEM 3/12 09:00 & more", "from": "DIMOS"}
    lines = [r.getMessage() for r in caplog.records]
    assert any("GET /http/send?to=<number>" in line for line in lines)
    assert not [line for line in lines if DIGITS in line]


def test_a_get_without_placeholders_in_the_url_sends_the_form_template_as_the_query() -> None:
    with SmsTestGateway() as server:
        SmsGateway(server.url, method="GET", auth_header=AUTH_HEADER).send(MOBILE, "hi")
        [got] = server.sent
        assert got.method == "GET" and got.body == ""
        assert got.values == {"to": MOBILE, "text": "hi", "from": ""}


@pytest.mark.parametrize(
    ("status", "retryable"),
    [
        (500, True),
        (502, True),
        (503, True),
        (429, True),
        (408, True),
        (400, False),
        (402, False),
        (404, False),
    ],
)
def test_5xx_and_throttling_are_tried_again_other_4xx_never(status: int, retryable: bool) -> None:
    with SmsTestGateway() as server:
        server.fail_next(status, body=f'{{"error": "number {MOBILE} ({DIGITS}) said no"}}')
        with pytest.raises(SmsError) as refused:
            SmsGateway(server.url, auth_header=AUTH_HEADER).send(MOBILE, "text")
    assert refused.value.retryable is retryable and refused.value.status == status
    message = str(refused.value)
    assert f"HTTP {status}" in message and DIGITS not in message and "<number>" in message


def test_a_wrong_key_is_a_refusal_not_worth_retrying() -> None:
    with SmsTestGateway() as server, pytest.raises(SmsError) as refused:
        SmsGateway(server.url, auth_header="Authorization: Bearer wrong").send(MOBILE, "text")
    assert refused.value.status == 401 and not refused.value.retryable


def test_a_lost_answer_is_asked_again_only_when_the_gateway_can_drop_the_repeat() -> None:
    """The request went out and the answer never came: the SMS may be on the phone already."""
    with SmsTestGateway() as server:
        server.stall(1.5)
        with pytest.raises(SmsError, match="no answer in time") as without_id:
            SmsGateway(server.url, auth_header=AUTH_HEADER, timeout=1).send(MOBILE, "text", "dimos-7")
        with_id = SmsGateway(
            server.url,
            auth_header=AUTH_HEADER,
            timeout=1,
            body_template="to={to}&text={text}&id={id}",
        )
        with pytest.raises(SmsError, match="no answer in time") as late_with_id:
            with_id.send(MOBILE, "text", "dimos-7")
        server.stall(0)
    assert not without_id.value.retryable
    assert "{id}" in str(without_id.value)
    assert late_with_id.value.retryable
    assert "id=dimos-7" in (with_id.request_parts(MOBILE, "text", "dimos-7")[2] or "")


def test_nobody_listening_is_tried_again() -> None:
    with pytest.raises(SmsError, match="unreachable") as down:
        SmsGateway("http://127.0.0.1:1/send", timeout=1).send(MOBILE, "text")
    assert down.value.retryable


def test_the_configuration_is_read_from_the_environment_and_checked() -> None:
    env = {
        "DIMOS_SMS_URL": "https://sms.example.gr/send",
        "DIMOS_SMS_METHOD": "get",
        "DIMOS_SMS_AUTH_HEADER": "X-Api-Key: abc",
        "DIMOS_SMS_CONTENT_TYPE": "JSON",
        "DIMOS_SMS_BODY_TEMPLATE": '{"to": "{to}", "text": "{text}"}',
        "DIMOS_SMS_SENDER": "DLARISAS",
        "DIMOS_SMS_TIMEOUT_SECONDS": "7",
    }
    config = Config.from_env(env)
    assert (config.sms_method, config.sms_content_type, config.sms_timeout_seconds) == ("GET", "json", 7)
    assert config.sms_enabled and not Config.from_env({}).sms_enabled
    refused = {
        "DIMOS_SMS_METHOD": "PUT",
        "DIMOS_SMS_CONTENT_TYPE": "xml",
        "DIMOS_SMS_AUTH_HEADER": "Bearer abc",
        "DIMOS_SMS_BODY_TEMPLATE": "number={to}",
        "DIMOS_SMS_SENDER": "MUNICIPALITY-OF-LARISSA",
        "DIMOS_SMS_URL": "ftp://sms.example.gr",
        "DIMOS_SMS_TIMEOUT_SECONDS": "0",
    }
    for name, value in refused.items():
        with pytest.raises(ConfigError, match=name):
            Config.from_env({**env, name: value})
    production = {
        "DIMOS_ENV": "production",
        "DIMOS_SECRET_KEY": "s" * 40,
        "DIMOS_CITIZEN_AUTH": "taxisnet",
        "DIMOS_TAXISNET_CLIENT_ID": "id",
        "DIMOS_TAXISNET_CLIENT_SECRET": "secret",
        "DIMOS_JITSI_URL": "https://meet.dimos.gr",
        "DIMOS_SMTP_URL": "smtp://mail.dimos.gr",
    }
    with pytest.raises(ConfigError, match="https"):
        Config.from_env({**production, "DIMOS_SMS_URL": "http://sms.example.gr/send"})
    assert Config.from_env({**production, "DIMOS_SMS_URL": "http://127.0.0.1:9000/send"}).sms_enabled


# ---------------------------------------------------------------- confirmation and reminder jobs
def test_a_booking_with_sms_gets_one_confirmation_sms_and_its_e_mail_apart(
    world: World, gateway: SmsTestGateway, client: FlaskClient
) -> None:
    booking = _book_with_sms(world)
    assert [(kind, status) for kind, status, _ in _outbox(world)] == [
        ("email.confirmation", "pending"),
        ("sms.confirmation", "pending"),
    ]
    sent_before = metrics.SMS_SENT.labels(encoding="gsm7")._value.get()
    runner = JobRunner.build(world.rt)
    runner.run_once()
    runner.run_once()
    [sms] = gateway.sent
    assert sms.values["to"] == MOBILE and sms.values["from"] == "DLARISAS"
    text = sms.values["text"]
    assert is_gsm7(text) and len(text) <= 160
    assert text.startswith("EΠIBEBAIΩΣH PANTEBOY: TET 2/12 09:00, AITHΣH ΓIA METAΔHMOTEYΣH, KΩΔ. ")
    assert booking.reference in text
    assert _mails(world) == 1 and [s for _, s, _ in _outbox(world)] == ["done", "done"]
    assert metrics.SMS_SENT.labels(encoding="gsm7")._value.get() == sent_before + 1
    # The short link opens the booking's page, like the e-mail's link.
    link = re.search(r"http://dimos\.test(/m/[0-9A-Z]{18})$", text)
    assert link is not None, text
    opened = client.get(link.group(1))
    assert opened.status_code == 302 and f"/manage/{booking.reference}?token=" in opened.headers["Location"]
    page = client.get(opened.headers["Location"])
    assert page.status_code == 200 and booking.reference in page.get_data(as_text=True)


def test_a_booking_without_sms_sends_none(world: World, gateway: SmsTestGateway) -> None:
    create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    )
    JobRunner.build(world.rt).run_once()
    assert gateway.requests == [] and [k for k, _, _ in _outbox(world)] == ["email.confirmation"]


def test_a_caller_without_e_mail_gets_the_sms_only(world: World, gateway: SmsTestGateway) -> None:
    _book_with_sms(world, email="")
    JobRunner.build(world.rt).run_once()
    assert len(gateway.sent) == 1 and _mails(world) == 0
    assert [k for k, _, _ in _outbox(world)] == ["sms.confirmation"]


def test_the_reminder_sms_goes_the_day_before_once_and_of_the_new_time_after_a_move(
    world: World, gateway: SmsTestGateway
) -> None:
    rt = world.rt
    booking = _book_with_sms(world, day=3, hour=9)  # Thursday, booked on Tuesday
    runner = JobRunner.build(rt)
    runner.run_once()
    assert len(gateway.sent) == 1  # the confirmation
    rt.bookings.clock.advance(days=1, hours=2)  # type: ignore[attr-defined]  # Wednesday 10:00
    assert runner.schedule_reminders() == 2  # the e-mail's and the SMS's, each a job of its own
    assert runner.schedule_reminders() == 0
    runner.run_once()
    runner.run_once()
    reminder = gateway.sent[-1].values["text"]
    assert len(gateway.sent) == 2 and reminder.startswith("YΠENΘYMIΣH PANTEBOY: ΠEM 3/12 09:00, ")
    assert booking.reference in reminder and len(reminder) <= 160 and is_gsm7(reminder)
    # Moved to another hour of tomorrow: one more reminder, of the new time and with a new short link.
    rt.bookings.reschedule(booking.reference, athens(3, 12), Actor.citizen())
    assert runner.schedule_reminders() == 2
    runner.run_once()
    moved = gateway.sent[-1].values["text"]
    assert len(gateway.sent) == 3 and "ΠEM 3/12 12:00" in moved
    assert moved.rsplit("/m/", 1)[1] != reminder.rsplit("/m/", 1)[1]
    assert [(j.kind, j.payload, j.status) for j in _sms_jobs(world)] == [
        ("sms.confirmation", {}, "done"),
        ("sms.reminder", {"sequence": 0}, "done"),
        ("sms.reminder", {"sequence": 1}, "done"),
    ]


def test_a_gateway_down_is_retried_with_backoff_and_the_sms_goes_once(
    world: World, gateway: SmsTestGateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    gateway.fail_next(503, count=2, body=f"overloaded, try {MOBILE} later")
    _book_with_sms(world)
    runner = JobRunner.build(world.rt)
    runner.run_once()
    [job] = _sms_jobs(world)
    assert job.status == "pending" and job.attempts == 1 and "HTTP 503" in job.last_error
    assert DIGITS not in job.last_error and _mails(world) == 1
    runner.run_once()  # not due yet: no second request
    assert len(gateway.requests) == 1
    world.rt.bookings.clock.advance(seconds=31)  # type: ignore[attr-defined]
    runner.run_once()
    assert len(gateway.requests) == 2 and _sms_jobs(world)[0].attempts == 2
    world.rt.bookings.clock.advance(minutes=1, seconds=1)  # type: ignore[attr-defined]
    runner.run_once()
    world.rt.bookings.clock.advance(hours=3)  # type: ignore[attr-defined]
    runner.run_once()
    assert len(gateway.requests) == 3 and len(gateway.sent) == 1
    [job] = _sms_jobs(world)
    assert job.status == "done" and job.attempts == 3
    assert _mails(world) == 1  # the e-mail went once, at the first pass
    assert not [r for r in caplog.records if DIGITS in r.getMessage()]  # no number in any log line
    assert any("sms.confirmation sent, gsm7" in r.getMessage() for r in caplog.records)


def test_a_refusal_fails_the_sms_at_once_and_it_is_never_tried_again(
    world: World, gateway: SmsTestGateway
) -> None:
    gateway.fail_next(400, body=f'{{"error": "invalid destination {MOBILE}"}}')
    _book_with_sms(world)
    runner = JobRunner.build(world.rt)
    runner.run_once()
    [job] = _sms_jobs(world)
    assert job.status == "failed" and job.attempts == 1
    assert "HTTP 400" in job.last_error and "<number>" in job.last_error and DIGITS not in job.last_error
    world.rt.bookings.clock.advance(hours=5)  # type: ignore[attr-defined]
    runner.run_once()
    assert len(gateway.requests) == 1 and _sms_jobs(world)[0].status == "failed"
    assert [s for k, s, _ in _outbox(world) if k == "email.confirmation"] == ["done"]


def test_a_confirmation_sms_still_queued_when_the_booking_is_cancelled_is_dropped(
    world: World, gateway: SmsTestGateway
) -> None:
    booking = _book_with_sms(world)
    world.rt.bookings.cancel(booking.reference, Actor.citizen())
    JobRunner.build(world.rt).run_once()
    assert gateway.requests == []


def test_an_sms_queued_when_the_gateway_is_no_longer_configured_fails_with_the_reason(
    world: World, gateway: SmsTestGateway
) -> None:
    _book_with_sms(world)
    world.rt.config.sms_url = ""
    JobRunner.build(world.rt).run_once()
    [job] = _sms_jobs(world)
    assert job.status == "failed" and "DIMOS_SMS_URL" in job.last_error


def test_a_teleconference_sms_does_not_wait_for_the_meeting_and_says_so(
    world: World, gateway: SmsTestGateway
) -> None:
    booking = create_booking(
        world.rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(2, 9),
        mode=Mode.TELECONFERENCE,
        mobile=MOBILE,
    ).booking
    JobRunner.build(world.rt).run_once()
    [sms] = gateway.sent
    assert "THΛEΔIAΣKEΨH" in sms.values["text"] and booking.reference in sms.values["text"]


def test_retention_forgets_the_mobile_and_the_opt_in(world: World, gateway: SmsTestGateway) -> None:
    booking = _book_with_sms(world)
    JobRunner.build(world.rt).run_once()
    world.rt.bookings.clock.advance(days=200)  # type: ignore[attr-defined]
    retention.purge(world.rt.bookings, retention_days=180)
    with world.rt.store.read() as session:
        kept = session.get(Booking, booking.id)
        assert kept is not None and kept.anonymised_at is not None
        assert kept.citizen_mobile == "" and kept.sms_opt_in is False
    assert _sms_jobs(world) == []


def test_a_short_link_that_is_wrong_or_outdated_opens_nothing(world: World, client: FlaskClient) -> None:
    booking = _book_with_sms(world)
    tokens = world.rt.manage_tokens
    code = tokens.short(booking.reference, booking.link_version)
    assert client.get(f"/m/{code.lower()}").status_code == 302  # retyped in small letters: still works
    tampered = code[:-1] + ("2" if code[-1] != "2" else "3")
    for wrong in (tampered, "ZZZZZZZZ" + code[8:], code[:10], "x" * 100):
        assert client.get(f"/m/{wrong}").status_code == 404
    world.rt.bookings.reschedule(booking.reference, athens(2, 11), Actor.citizen())
    assert client.get(f"/m/{code}").status_code == 404  # a move kills the old links


# ---------------------------------------------------------------- the API's opt-in
def _body(**citizen: Any) -> dict[str, Any]:
    return booking_body(0, athens(2, 9)) | {"citizen": booking_body(0, athens(2, 9))["citizen"] | citizen}


def test_the_api_takes_the_opt_in_stores_e164_and_shows_it(
    world: World, gateway: SmsTestGateway, client: FlaskClient
) -> None:
    sid = world.service("transfer-of-registration")
    body = _body(mobile="694 123 4567", sms_opt_in=True) | {"service_id": sid}
    made = book(client, 201, body)
    assert made["citizen"]["mobile"] == MOBILE and made["citizen"]["sms_opt_in"] is True
    # Opted in without a mobile: the phone, when it is a mobile.
    other = _body(sms_opt_in=True, email="citizen2@example.org", phone="+44 7911 123456")
    other |= {"service_id": sid, "start": athens(2, 10).isoformat()}
    assert book(client, 201, other)["citizen"]["mobile"] == "+447911123456"
    plain = _body(email="citizen3@example.org") | {"service_id": sid, "start": athens(2, 11).isoformat()}
    assert book(client, 201, plain)["citizen"] == {
        "name": "Πολίτης 1",
        "email": "citizen3@example.org",
        "phone": "+306941234567",
        "mobile": None,
        "sms_opt_in": False,
    }
    JobRunner.build(world.rt).run_once()
    assert sorted(r.values["to"] for r in gateway.sent) == ["+306941234567", "+447911123456"]
    staff = call(
        client, "GET", f"/api/v1/bookings/{made['reference']}", 200, headers=login(client, "supervisor")
    )
    assert staff["citizen"]["mobile"] == MOBILE


@pytest.mark.parametrize(
    ("citizen", "field", "greek"),
    [
        ({"mobile": "12345", "sms_opt_in": True}, "citizen.mobile", "μη έγκυρος αριθμός κινητού"),
        ({"mobile": "2410 123456", "sms_opt_in": True}, "citizen.mobile", "δεν είναι αριθμός κινητού"),
        (
            {"sms_opt_in": True, "phone": "2410123456"},
            "citizen.mobile",
            "το τηλέφωνο που δώσατε δεν είναι κινητό",
        ),
        ({"mobile": DIGITS}, "citizen.mobile", "Μόνο μαζί με την επιλογή SMS"),
        ({"sms_opt_in": "yes"}, "citizen.sms_opt_in", "«ναι» ή «όχι»"),
    ],
)
def test_the_api_refuses_a_bad_choice_of_sms_in_greek(
    world: World,
    gateway: SmsTestGateway,
    client: FlaskClient,
    citizen: dict[str, Any],
    field: str,
    greek: str,
) -> None:
    body = _body(**citizen) | {"service_id": world.service("transfer-of-registration")}
    refused = book(client, 422, body, headers={"Accept-Language": "el"})
    assert refused["message"] == "Κάποια πεδία δεν είναι έγκυρα." and greek in refused["fields"][field]
    english = book(client, 422, body)
    assert english["fields"][field] != refused["fields"][field]
    with world.rt.store.read() as session:
        assert session.scalar(select(Booking.id)) is None


def test_the_api_refuses_the_opt_in_when_no_gateway_is_configured(world: World, client: FlaskClient) -> None:
    body = _body(sms_opt_in=True) | {"service_id": world.service("transfer-of-registration")}
    refused = book(client, 422, body, headers={"Accept-Language": "el"})
    assert refused["fields"] == {"citizen.sms_opt_in": "Η υπηρεσία δεν προσφέρει αποστολή SMS."}
    assert book(client, 201, _body() | {"service_id": world.service("transfer-of-registration")})


def test_a_hold_confirmed_with_the_choice_of_sms_sends_it(
    world: World, gateway: SmsTestGateway, client: FlaskClient
) -> None:
    body = _body() | {"service_id": world.service("transfer-of-registration"), "hold": True}
    held = book(client, 201, body)
    confirm = {"citizen": body["citizen"] | {"sms_opt_in": True}}
    url = f"/api/v1/bookings/{held['reference']}/confirm"
    done = call(client, "POST", url, 200, json=confirm, headers={"X-Manage-Token": held["manage_token"]})
    assert done["citizen"]["mobile"] == MOBILE
    JobRunner.build(world.rt).run_once()
    assert len(gateway.sent) == 1 and held["reference"] in gateway.sent[0].values["text"]


# ---------------------------------------------------------------- the form's opt-in
def _details(client: FlaskClient, world: World) -> str:
    sign_in(client, world)
    hold_a_time(client, world)
    return client.get("/book/details").get_data(as_text=True)


def test_the_form_offers_sms_only_with_a_gateway(world: World, client: FlaskClient) -> None:
    assert "Θέλω υπενθύμιση με SMS" not in _details(client, world)
    world.rt.config.sms_url = "http://127.0.0.1:1/send"
    assert "Θέλω υπενθύμιση με SMS" in client.get("/book/details").get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"sms_opt_in": "yes", "sms_mobile": "12345"},
            "sms_mobile",
            "Ο αριθμός για τα SMS δεν είναι έγκυρος",
        ),
        ({"sms_opt_in": "yes", "sms_mobile": "2410 123456"}, "sms_mobile", "είναι σταθερό"),
        ({"sms_opt_in": "yes", "phone": "2410123456"}, "sms_mobile", "ο αριθμός παραπάνω δεν είναι κινητό"),
        ({"sms_mobile": "6941234567"}, "sms_opt_in", "Επιλέξτε «Θέλω υπενθύμιση με SMS»"),
    ],
)
def test_the_form_refuses_a_bad_choice_of_sms_and_keeps_what_was_typed(
    world: World,
    gateway: SmsTestGateway,
    client: FlaskClient,
    typed: dict[str, str],
    field: str,
    message: str,
) -> None:
    page = _details(client, world)
    refused = client.post("/book/details", data=details_form(page, extra="Γεώργιος") | typed)
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 422 and message in shown
    assert f'<a href="#{field}">' in shown and f'id="{field}"' in shown and 'aria-invalid="true"' in shown
    if "sms_mobile" in typed:
        assert f'value="{typed["sms_mobile"]}"' in shown
    with world.rt.store.read() as session:
        assert session.scalar(select(Booking.status)) == "held"


def test_the_form_books_with_sms_to_the_mobile_typed_or_the_phone_above(
    world: World, gateway: SmsTestGateway, client: FlaskClient
) -> None:
    page = _details(client, world)
    form = details_form(page, extra="Γεώργιος") | {"sms_opt_in": "yes", "sms_mobile": "+30 697 000 0000"}
    done = client.post("/book/details", data=form, follow_redirects=True)
    assert done.status_code == 200
    with world.rt.store.read() as session:
        booking = session.scalars(select(Booking)).one()
        assert (booking.citizen_mobile, booking.sms_opt_in, booking.status) == (
            "+306970000000",
            True,
            "confirmed",
        )
        assert booking.citizen_phone == MOBILE
    JobRunner.build(world.rt).run_once()
    [sms] = gateway.sent
    assert sms.values["to"] == "+306970000000" and booking.reference in sms.values["text"]
    # Another booking: the box ticked, no mobile typed: the phone given above.
    page = client.get(f"/book/larissa/s/{world.service('cohabitation-agreement')}/in_person?day=2026-12-03")
    page_text = page.get_data(as_text=True)
    start = re.search(r'name="start" value="([^"]+)"', page_text)
    assert start is not None
    path = f"/book/larissa/s/{world.service('cohabitation-agreement')}/in_person/hold"
    held = client.post(
        path, data={"start": start.group(1), "day": "2026-12-03", "csrf_token": csrf_of(page_text)}
    )
    assert held.status_code == 302
    details = client.get("/book/details").get_data(as_text=True)
    form = details_form(details, extra="Γεώργιος") | {"sms_opt_in": "yes"}
    assert client.post("/book/details", data=form).status_code == 302
    with world.rt.store.read() as session:
        mobiles = sorted(session.scalars(select(Booking.citizen_mobile)))
    assert mobiles == ["+306941234567", "+306970000000"]


def test_a_timely_reminder_is_not_confused_by_bookings_without_any_channel(world: World) -> None:
    """A booking with neither an address nor an opt-in (a caller) gets no reminder job at all."""
    create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(3, 9),
        email="",
    )
    runner = JobRunner.build(world.rt)
    world.rt.bookings.clock.advance(days=1, hours=2)  # type: ignore[attr-defined]
    assert runner.schedule_reminders() == 0
