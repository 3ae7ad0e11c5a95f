"""The Graph meeting provider against a fake Graph on loopback: links, retries, idempotency, auth."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from service_api.meetings.base import MeetingError, MeetingRequest
from service_api.meetings.graph import GraphProvider
from tests.helpers.graph_server import GraphTestServer

CLERK = "clerk.one@dimos.example.gr"
OTHER_CLERK = "clerk.two@dimos.example.gr"
CITIZEN_EMAIL = "giorgos.papadopoulos@example.com"
CITIZEN_NAME = "Γιώργος Παπαδόπουλος"
START = datetime(2030, 3, 4, 9, 30, tzinfo=UTC)
TEAMS_PREFIX = "https://teams.microsoft.com/l/meetup-join/"


@pytest.fixture
def graph() -> Iterator[GraphTestServer]:
    with GraphTestServer() as server:
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make_provider(
    graph: GraphTestServer, sleeps: list[float], *, secret: str | None = None, **kwargs: object
) -> GraphProvider:
    return GraphProvider(
        graph.token_url,
        graph.client_id,
        graph.client_secret if secret is None else secret,
        graph.url,
        sleep=sleeps.append,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def provider(graph: GraphTestServer, sleeps: list[float]) -> GraphProvider:
    return make_provider(graph, sleeps)


def booking(**changes: object) -> MeetingRequest:
    request = MeetingRequest(
        booking_reference="DM-2030-00042",
        subject="Ραντεβού: Βεβαίωση μόνιμης κατοικίας",
        start=START,
        end=START + timedelta(minutes=20),
        attendee_email=CITIZEN_EMAIL,
        attendee_name=CITIZEN_NAME,
        organizer_user_id=CLERK,
        idempotency_token="booking-42-seq-1",
    )
    return replace(request, **changes)  # type: ignore[arg-type]


def posts_of_events(graph: GraphTestServer) -> int:
    return sum(1 for method, path in graph.requests if method == "POST" and path.endswith("/events"))


# ------------------------------------------------------------------------- create


def test_create_gives_the_citizen_a_teams_link_on_one_online_event(
    graph: GraphTestServer, provider: GraphProvider
) -> None:
    meeting = provider.create(booking())

    assert meeting.join_url.startswith(TEAMS_PREFIX)
    [event] = graph.all_events()
    assert list(graph.events) == [CLERK]
    assert meeting.external_id == f"{CLERK}|{event['id']}"
    assert event["onlineMeeting"]["joinUrl"] == meeting.join_url
    assert event["isOnlineMeeting"] is True
    assert event["onlineMeetingProvider"] == "teamsForBusiness"
    assert event["allowNewTimeProposals"] is False
    assert event["subject"] == "Ραντεβού: Βεβαίωση μόνιμης κατοικίας"
    assert "DM-2030-00042" in event["body"]["content"]
    assert event["start"] == {"dateTime": "2030-03-04T09:30:00", "timeZone": "UTC"}
    assert event["end"] == {"dateTime": "2030-03-04T09:50:00", "timeZone": "UTC"}
    assert event["attendees"] == [
        {"emailAddress": {"address": CITIZEN_EMAIL, "name": CITIZEN_NAME}, "type": "required"}
    ]
    assert event["transactionId"] == "booking-42-seq-1"


def test_create_converts_non_utc_times_to_utc(graph: GraphTestServer, provider: GraphProvider) -> None:
    athens = timezone(timedelta(hours=2))
    provider.create(
        booking(start=datetime(2030, 3, 4, 11, 30, tzinfo=athens), end=START + timedelta(hours=1))
    )

    [event] = graph.all_events()
    assert event["start"] == {"dateTime": "2030-03-04T09:30:00", "timeZone": "UTC"}


def test_repeat_create_with_same_token_does_not_duplicate(
    graph: GraphTestServer, provider: GraphProvider
) -> None:
    # The outbox re-runs a job whose first response was lost: it has no external_id to pass.
    first = provider.create(booking())
    second = provider.create(booking())

    assert second == first
    assert len(graph.all_events()) == 1


def test_create_with_known_external_id_updates_instead_of_creating(
    graph: GraphTestServer, provider: GraphProvider
) -> None:
    first = provider.create(booking())
    later = START + timedelta(days=1)
    again = provider.create(
        booking(
            external_id=first.external_id,
            idempotency_token="booking-42-seq-2",
            start=later,
            end=later + timedelta(minutes=20),
        )
    )

    assert again == first
    [event] = graph.all_events()
    assert event["start"]["dateTime"] == "2030-03-05T09:30:00"
    assert posts_of_events(graph) == 1


def test_clerk_without_graph_user_is_a_configuration_error(provider: GraphProvider) -> None:
    with pytest.raises(MeetingError) as info:
        provider.create(booking(organizer_user_id=""))
    assert info.value.retryable is False


def test_join_link_filled_in_late_is_read_back(graph: GraphTestServer, provider: GraphProvider) -> None:
    graph.join_url_delay = 1  # the POST reply carries onlineMeeting: null

    meeting = provider.create(booking())

    assert meeting.join_url.startswith(TEAMS_PREFIX)
    assert graph.requests[-1][0] == "GET"
    assert len(graph.all_events()) == 1


def test_join_link_still_missing_is_retryable_and_the_retry_reuses_the_event(
    graph: GraphTestServer, provider: GraphProvider
) -> None:
    graph.join_url_delay = 2  # null in the POST reply and in the follow-up GET

    with pytest.raises(MeetingError) as info:
        provider.create(booking())
    assert info.value.retryable is True

    meeting = provider.create(booking())  # the outbox's next run
    assert meeting.join_url.startswith(TEAMS_PREFIX)
    assert len(graph.all_events()) == 1


# ------------------------------------------------------------------------- retries


def test_503_with_retry_after_is_retried_inline_once(
    graph: GraphTestServer, provider: GraphProvider, sleeps: list[float]
) -> None:
    graph.fail_next(503, retry_after=1)

    meeting = provider.create(booking())

    assert sleeps == [1.0]
    assert meeting.join_url.startswith(TEAMS_PREFIX)
    assert len(graph.all_events()) == 1
    assert posts_of_events(graph) == 2


def test_reply_lost_after_graph_saved_the_event_does_not_duplicate(
    graph: GraphTestServer, provider: GraphProvider, sleeps: list[float]
) -> None:
    graph.fail_next(504, after_processing=True)  # saved, but the gateway answered 504

    meeting = provider.create(booking())

    assert sleeps == [0.5]
    [event] = graph.all_events()
    assert meeting.external_id == f"{CLERK}|{event['id']}"


def test_client_timeout_after_graph_saved_the_event_does_not_duplicate(
    graph: GraphTestServer, sleeps: list[float]
) -> None:
    provider = make_provider(graph, sleeps, timeout=0.3)
    graph.stall_next()  # saved, but the reply never arrives in time

    meeting = provider.create(booking())

    assert sleeps == [0.5]
    [event] = graph.all_events()
    assert meeting.external_id == f"{CLERK}|{event['id']}"


def test_throttling_longer_than_the_cap_is_handed_to_the_outbox(
    graph: GraphTestServer, provider: GraphProvider, sleeps: list[float]
) -> None:
    graph.fail_next(429, retry_after=120)

    with pytest.raises(MeetingError) as info:
        provider.create(booking())

    assert info.value.retryable is True
    assert info.value.retry_after == 120
    assert sleeps == []
    assert posts_of_events(graph) == 1
    assert graph.all_events() == []


def test_persistent_server_errors_back_off_then_give_up_retryably(
    graph: GraphTestServer, provider: GraphProvider, sleeps: list[float]
) -> None:
    graph.fail_next(500, count=4)

    with pytest.raises(MeetingError) as info:
        provider.create(booking())

    assert info.value.retryable is True
    assert sleeps == [0.5, 1.0, 2.0]
    assert posts_of_events(graph) == 4
    assert graph.all_events() == []


def test_last_attempt_throttled_passes_retry_after_on(
    graph: GraphTestServer, provider: GraphProvider, sleeps: list[float]
) -> None:
    graph.fail_next(429, count=4, retry_after=2)

    with pytest.raises(MeetingError) as info:
        provider.create(booking())

    assert info.value.retryable is True
    assert info.value.retry_after == 2
    assert sleeps == [2.0, 2.0, 2.0]


def test_unreachable_graph_is_retryable(graph: GraphTestServer, sleeps: list[float]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    provider = GraphProvider(
        graph.token_url,
        graph.client_id,
        graph.client_secret,
        f"http://127.0.0.1:{dead_port}/v1.0",
        sleep=sleeps.append,
        timeout=2.0,
    )

    with pytest.raises(MeetingError) as info:
        provider.create(booking())

    assert info.value.retryable is True
    assert sleeps == [0.5, 1.0, 2.0]


def test_rejected_request_is_not_retried_and_names_graphs_error(
    graph: GraphTestServer, provider: GraphProvider, sleeps: list[float]
) -> None:
    graph.fail_next(400)

    with pytest.raises(MeetingError) as info:
        provider.create(booking())

    assert info.value.retryable is False
    assert "ErrorInvalidRequest" in str(info.value)
    assert sleeps == []


# ------------------------------------------------------------------------- update


def test_update_moves_the_time_and_keeps_the_event_and_link(
    graph: GraphTestServer, provider: GraphProvider
) -> None:
    first = provider.create(booking())
    later = START + timedelta(hours=3)

    moved = provider.update(
        booking(
            external_id=first.external_id,
            start=later,
            end=later + timedelta(minutes=30),
            subject="Ραντεβού (νέα ώρα)",
        )
    )

    assert moved == first
    [event] = graph.all_events()
    assert event["start"] == {"dateTime": "2030-03-04T12:30:00", "timeZone": "UTC"}
    assert event["end"] == {"dateTime": "2030-03-04T13:00:00", "timeZone": "UTC"}
    assert event["subject"] == "Ραντεβού (νέα ώρα)"
    assert event["transactionId"] == "booking-42-seq-1"
    assert ("PATCH", f"/v1.0/users/{CLERK}/events/{quote_id(event['id'])}") in graph.requests


def test_update_of_an_event_deleted_in_outlook_creates_a_new_one(
    graph: GraphTestServer, provider: GraphProvider
) -> None:
    first = provider.create(booking())
    graph.events[CLERK].clear()  # the clerk deleted it by hand

    again = provider.update(booking(external_id=first.external_id, idempotency_token="booking-42-seq-2"))

    assert again.external_id != first.external_id
    assert again.join_url.startswith(TEAMS_PREFIX)
    assert len(graph.all_events()) == 1


def test_update_after_reassignment_moves_the_meeting_to_the_new_clerk(
    graph: GraphTestServer, provider: GraphProvider
) -> None:
    first = provider.create(booking())

    moved = provider.update(
        booking(
            external_id=first.external_id, organizer_user_id=OTHER_CLERK, idempotency_token="booking-42-seq-2"
        )
    )

    [old] = graph.events[CLERK].values()
    [new] = graph.events[OTHER_CLERK].values()
    assert old["isCancelled"] is True
    assert new["isCancelled"] is False
    assert moved.external_id == f"{OTHER_CLERK}|{new['id']}"
    assert moved.join_url == new["onlineMeeting"]["joinUrl"] != first.join_url


def test_update_without_external_id_creates(graph: GraphTestServer, provider: GraphProvider) -> None:
    meeting = provider.update(booking())

    assert meeting.join_url.startswith(TEAMS_PREFIX)
    assert len(graph.all_events()) == 1


# ------------------------------------------------------------------------- cancel


def test_cancel_marks_the_event_cancelled(graph: GraphTestServer, provider: GraphProvider) -> None:
    meeting = provider.create(booking())

    provider.cancel(booking(external_id=meeting.external_id))

    [event] = graph.all_events()
    assert event["isCancelled"] is True
    assert event["cancelComment"]
    assert graph.requests[-1] == ("POST", f"/v1.0/users/{CLERK}/events/{quote_id(event['id'])}/cancel")


def test_cancel_repeated_by_the_outbox_is_quiet(graph: GraphTestServer, provider: GraphProvider) -> None:
    meeting = provider.create(booking())
    provider.cancel(booking(external_id=meeting.external_id))

    provider.cancel(booking(external_id=meeting.external_id))  # now 404: already gone

    assert [event["isCancelled"] for event in graph.all_events()] == [True]


def test_cancel_of_an_unknown_event_is_quiet(graph: GraphTestServer, provider: GraphProvider) -> None:
    provider.cancel(booking(external_id=f"{CLERK}|AAMkAGnope="))

    assert graph.requests == [("POST", f"/v1.0/users/{CLERK}/events/AAMkAGnope%3D/cancel")]


def test_cancel_without_external_id_does_nothing(graph: GraphTestServer, provider: GraphProvider) -> None:
    provider.cancel(booking())
    provider.cancel(booking(external_id="dimos-room-from-another-provider"))

    assert graph.requests == []
    assert graph.token_requests == 0


# ------------------------------------------------------------------------- auth


def test_wrong_client_secret_is_not_retryable(graph: GraphTestServer, sleeps: list[float]) -> None:
    provider = make_provider(graph, sleeps, secret="not-the-secret")

    with pytest.raises(MeetingError) as info:
        provider.create(booking())

    assert info.value.retryable is False
    assert "invalid_client" in str(info.value)
    assert "not-the-secret" not in str(info.value)
    assert sleeps == []
    assert graph.requests == []


def test_token_is_fetched_once_for_several_calls(graph: GraphTestServer, provider: GraphProvider) -> None:
    meeting = provider.create(booking())
    provider.update(booking(external_id=meeting.external_id))
    provider.cancel(booking(external_id=meeting.external_id))

    assert graph.token_requests == 1


def test_token_close_to_expiry_is_not_reused(graph: GraphTestServer, provider: GraphProvider) -> None:
    graph.token_lifetime = 59  # already inside the 60 s safety margin

    provider.create(booking())
    provider.create(booking())

    assert graph.token_requests == 2


def test_rejected_token_is_replaced_once(graph: GraphTestServer, provider: GraphProvider) -> None:
    provider.create(booking())
    graph.revoke_tokens()

    provider.create(booking(idempotency_token="booking-43-seq-1"))

    assert graph.token_requests == 2
    assert len(graph.all_events()) == 2


# ------------------------------------------------------------------------- privacy


def test_logs_carry_no_personal_data(
    graph: GraphTestServer, provider: GraphProvider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="service_api.meetings.graph")
    graph.fail_next(503, count=2, retry_after=1)
    meeting = provider.create(booking())
    graph.events[CLERK].clear()
    provider.update(booking(external_id=meeting.external_id, idempotency_token="booking-42-seq-2"))

    assert caplog.records  # the retries were logged
    for text in (CITIZEN_EMAIL, CITIZEN_NAME, CLERK, "Βεβαίωση"):
        assert text not in caplog.text


def quote_id(event_id: str) -> str:
    return quote(event_id, safe="")
