"""The library as a static website (PRODUCT.md §6): catalogue for writers, audit for editors.

Every page is rendered by Jinja2 with autoescaping; links are relative, the search
index is a script file, and every asset ships in this package: the site works from
file:// and offline. The site is built in a folder beside OUTDIR and moved into
place, so a half-built site never replaces a whole one.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections import defaultdict
from importlib import resources
from pathlib import Path

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
               title: str = "Fact library") -> SiteResult:
    """Write the site for `library` and its `audit` into `outdir` (replacing a site built there before)."""
    outdir = Path(outdir)
    if outdir.exists() and (not outdir.is_dir() or (any(outdir.iterdir()) and not (outdir / MARKER).exists())):
        raise UsageError(f"{outdir}: not an empty folder nor a site factlib built; choose a new folder")
    building = outdir.parent / f".{outdir.name}.building-{os.getpid()}"
    if building.exists():
        shutil.rmtree(building)
    try:
        out = _Writer(building)
        _render(library, audit, out, built=built, version=version, title=title)
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


def _render(library: Library, audit: Audit, out: _Writer, *, built: str, version: str, title: str) -> None:
    env = environment("factlib.site")
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
    for fact, source in pairs:
        out.write(f"facts/{fact_pages[fact.id]}", fact_template.render(
            **common, root="../", fact=fact, source=source, source_page=source_pages[source.id],
            measure_page=measure_pages[fact.measure], tag_pages=tag_pages, warning=warning(fact),
            corrected_by=getattr(fact, "corrected_by", ""), fact_link=fact_link, quote_url=_quote_url(fact, source),
            citations=_citations(fact, source), value=_value, audit_row=rows.get(fact.id),
            cited=[_cited(c, library, source_pages, "../sources/") for c in source.cites]))
    cited_by = defaultdict(list)
    for s in sources:
        for c in s.cites:
            cited_by[c].append({"title": s.title, "page": source_pages[s.id]})
    source_template = env.get_template("source.html")
    for s in sources:
        out.write(f"sources/{source_pages[s.id]}", source_template.render(
            **common, root="../", source=s, items=[items[f.id] for f in s.facts if library.fact(f.id) == (f, s)],
            cited=[_cited(c, library, source_pages, "") for c in s.cites], cited_by=cited_by.get(s.id, ()),
            audit_row=source_rows.get(s.id)))
    listing = env.get_template("listing.html")
    by_tag, by_measure = defaultdict(list), defaultdict(list)
    for f, _ in pairs:
        for t in f.tags:
            by_tag[t].append(items[f.id])
        by_measure[f.measure].append((f, items[f.id]))
    for t in tags:
        out.write(f"tags/{tag_pages[t]}", listing.render(**common, root="../", heading=f"Tag: {t}", parent="Tags",
                                                         intro="", links=(), groups=[("", by_tag[t])]))
    out.write("tags/index.html", listing.render(**common, root="../", heading="Tags", parent="", intro="",
                                                links=[_link(t, tag_pages[t], len(by_tag[t])) for t in tags], groups=()))
    for m in measures:
        groups = defaultdict(list)
        for f, item in by_measure[m]:
            groups[f"{f.scope}, {f.period}"].append(item)
        out.write(f"measures/{measure_pages[m]}", listing.render(
            **common, root="../", heading=f"Measure: {m}", parent="Measures", links=(), groups=sorted(groups.items()),
            intro="Facts of one measure, scope and period must agree; each group below is one scope and period."))
    out.write("measures/index.html", listing.render(
        **common, root="../", heading="Measures", parent="", intro="What the facts measure.", groups=(),
        links=[_link(m, measure_pages[m], len(by_measure[m])) for m in measures]))
    out.write("sources/index.html", listing.render(
        **common, root="../", heading="Sources", parent="", intro="", groups=(),
        links=[_link(f"{s.title} ({s.publisher}, {s.published.year})", source_pages[s.id], len(s.facts))
               for s in sources]))
    _audit_pages(env, common, audit, out, fact_pages, source_pages)
    filters = {"status": sorted({f.status.value for f, _ in pairs}), "tag": tags,
               "kind": sorted({fig.kind.value for f, _ in pairs for fig in f.figures}),
               "publisher": sorted({s.publisher for _, s in pairs}, key=str.casefold)}
    out.write("index.html", env.get_template("catalogue.html").render(**common, root="", filters=filters))
    out.write("search/docs.js", search.script("FACTLIB_DOCS", [search.record(f, s, fact_pages[f.id]) for f, s in pairs]))
    out.write("search/index.js", search.script("FACTLIB_INDEX", search.build_index(pairs)))
    _copy_static(out)


def _audit_pages(env, common, audit: Audit, out: _Writer, fact_pages, source_pages) -> None:
    template = env.get_template("audit_page.html")

    def fact_href(fact_id: str) -> str:
        return f"../facts/{fact_pages[fact_id]}" if fact_id in fact_pages else ""

    def source_href(source_id: str) -> str:
        return f"../sources/{source_pages[source_id]}" if source_id in source_pages else ""

    for part, name, heading in (("todo", "index.html", "to do this week"), ("facts", "facts.html", "facts"),
                                ("sources", "sources.html", "sources")):
        out.write(f"audit/{name}", template.render(**common, root="../", audit=audit, part=part, heading=heading,
                                                   fact_href=fact_href, source_href=source_href))


def _copy_static(out: _Writer) -> None:
    for package, names in (("factlib.audit", ("table.js", "table.css")),
                           ("factlib.site", ("site.css", "search.js", "copy.js", "lunr.min.js", "LUNR-LICENSE"))):
        for name in names:
            out.write(f"static/{name}", resources.files(package).joinpath("static", name).read_text(encoding="utf-8"))


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
