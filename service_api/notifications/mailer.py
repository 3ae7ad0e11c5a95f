"""Delivering a composed message: SMTP when DIMOS_SMTP_URL is set, else a folder of .eml files."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit


class DeliveryError(Exception):
    """Sending failed; ``retryable`` says whether the outbox should try again later."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class Mailer:
    """``smtp://user:pass@host:port`` (STARTTLS when offered), ``smtps://`` (TLS), or no URL: files."""

    def __init__(self, smtp_url: str, outbox_dir: Path, timeout: float = 20.0) -> None:
        self.smtp_url = smtp_url
        self.outbox_dir = outbox_dir
        self.timeout = timeout

    def send(self, message: EmailMessage) -> str:
        if not self.smtp_url:
            return self._to_folder(message)
        parts = urlsplit(self.smtp_url)
        host, port = parts.hostname or "localhost", parts.port
        try:
            if parts.scheme == "smtps":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    host, port or 465, timeout=self.timeout, context=ssl.create_default_context()
                )
            elif parts.scheme == "smtp":
                client = smtplib.SMTP(host, port or 25, timeout=self.timeout)
            else:
                raise DeliveryError(
                    f"DIMOS_SMTP_URL scheme must be smtp or smtps, not {parts.scheme}", retryable=False
                )
            with client:
                if parts.scheme == "smtp":
                    client.ehlo()
                    if client.has_extn("starttls"):
                        client.starttls(context=ssl.create_default_context())
                        client.ehlo()
                if parts.username:
                    client.login(unquote(parts.username), unquote(parts.password or ""))
                client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})
            # The refused addresses stay out: the message ends up in the outbox row and the log.
            raise DeliveryError(f"recipient refused (SMTP {codes})", retryable=False) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP failed: {type(exc).__name__}: {exc}", retryable=True) from exc
        return f"smtp:{host}"

    def _to_folder(self, message: EmailMessage) -> str:
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        name = (message["Message-ID"] or "message").strip("<>").replace("@", "_").replace("/", "_")
        path = self.outbox_dir / f"{name}.eml"
        path.write_bytes(bytes(message))
        return str(path)
