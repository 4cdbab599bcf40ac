"""The library as a static website (PRODUCT.md §6): catalogue for writers, audit for editors.

Every page is rendered by Jinja2 with autoescaping; links are relative, the search
index is a script file, and every asset ships in this package: the site works from
file:// and offline. The site is built in a folder beside OUTDIR and moved into
place, so a half-built site never replaces a whole one.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import re
import shutil
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Callable

import attrs
from markupsafe import Markup

from factlib.audit.html import environment
from factlib.audit.records import Audit
from factlib.errors import UsageError
from factlib.library.cite import STYLES, cite, text_fragment_url, warning
from factlib.library.convert import plain_number
from factlib.model import Fact, Library, Source
from factlib.site import search

MARKER = ".factlib-site"   # a folder with this file was written by `factlib site` and may be replaced
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,100}$")


@attrs.frozen
class SiteResult:
    path: str
    pages: int
    bytes: int


def page_names(keys) -> dict[str, str]:
    """A file name for each key (fact id, tag, measure): safe on every file system, unique ignoring case."""
    out: dict[str, str] = {}
    used = {"index"}
    for key in keys:
        if key in out:
            continue
        base = key if _SAFE_NAME.match(key) else (re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:60] or "page")
        name = base
        if name.lower() in used or name != key:
            name = f"{base}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
        used.add(name.lower())
        out[key] = name + ".html"
    return out


def safe_url(url: str) -> bool:
    """Only http(s) URLs become links: a fact file's javascript: or data: URL is shown as text."""
    return url.strip().lower().startswith(("http://", "https://"))


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root, self.pages, self.bytes = root, 0, 0
        self._folders: set[Path] = set()

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.pages += relative.endswith(".html")
        self.bytes += len(data)


def build_site(library: Library, audit: Audit, outdir: str | os.PathLike, *, built: str, version: str,
               title: str = "Fact library", workers: int | None = None) -> SiteResult:
    """Write the site for `library` and its `audit` into `outdir` (replacing a site built there before).

    A large library's pages are made by `workers` processes (default: one per core, at most 4).
    """
    outdir = Path(outdir)
    if outdir.exists() and (not outdir.is_dir() or (any(outdir.iterdir()) and not (outdir / MARKER).exists())):
        raise UsageError(f"{outdir}: not an empty folder nor a site factlib built; choose a new folder")
    building = outdir.parent / f".{outdir.name}.building-{os.getpid()}"
    if building.exists():
        shutil.rmtree(building)
    try:
        out = _Writer(building)
        _make(_jobs(library, audit, built=built, version=version, title=title), out, workers)
        (building / MARKER).write_text("built by factlib site; the folder is replaced on the next build\n")
        if outdir.exists():
            old = outdir.parent / f".{outdir.name}.old-{os.getpid()}"
            outdir.rename(old)
            building.rename(outdir)
            shutil.rmtree(old)
        else:
            building.rename(outdir)
    except OSError as err:
        raise UsageError(f"{outdir}: cannot write the site: {err.strerror or err}") from None
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return SiteResult(str(outdir), out.pages, out.bytes)


Job = tuple[str, Callable[[], str]]
PARALLEL_FROM = 2000   # files below which one process makes them all: starting workers costs more
CHUNK = 200            # files a worker makes at a time
_PENDING: tuple[list[Job], Path] | None = None   # what forked workers inherit instead of receiving pickles


