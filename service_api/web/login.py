"""Citizen sign-in: TAXISnet (GSIS OAuth2) and, for the demo, a one-time code by e-mail."""

from __future__ import annotations

from flask import Response, redirect, request, session, url_for

from service_api.runtime import runtime
from service_api.web.blueprint import bp
from service_api.web.common import citizen, render, t
from service_api.web.server_session import new_session


def _ip() -> str:
    return request.remote_addr or ""


def _return_to() -> str:
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
    return render(
        "web/login.html",
        taxisnet=config.taxisnet_enabled,
        email_code=config.email_code_enabled,
        m=request.args.get("m", ""),
        message=session.pop("flash", None),
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


@bp.post("/login/email")
def email_login() -> Response:
    from email_validator import EmailNotValidError, validate_email

    from service_api.auth.email_code import request_code
    from service_api.notifications.mailer import Mailer

    rt = runtime()
    if not rt.config.email_code_enabled:
        session["flash"] = t("login.disabled")
        return redirect(url_for("web.start"))  # type: ignore[return-value]
    typed = request.form.get("email", "").strip()
    try:
        email = validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError:
        return render(
            "web/login.html",
            status=422,
            taxisnet=rt.config.taxisnet_enabled,
            email_code=True,
            m=request.form.get("m", ""),
            email=typed,
            errors={"email": t("errors.email")},
            title=t("login.title"),
        )
    with rt.admission.paused():  # SMTP may take seconds: let bookings have the slot meanwhile
        request_code(
            rt.store,
            Mailer(rt.config.smtp_url, rt.config.outbox_dir),
            email=email,
            secret=rt.config.secret_key,
            now=rt.bookings.clock(),
            language=session.get("lang", "el"),
            mail_from=rt.config.mail_from,
            ip=_ip(),
        )
    return render(
        "web/login_code.html",
        email=email,
        m=request.form.get("m", ""),
        title=t("login.code_label"),
        code_minutes=_code_minutes(),
    )


@bp.post("/login/email/verify")
def email_verify() -> Response:
    from service_api.auth.email_code import verify_code

    rt = runtime()
    email = request.form.get("email", "").strip()
    code = request.form.get("code", "").strip()
    if not rt.config.email_code_enabled:
        return redirect(url_for("web.start"))  # type: ignore[return-value]
    ok = (
        len(code) == 6
        and code.isdigit()
        and verify_code(
            rt.store, email=email, code=code, secret=rt.config.secret_key, now=rt.bookings.clock(), ip=_ip()
        )
    )
    if not ok:
        return render(
            "web/login_code.html",
            status=422,
            email=email,
            m=request.form.get("m", ""),
            code=code,
            errors={"code": t("login.bad_code")},
            title=t("login.code_label"),
            code_minutes=_code_minutes(),
        )
    new_session(keep=("lang",))
    session["citizen"] = {"via": "email", "email": email, "name": ""}
    m = request.form.get("m", "")
    return redirect(url_for("web.choose_municipality", m=m) if m else url_for("web.choose_municipality"))  # type: ignore[return-value]


@bp.post("/logout")
def logout() -> Response:
    new_session(keep=("lang",))
    return redirect(url_for("web.start"))  # type: ignore[return-value]


def _code_minutes() -> int:
    """How long an e-mailed code lasts, as the e-mail itself says."""
    from service_api.auth.email_code import CODE_LIFETIME

    return int(CODE_LIFETIME.total_seconds() // 60)
