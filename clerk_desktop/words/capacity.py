"""Greek and English words of the capacity block of the statistics view (issue 18)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "capacity.title": {"el": "Ζήτηση και δυναμικότητα", "en": "Demand and capacity"},
    "capacity.hint": {
        "el": "Ζήτηση των τελευταίων 4 εβδομάδων (ραντεβού, λίστα αναμονής, αναζητήσεις χωρίς "
        "αποτέλεσμα) απέναντι στις ώρες των αρμόδιων υπαλλήλων των επόμενων 4 εβδομάδων.",
        "en": "Demand of the last 4 weeks (bookings, waitlist, searches that found nothing) against the "
        "qualified clerks' hours over the next 4 weeks.",
    },
    "capacity.refresh": {"el": "Ανανέωση προτάσεων", "en": "Refresh suggestions"},
    "capacity.mode.in_person": {"el": "δια ζώσης", "en": "in person"},
    "capacity.mode.teleconference": {"el": "τηλεδιάσκεψη", "en": "teleconference"},
    "capacity.chart.demand": {"el": "Ζήτηση έναντι προσφοράς (ώρες)", "en": "Demand against supply (hours)"},
    "capacity.chart.lead": {"el": "Ημέρες ως την πρώτη ελεύθερη ώρα", "en": "Days to the first free slot"},
    "capacity.chart.no_show": {"el": "Ποσοστό μη προσέλευσης (%)", "en": "No-show rate (%)"},
    "capacity.series.demand": {"el": "Ζήτηση", "en": "Demand"},
    "capacity.series.supply": {"el": "Ώρες υπαλλήλων", "en": "Clerks' hours"},
    "capacity.series.booked": {"el": "Κλεισμένες ώρες", "en": "Booked hours"},
    "capacity.series.lead": {"el": "Ημέρες", "en": "Days"},
    "capacity.series.no_show": {"el": "Μη προσέλευση", "en": "No-shows"},
    "capacity.suggestions": {"el": "Προτάσεις της εβδομάδας", "en": "This week's suggestions"},
    "capacity.none": {
        "el": "Καμία πρόταση: καμία υπηρεσία δεν χρειάζεται περισσότερες ώρες.",
        "en": "No suggestions: no service needs more hours.",
    },
    "capacity.show_all": {"el": "Εμφάνιση όλων ({count})", "en": "Show all ({count})"},
    "capacity.most_pressed": {
        "el": "Τα γραφήματα δείχνουν τους {shown} συνδυασμούς υπηρεσίας και τρόπου με τη μεγαλύτερη πίεση, "
        "από τους {count}.",
        "en": "The charts show the {shown} most pressed services and modes, of {count}.",
    },
    "capacity.empty": {"el": "Δεν υπάρχουν ακόμη στοιχεία.", "en": "No figures yet."},
    "capacity.apply": {"el": "Εφαρμογή", "en": "Apply"},
    "capacity.confirm.title": {"el": "Εφαρμογή πρότασης", "en": "Apply suggestion"},
    "capacity.confirm.text": {
        "el": "Να προστεθούν στο εβδομαδιαίο ωράριο;\n\n{text}\n\nΘα αποθηκευτεί ως νέα έκδοση του ωραρίου.",
        "en": "Add to the weekly plan?\n\n{text}\n\nIt is saved as a new version of the plan.",
    },
    "capacity.applied": {
        "el": "Η πρόταση εφαρμόστηκε: το ωράριο άλλαξε.",
        "en": "The suggestion was applied: the plan has changed.",
    },
    "capacity.no_slot": {"el": "καμία", "en": "none"},
}
