"""Settings read from the environment, so one build runs as demo, test or production."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

DEFAULT_SECRET = "dev-only-secret-change-me"  # noqa: S105 - refused in production below
ENVIRONMENTS = ("development", "production")
MEETING_PROVIDERS = ("jitsi", "teams-static", "graph")
CITIZEN_AUTH_PROVIDERS = ("email-code", "taxisnet")
LOOPBACK = ("127.0.0.1", "::1", "localhost")
SMS_METHODS = ("POST", "GET")
SMS_CONTENT_TYPES = ("form", "json")


class ConfigError(RuntimeError):
    """The environment asks for something unsafe or impossible; the service refuses to start."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("dimos-appointments", appauthor=False))


def default_database_url() -> str:
    path = default_data_dir() / "dimos.sqlite3"
    return f"sqlite:///{path}"


@dataclass
class Config:
    """Everything the service reads from the environment, with safe development defaults."""

    env: str = "development"
    database_url: str = field(default_factory=default_database_url)
    secret_key: str = DEFAULT_SECRET
    public_url: str = "http://127.0.0.1:5000"
    smtp_url: str = ""
    mail_from: str = "no-reply@dimos.localhost"
    outbox_dir: Path = field(default_factory=lambda: default_data_dir() / "outbox-mail")
    meeting_provider: str = "jitsi"
    jitsi_base_url: str = "https://meet.jit.si"
    graph_base_url: str = "https://graph.microsoft.com/v1.0"
    graph_token_url: str = ""
    graph_tenant_id: str = ""
    graph_client_id: str = ""
    graph_client_secret: str = ""
    # SMS through a generic HTTP gateway (docs/sms.md); no URL: SMS are not offered at all.
    sms_url: str = ""
    sms_method: str = "POST"
    sms_auth_header: str = ""  # "Name: value", e.g. "Authorization: Bearer xyz"
    sms_content_type: str = "form"  # form (application/x-www-form-urlencoded) or json
    sms_body_template: str = ""  # empty: the default of the content type (see notifications.sms_gateway)
    sms_sender: str = ""
    sms_timeout_seconds: int = 10
    citizen_auth: str = "email-code"
    taxisnet_base_url: str = "https://oauth2.gsis.gr/oauth2server"
    taxisnet_client_id: str = ""
    taxisnet_client_secret: str = ""
    # "database" (the service's own database, shared by every process), "memory://" (per process), or
    # any URI of the limits library; empty: the database on PostgreSQL, memory on SQLite (one process).
    ratelimit_storage: str = ""
    ratelimit_enabled: bool = True
    active_requests: int = 4  # per process; more threads wait (see runtime.Admission)
    access_log: bool | None = None  # None: on in development, off in production (the proxy logs)
    # Reverse proxies in front of the service whose X-Forwarded-For/-Proto to believe (0: none, so a
    # client cannot pick its own address); rate limits count per client address.
    trusted_proxies: int = 0
    # Bearer token of /metrics (Prometheus); empty: no /metrics at all.
    metrics_token: str = ""
    # "text" or "json" (one JSON object a line, with the request id).
    log_format: str = "text"
    allow_email_code_in_production: bool = False
    retention_days: int = 180
    # How long the access log of staff reads of personal data is kept (issue 17); not the HTTP
    # request log that ``access_log`` above switches on and off.
    access_log_days: int = 730
    hold_minutes: int = 10
    # The waitlist (issue 17): how long a freed time is held for the citizen it is offered to, the
    # longest range of days one may wait for, and how many services one citizen may wait for at once.
    waitlist_offer_minutes: int = 30
    waitlist_max_days: int = 92
    waitlist_max_entries: int = 5
    max_request_bytes: int = 1_000_000  # larger bodies are refused (413) before they are read
    # After the database failed mid-booking, how long to keep asking whether the booking committed.
    outage_settle_seconds: int = 10
    # The outbox keeps retrying a failing e-mail or meeting job (backoff capped at an hour) this long.
    outbox_give_up_hours: int = 72
    # How long a runner's claim on an outbox row lasts; renewed while the row is worked on.
    outbox_lease_seconds: int = 300
    # /healthz answers 503 when no job runner has written its heartbeat for this long...
    health_runner_silent_seconds: int = 120
    # ...or when an outbox row has been waiting for this long (an SMTP outage, a stuck runner).
    health_outbox_backlog_seconds: int = 3600
    # Webhooks may go to plain http://localhost (a receiver on this machine); None: outside production.
    webhook_local_http: bool | None = None
    access_token_minutes: int = 30
    refresh_token_days: int = 30
    testing: bool = False

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        cfg = cls()
        cfg.env = env.get("DIMOS_ENV", cfg.env)
        cfg.database_url = env.get("DIMOS_DATABASE_URL", cfg.database_url)
        cfg.secret_key = env.get("DIMOS_SECRET_KEY", cfg.secret_key)
        cfg.public_url = env.get("DIMOS_PUBLIC_URL", cfg.public_url).rstrip("/")
        cfg.smtp_url = env.get("DIMOS_SMTP_URL", cfg.smtp_url)
        cfg.mail_from = env.get("DIMOS_MAIL_FROM", cfg.mail_from)
        if "DIMOS_OUTBOX_DIR" in env:
            cfg.outbox_dir = Path(env["DIMOS_OUTBOX_DIR"])
        cfg.meeting_provider = env.get("DIMOS_MEETING_PROVIDER", cfg.meeting_provider)
        cfg.jitsi_base_url = env.get("DIMOS_JITSI_URL", cfg.jitsi_base_url).rstrip("/")
        cfg.graph_base_url = env.get("DIMOS_GRAPH_URL", cfg.graph_base_url).rstrip("/")
        cfg.graph_tenant_id = env.get("DIMOS_GRAPH_TENANT_ID", "")
        cfg.graph_token_url = env.get(
            "DIMOS_GRAPH_TOKEN_URL",
            f"https://login.microsoftonline.com/{cfg.graph_tenant_id}/oauth2/v2.0/token"
            if cfg.graph_tenant_id
            else "",
        )
        cfg.graph_client_id = env.get("DIMOS_GRAPH_CLIENT_ID", "")
        cfg.graph_client_secret = env.get("DIMOS_GRAPH_CLIENT_SECRET", "")
        cfg.sms_url = env.get("DIMOS_SMS_URL", cfg.sms_url).strip()
        cfg.sms_method = env.get("DIMOS_SMS_METHOD", cfg.sms_method).strip().upper()
        cfg.sms_auth_header = env.get("DIMOS_SMS_AUTH_HEADER", cfg.sms_auth_header).strip()
        cfg.sms_content_type = env.get("DIMOS_SMS_CONTENT_TYPE", cfg.sms_content_type).strip().lower()
        cfg.sms_body_template = env.get("DIMOS_SMS_BODY_TEMPLATE", cfg.sms_body_template)
        cfg.sms_sender = env.get("DIMOS_SMS_SENDER", cfg.sms_sender).strip()
        cfg.sms_timeout_seconds = _int(env, "DIMOS_SMS_TIMEOUT_SECONDS", cfg.sms_timeout_seconds)
        cfg.citizen_auth = env.get("DIMOS_CITIZEN_AUTH", cfg.citizen_auth)
        cfg.allow_email_code_in_production = env.get("DIMOS_ALLOW_EMAIL_CODE", "") == "1"
        cfg.taxisnet_base_url = env.get("DIMOS_TAXISNET_URL", cfg.taxisnet_base_url).rstrip("/")
        cfg.taxisnet_client_id = env.get("DIMOS_TAXISNET_CLIENT_ID", "")
        cfg.taxisnet_client_secret = env.get("DIMOS_TAXISNET_CLIENT_SECRET", "")
        cfg.ratelimit_storage = env.get("DIMOS_RATELIMIT_STORAGE", cfg.ratelimit_storage)
        cfg.ratelimit_enabled = env.get("DIMOS_RATELIMIT_ENABLED", "1") != "0"
        if "DIMOS_ACCESS_LOG" in env:
            cfg.access_log = env["DIMOS_ACCESS_LOG"] != "0"
        cfg.active_requests = _int(env, "DIMOS_ACTIVE_REQUESTS", cfg.active_requests)
        cfg.trusted_proxies = _int(env, "DIMOS_TRUSTED_PROXIES", cfg.trusted_proxies)
        cfg.metrics_token = env.get("DIMOS_METRICS_TOKEN", cfg.metrics_token)
        cfg.log_format = env.get("DIMOS_LOG_FORMAT", cfg.log_format)
        cfg.retention_days = _int(env, "DIMOS_RETENTION_DAYS", cfg.retention_days)
        cfg.access_log_days = _int(env, "DIMOS_ACCESS_LOG_DAYS", cfg.access_log_days)
        cfg.hold_minutes = _int(env, "DIMOS_HOLD_MINUTES", cfg.hold_minutes)
        cfg.waitlist_offer_minutes = _int(env, "DIMOS_WAITLIST_OFFER_MINUTES", cfg.waitlist_offer_minutes)
        cfg.waitlist_max_days = _int(env, "DIMOS_WAITLIST_MAX_DAYS", cfg.waitlist_max_days)
        cfg.waitlist_max_entries = _int(env, "DIMOS_WAITLIST_MAX_ENTRIES", cfg.waitlist_max_entries)
        cfg.max_request_bytes = _int(env, "DIMOS_MAX_REQUEST_BYTES", cfg.max_request_bytes)
        cfg.outage_settle_seconds = _int(env, "DIMOS_OUTAGE_SETTLE_SECONDS", cfg.outage_settle_seconds)
        cfg.outbox_give_up_hours = _int(env, "DIMOS_OUTBOX_GIVE_UP_HOURS", cfg.outbox_give_up_hours)
        cfg.outbox_lease_seconds = _int(env, "DIMOS_OUTBOX_LEASE_SECONDS", cfg.outbox_lease_seconds)
        cfg.health_runner_silent_seconds = _int(
            env, "DIMOS_HEALTH_RUNNER_SILENT_SECONDS", cfg.health_runner_silent_seconds
        )
        cfg.health_outbox_backlog_seconds = _int(
            env, "DIMOS_HEALTH_OUTBOX_BACKLOG_SECONDS", cfg.health_outbox_backlog_seconds
        )
        if env.get("DIMOS_WEBHOOK_LOCAL_HTTP", "") != "":
            cfg.webhook_local_http = env["DIMOS_WEBHOOK_LOCAL_HTTP"] != "0"
        cfg.validate()
        return cfg

    def validate(self) -> None:
        """Refuse settings that would be unsafe, above all in production."""
        if self.env not in ENVIRONMENTS:
            raise ConfigError(f"DIMOS_ENV must be one of {', '.join(ENVIRONMENTS)}, not {self.env!r}")
        if self.meeting_provider not in MEETING_PROVIDERS:
            raise ConfigError(
                f"DIMOS_MEETING_PROVIDER must be one of {', '.join(MEETING_PROVIDERS)}, "
                f"not {self.meeting_provider!r}"
            )
        if self.citizen_auth not in CITIZEN_AUTH_PROVIDERS:
            raise ConfigError(
                f"DIMOS_CITIZEN_AUTH must be one of {', '.join(CITIZEN_AUTH_PROVIDERS)}, "
                f"not {self.citizen_auth!r}"
            )
        self._validate_sms()
        if self.retention_days < 1:
            raise ConfigError("DIMOS_RETENTION_DAYS must be at least 1")
        if self.access_log_days < 1:
            raise ConfigError("DIMOS_ACCESS_LOG_DAYS must be at least 1")
        if self.meeting_provider == "graph" and not (
            self.graph_token_url and self.graph_client_id and self.graph_client_secret
        ):
            raise ConfigError(
                "DIMOS_MEETING_PROVIDER=graph needs DIMOS_GRAPH_TENANT_ID (or DIMOS_GRAPH_TOKEN_URL), "
                "DIMOS_GRAPH_CLIENT_ID and DIMOS_GRAPH_CLIENT_SECRET"
            )
        if self.citizen_auth == "taxisnet" and not (self.taxisnet_client_id and self.taxisnet_client_secret):
            raise ConfigError(
                "DIMOS_CITIZEN_AUTH=taxisnet needs DIMOS_TAXISNET_CLIENT_ID and DIMOS_TAXISNET_CLIENT_SECRET "
                "(the GSIS OAuth2 registration of the municipality)"
            )
        if self.env == "production":
            if self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
                raise ConfigError("production needs DIMOS_SECRET_KEY: a random value of 32+ characters")
            if self.citizen_auth == "email-code" and not self.allow_email_code_in_production:
                raise ConfigError(
                    "production refuses the demo e-mail-code citizen login; set DIMOS_CITIZEN_AUTH=taxisnet "
                    "or, deliberately, DIMOS_ALLOW_EMAIL_CODE=1"
                )
            if self.meeting_provider == "jitsi" and self.jitsi_base_url == "https://meet.jit.si":
                raise ConfigError(
                    "production refuses the public demo Jitsi server; set DIMOS_JITSI_URL to your own "
                    "server or choose DIMOS_MEETING_PROVIDER=graph or teams-static"
                )
            if not self.smtp_url:
                raise ConfigError("production needs DIMOS_SMTP_URL: citizens must receive their e-mails")

    def _validate_sms(self) -> None:
        if not self.sms_url:
            return
        parts = urlsplit(self.sms_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError("DIMOS_SMS_URL must be an http:// or https:// address of the SMS gateway")
        if self.env == "production" and parts.scheme != "https" and parts.hostname not in LOOPBACK:
            raise ConfigError(
                "production sends SMS only over https:// (DIMOS_SMS_URL): the auth header is a secret"
            )
        if self.sms_method not in SMS_METHODS:
            raise ConfigError(
                f"DIMOS_SMS_METHOD must be one of {', '.join(SMS_METHODS)}, not {self.sms_method!r}"
            )
        if self.sms_content_type not in SMS_CONTENT_TYPES:
            raise ConfigError(
                f"DIMOS_SMS_CONTENT_TYPE must be one of {', '.join(SMS_CONTENT_TYPES)}, "
                f"not {self.sms_content_type!r}"
            )
        if self.sms_auth_header:
            name, colon, value = self.sms_auth_header.partition(":")
            if not colon or not re.fullmatch(r"[A-Za-z0-9-]+", name.strip()) or not value.strip():
                raise ConfigError(
                    'DIMOS_SMS_AUTH_HEADER must read "Name: value", e.g. "Authorization: Bearer xyz"'
                )
        where = self.sms_url + (self.sms_body_template or "{to}{text}")
        if "{to}" not in where or "{text}" not in where:
            raise ConfigError("DIMOS_SMS_BODY_TEMPLATE (or DIMOS_SMS_URL) must place both {to} and {text}")
        if len(self.sms_sender) > 11 and not re.fullmatch(r"\+?[0-9]{1,16}", self.sms_sender):
            raise ConfigError(
                "DIMOS_SMS_SENDER: at most 11 letters and digits, or a number of up to 16 digits"
            )
        if self.sms_timeout_seconds < 1:
            raise ConfigError("DIMOS_SMS_TIMEOUT_SECONDS must be at least 1")

    @property
    def sms_enabled(self) -> bool:
        """Citizens are offered SMS (and SMS are sent) only with a gateway configured."""
        return bool(self.sms_url)

    @property
    def email_code_enabled(self) -> bool:
        """The demo sign-in: always in development, in production only when deliberately allowed."""
        return self.env != "production" or self.allow_email_code_in_production

    @property
    def webhooks_allow_local_http(self) -> bool:
        """Whether a webhook may go to plain http:// on this machine: by default outside production."""
        if self.webhook_local_http is not None:
            return self.webhook_local_http
        return self.env != "production"

    @property
    def taxisnet_enabled(self) -> bool:
        return bool(self.taxisnet_client_id and self.taxisnet_client_secret)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def as_flask(self) -> dict[str, Any]:
        return {"SECRET_KEY": self.secret_key, "TESTING": self.testing, "JSON_SORT_KEYS": False}


def _int(env: os._Environ[str] | dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc
