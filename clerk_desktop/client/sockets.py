"""Connections that another thread can cut: how a long-poll in flight is ended when the desktop stops."""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class LiveSockets:
    """The connections one thread's session has opened, so another thread can shut them.

    Once shut, it stays shut until ``reopen``: a connection made after ``shut`` (the call had not
    connected yet when it was cut) is shut as soon as it connects, so a cut is never missed.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[HTTPConnection] = []
        self._shut = False

    def add(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._connections = [c for c in self._connections if c.sock is not None]
            self._connections.append(connection)
            shut = self._shut
        if shut:
            _shut_down(connection)

    def shut(self) -> None:
        with self._lock:
            self._shut = True
            connections = list(self._connections)
        for connection in connections:
            _shut_down(connection)

    def reopen(self) -> None:
        """Connections may live again (the call that was cut has ended)."""
        with self._lock:
            self._shut = False


def _shut_down(connection: HTTPConnection) -> None:
    sock = connection.sock
    if sock is None:
        return
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)  # a blocked read returns at once; urllib3 reconnects later


class TrackingAdapter(HTTPAdapter):
    """An adapter whose connections register themselves with a ``LiveSockets``."""

    def __init__(self, sockets: LiveSockets) -> None:
        self.sockets = sockets
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        sockets = self.sockets

        class Tracked(HTTPConnection):
            def connect(self) -> None:
                super().connect()
                sockets.add(self)

        class TrackedTls(HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                sockets.add(self)

        class Pool(HTTPConnectionPool):
            ConnectionCls = Tracked

        class TlsPool(HTTPSConnectionPool):
            ConnectionCls = TrackedTls

        self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": TlsPool}
