"""Bounded decompression of response bodies: gzip, deflate and br, never more out than asked for.

Every step is given the number of bytes the caller may still take, so a small
compressed body that would inflate to gigabytes (a "zip bomb") stops at the
cap. Used by http.py, which reads bodies raw and decompresses them here.
"""

from __future__ import annotations

import zlib
from typing import Any, Iterable, Iterator

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a dependency
    brotli = None


class Undecodable(Exception):
    """A Content-Encoding that cannot be decoded (unknown, or br without a bounded decoder)."""


class _Zlib:
    """gzip (multi-member) or deflate (zlib-wrapped or raw, as servers send both), output bounded per step."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._d: Any = zlib.decompressobj(47) if gzip else None  # 47: gzip or zlib header, detected
        self._head = b""

    def feed(self, data: bytes, limit: int) -> Iterator[bytes]:
        if self._d is None:
            self._head += data
            if len(self._head) < 2:
                return
            cmf, flg = self._head[0], self._head[1]
            wrapped = cmf & 0x0F == 8 and (cmf << 8 | flg) % 31 == 0
            self._d = zlib.decompressobj(15 if wrapped else -15)
            data, self._head = self._head, b""
        while True:
            try:
                out = self._d.decompress(data, limit)
            except zlib.error as e:
                raise Undecodable(f"damaged {'gzip' if self._gzip else 'deflate'} data ({e})") from e
            if out:
                yield out
            if self._d.eof:
                rest = self._d.unused_data
                if not (self._gzip and rest.startswith(b"\x1f\x8b")):
                    return  # bytes after the stream are ignored, as browsers do
                self._d = zlib.decompressobj(47)  # the next member of a multi-member gzip
                data = rest
                continue
            data = self._d.unconsumed_tail
            if not data and len(out) < limit:
                return  # all input taken and all output given (a full step may leave output held back)

    def flush(self, limit: int) -> Iterator[bytes]:
        if self._d is None:
            if self._head:
                raise Undecodable("damaged deflate data (too short)")
            return
        yield from self.feed(b"", limit)


BROTLI_BLOCK = 32768  # brotli grows its output buffer by blocks: a step may pass the limit by one


class _Brotli:
    """br, output bounded per step to the limit and at most one BROTLI_BLOCK more."""

    def __init__(self) -> None:
        self._d = brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> Iterator[bytes]:
        try:
            out = self._d.process(data, output_buffer_limit=limit)
            if out:
                yield out
            while not self._d.can_accept_more_data():
                out = self._d.process(b"", output_buffer_limit=limit)
                if not out:
                    break
                yield out
        except brotli.error as e:
            raise Undecodable(f"damaged br data ({e})") from e

    def flush(self, limit: int) -> Iterator[bytes]:
        # output can still be held back once all input is in
        try:
            while not self._d.is_finished():
                out = self._d.process(b"", output_buffer_limit=limit)
                if not out:
                    return
                yield out
        except brotli.error as e:
            raise Undecodable(f"damaged br data ({e})") from e


class _Chain:
    """Decoders applied in turn (the reverse of the Content-Encoding list).

    The stages are generators chained in a loop, each pulling from the one
    before, so nothing is decoded ahead of what the caller takes; their number
    is capped (MAX_CODINGS) by :func:`decoder`.
    """

    def __init__(self, decoders: list[Any]) -> None:
        self._decoders = decoders

    def feed(self, data: bytes, limit: int) -> Iterator[bytes]:
        return self._through([data], limit, flush=False)

    def flush(self, limit: int) -> Iterator[bytes]:
        return self._through([], limit, flush=True)

    def _through(self, pieces: Iterable[bytes], limit: int, flush: bool) -> Iterator[bytes]:
        stream: Iterable[bytes] = pieces
        for decoder in self._decoders:
            stream = _stage(decoder, stream, limit, flush)
        return iter(stream)


def _stage(decoder: Any, pieces: Iterable[bytes], limit: int, flush: bool) -> Iterator[bytes]:
    for piece in pieces:
        yield from decoder.feed(piece, limit)
    if flush:
        yield from decoder.flush(limit)


def _brotli_bounded() -> bool:
    """Whether the installed brotli can bound the output of one decompression step."""
    if brotli is None:
        return False
    try:
        d = brotli.Decompressor()
        d.process(b"", output_buffer_limit=1)
        return hasattr(d, "can_accept_more_data")
    except (TypeError, AttributeError, brotli.error):
        return False


BROTLI = _brotli_bounded()
ACCEPT_ENCODING = "gzip, deflate, br" if BROTLI else "gzip, deflate"


# codings one body may carry; urllib3 stops at 5 too (CVE-2025-66418: a server sending hundreds
# made every layer's decoder hold memory). Real servers send one.
MAX_CODINGS = 5


def decoder(content_encoding: str) -> _Chain:
    """The chain of bounded decoders for a Content-Encoding header (applied in reverse order).

    Raises :class:`Undecodable` for an unknown coding, or more than MAX_CODINGS of them.
    """
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if len(codings) > MAX_CODINGS:
        raise Undecodable(f"too many Content-Encodings ({len(codings)}; at most {MAX_CODINGS} are decoded)")
    decoders: list[Any] = []
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip"):
            decoders.append(_Zlib(gzip=True))
        elif coding == "deflate":
            decoders.append(_Zlib(gzip=False))
        elif coding == "br" and BROTLI:
            decoders.append(_Brotli())
        else:
            raise Undecodable(f"unsupported Content-Encoding {coding!r}")
    return _Chain(decoders)
