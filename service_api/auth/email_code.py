"""Demo/development citizen sign-in: a six-digit one-time code sent by e-mail."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import delete, func, select

from service_api.auth.models import CitizenEmailCode
from service_api.auth.taxisnet import add_login_audit
from service_api.db import Store
from service_api.notifications.mailer import Mailer
from service_api.security import keyed_hash

PROVIDER = "email-code"
CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
# A new code supersedes the last one (and its attempt count), so codes per address are capped too:
# at most 5 codes x 5 guesses an hour against a million values, and no mail-bombing someone's inbox.
MAX_CODES_PER_HOUR = 5
SWEEP_AFTER = timedelta(days=1)

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
    """Create a fresh code for ``email`` and send it; past the hourly cap, silently send nothing.

    The message goes out after the commit, so a code that arrives is always one the database knows.
    """
    address = email_hash(secret, email)
    code = f"{secrets.randbelow(10**6):06d}"
    with store.write() as session:
        session.execute(delete(CitizenEmailCode).where(CitizenEmailCode.expires_at < now - SWEEP_AFTER))
        recent = session.scalar(
            select(func.count())
            .select_from(CitizenEmailCode)
            .where(
                CitizenEmailCode.email_hash == address, CitizenEmailCode.created_at > now - timedelta(hours=1)
            )
        )
        if (recent or 0) >= MAX_CODES_PER_HOUR:
            add_login_audit(
                session,
                provider=PROVIDER,
                outcome="failure",
                reason="too many codes",
                secret=secret,
                ip=ip,
                now=now,
            )
            return
        session.add(
            CitizenEmailCode(
                email_hash=address,
                code_hash=_code_hash(secret, address, code),
                created_at=now,
                expires_at=now + CODE_LIFETIME,
                attempts=0,
            )
        )
    mailer.send(compose(email=email.strip(), code=code, language=language, mail_from=mail_from))


def verify_code(
    store: Store, *, email: str, code: str, secret: str, now: datetime, ip: str | None = None
) -> bool:
    """True once for the latest code of ``email``; wrong guesses count, and 5 of them lock the code."""
    code = code.strip()
    if len(code) != 6 or not code.isdigit():
        return False
    address = email_hash(secret, email)
    with store.write() as session:
        row = session.scalar(
            select(CitizenEmailCode)
            .where(CitizenEmailCode.email_hash == address)
            .order_by(CitizenEmailCode.created_at.desc(), CitizenEmailCode.id.desc())
            .limit(1)
            .with_for_update()
        )
        reason = ""
        if row is None:
            reason = "no code requested"
        elif row.used_at is not None:
            reason = "code already used"
        elif row.expires_at <= now:
            reason = "code expired"
        elif row.attempts >= MAX_ATTEMPTS:
            reason = "too many wrong attempts"
        elif not hmac.compare_digest(row.code_hash, _code_hash(secret, address, code)):
            row.attempts += 1
            reason = "wrong code"
        else:
            row.used_at = now
        add_login_audit(
            session,
            provider=PROVIDER,
            outcome="failure" if reason else "success",
            reason=reason,
            secret=secret,
            ip=ip,
            now=now,
        )
        return not reason
