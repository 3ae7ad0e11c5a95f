"""Greek and English words of joint appointments (issue 18) in the booking panel and the calendar."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "status.awaiting_coapplicant": {"el": "Αναμονή συναιτούντα", "en": "Waiting for co-applicant"},
    "coapp.title": {"el": "Συναιτούντες", "en": "Co-applicants"},
    "coapp.invited": {"el": "δεν έχει επιβεβαιώσει", "en": "has not confirmed"},
    "coapp.confirmed": {"el": "επιβεβαίωσε", "en": "confirmed"},
    "coapp.taxisnet": {"el": "μέσω TAXISnet", "en": "through TAXISnet"},
    "coapp.verified": {"el": "ταυτότητα: {document}", "en": "identity: {document}"},
    "coapp.not_verified": {"el": "ταυτότητα: όχι ακόμη", "en": "identity: not yet"},
    "coapp.verify": {
        "el": "Επαλήθευση ταυτότητας συναιτούντα {n}…",
        "en": "Verify co-applicant {n}'s identity…",
    },
    "coapp.field.count": {"el": "Συναιτούντες (0–3)", "en": "Co-applicants (0–3)"},
    "coapp.field.required": {
        "el": "Οι συναιτούντες είναι υποχρεωτικοί",
        "en": "Co-applicants are required",
    },
    "coapp.field.hours": {"el": "Προθεσμία επιβεβαίωσης συναιτούντα", "en": "Co-applicant's time to confirm"},
    "coapp.unit.hours": {"el": "ώρες", "en": "hours"},
    "coapp.needs_identity": {
        "el": "Επαληθεύστε την ταυτότητα του αιτούντα και κάθε συναιτούντα πριν από την ολοκλήρωση.",
        "en": "Verify the identity of the applicant and of every co-applicant before completing.",
    },
}
