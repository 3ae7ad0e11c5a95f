"""Schemathesis over the whole OpenAPI document, in-process: no operation answers a 5xx, answers match it.

Every operation gets valid and invalid requests (a clerk's or a supervisor's bearer token), on
SQLite and PostgreSQL. Seeded and small, so CI repeats the same few minutes.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from service_api.app import create_app
from tests.helpers.http import login
from tests.helpers.world import World

EXAMPLES_PER_OPERATION = 40
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SIGNED_IN_AS = ("clerk_a", "supervisor")


@pytest.fixture
def fuzzed_app(world: World) -> Flask:
    # Rate limits would answer 429 after a few sign-ins and hide what comes after.
    world.rt.config.ratelimit_enabled = False
    return create_app(rt=world.rt)


def _headers(app: Flask, who: str, tokens: dict[str, dict[str, str]], operation: str) -> dict[str, str]:
    """The caller's bearer token; signing out gets a token of its own, or every later call would be a 401."""
    if operation == "POST /auth/logout":
        return login(app.test_client(), who)
    return tokens[who]


def _fuzz(app: Flask, operation: Any, mode: GenerationMode, tokens: dict[str, dict[str, str]]) -> str | None:
    """Try one operation with valid or invalid requests; what went wrong, or None."""

    @given(case=operation.as_strategy(generation_mode=mode), who=st.sampled_from(SIGNED_IN_AS))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Any, who: str) -> None:
        if "wait" in (case.query or {}):
            case.query["wait"] = 0  # the change feed's long poll would hold each call 30 s
        # Werkzeug's test client does not undo the gzip that schemathesis's Accept-Encoding asks for.
        headers = {**_headers(app, who, tokens, operation.label), "Accept-Encoding": "identity"}
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        call()
    except Unsatisfiable:
        return None  # nothing in this operation's schema can be broken (no parameters or only free text)
    except (Exception, BaseExceptionGroup) as exc:  # schemathesis reports a group of failures
        return f"{operation.label} ({mode.value}): {exc}"
    return None


def test_no_operation_answers_a_server_error_or_breaks_its_schema(fuzzed_app: Flask) -> None:
    client = fuzzed_app.test_client()
    tokens = {who: login(client, who) for who in SIGNED_IN_AS}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzzed_app)
    started = time.monotonic()
    failures = [
        found
        for result in schema.get_all_operations()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (found := _fuzz(fuzzed_app, result.ok(), mode, tokens)) is not None
    ]
    print(f"schemathesis: {time.monotonic() - started:.1f} s")  # the run time, shown with -s
    assert not failures, "\n\n".join(failures)
