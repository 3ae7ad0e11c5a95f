"""The shipped deployment files stay complete as the service grows (docs/deploy.md relies on them)."""

from __future__ import annotations

import re
from pathlib import Path

from service_api.config import Config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _variables_the_service_reads() -> set[str]:
    """Every "DIMOS_..." string literal in the service's code: what it can read from the environment."""
    found: set[str] = set()
    for source in (ROOT / "service_api").rglob("*.py"):
        found |= set(re.findall(r"""["'](DIMOS_[A-Z0-9_]+)["']""", source.read_text()))
    return found


def test_the_environment_template_names_every_variable_the_service_reads() -> None:
    template = (DEPLOY / "dimos.env.example").read_text()
    read = _variables_the_service_reads()
    assert {"DIMOS_DATABASE_URL", "DIMOS_TRUSTED_PROXIES", "DIMOS_LOG_LEVEL"} <= read  # the scan works
    missing = sorted(name for name in read if name not in template)
    assert missing == [], f"add to deploy/dimos.env.example: {missing}"


def test_the_environment_template_as_filled_in_passes_the_production_checks() -> None:
    """Its set (uncommented) values are a valid production configuration once secrets are filled in."""
    values = {}
    for line in (DEPLOY / "dimos.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value.replace("CHANGE-ME", "x" * 40)
    config = Config.from_env(values)
    assert config.env == "production" and config.trusted_proxies == 1


def test_the_unit_runs_serve_behind_the_proxy_with_the_environment_file() -> None:
    unit = (DEPLOY / "dimos.service").read_text()
    assert re.search(r"^ExecStart=\S*service-api serve --host 127\.0\.0\.1 --port 8000$", unit, re.M)
    assert "EnvironmentFile=/etc/dimos/dimos.env" in unit and "Restart=always" in unit
    site = (DEPLOY / "nginx" / "dimos.conf").read_text()
    assert "server 127.0.0.1:8000;" in site  # the port nginx forwards to is the one serve listens on
