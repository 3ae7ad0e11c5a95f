"""The webhooks API (issue 17): admins only, URLs and secrets checked, and a secret never shown again."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.models import AuditLog
from service_api.webhooks.models import WebhookEndpoint
from tests.helpers.http import call, login
from tests.helpers.world import World

SECRET = "s3cret-that-signs-every-delivery"
GOOD = {
    "url": "https://crm.larissa.example/hooks/dimos?source=appointments",
    "secret": SECRET,
    "events": ["booking.created", "booking.cancelled"],
}


@pytest.fixture
def admin(client: FlaskClient, world: World) -> dict[str, str]:
    return login(client, "admin")


def test_an_admin_registers_lists_and_removes_an_endpoint_and_the_secret_never_comes_back(
    world: World, client: FlaskClient, admin: dict[str, str]
) -> None:
    created = call(
        client,
        "POST",
        "/api/v1/webhooks",
        201,
        json={**GOOD, "events": ["booking.cancelled", "booking.created", "booking.created"]},
        headers=admin,
    )
    assert created["url"] == GOOD["url"]
    assert created["events"] == ["booking.created", "booking.cancelled"]  # once each, in a fixed order
    assert (created["personal_data"], created["secret_hint"]) == ("none", "…very")
    assert created["last_delivery"] is None
    listed = client.get("/api/v1/webhooks", headers=admin)
    assert listed.status_code == 200
    assert [w["id"] for w in listed.get_json()["webhooks"]] == [created["id"]]
    for answer in (str(created), listed.get_data(as_text=True)):
        assert SECRET not in answer and 'secret"' not in answer.replace("secret_hint", "")
    with world.rt.store.read() as session:
        stored = session.get(WebhookEndpoint, created["id"])
        assert stored is not None and stored.secret == SECRET  # kept, since it must sign
        actions = list(session.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert actions[-1] == "webhook.registered"
    assert call(client, "GET", f"/api/v1/webhooks/{created['id']}/deliveries", 200, headers=admin) == {
        "deliveries": []
    }
    call(client, "DELETE", f"/api/v1/webhooks/{created['id']}", 204, headers=admin)
    assert call(client, "GET", "/api/v1/webhooks", 200, headers=admin) == {"webhooks": []}
    call(client, "DELETE", f"/api/v1/webhooks/{created['id']}", 404, headers=admin)
    call(client, "GET", f"/api/v1/webhooks/{created['id']}/deliveries", 404, headers=admin)


REFUSED = [
    ({"url": "ftp://crm.example/hooks"}, "url", "https://"),
    ({"url": "http://crm.larissa.example/hooks"}, "url", "only to this machine"),
    ({"url": "https://user:pass@crm.example/hooks"}, "url", "user name or password"),
    ({"url": "https://@crm.example/hooks"}, "url", "user name or password"),
    ({"url": "https://crm.example/hooks with space"}, "url", "no spaces"),
    ({"url": "https://crm.example:99999/"}, "url", "Not a valid URL"),
    ({"url": ""}, "url", "Give the URL"),
    ({"url": "https://crm.example/" + "a" * 500}, "url", "500"),
    ({"secret": "short"}, "secret", "At least 16"),
    ({"secret": "has spaces in the secret"}, "secret", "no spaces"),
    ({"secret": "κλειδί-με-ελληνικά-γράμματα"}, "secret", "no spaces"),
    ({"events": []}, "events", "Choose at least one event."),
    ({"events": ["booking.deleted"]}, "events.0", "booking.created"),
    ({"personal_data": "everything"}, "personal_data", "none"),
    ({"description": "x" * 201}, "description", "200"),
    ({"secret": 12345678901234567}, "secret", "string"),
]


def test_an_endpoint_that_cannot_be_used_is_refused_naming_the_field(
    world: World, client: FlaskClient, admin: dict[str, str]
) -> None:
    for change, field, words in REFUSED:
        answer = call(client, "POST", "/api/v1/webhooks", 422, json={**GOOD, **change}, headers=admin)
        assert words in answer["fields"][field], (change, answer)
    assert call(client, "GET", "/api/v1/webhooks", 200, headers=admin) == {"webhooks": []}


def test_refusals_read_in_greek_for_the_desktop(
    world: World, client: FlaskClient, admin: dict[str, str]
) -> None:
    answer = call(
        client,
        "POST",
        "/api/v1/webhooks",
        422,
        json={**GOOD, "url": "https://u:p@crm.example/", "secret": "short"},
        headers={**admin, "Accept-Language": "el"},
    )
    assert answer["fields"] == {
        "url": "Η διεύθυνση ενός webhook δεν περιέχει όνομα χρήστη ή κωδικό.",
        "secret": "Τουλάχιστον 16 χαρακτήρες.",
    }


def test_plain_http_to_this_machine_is_allowed_in_development_but_not_when_switched_off(
    world: World, client: FlaskClient, admin: dict[str, str]
) -> None:
    for local in ("http://127.0.0.1:8080/hooks", "http://localhost/hooks", "http://[::1]:9000/"):
        call(client, "POST", "/api/v1/webhooks", 201, json={**GOOD, "url": local}, headers=admin)
    world.rt.config.webhook_local_http = False  # as in production (DIMOS_WEBHOOK_LOCAL_HTTP=0)
    answer = call(
        client, "POST", "/api/v1/webhooks", 422, json={**GOOD, "url": "http://127.0.0.1/h"}, headers=admin
    )
    assert answer["fields"]["url"] == "Only https:// URLs receive deliveries."


def test_the_production_default_refuses_plain_http() -> None:
    from service_api.config import Config

    assert Config(env="development").webhooks_allow_local_http
    assert not Config(env="production").webhooks_allow_local_http
    assert Config.from_env({"DIMOS_WEBHOOK_LOCAL_HTTP": "0"}).webhooks_allow_local_http is False


@pytest.mark.parametrize("who", ["clerk_a", "supervisor"])
def test_only_admins_touch_webhooks(
    world: World, client: FlaskClient, admin: dict[str, str], who: str
) -> None:
    endpoint = call(client, "POST", "/api/v1/webhooks", 201, json=GOOD, headers=admin)
    staff = login(client, who)
    for method, url, body in (
        ("POST", "/api/v1/webhooks", GOOD),
        ("GET", "/api/v1/webhooks", None),
        ("DELETE", f"/api/v1/webhooks/{endpoint['id']}", None),
        ("GET", f"/api/v1/webhooks/{endpoint['id']}/deliveries", None),
        ("POST", "/api/v1/webhook-deliveries/1/retry", None),
    ):
        answer = call(client, method, url, 403, json=body, headers=staff)
        assert answer["error"] == "forbidden" and SECRET not in str(answer)
    call(client, "GET", "/api/v1/webhooks", 401)
    assert len(call(client, "GET", "/api/v1/webhooks", 200, headers=admin)["webhooks"]) == 1


def test_the_openapi_document_describes_every_webhook_route(client: FlaskClient, world: World) -> None:
    doc = call(client, "GET", "/api/v1/openapi.json", 200)
    paths = doc["paths"]
    assert set(paths["/webhooks"]) == {"get", "post"}
    assert set(paths["/webhooks/{webhook_id}"]) == {"delete"}
    assert set(paths["/webhooks/{webhook_id}/deliveries"]) == {"get"}
    assert set(paths["/webhook-deliveries/{delivery_id}/retry"]) == {"post"}
    assert "X-Dimos-Signature" in paths["/webhooks"]["post"]["description"]
    schema = paths["/webhooks"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["events"]["items"]["enum"] == [
        "booking.created",
        "booking.rescheduled",
        "booking.cancelled",
        "booking.reassigned",
        "booking.completed",
    ]


def test_the_writer_itself_refuses_anyone_but_an_admin(world: World) -> None:
    from service_api.booking import webhook_admin
    from service_api.domain.errors import Forbidden
    from service_api.domain.policy import Actor

    supervisor = Actor.staff(world.staff["supervisor"], "supervisor", 1)
    with pytest.raises(Forbidden, match="Only an administrator manages webhooks."):
        webhook_admin.register(
            world.rt.bookings, supervisor, url=GOOD["url"], secret=SECRET, events=["booking.created"]
        )
    with pytest.raises(Forbidden):
        webhook_admin.list_endpoints(world.rt.store, supervisor)
    with pytest.raises(Forbidden):
        webhook_admin.send_again(world.rt.bookings, supervisor, 1)
