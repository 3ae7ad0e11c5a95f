"""`service-api create-staff` run again changes only what it is given (issue 14)."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from service_api.cli import main
from service_api.models import Staff
from service_api.security import password_matches
from tests.helpers.world import PASSWORD, World


def _env(world: World, tmp_path: Path) -> dict[str, str]:
    return {
        "DIMOS_DATABASE_URL": world.rt.config.database_url,
        "DIMOS_OUTBOX_DIR": str(tmp_path / "mail"),
        "DIMOS_SECRET_KEY": world.rt.config.secret_key,
    }


def test_running_create_staff_again_to_add_a_service_keeps_plan_password_and_links(
    world: World, tmp_path: Path
) -> None:
    from service_api.booking import staffing

    # Clerk A also works a Thursday evening shift.
    plan = [(d, time(8), time(14)) for d in range(5)] + [(3, time(17), time(20))]
    staffing.create_staff(world.rt.bookings, username="clerk_a", plan=plan, graph_user_id="graph-a")

    result = CliRunner().invoke(
        main,
        [
            "create-staff",
            "--username",
            "clerk_a",
            "--services",
            "cohabitation-agreement,transfer-of-registration",
        ],
        env=_env(world, tmp_path),
    )

    assert result.exit_code == 0, result.output
    assert "clerk_a updated" in result.output and "2 services" in result.output
    with world.rt.store.read() as session:
        clerk = session.scalar(select(Staff).where(Staff.username == "clerk_a"))
        assert clerk is not None
        assert (3, time(17), time(20)) in [(p.weekday, p.start, p.end) for p in clerk.working_periods]
        assert len(clerk.working_periods) == 6
        assert password_matches(clerk.password_hash, PASSWORD)
        assert (clerk.email, clerk.teams_link, clerk.graph_user_id) == (
            "a@dimos.test",
            "https://teams.example/a",
            "graph-a",
        )
        assert (clerk.role, clerk.display_name, clerk.municipality_id) == ("clerk", "Clerk A", 1)


def test_a_new_account_needs_a_role_and_a_password_that_is_not_common(world: World, tmp_path: Path) -> None:
    env = _env(world, tmp_path)
    runner = CliRunner()
    missing = runner.invoke(main, ["create-staff", "--username", "nikos"], env=env)
    assert missing.exit_code != 0 and "--role" in missing.output
    args = ["create-staff", "--username", "nikos", "--role", "clerk", "--municipality", "larissa"]
    common = runner.invoke(main, [*args, "--password-stdin"], input="1234567890\n", env=env)
    assert common.exit_code != 0 and "common" in common.output
    made = runner.invoke(main, [*args, "--password-stdin"], input="lavender-tractor-1987\n", env=env)
    assert made.exit_code == 0 and "nikos created" in made.output, made.output
    with world.rt.store.read() as session:
        nikos = session.scalar(select(Staff).where(Staff.username == "nikos"))
        assert nikos is not None and len(nikos.working_periods) == 5  # a new clerk's Mon–Fri default
