"""Pick the meeting provider named by DIMOS_MEETING_PROVIDER."""

from __future__ import annotations

from service_api.config import Config
from service_api.meetings.base import MeetingProvider
from service_api.meetings.simple import JitsiProvider, TeamsStaticProvider


def provider_for(config: Config) -> MeetingProvider:
    if config.meeting_provider == "graph":
        from service_api.meetings.graph import GraphProvider

        return GraphProvider(
            config.graph_token_url, config.graph_client_id, config.graph_client_secret, config.graph_base_url
        )
    if config.meeting_provider == "teams-static":
        return TeamsStaticProvider()
    return JitsiProvider(config.jitsi_base_url)
