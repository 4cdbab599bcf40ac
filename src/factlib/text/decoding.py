"""Bytes → str for drafts and fetched pages, in the encoding the author meant.

The order of evidence: a byte-order mark; a declared charset (an HTTP header);
an HTML ``<meta>`` charset or XML declaration; valid UTF-8; BOM-less UTF-16;
windows-1252 when the text reads as Western prose; charset-normalizer's
detection; and, last, windows-1252 decoded the way browsers do (bytes it
leaves undefined become C1 controls and are counted in ``Decoded.errors``).

Labels follow the WHATWG Encoding Standard where it matters to campaign text:
"iso-8859-1", "latin1" and "us-ascii" all mean windows-1252, so curly quotes,
dashes and the euro sign in 0x80–0x9F survive a wrong declaration.
"""

from __future__ import annotations

import codecs
import re

import attrs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels whose WHATWG meaning differs from Python's codec of the same name.
_ALIASES = {
    "iso8859-1": "windows-1252",
    "ascii": "windows-1252",
    "cp1252": "windows-1252",
    "gb2312": "gbk",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "euc_kr": "cp949",
}

# Python codec name → the label reported to users.
_DISPLAY = {"cp1250": "windows-1250", "cp1251": "windows-1251", "cp1253": "windows-1253",
            "cp1254": "windows-1254", "cp1255": "windows-1255", "cp1256": "windows-1256",
            "cp1257": "windows-1257", "cp1258": "windows-1258", "cp874": "windows-874"}

# windows-1252 as browsers decode it: the five bytes cp1252 leaves undefined map to C1 controls.
_UNDEFINED_1252 = b"\x81\x8d\x8f\x90\x9d"
_WIN1252_TABLE = "".join(
    chr(b) if bytes([b]) in _UNDEFINED_1252 else bytes([b]).decode("cp1252") for b in range(256)
)

_META = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s]+)""", re.IGNORECASE)

# windows-1252 text that is really another legacy encoding shows tell-tale shapes:
# three accented letters in a row (Cyrillic or Greek read as Latin-1) or a symbol
# wedged between two letters (Polish "Za¿ó³æ").
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
_NOT_WESTERN = re.compile(
    "[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]{3}"
    f"|(?<=[{_LETTER}])[\u00a4\u00a5\u00a6\u00a8\u00aa\u00ac\u00af\u00b1-\u00b4\u00b5\u00b6"
    f"\u00b8-\u00ba\u00bc-\u00bf\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u0160\u0161"
    f"\u0152\u0153\u017d\u017e\u0178](?=[{_LETTER}])"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")

_DETECT_SAMPLE = 64 * 1024


@attrs.frozen
class Decoded:
    """Text decoded from bytes, with the charset used and how it was chosen."""

    text: str
    encoding: str  # a label: "utf-8", "utf-16-le", "windows-1252", "shift_jis", ...
    origin: str  # "bom" | "declared" | "meta" | "sniffed" | "detected" | "fallback"
    errors: int = 0  # bytes that had no character and were replaced


def decode(data: bytes, *, declared: str | None = None, html: bool = False) -> Decoded:
    """Decode ``data``: BOM, then ``declared`` (a charset label), then ``<meta>`` when ``html``, then sniffing.

    A declared charset that cannot decode the bytes is passed over for the next
    piece of evidence. A declared single-byte charset loses to bytes that are
    valid UTF-8 with non-ASCII characters: such bytes are UTF-8 in practice
    (a server default of iso-8859-1 in front of a UTF-8 page is common).
    Never raises: the worst case is windows-1252 with ``errors`` > 0.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            return Decoded(text, codec, "bom", _replaced(text, data))
    evidence: list[tuple[str | None, str]] = []
    if declared:
        evidence.append((charset_codec(declared), "declared"))
    if html:
        evidence.append((meta_charset(data), "meta"))
    candidates = [(codec, origin) for codec, origin in evidence if codec]
    for codec, origin in candidates:
        if _single_byte(codec) and not data.isascii():
            utf8 = _utf8(data)
            if utf8 is not None:
                return Decoded(utf8, "utf-8", "sniffed")
        decoded = _strict(data, codec, origin)
        if decoded is not None:
            return decoded
    sniffed = sniff(data)
    if sniffed.origin == "fallback" and candidates:
        codec, origin = candidates[0]
        text = data.decode(codec, errors="replace")
        return Decoded(text, _label(codec), origin, _replaced(text, data))
    return sniffed


