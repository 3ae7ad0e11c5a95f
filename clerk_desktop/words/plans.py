"""Greek and English words of the administration window's plans tab."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "admin.tab.plans": {"el": "Ωράριο", "en": "Working hours"},
    "plans.clerk": {"el": "Υπάλληλος:", "en": "Clerk:"},
    "plans.version": {"el": "Έκδοση:", "en": "Version:"},
    "plans.effective_from": {"el": "Ισχύει από:", "en": "Effective from:"},
    "plans.version.current": {"el": "Σε ισχύ (από {day})", "en": "In force (since {day})"},
    "plans.version.always": {"el": "Σε ισχύ", "en": "In force"},
    "plans.version.later": {"el": "Από {day}", "en": "From {day}"},
    "plans.version.none": {"el": "Χωρίς ωράριο", "en": "No plan"},
    "plans.version.new": {"el": "Νέα έκδοση…", "en": "New version…"},
    "plans.new_version": {"el": "Νέα έκδοση", "en": "New version"},
    "plans.save": {"el": "Αποθήκευση", "en": "Save"},
    "plans.delete_version": {"el": "Διαγραφή έκδοσης", "en": "Delete version"},
    "plans.refresh": {"el": "Ανανέωση", "en": "Refresh"},
    "plans.editor": {"el": "Εβδομαδιαίο ωράριο", "en": "Weekly plan"},
    "plans.help": {
        "el": "Σύρετε σε κενό χώρο για νέο διάστημα· σύρετε ένα διάστημα για μετακίνηση ή την άκρη του για "
        "αλλαγή διάρκειας· δεξί κλικ για μονές/ζυγές εβδομάδες· Delete για διαγραφή, βέλη για μετακίνηση.",
        "en": "Drag on empty space to draw a period; drag a period to move it or its edge to resize it; "
        "right-click for odd/even weeks; Delete removes it, the arrow keys move it.",
    },
    "plans.day.mon": {"el": "Δευτέρα", "en": "Monday"},
    "plans.day.tue": {"el": "Τρίτη", "en": "Tuesday"},
    "plans.day.wed": {"el": "Τετάρτη", "en": "Wednesday"},
    "plans.day.thu": {"el": "Πέμπτη", "en": "Thursday"},
    "plans.day.fri": {"el": "Παρασκευή", "en": "Friday"},
    "plans.day.sat": {"el": "Σάββατο", "en": "Saturday"},
    "plans.day.sun": {"el": "Κυριακή", "en": "Sunday"},
    "plans.weeks.all": {"el": "Κάθε εβδομάδα", "en": "Every week"},
    "plans.weeks.odd": {"el": "Μονές εβδομάδες", "en": "Odd weeks"},
    "plans.weeks.even": {"el": "Ζυγές εβδομάδες", "en": "Even weeks"},
    "plans.weeks_short.odd": {"el": "μονές", "en": "odd"},
    "plans.weeks_short.even": {"el": "ζυγές", "en": "even"},
    "plans.remove_period": {"el": "Διαγραφή διαστήματος", "en": "Remove period"},
    "plans.overlap": {
        "el": "Το {new} επικαλύπτει το {old}: δύο διαστήματα της ίδιας ημέρας και εβδομάδας δεν "
        "μπορούν να επικαλύπτονται.",
        "en": "{new} overlaps {old}: two periods of the same day and week cannot overlap.",
    },
    "plans.loading": {"el": "Φόρτωση ωραρίου…", "en": "Loading the plan…"},
    "plans.pick_clerk": {"el": "Επιλέξτε υπάλληλο.", "en": "Choose a clerk."},
    "plans.saved": {
        "el": "Αποθηκεύτηκε το ωράριο του/της {name} από {day}.",
        "en": "Saved {name}'s plan from {day}.",
    },
    "plans.deleted": {
        "el": "Διαγράφηκε η έκδοση από {day}· συνεχίζει η προηγούμενη.",
        "en": "Deleted the version from {day}; the previous one continues.",
    },
    "plans.warnings_title": {"el": "Προειδοποιήσεις ωραρίου", "en": "Plan warnings"},
    "plans.refused_title": {"el": "Το ωράριο δεν αποθηκεύτηκε", "en": "The plan was not saved"},
    "plans.outside_title": {"el": "Ραντεβού εκτός ωραρίου", "en": "Bookings outside the plan"},
    "plans.outside": {
        "el": "{count} ραντεβού θα έμεναν εκτός ωραρίου:",
        "en": "{count} booking(s) would be left outside working time:",
    },
    "plans.outside_more": {"el": "  … και {count} ακόμη", "en": "  … and {count} more"},
    "plans.outside_offer": {
        "el": "Ανοίξτε το σχέδιο κάλυψης για να τα αναθέσετε σε άλλους, ή αποθηκεύστε παρ' όλα αυτά "
        "(τα ραντεβού μένουν όπως είναι).",
        "en": "Open the cover plan to give them to others, or save anyway (the bookings stay as they are).",
    },
    "plans.open_cover": {"el": "Άνοιγμα σχεδίου κάλυψης", "en": "Open the cover plan"},
    "plans.save_anyway": {"el": "Αποθήκευση παρ' όλα αυτά", "en": "Save anyway"},
    "plans.accepted_outside": {
        "el": "Αποθηκεύτηκε· {count} ραντεβού έμειναν εκτός ωραρίου: καλύψτε τα από το σχέδιο κάλυψης.",
        "en": "Saved; {count} booking(s) are outside working time: cover them with the cover plan.",
    },
    "plans.delete_title": {"el": "Διαγραφή έκδοσης", "en": "Delete version"},
    "plans.delete_question": {
        "el": "Να διαγραφεί η έκδοση από {day}; Θα συνεχίσει να ισχύει η προηγούμενη.",
        "en": "Delete the version from {day}? The previous one will continue.",
    },
    "plans.delete": {"el": "Διαγραφή", "en": "Delete"},
    "plans.only_later": {
        "el": "Μόνο μεταγενέστερη έκδοση διαγράφεται· το ωράριο σε ισχύ αντικαθίσταται με νέα έκδοση.",
        "en": "Only a later version can be deleted; the plan in force is replaced by a new version.",
    },
    "plans.unsaved": {
        "el": "Υπάρχουν μη αποθηκευμένες αλλαγές στο ωράριο. Να απορριφθούν;",
        "en": "The plan has unsaved changes. Discard them?",
    },
    "plans.discard": {"el": "Απόρριψη αλλαγών", "en": "Discard changes"},
    "plans.exceptions": {"el": "Έκτακτες αλλαγές", "en": "One-off changes"},
    "plans.exception.day": {"el": "Ημερομηνία:", "en": "Date:"},
    "plans.exception.kind": {"el": "Είδος:", "en": "Kind:"},
    "plans.exception.whole_day": {"el": "Όλη η ημέρα", "en": "Whole day"},
    "plans.exception.from": {"el": "Από:", "en": "From:"},
    "plans.exception.to": {"el": "Έως:", "en": "To:"},
    "plans.exception.note": {"el": "Σημείωση:", "en": "Note:"},
    "plans.exception.add": {"el": "Προσθήκη", "en": "Add"},
    "plans.exception.remove": {"el": "Αφαίρεση", "en": "Remove"},
    "plans.exception.added": {"el": "Προστέθηκε: {what}", "en": "Added: {what}"},
    "plans.exception.removed": {"el": "Αφαιρέθηκε: {what}", "en": "Removed: {what}"},
    "plans.exception.none": {"el": "Καμία έκτακτη αλλαγή.", "en": "No one-off changes."},
    "plans.kind.extra": {"el": "Επιπλέον ώρες", "en": "Extra hours"},
    "plans.kind.closed": {"el": "Κλειστό", "en": "Closed"},
    "plans.whole_day": {"el": "όλη η ημέρα", "en": "whole day"},
}
