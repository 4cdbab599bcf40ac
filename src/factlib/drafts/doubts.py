"""Why a figure tied to a fact by its words alone is not called a contradiction of it.

A contradiction fails a campaign's CI, so it needs more than words that fit: the figure must
be about the fact's own measure, scope and period (docs/checking.md, "When a differing figure
is not an error"). When it may be about something else, the figure is reported as unsourced,
with the fact it came nearest to and what differs. A sentence that repeats the fact's quote is
about that fact whatever its page says: a changed figure in a copied sentence stays an error.
"""

from __future__ import annotations

from factlib.drafts.aboutness import PERIOD, Difference, difference, untied
from factlib.drafts.binding import Matcher, Miss, same_words_around
from factlib.figures.compare import agrees, comparable
from factlib.model import Kind

SIZE_APART = 10.0  # a count this many times bigger or smaller than the fact's counts something else


def doubt(binding, figure, fact_figure, own, matcher: Matcher) -> Miss | None:
    """The fact a figure that differs from its fact's figure came nearest to and what differs, when
    the figure may be about something else; None when it contradicts the fact. `own` gives the
    figure's mentions (sentences.OwnMentions)."""
    if binding.explicit or binding.repeats_quote:
        return None
    entry = binding.entry
    document = getattr(own, "opening", None)  # sentences.Opening: what the page names
    named = own() if own else []
    loose = untied(named, entry.about, change=figure.kind == Kind.CHANGE, echo=binding.echoes_quote,
                   document=document)
    if loose is None and document is not None:
        loose = runs_on(named, entry.about, document)
    if loose is None and another_size(figure, fact_figure):
        loose = Difference("size", f'"{fact_figure.text}"',
                           f'"{figure.text}", a count of another size (a part, or a whole, of what the fact counts)')
    if loose is not None:
        return Miss(entry, loose)
    return _anothers_number(figure, entry, own, matcher)


def _anothers_number(figure, entry, own, matcher: Matcher) -> Miss | None:
    """Another measure's fact that gives this very number among the same words around it, and that
    the sentence differs from in period at most ("In 85% of all cases [in 2020], the internet was the
    primary form of advertising" and 2021's "85% of defendants use the internet as their primary
    method of soliciting buyers"): the figure is that fact's, misdated, not a wrong value of the fact
    its words fitted best. Another platform, place or body named ("Snapchat was used in almost
    half", Meta's apps' figure) makes it a wrong value after all."""
    sentence, spans, index = getattr(own, "sentence", None), getattr(own, "spans", None), getattr(own, "index", 0)
    if sentence is None or not spans:
        return None
    context = None
    for other in matcher.giving(figure):
        if other.key[0] == entry.key[0] or not any(comparable(f, figure) and agrees(f, figure) for f in other.figures):
            continue  # the same measure in another scope or period is judged by the binding itself
        context = context or sentence.context(*spans[index])
        if not same_words_around(context, other):
            continue
        differs = difference(own() if own else [], other.about, other.fact, change=figure.kind == Kind.CHANGE)
        if differs is None or differs.dimension == PERIOD:  # misdated; not another platform, place or body
            return Miss(other, differs or Difference("measure", other.fact.measure,
                                                     f'"{figure.text}", the very figure of this fact, among its words'))
    return None


def another_size(figure, fact_figure) -> bool:
    """Whether a count is so far from the fact's (ten times or more) that it counts something else
    ("196 offences" in one region against 5,441 nationally) rather than misquotes it. A slip of
    scale keeps the digits ("3.8 million" for "3.8 billion", "544" for "5,441"): that is still
    the fact misquoted."""
    if Kind(figure.kind) not in (Kind.COUNT, Kind.MONEY) or Kind(fact_figure.kind) != Kind(figure.kind):
        return False
    if isinstance(figure.value, tuple) or isinstance(fact_figure.value, tuple):
        return False
    a, b = abs(float(figure.value)), abs(float(fact_figure.value))
    if min(a, b) == 0 or max(a, b) / min(a, b) < SIZE_APART:
        return False
    da, db = _digits(a), _digits(b)
    return not (da.startswith(db) or db.startswith(da))


def _digits(value: float) -> str:
    """A number's significant digits: 750,000 -> "75", 4.14 billion -> "414"."""
    return f"{value:.6e}".split("e")[0].replace(".", "").rstrip("0") or "0"


def runs_on(own, about, document) -> Difference | None:
    """A "since 2000" of the figure's own that fits the fact's period ("2000 to 2020"), on a page that
    names a time after that period ends (2021): "since" runs up to the time of writing, so the page's
    "since 2000" runs on past the fact's period, and its figure may be a later one."""
    since = [m for m in own if m.dimension == PERIOD and not m.inherited and m.value.shape == "since"]
    if not since or about.period is None:
        return None
    later = document.after(about)
    if not later:
        return None
    return Difference(PERIOD, about.fact.period, f'"{since[0].text}" on a page that names {later}, after the fact\'s period')
