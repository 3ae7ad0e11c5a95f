"""Shared by the clerk-desktop tests: the week of T0, the controller, its prompts, a booking for clerk_a."""

from __future__ import annotations

from datetime import date
from typing import Any

from clerk_desktop.controller import ClerkController
from clerk_desktop.desktop import Desktop
from service_api.domain.rules import Mode
from tests.helpers.desktop import FakePrompts
from tests.helpers.factories import create_booking
from tests.helpers.world import World

WEEK_OF_T0 = date(2026, 11, 30)


def clerk_of(desktop: Desktop) -> ClerkController:
    """The clerk controller of a signed-in desktop."""
    assert isinstance(desktop.controller, ClerkController)
    return desktop.controller


def prompts_of_clerk(controller: ClerkController) -> FakePrompts:
    """The fake the test answers the clerk's questions with (and reads the warnings from)."""
    assert isinstance(controller.prompts, FakePrompts)
    return controller.prompts


def clerk_a_booking(world: World, start: Any, mode: Mode = Mode.IN_PERSON, who: int = 1) -> str:
    """Book so that clerk_a gets it: the others are busy at that time."""
    rt = world.rt
    for n in range(3):
        booking = create_booking(
            rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=start,
            mode=mode,
            who=who * 10 + n,
        ).booking
        if booking.staff_id == world.staff["clerk_a"]:
            return booking.reference
    raise AssertionError("clerk_a got no booking")
