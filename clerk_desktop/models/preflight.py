"""The citizen's connection check before a teleconference (issue 18), as the server's booking JSON has it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

ATHENS = ZoneInfo("Europe/Athens")


@dataclass(frozen=True)
class Preflight:
    """``browser`` is ok/unsupported; ``camera`` and ``microphone`` ok/denied/missing/error/not_tested."""

    checked_at: datetime  # aware, in Athens
    browser: str
    camera: str
    microphone: str

    @classmethod
    def from_json(cls, data: Any) -> Preflight | None:
        """None for a booking never checked, or an answer that does not hold a check (older server)."""
        if not isinstance(data, dict) or not data.get("checked_at"):
            return None
        return cls(
            checked_at=datetime.fromisoformat(str(data["checked_at"])).astimezone(ATHENS),
            browser=str(data.get("browser") or ""),
            camera=str(data.get("camera") or ""),
            microphone=str(data.get("microphone") or ""),
        )

    @property
    def ready(self) -> bool:
        """Camera, microphone and browser all worked: the clerk can expect a smooth call."""
        return self.browser == "ok" and self.camera == "ok" and self.microphone == "ok"