def _make(jobs: list[Job], out: _Writer, workers: int | None) -> None:
    """Make and write every file: in this process, or in forked workers for a large site (rendering is CPU-bound)."""
    global _PENDING
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers < 2 or len(jobs) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for relative, make in jobs:
            out.write(relative, make())
        return
    _PENDING = (jobs, out.root)
    try:
        chunks = [(0, 1)] + [(start, min(start + CHUNK, len(jobs))) for start in range(1, len(jobs), CHUNK)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for pages, size in pool.imap_unordered(_make_chunk, chunks):
                out.pages += pages
                out.bytes += size
    finally:
        _PENDING = None


def _make_chunk(span: tuple[int, int]) -> tuple[int, int]:
    assert _PENDING is not None, "a worker runs only inside _make"
    jobs, root = _PENDING
    out = _Writer(root)
    for relative, make in jobs[span[0]:span[1]]:
        out.write(relative, make())
    return out.pages, out.bytes


def _jobs(library: Library, audit: Audit, *, built: str, version: str, title: str) -> list[Job]:
    """Every file of the site as (path, a function that makes its text): cheap to list, made on demand."""
    env = environment("factlib.site")
    jobs: list[Job] = []
    # of a duplicated id, the first wins, as in the library's indexes (the validator reports the others)
    pairs = [(f, s) for f, s in library.facts() if library.fact(f.id) == (f, s)]
    sources = [s for s in library.sources if library.source(s.id) is s]
    fact_pages = page_names(f.id for f, _ in pairs)
    source_pages = page_names(s.id for s in sources)
    tags = sorted({t for f, _ in pairs for t in f.tags}, key=str.casefold)
    tag_pages = page_names(tags)
    measures = sorted({f.measure for f, _ in pairs}, key=str.casefold)
    measure_pages = page_names(measures)
    site = {"title": title, "facts": len(pairs), "sources": len(sources), "built": built, "version": version}
    rows = {f.fact_id: f for f in audit.facts}
    source_rows = {s.source_id: s for s in audit.sources}
    items = {f.id: _item(f, s, fact_pages[f.id]) for f, s in pairs}

    def fact_link(fact_id: str) -> Markup:
        if fact_id in fact_pages:
            return Markup('<a href="../facts/{}">{}</a>').format(fact_pages[fact_id], fact_id)
        return Markup("{} (not in the library)").format(fact_id)

    common = {"site": site, "safe_url": safe_url}
    fact_template = env.get_template("fact.html")

    def fact_page(fact: Fact, source: Source) -> str:
        return fact_template.render(
            **common, root="../", fact=fact, source=source, source_page=source_pages[source.id],
            measure_page=measure_pages[fact.measure], tag_pages=tag_pages, warning=warning(fact),
            corrected_by=fact.corrected_by, fact_link=fact_link, quote_url=_quote_url(fact, source),
            citations=_citations(fact, source), value=_value, audit_row=rows.get(fact.id),
            cited=[_cited(c, library, source_pages, "../sources/") for c in source.cites])

    # the index is the largest single job: first, so that a worker starts on it at once
    jobs.append(("search/index.js", lambda: search.script("FACTLIB_INDEX", search.build_index(pairs))))
    jobs.extend((f"facts/{fact_pages[f.id]}", functools.partial(fact_page, f, s)) for f, s in pairs)
    cited_by = defaultdict(list)
    for s in sources:
        for c in s.cites:
            cited_by[c].append({"title": s.title, "page": source_pages[s.id]})
    source_template = env.get_template("source.html")
    for s in sources:
        jobs.append((f"sources/{source_pages[s.id]}", functools.partial(
            source_template.render, **common, root="../", source=s, items=[items[f.id] for f in s.facts if library.fact(f.id) == (f, s)],
            cited=[_cited(c, library, source_pages, "") for c in s.cites], cited_by=cited_by.get(s.id, ()),
            audit_row=source_rows.get(s.id))))
    listing = env.get_template("listing.html")
    by_tag, by_measure = defaultdict(list), defaultdict(list)
    for f, _ in pairs:
        for t in f.tags:
            by_tag[t].append(items[f.id])
        by_measure[f.measure].append((f, items[f.id]))
    for t in tags:
        jobs.append((f"tags/{tag_pages[t]}", functools.partial(
            listing.render, **common, root="../", heading=f"Tag: {t}", parent="Tags", intro="", links=(),
            groups=[("", by_tag[t])])))
    jobs.append(("tags/index.html", functools.partial(
        listing.render, **common, root="../", heading="Tags", parent="", intro="", groups=(),
        links=[_link(t, tag_pages[t], len(by_tag[t])) for t in tags])))
    for m in measures:
        groups = defaultdict(list)
        for f, item in by_measure[m]:
            groups[f"{f.scope}, {f.period}"].append(item)
        jobs.append((f"measures/{measure_pages[m]}", functools.partial(
            listing.render, **common, root="../", heading=f"Measure: {m}", parent="Measures", links=(),
            groups=sorted(groups.items()),
            intro="Facts of one measure, scope and period must agree; each group below is one scope and period.")))
    jobs.append(("measures/index.html", functools.partial(
        listing.render, **common, root="../", heading="Measures", parent="", intro="What the facts measure.",
        groups=(), links=[_link(m, measure_pages[m], len(by_measure[m])) for m in measures])))
    jobs.append(("sources/index.html", functools.partial(
        listing.render, **common, root="../", heading="Sources", parent="", intro="", groups=(),
        links=[_link(f"{s.title} ({s.publisher}, {s.published.year})", source_pages[s.id], len(s.facts))
               for s in sources])))
    jobs.extend(_audit_pages(env, common, audit, fact_pages, source_pages))
    filters = {"status": sorted({f.status.value for f, _ in pairs}), "tag": tags,
               "kind": sorted({fig.kind.value for f, _ in pairs for fig in f.figures}),
               "publisher": sorted({s.publisher for _, s in pairs}, key=str.casefold)}
    jobs.append(("index.html", functools.partial(env.get_template("catalogue.html").render, **common, root="",
                                                 filters=filters)))
    jobs.append(("search/docs.js", lambda: search.script(
        "FACTLIB_DOCS", [search.record(f, s, fact_pages[f.id]) for f, s in pairs])))
    jobs.extend(_static())
    return jobs


def _audit_pages(env, common, audit: Audit, fact_pages, source_pages) -> list[Job]:
    template = env.get_template("audit_page.html")

    def fact_href(fact_id: str) -> str:
        return f"../facts/{fact_pages[fact_id]}" if fact_id in fact_pages else ""

    def source_href(source_id: str) -> str:
        return f"../sources/{source_pages[source_id]}" if source_id in source_pages else ""

    return [(f"audit/{name}", functools.partial(template.render, **common, root="../", audit=audit, part=part,
                                                heading=heading, fact_href=fact_href, source_href=source_href))
            for part, name, heading in (("todo", "index.html", "to do this week"), ("facts", "facts.html", "facts"),
                                        ("sources", "sources.html", "sources"))]


def _static() -> list[Job]:
    return [(f"static/{name}", functools.partial(_asset, package, name))
            for package, names in (("factlib.audit", ("table.js", "table.css")),
                                   ("factlib.site", ("site.css", "search.js", "copy.js", "lunr.min.js", "LUNR-LICENSE")))
            for name in names]


def _asset(package: str, name: str) -> str:
    return resources.files(package).joinpath("static", name).read_text(encoding="utf-8")


def _item(fact: Fact, source: Source, page: str) -> dict:
    return {"statement": fact.statement, "status": fact.status.value, "page": page, "publisher": source.publisher,
            "year": source.published.year, "figures": [f.text for f in fact.figures]}


def _link(label: str, page: str, count: int) -> dict:
    return {"label": label, "page": page, "count": count}


def _cited(source_id: str, library: Library, pages: dict[str, str], prefix: str) -> dict:
    cited = library.source(source_id)
    if cited is None:
        return {"title": f"{source_id} (not in the library)", "page": ""}
    return {"title": f"{cited.title} ({cited.publisher}, {cited.published.year})", "page": prefix + pages[source_id]}


def _quote_url(fact: Fact, source: Source) -> str:
    try:
        return text_fragment_url(source.url, fact.quote)
    except UsageError:
        return ""


def _citations(fact: Fact, source: Source) -> list[tuple[str, str]]:
    try:
        return [(style, cite(fact, source, style)) for style in STYLES]
    except UsageError:  # a source URL that is not http(s): no citation at all rather than a dangerous link
        return []


def _value(value) -> str:
    number = plain_number(value)
    return " to ".join(str(v) for v in number) if isinstance(number, list) else str(number)
