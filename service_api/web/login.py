"""Citizen sign-in: TAXISnet (GSIS OAuth2) and, for the demo, a one-time code by e-mail."""

from __future__ import annotations

from flask import Response, redirect, request, session, url_for

from service_api.runtime import runtime
from service_api.web.blueprint import bp
from service_api.web.common import MUNICIPALITY_KEY, citizen, render, require_citizen, t
from service_api.web.server_session import new_session


def _ip() -> str:
    return request.remote_addr or ""


def _return_to() -> str:
    wanted = request.args.get("next", "")
    if wanted.startswith("/co-applicant/"):  # issue 18: back to the co-applicant's own page
        return wanted
    municipality = request.args.get("m", "")
    target = (
        url_for("web.choose_municipality", m=municipality)
        if municipality
        else url_for("web.choose_municipality")
    )
    return target


@bp.get("/")
def start() -> Response:
    if citizen() is not None:
        return redirect(_return_to())  # type: ignore[return-value]
    config = runtime().config
    message = session.pop("flash", None)
    return render(
        "web/login.html",
        taxisnet=config.taxisnet_enabled,
        email_code=config.email_code_enabled,
        m=request.args.get("m", ""),
        message=message,
        failed=bool(message),  # signing in failed, or that way is not offered
        title=t("login.title"),
    )


def _taxisnet_client():  # type: ignore[no-untyped-def]
    from service_api.auth.taxisnet import TaxisnetClient

    config = runtime().config
    return TaxisnetClient(
        config.taxisnet_base_url,
        config.taxisnet_client_id,
        config.taxisnet_client_secret,
        url_for("web.taxisnet_callback", _external=True),
    )


@bp.get("/login/taxisnet")
def taxisnet_login() -> Response:
    from service_api.auth.taxisnet import start_login

    if not runtime().config.taxisnet_enabled:
        session["flash"] = t("login.disabled")
        return redirect(url_for("web.start"))  # type: ignore[return-value]
    state = start_login(runtime().store, return_to=_return_to())
    return redirect(_taxisnet_client().authorize_url(state))  # type: ignore[return-value]


@bp.get("/login/taxisnet/callback")
def taxisnet_callback() -> Response:
    from service_api.auth.taxisnet import TaxisnetError, finish_login, record_login

    rt = runtime()
    try:
        return_to = finish_login(rt.store, request.args.get("state", ""))
        if request.args.get("error"):
            # The citizen declined or GSIS refused: say so, without echoing what GSIS sent.
            raise TaxisnetError(f"authorisation refused ({request.args['error'][:40]})")
        client = _taxisnet_client()
        identity = client.userinfo(client.exchange(request.args.get("code", "")))
    except (TaxisnetError, ValueError) as exc:
        record_login(
            rt.store,
            provider="taxisnet",
            outcome="failure",
            reason=str(exc)[:200],
            ip=_ip(),
            secret=rt.config.secret_key,
        )
        session["flash"] = t("login.failed")
        return redirect(url_for("web.start"))  # type: ignore[return-value]
    record_login(
        rt.store,
        provider="taxisnet",
        outcome="success",
        reason="",
        taxid=identity.taxid,
        ip=_ip(),
        secret=rt.config.secret_key,
    )
    new_session()
    session["citizen"] = {
        "via": "taxisnet",
        "name": f"{identity.firstname} {identity.lastname}".strip(),
        "afm": identity.taxid,
    }
    safe = return_to.startswith("/") and not return_to.startswith("//")
    return redirect(return_to if safe else url_for("web.choose_municipality"))  # type: ignore[return-value]


# How a refused code request is worded, by the allowance it ran out of.
_LIMIT_TEXTS = {
    "address_and_client": "login.too_many_here",
    "address": "login.too_many_address",
    "client": "login.too_many_client",
}


