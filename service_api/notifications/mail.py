"""What an e-mail about a booking says: its words in Greek and English, and the snapshot it is built from.

Shared by the message bodies (``messages``) and the calendar invitation (``invitation``), which
therefore do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from service_api.domain.calendar_words import MONTHS_IN_DATES, WEEKDAYS
from service_api.domain.kinds import OutboxKind
from service_api.domain.timeutil import wall_clock

# The kinds that change the citizen's calendar, and the iTIP method each sends.
INVITATION_METHODS = {
    OutboxKind.EMAIL_CONFIRMATION: "REQUEST",
    OutboxKind.EMAIL_RESCHEDULED: "REQUEST",
    OutboxKind.EMAIL_CANCELLED: "CANCEL",
}

TEXTS: dict[str, dict[str, str]] = {
    "el": {
        "email.confirmation": "Επιβεβαίωση ραντεβού",
        "email.rescheduled": "Αλλαγή ραντεβού",
        "email.cancelled": "Ακύρωση ραντεβού",
        "email.reminder": "Υπενθύμιση ραντεβού αύριο",
        "email.offer_reschedule": "Παρακαλούμε επιλέξτε νέα ώρα για το ραντεβού σας",
        "email.waitlist_offer": "Ελευθερώθηκε ώρα για εσάς",
        "intro.email.waitlist_offer": "Ελευθερώθηκε ώρα για την υπηρεσία που περιμένατε. "
        "Την κρατάμε για εσάς έως τις {held_until}: επιβεβαιώστε την από τον παρακάτω σύνδεσμο. "
        "Αν δεν την επιβεβαιώσετε ως τότε, θα προταθεί στον επόμενο πολίτη της λίστας αναμονής "
        "και η δική σας αναμονή θα λήξει.",
        "offer_confirm": "Επιβεβαίωση του ραντεβού",
        "offer_leave": "Αποχώρηση από τη λίστα αναμονής",
        # Issue 18 (no-show rescue).
        "email.missed_you": "Σας χάσαμε στο ραντεβού σας",
        "intro.email.missed_you": "Σας περιμέναμε στο ραντεβού σας, αλλά δεν σας είδαμε. "
        "Αν θέλετε, κλείστε μία από τις επόμενες ελεύθερες ώρες με ένα κλικ:",
        "missed_you_none": "Δεν βρέθηκε ελεύθερη ώρα τις επόμενες ημέρες· κλείστε νέο ραντεβού από τη φόρμα.",
        "greeting": "Αγαπητή/έ {name},",
        "intro.email.confirmation": "Το ραντεβού σας καταχωρίστηκε.",
        "intro.email.rescheduled": "Το ραντεβού σας άλλαξε. Ισχύουν τα παρακάτω στοιχεία.",
        "intro.email.cancelled": "Το ραντεβού σας ακυρώθηκε.",
        "intro.email.reminder": "Σας υπενθυμίζουμε ότι αύριο έχετε ραντεβού με τον Δήμο.",
        "intro.email.offer_reschedule": "Δυστυχώς ο υπάλληλος δεν θα είναι διαθέσιμος "
        "την ώρα του ραντεβού σας. "
        "Παρακαλούμε επιλέξτε νέα ώρα από τον παρακάτω σύνδεσμο.",
        "details": "Στοιχεία ραντεβού",
        "reference": "Κωδικός κράτησης",
        "service": "Υπηρεσία",
        "when": "Ημερομηνία και ώρα",
        "mode": "Τρόπος εξυπηρέτησης",
        "where": "Τόπος",
        "in_person": "Φυσική Παρουσία",
        "teleconference": "Τηλεδιάσκεψη",
        "documents": "Απαραίτητα δικαιολογητικά",
        "join": "Συμμετοχή στη συνάντηση",
        "join_hint": "Την ημέρα και ώρα του ραντεβού πατήστε «Συμμετοχή στη συνάντηση».",
        "join_pending": "Ο σύνδεσμος της τηλεδιάσκεψης θα σας σταλεί σε ξεχωριστό μήνυμα.",
        "advice_title": "Συμβουλές για την τηλεδιάσκεψη",
        "advice.camera": "Πριν συνδεθείτε, βεβαιωθείτε ότι η κάμερα και το μικρόφωνο της συσκευής σας "
        "είναι ενεργοποιημένα.",
        "advice.identity": "Έχετε έτοιμη την αστυνομική σας ταυτότητα ή το διαβατήριό σας: θα σας ζητηθεί "
        "να την επιδείξετε, κρατώντας την κοντά στην κάμερα ώστε να καλύπτει την οθόνη.",
        "advice.quiet": "Συνδεθείτε από ήσυχο χώρο, με γρήγορη και αξιόπιστη σύνδεση στο διαδίκτυο.",
        "advice.teams": "Αν συνδεθείτε από υπολογιστή με Windows, συστήνεται η Web έκδοση του "
        "Microsoft Teams.",
        "advice.browser": "Η σύνδεση γίνεται από το πρόγραμμα περιήγησης (browser), χωρίς εγκατάσταση.",
        "advice.lobby": "Μετά τη σύνδεση θα περιμένετε λίγο, μέχρι ο υπάλληλος του Δήμου να σας δεχθεί "
        "στην τηλεδιάσκεψη.",
        "manage_title": "Διαχείριση της κράτησης",
        "reschedule": "Προγραμματισμός εκ νέου",
        "cancel": "Ακύρωση κράτησης",
        "new_booking": "Νέα κράτηση",
        "zone": "Ώρες στη ζώνη {zone}",
        "calendar.request": "Το συνημμένο αρχείο invite.ics προσθέτει το ραντεβού στο ημερολόγιό σας.",
        "calendar.cancel": "Το συνημμένο αρχείο invite.ics αφαιρεί το ραντεβού από το ημερολόγιό σας.",
        "contact": "Επικοινωνία",
        "automatic": "Το μήνυμα στάλθηκε αυτόματα· μην απαντάτε σε αυτό.",
        "signature": "{municipality}",
        "cancelled_note": "Ακυρώθηκε",
        # Issue 18: the «test your connection» page.
        "preflight": "Έλεγχος σύνδεσης, κάμερας και μικροφώνου",
        "preflight_hint": "Δοκιμάστε από πριν, από τη συσκευή που θα χρησιμοποιήσετε, ότι η κάμερα και "
        "το μικρόφωνο λειτουργούν. Η σελίδα εξηγεί και πώς θα συνδεθείτε από τον browser, χωρίς να "
        "εγκαταστήσετε τίποτα.",
        # Issue 18: joint appointments.
        "email.co_applicant_invitation": "Πρόσκληση σε κοινό ραντεβού",
        "intro.email.co_applicant_invitation": "Σας όρισαν συναιτούντα σε ραντεβού με τον Δήμο. "
        "Επιβεβαιώστε τη συμμετοχή σας από τον παρακάτω σύνδεσμο, αφού συνδεθείτε· προθεσμία: "
        "{held_until}. Αν δεν επιβεβαιώσετε ως τότε, το ραντεβού ακυρώνεται.",
        "email.co_applicant_released": "Το κοινό ραντεβού ακυρώθηκε",
        "intro.email.co_applicant_released": "Το κοινό ραντεβού ακυρώθηκε, επειδή δεν επιβεβαιώθηκε "
        "εγκαίρως από όλους τους συναιτούντες. Η ώρα δόθηκε σε άλλους πολίτες· μπορείτε να κλείσετε νέο "
        "ραντεβού.",
    },
    "en": {
        "email.confirmation": "Appointment confirmed",
        "email.rescheduled": "Appointment changed",
        "email.cancelled": "Appointment cancelled",
        "email.reminder": "Reminder: your appointment tomorrow",
        "email.offer_reschedule": "Please choose a new time for your appointment",
        "email.waitlist_offer": "A time has freed up for you",
        "intro.email.waitlist_offer": "A time has freed up for the service you were waiting for. "
        "We hold it for you until {held_until}: confirm it with the link below. If it is not confirmed "
        "by then, it is offered to the next citizen on the waitlist and your place on it ends.",
        "offer_confirm": "Confirm the appointment",
        "offer_leave": "Leave the waitlist",
        # Issue 18 (no-show rescue).
        "email.missed_you": "We missed you at your appointment",
        "intro.email.missed_you": "We were expecting you at your appointment but did not see you. "
        "If you wish, book one of the next free times with one click:",
        "missed_you_none": "No free time was found in the coming days; please book again on the form.",
        "greeting": "Dear {name},",
        "intro.email.confirmation": "Your appointment is booked.",
        "intro.email.rescheduled": "Your appointment has changed. The details below apply.",
        "intro.email.cancelled": "Your appointment has been cancelled.",
        "intro.email.reminder": "This is a reminder of your appointment with the municipality tomorrow.",
        "intro.email.offer_reschedule": "Unfortunately the clerk will not be available at the time of your "
        "appointment. Please choose a new time with the link below.",
        "details": "Appointment details",
        "reference": "Booking reference",
        "service": "Service",
        "when": "Date and time",
        "mode": "How",
        "where": "Where",
        "in_person": "In person",
        "teleconference": "Teleconference",
        "documents": "Documents to bring",
        "join": "Join the meeting",
        "join_hint": "At the time of your appointment, press “Join the meeting”.",
        "join_pending": "The meeting link will follow in a separate message.",
        "advice_title": "Tips for the video call",
        "advice.camera": "Before joining, make sure the camera and microphone of your device are on.",
        "advice.identity": "Have your identity card or passport ready to show: hold it close to the camera "
        "so that it fills the screen.",
        "advice.quiet": "Join from a quiet place with a fast, reliable internet connection.",
        "advice.teams": "On a Windows computer, the web version of Microsoft Teams is recommended.",
        "advice.browser": "You join from your web browser; nothing needs to be installed.",
        "advice.lobby": "After joining, please wait a moment until the clerk lets you into the meeting.",
        "manage_title": "Manage your booking",
        "reschedule": "Reschedule",
        "cancel": "Cancel booking",
        "new_booking": "New booking",
        "zone": "Times in {zone}",
        "calendar.request": "The attached invite.ics adds the appointment to your calendar.",
        "calendar.cancel": "The attached invite.ics removes the appointment from your calendar.",
        "contact": "Contact",
        "automatic": "This message was sent automatically; please do not reply to it.",
        "signature": "{municipality}",
        "cancelled_note": "Cancelled",
        # Issue 18: the «test your connection» page.
        "preflight": "Test your connection, camera and microphone",
        "preflight_hint": "Check beforehand, on the device you will use, that your camera and microphone "
        "work. The page also explains how to join from your browser, with nothing to install.",
        # Issue 18: joint appointments.
        "email.co_applicant_invitation": "Invitation to a joint appointment",
        "intro.email.co_applicant_invitation": "You have been named co-applicant of an appointment with "
        "the municipality. Please confirm that you take part by {held_until} with the link below, after "
        "signing in. If you do not confirm by then, the appointment is cancelled.",
        "email.co_applicant_released": "Joint appointment cancelled",
        "intro.email.co_applicant_released": "The joint appointment was cancelled because not every "
        "co-applicant confirmed in time. The time has been given back; you may book again.",
    },
}

# Each e-mail kind has its subject and opening line in each language (the texts are keyed by kind).
for _language, _words in TEXTS.items():
    for _kind in OutboxKind:
        if _kind.value.startswith("email.") and not {_kind.value, f"intro.{_kind.value}"} <= _words.keys():
            raise RuntimeError(f"notifications.mail: {_language} texts lack {_kind.value}")


@dataclass(frozen=True)
class BookingMail:
    """A snapshot of what an e-mail about a booking says, taken from the store by the job runner."""

    kind: OutboxKind
    reference: str
    language: str
    timezone: str  # the citizen's: the times of the e-mail are shown in it
    citizen_name: str
    citizen_email: str
    service_name: str
    mode: str
    start: datetime  # aware
    documents: list[str]
    meeting_url: str
    manage_url: str
    municipality_name: str
    mail_from: str
    end: datetime | None = None
    public_url: str = ""
    municipality_address: str = ""
    municipality_email: str = ""
    municipality_phone: str = ""
    event_timezone: str = "Europe/Athens"  # the municipality's: the invitation's times are in it
    sequence: int = 0
    # A waitlist offer: until when the time is held, and the signed links to take it or leave the list.
    held_until: datetime | None = None
    offer_url: str = ""
    leave_url: str = ""
    # Issue 18: the «test your connection» page of a teleconference (``/t/<code>``), or empty.
    preflight_url: str = ""
    # Issue 18: the citizen's accessibility needs, worded in ``language``, and their heading.
    needs: tuple[str, ...] = ()
    needs_title: str = ""
    # Issue 18: «we missed you» — (time as the citizen reads it, signed one-click reschedule link).
    choices: tuple[tuple[str, str], ...] = ()
    # Issue 18: a co-applicant's copy links to their own page, which cancels for everyone but never
    # moves the appointment (that is the booker's): no «change the time» link.
    reschedulable: bool = True

    @property
    def finish(self) -> datetime:
        return self.end if self.end is not None else self.start + timedelta(minutes=30)

    @property
    def sender_address(self) -> str:
        """The bare address of ``mail_from`` (which may be written ``Name <address>``)."""
        return parseaddr(self.mail_from)[1] or self.mail_from

    @property
    def organizer_email(self) -> str:
        return self.municipality_email or self.sender_address

    @property
    def texts(self) -> dict[str, str]:
        return TEXTS.get(self.language, TEXTS["el"])


def format_when(start: datetime, zone: ZoneInfo, language: str, end: datetime | None = None) -> str:
    """``Τετάρτη 2 Δεκεμβρίου 2026, 09:00`` (``–09:30`` with an end), in ``zone``; locale-independent.

    A time of the hour lived twice when summer time ends carries its offset (``03:00 (UTC+02:00)``):
    without it the two appointments at 03:00 that night read the same.
    """
    local = start.astimezone(zone)
    until = f"–{wall_clock(end, zone)}" if end is not None else ""
    words = "el" if language == "el" else "en"
    day_name, month_name = WEEKDAYS[words][local.weekday()], MONTHS_IN_DATES[words][local.month - 1]
    return f"{day_name} {local.day} {month_name} {local.year}, {wall_clock(start, zone)}{until}"


def zone_label(start: datetime, zone: ZoneInfo) -> str:
    """``Europe/Athens, UTC+02:00``: the zone and its offset at that moment."""
    offset = start.astimezone(zone).strftime("%z") or "+0000"
    return f"{zone.key}, UTC{offset[:3]}:{offset[3:]}"


def web_link(url: str) -> str:
    """The URL when it is an http(s) address, else empty: nothing else becomes a link or a button."""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def action_url(manage_url: str, action: str) -> str:
    return f"{manage_url}{'&' if '?' in manage_url else '?'}action={action}"
