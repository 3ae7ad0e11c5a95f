"""Admission control: a few requests run at once, the rest wait in arrival order; long-polls wait outside."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from flask import Flask

from service_api.config import Config
from service_api.runtime import Admission
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import World, athens


def wait_until(condition: Callable[[], bool], seconds: float = 10) -> None:
    """Wait for state another thread will reach, instead of sleeping and hoping."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the other thread never got there"
        time.sleep(0.001)


def test_waiting_requests_get_their_turn_in_arrival_order() -> None:
    admission = Admission(1)
    admission.enter()  # this thread holds the only slot
    order: list[int] = []
    started: list[threading.Event] = []

    def request(n: int) -> None:
        started[n].set()
        admission.enter()
        order.append(n)
        time.sleep(0.01)
        admission.leave()

    threads = []
    for n in range(5):
        started.append(threading.Event())
        threads.append(threading.Thread(target=request, args=(n,)))
        threads[-1].start()
        started[n].wait()
        wait_until(lambda n=n: admission.waiting == n + 1)  # in line before the next one arrives
    assert order == []  # nobody ran while the slot was held
    admission.leave()
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]


@pytest.fixture
def config(config: Config) -> Config:
    config.active_requests = 1  # one request at a time per process: the tightest setting
    return config


def test_a_waiting_long_poll_does_not_hold_back_other_requests(world: World, app: Flask) -> None:
    """With one slot per process, a desktop's long-poll still leaves room for a citizen's booking."""
    headers = login(app.test_client(), "other_supervisor")  # the booking below is none of theirs
    cursor = call(app.test_client(), "GET", "/api/v1/changes", 200, headers=headers)["cursor"]
    polled: dict[str, float] = {}

    def long_poll() -> None:
        started = time.monotonic()
        call(app.test_client(), "GET", f"/api/v1/changes?since={cursor}&wait=3", 200, headers=headers)
        polled["seconds"] = time.monotonic() - started

    poller = threading.Thread(target=long_poll)
    poller.start()
    wait_until(lambda: world.rt.waiter.waiting > 0)  # the long-poll is now waiting for a change
    started = time.monotonic()
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    book(app.test_client(), 201, body)  # a write: it needs the slot
    assert time.monotonic() - started < 1.0
    poller.join(10)
    assert polled["seconds"] >= 2.5  # it really was waiting all along
