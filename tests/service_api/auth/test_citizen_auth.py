"""Citizen sign-in: the TAXISnet code flow against a fake GSIS, single-use states, e-mail codes, audit."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import func, select

from service_api.auth.email_code import (
    MAX_ATTEMPTS,
    PER_ADDRESS,
    PER_ADDRESS_AND_CLIENT,
    PER_CLIENT,
    CodeLimit,
    CodeNotSent,
    CodeRefused,
    request_code,
    verify_code,
)
from service_api.auth.models import CitizenEmailCode, CitizenLoginAudit, CitizenLoginState
from service_api.auth.taxisnet import (
    LoginStateError,
    TaxisnetClient,
    TaxisnetError,
    TaxisnetIdentity,
    finish_login,
    parse_userinfo,
    record_login,
    start_login,
)
from service_api.notifications.mailer import Mailer
from service_api.runtime import Runtime
from service_api.security import afm_hash
from tests.helpers.clock import Clock
from tests.helpers.gsis_server import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, GsisTestServer
from tests.helpers.smtp import Inbox

VAVOULAS = TaxisnetIdentity(
    taxid="068933130",
    lastname="ΒΑΒΟΥΛΑΣ",
    firstname="ΕΜΜΑΝΟΥΗΛ",
    fathername="ΕΥΣΤΡΑΤΙΟΣ",
    mothername="ΑΝΝΑ",
    birthyear=1950,
)


@pytest.fixture
def gsis() -> Iterator[GsisTestServer]:
    with GsisTestServer() as server:
        yield server


@pytest.fixture
def client(gsis: GsisTestServer) -> TaxisnetClient:
    return TaxisnetClient(gsis.url, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, timeout=5)


def browser_authorize(url: str, user: str | None = None) -> dict[str, str]:
    """What the citizen's browser does: open the authorize URL, sign in, follow the 302 back to us."""
    if user:
        url += f"&user={user}"
    response = requests.get(url, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?")
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def now_of(rt: Runtime) -> Clock:
    clock = rt.bookings.clock
    assert isinstance(clock, Clock)
    return clock


# --------------------------------------------------------------------------- TAXISnet code flow


def test_full_code_flow_gives_the_trimmed_identity(rt: Runtime, client: TaxisnetClient) -> None:
    state = start_login(rt.store, return_to="/m/larissa?step=2")
    callback = browser_authorize(client.authorize_url(state))
    assert callback["state"] == state
    assert finish_login(rt.store, callback["state"]) == "/m/larissa?step=2"
    identity = client.userinfo(client.exchange(callback["code"]))
    assert identity == VAVOULAS


def test_authorize_and_logout_urls_follow_the_documented_protocol(client: TaxisnetClient) -> None:
    split = urlsplit(client.authorize_url("abc"))
    assert split.path == "/oauth2server/oauth/authorize"
    assert parse_qs(split.query) == {
        "client_id": [CLIENT_ID],
        "redirect_uri": [REDIRECT_URI],
        "response_type": ["code"],
        "scope": ["read"],
        "state": ["abc"],
    }
    logout = client.logout_url("http://dimos.test/")
    assert logout.endswith(f"/oauth2server/logout/{CLIENT_ID}/?url=http%3A%2F%2Fdimos.test%2F")
    response = requests.get(logout, allow_redirects=False, timeout=5)
    assert response.status_code == 302 and response.headers["Location"] == "http://dimos.test/"


def test_another_registered_citizen_signs_in(gsis: GsisTestServer, client: TaxisnetClient) -> None:
    gsis.add_user(taxid="123456783", lastname="ΠΑΠΑΔΟΠΟΥΛΟΥ", firstname="ΜΑΡΙΑ", birthyear="")
    callback = browser_authorize(client.authorize_url("s"), user="123456783")
    identity = client.userinfo(client.exchange(callback["code"]))
    assert (identity.taxid, identity.lastname, identity.firstname, identity.birthyear) == (
        "123456783",
        "ΠΑΠΑΔΟΠΟΥΛΟΥ",
        "ΜΑΡΙΑ",
        None,
    )


def test_unknown_replayed_or_expired_state_is_refused(rt: Runtime) -> None:
    clock = now_of(rt)
    with pytest.raises(LoginStateError, match="unknown"):
        finish_login(rt.store, "not-a-state-we-issued", now=clock())
    with pytest.raises(LoginStateError, match="missing"):
        finish_login(rt.store, "", now=clock())

    state = start_login(rt.store, return_to="/", now=clock())
    assert finish_login(rt.store, state, now=clock()) == "/"
    with pytest.raises(LoginStateError, match="already used"):
        finish_login(rt.store, state, now=clock())

    late = start_login(rt.store, return_to="/", now=clock())
    clock.advance(minutes=10)
    with pytest.raises(LoginStateError, match="expired"):
        finish_login(rt.store, late, now=clock())

    with rt.store.read() as session:
        stored = session.scalars(select(CitizenLoginState.state_hash)).all()
    assert len(stored) == 2 and state not in stored and late not in stored  # only hashes are kept


def test_racing_callbacks_consume_a_state_exactly_once(rt: Runtime) -> None:
    """A double-clicked or replayed callback arriving at once: the row lock lets only one through."""
    state = start_login(rt.store, return_to="/")
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def callback() -> None:
        barrier.wait()
        try:
            outcomes.append(finish_login(rt.store, state))
        except LoginStateError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=callback) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["/"] + ["sign-in state already used"] * 5


