"""Configuration refusals and the service-api command as an operator uses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from service_api.config import Config, ConfigError

STRONG = "s" * 40
TAXIS = {"DIMOS_TAXISNET_CLIENT_ID": "larissa", "DIMOS_TAXISNET_CLIENT_SECRET": "registered-secret"}


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DIMOS_ENV": "production"}, "DIMOS_SECRET_KEY"),
        ({"DIMOS_ENV": "production", "DIMOS_SECRET_KEY": STRONG}, "e-mail-code"),
        (
            {
                "DIMOS_ENV": "production",
                "DIMOS_SECRET_KEY": STRONG,
                "DIMOS_CITIZEN_AUTH": "taxisnet",
                **TAXIS,
            },
            "Jitsi",
        ),
        (
            {
                "DIMOS_ENV": "production",
                "DIMOS_SECRET_KEY": STRONG,
                "DIMOS_CITIZEN_AUTH": "taxisnet",
                **TAXIS,
                "DIMOS_MEETING_PROVIDER": "teams-static",
            },
            "DIMOS_SMTP_URL",
        ),
        ({"DIMOS_MEETING_PROVIDER": "graph"}, "DIMOS_GRAPH_CLIENT_ID"),
        ({"DIMOS_ENV": "staging"}, "DIMOS_ENV"),
        ({"DIMOS_CITIZEN_AUTH": "taxisnet"}, "DIMOS_TAXISNET_CLIENT_ID"),
        ({"DIMOS_RETENTION_DAYS": "soon"}, "whole number"),
    ],
)
def test_unsafe_or_wrong_settings_are_refused_with_the_reason(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Config.from_env(env)


def test_a_complete_production_setting_is_accepted() -> None:
    cfg = Config.from_env(
        {
            "DIMOS_ENV": "production",
            "DIMOS_SECRET_KEY": STRONG,
            "DIMOS_CITIZEN_AUTH": "taxisnet",
            **TAXIS,
            "DIMOS_MEETING_PROVIDER": "teams-static",
            "DIMOS_SMTP_URL": "smtp://mail:25",
            "DIMOS_DATABASE_URL": "postgresql://u:p@db/dimos",
        }
    )
    assert cfg.env == "production" and not cfg.is_sqlite


def _cli(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        "DIMOS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DIMOS_OUTBOX_DIR": str(tmp_path / "mail"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "service_api.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_demo_prints_the_staff_accounts_and_create_staff_adds_one(tmp_path: Path) -> None:
    demo = _cli(tmp_path, "demo", "--bookings", "40")
    assert demo.returncode == 0, demo.stderr
    assert (
        "40 new bookings" in demo.stdout
        and "maria.papadopoulou" in demo.stdout
        and "anna.supervisor" in demo.stdout
    )
    again = _cli(tmp_path, "demo", "--bookings", "40")
    assert "0 new bookings" in again.stdout  # idempotent
    made = _cli(
        tmp_path,
        "create-staff",
        "--username",
        "new.clerk",
        "--role",
        "clerk",
        "--municipality",
        "larissa",
        "--services",
        "cohabitation-agreement",
        "--password-stdin",
        stdin="a-long-password\n",
    )
    assert made.returncode == 0 and "1 services" in made.stdout, made.stderr
    bad = _cli(
        tmp_path,
        "create-staff",
        "--username",
        "x",
        "--role",
        "clerk",
        "--municipality",
        "larissa",
        "--services",
        "no-such-service",
        "--password-stdin",
        stdin="a-long-password\n",
    )
    assert bad.returncode != 0 and "no-such-service" in bad.stderr
    short = _cli(
        tmp_path,
        "create-staff",
        "--username",
        "y",
        "--role",
        "clerk",
        "--municipality",
        "larissa",
        "--password-stdin",
        stdin="short\n",
    )
    assert short.returncode != 0 and "10 characters" in short.stderr
    assert _cli(tmp_path, "run-jobs", "--once").returncode == 0
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 40
