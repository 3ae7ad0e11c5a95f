"""A database that refuses a booking leaves no trace of the citizen in any log line, on either database."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from service_api.request_log import JsonFormatter
from service_api.runtime import Runtime
from service_api.security import afm_hash, citizen_key
from tests.helpers.factories import booking_body
from tests.helpers.http import call, citizen_token
from tests.helpers.world import World, athens

NAME = "Ζωή Καταγραφίδου"
EMAIL = "zoe.katagrafidou@example.org"
PHONE = "6977001122"
AFM = "090000045"


@pytest.fixture
def database_refuses_the_citizen(rt: Runtime) -> Iterator[None]:
    """The database refuses every booking of NAME at the INSERT: a trigger on SQLite; on PostgreSQL a
    check constraint, whose error quotes the refused row as any real constraint's would."""
    if rt.store.is_postgres:
        refuse = (
            "ALTER TABLE booking ADD CONSTRAINT test_refuse_citizen "
            f"CHECK (citizen_name <> '{NAME}') NOT VALID"
        )
        allow = "ALTER TABLE booking DROP CONSTRAINT test_refuse_citizen"
    else:
        refuse = (
            "CREATE TRIGGER test_refuse_citizen BEFORE INSERT ON booking "
            f"WHEN NEW.citizen_name = '{NAME}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
        allow = "DROP TRIGGER test_refuse_citizen"
    with rt.store.engine.begin() as connection:
        connection.exec_driver_sql(refuse)
    try:
        yield
    finally:
        with rt.store.engine.begin() as connection:
            connection.exec_driver_sql(allow)


def test_a_booking_the_database_refuses_logs_the_error_but_none_of_the_citizens_data(
    world: World,
    client: FlaskClient,
    rt: Runtime,
    database_refuses_the_citizen: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every level of every logger, SQLAlchemy's statements included
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    body["citizen"] = {"name": NAME, "email": EMAIL, "phone": PHONE}
    headers = {"Authorization": f"Bearer {citizen_token(client, EMAIL, afm=AFM)}"}

    answer = call(client, "POST", "/api/v1/bookings", 500, json=body, headers=headers)

    assert answer["error"] == "internal_error"
    # The same records as DIMOS_LOG_FORMAT=json writes them: the error's line carries the answer's id.
    json_lines = [JsonFormatter().format(record) for record in caplog.records]
    unhandled = [json.loads(line) for line in json_lines if "unhandled error" in line]
    assert unhandled and unhandled[0]["request_id"] == answer["request_id"]
    logged = caplog.text + "\n".join(json_lines)
    assert "unhandled error on POST /api/v1/bookings" in logged and "INSERT INTO booking" in logged
    secret = rt.config.secret_key
    personal = [NAME, EMAIL, PHONE, AFM, afm_hash(secret, AFM), citizen_key(secret, EMAIL, AFM)]
    assert [value for value in personal if value in logged] == []
