"""Changing one's password from a dialog, and the server's refusals as per-field messages.

The session asks here for a new password after a sign-in with a temporary one (and whenever the
server answers ``password_change_required``); «Ο λογαριασμός μου» asks here too.
"""

from __future__ import annotations

from clerk_desktop.client.api import ApiClient, ApiError
from clerk_desktop.client.tasks import TaskRunner, wait_for
from clerk_desktop.prompts import Prompts


def refusal_messages(exc: Exception) -> dict[str, str]:
    """The server's per-field messages, or its one message (under no field) when it gave none."""
    if isinstance(exc, ApiError) and exc.fields:
        return dict(exc.fields)
    return {"": exc.message if isinstance(exc, ApiError) else str(exc)}


def ask_new_password(
    api: ApiClient, tasks: TaskRunner, prompts: Prompts, *, forced: bool, current: str = ""
) -> bool:
    """Ask for the old and new password until the server accepts them; False if the user gave up."""

    def attempt(old: str, new: str) -> dict[str, str] | None:
        try:
            wait_for(lambda: api.change_my_password(old, new), tasks=tasks)
        except Exception as exc:  # shown in the dialog, which stays open
            return refusal_messages(exc)
        return None

    return prompts.change_password(attempt, forced=forced, current=current)
