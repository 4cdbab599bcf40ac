"""What went wrong with a request, in words: failures classified, Retry-After read, statuses judged."""

from __future__ import annotations

import datetime as dt
import errno
import http.client
import email.utils
from collections.abc import Iterator

import requests
import urllib3

from factlib.linkresult import LinkVerdict

UNVERIFIABLE_STATUSES = frozenset((401, 403, 429, 999))


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None if unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000": UTC with no zone said
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, when.timestamp() - now)


def _root_cause(e: BaseException) -> BaseException:
    seen: set[int] = set()
    while id(e) not in seen:
        seen.add(id(e))
        nxt = getattr(e, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e.__cause__
        if nxt is None:
            break
        e = nxt
    return e


def _chain(e: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack = [e]
    while stack:
        cur = stack.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        yield cur
        stack.extend(x for x in (getattr(cur, "reason", None), cur.__cause__, cur.__context__) if isinstance(x, BaseException))
        stack.extend(a for a in cur.args if isinstance(a, BaseException))


def classify(e: BaseException) -> tuple[str, str]:
    """(kind, message) of a request failure; kind is timeout, tls, reset, connection, malformed or invalid."""
    if isinstance(e, requests.exceptions.ConnectTimeout):
        return "timeout", "connect timed out"
    if isinstance(e, (requests.exceptions.ReadTimeout, urllib3.exceptions.ReadTimeoutError, TimeoutError)):
        return "timeout", "read timed out"
    if isinstance(e, requests.exceptions.SSLError):
        return "tls", f"TLS error: {_root_cause(e)}"
    if isinstance(e, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                      requests.exceptions.MissingSchema, requests.exceptions.InvalidHeader,
                      urllib3.exceptions.LocationParseError, UnicodeError, ValueError)):
        return "invalid", f"invalid URL ({e})"
    causes = list(_chain(e))
    malformed = next((c for c in causes if isinstance(c, http.client.HTTPException) and not isinstance(
        c, (OSError, http.client.BadStatusLine, http.client.IncompleteRead))), None)  # those: a cut connection
    if malformed is not None:  # "got more than 100 headers", a line over 65,536 bytes: the answer, not the line
        return "malformed", f"malformed answer ({' '.join(str(malformed).split())[:200] or type(malformed).__name__})"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "connection", "connection refused"
    if any(isinstance(c, (ConnectionResetError, BrokenPipeError)) for c in causes):
        return "reset", "connection reset"
    if any(isinstance(c, (urllib3.exceptions.ProtocolError, ConnectionAbortedError)) or
           "RemoteDisconnected" in type(c).__name__ for c in causes):
        return "reset", "connection closed without a response"
    if any(isinstance(c, TimeoutError) for c in causes):
        return "timeout", "connect timed out"
    return "connection", f"connection failed ({_root_cause(e)})"


def status_verdict(status: int, permanent_redirect: bool = False) -> LinkVerdict:
    """The link verdict of a final HTTP status."""
    if 200 <= status < 300:
        return LinkVerdict.REDIRECTED if permanent_redirect else LinkVerdict.OK
    if status in UNVERIFIABLE_STATUSES:
        return LinkVerdict.UNVERIFIABLE
    return LinkVerdict.BROKEN


def unreachable(e: BaseException) -> bool:
    """Whether a request failed because this machine has no route to any network (ENETUNREACH)."""
    return any(isinstance(c, OSError) and c.errno == errno.ENETUNREACH for c in _chain(e))
