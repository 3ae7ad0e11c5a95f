"""Pausing Python's cyclic garbage collector while a list answer of thousands of bookings is built."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No collection passes inside: loading and serialising 10,000 bookings allocates millions of
    objects, none of them cyclic garbage, and the collector's repeated passes over the growing heap
    cost ~40 % of the answer's time. Concurrent requests (a worker's threads) count, so the collector
    resumes when the last one ends, and only if it was on before the first began. (The desktop has
    its own copy: the two never import each other.)"""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
