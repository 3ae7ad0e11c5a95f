"""The form's texts say what the configuration says: the hold's length comes from DIMOS_HOLD_MINUTES."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.helpers.world import World


@pytest.mark.parametrize(("lang", "note"), [("el", "κρατιέται για 15 λεπτά"), ("en", "held for 15 minutes")])
def test_the_time_page_states_the_configured_hold(
    world: World, client: FlaskClient, lang: str, note: str
) -> None:
    world.rt.config.hold_minutes = 15
    with client.session_transaction() as session:
        session["citizen"] = {"name": "Μαρία Παπαδοπούλου", "email": "maria@example.gr"}
    service_id = world.service("transfer-of-registration")
    page = client.get(f"/book/larissa/s/{service_id}/in_person?lang={lang}&day=2026-12-02")
    assert page.status_code == 200
    assert note in page.get_data(as_text=True)
