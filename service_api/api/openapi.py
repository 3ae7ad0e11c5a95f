"""The OpenAPI 3.1 document of /api/v1, built from the routes and the pydantic request bodies.

Long because it describes every route in one place, in the order a reader of the document meets
them; it holds no logic beyond building that dictionary.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from pydantic import BaseModel

from service_api.api import schemas
from service_api.input_guard import MAX_ID

ERROR = {"$ref": "#/components/schemas/Error"}


def openapi_body(model: type[BaseModel]) -> dict[str, Any]:
    """A request body for the OpenAPI document with the model's schema inlined (no $defs to resolve)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return {"required": True, "content": {"application/json": {"schema": resolve(schema)}}}


def _resp(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"description": description}
    if schema is not None:
        body["content"] = {"application/json": {"schema": schema}}
    return body


def _errors(*codes: int) -> dict[str, Any]:
    text = {
        400: "Malformed request",
        401: "Not signed in",
        403: "Role not allowed",
        404: "Not found",
        409: "Conflict (slot taken, limit reached, version changed)",
        422: "Invalid fields",
        429: "Too many",
    }
    return {str(c): _resp(text[c], ERROR) for c in codes}


def _body(model: type) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
    }


def _param(
    name: str,
    where: str = "query",
    *,
    required: bool = False,
    kind: str = "string",
    fmt: str | None = None,
    description: str = "",
    **constraints: Any,
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind, **constraints}
    if fmt:
        schema["format"] = fmt
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema,
        "description": description,
    }


def _id(name: str, where: str = "query", description: str = "") -> dict[str, Any]:
    """An id: what the integer columns hold (a path id outside it matches no route: 404; a query id: 422)."""
    return _param(name, where, kind="integer", description=description, minimum=1, maximum=MAX_ID)


BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
REF = _param("reference", "path")
ANY_OBJECT = {"type": "object"}

DRILL_DOWN_PARAMETERS = [
    _param("from", fmt="date"),
    _param("to", fmt="date"),
    _param(
        "figure",
        enum=["bookings", "completed", "no_show", "documents_missing", "cancelled"],
        description="Default bookings",
    ),
    _id("staff_id", description="Only this clerk's"),
    _id("service_id", description="Only this service's"),
    _id("municipality_id", description="Admins only; default all"),
]

