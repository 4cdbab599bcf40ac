"""Rendering a draft (PRODUCT.md §7): each fact reference becomes the fact's figure and a citation.

References are found by the drafts reader (:mod:`factlib.drafts.documents`):
``[text](fact:ID)`` and ``[text][label]`` with a ``fact:`` definition in
Markdown, ``data-fact="ID"`` elements and ``<a href="fact:ID">`` in HTML (and
in HTML inside Markdown), and ``[fact:ID]`` markers everywhere.

- A link or element: its text becomes the figure's text as the fact file words
  it (the figure of the same kind and nearest value to what the writer wrote,
  else the fact's first figure that is not a year), followed by a note mark. An
  ``<a href="fact:ID">`` becomes ``<span data-fact="ID">`` (no dead link; the
  rendered draft still binds for ``factlib check``).
- A marker keeps the writer's words before it (``factlib check`` judges them)
  and becomes the note mark.

Notes are numbered by first use, one per fact: Markdown footnotes (``[^1]`` and
``[^1]: ...`` at the end), HTML ``<sup><a>`` marks linking to an ``<ol>`` of
notes (before ``</body>`` when there is one), and ``[1]`` marks with a "Notes"
list in text. In Markdown and HTML each note follows a ``<!-- factlib: ignore -->``
comment, so that checking the rendered draft judges its prose, not the figures
of a source's title ("How the Two Connect"). A reference to an unknown, retracted or superseded fact is an
error and nothing is rendered; drafts and disputed facts are rendered with a
warning.
"""

from __future__ import annotations

import html
import re

import attrs

from factlib.drafts.documents import Document, DocumentError, FactRef, detect_format, document_from_text
from factlib.figures.scan import parse_figure
from factlib.codes import finding
from factlib.findings import Finding
from factlib.library.cite import text_fragment_url
from factlib.model import Fact, Figure, Kind, Library, Source, Status
from factlib.text.decoding import decode

FORMATS = ("markdown", "html", "text")
_FACT_TAG = re.compile(r"""<([a-zA-Z][\w-]*)\b[^>]*?(?:data-fact\s*=|href\s*=\s*["']?\s*fact:)[^>]*>""", re.IGNORECASE)
_FACT_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?fact:[^\s>]+>?[ \t]*(?:\n|\Z)", re.IGNORECASE | re.MULTILINE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
# before each note: `factlib check` of the rendered draft judges its prose, not the figures in a source's title
_QUIET = "<!-- factlib: ignore -->"


@attrs.frozen
class Rendered:
    """The rendered draft, or the errors that stopped it; warnings either way."""

    text: str
    errors: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()  # "file:line:column: message", for drafts and disputed facts
    notes: int = 0


@attrs.frozen
class _Edit:
    start: int
    end: int
    text: str


def render_file(path: str, library: Library) -> Rendered:
    """Render the draft at `path` (Markdown, HTML or text). Raises DocumentError for a file that cannot be read."""
    fmt = detect_format(path)
    if fmt not in FORMATS:
        raise DocumentError(path, f"render reads Markdown, HTML and text drafts, not {fmt}")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        raise DocumentError(path, f"cannot read: {err.strerror or err}") from None
    decoded = decode(data, html=fmt == "html")
    return render_text(decoded.text, library, format=fmt, path=path)


def render_text(source: str, library: Library, *, format: str, path: str = "<text>") -> Rendered:
    """Render decoded draft text of `format` ("markdown", "html" or "text")."""
    doc = document_from_text(source, path=path, format=format)
    errors: list[Finding] = []
    warnings: list[str] = []
    numbers: dict[str, int] = {}
    edits: list[_Edit] = []
    for ref in doc.refs:
        line, column = doc.position(ref.start)
        found = library.fact(ref.fact_id)
        problem = _problem(ref.fact_id, found)
        if problem or found is None:
            code, message = problem or ("fact.unknown", "")
            errors.append(finding(code, path, line, message, column=column, fact_id=ref.fact_id))
            continue
        fact, _ = found
        if fact.status in (Status.DRAFT, Status.DISPUTED):
            warnings.append(f"{path}:{line}:{column}: {_caution(fact)}")
        number = numbers.setdefault(fact.id, len(numbers) + 1)
        edit = _edit(source, doc, ref, fact, _mark(format, number))
        if edit is not None:
            edits.append(edit)
    if errors:
        return Rendered("", tuple(errors), tuple(warnings))
    out = source
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end:]
    if format == "markdown":
        out = _FACT_DEFINITION.sub("", out)  # "[label]: fact:ID" lines: their links are rendered
    notes = [(n, *_found(library, fid)) for fid, n in numbers.items()]
    return Rendered(_with_notes(out, format, notes), (), tuple(warnings), len(numbers))


