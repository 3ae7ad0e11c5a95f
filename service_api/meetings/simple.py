"""Providers that need no remote call: Jitsi rooms and each clerk's permanent Teams link."""

from __future__ import annotations

import secrets

from service_api.meetings.base import Meeting, MeetingError, MeetingRequest


class JitsiProvider:
    """An unguessable room per booking (128 random bits); the demo default."""

    name = "jitsi"

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def create(self, request: MeetingRequest) -> Meeting:
        if request.external_id:
            # Already created on an earlier attempt: keep the link the citizen may have received.
            return Meeting(f"{self.base_url}/{request.external_id}", request.external_id)
        room = f"dimos-{secrets.token_urlsafe(16)}"
        return Meeting(f"{self.base_url}/{room}", room)

    def update(self, request: MeetingRequest) -> Meeting:
        # A room is not tied to a time or a clerk: the same link stays valid.
        return self.create(request)

    def cancel(self, request: MeetingRequest) -> None:
        return None


class TeamsStaticProvider:
    """Each clerk's permanent Teams meeting link; a reassigned booking takes the new clerk's link."""

    name = "teams-static"

    def create(self, request: MeetingRequest) -> Meeting:
        if not request.organizer_teams_link:
            raise MeetingError("The assigned clerk has no Teams link configured.", retryable=False)
        return Meeting(request.organizer_teams_link, request.organizer_teams_link)

    def update(self, request: MeetingRequest) -> Meeting:
        return self.create(request)

    def cancel(self, request: MeetingRequest) -> None:
        return None
