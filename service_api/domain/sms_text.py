"""What an SMS about a booking says, and what it costs: GSM-7 or UCS-2, and how many segments.

Pure functions. A message of GSM 03.38's 7-bit alphabet (GSM-7) carries 160 characters in one SMS
(153 a segment when it is split); one character outside it turns the whole message into UCS-2, with
70 characters (67 a segment). Lowercase and accented Greek are not GSM-7, but every Greek capital
is: ten of them (Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω) are GSM-7 letters of their own, and the other fourteen look
exactly like a Latin capital GSM-7 has (Α→A, Β→B, Ε→E, Ζ→Z, Η→H, Ι→I, Κ→K, Μ→M, Ν→N, Ο→O, Ρ→P,
Τ→T, Υ→Y, Χ→X). So a Greek text written in capitals without accents, with those fourteen sent as
their Latin twins, reads as Greek on every phone and still fits 160 characters: that is how the
confirmation and the reminder are written (:func:`booking_sms`), within one SMS.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

# GSM 03.38, the default alphabet (the escape character itself left out) and its extension table,
# whose characters take two septets each (escape + character). Greek capitals as U+0393…U+03A9.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_SEGMENT = 160, 153
UCS2_SINGLE, UCS2_SEGMENT = 70, 67

# The Greek capitals GSM-7 lacks, as the Latin capital that looks the same.
GREEK_LOOKALIKES = {
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
}
# Typography GSM-7 lacks, as the nearest character it has.
PUNCTUATION = {
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "΄": "'",
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
    "…": "...",
    "\u0387": ";",  # the Greek ano teleia
    "\u00b7": ",",  # a middle dot
    "\u037e": ";",  # the Greek question mark: a semicolon to look at
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\t": " ",
}


class Encoding(StrEnum):
    GSM7 = "gsm7"
    UCS2 = "ucs2"


@dataclass(frozen=True)
class SmsCount:
    """What a text costs: its encoding, its length in that encoding's units, and the segments billed."""

    encoding: Encoding
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int

    @property
    def single(self) -> bool:
        return self.segments == 1


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _pack(weights: Iterable[int], single: int, segment: int) -> tuple[int, int]:
    """Units and segments of characters of these widths: one message up to ``single`` units, else
    segments of ``segment`` units, a character never split between two (an escape pair, a surrogate
    pair)."""
    widths = list(weights)
    units = sum(widths)
    if units <= single:
        return units, 1
    segments, used = 1, 0
    for width in widths:
        if used + width > segment:
            segments, used = segments + 1, 0
        used += width
    return units, segments


def count(text: str) -> SmsCount:
    """The encoding a gateway must use for ``text``, its length and the segments it is billed as."""
    if is_gsm7(text):
        units, segments = _pack((2 if ch in GSM7_EXTENSION else 1 for ch in text), GSM7_SINGLE, GSM7_SEGMENT)
        return SmsCount(Encoding.GSM7, units, segments)
    units, segments = _pack((2 if ord(ch) > 0xFFFF else 1 for ch in text), UCS2_SINGLE, UCS2_SEGMENT)
    return SmsCount(Encoding.UCS2, units, segments)


def septets(text: str) -> int:
    """The length of a GSM-7 text in septets (an extension character counts two)."""
    return sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)


def _unaccented(text: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    )


def _is_greek(ch: str) -> bool:
    return "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff"


def gsm_text(text: str, *, capitals: bool = False) -> str:
    """``text`` in GSM-7 as far as it goes: typography replaced, Greek letters as unaccented capitals
    (the fourteen without a GSM-7 letter of their own as their Latin twins), other accented letters
    unaccented where GSM-7 lacks the accented one. ``capitals``: every letter in capitals, as the
    Greek ones must be. A character with no GSM-7 form stays as it is (the text is then UCS-2)."""
    text = "".join(PUNCTUATION.get(ch, ch) for ch in text)
    if capitals:
        text = _unaccented(text).upper()
    out: list[str] = []
    for ch in text:
        if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
            out.append(ch)
            continue
        if _is_greek(ch):
            ch = _unaccented(ch).upper()
            out.append("".join(GREEK_LOOKALIKES.get(c, c) for c in ch))
            continue
        base = _unaccented(ch)
        out.append(base if base and is_gsm7(base) else ch)
    return "".join(out)


