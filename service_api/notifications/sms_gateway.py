"""Sending an SMS through a generic HTTP gateway: URL, method, auth header and body template configured.

Most Greek SMS providers take one HTTP request per message: a POST of a form or of JSON (or a GET
with the query string) naming the number, the text and the sender, with a key in a header. The
template places the values: ``{to}`` (E.164, e.g. +306941234567), ``{to_digits}`` (the same without
the +), ``{text}``, ``{sender}`` and ``{id}`` (stable for one outbox job, for gateways that drop a
repeated id). Each value is escaped for where it stands: URL-encoded in a form, a query string or the
URL, JSON-escaped in a JSON body.

The answer decides what the outbox does: 2xx is sent; 408, 425, 429 and 5xx, a connection that
could not be made are tried again later; any other 4xx is a refusal that will not change
(a bad number, a wrong key), so the job fails at once. A request sent whose answer never came may
have been delivered: it is tried again only when the template carries ``{id}``, so that the gateway
can drop the repeat; without it the job fails rather than risk the citizen getting the SMS twice
(the e-mail still reaches them). Messages never carry the number, the text
or the key: they end up in the outbox row and the log.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

import requests

from service_api.config import Config
from service_api.notifications.mailer import DeliveryError

DEFAULT_TEMPLATES = {
    "form": "to={to}&text={text}&from={sender}",
    "json": '{"to": "{to}", "text": "{text}", "from": "{sender}"}',
}
CONTENT_TYPES = {"form": "application/x-www-form-urlencoded", "json": "application/json; charset=utf-8"}
RETRYABLE_STATUSES = frozenset({408, 425, 429})
PLACEHOLDER = re.compile(r"\{(to|to_digits|text|sender|id)\}")
# A run of digits long enough to be a phone number, with the separators people write.
_NUMBER = re.compile(r"\+?\d[\d ()./-]{5,}\d")


class SmsError(DeliveryError):
    """The gateway did not take the message; ``retryable`` tells the outbox to try again later."""

    def __init__(self, message: str, *, retryable: bool, status: int | None = None) -> None:
        super().__init__(message, retryable=retryable)
        self.status = status


def without_numbers(text: str) -> str:
    """Error text as it may be kept: any phone number in it (a gateway may echo it) taken out."""
    return _NUMBER.sub("<number>", text)


class _QueriesWithoutNumbers(logging.Filter):
    """urllib3 logs each request line at DEBUG: a GET gateway's carries the number in its query."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                without_numbers(arg) if isinstance(arg, str) and ("?" in arg or "=" in arg) else arg
                for arg in record.args
            )
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_QueriesWithoutNumbers())


@dataclass(frozen=True)
class SmsReceipt:
    status: int
    gateway_reply: str  # the start of the answer, numbers taken out


def _fill(template: str, values: Mapping[str, str], escape: str) -> str:
    def value(found: re.Match[str]) -> str:
        raw = values[found.group(1)]
        if escape == "json":
            return json.dumps(raw, ensure_ascii=False)[1:-1]
        if escape == "url-path":
            return quote(raw, safe="")
        return quote_plus(raw)

    return PLACEHOLDER.sub(value, template)


class SmsGateway:
    """One configured gateway; :meth:`send` makes one request (the outbox does the retrying)."""

    def __init__(
        self,
        url: str,
        *,
        method: str = "POST",
        auth_header: str = "",
        content_type: str = "form",
        body_template: str = "",
        sender: str = "",
        timeout: float = 10.0,
        session: requests.Session | None = None,
    ) -> None:
        self.url = url
        self.method = method.upper()
        self.content_type = content_type
        # A GET carries the values in its query string: a form's template, whatever the content type,
        # unless the URL places them itself.
        if self.method == "GET":
            default = "" if PLACEHOLDER.search(url) else DEFAULT_TEMPLATES["form"]
        else:
            default = DEFAULT_TEMPLATES[content_type]
        self.body_template = body_template or default
        self.sender = sender
        # Connecting gets a short while; the gateway's answer the rest.
        self.timeout = (min(5.0, timeout), timeout)
        self.session = session if session is not None else requests.Session()
        # A gateway told the message id can drop a repeat, so a lost answer may be asked again.
        self.repeats_are_dropped = "{id}" in url or "{id}" in self.body_template
        self.headers: dict[str, str] = {"Accept": "application/json, text/plain;q=0.9, */*;q=0.5"}
        if auth_header:
            name, _, value = auth_header.partition(":")
            self.headers[name.strip()] = value.strip()

    @classmethod
    def from_config(cls, config: Config) -> SmsGateway | None:
        if not config.sms_enabled:
            return None
        return cls(
            config.sms_url,
            method=config.sms_method,
            auth_header=config.sms_auth_header,
            content_type=config.sms_content_type,
            body_template=config.sms_body_template,
            sender=config.sms_sender,
            timeout=float(config.sms_timeout_seconds),
        )

    def request_parts(
        self, to: str, text: str, message_id: str = ""
    ) -> tuple[str, dict[str, str], str | None]:
        """The URL, the headers and the body (None for GET) of the request that sends ``text`` to ``to``."""
        values = {
            "to": to,
            "to_digits": to.lstrip("+"),
            "text": text,
            "sender": self.sender,
            "id": message_id,
        }
        url = _fill(self.url, values, "url-path" if "?" not in self.url else "query")
        headers = dict(self.headers)
        if self.method == "GET":
            query = _fill(self.body_template, values, "query")
            if query:
                url += ("&" if "?" in url else "?") + query
            return url, headers, None
        headers["Content-Type"] = CONTENT_TYPES[self.content_type]
        body = _fill(self.body_template, values, "json" if self.content_type == "json" else "query")
        return url, headers, body

    def send(self, to: str, text: str, message_id: str = "") -> SmsReceipt:
        """Send one SMS; raises :class:`SmsError` (retryable or not) unless the gateway answers 2xx."""
        url, headers, body = self.request_parts(to, text, message_id)
        try:
            response = self.session.request(
                self.method,
                url,
                headers=headers,
                data=body.encode() if body is not None else None,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.ConnectTimeout as exc:
            raise SmsError("SMS gateway: no connection in time", retryable=True) from exc
        except requests.Timeout as exc:
            if self.repeats_are_dropped:
                raise SmsError("SMS gateway: no answer in time", retryable=True) from exc
            raise SmsError(
                "SMS gateway: no answer in time; not sent again, as the message may have arrived and "
                "the template carries no {id} for the gateway to drop a repeat",
                retryable=False,
            ) from exc
        except requests.RequestException as exc:
            raise SmsError(f"SMS gateway unreachable: {type(exc).__name__}", retryable=True) from exc
        reply = without_numbers(" ".join(response.text[:300].split()))
        status = response.status_code
        if 200 <= status < 300:
            return SmsReceipt(status, reply)
        detail = f": {reply[:200]}" if reply else ""
        retryable = status >= 500 or status in RETRYABLE_STATUSES
        kind = "failed" if retryable else "refused the message"
        raise SmsError(f"SMS gateway {kind}: HTTP {status}{detail}", retryable=retryable, status=status)
