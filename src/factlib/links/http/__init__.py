"""Fetching source pages for the link checker: the Fetcher, the one seam to HTTP.

A :class:`Fetcher` turns a URL into a :class:`Fetch` record, never an
exception: the link verdict of PRODUCT.md §4, the status, the redirect chain,
and the body when it was asked for and fits under the size cap.

What an editor can rely on:

- Redirects are followed here, one hop at a time (cap 10, loops detected),
  and each hop's URL is checked before anything is sent: http(s) only, and
  every address the host resolves to must be allowed by
  :mod:`factlib.links.netsafety`.
- The connection goes to the addresses that were checked (DNS pinning):
  :class:`PinningAdapter` resolves the host (an answer is kept for
  ``DNS_TTL`` seconds), checks every address, and hands them to a pool
  whose connections open their sockets to those addresses (in turn, as
  ``create_connection`` would), while the Host
  header, TLS SNI and certificate check still use the host name. No second
  DNS answer (rebinding) is ever consulted. Proxies from the environment are
  ignored (``trust_env`` off), as a proxy would connect on our behalf unchecked.
- Bodies are read raw and decompressed here, incrementally, with every
  decompression step bounded (in inflate.py: zlib's ``max_length``, brotli's
  ``output_buffer_limit``), so a gzip, deflate or br bomb stops at the cap of
  decompressed bytes like a plain body does (``too_large``). br is only
  offered when the installed brotli can bound its output.
- Timeouts per connect and per read, and an overall deadline per URL (all
  hops, retries and waits) checked between body chunks, with the socket's
  timeout shrunk to what is left, so a trickling body cannot hold a worker.
- Retries with exponential backoff and full jitter on connection errors and
  on 429/502/503/504, honouring ``Retry-After`` (seconds or HTTP date); no
  single wait is longer than ``max_wait``.
- :meth:`Fetcher.fetch_many` runs fetches on a thread pool with a per-host
  limit of requests in flight and a minimum interval between request starts
  to one host (:mod:`factlib.links.http.pacing`); results reach the caller through
  ``on_result``.

Only this module and the ones it is split into (pinning, pacing, reading,
failures) import requests; everything else asks the Fetcher for a page.

Requests' ``Session.send`` is not used to send: with redirects off it still
reads a redirect response's whole body (unbounded) to prepare the next
request. The session holds the headers and cookies, :meth:`Fetcher._prepare`
and :meth:`Fetcher._credentials` apply them as ``Session.prepare_request``
would, and the adapter sends.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, Union
from urllib.parse import urljoin, urlsplit, urlunsplit

import attrs
import requests
import urllib3
from requests.cookies import extract_cookies_to_jar

from factlib import PROJECT_URL, __version__
from factlib.linkresult import LinkVerdict  # the verdicts of PRODUCT.md §4, shared with the link cache
from factlib.links import netsafety
from factlib.links.http.failures import classify, retry_after, status_verdict, unreachable  # noqa: F401  (retry_after: public here)
from factlib.links.http.pacing import HostGate, NoGate
from factlib.links.http.pinning import PinningAdapter, Refused, Resolver, Unresolved, system_resolver
from factlib.links.http.reading import read_body
from factlib.text import inflate

USER_AGENT = f"factlib/{__version__} (+{PROJECT_URL})"
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5"
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
PERMANENT_STATUSES = frozenset((301, 308))
HEAD_REFUSED = frozenset((400, 403, 405, 501))  # answers to HEAD that GET may not give


@attrs.frozen
class Hop:
    """One redirect: the URL asked for, its status and where it pointed (absolute)."""

    url: str
    status: int
    location: str


@attrs.frozen
class Fetch:
    """The outcome of fetching one URL.

    ``body`` is set only when it was asked for, the final status is 2xx and
    it was read whole; ``too_large`` says it passed the cap (``size`` is then
    how far reading got). ``attempts`` counts requests sent, over all hops,
    retries and HEAD→GET fallbacks: 0 for a URL refused as unsafe.
    ``no_network`` says it failed for want of a network: the host name did
    not resolve, or the network was unreachable (when every URL of a run
    fails so, the machine is offline, and the run proves nothing about them).
    """

    url: str
    final_url: str
    verdict: LinkVerdict
    status: int | None = None
    redirects: tuple[Hop, ...] = ()
    permanent_redirect: bool = False
    content_type: str | None = None
    body: bytes | None = attrs.field(default=None, repr=False)
    too_large: bool = False
    error: str = ""
    elapsed: float = 0.0
    attempts: int = 0
    size: int = 0
    no_network: bool = False


@attrs.frozen
class FetchRequest:
    """A URL to fetch, and whether its body is needed (GET) or only its status (HEAD first)."""

    url: str
    want_body: bool = False


def _positive(instance: Any, attribute: Any, value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be positive, got {value}")


def _not_negative(instance: Any, attribute: Any, value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


def _statuses(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _networks(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class FetchPolicy:
    """The limits of a fetch. Times in seconds; ``deadline`` covers one URL with all its hops, retries and waits."""

    connect_timeout: float = attrs.field(default=10.0, validator=_positive)
    read_timeout: float = attrs.field(default=30.0, validator=_positive)
    deadline: float = attrs.field(default=90.0, validator=_positive)
    max_bytes: int = attrs.field(default=20_000_000, validator=_positive)
    max_redirects: int = attrs.field(default=10, validator=_not_negative)
    retries: int = attrs.field(default=2, validator=_not_negative)
    backoff: float = attrs.field(default=1.0, validator=_not_negative)  # first backoff ceiling, doubled each retry
    max_wait: float = attrs.field(default=30.0, validator=_not_negative)  # the longest single wait between tries
    retry_statuses: frozenset[int] = attrs.field(default=frozenset((429, 502, 503, 504)), converter=_statuses)
    allow_network: tuple[str, ...] = attrs.field(default=(), converter=_networks)
    user_agent: str = USER_AGENT
    verify: Union[bool, str] = True  # False, or a CA bundle path, for tests and intranets



# -- the fetcher ------------------------------------------------------------------


@attrs.define
class _Run:
    """The state of one URL's fetch."""

    url: str
    started: float
    deadline: float
    want_body: bool
    stopped: threading.Event
    current: str = ""
    hops: list[Hop] = attrs.Factory(list)
    permanent: bool = False
    attempts: int = 0


