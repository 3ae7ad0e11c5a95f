"""Data protection (issue 17): the access log for the dpo, and a citizen's export (Art. 15) and erasure
(Art. 17) for the dpo and admins.

The log has no route that changes it: only ``GET /access-log``. An export's bookings are serialised
through ``staff_reads`` like every other staff read, so the export itself shows up in the log.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

from flask import Response, current_app, render_template, request

from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, query_date, query_id, query_int, staff_required
from service_api.api.schemas import CitizenSubjectIn
from service_api.api.serialize import iso
from service_api.api.staff_reads import bookings_json, recorded
from service_api.booking import access_log, data_protection
from service_api.domain.data_subject import Subject, subject_from
from service_api.domain.errors import RuleViolation
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import SUBJECT_REQUEST_ROLES, Actor, Role
from service_api.domain.timeutil import ATHENS
from service_api.runtime import runtime

_REFERENCE = re.compile(r"[A-Za-z0-9-]{4,20}")


def _subject_in_query(required: bool) -> Subject | None:
    email, afm = request.args.get("email"), request.args.get("afm")
    if not required and not (email or afm):
        return None
    return subject_from(email=email, afm=afm)


def _local_day_start(name: str, days_after: int = 0) -> datetime | None:
    if name not in request.args:
        return None
    day = query_date(name) + timedelta(days=days_after)
    return datetime.combine(day, time(0), tzinfo=ATHENS)


@bp.get("/access-log")
@staff_required(Role.DPO)
def read_access_log(actor: Actor) -> Any:
    """Who read which booking's personal data, newest first: of a booking (``reference``), a citizen
    (``email`` or ``afm``) or a member of staff (``staff_id``), over Athens dates ``from``..``to``."""
    reference = request.args.get("reference") or None
    if reference is not None and not _REFERENCE.fullmatch(reference):
        raise RuleViolation("Not a booking reference.", fields={"reference": "Such as ABCD-2345."})
    with runtime().store.read() as session:
        page = data_protection.read_access_log(
            session,
            actor,
            runtime().config.secret_key,
            reference=reference,
            subject=_subject_in_query(required=False),
            staff_id=query_id("staff_id"),
            since=_local_day_start("from"),
            until=_local_day_start("to", days_after=1),
            before=query_id("cursor"),
            limit=query_int("limit", access_log.PAGE_SIZE, low=1, high=access_log.MAX_PAGE_SIZE),
        )
    return {"entries": [entry.as_json() for entry in page.entries], "next_cursor": page.next_cursor}


@bp.get("/citizens/export")
@staff_required(*SUBJECT_REQUEST_ROLES)
def export_citizen(actor: Actor) -> Any:
    """Everything held about one citizen, as JSON or (``format=html``) a page to read and print."""
    form = request.args.get("format", "json")
    lang = request.args.get("lang", "el")
    if form not in ("json", "html"):
        raise RuleViolation("'format' must be json or html.", fields={"format": "json or html."})
    if lang not in ("el", "en"):
        raise RuleViolation("'lang' must be el or en.", fields={"lang": "Use el or en."})
    subject = _subject_in_query(required=True)
    assert subject is not None
    records = data_protection.gather(runtime().bookings, actor, subject)
    document = {
        "subject": {subject.kind.value: subject.value},
        "generated_at": iso(records.generated_at),
        "generated_by": records.generated_by,
        "bookings": bookings_json(actor, records.bookings, AccessChannel.SUBJECT_ACCESS),
        "emails": records.emails,
        "audit": records.audit,
        "access_log": [entry.as_json() for entry in records.access],
        "sign_ins": records.sign_ins,
        "waitlist": records.waitlist,
        "joint_as_co_applicant": records.joint.rows,  # their own rows; the booker's details are not theirs
    }
    recorded(actor, records.joint.bookings, AccessChannel.SUBJECT_ACCESS)
    stamp = records.generated_at.astimezone(ATHENS).strftime("%Y%m%d-%H%M")
    if form == "json":
        response = Response(current_app.json.dumps(document), content_type="application/json; charset=utf-8")
        name = f"subject-access-{stamp}.json"
    else:
        words = HTML_WORDS[lang]
        html = render_template(
            "data_protection/subject_access.html",
            doc=document,
            lang=lang,
            w=lambda key: words.get(key) or key.rsplit(".", 1)[-1].replace("_", " "),
            local=_local_time,
        )
        response = Response(html, content_type="text/html; charset=utf-8")
        name = f"subject-access-{stamp}.html"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/citizens/erase")
@staff_required(*SUBJECT_REQUEST_ROLES)
def erase_citizen(actor: Actor) -> Any:
    """Anonymise the citizen now, as the retention purge would (statistics keep their counts); 409
    while any of their bookings is still to come."""
    body = parse_body(CitizenSubjectIn)
    subject = subject_from(email=body.email, afm=body.afm)
    return {"erased": data_protection.erase(runtime().bookings, actor, subject).as_json()}


def _local_time(moment: str | None) -> str:
    """An ISO instant as people in Greece read it: 02/12/2026 09:30 (Athens time)."""
    return datetime.fromisoformat(moment).astimezone(ATHENS).strftime("%d/%m/%Y %H:%M") if moment else ""


_CHANNELS_EL = {
    "panel": "καρτέλα ραντεβού",
    "list": "λίστα ραντεβού",
    "feed": "ενημέρωση εφαρμογής υπαλλήλου",
    "drill_down": "ανάλυση στατιστικών",
    "csv_export": "εξαγωγή CSV",
    "calendar_feed": "ημερολόγιο υπαλλήλου (iCalendar)",
    "subject_access": "εξαγωγή στοιχείων πολίτη",
}
_CHANNELS_EN = {
    "panel": "booking panel",
    "list": "list of bookings",
    "feed": "clerk desktop's updates",
    "drill_down": "statistics drill-down",
    "csv_export": "CSV export",
    "calendar_feed": "clerk's calendar (iCalendar)",
    "subject_access": "citizen's data export",
}
if set(_CHANNELS_EL) != set(AccessChannel) or set(_CHANNELS_EN) != set(AccessChannel):
    raise RuntimeError("api.data_protection: an access channel has no words")
_STATUSES_EL = {
    "held": "σε αναμονή",
    "confirmed": "επιβεβαιωμένο",
    "checked_in": "προσήλθε",
    "completed": "ολοκληρώθηκε",
    "no_show": "δεν προσήλθε",
    "cancelled": "ακυρώθηκε",
    "awaiting_coapplicant": "αναμονή συναιτούντα",
}
_MODES = {"el": {"in_person": "Φυσική Παρουσία", "teleconference": "Τηλεδιάσκεψη"}}
_MAILS_EL = {
    "email.confirmation": "Επιβεβαίωση ραντεβού",
    "email.rescheduled": "Αλλαγή ώρας",
    "email.cancelled": "Ακύρωση",
    "email.reminder": "Υπενθύμιση",
    "email.offer_reschedule": "Πρόταση νέας ώρας",
    "email.waitlist_offer": "Πρόταση ώρας από τη λίστα αναμονής",
    "email.co_applicant_invitation": "Πρόσκληση σε κοινό ραντεβού",
    "email.co_applicant_released": "Λήξη προθεσμίας συναιτούντα",
    "sms.confirmation": "SMS επιβεβαίωσης",
    "sms.reminder": "SMS υπενθύμισης",
}
_MAILS_EN = {
    "email.confirmation": "Confirmation",
    "email.rescheduled": "New time",
    "email.cancelled": "Cancellation",
    "email.reminder": "Reminder",
    "email.offer_reschedule": "Offer of a new time",
    "email.waitlist_offer": "A time offered from the waitlist",
    "email.co_applicant_invitation": "Invitation to a joint appointment",
    "email.co_applicant_released": "Co-applicant's deadline passed",
    "sms.confirmation": "Confirmation SMS",
    "sms.reminder": "Reminder SMS",
}


HTML_WORDS: dict[str, dict[str, str]] = {
    "el": {
        "title": "Στοιχεία που τηρούνται για τον πολίτη",
        "subject.email": "Διεύθυνση e-mail",
        "subject.afm": "ΑΦΜ",
        "generated": "Συντάχθηκε",
        "by": "από",
        "bookings": "Ραντεβού",
        "emails": "E-mail και SMS που στάλθηκαν",
        "waitlist": "Λίστες αναμονής",
        "from_to": "Ημέρες",
        "part_of_day": "Ώρα της ημέρας",
        "part.morning": "πρωί",
        "part.afternoon": "απόγευμα",
        "part.any": "οποιαδήποτε",
        "wait.waiting": "σε αναμονή",
        "wait.offered": "του προτάθηκε ώρα",
        "wait.booked": "έκλεισε ραντεβού",
        "wait.left": "αποχώρησε",
        "wait.expired": "έληξε",
        "audit": "Ιστορικό ενεργειών",
        "access_log": "Ποιος είδε τα στοιχεία",
        "sign_ins": "Συνδέσεις μέσω TAXISnet",
        "none": "Τίποτε.",
        "reference": "Κωδικός",
        "when": "Πότε",
        "service": "Υπηρεσία",
        "mode": "Τρόπος",
        "status": "Κατάσταση",
        "clerk": "Υπάλληλος",
        "citizen": "Στοιχεία πολίτη",
        "notes": "Σημειώσεις",
        "outcome": "Έκβαση",
        "kind": "Είδος",
        "queued": "Καταχωρίστηκε",
        "sent": "Στάλθηκε",
        "action": "Ενέργεια",
        "who": "Ποιος",
        "details": "Λεπτομέρειες",
        "channel": "Πώς",
        "provider": "Πάροχος",
        "result": "Αποτέλεσμα",
        "joint": "Κοινά ραντεβού ως συναιτών",
        "joint_status": "Συμμετοχή",
        "confirmed_at": "Επιβεβαίωσε",
        "identity": "Έλεγχος ταυτότητας",
        "coapp.invited": "προσκλήθηκε",
        "coapp.confirmed": "επιβεβαίωσε",
        "via_taxisnet": "μέσω TAXISnet",
        "not_checked": "όχι ακόμη",
        **{f"channel.{key}": text for key, text in _CHANNELS_EL.items()},
        **{f"status.{key}": text for key, text in _STATUSES_EL.items()},
        **{f"mode.{key}": text for key, text in _MODES["el"].items()},
        **{f"mail.{key}": text for key, text in _MAILS_EL.items()},
        "actor.citizen": "ο ίδιος ο πολίτης",
        "actor.system": "η υπηρεσία",
    },
    "en": {
        "title": "What is held about the citizen",
        "subject.email": "E-mail address",
        "subject.afm": "AFM (tax number)",
        "generated": "Prepared",
        "by": "by",
        "bookings": "Appointments",
        "emails": "E-mails and SMS sent",
        "waitlist": "Waitlists",
        "from_to": "Days",
        "part_of_day": "Part of the day",
        "part.morning": "morning",
        "part.afternoon": "afternoon",
        "part.any": "any",
        "wait.waiting": "waiting",
        "wait.offered": "offered a time",
        "wait.booked": "booked",
        "wait.left": "left",
        "wait.expired": "expired",
        "audit": "History of actions",
        "access_log": "Who saw the details",
        "sign_ins": "Sign-ins through TAXISnet",
        "none": "Nothing.",
        "reference": "Reference",
        "when": "When",
        "service": "Service",
        "mode": "Mode",
        "status": "Status",
        "clerk": "Clerk",
        "citizen": "Citizen's details",
        "notes": "Notes",
        "outcome": "Outcome",
        "kind": "Kind",
        "queued": "Queued",
        "sent": "Sent",
        "action": "Action",
        "who": "Who",
        "details": "Details",
        "channel": "How",
        "provider": "Provider",
        "result": "Result",
        "joint": "Joint appointments as co-applicant",
        "joint_status": "Taking part",
        "confirmed_at": "Confirmed",
        "identity": "Identity check",
        "coapp.invited": "invited",
        "coapp.confirmed": "confirmed",
        "via_taxisnet": "through TAXISnet",
        "not_checked": "not yet",
        "status.held": "held",
        "status.confirmed": "confirmed",
        "status.checked_in": "checked in",
        "status.completed": "completed",
        "status.no_show": "no-show",
        "status.cancelled": "cancelled",
        "status.awaiting_coapplicant": "awaiting co-applicant",
        **{f"channel.{key}": text for key, text in _CHANNELS_EN.items()},
        "mode.in_person": "In person",
        "mode.teleconference": "Teleconference",
        **{f"mail.{key}": text for key, text in _MAILS_EN.items()},
        "actor.citizen": "the citizen",
        "actor.system": "the service",
    },
}