def _found(library: Library, fact_id: str) -> tuple[Fact, Source]:
    found = library.fact(fact_id)
    assert found is not None  # every fact numbered was found
    return found


def _problem(fact_id: str, found) -> tuple[str, str] | None:
    if found is None:
        return "fact.unknown", f'"{fact_id}" is no fact in the library'
    fact, _ = found
    if fact.status == Status.RETRACTED:
        return "fact.retracted", f"{fact.id} is retracted: {fact.note}".rstrip(": ")
    if fact.status == Status.SUPERSEDED:
        return "fact.superseded", f"{fact.id} is superseded by {fact.superseded_by}: cite that fact instead"
    return None


def _caution(fact: Fact) -> str:
    if fact.status == Status.DRAFT:
        return f"{fact.id} is a draft, not yet vetted"
    better = f"; the library's correction is {fact.corrected_by}" if getattr(fact, "corrected_by", "") else ""
    return f"{fact.id} is disputed: {fact.note}".rstrip(": ") + better


def _mark(format: str, n: int) -> str:
    if format == "markdown":
        return f"[^{n}]"
    if format == "html":
        return f'<sup class="factlib-ref"><a href="#factlib-note-{n}" id="factlib-ref-{n}">{n}</a></sup>'
    return f"[{n}]"


# -- where each reference stands in the source -----------------------------------------------------


def _edit(source: str, doc: Document, ref: FactRef, fact: Fact, mark: str) -> _Edit | None:
    start, end = _source_span(source, doc, ref)
    if ref.marker:
        at = source.lower().find("[fact:", start, start + 16 + len(ref.fact_id))
        if at < 0:
            return None
        close = source.find("]", at)
        lead = at
        while lead > 0 and source[lead - 1] in " \t":
            lead -= 1  # "70% [fact:x]." -> "70%[1]."
        if lead > 1 and source[lead - 1] == "\n" and source[lead - 2] != "\n":
            lead -= 1  # a marker alone on a line joins the line before (not across a blank line)
            while lead > 0 and source[lead - 1] in " \t":
                lead -= 1
        return _Edit(lead, close + 1, mark)
    written = source[start:end]
    words = _figure_text(fact, _plain(written))
    if doc.format == "markdown":
        link = _markdown_link(source, start, end)
        if link is not None:
            return _Edit(link[0], link[1], (_md(words) if words else written) + mark)
    element = _element(source, start, end)
    if element is None:
        return None
    (open_start, open_end), (close_start, close_end), name = element
    words_html = html.escape(words) if words else source[open_end:close_start]
    opener = source[open_start:open_end]
    if name == "a":
        opener, closer = f'<span data-fact="{html.escape(fact.id, quote=True)}">', "</span>"
    else:
        closer = source[close_start:close_end]
    return _Edit(open_start, close_end, opener + words_html + closer + mark)


def _source_span(source: str, doc: Document, ref: FactRef) -> tuple[int, int]:
    if doc.format != "html":
        return ref.start, ref.end  # Markdown and text keep the source's offsets
    starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def offset(text_offset: int) -> int:
        line, column = doc.position(text_offset)
        return starts[line - 1] + column - 1

    start = offset(ref.start)
    end = offset(ref.end - 1) + 1 if ref.end > ref.start else start
    return start, end


def _markdown_link(source: str, start: int, end: int) -> tuple[int, int] | None:
    i = start
    while i > 0 and source[i - 1] in " \t\n":
        i -= 1
    if i == 0 or source[i - 1] != "[":
        return None
    j = source.find("]", end)
    if j < 0 or j + 1 >= len(source):
        return None
    closer = {"(": ")", "[": "]"}.get(source[j + 1])
    if closer is None:
        return None
    k = source.find(closer, j + 2)
    return (i - 1, k + 1) if k >= 0 else None


