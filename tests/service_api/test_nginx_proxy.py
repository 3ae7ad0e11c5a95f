"""The shipped nginx site (deploy/nginx/dimos.conf) in front of a real `service-api serve`, over TLS.

nginx runs as this user in the foreground with its own prefix, logs and temp dirs; only the values
the site file marks "EDIT:" (ports, paths, the server name) are substituted, every other line is
tested as shipped. The service runs with DIMOS_TRUSTED_PROXIES=1 as docs/deploy.md says, in
development mode so that the Secure cookie checked here comes from the proxy's X-Forwarded-Proto
(production marks every cookie Secure anyway). Different clients are different loopback source
addresses (127.0.0.2, 127.0.0.3), so nginx's $remote_addr really differs between them.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from service_api.api.changes import MAX_WAIT_SECONDS
from tests.helpers.world import PASSWORD, World

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "dimos.conf"
STATIC = ROOT / "service_api" / "static"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(p, os.X_OK)), None
)

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (apt-get install nginx); .ci/run installs it"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def render_site(*, app_port: int, http_port: int, https_port: int, tmp: Path, cert: Path, key: Path) -> str:
    """The shipped site with only its "EDIT:" values replaced; each must be found exactly as shipped."""
    text = SITE.read_text()
    text = "\n".join(line for line in text.splitlines() if "listen [::]" not in line)  # no IPv6 here
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server_name dimos.example.gr;": "server_name localhost;",
        "/etc/letsencrypt/live/dimos.example.gr/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/dimos.example.gr/privkey.pem": str(key),
        "/var/www/letsencrypt": str(tmp / "acme"),
        "/var/log/nginx/": f"{tmp}/",
        "/opt/dimos/src/service_api/static/": f"{STATIC}/",
    }
    for shipped, local in replacements.items():
        assert shipped in text, f"{shipped!r} no longer in {SITE.name}: update this test and docs/deploy.md"
        text = text.replace(shipped, local)
    return text


def _main_conf(prefix: Path, site: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf provides, reduced to a user's own directories."""
    # As root, nginx's workers would become "nobody", who cannot write pytest's private temp dirs.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
