"""Demo/development citizen sign-in: a six-digit one-time code sent by e-mail."""

from __future__ import annotations

import hmac
import logging
import math
import secrets
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from service_api.auth.models import CitizenEmailCode
from service_api.auth.taxisnet import add_login_audit
from service_api.db import Store
from service_api.notifications.mailer import DeliveryError, Mailer
from service_api.security import keyed_hash

PROVIDER = "email-code"
CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
SWEEP_AFTER = timedelta(days=1)
log = logging.getLogger(__name__)

# Codes per rolling hour. Only codes that went out count. A client that asks again and again for one
# address uses up its own allowance, not the citizen's; the per-address ceiling (reached only from
# several clients) keeps an inbox from being flooded; the per-client one, many inboxes.
WINDOW = timedelta(hours=1)
PER_ADDRESS_AND_CLIENT = 5
PER_ADDRESS = 20
PER_CLIENT = 30


class CodeLimit(StrEnum):
    """Which allowance a refused code request ran out of."""

    ADDRESS_AND_CLIENT = "address_and_client"
    ADDRESS = "address"
    CLIENT = "client"


class CodeRefused(Exception):
    """Too many codes: nothing was sent, and ``retry_after`` seconds from now one may be."""

    def __init__(self, limit: CodeLimit, retry_after: int) -> None:
        super().__init__(f"too many codes ({limit.value})")
        self.limit = limit
        self.retry_after = retry_after


class CodeNotSent(Exception):
    """The mail server did not take the message: no code exists and nothing was counted."""


# When to ask again after the mail server refused a code (Retry-After on the page and the API).
MAIL_RETRY_SECONDS = 120


_TEXTS = {
    "el": {
        "subject": "Κωδικός σύνδεσης",
        "body": (
            "Ο κωδικός σύνδεσης για το {email} είναι: {code}\n\n"
            "Ισχύει για {minutes} λεπτά και μόνο μία φορά.\n"
            "Αν δεν τον ζητήσατε εσείς, αγνοήστε αυτό το μήνυμα.\n"
        ),
    },
    "en": {
        "subject": "Your sign-in code",
        "body": (
            "Your sign-in code for {email} is: {code}\n\n"
            "It is valid for {minutes} minutes and can be used once.\n"
            "If you did not ask for it, please ignore this message.\n"
        ),
    },
}


def _normalise(email: str) -> str:
    return email.strip().lower()


def email_hash(secret: str, email: str) -> str:
    """The address as we store it: a keyed hash, so the table holds no e-mail addresses."""
    return keyed_hash(secret, "login-email", _normalise(email))


def _code_hash(secret: str, address_hash: str, code: str) -> str:
    # Bound to the address: a code is only worth anything for the e-mail it was sent to.
    return keyed_hash(secret, "login-code", f"{address_hash}:{code}")


def compose(*, email: str, code: str, language: str, mail_from: str) -> EmailMessage:
    texts = _TEXTS["en" if language == "en" else "el"]
    message = EmailMessage()
    message["Subject"] = texts["subject"]
    message["From"] = mail_from
    message["To"] = email
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = make_msgid(domain=mail_from.split("@")[-1])
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    message.set_content(texts["body"].format(email=email, code=code, minutes=minutes))
    return message


def _client_hash(secret: str, ip: str | None) -> str:
    return keyed_hash(secret, "login-client", ip or "")


def _refusal(session: Session, address: str, client: str, now: datetime) -> CodeRefused | None:
    """The first allowance this request would exceed, with when its oldest code leaves the window."""
    since = now - WINDOW
    checks = (
        (
            CodeLimit.ADDRESS_AND_CLIENT,
            PER_ADDRESS_AND_CLIENT,
            (CitizenEmailCode.email_hash == address, CitizenEmailCode.client_hash == client),
        ),
        (CodeLimit.ADDRESS, PER_ADDRESS, (CitizenEmailCode.email_hash == address,)),
        (CodeLimit.CLIENT, PER_CLIENT, (CitizenEmailCode.client_hash == client,)),
    )
    for limit, allowance, where in checks:
        count, oldest = session.execute(
            select(func.count(), func.min(CitizenEmailCode.created_at)).where(
                CitizenEmailCode.created_at > since, *where
            )
        ).one()
        if count >= allowance:
            wait = (oldest + WINDOW - now).total_seconds() if oldest else WINDOW.total_seconds()
            return CodeRefused(limit, max(1, math.ceil(wait)))
    return None


def request_code(
    store: Store,
    mailer: Mailer,
    *,
    email: str,
    secret: str,
    now: datetime,
    language: str,
    mail_from: str,
    ip: str | None = None,
) -> None:
    """Create a fresh code for ``email`` and send it.

    Raises ``CodeRefused`` past an allowance and ``CodeNotSent`` when the mail server fails; in both
    cases no code exists, so the caller never says one was sent. The message goes out after the
    commit, so a code that arrives is always one the database knows.
    """
    address = email_hash(secret, email)
    client = _client_hash(secret, ip)
    code = f"{secrets.randbelow(10**6):06d}"
    with store.write() as session:
        session.execute(delete(CitizenEmailCode).where(CitizenEmailCode.expires_at < now - SWEEP_AFTER))
        refused = _refusal(session, address, client, now)
        if refused is not None:
            add_login_audit(
                session,
                provider=PROVIDER,
                outcome="failure",
                reason=f"too many codes ({refused.limit.value})",
                secret=secret,
                ip=ip,
                now=now,
            )
        else:
            row = CitizenEmailCode(
                email_hash=address,
                code_hash=_code_hash(secret, address, code),
                created_at=now,
                expires_at=now + CODE_LIFETIME,
                attempts=0,
                client_hash=client,
            )
            session.add(row)
            session.flush()
            row_id = row.id
    if refused is not None:
        raise refused
    try:
        mailer.send(compose(email=email.strip(), code=code, language=language, mail_from=mail_from))
    except (DeliveryError, OSError) as exc:
        # Not sent, so not counted: the citizen may simply try again once the mail server is back.
        with store.write() as session:
            session.execute(delete(CitizenEmailCode).where(CitizenEmailCode.id == row_id))
        log.warning("sign-in code not sent: %s", type(exc).__name__)
        raise CodeNotSent() from exc


def verify_code(
    store: Store, *, email: str, code: str, secret: str, now: datetime, ip: str | None = None
) -> bool:
    """True once for any live code of ``email``; every wrong guess counts against all of them.

    Any live code works, not only the latest: someone asking for codes for the citizen's address
    must not invalidate the one the citizen is typing. Success uses up every live code.
    """
    code = code.strip()
    if len(code) != 6 or not code.isdigit():
        return False
    address = email_hash(secret, email)
    with store.write() as session:
        live = list(
            session.scalars(
                select(CitizenEmailCode)
                .where(
                    CitizenEmailCode.email_hash == address,
                    CitizenEmailCode.used_at.is_(None),
                    CitizenEmailCode.expires_at > now,
                    CitizenEmailCode.attempts < MAX_ATTEMPTS,
                )
                .order_by(CitizenEmailCode.id)
                .with_for_update()
            )
        )
        wanted = _code_hash(secret, address, code)
        matched = any(hmac.compare_digest(row.code_hash, wanted) for row in live)
        for row in live:
            if matched:
                row.used_at = now
            else:
                row.attempts += 1
        reason = "" if matched else ("wrong code" if live else "no live code")
        add_login_audit(
            session,
            provider=PROVIDER,
            outcome="failure" if reason else "success",
            reason=reason,
            secret=secret,
            ip=ip,
            now=now,
        )
        return matched
