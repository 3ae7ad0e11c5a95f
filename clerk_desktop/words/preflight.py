"""Greek and English words of the booking panel's connection-check line (issue 18)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "preflight.ready": {
        "el": "✓ Ο πολίτης έλεγξε τη σύνδεση (κάμερα ✓, μικρόφωνο ✓) στις {when}",
        "en": "✓ The citizen tested their connection (camera ✓, microphone ✓) at {when}",
    },
    "preflight.problem": {
        "el": "⚠ Ο πολίτης έλεγξε τη σύνδεση στις {when}: {problems}",
        "en": "⚠ The citizen tested their connection at {when}: {problems}",
    },
    "preflight.never": {
        "el": "Δεν έχει ελέγξει τη σύνδεση",
        "en": "Has not tested their connection",
    },
    "preflight.browser.unsupported": {
        "el": "ο browser δεν υποστηρίζει βιντεοκλήσεις",
        "en": "the browser cannot make video calls",
    },
    "preflight.camera.ok": {"el": "κάμερα ✓", "en": "camera ✓"},
    "preflight.camera.denied": {"el": "κάμερα: δεν δόθηκε άδεια", "en": "camera: permission refused"},
    "preflight.camera.missing": {"el": "κάμερα: δεν βρέθηκε", "en": "camera: none found"},
    "preflight.camera.error": {"el": "κάμερα: δεν ξεκίνησε", "en": "camera: did not start"},
    "preflight.camera.not_tested": {"el": "κάμερα: δεν ελέγχθηκε", "en": "camera: not tested"},
    "preflight.microphone.ok": {"el": "μικρόφωνο ✓", "en": "microphone ✓"},
    "preflight.microphone.denied": {
        "el": "μικρόφωνο: δεν δόθηκε άδεια",
        "en": "microphone: permission refused",
    },
    "preflight.microphone.missing": {"el": "μικρόφωνο: δεν βρέθηκε", "en": "microphone: none found"},
    "preflight.microphone.error": {"el": "μικρόφωνο: δεν ξεκίνησε", "en": "microphone: did not start"},
    "preflight.microphone.not_tested": {"el": "μικρόφωνο: δεν ελέγχθηκε", "en": "microphone: not tested"},
}
