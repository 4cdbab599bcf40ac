"""A fact prepared for binding: its words with their field weights, and what the binder asks of it
(its figures, its quote's words, the words around its figures, its period, what it is about), each
computed when first needed.
"""

from __future__ import annotations

from factlib.drafts.aboutness import FactAbout, fact_about
from factlib.drafts.periods import periods_in
from factlib.drafts.sentences import ANCHOR, COUNTED, Sentence, _context, _jaccard, find_whole, match_terms, noun_after
from factlib.figures.compare import agrees, comparable, signature
from factlib.model import Fact, Figure, Kind, Source

QUOTE_CLOSE = 0.6   # word overlap above which a sentence is taken as the fact's own quote


class Entry:
    """A fact prepared for matching: its words with their field weights; the rest computed when first needed."""

    __slots__ = ("fact", "source", "weights", "_key", "_quote_terms", "_figures", "_signatures", "_anchors", "_years",
                 "_about", "_counted", "_statement_terms")
    _key: tuple[str, str, str] | None
    _quote_terms: frozenset[str] | None
    _figures: tuple[Figure, ...] | None
    _signatures: frozenset[tuple] | None
    _anchors: tuple[tuple[list[str], list[str], list[str]], ...] | None
    _years: frozenset[tuple[int, int]] | None
    _about: FactAbout | None
    _counted: frozenset[str] | None
    _statement_terms: frozenset[str] | None

    def __init__(self, fact: Fact, source: Source, weights: dict[str, float]) -> None:
        self.fact, self.source, self.weights = fact, source, weights
        self._key = self._quote_terms = self._figures = self._signatures = self._anchors = self._years = None
        self._about = self._counted = self._statement_terms = None

    @property
    def counted(self) -> frozenset[str]:
        """What the fact's counts count: the words of their units and names, the words of the
        figure text, and the words right after each in the quote ("6,156 Sexual Communication")."""
        if self._counted is None:
            words: set[str] = set()
            quote = self.fact.quote
            for f in self.figures:
                if Kind(f.kind) != Kind.COUNT:
                    continue
                words.update(match_terms(f"{f.unit} {f.name} {f.text}"))
                at = find_whole(quote, f.text)
                if at >= 0:
                    words.update(noun_after(Sentence(quote), at + len(f.text)))
                    words.update(w for w in match_terms(quote[at + len(f.text):at + len(f.text) + 60])[:3])
            if words:  # the measure, keywords and statement name what is counted too ("global-new-internet-users")
                # (single-word keywords only: "trafficking in persons" names a topic, not what is counted)
                words.update(match_terms(" ".join([self.fact.measure.replace("-", " "),
                                                   *(k for k in self.fact.keywords if " " not in k.strip())])))
                from factlib.figures.scan import find_figures

                statement = Sentence(self.fact.statement)
                for found in find_figures(self.fact.statement):
                    if Kind(found.kind) == Kind.COUNT and any(comparable(g, found) and agrees(g, found)
                                                             for g in self.figures):
                        words.update(noun_after(statement, found.end))
            self._counted = frozenset(COUNTED.get(w, w) for w in words)
        return self._counted

    @property
    def about(self) -> FactAbout:
        """The fact's place, platforms, population and period, as a sentence's are read."""
        if self._about is None:
            source = self.source
            # the bodies its own source and words name (not every source its source cites: a blog
            # citing Polaris and the HTI does not make each of its facts a hotline figure)
            self._about = fact_about(self.fact, (source.publisher, source.title))
        return self._about

    @property
    def key(self) -> tuple[str, str, str]:
        if self._key is None:
            self._key = self.fact.measure_key()
        return self._key

    @property
    def quote_terms(self) -> frozenset[str]:
        if self._quote_terms is None:
            self._quote_terms = frozenset(match_terms(self.fact.quote))
        return self._quote_terms

    def echo(self, sentence_terms: frozenset[str]) -> float:
        """How nearly a sentence repeats the fact's quote or, for an active fact, its statement
        (what `factlib cite` prints): word overlap, 0-1."""
        overlap = _jaccard(sentence_terms, self.quote_terms)
        if overlap >= QUOTE_CLOSE or not self.fact.status.active:
            return overlap
        if self._statement_terms is None:
            self._statement_terms = frozenset(match_terms(self.fact.statement))
        n, m = len(sentence_terms), len(self._statement_terms)
        if min(n, m) < QUOTE_CLOSE * max(n, m):
            return overlap  # the overlap of sets this unequal cannot reach QUOTE_CLOSE
        return max(overlap, _jaccard(sentence_terms, self._statement_terms))

    def near_quote(self, sentence_terms: frozenset[str]) -> bool:
        """Whether a sentence's words overlap the fact's quote's by QUOTE_CLOSE (sets of very
        unequal sizes cannot, and are not intersected)."""
        n, m = len(sentence_terms), len(self.quote_terms)
        return min(n, m) >= QUOTE_CLOSE * max(n, m) and _jaccard(sentence_terms, self.quote_terms) >= QUOTE_CLOSE

    @property
    def figures(self) -> tuple[Figure, ...]:
        if self._figures is None:
            self._figures = tuple(self.fact.headline_figures())
        return self._figures

    @property
    def signatures(self) -> frozenset[tuple]:
        """(kind, scale, currency) of its figures, for a quick test of comparability."""
        if self._signatures is None:
            self._signatures = frozenset(signature(f) for f in self.figures)
        return self._signatures

    @property
    def periods(self) -> frozenset[tuple[int, int]]:
        """The years of the fact's period, as periods_in gives them."""
        if self._years is None:
            self._years = periods_in(self.fact.period)
        return self._years

    @property
    def anchors(self) -> tuple[tuple[list[str], list[str], list[str]], ...]:
        """The words around each of its figures in its quote, and in its statement (where the
        statement gives a figure that agrees with one of them)."""
        if self._anchors is None:
            from factlib.figures.scan import find_figures

            quote = self.fact.quote
            extracted = find_figures(quote)
            found = []
            for figure in self.figures:
                at = find_whole(quote, figure.text)
                if at < 0:
                    continue
                end = at + len(figure.text)
                # anchor where a draft's figure would stand: the span the extractor reads, which
                # may be shorter than the declared text ("Most" of "Most of these children")
                start, end = next(((f.start, f.end) for f in extracted if at <= f.start < end), (at, end))
                found.append(_context(quote, start, end))
            if self.fact.status.active:
                statement = self.fact.statement
                # (a statement that is the quote word for word is not scanned twice)
                for f in extracted if statement == quote else find_figures(statement):
                    if any(comparable(g, f) and agrees(g, f) for g in self.figures):
                        context = _context(statement, f.start, f.end)
                        if context not in found:  # the same words twice would only be weighed twice
                            found.append(context)
            self._anchors = tuple(found)
        return self._anchors


def anchor(context: tuple[list[str], list[str], list[str]], entry: Entry) -> float:
    """How well the draft figure's neighbours match those of one of the fact's figures in its quote (0-1)."""
    before, from_start, after = context
    n_before, n_start, n_after = len(before), len(from_start), len(after)
    in_before, in_start, in_after = set(before), set(from_start), set(after)
    best = 0.0
    for b, s, a in entry.anchors:
        # words in common on each side, in any order: a word put in or left out must not shift the rest
        left = 0 if in_before.isdisjoint(b) else _common(before, b)
        right = max(0 if in_start.isdisjoint(s) else _common(from_start, s),
                    0 if in_after.isdisjoint(a) else _common(after, a))
        available = min(n_before, len(b)) + max(min(n_start, len(s)), min(n_after, len(a)))
        best = max(best, (left + right) / max(ANCHOR, available))
    return best


def _common(a: list[str], b: list[str]) -> int:
    rest = list(b)
    count = 0
    for word in a:
        if word in rest:
            rest.remove(word)
            count += 1
    return count
