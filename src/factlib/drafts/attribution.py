"""Who a sentence credits a figure to, and whether the library's fact comes from there.

``figure.misattributed`` (PRODUCT.md §3) is deliberately conservative, so that an
editor agrees with every warning:

- only explicit credit counts: "according to X", "X said/found/reported/estimated…",
  "X's report/data/figures…", "data/figures/a report… from/by X", "published by X";
- X must be recognisably an organisation: an acronym ("NSPCC", "UNODC"), a name of
  several capitalised words ending in or holding an organisation word ("Human
  Trafficking Institute", "Fox News"), or the publisher of a source in the library
  ("Polaris"). People ("Navarro said"), places and vague credit ("the charity said",
  "researchers found") are never judged;
- the credit is fine when the organisation is named anywhere in the fact's
  provenance — its source's publisher, title and note, the sources it cites, the
  fact's quote, statement and note — or in that of a fact of the same measure,
  scope and period. Only a name found nowhere there is a misattribution.
"""

from __future__ import annotations

import re
import weakref
from typing import Iterable

# words that make a run of capitalised words an organisation's name
ORG_WORDS = frozenset("""
    institute institution foundation centre center society office agency council project association trust
    university police ministry department commission organisation organization network coalition alliance front
    bureau group unit service services union nations news times post guardian fund board authority committee
    government forum college school hotline charity campaign initiative partnership federation company
    corporation inc ltd programme program laboratory research observatory watch court parliament
    """.split())
_JOIN_WORDS = frozenset(("of", "for", "the", "and", "on", "to", "&", "against", "in"))
# acronyms that name places, not organisations
_PLACES = frozenset(("UK", "US", "USA", "EU", "UAE", "GB", "NI", "DC"))

_WORD = r"[A-Z][\w&'’.-]*[\w]|[A-Z]"
_NAME = rf"(?:{_WORD})(?:[ \t]+(?:(?:of|for|the|and|on|to|&|against|in)[ \t]+)*(?:{_WORD}))*"


def _acronym_after(group: str) -> str:
    return rf"(?:[ \t]*\((?P<{group}>[A-Z][A-Za-z&]{{1,9}})\))?"


_VERBS = (r"said|says|found|finds|reported|reports|estimated|estimates|showed|shows|revealed|reveals|warned|warns"
          r"|claimed|claims|stated|states|calculated|recorded|counted")
_NOUNS = r"report|data|figures|research|survey|study|analysis|statistics|findings|estimates?|numbers"
_CREDIT = re.compile(
    rf"\b(?i:according[ \t]+to[ \t]+(?:the[ \t]+)?)(?P<a>{_NAME}){_acronym_after('acra')}"
    rf"|(?P<b>{_NAME}){_acronym_after('acrb')}[ \t]+(?:has[ \t]+|have[ \t]+)?(?:{_VERBS})\b"
    rf"|(?P<c>{_NAME})['’]s?[ \t]+(?:\w+[ \t]+)?(?:{_NOUNS})\b"
    rf"|\b(?i:(?:data|figures|statistics|research|numbers|(?:a|the|an)[ \t]+(?:\w+[ \t]+)?(?:report|study|survey|analysis))"
    rf"[ \t]+(?:from|by|of)[ \t]+(?:the[ \t]+)?)(?P<d>{_NAME})"
    rf"|\b(?i:(?:published|released|compiled)[ \t]+by[ \t]+(?:the[ \t]+)?)(?P<e>{_NAME})"
)
_CAPITALISED_RUN = re.compile(rf"(?:{_WORD})(?:\s+(?:(?:of|for|the|and|on|to|&|against|in)\s+)*(?:{_WORD}))+")
_TOKENS = re.compile(r"[a-z0-9]+")


def credited(sentence: str, publishers: frozenset[str] = frozenset()) -> list[str]:
    """The recognisable organisations a sentence explicitly credits, as written ("NSPCC", "Polaris")."""
    if not _might_credit(sentence):
        return []
    out = []
    for m in _CREDIT.finditer(sentence):
        name = _trim(next(g for g in (m.group(k) for k in "abcde") if g))
        acronym = m.group("acra") or m.group("acrb")
        # "the NSPCC and the Home Office" credits two; "Office on Drugs and Crime" is one name
        parts = [_trim(p) for p in re.split(r"\s+(?:and|&)\s+", name)]
        if len(parts) > 1 and all(_recognisable(p, publishers) for p in parts):
            out += [p for p in parts if p not in out]
            continue
        for candidate in filter(None, (name, acronym)):
            if _recognisable(candidate, publishers) and candidate not in out:
                out.append(candidate)
                break
    return out


def _might_credit(sentence: str) -> bool:
    low = sentence.lower()
    return any(w in low for w in ("according", " said", " say", " found", " find", "report", " data", "figures",
                                  " show", " reveal", " warn", " estimat", " claim", " stat", "research", " stud",
                                  " survey", " analys", "published", "released", " record", " count", "compiled",
                                  "numbers", "calculated"))