PATHS: dict[str, Any] = {
    "/municipalities": {
        "get": {"summary": "Municipalities on the platform", "responses": {"200": _resp("List", ANY_OBJECT)}},
        "post": {  # issue 14: catalogue administration
            "summary": "Admin: a new municipality",
            "security": BEARER,
            "requestBody": openapi_body(schemas.MunicipalityIn),
            "responses": {"201": _resp("Municipality", ANY_OBJECT), **_errors(401, 403, 422)},
        },
    },
    "/municipalities/{slug}/services": {
        "get": {
            "summary": "Service groups and services of a municipality (modes, duration, required documents)",
            "parameters": [_param("slug", "path")],
            "responses": {"200": _resp("Catalogue", ANY_OBJECT), **_errors(404)},
        },
        "post": {  # issue 14: catalogue administration
            "summary": "Admin: a new service in one of the municipality's groups, offered at once",
            "security": BEARER,
            "parameters": [_param("slug", "path")],
            "requestBody": openapi_body(schemas.ServiceIn),
            "responses": {"201": _resp("Service", ANY_OBJECT), **_errors(401, 403, 404, 422)},
        },
    },
    "/services/{service_id}/availability": {
        "get": {
            "summary": "Free slots of a service in a mode; times carry the offset of `tz`",
            "description": (
                "Without a staff token: 120 per minute per client (429). An empty answer to a citizen "
                "counts once per client, service, mode and day as a search that found nothing."
            ),
            "parameters": [
                _id("service_id", "path"),
                _param("mode", required=True, enum=["in_person", "teleconference"]),
                _param("from", fmt="date"),
                _param("to", fmt="date"),
                _param("tz", description="IANA zone, default Europe/Athens"),
                _param(
                    "mine",
                    enum=["0", "1"],
                    description=(
                        "1 (needs a staff bearer token): each slot also says `mine`, whether the "
                        "signed-in clerk is one of its free clerks (they could take it themselves)"
                    ),
                ),
                # Issue 18: accessibility needs change what is free.
                _param(
                    "needs",
                    description=(
                        "Comma-separated needs (wheelchair, sign_language, interpreter, extra_time, "
                        "assistant): extra_time searches slots longer by the service's "
                        "`extra_time_minutes`; sign_language and interpreter keep only clerks who offer them"
                    ),
                ),
                _param(
                    "needs_language", description="With `interpreter`: the language (letters, at most 40)"
                ),
            ],
            "responses": {"200": _resp("Slots", ANY_OBJECT), **_errors(401, 404, 422, 429)},
        }
    },
    "/bookings": {
        "post": {
            "summary": "Book (or hold) a slot; the least-loaded free qualified clerk is assigned",
            "description": (
                "Needs a credential. A citizen token books with the e-mail it proved (and TAXISnet's "
                "AFM); `citizen.email` may be left out, another address is refused, `citizen.afm` is "
                "never accepted. A staff token books for a caller with any contact details and "
                "`source` (phone, walk_in, follow_up); the audit names the staff member. Staff may "
                "leave `citizen.email` out for a caller without one (then no e-mail is ever sent; the "
                "phone is a must, and a teleconference is refused: its link goes by e-mail). "
                "`prefer_me` (staff): the signed-in clerk takes the booking when qualified for the "
                "service and mode and free at `start`; otherwise the least-loaded free clerk does. "
                "SMS: `citizen.sms_opt_in: true` sends a confirmation and a reminder the day before by "
                "SMS as well, each one 160-character message in Greek (or English, as `language`), to "
                "`citizen.mobile` (E.164 stored; Greek by default) or, left out, to `citizen.phone` "
                "when that is a mobile. A landline, an invalid number, a `mobile` without the opt-in, "
                "or an opt-in on a service without an SMS gateway answer 422 naming the field "
                "(Greek with `Accept-Language: el`)."
            ),
            "security": BEARER,
            "parameters": [
                _param(
                    "Idempotency-Key",
                    "header",
                    description="8 to 200 characters: same key + same body returns the same booking",
                    minLength=8,
                    maxLength=200,
                )
            ],
            "requestBody": _body(schemas.BookingCreate),
            "responses": {
                "201": _resp("Booked; includes manage_token", ANY_OBJECT),
                "200": _resp("Replayed by Idempotency-Key", ANY_OBJECT),
                **_errors(400, 401, 403, 404, 409, 422),
            },
        },
        "get": {
            "summary": "Supervisor: all bookings of the municipality in a range",
            "security": BEARER,
            "parameters": [
                _param("from", fmt="date"),
                _param("to", fmt="date"),
                _id("staff_id"),
            ],
            "responses": {"200": _resp("Bookings", ANY_OBJECT), **_errors(401, 403, 422)},
        },
    },
    "/bookings/walk-in": {
        "post": {
            "summary": "Staff: book a walk-in for now, with the first clerk free now",
            "description": (
                "The slot in progress counts while half of it is left, else the next start on the "
                "service's grid (within one slot interval); the lead time is waived for a citizen at "
                "the desk. `prefer_me`: the signed-in clerk when qualified and free then. `source` is "
                "walk_in; `citizen.email` may be left out. `needs` as for POST /bookings: only clerks "
                "who meet them, for the longer slot with extra time. Co-applicants cannot be named here. "
                "Nothing free now answers 409 `nothing_free_now` with `next_free` (the first free start "
                "later, or null)."
            ),
            "security": BEARER,
            "parameters": [
                _param(
                    "Idempotency-Key",
                    "header",
                    description=(
                        "8 to 200 characters, as for POST /bookings: the same key with the same body "
                        "returns the booking the first request made (200, `Idempotent-Replayed: true`), "
                        "however much later it is resent; the same key with another body is refused "
                        "(422 `idempotency_key_reused`)"
                    ),
                    minLength=8,
                    maxLength=200,
                )
            ],
            "requestBody": _body(schemas.WalkInCreate),
            "responses": {
                "201": _resp("Booked", ANY_OBJECT),
                "200": _resp("Replayed by Idempotency-Key", ANY_OBJECT),
                **_errors(400, 401, 403, 404, 409, 422),
            },
        }
    },
    "/bookings/{reference}": {
        "get": {
            "summary": "A booking: citizen view with X-Manage-Token, full view with a staff bearer token",
            "description": "`preflight` (issue 18): the citizen's latest connection check of a "
            "teleconference, `{checked_at, browser: ok|unsupported, camera, microphone: "
            "ok|denied|missing|error|not_tested}`, or null; the change feed's bookings carry it too.",
            "parameters": [REF, _param("X-Manage-Token", "header")],
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(404)},
        },
        "patch": {
            "summary": "Reschedule (citizen, manage token); returns a new manage_token",
            "parameters": [REF, _param("X-Manage-Token", "header", required=True)],
            "requestBody": _body(schemas.BookingReschedule),
            "responses": {"200": _resp("Rescheduled", ANY_OBJECT), **_errors(404, 409, 422)},
        },
        "delete": {
            "summary": "Cancel (citizen, manage token)",
            "parameters": [REF, _param("X-Manage-Token", "header", required=True)],
            "responses": {"204": _resp("Cancelled"), **_errors(404, 409)},
        },
    },
    "/bookings/{reference}/confirm": {
        "post": {
            "summary": "Confirm a held slot (citizen, manage token)",
            "description": (
                "With `citizen`, its details replace the hold's, the choice of SMS (`citizen.mobile`, "
                "`citizen.sms_opt_in`) included; without it, the hold's stand."
            ),
            "parameters": [REF],
            "requestBody": _body(schemas.BookingConfirm),
            "responses": {"200": _resp("Confirmed", ANY_OBJECT), **_errors(404, 409, 422)},
        }
    },
    "/citizen/code": {
        "post": {
            "summary": "Citizen: e-mail a one-time sign-in code (10 minutes); 202 only when it went out",
            "requestBody": _body(schemas.CitizenCodeRequest),
            "responses": {
                "202": _resp("Sent", ANY_OBJECT),
                **_errors(400, 403, 422, 429),
                "503": _resp("The mail server is down; not counted, try again (Retry-After)", ERROR),
            },
        }
    },
    "/citizen/token": {
        "post": {
            "summary": "Citizen: swap the e-mailed code for a bearer token (12 hours)",
            "requestBody": _body(schemas.CitizenTokenRequest),
            "responses": {"201": _resp("Token", ANY_OBJECT), **_errors(400, 401, 403, 422)},
        },
        "delete": {
            "summary": "Citizen: sign out; the token stops working",
            "security": BEARER,
            "responses": {"204": _resp("Signed out"), **_errors(401)},
        },
    },
    "/citizen/me": {
        "get": {
            "summary": "Citizen: who the token proves",
            "security": BEARER,
            "responses": {"200": _resp("Identity", ANY_OBJECT), **_errors(401)},
        }
    },
    "/waitlist": {  # issue 17
        "get": {
            "summary": "Citizen: one's own open waitlist entries (waiting, or offered a time now)",
            "security": BEARER,
            "responses": {"200": _resp("Entries", ANY_OBJECT), **_errors(401)},
        },
        "post": {
            "summary": "Citizen: wait for a time of a service and mode on days `from`..`to` in a part of "
            "the day; a freed time is offered by e-mail, held for the first waiting citizen",
            "security": BEARER,
            "requestBody": openapi_body(schemas.WaitlistIn),
            "responses": {"201": _resp("Waitlist entry", ANY_OBJECT), **_errors(400, 401, 404, 409, 422)},
        },
    },
    "/waitlist/{entry_id}": {
        "delete": {
            "summary": "Citizen: leave the waitlist (own entry only); a time held for them is given back",
            "security": BEARER,
            "parameters": [_id("entry_id", "path")],
            "responses": {"204": _resp("Left"), **_errors(401, 404)},
        }
    },
    "/citizen/bookings": {  # issue 17: «Τα ραντεβού μου» over the API
        "get": {
            "summary": "Citizen: their own bookings, upcoming (soonest first) and past or cancelled "
            "(latest first)",
            "description": (
                "Whose bookings: those made with the AFM of a TAXISnet identity, else those made with the "
                "e-mail address the token proved (and no AFM). Holds never confirmed are not bookings and "
                "are left out; a booking anonymised after the retention period (DIMOS_RETENTION_DAYS) has "
                "no owner any more and is never listed. Each booking is the citizen's view of "
                "`GET /bookings/{reference}` plus `municipality`, `upcoming`, `cancelled`, `changeable` "
                "and, when changeable, the `manage_token` that `PATCH` and `DELETE /bookings/{reference}` "
                "take. Times carry the offset of `tz`, else of the zone each booking was made in."
            ),
            "security": BEARER,
            "parameters": [_param("tz", description="IANA zone of the times, e.g. Europe/Athens")],
            "responses": {
                "200": _resp(
                    "The citizen's bookings",
                    {
                        "type": "object",
                        "required": ["upcoming", "past"],
                        "properties": {
                            "upcoming": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/MyBooking"},
                            },
                            "past": {"type": "array", "items": {"$ref": "#/components/schemas/MyBooking"}},
                        },
                    },
                ),
                **_errors(401, 422),
            },
        }
    },
    "/auth/login": {
        "post": {
            "summary": "Staff sign-in",
            "requestBody": _body(schemas.Login),
            "responses": {"200": _resp("Tokens", ANY_OBJECT), **_errors(401, 422)},
        }
    },
    "/auth/refresh": {
        "post": {
            "summary": "Rotate the refresh token",
            "requestBody": _body(schemas.Refresh),
            "responses": {"200": _resp("Tokens", ANY_OBJECT), **_errors(401, 422)},
        }
    },
    "/auth/logout": {
        "post": {
            "summary": "Revoke this sign-in",
            "security": BEARER,
            "responses": {"204": _resp("Signed out"), **_errors(401)},
        }
    },
    "/me": {
        "get": {
            "summary": "The signed-in staff member",
            "security": BEARER,
            "responses": {"200": _resp("Staff", ANY_OBJECT), **_errors(401)},
        }
    },
    "/me/bookings": {
        "get": {
            "summary": "The clerk's own bookings over Athens dates `from`..`to`",
            "security": BEARER,
            "parameters": [
                _param("from", fmt="date"),
                _param("to", fmt="date"),
                _param("include_cancelled", kind="boolean"),
            ],
            "responses": {"200": _resp("Bookings", ANY_OBJECT), **_errors(401, 422)},
        }
    },
    "/me/calendar": {
        "get": {
            "summary": "What the clerk's week view shades over Athens dates `from`..`to` (at most 92 days): "
            "closing days with names, absences and the weekly working plan",
            "security": BEARER,
            "parameters": [_param("from", fmt="date"), _param("to", fmt="date")],
            "responses": {
                "200": _resp("Holidays, absences, working periods", ANY_OBJECT),
                **_errors(401, 422),
            },
        }
    },
    "/me/ical-feed": {
        "post": {
            "summary": "Create or rotate the clerk's secret iCalendar feed URL (GET /ical/{token}.ics, "
            "outside /api/v1, bookings from 30 days ago to 90 days ahead); the old URL stops working at once",
            "security": BEARER,
            "responses": {"201": _resp("The feed URL", ANY_OBJECT), **_errors(401)},
        },
        "delete": {
            "summary": "Revoke the clerk's iCalendar feed URL",
            "security": BEARER,
            "responses": {"204": _resp("Revoked"), **_errors(401)},
        },
    },
    "/changes": {
        "get": {
            "summary": "Changes after a cursor, long-polling up to `wait` s; cancellations as tombstones",
            "security": BEARER,
            "parameters": [
                _param("since", kind="integer", minimum=0),
                _param("wait", kind="integer", minimum=0, maximum=30, description="Seconds, at most 30"),
            ],
            "responses": {"200": _resp("Changes and the next cursor", ANY_OBJECT), **_errors(401, 422)},
        }
    },
    "/bookings/{reference}/documents/{code}": {
        "put": {
            "summary": "Set one required document's checklist state (409 booking_cancelled)",
            "security": BEARER,
            "parameters": [REF, _param("code", "path")],
            "requestBody": _body(schemas.DocumentState),
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 404, 409, 422)},
        }
    },
    "/bookings/{reference}/identity": {
        "post": {
            "summary": "Record the identity verification (409 booking_cancelled)",
            "security": BEARER,
            "parameters": [REF],
            "requestBody": _body(schemas.IdentityIn),
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 404, 409, 422)},
        }
    },
    "/bookings/{reference}/check-in": {
        "post": {
            "summary": "Check the citizen in: from 60 minutes before the start to the end of its local day "
            "(409 check_in_not_now, booking_cancelled, booking_closed)",
            "security": BEARER,
            "parameters": [REF],
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 404, 409)},
        }
    },
    # Issue 18: no-show rescue.
    "/bookings/{reference}/missed-you": {
        "post": {
            "summary": "Send the citizen the «we missed you» e-mail with the next free times as one-click "
            "reschedule links: by the booking's clerk or a supervisor, once per booking, from the service's "
            "no_show_rescue_minutes after the start until its end while not checked in nor seen in the "
            "meeting (409 rescue_refused). The booking's «rescue» then shows missed_you_sent_at",
            "security": BEARER,
            "parameters": [REF],
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 403, 404, 409)},
        }
    },
    "/bookings/{reference}/outcome": {
        "post": {
            "summary": "Record the outcome (needs identity verification unless no-show; no-show only after "
            "the start and without check-in: 409 no_show_not_allowed; «completed» with documents not "
            "received: 409 documents_missing listing them unless confirm_missing_documents)",
            "security": BEARER,
            "parameters": [REF],
            "requestBody": _body(schemas.OutcomeIn),
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 404, 409, 422)},
        }
    },
    "/bookings/{reference}/notes": {
        "put": {
            "summary": "Replace the clerk's notes",
            "security": BEARER,
            "parameters": [REF],
            "requestBody": _body(schemas.NotesIn),
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 404, 409, 422)},
        }
    },
    "/bookings/{reference}/cancel": {
        "post": {
            "summary": "Staff cancel, with the reason (required, plain text, up to 200 characters)",
            "security": BEARER,
            "parameters": [REF],
            "requestBody": _body(schemas.StaffCancelIn),
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 404, 409, 422)},
        }
    },
    "/bookings/{reference}/reschedule": {
        "post": {
            "summary": "Staff reschedule: a clerk their own bookings, supervisors their municipality's. "
            "The citizen gets the same e-mail and updated invitation as when they reschedule. "
            "keep_clerk (default true): only the booking's clerk may take the new time "
            "(409 slot_unavailable, 422 clerk_not_qualified); false lets any qualified free clerk take it. "
            "Refusals: 409 slot_unavailable, booking_cancelled, booking_closed, version_conflict; "
            "422 time_not_offered (past, too soon, off the grid), rule_violation (already started)",
            "security": BEARER,
            "parameters": [REF],
            "requestBody": _body(schemas.StaffReschedule),
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 404, 409, 422)},
        }
    },
    "/bookings/{reference}/candidates": {
        "get": {
            "summary": "Supervisor: clerks who could take this booking at its time",
            "security": BEARER,
            "parameters": [REF],
            "responses": {"200": _resp("Candidates", ANY_OBJECT), **_errors(401, 403, 404)},
        }
    },
    "/bookings/{reference}/reassign": {
        "post": {
            "summary": "Supervisor: move a booking to another clerk (optionally another time)",
            "security": BEARER,
            "parameters": [REF],
            "requestBody": _body(schemas.ReassignIn),
            "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 403, 404, 409, 422)},
        }
    },
    # --- Staff administration (issue 14) ---
    "/staff": {
        "get": {
            "summary": "Supervisor: active staff of the municipality (admins: all), with role, municipality "
            "slug, qualifications, Teams link, Graph user id",
            "security": BEARER,
            "parameters": [
                _param("include_inactive", kind="boolean", description="Also deactivated accounts")
            ],
            "responses": {"200": _resp("Staff", ANY_OBJECT), **_errors(401, 403)},
        },
        "post": {
            "summary": "Supervisor (own municipality, not admins) or admin: create an account; the answer "
            "carries a one-time set-password link or a temporary password (`password_setup`); a link also "
            "goes by e-mail to the account's address unless `email_link` is false (`emailed` says if it did)",
            "security": BEARER,
            "requestBody": _body(schemas.StaffCreateIn),
            "responses": {"201": _resp("The account", ANY_OBJECT), **_errors(401, 403, 422)},
        },
    },
    "/staff/{staff_id}": {
        "get": {
            "summary": "A staff member: one's own record, or one a supervisor or admin manages",
            "security": BEARER,
            "parameters": [_param("staff_id", "path", kind="integer")],
            "responses": {"200": _resp("The account", ANY_OBJECT), **_errors(401, 404)},
        },
        "patch": {
            "summary": "Edit the fields sent (a clerk: own display_name, teams_link); `active: false` "
            "deactivates and ends every sign-in; 409 lists upcoming bookings until the cover plan moves them",
            "security": BEARER,
            "parameters": [_param("staff_id", "path", kind="integer")],
            "requestBody": _body(schemas.StaffPatchIn),
            "responses": {"200": _resp("The account", ANY_OBJECT), **_errors(401, 403, 404, 409, 422)},
        },
    },
    "/staff/{staff_id}/password-reset": {
        "post": {
            "summary": "Supervisor or admin: end the password and sign-ins; answer a one-time link (72 h, "
            "also e-mailed to the account's address unless `email_link` is false) or a temporary password "
            "that must be changed at the next sign-in",
            "security": BEARER,
            "parameters": [_param("staff_id", "path", kind="integer")],
            "requestBody": _body(schemas.PasswordResetIn),
            "responses": {
                "200": _resp("Link or temporary password", ANY_OBJECT),
                **_errors(401, 403, 404, 422),
            },
        }
    },
    "/me/password": {
        "post": {
            "summary": "Change one's own password (old and new; at least 10 characters, not a common one)",
            "security": BEARER,
            "requestBody": _body(schemas.PasswordChangeIn),
            "responses": {"200": _resp("The account", ANY_OBJECT), **_errors(401, 422)},
        }
    },
    # --- end of staff administration ---
    "/staff/{staff_id}/absences": {
        "get": {
            "summary": "Absences of a clerk, each with kind (leave, sickness, training, other) and status "
            "(approved, requested, rejected; only approved ones block time)",
            "security": BEARER,
            "parameters": [_id("staff_id", "path")],
            "responses": {"200": _resp("Absences", ANY_OBJECT), **_errors(401, 404)},
        },
        "post": {
            "summary": "Supervisor: record an absence (approved at once). `overlapping_bookings` lists the "
            "clerk's open bookings in it, for the cover plan; the absence is stored all the same",
            "security": BEARER,
            "parameters": [_id("staff_id", "path")],
            "requestBody": openapi_body(schemas.AbsenceRecordIn),
            "responses": {
                "201": _resp("The absence and overlapping_bookings", ANY_OBJECT),
                **_errors(401, 403, 404, 422),
            },
        },
    },
    "/outbox": {
        "get": {
            "summary": "Supervisor or admin: outbox jobs (e-mails, meetings) they supervise, newest first",
            "security": BEARER,
            "parameters": [
                _param("status", description="pending, done or failed (failed: the jobs that need a hand)")
            ],
            "responses": {"200": _resp("Jobs", ANY_OBJECT), **_errors(401, 403, 422)},
        }
    },
    "/outbox/{job_id}/retry": {
        "post": {
            "summary": "Supervisor or admin: put a failed outbox job back in the queue (audited)",
            "security": BEARER,
            "parameters": [_param("job_id", "path", kind="integer")],
            "responses": {"200": _resp("The job, pending again", ANY_OBJECT), **_errors(401, 403, 404, 409)},
        }
    },
    "/absences/{absence_id}": {
        "patch": {
            "summary": "Supervisor: change an absence's start, end, kind or reason (only those given). "
            "An approved one blocks its new range at once; `overlapping_bookings` as when recorded",
            "security": BEARER,
            "parameters": [_id("absence_id", "path")],
            "requestBody": openapi_body(schemas.AbsencePatchIn),
            "responses": {
                "200": _resp("The absence and overlapping_bookings", ANY_OBJECT),
                **_errors(401, 403, 404, 422),
            },
        },
        "delete": {
            "summary": "Supervisor: remove an absence",
            "security": BEARER,
            "parameters": [_id("absence_id", "path")],
            "responses": {"204": _resp("Removed"), **_errors(401, 403, 404)},
        },
    },
    # --- absences (issue 14) ---
    "/absences/{absence_id}/approve": {
        "post": {
            "summary": "Supervisor: approve a pending request (not one's own); it blocks the clerk's time "
            "from now on. `overlapping_bookings` lists their open bookings in it",
            "security": BEARER,
            "parameters": [_id("absence_id", "path")],
            "requestBody": {**openapi_body(schemas.AbsenceDecisionIn), "required": False},
            "responses": {
                "200": _resp("The absence and overlapping_bookings", ANY_OBJECT),
                **_errors(401, 403, 404, 409, 422),
            },
        }
    },
    "/absences/{absence_id}/reject": {
        "post": {
            "summary": "Supervisor: reject a pending request (not one's own), with an optional reason",
            "security": BEARER,
            "parameters": [_id("absence_id", "path")],
            "requestBody": {**openapi_body(schemas.AbsenceDecisionIn), "required": False},
            "responses": {"200": _resp("The absence", ANY_OBJECT), **_errors(401, 403, 404, 409, 422)},
        }
    },
    "/me/absences": {
        "get": {
            "summary": "One's own absences and absence requests, with their status",
            "security": BEARER,
            "responses": {"200": _resp("Absences", ANY_OBJECT), **_errors(401)},
        },
        "post": {
            "summary": "Request an absence of one's own (status requested): it blocks nothing until a "
            "supervisor approves it",
            "security": BEARER,
            "requestBody": openapi_body(schemas.AbsenceRequestIn),
            "responses": {"201": _resp("The request", ANY_OBJECT), **_errors(401, 422)},
        },
    },
    "/me/absences/{absence_id}": {
        "delete": {
            "summary": "Withdraw one's own pending request (409 once decided)",
            "security": BEARER,
            "parameters": [_id("absence_id", "path")],
            "responses": {"204": _resp("Withdrawn"), **_errors(401, 404, 409)},
        }
    },
    "/municipalities/{slug}/absences": {
        "get": {
            "summary": "Supervisor/admin: the team calendar, i.e. the municipality's staff, every absence "
            "(requests included) touching the local days from..to (at most 93), and its closed days",
            "security": BEARER,
            "parameters": [
                _param("slug", "path"),
                _param("from", fmt="date", required=True),
                _param("to", fmt="date", required=True),
                _param(
                    "status",
                    description="only absences of this status; with requested the range may span 400 days",
                    enum=["approved", "requested", "rejected"],
                ),
            ],
            "responses": {
                "200": _resp("from, to, staff, absences, closed_days", ANY_OBJECT),
                **_errors(401, 403, 404, 422),
            },
        }
    },
    # --- end of absences ---
    "/staff/{staff_id}/cover-plan": {
        "post": {
            "summary": "Supervisor: propose colleagues for a clerk's open bookings in [start, end) "
            "(same time and mode, fairly spread); nothing is written",
            "security": BEARER,
            "parameters": [_id("staff_id", "path")],
            "requestBody": openapi_body(schemas.CoverRangeIn),
            "responses": {
                "200": _resp("Assignments and unplaced bookings with reasons", ANY_OBJECT),
                **_errors(401, 403, 404, 422),
            },
        }
    },
    "/staff/{staff_id}/cover-plan/apply": {
        "post": {
            "summary": "Supervisor: move the previewed bookings all at once, or none (409 when a booking "
            "changed since the preview or a colleague is no longer free)",
            "security": BEARER,
            "parameters": [_id("staff_id", "path")],
            "requestBody": openapi_body(schemas.CoverApplyIn),
            "responses": {"200": _resp("The moved bookings", ANY_OBJECT), **_errors(401, 403, 404, 409, 422)},
        }
    },
    "/bookings/offer-reschedule": {
        "post": {
            "summary": "Supervisor: e-mail the citizens of these bookings a link to choose a new time",
            "security": BEARER,
            "requestBody": openapi_body(schemas.OfferRescheduleIn),
            "responses": {
                "202": _resp("Offered and skipped bookings", ANY_OBJECT),
                **_errors(401, 403, 404, 422),
            },
        }
    },
    "/stats": {
        "get": {
            "summary": "Supervisor: figures per week or month over Athens dates `from`..`to` (at most 366 "
            "days): bookings per service and clerk, utilisation, no-shows, cancellations, missing documents; "
            "`waitlist`: citizens waiting now per service; "
            "`needs_served`: completed bookings per accessibility need",
            "security": BEARER,
            "parameters": [
                _param("from", fmt="date"),
                _param("to", fmt="date"),
                _param("period", enum=["week", "month"], description="Default week"),
                _id("municipality_id", description="Admins only; default all"),
            ],
            "responses": {"200": _resp("Figures", ANY_OBJECT), **_errors(401, 403, 422)},
        }
    },
    "/stats.csv": {
        "get": {
            "summary": "Supervisor: the same figures as CSV, one row per period, clerk and service",
            "security": BEARER,
            "parameters": [
                _param("from", fmt="date"),
                _param("to", fmt="date"),
                _param("period", enum=["week", "month"], description="Default week"),
                _id("municipality_id", description="Admins only; default all"),
            ],
            "responses": {
                "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                **_errors(401, 403, 422),
            },
        }
    },
    "/stats/bookings": {
        "get": {
            "summary": "Supervisor: the bookings behind one figure (of a clerk, a service, or all) over "
            "Athens dates `from`..`to`, with their citizens' details; every read goes to the access log",
            "security": BEARER,
            "parameters": DRILL_DOWN_PARAMETERS,
            "responses": {
                "200": _resp("Bookings, and whether more were left out", ANY_OBJECT),
                **_errors(401, 403, 404, 422),
            },
        }
    },
    "/stats/bookings.csv": {
        "get": {
            "summary": "Supervisor: the same bookings as CSV (Greek headings and `;`, or `lang=en`); logged",
            "security": BEARER,
            "parameters": [*DRILL_DOWN_PARAMETERS, _param("lang", enum=["el", "en"])],
            "responses": {
                "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                **_errors(401, 403, 404, 422),
            },
        }
    },
    # ------------------------------------------------------------- data protection (issue 17)
    "/access-log": {
        "get": {
            "summary": "Data-protection officer: who of the staff read which booking's personal data, when "
            "and how, newest first; of a booking, a citizen (`email` or `afm`) or a staff member. "
            "Append-only: no route changes or deletes it",
            "security": BEARER,
            "parameters": [
                _param("reference", description="A booking's reference"),
                _param("email", description="The citizen's e-mail: the entries of their bookings"),
                _param(
                    "afm", description="The citizen's AFM (hashed as bookings store it)", pattern="^[0-9]{9}$"
                ),
                _id("staff_id", description="Only this staff member's reads"),
                _param("from", fmt="date", description="Athens date, inclusive"),
                _param("to", fmt="date", description="Athens date, inclusive"),
                _id("cursor", description="`next_cursor` of the previous page"),
                _param("limit", kind="integer", minimum=1, maximum=500, description="Default 100"),
            ],
            "responses": {
                "200": _resp("A page of entries and `next_cursor`", ANY_OBJECT),
                **_errors(401, 403, 422),
            },
        }
    },
    "/citizens/export": {
        "get": {
            "summary": "Data-protection officer or admin: everything held about one citizen (Art. 15): "
            "bookings, e-mails sent, audit entries, access-log entries, joint bookings they were named in "
            "as co-applicant (`joint_as_co_applicant`, without the booker's details) and TAXISnet "
            "sign-ins by AFM",
            "security": BEARER,
            "parameters": [
                _param("email", description="The citizen's e-mail (or `afm`)"),
                _param("afm", description="The citizen's AFM (or `email`)", pattern="^[0-9]{9}$"),
                _param("format", enum=["json", "html"], description="Default json; html to read and print"),
                _param("lang", enum=["el", "en"], description="The html's language; default el"),
            ],
            "responses": {
                "200": {
                    "description": "The export, as an attachment",
                    "content": {
                        "application/json": {"schema": ANY_OBJECT},
                        "text/html": {"schema": {"type": "string"}},
                    },
                },
                **_errors(401, 403, 422),
            },
        }
    },
    "/citizens/erase": {
        "post": {
            "summary": "Data-protection officer or admin: anonymise one citizen now (Art. 17), as the "
            "retention purge does (statistics keep their counts); 409 `citizen_has_upcoming_bookings` "
            "while a booking of theirs (or a joint booking naming them as co-applicant) is still to come",
            "security": BEARER,
            "requestBody": openapi_body(schemas.CitizenSubjectIn),
            "responses": {
                "200": _resp("What was erased (counts)", ANY_OBJECT),
                **_errors(401, 403, 409, 422),
            },
        }
    },
    # ------------------------------------------------------------- catalogue administration (issue 14)
    "/municipalities/{slug}": {
        "patch": {
            "summary": "Admin: a municipality's names, contact and address; the time zone only while it "
            "has no bookings (409 after)",
            "security": BEARER,
            "parameters": [_param("slug", "path")],
            "requestBody": openapi_body(schemas.MunicipalityPatch),
            "responses": {"200": _resp("Municipality", ANY_OBJECT), **_errors(401, 403, 404, 409, 422)},
        }
    },
    "/municipalities/{slug}/catalogue": {
        "get": {
            "summary": "Supervisor: settings, groups and every service (retired too) with all their fields, "
            "and the service fields the reader may change",
            "security": BEARER,
            "parameters": [_param("slug", "path")],
            "responses": {"200": _resp("Catalogue", ANY_OBJECT), **_errors(401, 403, 404)},
        }
    },
    "/municipalities/{slug}/groups": {
        "post": {
            "summary": "Admin: a new service group with its extra fields",
            "security": BEARER,
            "parameters": [_param("slug", "path")],
            "requestBody": openapi_body(schemas.GroupIn),
            "responses": {"201": _resp("Group", ANY_OBJECT), **_errors(401, 403, 404, 422)},
        }
    },
    "/groups/{group_id}": {
        "patch": {
            "summary": "Admin: a group's names, position and extra fields",
            "security": BEARER,
            "parameters": [_param("group_id", "path", kind="integer")],
            "requestBody": openapi_body(schemas.GroupPatch),
            "responses": {"200": _resp("Group", ANY_OBJECT), **_errors(401, 403, 404, 422)},
        }
    },
    "/services/{service_id}": {
        "patch": {
            "summary": "Edit a service; `active: false` retires it (no new bookings, existing ones stay), "
            "`true` offers it again. Supervisors: descriptions and required documents only",
            "security": BEARER,
            "parameters": [_param("service_id", "path", kind="integer")],
            "requestBody": openapi_body(schemas.ServicePatch),
            "responses": {"200": _resp("Service", ANY_OBJECT), **_errors(401, 403, 404, 422)},
        }
    },
    "/municipalities/{slug}/closures": {
        "get": {
            "summary": "The municipality's closures with their next dates, and the national holidays "
            "(computed, read-only)",
            "security": BEARER,
            "parameters": [_param("slug", "path")],
            "responses": {"200": _resp("Closures", ANY_OBJECT), **_errors(401, 404)},
        },
        "post": {
            "summary": "Supervisor: close the office once, every year on a date, or every year relative to "
            "Orthodox Easter; the whole day or `start`..`end`. Lists the open bookings it falls on and, "
            "with `offer_reschedule`, e-mails their citizens an offer of a new time",
            "security": BEARER,
            "parameters": [_param("slug", "path")],
            "requestBody": openapi_body(schemas.ClosureIn),
            "responses": {
                "201": _resp("The closure and the bookings it falls on", ANY_OBJECT),
                **_errors(401, 403, 404, 422),
            },
        },
    },
    "/closures/{closure_id}": {
        "delete": {
            "summary": "Supervisor: remove a closure; its days are offered again at once",
            "security": BEARER,
            "parameters": [_param("closure_id", "path", kind="integer")],
            "responses": {"204": _resp("Removed"), **_errors(401, 403, 404)},
        }
    },
    # --- working plans (issue 14) ---
    "/staff/{staff_id}/working-plan": {
        "get": {
            "summary": "A clerk's working plan: the version in force today and later ones "
            "(weekday 0 = Monday, HH:MM local time of the municipality, "
            "weeks all/odd/even by ISO week). Clerks read their own",
            "security": BEARER,
            "parameters": [_param("staff_id", "path", kind="integer")],
            "responses": {"200": _resp("current, later, time_zone, today", ANY_OBJECT), **_errors(401, 404)},
        },
        "put": {
            "summary": "Supervisor/admin: the weekly plan from effective_from "
            "(today or later; a later version "
            "still takes over on its date). Overlapping periods: 422 naming them; periods shorter than every "
            "service the clerk serves: warnings. Bookings left outside working time: 409 listing them "
            "(`bookings`) unless confirm_orphans, when the plan is saved, the bookings stay with the clerk "
            "and are listed in `bookings_outside_plan` for the cover plan",
            "security": BEARER,
            "parameters": [_param("staff_id", "path", kind="integer")],
            "requestBody": openapi_body(schemas.WorkingPlanIn),
            "responses": {
                "200": _resp("The plan as GET, warnings, bookings_outside_plan", ANY_OBJECT),
                **_errors(401, 403, 404, 409, 422),
            },
        },
    },
    "/staff/{staff_id}/plan-exceptions": {
        "get": {
            "summary": "A clerk's one-off days from `from` (default today): extra hours and closures",
            "security": BEARER,
            "parameters": [_param("staff_id", "path", kind="integer"), _param("from", fmt="date")],
            "responses": {"200": _resp("exceptions", ANY_OBJECT), **_errors(401, 404, 422)},
        },
        "post": {
            "summary": "Supervisor/admin: one-off extra hours (kind extra, start and end) or a closure "
            "(kind closed; no times: the whole day). A closure over bookings: 409 as for the plan",
            "security": BEARER,
            "parameters": [_param("staff_id", "path", kind="integer")],
            "requestBody": openapi_body(schemas.PlanExceptionIn),
            "responses": {
                "201": _resp("The exception, warnings, bookings_outside_plan", ANY_OBJECT),
                **_errors(401, 403, 404, 409, 422),
            },
        },
    },
    "/plan-exceptions/{exception_id}": {
        "delete": {
            "summary": "Supervisor/admin: remove a one-off day; removing extra hours that hold bookings "
            "needs ?confirm_orphans=true (409 otherwise)",
            "security": BEARER,
            "parameters": [
                _param("exception_id", "path", kind="integer"),
                _param("confirm_orphans", kind="boolean"),
            ],
            "responses": {
                "200": _resp("bookings_outside_plan", ANY_OBJECT),
                **_errors(401, 403, 404, 409),
            },
        }
    },
    "/staff/{staff_id}/working-plan/{effective_from}": {
        "delete": {
            "summary": "Supervisor/admin: delete a later plan version (effective_from after today, local "
            "date; 422 for the plan in force, which can only be replaced by a new version). The version "
            "before it continues: bookings that leaves outside working time answer 409 listing them "
            "(`bookings`) unless ?confirm_orphans=true",
            "security": BEARER,
            "parameters": [
                _param("staff_id", "path", kind="integer"),
                _param("effective_from", "path", fmt="date"),
                _param("confirm_orphans", kind="boolean"),
            ],
            "responses": {
                "200": _resp("The plan as GET, bookings_outside_plan", ANY_OBJECT),
                **_errors(401, 403, 404, 409, 422),
            },
        }
    },
    # --- end of working plans ---
    # --- calendar-feed link (issue 15) ---
    "/me/calendar-link": {
        "get": {
            "summary": "The staff member's current secret iCalendar feed URL (GET /ical/{token}.ics): the "
            "same on every call, made on first use, so an Outlook subscription keeps working",
            "security": BEARER,
            "responses": {"200": _resp("The feed URL (`url`)", ANY_OBJECT), **_errors(401)},
        }
    },
    "/me/calendar-link/rotate": {
        "post": {
            "summary": "Replace the secret iCalendar feed URL: the old one answers 404 at once "
            "(subscriptions to it must be updated)",
            "security": BEARER,
            "responses": {"201": _resp("The new feed URL (`url`)", ANY_OBJECT), **_errors(401)},
        }
    },
    # --- end of calendar-feed link ---
    # --- webhooks (issue 17): see docs/webhooks.md ---
    "/webhooks": {
        "post": {
            "summary": "Admin: register an endpoint that receives booking events, each signed with its "
            "secret",
            "description": (
                "`events`: any of booking.created, booking.rescheduled, booking.cancelled, "
                "booking.reassigned, booking.completed (the clerk recorded the outcome). Each delivery "
                "is a JSON POST `{id, event, occurred_at, booking: {reference, municipality, service, mode, "
                "start, end, status, clerk_id, ...}}` with the header `X-Dimos-Signature: t=<unix seconds>,"
                'v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`; a 2xx answer is a '
                "delivery, anything else is retried with backoff. `personal_data: contact` adds "
                "`booking.citizen` (name, e-mail, phone); `none` (the default) sends no personal data. "
                "The URL is https (plain http only to localhost outside production), without a user or "
                "password; the secret is 16-200 printable ASCII characters and is never shown again."
            ),
            "security": BEARER,
            "requestBody": openapi_body(schemas.WebhookIn),
            "responses": {
                "201": _resp("The endpoint (its secret only as `secret_hint`)", ANY_OBJECT),
                **_errors(401, 403, 422),
            },
        },
        "get": {
            "summary": "Admin: every endpoint, with its events, personal-data level, the last four "
            "characters of its secret and its latest delivery attempt",
            "security": BEARER,
            "responses": {"200": _resp("Endpoints (`webhooks`)", ANY_OBJECT), **_errors(401, 403)},
        },
    },
    "/webhooks/{webhook_id}": {
        "delete": {
            "summary": "Admin: remove an endpoint and its delivery log; its queued deliveries are dropped",
            "security": BEARER,
            "parameters": [_id("webhook_id", "path")],
            "responses": {"204": _resp("Removed"), **_errors(401, 403, 404)},
        }
    },
    "/webhooks/{webhook_id}/deliveries": {
        "get": {
            "summary": "Admin: an endpoint's delivery attempts, newest first: event, booking reference, "
            "attempt, time, status code, duration, error (never the body)",
            "security": BEARER,
            "parameters": [
                _id("webhook_id", "path"),
                _param("limit", kind="integer", description="At most this many (1-500, default 100)"),
            ],
            "responses": {"200": _resp("Attempts (`deliveries`)", ANY_OBJECT), **_errors(401, 403, 404, 422)},
        }
    },
    "/webhook-deliveries/{delivery_id}/retry": {
        "post": {
            "summary": "Admin: send a delivery's event again, due at once: the same body and event id "
            "with a fresh timestamp and signature (audited); 409 when the event is no longer kept",
            "security": BEARER,
            "parameters": [_id("delivery_id", "path")],
            "responses": {"202": _resp("Queued", ANY_OBJECT), **_errors(401, 403, 404, 409)},
        }
    },
    # --- end of webhooks ---
    # --- demand-led capacity (issue 18) ---
    "/capacity": {
        "get": {
            "summary": "Supervisor/admin: per service and mode, demand (bookings made in the last 4 weeks, "
            "`waiting` on the waitlist, `searches_without_result` in 4 weeks) against supply (planned hours "
            "of the qualified clerks over the next 4 weeks, `booked_hours`), `no_show_rate` (8 weeks), "
            "`lead_days` to the first free slot (null: none up to the horizon), `pressure` to rank them "
            "by (days to the first free slot, a year when none, + 2 per waiting + 1 per 2 searches); and "
            "`suggestions`: add N hours on a weekday for a service, naming a clerk with room and the period "
            "(Greek and English text). Another municipality: 404",
            "security": BEARER,
            "parameters": [_id("municipality_id", description="Default: the reader's own")],
            "responses": {
                "200": _resp("municipality_id, today, effective_from, figures, suggestions", ANY_OBJECT),
                **_errors(401, 403, 404, 422),
            },
        }
    },
    "/capacity/suggestions/apply": {
        "post": {
            "summary": "Supervisor/admin: apply one suggestion as it was offered: a new version of the "
            "clerk's weekly plan from `effective_from` with the period added (audited like any plan "
            "change); 409 when the clerk's plan changed since (`plan_stamp`), 422 if it overlaps",
            "security": BEARER,
            "requestBody": openapi_body(schemas.CapacityApplyIn),
            "responses": {
                "200": _resp("staff_id, effective_from, added, warnings", ANY_OBJECT),
                **_errors(401, 403, 404, 409, 422),
            },
        }
    },
    # --- end of demand-led capacity ---
}

