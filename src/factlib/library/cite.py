"""Citations ready to paste: markdown, html, text, APA and CSL-JSON.

The link carries a text fragment (``#:~:text=``) built from the quote, so a
reader's browser scrolls to the quoted words. A fact that is not vetted is
never cited silently: the citation carries a visible warning.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote as percent
from urllib.parse import urlsplit

from factlib.errors import UsageError

from factlib.model import Fact, PartialDate, Source, SourceKind, Status

STYLES = ("markdown", "html", "text", "apa", "csl-json")
_ELISION = re.compile(r"\s*(?:\[(?:…|\.\.\.)\]|…|\.\.\.)\s*")
_MONTHS = "January February March April May June July August September October November December".split()


def text_fragment_url(url: str, quote: str, *, words: int = 6) -> str:
    """`url` with a ``#:~:text=`` fragment that lands on the start of the quote.

    Long quotes use the ``start,end`` form (first and last few words of the first
    verbatim part); ``-``, ``,`` and ``&`` are percent-encoded as the spec asks.
    A URL that is not http(s) is refused (UsageError): a citation must never carry a
    ``javascript:`` or ``data:`` link from a bad fact file.
    """
    if urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        raise UsageError(f'the source URL "{url}" is not an http(s) URL; fix the fact file (factlib validate says where)')
    part = _ELISION.split(quote.strip())[0].strip()
    tokens = part.split()
    if not tokens:
        return url
    if len(tokens) <= 2 * words:
        spec = _encode(" ".join(tokens))
    else:
        spec = _encode(" ".join(tokens[:words])) + "," + _encode(" ".join(tokens[-words:]))
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={spec}"


def _encode(text: str) -> str:
    return percent(text, safe="").replace("-", "%2D")


def warning(fact: Fact) -> str:
    """The warning a citation of this fact must carry, or "" for a vetted fact."""
    if fact.status == Status.VETTED:
        return ""
    if fact.status == Status.SUPERSEDED:
        return f"SUPERSEDED by {fact.superseded_by}: cite that fact instead. {fact.note}".strip()
    if fact.status == Status.DRAFT:
        return f"DRAFT: not yet vetted. {fact.note}".strip()
    if fact.corrected_by:
        return f"DISPUTED, corrected by {fact.corrected_by}: cite that fact instead. {fact.note}".strip()
    return f"{fact.status.value.upper()}: {fact.note}".strip()


def cite(fact: Fact, source: Source, style: str = "markdown") -> str:
    """The fact's statement with its citation in one of STYLES."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; choose one of {', '.join(STYLES)}")
    return {"markdown": _markdown, "html": _html, "text": _text, "apa": _apa, "csl-json": _csl_json}[style](fact, source)


def _year(date: PartialDate) -> str:
    return str(date.year)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    """Text that Markdown shows as written: no links, emphasis or raw HTML from a fact file."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markdown(fact: Fact, source: Source) -> str:
    link = text_fragment_url(source.url, fact.quote).replace(")", "%29")
    out = f"{_md(fact.statement)} ([{_md(source.publisher)}, {_year(source.published)}]({link}))"
    w = warning(fact)
    return f"> **Warning — {_md(w)}**\n\n{out}" if w else out


def _html(fact: Fact, source: Source) -> str:
    e = lambda s: html.escape(s, quote=True)  # noqa: E731
    link = text_fragment_url(source.url, fact.quote)
    out = (f'<p>{e(fact.statement)} (<a href="{e(link)}">{e(source.publisher)}, {_year(source.published)}</a>)'
           f'<!-- fact:{e(fact.id)} --></p>')
    w = warning(fact)
    return f'<p class="factlib-warning"><strong>Warning — {e(w)}</strong></p>\n{out}' if w else out


def _text(fact: Fact, source: Source) -> str:
    out = (f"{fact.statement}\nSource: {source.publisher}, \"{source.title}\", {source.published}. "
           f"{text_fragment_url(source.url, fact.quote)} (accessed {source.accessed.isoformat()})")
    w = warning(fact)
    return f"WARNING — {w}\n{out}" if w else out


def _apa(fact: Fact, source: Source) -> str:
    authors = _apa_authors(source)
    date = _apa_date(source.published)
    site = "" if not source.authors else f" {source.publisher}."
    url = text_fragment_url(source.url, "")  # refuses a URL that is not http(s); APA gives the page itself
    out = f"{authors} ({date}). {source.title}.{site} {url}"
    w = warning(fact)
    return f"WARNING — {w}\n{out}" if w else out


def _apa_authors(source: Source) -> str:
    if not source.authors:
        return source.publisher + "."
    names = [_apa_name(a) for a in source.authors]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_name(name: str) -> str:
    parts = re.sub(r"\b(Dr|Prof|MSc|PhD|Mr|Mrs|Ms)\.?\b", "", name).split()
    if len(parts) < 2:
        return name.strip() + "."
    initials = " ".join(p[0] + "." for p in parts[:-1])
    return f"{parts[-1]}, {initials}"


def _apa_date(date: PartialDate) -> str:
    if date.month is None:
        return str(date.year)
    out = f"{date.year}, {_MONTHS[date.month - 1]}"
    return f"{out} {date.day}" if date.day else out


_CSL_TYPES = {
    SourceKind.REPORT: "report",
    SourceKind.PRESS_RELEASE: "webpage",
    SourceKind.ARTICLE: "article-newspaper",
    SourceKind.BLOG: "post-weblog",
    SourceKind.DATASET: "dataset",
    SourceKind.STATUTE: "legislation",
    SourceKind.RESEARCH_BRIEF: "report",
    SourceKind.OTHER: "document",
}


def csl_item(source: Source, *, item_id: str | None = None, note: str = "") -> dict[str, Any]:
    """A source as a CSL-JSON item (the format Zotero, Pandoc and citeproc read)."""
    item: dict[str, Any] = {
        "id": item_id or source.id,
        "type": _CSL_TYPES[source.kind],
        "title": source.title,
        "publisher": source.publisher,
        "URL": source.url,
        "issued": {"date-parts": [[p for p in (source.published.year, source.published.month, source.published.day) if p]]},
        "accessed": {"date-parts": [[source.accessed.year, source.accessed.month, source.accessed.day]]},
    }
    if source.authors:
        item["author"] = [_csl_name(a) for a in source.authors]
    else:
        item["author"] = [{"literal": source.publisher}]
    if source.kind in (SourceKind.ARTICLE, SourceKind.BLOG):
        item["container-title"] = source.publisher
    if note:
        item["note"] = note
    return item


def _csl_name(name: str) -> dict[str, str]:
    parts = re.sub(r"\b(Dr|Prof|MSc|PhD)\.?\b", "", name).split()
    if len(parts) < 2:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def _csl_json(fact: Fact, source: Source) -> str:
    note = fact.statement
    w = warning(fact)
    if w:
        note = f"WARNING — {w} {note}"
    item = csl_item(source, item_id=fact.id, note=note)
    item["URL"] = text_fragment_url(source.url, fact.quote)
    return json.dumps([item], indent=2, ensure_ascii=False)