error_log {prefix}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def _wait_until(ok: Any, what: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if ok():
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # not listening yet (gunicorn's workers start slowly on a busy machine)
        assert time.monotonic() < deadline, f"{what} did not start:\n{log.read_text()}"
        time.sleep(0.2)


class FromAddress(HTTPAdapter):
    """Connect from a given loopback address: to nginx, a different client."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


@dataclass
class Proxy:
    https: str
    http: str
    app: str
    cert: Path
    log: Path  # the site's access log
    error_log: Path  # the site's error log
    app_log: Path  # what `serve` printed: gunicorn's access log too (DIMOS_ENV=development)
    serve: subprocess.Popen[bytes]  # the service behind the proxy
    lines_before: int = 0

    def logged_after(self, requests_made: int) -> str:
        """The access log once it holds this many more lines: nginx writes a line after the answer is sent."""
        deadline = time.monotonic() + 10
        while True:
            text = self.log.read_text()
            if text.count("\n") >= self.lines_before + requests_made or time.monotonic() > deadline:
                return text
            time.sleep(0.05)

    def mark(self) -> None:
        """Count the log's lines now, so logged_after can wait for the requests that follow."""
        self.lines_before = self.log.read_text().count("\n")

    def client(self, address: str = "127.0.0.1") -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # no REQUESTS_CA_BUNDLE over our certificate, no HTTP proxy
        session.verify = str(self.cert)
        session.mount("https://", FromAddress(address))
        session.mount("http://", FromAddress(address))
        return session


@pytest.fixture
def proxy(world: World, tmp_path: Path) -> Iterator[Proxy]:
    app_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    env = {
        **os.environ,
        "DIMOS_ENV": "development",
        "DIMOS_DATABASE_URL": world.rt.config.database_url,
        "DIMOS_SECRET_KEY": world.rt.config.secret_key,
        "DIMOS_OUTBOX_DIR": str(tmp_path / "mail"),
        "DIMOS_PUBLIC_URL": f"https://localhost:{https_port}",
        "DIMOS_TRUSTED_PROXIES": "1",
        "DIMOS_RATELIMIT_ENABLED": "1",
    }
    app_log = tmp_path / "serve.log"
    serve = subprocess.Popen(
        [sys.executable, "-m", "service_api.cli", "serve", "--port", str(app_port)],
        env=env,
        stdout=app_log.open("w"),
        stderr=subprocess.STDOUT,
    )
    prefix = tmp_path / "nginx"
    for sub in ("acme", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True)
    cert, key = _self_signed(tmp_path)
    site = prefix / "dimos.conf"
    site.write_text(
        render_site(
            app_port=app_port, http_port=http_port, https_port=https_port, tmp=prefix, cert=cert, key=key
        )
    )
    conf = prefix / "nginx.conf"
    conf.write_text(_main_conf(prefix, site))
    assert NGINX is not None
    nginx_log = prefix / "error.log"
    nginx_log.touch()
    nginx = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(conf), "-g", f"daemon off; pid {prefix}/nginx.pid;"],
        stdout=(prefix / "stdout.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        app = f"http://127.0.0.1:{app_port}"
        _wait_until(lambda: requests.get(f"{app}/healthz", timeout=2).status_code == 200, "serve", app_log)
        https = f"https://127.0.0.1:{https_port}"
        _wait_until(
            lambda: requests.get(f"{https}/healthz", timeout=2, verify=str(cert)).status_code == 200,
            "nginx",
            prefix / "stdout.log",
            seconds=20,
        )
        yield Proxy(
            https=https,
            http=f"http://127.0.0.1:{http_port}",
            app=app,
            cert=cert,
            log=prefix / "dimos.access.log",
            error_log=prefix / "dimos.error.log",
            app_log=app_log,
            serve=serve,
        )
    finally:
        nginx.terminate()
        serve.terminate()
        nginx.wait(timeout=10)
        serve.wait(timeout=30)


def check_citizen_pages_and_static_files_over_https_with_hsts(world: World, proxy: Proxy) -> None:
    browser = proxy.client()
    start = browser.get(f"{proxy.https}/", timeout=10)
    assert start.status_code == 200 and "text/html" in start.headers["Content-Type"]
    assert start.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # The service answers with nginx's own request id (not one a client chose), so the proxy's log line
    # and the service's match.
    chosen = browser.get(f"{proxy.https}/", headers={"X-Request-Id": "client-chosen-0001"}, timeout=10)
    assert re.fullmatch(r"[0-9a-f]{32}", chosen.headers["X-Request-Id"]), chosen.headers["X-Request-Id"]
    service = browser.get(f"{proxy.https}/services/{world.service('cohabitation-agreement')}", timeout=10)
    assert service.status_code == 200 and "Σύμφωνο Συμβίωσης" in service.text
    # nginx serves the stylesheet from the tree itself (with its cache header), also under HSTS.
    css = browser.get(f"{proxy.https}/static/form.css", timeout=10)
    assert css.status_code == 200 and css.text == (STATIC / "form.css").read_text()
    assert css.headers["Cache-Control"] == "max-age=3600, public"
    assert "Strict-Transport-Security" in css.headers
    # Exactly one HSTS header, even where the service would add its own.
    assert len(start.raw.headers.getlist("Strict-Transport-Security")) == 1


def check_plain_http_is_redirected_to_https(proxy: Proxy) -> None:
    answer = proxy.client().get(f"{proxy.http}/book?x=1", allow_redirects=False, timeout=10)
    assert answer.status_code == 301
    assert answer.headers["Location"] == "https://127.0.0.1/book?x=1"


def check_session_cookie_is_secure_behind_the_proxy(proxy: Proxy) -> None:
    through = proxy.client().get(f"{proxy.https}/", timeout=10)
    cookie = through.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "; Secure" in cookie and "HttpOnly" in cookie
    # The same page fetched past the proxy, in plain HTTP: not Secure, so the flag above is the
    # X-Forwarded-Proto that nginx set, believed because DIMOS_TRUSTED_PROXIES=1.
    past = requests.Session()
    past.trust_env = False
    direct = past.get(f"{proxy.app}/", timeout=10).headers["Set-Cookie"]
    assert direct.startswith("session=") and "Secure" not in direct


def check_staff_sign_in_and_booking(world: World, proxy: Proxy) -> None:
    desk = proxy.client()
    login = desk.post(
        f"{proxy.https}/api/v1/auth/login", json={"username": "clerk_a", "password": PASSWORD}, timeout=10
    )
    assert login.status_code == 200, login.text
    desk.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    sid = world.service("cohabitation-agreement")
    slots = desk.get(f"{proxy.https}/api/v1/services/{sid}/availability?mode=in_person", timeout=10).json()
    start = slots["slots"][0]["start"]
    body = {
        "service_id": sid,
        "mode": "in_person",
        "start": start,
        "citizen": {"name": "Μαρία Παπαδοπούλου", "email": "maria@example.org", "phone": "6941234567"},
    }
    made = desk.post(f"{proxy.https}/api/v1/bookings", json=body, timeout=10)
    assert made.status_code == 201, made.text
    reference = made.json()["reference"]
    read = desk.get(f"{proxy.https}/api/v1/bookings/{reference}", timeout=10)
    assert read.status_code == 200 and read.json()["citizen"]["name"] == "Μαρία Παπαδοπούλου"


def check_citizens_named_in_a_query_stay_out_of_the_log(proxy: Proxy) -> None:
    """The dpo's routes name a citizen in the query (issue 17): the log line keeps only the path."""
    client = proxy.client()
    proxy.mark()
    for path in ("/api/v1/citizens/export?email=zoe.secret@example.org", "/api/v1/access-log?afm=090000045"):
        assert client.get(f"{proxy.https}{path}", timeout=10).status_code == 401
    client.get(f"{proxy.https}/api/v1/municipalities?kept=1", timeout=10)
    logged = proxy.logged_after(3)
    assert "GET /api/v1/citizens/export HTTP" in logged and "GET /api/v1/access-log HTTP" in logged
    assert "zoe.secret" not in logged and "090000045" not in logged
    assert "GET /api/v1/municipalities HTTP" in logged and "kept=1" not in logged  # no query, ever


def check_needs_and_link_tokens_in_a_query_stay_out_of_the_log(world: World, proxy: Proxy) -> None:
    """A citizen's needs (the form, the availability search) and link tokens are logged as the path only."""
    client = proxy.client()
    sid = world.service("cohabitation-agreement")
    paths = {
        f"/book/larissa/s/{sid}/in_person": "needs=sign_language&needs_language=Secretlangone",
        f"/api/v1/services/{sid}/availability": "mode=in_person&needs=interpreter&language=Secretlangtwo",
        "/manage/ABC-1234": "token=secrettokenmanage",
        "/missed/ABC-1234": "lang=el&token=secrettokenmissed",
        "/waitlist/1": "token=secrettokenwaitlist",
        "/co-applicant/ABC-1234/2": "token=secrettokenco",
        "/login/taxisnet/callback": "code=secrettokenoauth&state=secretstate",
    }
    referer = f"{proxy.https}/book/larissa/s/{sid}/in_person?needs=wheelchair&needs_language=Refererlang"
    proxy.mark()
    for path, query in paths.items():
        client.get(f"{proxy.https}{path}?{query}", headers={"Referer": referer}, timeout=10)
    logged = proxy.logged_after(len(paths))
    for path in paths:
        assert f"GET {path} HTTP" in logged, path
    assert f'"{proxy.https}/book/larissa/s/{sid}/in_person"' in logged  # the referrer without its query
    for secret in ("Secretlang", "secrettoken", "secretstate", "Refererlang", "needs="):
        assert secret not in logged, secret


def check_secrets_in_a_path_stay_out_of_the_log(proxy: Proxy) -> None:
    """The connection check, the short manage link, set-password and the calendar feed: route, not secret."""
    client = proxy.client()
    paths = {
        "/t/Secretpathcheck": "/t/[hidden]",
        "/m/Secretpathmanage": "/m/[hidden]",
        "/staff/password/Secretpathpassword": "/staff/password/[hidden]",
        "/ical/Secretpathfeed.ics": "/ical/[hidden].ics",
        # The same routes spelled otherwise (the service serves some of them): nginx's $uri decodes
        # and merges slashes before the log looks.
        "/%74/Secretpathencoded": "/t/[hidden]",
        "//t/Secretpathdouble": "/t/[hidden]",
        "/t/Secretpathtrailing/": "/t/[hidden]",
        "/staff%2Fpassword/Secretpathslash": "/staff/password/[hidden]",
        "/ical/./Secretpathdot.ics": "/ical/[hidden].ics",
    }
    referer = f"{proxy.https}/t/Secretpathreferer?lang=el"
    proxy.mark()
    for path in paths:
        client.get(
            f"{proxy.https}{path}?lang=el", headers={"Referer": referer}, timeout=10, allow_redirects=False
        )
    logged = proxy.logged_after(len(paths))
    for shown in paths.values():
        assert f"GET {shown} HTTP" in logged, shown
    assert f'"{proxy.https}/t/[hidden]"' in logged  # the referrer's secret too
    assert "Secretpath" not in logged
    served = proxy.app_log.read_text()  # gunicorn's own access log hides them the same way
    assert '"GET /t/[hidden] HTTP/1.0"' in served or '"GET /t/[hidden] HTTP/1.1"' in served, served[-2000:]
    assert "Secretpath" not in served and "secrettoken" not in served and "zoe.secret" not in served
    assert "GET /manage/ABC-1234 HTTP" in logged  # other paths are logged as they are


def check_the_error_log_keeps_no_request_line_when_the_service_is_down(proxy: Proxy) -> None:
    """nginx's error lines quote the raw request and referrer (no format can mask them): the site logs
    only critical errors, and the 502 shows in the access log instead."""
    proxy.serve.terminate()
    proxy.serve.wait(timeout=30)
    proxy.mark()
    down = proxy.client().get(
        f"{proxy.https}/manage/ABCD-EFGH?token=Secretdowntoken&email=zoe.down@example.org",
        headers={"Referer": f"{proxy.https}/t/Secretdownreferer?lang=el"},
        timeout=10,
    )
    assert down.status_code == 502
    logged = proxy.logged_after(1)
    assert '"GET /manage/ABCD-EFGH HTTP/1.1" 502' in logged
    errors = proxy.error_log.read_text() if proxy.error_log.exists() else ""
    assert "Secretdown" not in errors and "zoe.down" not in errors and "Secretdown" not in logged


def check_oversize_bodies_are_refused_by_the_service_in_words(proxy: Proxy) -> None:
    """nginx lets a body a little over DIMOS_MAX_REQUEST_BYTES through, so the 413 is the service's own."""
    answer = proxy.client().post(
        f"{proxy.https}/api/v1/bookings",
        data=b"x" * 1_500_000,
        headers={"Content-Type": "application/json"},
        timeout=20,
    )
    assert answer.status_code == 413 and answer.headers["Content-Type"].startswith("application/json")
    assert answer.json()["error"]


def check_rate_limits_per_client_address_despite_a_forged_header(proxy: Proxy) -> None:
    def bad_login(client: requests.Session, **headers: str) -> int:
        return client.post(
            f"{proxy.https}/api/v1/auth/login",
            json={"username": "clerk_a", "password": "wrong"},
            headers=headers,
            timeout=10,
        ).status_code

    first, second = proxy.client("127.0.0.2"), proxy.client("127.0.0.3")
    statuses = [bad_login(first) for _ in range(10)]
    assert statuses == [401] * 10  # sign-in allows 10 a minute per address
    assert bad_login(first) == 429
    # A forged X-Forwarded-For is kept but not believed: nginx appends the real address, the service
    # trusts only that last (one proxy) entry.
    assert bad_login(first, **{"X-Forwarded-For": "203.0.113.9"}) == 429
    # Another address still has its own allowance: the limit is not the proxy's, shared by all.
    assert bad_login(second) == 401


def check_change_feed_long_polls_through_the_proxy(proxy: Proxy) -> None:
    # The service holds a poll up to MAX_WAIT_SECONDS; the shipped site must wait longer for it.
    site = SITE.read_text()
    location = re.search(r"location /api/v1/changes \{(.*?)\}", site, re.S)
    assert location is not None
    timeout = re.search(r"proxy_read_timeout (\d+)s;", location.group(1))
    assert timeout is not None and int(timeout.group(1)) > MAX_WAIT_SECONDS
    assert "proxy_buffering off;" in location.group(1)

    desk = proxy.client()
    token = desk.post(
        f"{proxy.https}/api/v1/auth/login", json={"username": "supervisor", "password": PASSWORD}, timeout=10
    ).json()["access_token"]
    desk.headers["Authorization"] = f"Bearer {token}"
    cursor = desk.get(f"{proxy.https}/api/v1/changes", timeout=10).json()["cursor"]
    started = time.monotonic()
    answer = desk.get(f"{proxy.https}/api/v1/changes?since={cursor}&wait=4", timeout=20)
    held = time.monotonic() - started
    assert answer.status_code == 200 and answer.json()["changes"] == []
    assert 3.5 <= held < 10  # held open by the service for the whole wait, not cut by the proxy


def test_the_shipped_nginx_site_in_front_of_serve(world: World, proxy: Proxy) -> None:
    """One nginx and one `serve` for every check (each start costs seconds on a busy machine)."""
    check_citizen_pages_and_static_files_over_https_with_hsts(world, proxy)
    check_plain_http_is_redirected_to_https(proxy)
    check_session_cookie_is_secure_behind_the_proxy(proxy)
    check_staff_sign_in_and_booking(world, proxy)
    check_change_feed_long_polls_through_the_proxy(proxy)
    check_citizens_named_in_a_query_stay_out_of_the_log(proxy)
    check_needs_and_link_tokens_in_a_query_stay_out_of_the_log(world, proxy)
    check_secrets_in_a_path_stay_out_of_the_log(proxy)
    check_oversize_bodies_are_refused_by_the_service_in_words(proxy)
    # Near last: it exhausts the sign-in allowance of 127.0.0.2.
    check_rate_limits_per_client_address_despite_a_forged_header(proxy)
    # Last: it stops the service.
    check_the_error_log_keeps_no_request_line_when_the_service_is_down(proxy)