def test_states_are_swept_a_day_after_they_expire(rt: Runtime) -> None:
    clock = now_of(rt)
    start_login(rt.store, return_to="/", now=clock())
    clock.advance(days=1, minutes=11)
    start_login(rt.store, return_to="/", now=clock())
    with rt.store.read() as session:
        assert len(session.scalars(select(CitizenLoginState)).all()) == 1


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "", "/a\nb"]
)
def test_return_to_must_be_a_local_path(rt: Runtime, target: str) -> None:
    with pytest.raises(ValueError, match="local path"):
        start_login(rt.store, return_to=target)


def test_a_code_cannot_be_used_twice(client: TaxisnetClient) -> None:
    code = browser_authorize(client.authorize_url("s"))["code"]
    client.exchange(code)
    with pytest.raises(TaxisnetError, match="invalid_grant") as caught:
        client.exchange(code)
    assert code not in str(caught.value)  # GSIS quotes the code in its description; we do not


def test_an_expired_code_is_refused(gsis: GsisTestServer, client: TaxisnetClient) -> None:
    code = browser_authorize(client.authorize_url("s"))["code"]
    gsis.expire_codes()
    with pytest.raises(TaxisnetError, match="invalid_grant"):
        client.exchange(code)


def test_a_code_issued_for_another_redirect_uri_is_refused(
    gsis: GsisTestServer, client: TaxisnetClient
) -> None:
    other = "http://dimos.test/other/callback"
    gsis.redirect_uris.add(other)
    code = browser_authorize(client.authorize_url("s"))["code"]
    with pytest.raises(TaxisnetError, match="invalid_grant"):
        TaxisnetClient(gsis.url, CLIENT_ID, CLIENT_SECRET, other).exchange(code)


def test_unregistered_redirect_uri_gets_no_redirect(gsis: GsisTestServer) -> None:
    rogue = TaxisnetClient(gsis.url, CLIENT_ID, CLIENT_SECRET, "https://evil.example/cb")
    response = requests.get(rogue.authorize_url("s"), allow_redirects=False, timeout=5)
    assert response.status_code == 400 and "Location" not in response.headers


def test_wrong_client_secret_fails_without_leaking_it(gsis: GsisTestServer) -> None:
    wrong_secret = "wrong-secret-do-not-print-42"
    bad = TaxisnetClient(gsis.url, CLIENT_ID, wrong_secret, REDIRECT_URI)
    code = browser_authorize(bad.authorize_url("s"))["code"]
    with pytest.raises(TaxisnetError) as caught:
        bad.exchange(code)
    shown = f"{caught.value} {caught.value!r} {bad!r}"
    assert "invalid_client" in shown and "401" in shown
    assert wrong_secret not in shown and CLIENT_SECRET not in shown and code not in shown
    assert gsis.token_requests[-1]["client_secret"] == wrong_secret  # it was really sent, as a form field


