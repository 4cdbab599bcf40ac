"""What a page says about itself: title, publisher, authors, publication date, kind, canonical URL.

Read from the three kinds of metadata publishers put in pages — Highwire
``citation_*`` tags (Google Scholar's, used by journals, think tanks and
report sites), schema.org JSON-LD, and Open Graph / ``article:*`` properties —
then Dublin Core, ``<meta name="author">``, ``<title>`` and, for PDFs, the
document information dictionary. The first that gives a field wins, in that
order: citation tags are written for citation, JSON-LD and Open Graph for
search engines and sharing, and ``<title>`` often carries the site's name.

A small reader on the standard library's HTML parser rather than extruct:
extruct installs twenty packages (rdflib, pyRdfa3, mf2py, html5lib,
beautifulsoup4...) to read every vocabulary, yet does not read the Highwire
``citation_*`` tags that report sites write for citation, and a fact needs six
fields — the mapping from vocabulary to field would be ours either way. Dates
are read only where a page states them; nothing is guessed from the URL or the
text (as htmldate does), since a wrong ``published`` date is worse than one the
editor is asked for.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import attrs

from factlib.model import PartialDate, SourceKind

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_ISO = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T\s].*)?\s*$")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY = re.compile(r"^\s*([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_JSONLD_KINDS = {
    "newsarticle": SourceKind.ARTICLE, "article": SourceKind.ARTICLE, "reportagenewsarticle": SourceKind.ARTICLE,
    "analysisnewsarticle": SourceKind.ARTICLE, "scholarlyarticle": SourceKind.ARTICLE,
    "blogposting": SourceKind.BLOG, "blog": SourceKind.BLOG, "socialmediaposting": SourceKind.BLOG,
    "report": SourceKind.REPORT, "dataset": SourceKind.DATASET, "legislation": SourceKind.STATUTE,
}


@attrs.frozen
class PageMeta:
    """What the page's metadata says; empty where it says nothing."""

    title: str = ""
    publisher: str = ""
    authors: tuple[str, ...] = ()
    published: PartialDate | None = None
    kind: SourceKind | None = None
    url: str = ""  # the canonical URL the page names for itself


def html_metadata(source: str) -> PageMeta:
    """Read a page's metadata from its HTML source. Never raises."""
    reader = _Reader()
    try:
        reader.feed(source)
        reader.close()
    except Exception:  # noqa: BLE001 - a broken page gives what was read before it broke
        pass
    meta, ld = reader.meta, _jsonld(reader.scripts)

    def first(*names: str) -> str:
        for name in names:
            for value in meta.get(name, ()):
                if value.strip():
                    return " ".join(value.split())
        return ""

    title = (first("citation_title") or ld.get("title", "") or first("og:title", "dc.title", "twitter:title")
             or reader.title)
    publisher = (first("citation_publisher", "citation_technical_report_institution") or ld.get("publisher", "")
                 or first("og:site_name", "dc.publisher", "application-name", "citation_journal_title"))
    authors = tuple(dict.fromkeys(_person(a) for a in meta.get("citation_author", ()) if _clean(a)))
    if not authors:
        authors = tuple(ld.get("authors", ()))
    if not authors:
        authors = tuple(dict.fromkeys(_clean(a) for a in [*meta.get("dc.creator", ()), *meta.get("author", ()),
                                                               *meta.get("article:author", ())] if _clean(a) and "://" not in a))
    published = None
    for text in (first("citation_publication_date"), first("citation_date"), first("citation_online_date"),
                 ld.get("published", ""), first("article:published_time"), first("dc.date.issued", "dc.date"),
                 first("date", "pubdate", "publish-date")):
        published = parse_date(text)
        if published:
            break
    kind = ld.get("kind")
    if kind is None and meta.get("citation_technical_report_institution"):
        kind = SourceKind.REPORT
    if kind is None and (first("og:type").lower() == "article" or meta.get("citation_journal_title")):
        kind = SourceKind.ARTICLE
    url = first("citation_public_url", "og:url") or reader.canonical
    return PageMeta(title, publisher, authors, published, kind, url if urlsplit(url).scheme in ("http", "https") else "")


