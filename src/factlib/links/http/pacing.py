"""Pacing requests: per host, how many are in flight and how far apart they start."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class HostGate:
    """Per-host limits: requests in flight, and the least time between two request starts.

    ``stopped`` is set when the caller gives up (Ctrl-C): fetches then end
    at their next step instead of running to their deadline.
    """

    def __init__(self, per_host: int, interval: float, clock: Callable[[], float],
                 sleep: Callable[[float], Any] | None = None) -> None:
        self.stopped = threading.Event()
        self._per_host = max(1, per_host)
        self._interval = max(0.0, interval)
        self._clock = clock
        self.sleep = sleep or self.stopped.wait
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    def enter(self, host: str) -> Callable[[], None]:
        """Wait for a slot and for the host's next start time; return the release function."""
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self._per_host))
        slot.acquire()
        try:
            with self._lock:
                now = self._clock()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self._interval
            if start > now:
                self.sleep(start - now)
        except BaseException:
            slot.release()
            raise
        released = threading.Event()

        def release() -> None:
            if not released.is_set():
                released.set()
                slot.release()

        return release


class NoGate:
    stopped = threading.Event()  # never set

    def enter(self, host: str) -> Callable[[], None]:
        return lambda: None

