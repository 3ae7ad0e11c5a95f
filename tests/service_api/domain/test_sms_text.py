"""The SMS text and its cost: GSM-7 or UCS-2, segments of 160/153 or 70/67, Greek in GSM-7 capitals."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service_api.domain.sms_text import (
    GREEK_LOOKALIKES,
    GSM7_BASIC,
    GSM7_EXTENSION,
    BookingSms,
    Encoding,
    SmsPurpose,
    booking_sms,
    count,
    gsm_text,
    is_gsm7,
)

ATHENS = ZoneInfo("Europe/Athens")
BASIC = "".join(sorted(GSM7_BASIC))
EXTENSION = "".join(sorted(GSM7_EXTENSION))
GREEK_LETTERS = "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΆΈΉΊΌΎΏΪΫ"
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

gsm_texts = st.text(alphabet=BASIC + EXTENSION, max_size=700)
basic_texts = st.text(alphabet=BASIC, max_size=700)
# Anything, from the Basic Multilingual Plane and beyond (emoji: surrogate pairs in UCS-2).
any_texts = st.text(max_size=400)
greek_texts = st.text(alphabet=GREEK_LETTERS + " .,-0123456789«»–;·", max_size=300)
references = st.tuples(*[st.sampled_from(REFERENCE_ALPHABET)] * 8).map(
    lambda c: "".join(c[:4]) + "-" + "".join(c[4:])
)


def _septets(text: str) -> int:
    return sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)


# ---------------------------------------------------------------- the counter
def test_the_limits_of_one_message_and_of_a_segment() -> None:
    assert count("A" * 160).segments == 1 and count("A" * 160).encoding is Encoding.GSM7
    assert count("A" * 161).segments == 2 and count("A" * 306).segments == 2
    assert count("A" * 307).segments == 3
    assert count("€" * 80).units == 160 and count("€" * 80).segments == 1  # two septets each
    assert count("€" * 81).segments == 2
    assert count("α" * 70).segments == 1 and count("α" * 70).encoding is Encoding.UCS2
    assert count("α" * 71).segments == 2 and count("α" * 134).segments == 2 and count("α" * 135).segments == 3
    assert count("😀" * 35).units == 70 and count("😀" * 35).segments == 1  # surrogate pairs: two units
    assert count("").segments == 1


def test_an_escape_pair_never_straddles_two_segments() -> None:
    # 152 plain characters and a €: 154 septets, the € does not fit the first segment's last septet.
    text = "A" * 152 + "€" + "A" * 10
    assert count(text).units == 164 and count(text).segments == 2
    # 306 septets would fill two segments exactly, but the first € moves on: 152 | 76 € | the last €.
    assert count("A" * 152 + "€" * 77).segments == 3


@given(gsm_texts)
def test_a_gsm7_text_is_one_message_up_to_160_septets_and_153_a_segment_beyond(text: str) -> None:
    counted = count(text)
    assert counted.encoding is Encoding.GSM7 and is_gsm7(text)
    assert counted.units == _septets(text)
    if counted.units <= 160:
        assert counted.segments == 1
    else:
        # At least the septets over 153 each; at most one septet a segment lost to an escape pair.
        assert math.ceil(counted.units / 153) <= counted.segments <= math.ceil(counted.units / 152)


@given(basic_texts)
def test_basic_characters_count_one_septet_each(text: str) -> None:
    counted = count(text)
    assert counted.units == len(text)
    assert counted.segments == (1 if len(text) <= 160 else math.ceil(len(text) / 153))


@given(any_texts)
def test_any_character_outside_gsm7_makes_the_whole_text_ucs2(text: str) -> None:
    counted = count(text)
    if is_gsm7(text):
        assert counted.encoding is Encoding.GSM7
        return
    units = len(text.encode("utf-16-le")) // 2
    assert counted.encoding is Encoding.UCS2 and counted.units == units
    if units <= 70:
        assert counted.segments == 1
    else:
        assert math.ceil(units / 67) <= counted.segments <= math.ceil(units / 66)


@given(any_texts, any_texts)
def test_more_text_never_costs_fewer_segments(first: str, more: str) -> None:
    if count(first).encoding == count(first + more).encoding:
        assert count(first + more).segments >= count(first).segments


# ---------------------------------------------------------------- Greek in GSM-7 capitals
def test_lowercase_and_accented_greek_is_not_gsm7_but_its_capitals_are() -> None:
    assert not is_gsm7("ραντεβού") and not is_gsm7("Ραντεβού") and not is_gsm7("Α")  # U+0391: not Latin A
    assert gsm_text("Ραντεβού", capitals=True) == "PANTEBOY"  # Latin twins: the GSM-7 letters
    assert gsm_text("Ψυχή, δώδεκα ΐ ς", capitals=True) == "ΨYXH, ΔΩΔEKA I Σ"
    assert gsm_text("«Αίτηση» – σύμφωνο…", capitals=True) == '"AITHΣH" - ΣYMΦΩNO...'
    for greek, latin in GREEK_LOOKALIKES.items():
        assert greek != latin and latin in GSM7_BASIC and latin.isascii()
    assert set("ΓΔΘΛΞΠΣΦΨΩ") <= GSM7_BASIC  # the ten Greek capitals GSM-7 has of its own


@given(greek_texts)
def test_every_greek_text_written_in_capitals_is_gsm7(text: str) -> None:
    written = gsm_text(text, capitals=True)
    assert is_gsm7(written)
    assert count(written).units <= 3 * len(text) + 1  # "…" becomes "...": nothing else grows


@given(any_texts)
def test_gsm_text_keeps_what_gsm7_has_and_never_loses_a_character(text: str) -> None:
    written = gsm_text(text)
    if is_gsm7(text) and "\t" not in text:
        assert written == text
    assert len(written) >= len(text)


# ---------------------------------------------------------------- the booking messages
LONG_NAME = (
    "Έκδοση πιστοποιητικού οικογενειακής κατάστασης για χρήση στο εξωτερικό, με επικύρωση "
    "της υπογραφής και σφραγίδα της Χάγης (Apostille) – για όλους τους δημότες"
)


def _sms(purpose: SmsPurpose = SmsPurpose.CONFIRMATION, **overrides: object) -> BookingSms:
    values: dict[str, object] = {
        "language": "el",
        "start": datetime(2026, 12, 3, 7, 0, tzinfo=UTC),  # Thursday 09:00 in Athens
        "zone": ATHENS,
        "service_name": "Αίτηση για Σύμφωνο Συμβίωσης",
        "reference": "7KQ4-M9TZ",
        "manage_url": "https://rantevou.larissa.gr/m/7KQ4M9TZABCDEFGHJK",
    }
    values.update(overrides)
    return booking_sms(purpose, **values)  # type: ignore[arg-type]


def test_the_confirmation_says_when_what_which_and_where_to_change_it_in_one_gsm7_sms() -> None:
    sms = _sms()
    assert sms.text == (
        "EΠIBEBAIΩΣH PANTEBOY: ΠEM 3/12 09:00, AITHΣH ΓIA ΣYMΦΩNO ΣYMBIΩΣHΣ, KΩΔ. 7KQ4-M9TZ. "
        "AΛΛAΓH/AKYPΩΣH: https://rantevou.larissa.gr/m/7KQ4M9TZABCDEFGHJK"
    )
    assert sms.count.encoding is Encoding.GSM7 and sms.count.segments == 1 and sms.with_link


def test_the_reminder_in_english_names_a_teleconference() -> None:
    sms = _sms(
        SmsPurpose.REMINDER, language="en", service_name="Transfer of registration", teleconference=True
    )
    assert sms.text == (
        "Appointment reminder: Thu 3 Dec 09:00 teleconference, Transfer of registration, Ref. 7KQ4-M9TZ. "
        "Change/cancel: https://rantevou.larissa.gr/m/7KQ4M9TZABCDEFGHJK"
    )


def test_a_long_service_name_is_cut_to_fit_160_characters_and_the_link_stays() -> None:
    sms = _sms(service_name=LONG_NAME, teleconference=True)
    text = sms.text
    assert len(text) == 160 and sms.count.segments == 1 and sms.count.encoding is Encoding.GSM7
    assert "EKΔOΣH ΠIΣTOΠOIHTIKOY" in text and "KΩΔ. 7KQ4-M9TZ" in text and text.endswith("GHJK")


def test_a_link_too_long_to_leave_room_for_the_service_is_left_out() -> None:
    long_url = "https://" + "rantevou." * 8 + "gr/m/7KQ4M9TZABCDEFGHJK"
    sms = _sms(manage_url=long_url)
    assert not sms.with_link and "http" not in sms.text and "ΣYMBIΩΣHΣ" in sms.text


def test_the_time_is_athens_time_in_summer_and_winter() -> None:
    summer = _sms(start=datetime(2027, 7, 1, 6, 30, tzinfo=UTC))
    assert "ΠEM 1/7 09:30" in summer.text  # UTC+3
    winter = _sms(start=datetime(2027, 1, 4, 6, 30, tzinfo=UTC))
    assert "ΔEY 4/1 08:30" in winter.text  # UTC+2


def test_a_name_gsm7_cannot_write_makes_a_counted_ucs2_message() -> None:
    sms = _sms(service_name="Справка о регистрации по месту жительства для иностранных граждан")
    assert sms.count.encoding is Encoding.UCS2
    assert len(sms.text) <= 160 and sms.count.segments == math.ceil(len(sms.text) / 67)


@settings(max_examples=300, deadline=None)
@given(
    purpose=st.sampled_from(list(SmsPurpose)),
    language=st.sampled_from(["el", "en"]),
    name=greek_texts | st.text(alphabet=BASIC, max_size=300),
    reference=references,
    minutes=st.integers(min_value=0, max_value=400 * 24 * 60),
    teleconference=st.booleans(),
    host=st.text(alphabet="abcdefghijklmnopqrstuvwxyz.-", min_size=1, max_size=60),
)
def test_every_confirmation_and_reminder_is_one_gsm7_sms_with_its_reference_and_time(
    purpose: SmsPurpose,
    language: str,
    name: str,
    reference: str,
    minutes: int,
    teleconference: bool,
    host: str,
) -> None:
    start = datetime(2026, 12, 1, 6, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    link = f"https://{host}/m/{reference.replace('-', '')}ABCDEFGHJK"
    sms = booking_sms(
        purpose,
        language=language,
        start=start,
        zone=ATHENS,
        service_name=name,
        reference=reference,
        manage_url=link,
        teleconference=teleconference,
    )
    assert sms.count.encoding is Encoding.GSM7 and sms.count.segments == 1, sms.text
    assert sms.count.units <= 160
    assert reference in sms.text and start.astimezone(ATHENS).strftime("%H:%M") in sms.text
    assert (link in sms.text) == sms.with_link
    if len(host) <= 30:
        assert sms.with_link  # an ordinary public address keeps the link


@pytest.mark.parametrize("purpose", list(SmsPurpose))
def test_greek_words_are_written_in_gsm7_capitals(purpose: SmsPurpose) -> None:
    text = _sms(purpose).text
    assert is_gsm7(text) and not any("\u0370" <= ch <= "\u03ff" and ch not in GSM7_BASIC for ch in text)