def test_unreachable_gsis_is_a_taxisnet_error() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = TaxisnetClient(f"http://127.0.0.1:{port}/oauth2server", CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
    with pytest.raises(TaxisnetError, match="unreachable") as caught:
        client.exchange("some-code")
    assert "some-code" not in str(caught.value) and CLIENT_SECRET not in str(caught.value)
    assert caught.value.__suppress_context__


def test_invalid_bearer_token_is_refused(client: TaxisnetClient) -> None:
    with pytest.raises(TaxisnetError, match="HTTP 401"):
        client.userinfo("not-a-token")


def _signed_in_token(client: TaxisnetClient) -> str:
    return client.exchange(browser_authorize(client.authorize_url("s"))["code"])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<root><userinfo taxid='068933130'", "not well-formed"),
        (b"not xml at all", "not well-formed"),
        (b"<root><error>invalid</error></root>", "no userinfo"),
        (b'<root><userinfo taxid=" 12345678 " lastname="X"/></root>', "9-digit"),
        (b'<root><userinfo taxid="06893313A"/></root>', "9-digit"),
        (b'<root><userinfo taxid="0689331300"/></root>', "9-digit"),
        (b"<root><userinfo lastname='X'/></root>", "9-digit"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<root><userinfo taxid="068933130" lastname="&b;"/></root>',
            "DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<root><userinfo taxid="068933130" lastname="&x;"/></root>',
            "DTD",
        ),
    ],
)
def test_bad_user_info_is_refused(
    gsis: GsisTestServer, client: TaxisnetClient, body: bytes, message: str
) -> None:
    token = _signed_in_token(client)
    gsis.userinfo_body = body
    with pytest.raises(TaxisnetError, match=message):
        client.userinfo(token)


def test_user_info_parsing_trims_and_accepts_a_bare_userinfo_element() -> None:
    body = '<userinfo taxid=" 068933130 " lastname=" ΒΑΒΟΥΛΑΣ " birthyear="1950 "/>'.encode()
    identity = parse_userinfo(body)
    assert (identity.taxid, identity.lastname, identity.firstname, identity.birthyear) == (
        "068933130",
        "ΒΑΒΟΥΛΑΣ",
        "",
        1950,
    )


# --------------------------------------------------------------------------- audit


def test_login_audit_rows_hold_only_keyed_hashes(rt: Runtime) -> None:
    secret = rt.config.secret_key
    record_login(
        rt.store,
        provider="taxisnet",
        outcome="success",
        reason="",
        taxid="068933130",
        ip="192.0.2.7",
        secret=secret,
    )
    record_login(
        rt.store, provider="taxisnet", outcome="failure", reason="sign-in state unknown", secret=secret
    )
    with pytest.raises(ValueError, match="outcome"):
        record_login(rt.store, provider="taxisnet", outcome="maybe", reason="", secret=secret)
    with rt.store.read() as session:
        rows = session.scalars(select(CitizenLoginAudit).order_by(CitizenLoginAudit.id)).all()
    assert [(r.provider, r.outcome, r.reason) for r in rows] == [
        ("taxisnet", "success", ""),
        ("taxisnet", "failure", "sign-in state unknown"),
    ]
    assert rows[0].taxid_hash == afm_hash(secret, "068933130")
    assert rows[0].ip_hash and "192.0.2.7" not in rows[0].ip_hash and len(rows[0].ip_hash) == 64
    assert rows[1].taxid_hash is None and rows[1].ip_hash is None
    assert rows[0].at.tzinfo is not None


def test_the_web_callback_sequence_audits_success_and_a_replay(rt: Runtime, client: TaxisnetClient) -> None:
    """What service_api.web.login does on the callback, including a browser replaying the callback URL."""
    secret = rt.config.secret_key
    state = start_login(rt.store, return_to="/")
    callback = browser_authorize(client.authorize_url(state))
    for _ in range(2):
        try:
            finish_login(rt.store, callback["state"])
            identity = client.userinfo(client.exchange(callback["code"]))
        except TaxisnetError as exc:
            record_login(rt.store, provider="taxisnet", outcome="failure", reason=str(exc), secret=secret)
        else:
            record_login(
                rt.store,
                provider="taxisnet",
                outcome="success",
                reason="",
                taxid=identity.taxid,
                secret=secret,
            )
    with rt.store.read() as session:
        rows = session.scalars(select(CitizenLoginAudit).order_by(CitizenLoginAudit.id)).all()
    assert [(r.outcome, r.reason) for r in rows] == [
        ("success", ""),
        ("failure", "sign-in state already used"),
    ]