# ------------------------------------------------------------------------- the booking messages
class SmsPurpose(StrEnum):
    CONFIRMATION = "confirmation"
    REMINDER = "reminder"


WEEKDAYS_SHORT = {
    "el": ("ΔΕΥ", "ΤΡΙ", "ΤΕΤ", "ΠΕΜ", "ΠΑΡ", "ΣΑΒ", "ΚΥΡ"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
MONTHS_SHORT_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WORDS = {
    "el": {
        SmsPurpose.CONFIRMATION: "ΕΠΙΒΕΒΑΙΩΣΗ ΡΑΝΤΕΒΟΥ",
        SmsPurpose.REMINDER: "ΥΠΕΝΘΥΜΙΣΗ ΡΑΝΤΕΒΟΥ",
        "teleconference": "ΤΗΛΕΔΙΑΣΚΕΨΗ",
        "reference": "ΚΩΔ.",
        "manage": "ΑΛΛΑΓΗ/ΑΚΥΡΩΣΗ",
    },
    "en": {
        SmsPurpose.CONFIRMATION: "Appointment confirmed",
        SmsPurpose.REMINDER: "Appointment reminder",
        "teleconference": "teleconference",
        "reference": "Ref.",
        "manage": "Change/cancel",
    },
}
# Below this many characters for the service's name, the manage link is left out to make room.
MIN_SERVICE_ROOM = 16


@dataclass(frozen=True)
class BookingSms:
    """The text of an SMS about a booking, and what it costs."""

    text: str
    count: SmsCount
    with_link: bool


def sms_when(start: datetime, zone: tzinfo, language: str) -> str:
    """``ΠΕΜ 3/12 09:00`` (Greek) or ``Thu 3 Dec 09:00``, in ``zone``."""
    local = start.astimezone(zone)
    day = WEEKDAYS_SHORT["en" if language == "en" else "el"][local.weekday()]
    if language == "en":
        return f"{day} {local.day} {MONTHS_SHORT_EN[local.month - 1]} {local:%H:%M}"
    return f"{day} {local.day}/{local.month} {local:%H:%M}"


def _cut(text: str, room: int) -> str:
    """``text`` cut to ``room`` septets, a cut marked with a full stop."""
    if septets(text) <= room:
        return text
    out, used = "", 0
    for ch in text:
        width = 2 if ch in GSM7_EXTENSION else 1
        if used + width > room - 1:
            break
        out, used = out + ch, used + width
    return out.rstrip(" ,.-/") + "." if room > 1 else ""


def booking_sms(
    purpose: SmsPurpose,
    *,
    language: str,
    start: datetime,
    zone: tzinfo,
    service_name: str,
    reference: str,
    manage_url: str = "",
    teleconference: bool = False,
) -> BookingSms:
    """The confirmation or reminder: when (in ``zone``), the service, the reference and the manage link.

    Greek is written in GSM-7 capitals (see the module), English as it is, so that the whole fits
    one 160-character SMS: the service's name is cut to the room left, and the link is left out when
    it would leave the name fewer than ``MIN_SERVICE_ROOM`` characters. Only a name with characters
    GSM-7 cannot write at all (say, Cyrillic) makes a UCS-2 message; ``count`` says what it costs.
    """
    greek = language != "en"
    words = WORDS["el" if greek else "en"]
    head = gsm_text(words[purpose], capitals=greek)
    when = gsm_text(sms_when(start, zone, language), capitals=greek)
    if teleconference:
        when += " " + gsm_text(words["teleconference"], capitals=greek)
    reference_part = f"{gsm_text(words['reference'], capitals=greek)} {reference}"
    manage_label = gsm_text(words["manage"], capitals=greek)
    service = gsm_text(" ".join(service_name.split()), capitals=greek)

    def compose(name: str, link: str) -> str:
        text = f"{head}: {when}, {name}, {reference_part}." if name else f"{head}: {when}, {reference_part}."
        return f"{text} {manage_label}: {link}" if link else text

    links = [manage_url, ""] if manage_url else [""]
    for link in links:
        room = GSM7_SINGLE - septets(compose("", link)) - 2  # the ", " before the name
        if room >= MIN_SERVICE_ROOM or not link:
            text = compose(_cut(service, room), link)
            return BookingSms(text=text, count=count(text), with_link=bool(link))
    raise AssertionError("unreachable: the last try has no link")
