"""Fixtures for tests that talk HTTP to local servers; test modules import the ones they use.

``server``: a :class:`LocalServer` on 127.0.0.1. ``servers``: a factory for
more (on 127.0.0.2, say), all closed after the test. ``fetcher``: a factory
for :class:`factlib.links.http.Fetcher` with small limits, allowed to reach
127.0.0.0/8, whose waits are recorded in ``fetcher.sleeps`` instead of slept;
``resolver_stub`` maps made-up host names to addresses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from httpserver import LocalServer, SilentServer

from factlib.links.http import Fetcher, FetchPolicy, system_resolver

LOCAL = ("127.0.0.0/8",)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def servers() -> Iterator[Callable[..., LocalServer]]:
    made: list[LocalServer] = []

    def make(host: str = "127.0.0.1") -> LocalServer:
        s = LocalServer(host)
        made.append(s)
        return s

    try:
        yield make
    finally:
        for s in made:
            s.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    s = SilentServer()
    try:
        yield s
    finally:
        s.close()


def resolver_stub(names: dict[str, list[str]], calls: list[str] | None = None):
    """A resolver: made-up names from ``names``, IP literals as themselves; records names asked in ``calls``."""

    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host in names:
            return list(names[host])
        if host.replace(".", "").isdigit() or ":" in host:
            return system_resolver(host, port)
        raise OSError(f"stub resolver: unknown host {host}")

    return resolve


@pytest.fixture
def fetcher() -> Iterator[Callable[..., Fetcher]]:
    """make(**policy fields, resolver=..., sleep=..., now=...) -> Fetcher.

    By default waits are recorded in ``.sleeps`` and not slept; ``sleep=None``
    gives the fetcher's own interruptible wait, ``sleep=time.sleep`` real sleeps.
    """
    made: list[Fetcher] = []

    def make(*, resolver=None, sleep="record", now=None, clock=None, **policy) -> Fetcher:
        fields = dict(connect_timeout=2.0, read_timeout=2.0, deadline=10.0, retries=2, backoff=0.01,
                      max_wait=1.0, allow_network=LOCAL)
        fields.update(policy)
        sleeps: list[float] = []
        kwargs = {"sleep": sleeps.append if sleep == "record" else sleep, "resolver": resolver or resolver_stub({})}
        if now is not None:
            kwargs["now"] = now
        if clock is not None:
            kwargs["clock"] = clock
        f = Fetcher(FetchPolicy(**fields), **kwargs)
        f.sleeps = sleeps  # type: ignore[attr-defined]
        made.append(f)
        return f

    try:
        yield make
    finally:
        for f in made:
            f.close()