@attrs.frozen
class _Failure:
    verdict: LinkVerdict
    error: str
    status: int | None = None
    no_network: bool = False


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".")


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


def _location(current: str, location: str) -> str:
    try:  # http.client reads headers as latin-1; servers mostly send UTF-8
        location = location.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    target = urljoin(current, location.strip())
    fragment = urlsplit(current).fragment
    if fragment and not urlsplit(target).fragment:
        target += "#" + fragment
    return target


class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`; every outside dependency can be replaced for tests.

    ``sleep`` waits (retries, host intervals; by default a wait that ends
    early when :meth:`fetch_many` is interrupted), ``clock`` is monotonic time
    (deadlines, intervals), ``now`` is wall-clock time (Retry-After dates),
    ``resolver(host, port)`` returns addresses, ``rng`` draws the jitter.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        resolver: Resolver = system_resolver,
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._allow = netsafety.parse_networks(self.policy.allow_network)
        self._sleep = sleep
        self._clock = clock
        self._now = now
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._cookie_lock = threading.Lock()
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies or .netrc from the environment
        self._session.headers.clear()
        self._session.headers.update({
            "User-Agent": self.policy.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": inflate.ACCEPT_ENCODING,
        })
        self._adapter = PinningAdapter(resolver, self._allow)
        self._session.adapters.clear()
        self._session.mount("http://", self._adapter)
        self._session.mount("https://", self._adapter)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one URL

    def fetch(self, url: str, *, want_body: bool = False) -> Fetch:
        """Fetch ``url``: HEAD first when only the status is wanted, GET when the body is."""
        return self._fetch(url, want_body, NoGate())

    def _fetch(self, url: str, want_body: bool, gate: Any) -> Fetch:
        started = self._clock()
        run = _Run(url, started, started + self.policy.deadline, want_body, gate.stopped, current=url)
        method = "GET" if want_body else "HEAD"
        visits: dict[str, int] = {}
        while True:
            try:
                host = _host(run.current)
            except ValueError as e:  # "http://[::1" and the like
                return self._result(run, LinkVerdict.BROKEN, error=f"invalid URL ({e})")
            reason = netsafety.scheme_refusal(run.current)
            if reason:
                return self._result(run, LinkVerdict.UNSAFE, error=reason)
            if not host:
                return self._result(run, LinkVerdict.BROKEN, error="invalid URL (no host)")
            key = _without_fragment(run.current)
            visits[key] = visits.get(key, 0) + 1
            if visits[key] > 2:  # one revisit is allowed: sites set a cookie and redirect to the same URL
                return self._result(run, LinkVerdict.BROKEN, error="redirect loop")
            answer = self._exchange(run, method, gate)
            if isinstance(answer, _Failure):
                return self._result(run, answer.verdict, status=answer.status, error=answer.error,
                                    no_network=answer.no_network)
            response, method, release = answer
            try:
                status = response.status_code
                location = response.headers.get("Location") if status in REDIRECT_STATUSES else None
                if location:
                    try:
                        target = _location(run.current, location)
                    except ValueError as e:
                        return self._result(run, LinkVerdict.BROKEN, status=status,
                                            error=f"invalid redirect target {location!r} ({e})")
                    run.hops.append(Hop(run.current, status, target))
                    run.permanent = run.permanent or status in PERMANENT_STATUSES
                    if len(run.hops) > self.policy.max_redirects:
                        return self._result(run, LinkVerdict.BROKEN, status=status,
                                            error=f"more than {self.policy.max_redirects} redirects")
                    run.current = target  # GET stays GET and HEAD stays HEAD, whatever the status
                    continue
                return self._final(run, response, method)
            finally:
                response.close()
                release()

    def _final(self, run: _Run, response: requests.Response, method: str) -> Fetch:
        status = response.status_code
        verdict = status_verdict(status, run.permanent)
        content_type = response.headers.get("Content-Type")
        if not 200 <= status < 300:
            error = "redirect without a Location header" if 300 <= status < 400 else f"HTTP {status}"
            return self._result(run, verdict, status=status, content_type=content_type, error=error)
        if not run.want_body or method == "HEAD":
            return self._result(run, verdict, status=status, content_type=content_type)
        body, size, too_large, error, timed_out = read_body(response, run, self.policy, self._clock)
        if timed_out:
            verdict = LinkVerdict.TIMEOUT
        return self._result(run, verdict, status=status, content_type=content_type, body=body,
                            too_large=too_large, error=error, size=size)

    def _result(self, run: _Run, verdict: LinkVerdict, **fields: Any) -> Fetch:
        return Fetch(
            url=run.url,
            final_url=run.current,
            verdict=verdict,
            redirects=tuple(run.hops),
            permanent_redirect=run.permanent,
            elapsed=max(0.0, self._clock() - run.started),
            attempts=run.attempts,
            **fields,
        )

    # -- one hop, with retries

    def _exchange(self, run: _Run, method: str, gate: Any) -> Any:
        """(response, method, release) for the current URL, or a _Failure."""
        policy = self.policy
        retried = 0
        while True:
            if run.stopped.is_set():
                return _Failure(LinkVerdict.BROKEN, "interrupted")
            if run.deadline - self._clock() <= 0:
                return _Failure(LinkVerdict.TIMEOUT, f"no answer within the {policy.deadline:g} s deadline")
            try:
                prepared = self._prepare(method, run.current)  # before taking a turn at the host: it needs none
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, ValueError) as e:
                return _Failure(LinkVerdict.BROKEN, classify(e)[1])
            queued = self._clock()
            release = gate.enter(_host(run.current))
            # time spent waiting for a turn at a busy host is not this URL's: it must not time it out
            run.deadline += self._clock() - queued
            remaining = run.deadline - self._clock()
            try:
                response = self._send(run, prepared, remaining)
            except Refused as e:
                release()
                return _Failure(LinkVerdict.UNSAFE, str(e))
            except Unresolved as e:
                release()
                return _Failure(LinkVerdict.BROKEN, str(e), no_network=True)
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as e:
                release()
                kind, message = classify(e)
                if kind == "reset" and method == "HEAD":
                    method = "GET"  # some servers drop HEAD on the floor
                    continue
                if kind in ("connection", "reset") and retried < policy.retries:
                    wait = self._backoff(retried)
                    if self._clock() + wait < run.deadline:
                        retried += 1
                        self._pause(run.stopped, wait)
                        continue
                verdict = LinkVerdict.TIMEOUT if kind == "timeout" else LinkVerdict.BROKEN
                return _Failure(verdict, message, no_network=unreachable(e))
            status = response.status_code
            if method == "HEAD" and status in HEAD_REFUSED:
                response.close()
                release()
                method = "GET"
                continue
            if status in policy.retry_statuses and retried < policy.retries:
                asked = retry_after(response.headers.get("Retry-After"), self._now())
                wait = self._backoff(retried) if asked is None else min(asked, policy.max_wait)
                if self._clock() + wait < run.deadline:
                    response.close()
                    release()
                    retried += 1
                    self._pause(run.stopped, wait)
                    continue
            return response, method, release

    def _pause(self, stopped: threading.Event, seconds: float) -> None:
        if self._sleep is None:
            stopped.wait(seconds)
        else:
            self._sleep(seconds)

    def _backoff(self, retried: int) -> float:
        ceiling = min(self.policy.max_wait, self.policy.backoff * 2**retried)
        with self._rng_lock:
            return self._rng.uniform(0, ceiling)

    def _send(self, run: _Run, prepared: requests.PreparedRequest, remaining: float) -> requests.Response:
        self._credentials(prepared)
        timeout = (min(self.policy.connect_timeout, remaining), min(self.policy.read_timeout, remaining))
        run.attempts += 1
        try:
            response = self._adapter.send(prepared, stream=True, timeout=timeout, verify=self.policy.verify,
                                          cert=None, proxies={})
        except (Refused, Unresolved):
            run.attempts -= 1  # nothing was sent
            raise
        if "Set-Cookie" in response.headers or "Set-Cookie2" in response.headers:
            with self._cookie_lock:
                extract_cookies_to_jar(self._session.cookies, prepared, response.raw)
        return response

    def _prepare(self, method: str, url: str) -> requests.PreparedRequest:
        """A GET or HEAD without a body, as ``Session.prepare_request`` starts it, at a third of its cost.

        The session's headers are applied here, its cookies and the URL's credentials by
        :meth:`_credentials` when the request is sent; what the session spends on parameters,
        bodies, hooks and merging jars is left out, as nothing here uses them (environment
        settings are off anyway: ``trust_env``).
        """
        prepared = requests.PreparedRequest()
        prepared.prepare_method(method)
        prepared.prepare_url(url, None)
        prepared.prepare_headers(self._session.headers)
        prepared.body = None
        return prepared

    def _credentials(self, prepared: requests.PreparedRequest) -> None:
        """The jar's cookies as they are when the request goes (another request to the host may
        just have set one), then the URL's credentials: the rest of ``Session.prepare_request``."""
        with self._cookie_lock:  # the jar is iterated while preparing; threads share it
            if len(self._session.cookies):
                prepared.prepare_cookies(self._session.cookies)
        prepared.prepare_auth(None)

    # -- the body


    def fetch_many(
        self,
        requests_: Iterable[FetchRequest | str],
        /,
        *,
        concurrency: int = 8,
        per_host: int = 2,
        host_interval: float = 1.0,
        on_result: Callable[[FetchRequest, Fetch], None] | None = None,
    ) -> list[Fetch]:
        """Fetch many URLs at once; results in the order asked, ``on_result`` called (in this thread) as each ends.

        At most ``concurrency`` URLs are fetched at a time, at most
        ``per_host`` requests are in flight to one host, and two requests to
        one host start at least ``host_interval`` seconds apart.
        """
        items = [r if isinstance(r, FetchRequest) else FetchRequest(r) for r in requests_]
        results: list[Fetch | None] = [None] * len(items)
        if not items:
            return []
        gate = HostGate(per_host, host_interval, self._clock, self._sleep)
        pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="factlib-fetch")
        try:
            futures = {pool.submit(self._fetch, it.url, it.want_body, gate): i for i, it in enumerate(items)}
            for future in as_completed(futures):
                i = futures[future]
                result = results[i] = future.result()
                if on_result is not None:
                    on_result(items[i], result)
        except BaseException:
            gate.stopped.set()  # Ctrl-C or a failing callback: running fetches end at their next step
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return [r for r in results if r is not None]