def _element(source: str, start: int, end: int):
    opener = None
    for m in _FACT_TAG.finditer(source, 0, start):
        if m.end() <= start:
            opener = m
    if opener is None:
        return None
    name = opener.group(1).lower()
    close = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(source, end)
    if close is None:
        return None
    return (opener.start(), opener.end()), (close.start(), close.end()), name


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def _figure_text(fact: Fact, written: str) -> str:
    """The fact's figure that the writer's words mean, as the fact file words it ("" when the fact has none)."""
    figures = [f for f in fact.figures if f.kind != Kind.YEAR] or list(fact.figures)
    if not figures:
        return ""
    said = parse_figure(written)
    if said is not None:
        same = [f for f in figures if f.kind == said.kind]
        if same:
            return figure_words(min(same, key=lambda f: _distance(f, said.value)))
    return figure_words(figures[0])


_CHANGE_WORD = (r"(?:increasing|rising|growing|falling|dropping|jumping|climbing|surging|soaring|declining|decreasing|"
                r"increase[sd]?|rise[sn]?|rose|jump(?:ed|s)?|grow(?:n|s)?|grew|growth|fell|fall(?:en|s)?|drop(?:ped|s)?|"
                r"decrease[sd]?|decline[sd]?|cut|up|down|surge[sd]?|soar(?:ed|s)?|reduction|climb(?:ed|s)?)")
_CHANGE_LEAD = re.compile(rf"^(?:an?\s+)?{_CHANGE_WORD}\s+(?:by\s+|of\s+)?", re.IGNORECASE)
_CHANGE_TAIL = re.compile(rf"\s+{_CHANGE_WORD}$", re.IGNORECASE)
_ARTICLE = re.compile(r"\ban?\s+(?=\d)", re.IGNORECASE)


def figure_words(figure: Figure) -> str:
    """A figure's text from its fact file, less the verb or noun of a change, to fit the writer's sentence.

    "increase of around 70 per cent" -> "around 70 per cent", "a 125% increase" -> "125%"; other
    kinds keep their words ("over a quarter", "1 in 7").
    """
    if figure.kind != Kind.CHANGE:
        return figure.text
    words = _CHANGE_TAIL.sub("", _CHANGE_LEAD.sub("", figure.text.strip()))
    words = _ARTICLE.sub("", words)
    return words if words and any(c.isdigit() for c in words) or parse_figure(words) else figure.text


def _distance(figure: Figure, value) -> float:
    a = figure.value[0] if isinstance(figure.value, tuple) else figure.value
    b = value[0] if isinstance(value, tuple) else value
    return abs(a - b)


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


# -- the notes -------------------------------------------------------------------------------------


def note_text(fact: Fact, source: Source, format: str) -> str:
    """One note: publisher, year, title (linked to the quote in Markdown and HTML), accessed date."""
    link = text_fragment_url(source.url, fact.quote)
    year = source.published.year
    if format == "markdown":
        return f"{_md(source.publisher)} ({year}). [{_md(source.title)}]({link.replace(')', '%29')}). Accessed {source.accessed}."
    if format == "html":
        e = lambda s: html.escape(s, quote=True)  # noqa: E731
        return f'{e(source.publisher)} ({year}). <a href="{e(link)}">{e(source.title)}</a>. Accessed {source.accessed}.'
    return f'{source.publisher} ({year}). "{source.title}". {link} (accessed {source.accessed})'


def _with_notes(text: str, format: str, notes: list[tuple[int, Fact, Source]]) -> str:
    if not notes:
        return text
    if format == "markdown":
        block = "\n".join(f"{_QUIET}\n[^{n}]: {note_text(f, s, format)}" for n, f, s in notes)
        return text.rstrip("\n") + "\n\n" + block + "\n"
    if format == "text":
        block = "\n".join(f"[{n}] {note_text(f, s, format)}" for n, f, s in notes)
        return text.rstrip("\n") + "\n\nNotes\n" + block + "\n"
    items = "\n".join(f'{_QUIET}\n<li id="factlib-note-{n}">{note_text(f, s, format)} '
                      f'<a href="#factlib-ref-{n}">↩</a></li>' for n, f, s in notes)
    block = f'<ol class="factlib-notes">\n{items}\n</ol>\n'
    at = text.lower().rfind("</body>")
    if at < 0:
        return text.rstrip("\n") + "\n" + block
    return text[:at] + block + text[at:]
