"""gunicorn's access log line (development, DIMOS_ACCESS_LOG=1) carries no link secret and no query."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from service_api.access_log_paths import MaskedPathLogger, loggable_path


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/t/SECRETCODE", "/t/[hidden]"),
        ("//t/SECRETCODE", "/t/[hidden]"),
        ("/t/SECRETCODE/", "/t/[hidden]"),
        ("/m/SECRETCODE", "/m/[hidden]"),
        ("/staff/password/SECRETTOKEN", "/staff/password/[hidden]"),
        ("/ical/SECRETFEED.ics", "/ical/[hidden].ics"),
        ("/manage/ABCD-EFGH", "/manage/ABCD-EFGH"),
        ("/api/v1/bookings", "/api/v1/bookings"),
    ],
)
def test_a_secret_in_the_path_is_hidden_and_other_paths_are_kept(path: str, shown: str) -> None:
    assert loggable_path(path) == shown


def _atoms(environ: dict[str, str]) -> dict[str, object]:
    logger = MaskedPathLogger(Config())
    response = SimpleNamespace(
        status="302 FOUND", headers=[("Location", "/manage/ABCD?token=SECRETLOC")], sent=0
    )
    request = SimpleNamespace(headers=[("REFERER", "https://h/t/SECRETREF?email=zoe@example.org")])
    base = {
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "RAW_URI": "/t/SECRET?email=zoe@example.org",
    }
    return logger.atoms(response, request, {**base, **environ}, datetime.timedelta(milliseconds=3))


def test_the_line_and_every_atom_behind_it_hold_no_secret_query_or_referrer() -> None:
    atoms = _atoms({"PATH_INFO": "/t/SECRET", "QUERY_STRING": "email=zoe@example.org"})
    assert atoms["U"] == "/t/[hidden]" and atoms["r"] == "GET /t/[hidden] HTTP/1.1"
    everything = repr(atoms)  # what logging would print if a format went wrong
    assert "SECRET" not in everything and "zoe@" not in everything


def test_a_request_gunicorn_could_not_parse_logs_no_path() -> None:
    atoms = _atoms({})
    assert atoms["U"] == "-" and atoms["r"] == "GET - HTTP/1.1"