def _valid_email(typed: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    try:
        return str(validate_email(typed, check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


def send_code(email: str) -> tuple[str, int, int | None] | None:
    """E-mail a code to ``email``; None when sent, else (message, status, Retry-After) to show.

    Never says a code was sent when none was: past an allowance (429) or with the mail server
    down (503, and the attempt is not counted) the page says so instead.
    """
    from service_api.auth import email_code
    from service_api.notifications.mailer import Mailer

    rt = runtime()
    try:
        with rt.admission.paused():  # SMTP may take seconds: let bookings have the slot meanwhile
            email_code.request_code(
                rt.store,
                Mailer(rt.config.smtp_url, rt.config.outbox_dir),
                email=email,
                secret=rt.config.secret_key,
                now=rt.bookings.clock(),
                language=session.get("lang", "el"),
                mail_from=rt.config.mail_from,
                ip=_ip(),
            )
    except email_code.CodeRefused as refused:
        minutes = -(-refused.retry_after // 60)
        return t(_LIMIT_TEXTS[refused.limit.value], minutes=minutes), 429, refused.retry_after
    except email_code.CodeNotSent:
        return t("login.mail_down"), 503, email_code.MAIL_RETRY_SECONDS
    return None


def _with_retry_after(response: Response, retry_after: int | None) -> Response:
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.post("/login/email")
def email_login() -> Response:
    rt = runtime()
    if not rt.config.email_code_enabled:
        session["flash"] = t("login.disabled")
        return redirect(url_for("web.start"))  # type: ignore[return-value]
    typed = request.form.get("email", "").strip()
    email = _valid_email(typed)
    problem = (t("errors.email"), 422, None) if email is None else send_code(email)
    if problem is not None:
        message, status, retry_after = problem
        page = render(
            "web/login.html",
            status=status,
            taxisnet=rt.config.taxisnet_enabled,
            email_code=True,
            m=request.form.get("m", ""),
            email=typed,
            errors={"email": message},
            title=t("login.title"),
        )
        return _with_retry_after(page, retry_after)
    return _code_page(email or "", signing_in=True)  # reached only with a valid address


@bp.post("/login/email/verify")
def email_verify() -> Response:
    from service_api.auth.email_code import verify_code

    rt = runtime()
    email = _valid_email(request.form.get("email", "").strip()) or ""
    code = request.form.get("code", "").strip()
    if not rt.config.email_code_enabled:
        return redirect(url_for("web.start"))  # type: ignore[return-value]
    ok = bool(email) and verify_code(
        rt.store, email=email, code=code, secret=rt.config.secret_key, now=rt.bookings.clock(), ip=_ip()
    )
    if not ok:
        return _code_page(email, signing_in=True, status=422, code=code)
    new_session(keep=("lang",))
    session["citizen"] = {"via": "email", "email": email, "name": ""}
    m = request.form.get("m", "")
    return redirect(url_for("web.choose_municipality", m=m) if m else url_for("web.choose_municipality"))  # type: ignore[return-value]


@bp.post("/logout")
def logout() -> Response:
    came_for = session.get(MUNICIPALITY_KEY)
    new_session(keep=("lang",))
    # Back to the sign-in page of the municipality the citizen came for, which names it.
    slug = came_for.get("slug") if isinstance(came_for, dict) else None
    return redirect(url_for("web.start", m=slug) if slug else url_for("web.start"))  # type: ignore[return-value]


def _code_page(email: str, *, signing_in: bool, status: int = 200, code: str = "") -> Response:
    """The page asking for the e-mailed code: to sign in, or to prove another address for a booking."""
    return render(
        "web/login_code.html",
        status=status,
        email=email,
        m=request.form.get("m", "") if signing_in else "",
        code=code,
        errors={"code": t("login.bad_code")} if status == 422 else {},
        action=url_for("web.email_verify" if signing_in else "web.verify_email_code"),
        button=t("login.verify" if signing_in else "verify.confirm"),
        title=t("login.code_label" if signing_in else "verify.title"),
        code_minutes=_code_minutes(),
    )


def _code_minutes() -> int:
    """How long an e-mailed code lasts, as the e-mail itself says."""
    from service_api.auth.email_code import CODE_LIFETIME

    return int(CODE_LIFETIME.total_seconds() // 60)


# ------------------------------------------------------------------ proving another address
@bp.route("/book/email", methods=["GET", "POST"])
def verify_email() -> Response:
    """A signed-in citizen proves the address their booking should go to (TAXISnet gives none)."""
    require_citizen()
    typed = request.form.get("email", "").strip()
    if request.method == "GET":
        return render("web/verify_email.html", email="", errors={}, title=t("verify.title"))
    email = _valid_email(typed)
    problem = (t("errors.email"), 422, None) if email is None else send_code(email)
    if problem is not None:
        message, status, retry_after = problem
        page = render(
            "web/verify_email.html",
            status=status,
            email=typed,
            errors={"email": message},
            title=t("verify.title"),
        )
        return _with_retry_after(page, retry_after)
    return _code_page(email or "", signing_in=False)  # reached only with a valid address


@bp.post("/book/email/verify")
def verify_email_code() -> Response:
    from service_api.auth.email_code import verify_code

    who = require_citizen()
    rt = runtime()
    email = _valid_email(request.form.get("email", "").strip()) or ""
    code = request.form.get("code", "").strip()
    ok = bool(email) and verify_code(
        rt.store, email=email, code=code, secret=rt.config.secret_key, now=rt.bookings.clock(), ip=_ip()
    )
    if not ok:
        return _code_page(email, signing_in=False, status=422, code=code)
    session["citizen"] = {**who, "email": email}
    target = "web.details" if session.get("held") else "web.choose_municipality"
    return redirect(url_for(target))  # type: ignore[return-value]
