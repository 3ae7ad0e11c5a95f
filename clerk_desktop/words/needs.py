"""Greek and English words of accessibility needs (issue 18): banner, markers, forms, figures."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "need.wheelchair": {"el": "Αναπηρικό αμαξίδιο", "en": "Wheelchair access"},
    "need.sign_language": {"el": "Νοηματική γλώσσα", "en": "Sign language"},
    "need.interpreter": {"el": "Διερμηνέας", "en": "Interpreter"},
    "need.extra_time": {"el": "Περισσότερος χρόνος", "en": "Extra time"},
    "need.assistant": {"el": "Συνοδός ή βοηθός", "en": "Companion or assistant"},
    "needs.banner": {"el": "Διευκολύνσεις: {needs}", "en": "Accessibility needs: {needs}"},
    "needs.marker": {"el": "Με διευκολύνσεις: {needs}", "en": "With accessibility needs: {needs}"},
    "needs.supports": {"el": "Υποστήριξη πολιτών", "en": "Support for citizens"},
    "needs.sign_language_offered": {
        "el": "Εξυπηρετεί στη νοηματική γλώσσα",
        "en": "Serves in sign language",
    },
    "needs.languages": {"el": "Γλώσσες διερμηνείας", "en": "Interpreting languages"},
    "needs.languages_hint": {
        "el": "Χωρισμένες με κόμμα, π.χ. «Αραβικά, English»",
        "en": "Separated by commas, e.g. “Arabic, Αγγλικά”",
    },
    "needs.extra_time_minutes": {
        "el": "Επιπλέον χρόνος, όταν ζητηθεί",
        "en": "Extra time, when asked for",
    },
    "needs.served_title": {"el": "Εξυπηρετήσεις με διευκολύνσεις", "en": "Needs served"},
    "needs.served_need": {"el": "Διευκόλυνση", "en": "Need"},
    "needs.served_count": {"el": "Ολοκληρωμένα ραντεβού", "en": "Completed appointments"},
}
