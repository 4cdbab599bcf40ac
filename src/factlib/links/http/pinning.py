"""Connection pinning: a host's addresses are resolved once, checked, and the socket goes to them.

:class:`PinningAdapter` resolves the host (an answer is kept for ``DNS_TTL``
seconds), checks every address with :mod:`factlib.links.netsafety`, and hands
them to a pool whose connections open their sockets to those addresses (in
turn, as ``create_connection`` would), while the Host header, TLS SNI and
certificate check still use the host name. No second DNS answer (rebinding)
is ever consulted.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from factlib.links import netsafety

_MAX_ADDRESSES = 4  # of one host, tried in turn when connecting
DNS_TTL = 60.0  # seconds a host's checked addresses are reused
_PINS_KEPT = 1024  # hosts' answers held before the expired ones are dropped

Resolver = Callable[[str, int], Sequence[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order (socket.getaddrinfo)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class Refused(Exception):
    """The target is not allowed (netsafety said why)."""


class Unresolved(Exception):
    """The host name did not resolve."""


class _PinnedMixin:
    """A connection whose socket goes to the checked addresses; ``host`` (Host header, SNI, certificate) is unchanged."""

    def __init__(self, *args: Any, pinned_ips: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pinned_ips = pinned_ips

    def _new_conn(self) -> socket.socket:
        # urllib3's own _new_conn, with the checked addresses in place of the host name; like
        # create_connection with a name, each address is tried in turn (an AAAA record on a
        # machine without IPv6 must not make a page look broken)
        conn: Any = self  # an HTTPConnection: the mixin comes first in its bases
        error: OSError | None = None
        for ip in self.pinned_ips:
            try:
                return urllib3.util.connection.create_connection(
                    (ip, conn.port),
                    conn.timeout,
                    source_address=conn.source_address,
                    socket_options=conn.socket_options,
                )
            except OSError as e:
                error = e
        if isinstance(error, socket.gaierror):  # pragma: no cover - an IP literal does not resolve
            raise NameResolutionError(conn.host, conn, error) from error
        if isinstance(error, TimeoutError):
            raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out. (connect timeout={conn.timeout})") from error
        raise NewConnectionError(conn, f"Failed to establish a new connection: {error}") from error


class _PinnedHTTPConnection(_PinnedMixin, HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedMixin, HTTPSConnection):
    pass


class _PinnedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PinnedHTTPConnection


class _PinnedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PinnedHTTPSConnection


def _pool_key(context: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        [context["scheme"].lower(), context["host"].lower()]
        + [context.get(k) for k in ("port", "pinned_ips", "cert_reqs", "ca_certs", "ca_cert_dir", "cert_file", "key_file")]
    )


class _PinnedPoolManager(urllib3.PoolManager):
    """A pool manager whose pools are kept per (host, checked address) and connect to that address."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool_classes_by_scheme = {"http": _PinnedHTTPPool, "https": _PinnedHTTPSPool}
        self.key_fn_by_scheme = {"http": _pool_key, "https": _pool_key}  # type: ignore[dict-item]  # any callable will do


class PinningAdapter(HTTPAdapter):
    """Checks the target's addresses right where the connection is chosen, and pins the connection to them."""

    def __init__(self, resolver: Resolver, allow: tuple[netsafety.Network, ...]) -> None:
        self._resolver = resolver
        self._allow = allow
        self._pins: dict[tuple[str, int], tuple[float, str | None, tuple[str, ...]]] = {}
        self._pins_lock = threading.Lock()
        # keep-alive connections for as many requests as may be in flight to one host (requests keeps 10)
        super().__init__(max_retries=0, pool_connections=128, pool_maxsize=64)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        self.poolmanager = _PinnedPoolManager(num_pools=connections, maxsize=maxsize, block=block, **pool_kwargs)

    def pin(self, host: str, port: int) -> tuple[str, ...]:
        """Every address of ``host`` (at most four), once all of them are allowed.

        An answer, and the verdict on it, is kept for DNS_TTL seconds: a run asks about one
        host many times, and the system resolver may not cache. Connections still go only to
        the addresses that were checked; a failed lookup is not kept.
        """
        key = (host, port)
        now = time.monotonic()
        with self._pins_lock:
            kept = self._pins.get(key)
            if len(self._pins) > _PINS_KEPT:  # forget what has expired
                self._pins = {k: v for k, v in self._pins.items() if v[0] >= now}
        if kept is None or kept[0] < now:
            try:
                addresses = list(self._resolver(host, port))
            except (OSError, UnicodeError) as e:
                raise Unresolved(f"could not resolve host {host!r} ({e})") from e
            reason = netsafety.addresses_refusal(addresses, self._allow)
            pinned = () if reason else tuple(str(netsafety.parse_address(a)) for a in addresses[:_MAX_ADDRESSES])
            kept = (now + DNS_TTL, reason, pinned)
            with self._pins_lock:
                self._pins[key] = kept
        expires, refusal, addresses_kept = kept
        if refusal:
            raise Refused(refusal)
        return addresses_kept

    def get_connection_with_tls_context(self, request: Any, verify: Any, proxies: Any = None, cert: Any = None) -> Any:
        parts = urlsplit(request.url)
        scheme = parts.scheme.lower()
        host = parts.hostname
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError as e:
            raise requests.exceptions.InvalidURL(str(e)) from e
        if scheme not in netsafety.ALLOWED_SCHEMES or not host:
            raise requests.exceptions.InvalidURL(f"not an http(s) URL with a host: {request.url}")
        pool_kwargs: dict[str, Any] = {"pinned_ips": self.pin(host, port)}
        if scheme == "https":
            pool_kwargs["cert_reqs"] = "CERT_NONE" if verify is False else "CERT_REQUIRED"
            if isinstance(verify, str):
                pool_kwargs["ca_certs"] = verify
            elif verify is not False:
                pool_kwargs["ca_certs"] = requests.utils.DEFAULT_CA_BUNDLE_PATH
        return self.poolmanager.connection_from_host(host, port=port, scheme=scheme, pool_kwargs=pool_kwargs)

    def get_connection(self, url: str, proxies: Any = None) -> Any:  # pragma: no cover - requests < 2.32
        raise RuntimeError("factlib needs requests >= 2.32 (get_connection_with_tls_context)")

