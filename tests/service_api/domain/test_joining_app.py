"""Which joining steps the connection check shows: Teams' own, or a plain browser meeting's."""

from __future__ import annotations

import pytest

from service_api.domain.preflight import joins_with_teams


@pytest.mark.parametrize(
    ("meeting_url", "provider", "teams"),
    [
        ("https://teams.microsoft.com/l/meetup-join/abc", "graph", True),
        ("https://teams.microsoft.com/l/meetup-join/abc", "teams-static", True),
        ("https://meet.jit.si/dimos-abc", "jitsi", False),
        ("https://teams.microsoft.com.evil.example/x", "jitsi", False),  # only Microsoft's own hosts
        ("", "graph", True),  # the meeting is not made yet: the provider says
        ("", "teams-static", True),
        ("", "jitsi", False),
    ],
)
def test_the_meeting_link_or_else_the_provider_decides(meeting_url: str, provider: str, teams: bool) -> None:
    assert joins_with_teams(meeting_url, provider) is teams