# --------------------------------------------------------------------------- e-mail code


def _read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _received(outbox: Path) -> list[EmailMessage]:
    return [_read(path) for path in sorted(outbox.glob("*.eml"))]


def _code_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(r": (\d{6})\n", body.get_content())
    assert found, body.get_content()
    return found.group(1)


def _request(rt: Runtime, address: str, language: str = "el", ip: str | None = None) -> str:
    """Ask for a code and return it as read from the one new .eml file in the outbox."""
    outbox = rt.config.outbox_dir
    before = set(outbox.glob("*.eml"))
    _ask(rt, address, language=language, ip=ip)
    [new] = set(outbox.glob("*.eml")) - before
    return _code_of(_read(new))


def _ask(
    rt: Runtime, address: str, *, language: str = "el", ip: str | None = None, smtp_url: str = ""
) -> None:
    request_code(
        rt.store,
        Mailer(smtp_url, rt.config.outbox_dir),
        email=address,
        secret=rt.config.secret_key,
        now=now_of(rt)(),
        language=language,
        mail_from=rt.config.mail_from,
        ip=ip,
    )


def _verify(rt: Runtime, address: str, code: str) -> bool:
    return verify_code(rt.store, email=address, code=code, secret=rt.config.secret_key, now=now_of(rt)())


def test_email_code_arrives_by_mail_and_works_once(rt: Runtime) -> None:
    code = _request(rt, "Citizen@Example.gr")
    [message] = _received(rt.config.outbox_dir)
    assert message["Subject"] == "Κωδικός σύνδεσης"
    assert message["To"] == "Citizen@Example.gr" and message["From"] == rt.config.mail_from
    assert message.get_content_type() == "text/plain"
    assert "10 λεπτά" in message.get_content() and "Citizen@Example.gr" in message.get_content()

    assert _verify(rt, "citizen@example.gr ", code)  # same address, any case
    assert not _verify(rt, "citizen@example.gr", code)  # single use
    with rt.store.read() as session:
        stored = session.scalars(select(CitizenEmailCode)).one()
    assert code not in stored.code_hash and "citizen" not in stored.email_hash


def test_racing_verifications_accept_a_code_exactly_once(rt: Runtime) -> None:
    code = _request(rt, "race@example.gr")
    barrier = threading.Barrier(6)
    results: list[bool] = []

    def verify() -> None:
        barrier.wait()
        results.append(_verify(rt, "race@example.gr", code))

    threads = [threading.Thread(target=verify) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False] * 5 + [True]


def test_email_code_in_english(rt: Runtime) -> None:
    _request(rt, "visitor@example.com", language="en")
    [message] = _received(rt.config.outbox_dir)
    assert message["Subject"] == "Your sign-in code"
    assert "valid for 10 minutes" in message.get_content()


def test_a_code_is_only_good_for_its_own_address(rt: Runtime) -> None:
    code = _request(rt, "a@example.gr")
    assert not _verify(rt, "b@example.gr", code)
    assert _verify(rt, "a@example.gr", code)


def test_five_wrong_attempts_lock_the_code(rt: Runtime) -> None:
    code = _request(rt, "guess@example.gr")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(MAX_ATTEMPTS):
        assert not _verify(rt, "guess@example.gr", wrong)
    assert not _verify(rt, "guess@example.gr", code)  # even the right code now
    with rt.store.read() as session:
        assert session.scalars(select(CitizenEmailCode.attempts)).one() == MAX_ATTEMPTS


def test_four_wrong_attempts_still_allow_the_right_code(rt: Runtime) -> None:
    code = _request(rt, "typo@example.gr")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(MAX_ATTEMPTS - 1):
        assert not _verify(rt, "typo@example.gr", wrong)
    assert _verify(rt, "typo@example.gr", code)


def test_malformed_codes_are_refused_without_counting(rt: Runtime) -> None:
    code = _request(rt, "form@example.gr")
    for bad in ["", "12345", "1234567", "abcdef", "12 456"]:
        assert not _verify(rt, "form@example.gr", bad)
    assert _verify(rt, "form@example.gr", f" {code} ")


