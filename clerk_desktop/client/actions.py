"""A clerk's writes (checklist, notes, identity, check-in, outcome) as durable, ordered actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Action:
    """One write to replay against the server; ``label`` says in the UI what it was."""

    method: str
    path: str
    body: dict[str, Any] | None
    reference: str
    label: str
    id: int = field(default=0, compare=False)

    @classmethod
    def document(cls, reference: str, code: str, state: str) -> Action:
        return cls(
            "PUT", f"/api/v1/bookings/{reference}/documents/{code}", {"state": state}, reference, "document"
        )

    @classmethod
    def notes(cls, reference: str, notes: str) -> Action:
        return cls("PUT", f"/api/v1/bookings/{reference}/notes", {"notes": notes}, reference, "notes")

    @classmethod
    def identity(
        cls, reference: str, document_type: str, name_matches: bool, taxisnet_matches: bool | None, note: str
    ) -> Action:
        body = {
            "document_type": document_type,
            "name_matches": name_matches,
            "taxisnet_matches": taxisnet_matches,
            "note": note,
        }
        return cls("POST", f"/api/v1/bookings/{reference}/identity", body, reference, "identity")

    @classmethod
    def co_applicant_identity(cls, reference: str, position: int, document_type: str) -> Action:
        """Issue 18: the clerk saw a co-applicant's identity document, whose name matches."""
        body = {"document_type": document_type, "name_matches": True}
        path = f"/api/v1/bookings/{reference}/co-applicants/{position}/identity"
        return cls("POST", path, body, reference, "identity")

    @classmethod
    def check_in(cls, reference: str) -> Action:
        return cls("POST", f"/api/v1/bookings/{reference}/check-in", None, reference, "check_in")

    @classmethod
    def missed_you(cls, reference: str) -> Action:
        """Issue 18: the «we missed you» e-mail with the next free times (once per booking)."""
        return cls("POST", f"/api/v1/bookings/{reference}/missed-you", None, reference, "missed_you")

    @classmethod
    def outcome(
        cls, reference: str, outcome: str, note: str, *, confirm_missing_documents: bool = False
    ) -> Action:
        """``confirm_missing_documents``: the clerk said yes to completing without every document."""
        body: dict[str, Any] = {"outcome": outcome, "note": note}
        if confirm_missing_documents:
            body["confirm_missing_documents"] = True
        return cls("POST", f"/api/v1/bookings/{reference}/outcome", body, reference, "outcome")