# --- joint appointments (issue 18) ---
PATHS.update(
    {
        "/bookings/{reference}/co-applicants/{position}/identity": {
            "post": {
                "summary": "Record a co-applicant's identity check (a joint appointment: completion needs "
                "the booker and every co-applicant verified, else 409 co_applicants_unverified); 422 when "
                "the co-applicant has not confirmed yet",
                "security": BEARER,
                "parameters": [REF, _id("position", "path", "The co-applicant's position (1, 2, 3)")],
                "requestBody": _body(schemas.CoApplicantIdentityIn),
                "responses": {"200": _resp("Booking", ANY_OBJECT), **_errors(401, 404, 409, 422)},
            }
        },
    }
)


def _with_common_answers(paths: dict[str, Any]) -> dict[str, Any]:
    """Any operation may answer 400: a body that is no JSON object, a NUL in the path, query or a header."""
    return {
        path: {
            method: {**operation, "responses": {**_errors(400), **operation["responses"]}}
            for method, operation in operations.items()
        }
        for path, operations in paths.items()
    }


def openapi_document() -> dict[str, Any]:
    components: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string", "description": "Stable machine-readable code"},
                "message": {
                    "type": "string",
                    "description": "For people, in the language of Accept-Language (el or en; en by default)",
                },
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                "request_id": {
                    "type": "string",
                    "description": "As in X-Request-Id and the server log: quote it in a report",
                },
            },
        }
    }
    components["MyBooking"] = {
        "type": "object",
        "required": ["reference", "status", "mode", "start", "end", "municipality", "upcoming", "cancelled"],
        "properties": {
            "reference": {"type": "string"},
            "status": {
                "type": "string",
                "enum": ["confirmed", "checked_in", "completed", "no_show", "cancelled"],
            },
            "mode": {"type": "string", "enum": ["in_person", "teleconference"]},
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "service": ANY_OBJECT,
            "municipality": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string"},
                    "name_el": {"type": "string"},
                    "name_en": {"type": "string"},
                },
            },
            "upcoming": {"type": "boolean"},
            "cancelled": {"type": "boolean"},
            "changeable": {"type": "boolean", "description": "May still be rescheduled or cancelled"},
            "manage_token": {"type": "string", "description": "Only when changeable: X-Manage-Token"},
        },
    }
    for model in schemas.BODIES:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in schema.pop("$defs", {}).items():
            components[name] = sub
        components[model.__name__] = schema
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Municipal appointments API",
            "version": "1.0.0",
            "description": "Citizen booking and staff tools for Greek municipalities.",
        },
        "servers": [{"url": current_app.config.get("PUBLIC_URL", "") + "/api/v1"}],
        "paths": _with_common_answers(PATHS),
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
