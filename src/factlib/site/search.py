"""The catalogue's search: a lunr index built at site time, and the records the result list shows.

lunr.py writes the index in the serialised form lunr.js 2.x loads (``lunr.Index.load``),
so the browser does no indexing. Both files are ``<script>`` files that set a global
from a JSON string: a page opened from file:// may run scripts but may not fetch(),
and ``JSON.parse`` of a string is much faster for a browser than an object literal.
"""

from __future__ import annotations

import json

from lunr import lunr

from factlib.model import Fact, Source

# statement weighs most; keywords, tags and the publisher share one field (fewer vectors, a smaller index)
FIELDS = [{"field_name": "statement", "boost": 3}, {"field_name": "quote"}, {"field_name": "meta", "boost": 2}]


def record(fact: Fact, source: Source, page: str) -> dict:
    """What the result list shows and filters on, with short keys: the file is downloaded with the page."""
    return {"id": fact.id, "s": fact.statement, "st": fact.status.value, "t": list(fact.tags),
            "k": sorted({f.kind.value for f in fact.figures}), "p": source.publisher, "y": source.published.year,
            "f": ", ".join(f.text for f in fact.figures), "u": f"facts/{page}"}


def ref(position: int) -> str:
    """A fact's reference in the index: its position among the records, in base 36.

    The index names every document once per field and once per term it holds, so a short
    reference instead of the fact id halves the index (and its load time in the browser).
    """
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        position, rest = divmod(position, 36)
        out = digits[rest] + out
        if not position:
            return out


def index_documents(pairs: list[tuple[Fact, Source]]) -> list[dict]:
    return [{"ref": ref(n), "statement": fact.statement, "quote": fact.quote,
             "meta": " ".join((*fact.keywords, *fact.tags, source.publisher))} for n, (fact, source) in enumerate(pairs)]


def build_index(pairs: list[tuple[Fact, Source]]) -> dict:
    """The serialised lunr index of these facts (statement, quote, and keywords + tags + publisher);
    a hit's ref is the record's position in base 36 (``parseInt(ref, 36)`` in the browser)."""
    return lunr(ref="ref", fields=FIELDS, documents=index_documents(pairs)).serialize()


def script(name: str, data) -> str:
    """A JS file that sets window[name] to `data`, parsed from one JSON string."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.{name}=JSON.parse({json.dumps(text, ensure_ascii=False)});\n"