def _trim(name: str) -> str:
    words = name.split()
    while words and (words[0] in ("The", "A", "An", "In", "Last", "This", "Its", "Their")
                     or words[0].lower() in _JOIN_WORDS or words[0].endswith("-based")):
        words.pop(0)
    while words and words[-1].lower() in _JOIN_WORDS:
        words.pop()
    return " ".join(words).rstrip(".'’")


def _is_acronym(name: str) -> bool:
    return (" " not in name and 2 <= len(name) <= 10 and name[0].isupper()
            and sum(c.isupper() for c in name) >= max(2, len(name) - 2) and name not in _PLACES)


def _recognisable(name: str, publishers: frozenset[str]) -> bool:
    if not name or name in _PLACES:
        return False
    if _is_acronym(name):
        return True
    words = name.split()
    if len(words) >= 2 and any(w.lower().strip(".") in ORG_WORDS for w in words):
        return True
    return _norm(name) in publishers


def _norm(text: str) -> str:
    return " ".join(_TOKENS.findall(text.lower().replace("&", " and ")))


def acronym_of(name: str) -> str:
    """Initials of a name's capitalised words: "Human Trafficking Institute" -> "HTI"."""
    return "".join(w[0] for w in name.split() if w[0].isupper() and w.lower() not in _JOIN_WORDS)


class Provenance:
    """Every name a fact's provenance gives, to test a credited organisation against."""

    def __init__(self, text: str) -> None:
        self.norm = f" {_norm(text)} "
        self.words = set(re.findall(r"[A-Za-z][\w&'’.-]*[\w]", text))
        self.acronyms = {acronym_of(m.group()) for m in _CAPITALISED_RUN.finditer(text)}

    def names(self, organisation: str) -> bool:
        """Does the provenance name this organisation (in full, by acronym, or by its distinctive words)?"""
        if _is_acronym(organisation):
            return organisation in self.words or organisation in self.acronyms
        if f" {_norm(organisation)} " in self.norm:
            return True
        if acronym_of(organisation) in self.words:
            return True
        # "Polaris Project" for "Polaris": one proper name left once the organisation words are dropped;
        # several words must stand together as written ("Human Trafficking" alone is a topic, not a name)
        distinctive = [w for w in re.findall(r"[A-Za-z][\w&'’.-]*", organisation)
                       if w.lower() not in ORG_WORDS and w.lower() not in _JOIN_WORDS]
        if len(distinctive) != 1 or not distinctive[0][0].isupper():
            return False
        word = distinctive[0]  # a proper name: written capitalised, never as a common lower-case word
        return word in self.words and word.lower() not in self.words


class Attributions:
    """The library's provenance texts, built once per fact and kept for the run."""

    def __init__(self, library) -> None:
        self.library = library
        self.publishers = frozenset(_norm(s.publisher) for s in library.sources) | frozenset(
            _norm(re.sub(r"\s*\(.*?\)", "", s.publisher)) for s in library.sources)
        self._cache: dict[str, Provenance] = {}
        self._last: tuple[str, list[str]] = ("", [])

    def credits(self, sentence: str) -> list[str]:
        """The organisations the sentence credits (the last sentence's answer is kept: its figures ask in turn)."""
        if sentence != self._last[0]:
            self._last = (sentence, credited(sentence, self.publishers))
        return self._last[1]

    def provenance(self, facts: Iterable) -> Provenance:
        """The provenance of facts (each a (fact, source) pair) together."""
        pairs = list(facts)
        key = "\n".join(sorted(f.id for f, _ in pairs))
        found = self._cache.get(key)
        if found is None:
            parts = []
            for fact, source in pairs:
                parts += [fact.statement, fact.quote, fact.note, source.publisher, source.title, source.note]
                for cited in source.cites:
                    other = self.library.source(cited)
                    if other is not None:
                        parts += [other.publisher, other.title]
            found = self._cache[key] = Provenance("\n".join(parts))
        return found

    def misattributed(self, sentence: str, facts: Iterable) -> tuple[list[str], list[str]]:
        """The organisations the sentence credits, and those of them the facts' provenance never names."""
        names = self.credits(sentence)
        if not names:
            return [], []
        provenance = self.provenance(facts)
        return names, [n for n in names if not provenance.names(n)]


    def judge(self, sentence: str, fact, source, facts: Iterable) -> str:
        """Why crediting a figure of ``fact`` (bound to it, with ``facts`` of its measure) as the sentence
        does is wrong, said after 'the sentence credits "70%"'; "" when the credit is right or absent."""
        credited, wrong = self.misattributed(sentence, facts)
        if not wrong or len(wrong) < len(credited):  # one right credit among several is enough
            return ""
        cited = [c.publisher for c in map(self.library.source, source.cites) if c is not None]
        origin = source.publisher + (f" (citing {', '.join(dict.fromkeys(cited))})" if cited else "")
        return (f"to {' and '.join(wrong)}, but fact {fact.id} comes from {origin}: credit the organisation "
                f"the figure comes from, or bind it to a fact of {wrong[0]}")


_BY_LIBRARY: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def attributions_for(owner, library) -> Attributions:
    """One Attributions per owner (a run's matcher), kept while the owner lives."""
    found = _BY_LIBRARY.get(owner)
    if found is None:
        found = _BY_LIBRARY[owner] = Attributions(library)
    return found
