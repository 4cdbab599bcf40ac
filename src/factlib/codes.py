"""Every finding code factlib emits, with its level and what it means.

The registry feeds SARIF rules and is checked against docs/codes.md by a test,
so a code cannot ship undocumented. It is the one place a code's level is
declared: emitters build findings with :func:`finding` (or ask :func:`level`)
instead of naming a level themselves.
"""

from __future__ import annotations

from typing import Any

from factlib.findings import Finding, Level

E, W, I = Level.ERROR, Level.WARNING, Level.INFO

# code -> (default level, one-line description)
VALIDATE = {
    "id.invalid": (E, "An id is not a slug (lowercase letters, digits, single hyphens)."),
    "id.duplicate": (E, "Two sources or two facts share an id."),
    "id.file-mismatch": (E, "A source id differs from its file name."),
    "url.invalid": (E, "A url or archive_url is not an absolute http(s) URL."),
    "date.future": (E, "A date (published, accessed, reviewed_on) lies in the future."),
    "date.order": (E, "A source is published after the date it was accessed."),
    "ref.unknown": (E, "cites, superseded_by or corrected_by names no usable id, or superseded_by/corrected_by and status disagree."),
    "ref.cycle": (E, "cites or superseded_by lead back to where they started."),
    "fact.empty-field": (E, "A required text field (statement, quote, measure, scope, period, title, publisher) is empty."),
    "fact.note-missing": (E, "A disputed, retracted or superseded fact has no note saying why."),
    "figure.not-in-quote": (E, "A figure's text does not occur verbatim in the fact's quote."),
    "figure.unparsed": (E, "A figure's text does not read as exactly one figure."),
    "figure.mismatch": (E, "A figure's declared kind, value, qualifier, unit or currency is not what its text says."),
    "figure.bad-value": (E, "A figure's value has the wrong shape (a range needs [low, high]; a share is 0-100)."),
    "figure.duplicate-name": (E, "Two figures of one fact share a name."),
    "arithmetic.invalid": (E, "A declared relation cannot be read or names no figure."),
    "arithmetic.fails": (E, "A declared relation between figures does not hold within their rounding."),
    "measure.disagree": (E, "Facts of one measure, scope and period give values that cannot both be true."),
    "scope.unknown-name": (E, "A fact's places, platforms or population field names something binding does not know."),
}

CHECK = {
    "figure.contradicts": (E, "The figure disagrees with the fact it is bound to or clearly speaks of."),
    "fact.unknown": (E, "A reference names no fact."),
    "fact.retracted": (E, "A retracted fact is used."),
    "fact.superseded": (E, "A superseded fact is used; the message names its successor."),
    "figure.known-error": (E, "The figure repeats a disputed fact that names its correction (corrected_by)."),
    "figure.misattributed": (W, "The sentence credits the figure to another organisation than the fact's source or a source it cites."),
    "fact.disputed": (W, "A disputed fact without a correction is used."),
    "fact.stale": (W, "The fact is older than the stale age (default 5 years from its period or publication)."),
    "figure.inconsistent": (W, "The checked materials give one measure different values in different places."),
    "figure.unsourced": (W, "A figure (not a year) matches no fact."),
    "figure.supported": (I, "The figure agrees with a fact; the message carries its citation."),
    "document.unreadable": (W, "A draft could not be read (binary, empty, damaged, encrypted); the run goes on."),
}

LINKS = {
    "link.broken": (E, "The source URL is broken (4xx/5xx after retries, DNS failure, refused connection)."),
    "link.timeout": (W, "The source URL gave no answer within the time limit."),
    "link.unsafe": (W, "The URL was refused before sending (private, loopback or link-local target, or a non-http(s) scheme)."),
    "link.unverifiable": (W, "The site would not let a checker see the page (401/403 bot walls, 999, lasting 429)."),
    "link.redirected": (W, "The URL permanently redirects; update the library to the final URL."),
    "link.ok": (I, "The URL answered 2xx."),
    "link.unchecked": (W, "The URL has never been checked (an --offline report with no history)."),
    "quote.changed": (E, "A passage close to the quote is on the page but differs; the evidence shows how."),
    "quote.missing": (E, "Nothing close to the quote is on the page."),
    "quote.unchecked": (W, "The page could not be read, so the quote was not checked."),
    "quote.found": (I, "The quote is on the page (or in the archived copy)."),
}

# the actions of `factlib audit`'s to-do list (an item's action is the code without "audit.")
AUDIT = {
    "audit.used-retracted": (E, "A retracted fact is still used in a draft."),
    "audit.used-superseded": (E, "A superseded fact is still used in a draft; the message names its successor."),
    "audit.used-known-error": (E, "A disputed fact with a correction is used, or check found its known error repeated."),
    "audit.quote-changed": (E, "The fact's quote is no longer on its page as written."),
    "audit.quote-missing": (E, "Nothing close to the fact's quote is on its page."),
    "audit.link-broken": (E, "The source is broken, timed out or unsafe in the last run."),
    "audit.link-unverifiable": (W, "The site would not let a checker see the page and the source has no archive_url."),
    "audit.review-due": (W, "An active fact's review falls due by the end of the week, or it was never reviewed."),
    "audit.redirect": (W, "The source moved permanently: update its url."),
}

ALL = {**VALIDATE, **CHECK, **LINKS, **AUDIT}


def level(code: str) -> Level:
    """The level findings of `code` have; KeyError for a code not in the registry."""
    return ALL[code][0]


def finding(code: str, file: str, line: int, message: str, *, level: Level | None = None, **fields: Any) -> Finding:
    """A Finding of `code` at its registered level (`level` overrides it: a broken link that has not
    failed for long enough is a warning); `fields` are Finding's optional fields (column, fact_id...)."""
    return Finding(code, level or ALL[code][0], file, line, message, **fields)
