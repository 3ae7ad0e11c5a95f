"""The HTTP side of a webhook delivery: one POST with explicit timeouts, failures as typed errors.

Any answer is an answer (the caller decides what a 4xx or 5xx means); only not getting one raises.
Error messages name what went wrong, never the URL: a receiver's URL may carry a token in its query,
and these messages go to the delivery log and the outbox row.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
USER_AGENT = "dimos-appointments-webhooks/1"


class WebhookHttpError(Exception):
    """No answer came: the receiver could not be reached, or took too long. Always worth a retry."""


class WebhookTimeout(WebhookHttpError):
    pass


class WebhookConnectionError(WebhookHttpError):
    pass


@dataclass(frozen=True)
class WebhookResponse:
    status_code: int

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300


class WebhookClient:
    """POSTs signed bodies. Redirects are not followed: a 3xx is not a delivery, and the signed body must
    reach the URL the admin registered. The environment's ``HTTPS_PROXY`` is used, as by every client."""

    def __init__(
        self,
        *,
        session: requests.Session | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.session = session if session is not None else requests.Session()
        self.timeout = (connect_timeout, read_timeout)

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> WebhookResponse:
        sent = {"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers}
        try:
            # stream: the answer's body is never read (a receiver's words are not ours to keep, and a
            # huge one must not fill the runner's memory)
            response = self.session.post(
                url, data=body, headers=sent, timeout=self.timeout, allow_redirects=False, stream=True
            )
        except requests.ConnectTimeout as exc:
            raise WebhookConnectionError(f"could not connect within {self.timeout[0]:g} s") from exc
        except requests.Timeout as exc:
            raise WebhookTimeout(f"no answer within {self.timeout[1]:g} s") from exc
        except requests.ConnectionError as exc:
            raise WebhookConnectionError("could not connect to the receiver") from exc
        except requests.RequestException as exc:
            raise WebhookHttpError(f"the request failed ({type(exc).__name__})") from exc
        response.close()
        return WebhookResponse(response.status_code)

    def close(self) -> None:
        self.session.close()
