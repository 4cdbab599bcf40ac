"""Reading a response body: raw bytes, decompressed in bounded steps, under a byte cap and a deadline."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import requests
import urllib3

from factlib.links.http.failures import classify
from factlib.text import inflate

CHUNK = 64 * 1024


def read_body(response: requests.Response, run: Any, policy: Any, clock: Callable[[], float]) -> tuple[bytes | None, int, bool, str, bool]:
    """(body, size, too_large, error, timed_out), reading raw bytes and decompressing under the cap."""
    cap = policy.max_bytes
    raw = response.raw
    try:
        decoder = inflate.decoder(response.headers.get("Content-Encoding", ""))
    except inflate.Undecodable as e:
        return None, 0, False, str(e), False
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and not response.headers.get("Content-Encoding") and int(declared) > cap:
        return None, 0, True, f"body of {int(declared)} bytes is over the {cap}-byte cap", False
    body = bytearray()
    raw_bytes = 0
    try:
        while True:
            if run.stopped.is_set():
                return None, len(body), False, "interrupted", False
            remaining = run.deadline - clock()
            if remaining <= 0:
                return None, len(body), False, f"body not read within the {policy.deadline:g} s deadline", True
            _shrink_timeout(raw, min(policy.read_timeout, remaining))
            chunk = raw.read1(CHUNK, decode_content=False)
            pieces = decoder.feed(chunk, CHUNK) if chunk else decoder.flush(CHUNK)
            raw_bytes += len(chunk)
            for piece in pieces:
                body += piece
                if len(body) > cap:
                    return None, len(body), True, f"body over the {cap}-byte cap", False
            if raw_bytes > cap:
                return None, len(body), True, f"body over the {cap}-byte cap", False
            if not chunk:
                return bytes(body), len(body), False, "", False
    except inflate.Undecodable as e:
        return None, len(body), False, str(e), False
    except (urllib3.exceptions.ReadTimeoutError, TimeoutError, socket.timeout):
        return None, len(body), False, "read timed out", True
    except (urllib3.exceptions.HTTPError, requests.exceptions.RequestException, OSError) as e:
        return None, len(body), False, f"body cut short ({classify(e)[1]})", False

# -- many URLs


def _shrink_timeout(raw: Any, seconds: float) -> None:
    """Make the socket's next reads wait at most ``seconds`` (what is left of the deadline)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(0.001, seconds))
        except OSError:
            pass