def sniff(data: bytes) -> Decoded:
    """Decode bytes that carry no BOM and no declaration."""
    codec = _bomless_utf16(data)  # before UTF-8: ASCII in UTF-16 is valid UTF-8, NULs and all
    if codec:
        decoded = _strict(data, codec, "sniffed")
        if decoded is not None:
            return decoded
    utf8 = _utf8(data)
    if utf8 is not None:
        return Decoded(utf8, "utf-8", "sniffed")
    if b"\x00" not in data:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            if not _NOT_WESTERN.search(text):
                return Decoded(text, "windows-1252", "detected")
        codec = _detect(data)
        if codec:
            text = data.decode(codec, errors="replace")
            errors = _replaced(text, data)
            if not errors:
                return Decoded(text, _label(codec), "detected")
    text, _ = codecs.charmap_decode(data, "strict", _WIN1252_TABLE)
    errors = sum(data.count(b) for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))
    return Decoded(text, "windows-1252", "fallback", errors)


def charset_codec(label: str) -> str | None:
    """The Python codec for a charset label as browsers read it, or None for an unknown label."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return _ALIASES.get(name, name)


def content_type_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    m = _CONTENT_TYPE_CHARSET.search(content_type)
    return m.group(1) if m else None


def meta_charset(data: bytes) -> str | None:
    """The codec named by an HTML ``<meta>`` charset (or an XML declaration) near the top of ``data``."""
    m = _META.search(data, 0, 4096)
    if not m:
        return None
    codec = charset_codec((m.group(1) or m.group(2)).decode("ascii"))
    if codec and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # bytes we could scan as ASCII are not UTF-16, whatever the page says
    return codec


def looks_binary(text: str) -> bool:
    """True for decoded text that is really binary data: a NUL, or many control characters."""
    if "\x00" in text:
        return True
    sample = text[:8192]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 50)


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        # a body cut at a size cap may end inside a character
        if e.start >= len(data) - 3 and e.reason == "unexpected end of data":
            return data[: e.start].decode("utf-8", errors="replace") + "\ufffd"
        return None


def _strict(data: bytes, codec: str, origin: str) -> Decoded | None:
    if codec == "windows-1252":
        text, _ = codecs.charmap_decode(data, "strict", _WIN1252_TABLE)
        return Decoded(text, codec, origin)
    if codec == "utf-8":
        utf8 = _utf8(data)
        return Decoded(utf8, codec, origin) if utf8 is not None else None
    try:
        return Decoded(data.decode(codec), _label(codec), origin)
    except (UnicodeDecodeError, LookupError):
        return None


def _bomless_utf16(data: bytes) -> str | None:
    # Latin text in UTF-16 has a NUL in nearly every other byte and none in between
    sample = data[:4096]
    half = len(sample) // 2
    if half < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > half * 0.7 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.7 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> str | None:
    import charset_normalizer  # imported late: it is slow to import and rarely needed

    best = charset_normalizer.from_bytes(data[:_DETECT_SAMPLE]).best()
    if best is None:
        return None
    codec = charset_codec(best.encoding)
    if codec is None or codec.startswith(("utf-16", "utf-32")):
        return None  # without a BOM or NUL pattern, UTF-16 is a detector's guess, not evidence
    return codec


def _single_byte(codec: str) -> bool:
    return codec == "windows-1252" or codec.startswith(("cp125", "iso8859-", "mac-", "koi8", "cp874"))


def _label(codec: str) -> str:
    return _DISPLAY.get(codec, codec)


def _replaced(text: str, data: bytes) -> int:
    return text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
