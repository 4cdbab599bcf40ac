"""Bounded decompression: every step under the limit, and a capped chain of codings built by a loop."""

from __future__ import annotations

import gzip

import pytest

from factlib.text import inflate


def decode_all(encoding: str, body: bytes, limit: int = 65536) -> bytes:
    chain = inflate.decoder(encoding)
    return b"".join(chain.feed(body, limit)) + b"".join(chain.flush(limit))


def layered(data: bytes, layers: int) -> bytes:
    for _ in range(layers):
        data = gzip.compress(data, 1)
    return data


def test_up_to_five_codings_are_decoded():
    body = layered(b"Crimes rose by 70%.", 5)
    assert decode_all(", ".join(["gzip"] * 5), body) == b"Crimes rose by 70%."


@pytest.mark.parametrize("layers", [6, 600])
def test_a_longer_chain_is_refused_without_recursing(layers):
    header = ", ".join(["gzip"] * layers)
    with pytest.raises(inflate.Undecodable, match=rf"too many Content-Encodings \({layers}; at most 5 are decoded\)"):
        inflate.decoder(header)


def test_identity_does_not_count():
    body = layered(b"x", 5)
    assert decode_all(", ".join(["gzip", "identity"] * 5), body) == b"x"


def test_the_chain_decodes_lazily_under_the_limit():
    bomb = gzip.compress(gzip.compress(b"\0" * (8 << 20), 9), 9)
    assert len(bomb) < 100_000
    chain = inflate.decoder("gzip, gzip")
    first = next(iter(chain.feed(bomb, 4096)))
    assert 0 < len(first) <= 4096
