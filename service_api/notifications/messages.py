"""The words of the e-mails (Greek or English): confirmation, change, cancellation."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from zoneinfo import ZoneInfo

from service_api.domain.timeutil import ATHENS, zone_or_none

TEXTS = {
    "el": {
        "email.confirmation": "Επιβεβαίωση ραντεβού",
        "email.rescheduled": "Αλλαγή ραντεβού",
        "email.cancelled": "Ακύρωση ραντεβού",
        "email.offer_reschedule": "Παρακαλούμε επιλέξτε νέα ώρα για το ραντεβού σας",
        "greeting": "Αγαπητή/έ {name},",
        "intro.email.confirmation": "Το ραντεβού σας καταχωρίστηκε.",
        "intro.email.rescheduled": "Το ραντεβού σας άλλαξε. Ισχύουν τα παρακάτω στοιχεία.",
        "intro.email.cancelled": "Το ραντεβού σας ακυρώθηκε.",
        "intro.email.offer_reschedule": "Δυστυχώς ο υπάλληλος δεν θα είναι διαθέσιμος "
        "την ώρα του ραντεβού σας. "
        "Παρακαλούμε επιλέξτε νέα ώρα από τον παρακάτω σύνδεσμο.",
        "reference": "Κωδικός κράτησης",
        "service": "Υπηρεσία",
        "when": "Ημερομηνία και ώρα",
        "mode": "Τρόπος εξυπηρέτησης",
        "in_person": "Φυσική Παρουσία",
        "teleconference": "Τηλεδιάσκεψη",
        "documents": "Απαραίτητα δικαιολογητικά",
        "join": "Συμμετοχή στη συνάντηση",
        "join_pending": "Ο σύνδεσμος της τηλεδιάσκεψης θα σας σταλεί σε ξεχωριστό μήνυμα.",
        "advice": "Πριν συνδεθείτε, βεβαιωθείτε ότι η κάμερα και το μικρόφωνό σας είναι ενεργοποιημένα. "
        "Έχετε μαζί σας την αστυνομική ταυτότητα ή το διαβατήριό σας για επίδειξη.",
        "reschedule": "Προγραμματισμός εκ νέου",
        "cancel": "Ακύρωση κράτησης",
        "zone": "Ώρες στη ζώνη {zone}",
        "signature": "{municipality}",
    },
    "en": {
        "email.confirmation": "Appointment confirmed",
        "email.rescheduled": "Appointment changed",
        "email.cancelled": "Appointment cancelled",
        "email.offer_reschedule": "Please choose a new time for your appointment",
        "greeting": "Dear {name},",
        "intro.email.confirmation": "Your appointment is booked.",
        "intro.email.rescheduled": "Your appointment has changed. The details below apply.",
        "intro.email.cancelled": "Your appointment has been cancelled.",
        "intro.email.offer_reschedule": "Unfortunately the clerk will not be available at the time of your "
        "appointment. Please choose a new time with the link below.",
        "reference": "Booking reference",
        "service": "Service",
        "when": "Date and time",
        "mode": "How",
        "in_person": "In person",
        "teleconference": "Teleconference",
        "documents": "Documents to bring",
        "join": "Join the meeting",
        "join_pending": "The meeting link will follow in a separate message.",
        "advice": "Before joining, make sure your camera and microphone are on. "
        "Have your identity card or passport ready to show.",
        "reschedule": "Reschedule",
        "cancel": "Cancel booking",
        "zone": "Times in {zone}",
        "signature": "{municipality}",
    },
}

GREEK_MONTHS = [
    "Ιανουαρίου",
    "Φεβρουαρίου",
    "Μαρτίου",
    "Απριλίου",
    "Μαΐου",
    "Ιουνίου",
    "Ιουλίου",
    "Αυγούστου",
    "Σεπτεμβρίου",
    "Οκτωβρίου",
    "Νοεμβρίου",
    "Δεκεμβρίου",
]
GREEK_DAYS = ["Δευτέρα", "Τρίτη", "Τετάρτη", "Πέμπτη", "Παρασκευή", "Σάββατο", "Κυριακή"]


@dataclass(frozen=True)
class BookingMail:
    """A snapshot of what an e-mail about a booking says, taken from the store by the job runner."""

    kind: str
    reference: str
    language: str
    timezone: str
    citizen_name: str
    citizen_email: str
    service_name: str
    mode: str
    start: object  # datetime, aware
    documents: list[str]
    meeting_url: str
    manage_url: str
    municipality_name: str
    mail_from: str


def format_when(start: object, zone: ZoneInfo, language: str) -> str:
    from datetime import datetime

    assert isinstance(start, datetime)
    local = start.astimezone(zone)
    if language == "el":
        day_name, month_name = GREEK_DAYS[local.weekday()], GREEK_MONTHS[local.month - 1]
        return f"{day_name} {local.day} {month_name} {local.year}, {local:%H:%M}"
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def compose(mail: BookingMail) -> EmailMessage:
    t = TEXTS.get(mail.language, TEXTS["el"])
    zone = zone_or_none(mail.timezone) or ATHENS
    lines = [t["greeting"].format(name=mail.citizen_name), "", t[f"intro.{mail.kind}"], ""]
    lines += [
        f"{t['reference']}: {mail.reference}",
        f"{t['service']}: {mail.service_name}",
        f"{t['when']}: {format_when(mail.start, zone, mail.language)} ({t['zone'].format(zone=zone.key)})",
        f"{t['mode']}: {t[mail.mode]}",
    ]
    if mail.kind != "email.cancelled":
        if mail.mode == "teleconference":
            lines += [
                "",
                f"{t['join']}: {mail.meeting_url}" if mail.meeting_url else t["join_pending"],
                t["advice"],
            ]
        if mail.documents:
            lines += ["", f"{t['documents']}:"] + [f"  - {d}" for d in mail.documents]
        lines += ["", f"{t['reschedule']} / {t['cancel']}: {mail.manage_url}"]
    lines += ["", t["signature"].format(municipality=mail.municipality_name)]
    message = EmailMessage()
    message["Subject"] = f"{t[mail.kind]} {mail.reference} – {mail.municipality_name}"
    message["From"] = mail.mail_from
    message["To"] = mail.citizen_email
    message["Message-ID"] = make_msgid(domain=mail.mail_from.split("@")[-1])
    message.set_content("\n".join(lines))
    return message
