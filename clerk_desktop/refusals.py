"""A server's refusal in the clerk's words: the desktop's own text for its code, else the server's message.

The server words its messages in the interface's language too (the client sends Accept-Language), so
the fallback reads right; the desktop's own table wins where it knows the code, because it can say
more (a booking's states in clerk words) and stays the same whatever the server's version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clerk_desktop.client.api import ApiError
from clerk_desktop.i18n import MESSAGES, tr


def _known(key: str) -> bool:
    return key in MESSAGES


def reason(code: str, message: str, details: Mapping[str, Any] | None = None) -> str:
    """Why the server said no, to follow a colon: lower-case unless it starts with a name."""
    details = details or {}
    if code == "invalid_transition":
        state, target = str(details.get("from", "")), str(details.get("to", ""))
        if _known(f"refusal.state.{state}") and _known(f"status.{target}"):
            return tr("refusal.transition", state=tr(f"refusal.state.{state}"), target=tr(f"status.{target}"))
        return message or tr("refusal.invalid_transition")  # not a booking's status: the server's words
    key = f"refusal.{code}"
    if _known(key):
        try:
            return tr(key, **{name: value for name, value in details.items() if isinstance(value, str)})
        except (KeyError, IndexError):  # a detail the text needs is missing: the server's words
            return message
    return message


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe(exc: Exception) -> str:
    """The text to show for a failure, standing alone (a warning, a form's status line)."""
    if isinstance(exc, ApiError):
        return sentence(reason(exc.code, exc.message, exc.body))
    return str(exc)


def queued_refusal(reference: str, label: str, code: str, message: str, details: Mapping[str, Any]) -> str:
    """«Η καταχώριση έκβασης για το WST2-94JC δεν έγινε: ένα ολοκληρωμένο ραντεβού δεν μπορεί …»."""
    action_key = f"refusal.action.{label}"
    action = tr(action_key) if _known(action_key) else tr("refusal.queued_action", label=label)
    return tr("refusal.queued", action=action, reference=reference, reason=reason(code, message, details))