def pdf_metadata(info: dict[str, Any]) -> PageMeta:
    """A PDF's document information (``/Title``, ``/Author``, ``/CreationDate``...) as metadata."""
    def get(key: str) -> str:
        value = info.get(key)
        return " ".join(str(value).split()) if value else ""

    authors = tuple(a.strip() for a in re.split(r";|\band\b", get("/Author")) if a.strip())
    return PageMeta(get("/Title"), "", authors, parse_date(get("/CreationDate")), SourceKind.REPORT)


def parse_date(text: str) -> PartialDate | None:
    """A publication date as pages write it: ISO (with or without time), "2021/08/24", "24 August 2021",
    "August 24, 2021", a PDF date ("D:20210824..."), or a year; None for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    m = _PDF_DATE.match(text) or _ISO.match(text)
    parts: tuple[Any, ...] | None = m.groups() if m else None
    if parts is None:
        m = _DAY_MONTH.match(text)
        if m:
            parts = (m.group(3), _MONTHS.get(m.group(2)[:3].lower()), m.group(1))
        else:
            m = _MONTH_DAY.match(text)
            if m:
                parts = (m.group(3), _MONTHS.get(m.group(1)[:3].lower()), m.group(2))
    if parts is None or (len(parts) == 3 and parts[1] is None and parts[2] is not None):
        return None
    try:
        year, month, day = (int(p) if p else None for p in parts)
        date = PartialDate.parse(f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else ""))
    except (ValueError, TypeError):
        return None
    return date if 1900 <= date.year <= dt.date.today().year + 1 else None


def _clean(name: str) -> str:
    return " ".join(name.split()).strip(" ,;")


def _person(name: str) -> str:
    """"Smith, Jane" (as citation_author writes names) -> "Jane Smith"."""
    name = _clean(name)
    last, comma, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if comma and first.strip() and "," not in first else name


def _jsonld(scripts: list[str]) -> dict[str, Any]:
    """The first creative work in the page's JSON-LD: title, publisher, authors, published date, kind."""
    for script in scripts:
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for item in _items(data):
            types = item.get("@type")
            types = [types] if isinstance(types, str) else [t for t in types or () if isinstance(t, str)]
            kinds = [_JSONLD_KINDS[t.lower()] for t in types if t.lower() in _JSONLD_KINDS]
            if not kinds and not any(k in item for k in ("headline", "datePublished")):
                continue
            out: dict[str, Any] = {"kind": kinds[0] if kinds else None}
            out["title"] = _text(item.get("headline")) or _text(item.get("name"))
            out["publisher"] = _name(item.get("publisher"))
            authors = item.get("author")
            authors = authors if isinstance(authors, list) else [authors]
            out["authors"] = [n for n in (_name(a, people_only=True) for a in authors) if n]
            out["published"] = _text(item.get("datePublished"))
            return out
    return {}


def _items(data: Any):
    if isinstance(data, list):
        for d in data:
            yield from _items(d)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _items(data["@graph"])
        else:
            yield data


def _name(value: Any, *, people_only: bool = False) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return _clean(value) if not people_only or "://" not in value else ""
    if isinstance(value, dict):
        if people_only and value.get("@type") not in (None, "Person"):
            return ""
        return _text(value.get("name"))
    return ""


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


class _Reader(HTMLParser):
    """Collects <meta> (by name or property, lowercased), <link rel=canonical>, <title> and JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.scripts: list[str] = []
        self.canonical = ""
        self.title = ""
        self._in: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs_}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a:
                self.meta.setdefault(key, []).append(a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and not self.canonical:
            self.canonical = a.get("href", "").strip()
        elif tag == "title" and not self.title:
            self._in, self._buffer = "title", []
        elif tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
            self._in, self._buffer = "script", []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in == "title" and tag == "title":
            self.title = " ".join("".join(self._buffer).split())
            self._in = None
        elif self._in == "script" and tag == "script":
            self.scripts.append("".join(self._buffer))
            self._in = None