def test_email_code_expires_after_ten_minutes(rt: Runtime) -> None:
    clock = now_of(rt)
    code = _request(rt, "slow@example.gr")
    clock.advance(minutes=9, seconds=59)
    fresh = _request(rt, "slow2@example.gr")
    clock.advance(seconds=1)
    assert not _verify(rt, "slow@example.gr", code)
    assert _verify(rt, "slow2@example.gr", fresh)


def test_asking_again_does_not_void_the_code_being_typed(rt: Runtime) -> None:
    # Someone else asking for codes for the citizen's address must not kill the one they are typing.
    first = _request(rt, "twice@example.gr")
    now_of(rt).advance(seconds=30)
    second = _request(rt, "twice@example.gr", ip="203.0.113.9")
    assert _verify(rt, "twice@example.gr", first)
    assert not _verify(rt, "twice@example.gr", second)  # a sign-in uses up every live code


def _refusal(rt: Runtime, address: str, ip: str | None = None) -> CodeRefused:
    with pytest.raises(CodeRefused) as refused:
        _ask(rt, address, ip=ip)
    return refused.value


def test_one_client_uses_up_its_own_allowance_not_the_citizens(rt: Runtime) -> None:
    clock = now_of(rt)
    for _ in range(PER_ADDRESS_AND_CLIENT):
        _request(rt, "flood@example.gr", ip="198.51.100.66")
        clock.advance(minutes=1)
    refused = _refusal(rt, "flood@example.gr", ip="198.51.100.66")
    assert refused.limit is CodeLimit.ADDRESS_AND_CLIENT
    assert refused.retry_after == 55 * 60  # when the first of the five leaves the hour
    assert len(_received(rt.config.outbox_dir)) == PER_ADDRESS_AND_CLIENT  # nothing sent when refused
    # The citizen, from their own connection, still gets a code that works.
    code = _request(rt, "flood@example.gr", ip="192.0.2.10")
    assert _verify(rt, "flood@example.gr", code)
    clock.advance(hours=1)
    _request(rt, "flood@example.gr", ip="198.51.100.66")


def test_an_address_has_a_ceiling_from_everywhere_and_a_client_one_across_addresses(rt: Runtime) -> None:
    for n in range(PER_ADDRESS):
        _ask(rt, "inbox@example.gr", ip=f"198.51.100.{n // PER_ADDRESS_AND_CLIENT}")
    assert _refusal(rt, "inbox@example.gr", ip="192.0.2.77").limit is CodeLimit.ADDRESS
    for n in range(PER_CLIENT):
        _ask(rt, f"many{n}@example.gr", ip="203.0.113.5")
    assert _refusal(rt, "one-more@example.gr", ip="203.0.113.5").limit is CodeLimit.CLIENT


def test_a_code_the_mail_server_did_not_take_is_neither_kept_nor_counted(
    rt: Runtime, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    with socket.socket() as probe:  # a port nothing listens on: the mail server is down
        probe.bind(("127.0.0.1", 0))
        down = f"smtp://127.0.0.1:{probe.getsockname()[1]}"
    for _ in range(PER_ADDRESS_AND_CLIENT + 2):
        with pytest.raises(CodeNotSent):
            _ask(rt, "patient@example.gr", smtp_url=down)
    with rt.store.read() as session:
        assert session.scalar(select(func.count()).select_from(CitizenEmailCode)) == 0
    _ask(rt, "patient@example.gr", smtp_url=f"smtp://127.0.0.1:{port}")  # back up: not refused
    [message] = inbox.messages
    assert message["To"] == "patient@example.gr"


def test_email_code_attempts_are_audited(rt: Runtime) -> None:
    code = _request(rt, "audit@example.gr")
    assert not _verify(rt, "audit@example.gr", "000000" if code != "000000" else "111111")
    assert _verify(rt, "audit@example.gr", code)
    assert not _verify(rt, "nobody@example.gr", code)
    now_of(rt).advance(minutes=11)
    with rt.store.read() as session:
        rows = session.scalars(select(CitizenLoginAudit).order_by(CitizenLoginAudit.id)).all()
    assert [(r.provider, r.outcome, r.reason) for r in rows] == [
        ("email-code", "failure", "wrong code"),
        ("email-code", "success", ""),
        ("email-code", "failure", "no live code"),
    ]
    assert all(r.at == now_of(rt)() - timedelta(minutes=11) for r in rows)
