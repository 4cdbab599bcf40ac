"""A new fact from a page and a quote (PRODUCT.md §7): the steps under ``factlib new``.

1. :func:`read_page` fetches the URL through the link checker's one HTTP seam
   (:class:`factlib.links.http.Fetcher`: http(s) only, no private, loopback or
   link-local address unless allowed, checked at every redirect, size cap) or
   reads a local HTML or PDF file, and reads its text and metadata.
2. :func:`quote_on_page` proves the quote is there, verbatim or re-anchored by
   the link checker's quote search; when it is not, :class:`NotAdded` carries
   the closest passage and the figures that differ.
3. :func:`quote_figures` reads the quote's figures as the validator will.
4. :func:`add_fact` writes the fact, as ``draft``, into its source's file (new
   or existing) through :func:`factlib.library.write.write_fact_file`.

The proposals (ids, keywords, measures) are in :mod:`factlib.authoring.propose`;
asking the editor is the command line's part.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

from factlib.authoring.metadata import PageMeta, html_metadata, pdf_metadata
from factlib.errors import FactlibError, UsageError
from factlib.figures.scan import find_figures, parse_figure
from factlib.library.tomledit import append_fact
from factlib.library.write import Written, write_fact_file
from factlib.linkresult import LinkVerdict, QuoteVerdict
from factlib.model import Fact, Figure, Kind, Library, Source
from factlib.text.normalize import normalize

_ELIDED = re.compile(r"\[\s*(?:\.{3,}|…)\s*\]|\(\s*(?:\.{3,}|…)\s*\)|\.{3,}|…")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphens and zero-width marks
_TYPES = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml",
          ".txt": "text/plain"}


class NotAdded(FactlibError):
    """The fact cannot be added as asked (the quote is not on the page, or has no figure): exit 1."""


@attrs.frozen
class Page:
    """A page read for a new fact: where it is, its text, what its metadata says."""

    address: str  # what the editor gave: a URL or a file path
    url: str  # the URL the source gets: the final URL after a permanent redirect; "" for a file naming none
    text: str
    kind: str  # "html" | "pdf" | "text"
    meta: PageMeta = PageMeta()


def read_page(address: str, *, allow_network: tuple[str, ...] = (), timeout: float = 20.0, fetcher=None) -> Page:
    """Fetch a URL (or read a local file) and read its text and metadata.

    Raises UsageError when the page cannot be had: refused as unsafe, broken, not text, over the size cap.
    """
    if urlsplit(address).scheme.lower() in ("http", "https"):
        body, content_type, url = _fetch(address, allow_network, timeout, fetcher)
    elif "://" in address:
        raise UsageError(f'"{address}" is neither an http(s) URL nor a file')
    else:
        path = Path(address)
        try:
            body = path.read_bytes()
        except OSError as err:
            raise UsageError(f"{address}: cannot read: {err.strerror or err}") from None
        content_type, url = _TYPES.get(path.suffix.lower()), ""
    return _page(address, url, body, content_type)


def _fetch(url: str, allow_network: tuple[str, ...], timeout: float, fetcher) -> tuple[bytes, str | None, str]:
    from factlib.links.http import Fetcher, FetchPolicy

    owned = fetcher is None
    limits: dict[str, Any] = dict(connect_timeout=min(10.0, timeout), read_timeout=timeout,
                                  deadline=max(timeout * 3, timeout + 5), allow_network=allow_network)
    fetcher = fetcher or Fetcher(FetchPolicy(**limits))
    try:
        fetch = fetcher.fetch(url, want_body=True)
    finally:
        if owned:
            fetcher.close()
    if fetch.verdict == LinkVerdict.UNSAFE:
        raise UsageError(f"refused {url}: {fetch.error}")
    if fetch.too_large:
        raise UsageError(f"{url}: the page is over the size cap")
    if fetch.body is None or fetch.verdict not in (LinkVerdict.OK, LinkVerdict.REDIRECTED):
        status = f" (HTTP {fetch.status})" if fetch.status else ""
        detail = f": {fetch.error}" if fetch.error and fetch.error != f"HTTP {fetch.status}" else ""
        raise UsageError(f"cannot fetch {url}: {fetch.verdict.value}{status}{detail}")
    return fetch.body, fetch.content_type, fetch.final_url if fetch.permanent_redirect else url


def _page(address: str, url: str, body: bytes, content_type: str | None) -> Page:
    from factlib.text.decoding import decode
    from factlib.text.pages import UnsupportedContent, page_text

    try:
        text = page_text(body, content_type)
    except UnsupportedContent as err:
        raise UsageError(f"{address}: cannot read the page: {err.message}") from None
    if text.kind == "pdf":
        meta = pdf_metadata(_pdf_info(body))
    elif text.kind == "html":
        meta = html_metadata(decode(body, declared=_charset(content_type), html=True).text)
    else:
        meta = PageMeta()
    if not meta.title and text.title:
        meta = attrs.evolve(meta, title=text.title)
    return Page(address, url or meta.url, text.text, text.kind, meta)


def _charset(content_type: str | None) -> str | None:
    from factlib.text.decoding import content_type_charset

    return content_type_charset(content_type)


def _pdf_info(body: bytes) -> dict:
    from pypdf import PdfReader

    try:
        return dict(PdfReader(io.BytesIO(body)).metadata or {})
    except Exception:  # noqa: BLE001 - the text was read already; metadata is a bonus
        return {}


def quote_on_page(page: Page, quote: str) -> str:
    """The quote as the fact will hold it: the page's own words (HTML), or the editor's (PDF, elided quotes).

    Raises NotAdded with the closest passage when the quote is not on the page.
    """
    from factlib.links.quotes import find_quote

    quote = " ".join(quote.split())
    if not quote:
        raise UsageError("--quote is empty")
    match = find_quote(quote, page.text)
    if match.verdict != QuoteVerdict.FOUND:
        where = page.url or page.address
        if match.verdict == QuoteVerdict.CHANGED:
            changed = "; ".join(f'"{a}" is "{b}" there' if b else f'"{a}" is not there' for a, b in match.changed_figures)
            raise NotAdded(f"the quote is not on {where}" + (f" ({changed})" if changed else "")
                           + f"; the closest passage is: {match.evidence}")
        raise NotAdded(f"the quote is not on {where}, nor anything close to it")
    if page.kind != "html" or _ELIDED.search(normalize(quote)):
        return quote
    return " ".join(_INVISIBLE.sub("", page.text[match.start:match.end]).split())


def quote_figures(quote: str) -> tuple[Figure, ...]:
    """The figures of a quote that the validator will read the same way alone.

    Years are left out, and counts under ten written in words ("four years"): they date or frame a
    figure rather than state one.

    Raises NotAdded when the quote has none: a fact is a figure with its source.
    """
    figures = []
    for found in find_figures(quote):
        small = isinstance(found.value, float) and found.value < 10 and not any(c.isdigit() for c in found.text)
        if found.kind == Kind.YEAR or (found.kind == Kind.COUNT and small):
            continue  # a year dates the fact; "in four years" is no statistic
        alone = parse_figure(found.text)
        if alone is None or alone.kind != found.kind or alone.value != found.value:
            continue
        figures.append(Figure(alone.text, alone.kind, alone.value, alone.qualifier, alone.unit, alone.currency))
    if not figures:
        raise NotAdded("the quote has no figure (a count, share, change, amount or range): a fact is a figure "
                       "with its source")
    return tuple(figures)


def existing_source(library: Library | None, url: str) -> Source | None:
    """The library's source for this URL (scheme, "www.", trailing slash and fragment aside), if any."""
    if library is None or not url:
        return None
    key = _url_key(url)
    return next((s for s in library.sources if _url_key(s.url) == key), None)


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.port or ''}{parts.path.rstrip('/')}?{parts.query}"


def source_file(root: str | os.PathLike, source_id: str) -> Path:
    return Path(root) / f"{source_id}.toml"


def add_fact(root: str | os.PathLike, path: str | os.PathLike, fact: Fact, source: Source | None,
             *, today: dt.date | None = None) -> Written:
    """Append `fact` to the fact file at `path`; a new file starts with `source`. Validated and atomic."""
    def edit(text: str | None) -> str:
        if text is None and source is None:
            raise UsageError(f"{path} does not exist")
        return append_fact(text, fact, source)

    return write_fact_file(root, path, edit, today=today)
