"""Word .docx drafts: the paragraphs' text and their ``fact:`` hyperlinks, unpacked under a size cap.

A .docx is a zip of XML parts. Before python-docx sees one, every part is
checked against the draft size limit as unpacked content, not only as the file
on disk: the sizes the archive declares (all parts together, at most
``max_bytes``; no part that claims to unpack more than ``MAX_RATIO`` times its
packed size once past ``RATIO_FLOOR``), then the bytes actually unpacked,
counted while reading and stopped at the cap. A zip bomb (2 MB that unpacks to
2 GB) is refused in milliseconds with one line, instead of filling memory.

Body and table-cell paragraphs are read in document order, joined by "\\n":
line N is paragraph N. Headers, footers, footnotes, comments and text boxes
are not read.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from factlib.errors import FactlibError

MAX_PARTS = 10_000  # Word writes a few dozen; a million empty parts is an attack on the zip reader
MAX_RATIO = 100  # XML packs 5-20 times; 100 and more is made to explode
RATIO_FLOOR = 1_000_000  # smaller parts are not worth refusing, whatever their ratio
_READ = 1 << 16
_DAMAGED = "not a valid .docx (damaged or truncated)"
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, OSError, NotImplementedError,
           RuntimeError)  # RuntimeError: an encrypted zip part; NotImplementedError: an unknown packing


class Unusable(FactlibError):
    """A .docx that cannot be read; the message says why, in one line (documents.py names the file)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_docx(data: bytes, max_bytes: int) -> tuple[str, list[tuple[int, int, str]]]:
    """The text of a .docx and its ``fact:`` hyperlinks as (start, end, fact id); :class:`Unusable` otherwise."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unusable("not a .docx: an encrypted Word file or an old .doc (save it as .docx)")
    if not data.startswith(b"PK"):
        raise Unusable(_DAMAGED)
    check_unpacked_size(data, max_bytes)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        targets = {rid: rel.target_ref for rid, rel in document.part.rels.items() if rel.is_external}
        paragraphs = [_paragraph(p, targets) for p in _paragraphs(document.element.body)]
    except (PackageNotFoundError, XMLSyntaxError, *_DAMAGE) as e:
        raise Unusable(_DAMAGED) from e
    refs: list[tuple[int, int, str]] = []
    parts: list[str] = []
    offset = 0
    for text, links in paragraphs:
        refs += [(offset + start, offset + end, fact) for start, end, fact in links]
        parts.append(text)
        offset += len(text) + 1
    text = "\n".join(parts)
    if not text.strip():
        raise Unusable("empty document (no text)")
    return text, refs


def check_unpacked_size(data: bytes, max_bytes: int) -> None:
    """Refuse a zip whose parts unpack to more than ``max_bytes``, declared or actually read."""
    too_large = f"too large when unpacked (drafts are read up to {max_bytes:,} bytes)"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = z.infolist()
            if len(parts) > MAX_PARTS:
                raise Unusable(f"not a usable .docx: {len(parts):,} parts (a Word file has a few dozen)")
            for part in parts:
                size = _declared(part)
                if size > RATIO_FLOOR and size > MAX_RATIO * max(part.compress_size, 1):
                    ratio = size // max(part.compress_size, 1)
                    raise Unusable(f"not a usable .docx: {part.filename} unpacks {ratio:,} times its "
                                              "size (a zip bomb)")
            if sum(_declared(p) for p in parts) > max_bytes:
                raise Unusable(too_large)
            total = 0
            for part in parts:  # the declared sizes may lie: count what really comes out
                with z.open(part) as f:
                    while chunk := f.read(_READ):
                        total += len(chunk)
                        if total > max_bytes:
                            raise Unusable(too_large)
    except _DAMAGE as e:
        raise Unusable(_DAMAGED) from e


def _declared(part: zipfile.ZipInfo) -> int:
    return part.file_size


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_BLOCK_CONTAINERS = frozenset(_W + t for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
_SKIP = frozenset(_W + t for t in ("pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object",
                                   "instrText", "delText", "footnoteReference", "endnoteReference"))
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"


def _paragraphs(element):
    for child in element.iterchildren():
        if child.tag == _W + "p":
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _paragraphs(child)


def _paragraph(p, targets: dict[str, str]) -> tuple[str, list[tuple[int, int, str]]]:
    parts: list[str] = []
    links: list[tuple[int, int, str]] = []
    length = 0

    def walk(element) -> None:
        nonlocal length
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or tag == _ALTERNATE:
                continue
            if tag == _W + "t":
                piece = child.text or ""
            elif tag == _W + "tab":
                piece = "\t"
            elif tag in (_W + "br", _W + "cr"):
                piece = " "  # a line break inside a paragraph: line N stays paragraph N
            elif tag == _W + "noBreakHyphen":
                piece = "-"
            elif tag == _W + "hyperlink":
                start = length
                walk(child)
                target = targets.get(child.get(_R_ID) or "", "")
                if target[:5].lower() == "fact:" and len(target) > 5:
                    links.append((start, length, target[5:]))
                continue
            else:
                walk(child)
                continue
            parts.append(piece)
            length += len(piece)

    walk(p)
    return "".join(parts), links
