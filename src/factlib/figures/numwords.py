"""The vocabulary of figures: number words, fractions, magnitudes and the words around them.

:mod:`factlib.figures.scan` builds its regular expressions from these tables and
uses :func:`words_value` to read numbers written in words ("Forty-two
thousand five hundred", "Eight hundred and fifty"). Everything here is
lower case; the extractor matches against a lower-cased copy of the text.
"""

from __future__ import annotations

from factlib.model import Qualifier

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

# after a number: "3.8 million", "£1.2m", "$2.4tn", "250k", "2 dozen"
MAGNITUDES = {
    "hundred": 100.0, "dozen": 12.0, "thousand": 1e3, "k": 1e3,
    "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}

# denominators: "a third", "two-fifths", "three quarters"
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}

# a change in one word, as a signed percent
MULTIPLES = {
    "doubled": 100.0, "doubling": 100.0, "tripled": 200.0, "tripling": 200.0,
    "trebled": 200.0, "trebling": 200.0, "quadrupled": 300.0, "quadrupling": 300.0,
    "quintupled": 400.0, "halved": -50.0, "halving": -50.0,
}
FOLD_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "hundred", "thousand")

CURRENCY_SIGNS = {"£": "GBP", "$": "USD", "us$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR",
                  "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD"}
# currency written after the number; the value is multiplied by the factor ("50p", "75 pence")
CURRENCY_WORDS = {
    "pound": ("GBP", 1.0), "pounds": ("GBP", 1.0), "sterling": ("GBP", 1.0),
    "pence": ("GBP", 0.01), "p": ("GBP", 0.01),
    "dollar": ("USD", 1.0), "dollars": ("USD", 1.0), "cent": ("USD", 0.01), "cents": ("USD", 0.01),
    "euro": ("EUR", 1.0), "euros": ("EUR", 1.0),
}

# Hedges written before a figure. Longer phrases win over their tails ("just under" over "under").
QUALIFIERS = {
    Qualifier.APPROX: (
        "about", "around", "roughly", "approximately", "approx.", "approx", "some", "circa", "c.", "ca.",
        "an estimated", "estimated", "an approximate", "in the region of", "of the order of",
        "on the order of", "something like", "round about", "more or less", "give or take",
    ),
    Qualifier.OVER: (
        "over", "more than", "above", "upwards of", "in excess of", "well over", "well above",
        "just over", "just above", "greater than", "higher than", "exceeding", "well in excess of",
        "a little over", "a little more than", "slightly over", "slightly more than", "far more than",
        "considerably more than", "significantly more than", "much more than", "comfortably over",
    ),
    Qualifier.UNDER: (
        "under", "less than", "fewer than", "below", "up to", "lower than", "well under", "well below",
        "as many as", "as much as", "far fewer than", "far less than", "considerably less than",
    ),
    Qualifier.ALMOST: (
        "almost", "nearly", "close to", "just under", "just below", "just short of", "just shy of",
        "getting on for", "approaching", "not quite", "nigh on", "very nearly", "nearing",
    ),
    Qualifier.AT_LEAST: (
        "at least", "no fewer than", "no less than", "not less than", "not fewer than",
        "a minimum of", "minimum of", "at the very least",
    ),
    Qualifier.AT_MOST: (
        "at most", "no more than", "not more than", "a maximum of", "maximum of", "at the most",
        "not exceeding",
    ),
}
QUALIFIER_OF = {phrase: q for q, phrases in QUALIFIERS.items() for phrase in phrases}

# Hedges written after a figure: "65 or over", "10% or more", "100 or so".
SUFFIX_QUALIFIERS = {
    "or more": Qualifier.AT_LEAST, "or over": Qualifier.AT_LEAST, "or above": Qualifier.AT_LEAST,
    "or older": Qualifier.AT_LEAST, "or higher": Qualifier.AT_LEAST, "or greater": Qualifier.AT_LEAST,
    "and over": Qualifier.AT_LEAST, "and above": Qualifier.AT_LEAST, "and older": Qualifier.AT_LEAST,
    "and upwards": Qualifier.AT_LEAST, "plus": Qualifier.AT_LEAST,
    "or fewer": Qualifier.AT_MOST, "or less": Qualifier.AT_MOST, "or under": Qualifier.AT_MOST,
    "or below": Qualifier.AT_MOST, "or younger": Qualifier.AT_MOST, "or lower": Qualifier.AT_MOST,
    "and under": Qualifier.AT_MOST, "and below": Qualifier.AT_MOST, "and younger": Qualifier.AT_MOST,
    "or so": Qualifier.APPROX,
}

_UP = (
    "rise", "rises", "rose", "risen", "rising", "increase", "increases", "increased", "increasing",
    "grow", "grows", "grew", "grown", "growing", "jump", "jumps", "jumped", "jumping",
    "soar", "soars", "soared", "soaring", "surge", "surges", "surged", "surging",
    "climb", "climbs", "climbed", "climbing", "leap", "leaps", "leapt", "leaped", "leaping",
    "rocket", "rockets", "rocketed", "rocketing", "spike", "spiked", "spiking",
    "boost", "boosts", "boosted", "gain", "gains", "gained", "hike", "hiked", "raise", "raised",
    "balloon", "ballooned", "up", "went up", "gone up", "go up", "goes up", "going up",
)
_DOWN = (
    "fall", "falls", "fell", "fallen", "falling", "drop", "drops", "dropped", "dropping",
    "decline", "declines", "declined", "declining", "decrease", "decreases", "decreased", "decreasing",
    "cut", "cuts", "cutting", "reduce", "reduces", "reduced", "reducing", "slash", "slashed",
    "shrink", "shrinks", "shrank", "shrunk", "shrinking", "slump", "slumps", "slumped", "slumping",
    "plunge", "plunges", "plunged", "plunging", "plummet", "plummets", "plummeted", "plummeting",
    "tumble", "tumbles", "tumbled", "tumbling", "sink", "sinks", "sank", "sunk", "sinking",
    "slide", "slides", "slid", "sliding", "dip", "dips", "dipped", "dipping",
    "lose", "loses", "lost", "losing", "lower", "lowered",
    "down", "went down", "gone down", "go down", "goes down", "going down", "came down", "come down",
)
# verbs and adverbs before a percentage that make it a change: "rose by 40%", "fell 12 per cent", "up 3 points"
CHANGE_VERBS = {**{w: 1 for w in _UP}, **{w: -1 for w in _DOWN}}
# nouns around a percentage that make it a change: "a 125% increase", "an increase of 7%"
CHANGE_NOUNS = {
    **{w: 1 for w in ("increase", "increases", "rise", "rises", "jump", "jumps", "hike", "hikes", "surge",
                      "growth", "uplift", "boost", "gain", "gains")},
    **{w: -1 for w in ("cut", "cuts", "fall", "falls", "drop", "drops", "decrease", "decreases", "decline",
                       "declines", "reduction", "reductions", "loss", "losses", "slump", "dip")},
}
# after a percentage: "5% higher", "20% less likely"
COMPARATIVES = {"higher": 1, "greater": 1, "larger": 1, "bigger": 1, "more": 1,
                "lower": -1, "smaller": -1, "less": -1, "fewer": -1}
# "2.5 times higher", "three times as likely", "twice the rate"
TIMES_FOLLOWERS = ("higher", "more", "greater", "larger", "bigger", "as", "the", "that", "likelier", "over")

# A bare number right after these is a reference, not a statistic: "Section 15", "top 10", "Python 3.11".
REFERENCES = (
    "section", "sections", "article", "articles", "art.", "chapter", "chapters", "ch.", "page", "pages",
    "p.", "pp.", "para", "para.", "paras", "paras.", "paragraph", "paragraphs", "figure", "figures",
    "fig.", "figs.", "table", "tables", "appendix", "annex", "annexe", "clause", "clauses",
    "schedule", "version", "versions", "ver.", "top", "room", "no.", "nos.", "number", "junction",
    "junctions", "module", "modules", "volume", "vol.", "footnote", "footnotes", "note", "notes",
    "exhibit", "box", "chart", "slide", "sdg", "sdgs", "regulation", "regulations", "reg.", "item",
    "items", "question", "questions", "episode", "season", "platform", "gate", "route", "flight",
    "channel", "radio", "python", "windows", "ios", "android", "macos", "java", "php", "ubuntu",
    "debian", "firefox", "chrome", "iphone", "ipad", "xbox", "playstation", "office", "web",
    "html", "wcag", "covid", "covid-", "call", "dial", "ring", "phone", "telephone", "tel",
    "tel.", "tel:", "text", "txt", "fax", "helpline", "hotline", "freephone", "#",
)
# ... and these only when capitalised: "Level 3", "Key Stage 2", "Year 6", "Goal 8", "Target 8.7".
CAPITALISED_REFERENCES = (
    "level", "stage", "key stage", "tier", "phase", "step", "part", "goal", "target", "resolution",
    "year", "grade", "band", "class", "unit", "ward", "bay", "block", "flat", "apartment", "suite",
    "building", "series", "book", "category", "type", "option", "form", "bill", "rule", "act",
)
# words that make a nearby 999, 111 or 85258 a phone number
CALL_WORDS = ("call", "dial", "ring", "phone", "telephone", "text", "txt", "helpline", "hotline", "freephone", "contact")
SERVICE_NUMBERS = {"999", "111", "112", "911", "101", "988", "116", "119", "105", "211", "311", "411", "811"}

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
)
# units of time: "2 in 10 days" is not a share
TIME_UNITS = ("seconds", "second", "minutes", "minute", "hours", "hour", "days", "day", "weeks", "week",
              "months", "month", "years", "year", "decades", "decade", "nights", "night")

# plural nouns without a final s, for "2021 children" (a count) and "Most people" (a share)
IRREGULAR_PLURALS = frozenset((
    "people", "children", "men", "women", "staff", "police", "youth", "personnel", "cattle",
    "sheep", "fish", "deer", "feet", "teeth", "mice", "geese", "data", "media", "criteria", "folk",
))
# words ending in s that are not plural nouns
NOT_PLURALS = frozenset((
    "is", "was", "has", "does", "this", "its", "thus", "plus", "less", "unless", "across", "always",
    "perhaps", "towards", "besides", "sometimes", "whereas", "nevertheless", "afterwards", "upwards",
    "downwards", "backwards", "nowadays", "various", "serious", "famous", "obvious", "us", "yes", "as",
))
# words allowed between "Most" and its plural noun: "Most young people", "most UK households"
MOST_ADJECTIVES = frozenset((
    "young", "older", "old", "other", "adult", "uk", "us", "british", "european", "american", "local",
    "online", "female", "male", "new", "small", "large", "major", "such",
))

# words around lone numbers: they decide whether "one", "half", "most" or "2021" is a figure.
# "one" before these is a pronoun or an idiom: "one of", "one day", "one another"
ONE_NOT_BEFORE = ("of", "another", "day", "time", "way", "thing", "hand", "or", "by", "after", "point", "who",
                  "that", "which", "is", "was", "should", "must", "can", "could", "would", "will", "might", "may",
                  "has", "had", "does", "did", "side", "more", "less", "such", "too", "as", "if", "than", "else")

# ... and a lone "one" before these is not a count either
ONE_NEXT_STOP = frozenset((*ONE_NOT_BEFORE, "and", "to", "last", "reason", "here", "there", "in", "at", "on",
                           "for", "with", "from", "moment", "go", "piece", "bit", "night", "morning"))
# "no one", "the one", "for one", "each one"
ONE_PREV_STOP = frozenset(("no", "the", "this", "that", "which", "each", "every", "any", "for", "at", "such", "one",
                           "another", "some", "a", "what", "someone", "everyone", "anyone", "like", "as"))
# "the first half", "and a half", "in half"
HALF_PREV_STOP = frozenset(("first", "second", "third", "fourth", "last", "latter", "former", "other", "the", "a",
                            "an", "this", "that", "each", "every", "next", "past", "in", "one", "and"))
# "half an hour", "half a day", "half time"
HALF_NEXT_STOP = frozenset(("hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
                            "century", "decade", "time", "term", "marathon", "way", "dozen", "an", "a", "price",
                            "hearted", "measures"))
# "the most common", "at most"
MOST_PREV_STOP = frozenset(("the", "at"))
# hedges that leave "around 2000" a year ("" is a tilde); the others ("nearly 2000") make it a count
WEAK_YEAR_QUALIFIERS = frozenset(("over", "under", "around", "about", "some", "circa", "c.", "ca.", "up to", "approx",
                                  "approx.", "", "below", "above"))
# words before a year: "in 2021 applications" stays a year although a plural follows
YEAR_CONTEXT = frozenset(("in", "since", "by", "from", "until", "till", "before", "after", "during", "of", "the",
                          "between", "to", "through", "throughout", "early", "late", "mid", "summer",
                          "spring", "autumn", "winter", "fiscal", "financial", "year", "s", "its", "their"))


def words_value(tokens: list[str]) -> tuple[float, int]:
    """Read the longest number at the start of ``tokens`` (lower-case words, "and" included).

    Returns the value and how many tokens it took; 0 tokens means no number
    (a lone "a" is not one). ``["forty", "two", "thousand", "five", "hundred"]``
    gives ``(42500, 5)``; ``["nine", "a"]`` gives ``(9, 1)``.
    """
    total = 0.0
    current = 0.0
    last_scale = float("inf")
    prev = ""  # what the last token was: a, unit, tens, hundred, scale, dozen, and
    used = 0
    for i, tok in enumerate(tokens):
        if tok in ("a", "an"):
            if i:
                break
            current, prev = 1.0, "a"
            continue
        if tok == "and":
            if prev not in ("hundred", "scale"):
                break
            prev = "and"
            continue
        if tok in UNITS:
            v = UNITS[tok]
            if prev == "tens" and 1 <= v <= 9:
                current += v
            elif prev in ("", "hundred", "scale", "and") and not (v == 0 and prev):
                current += v
            else:
                break
            prev = "unit"
        elif tok in TENS:
            if prev not in ("", "hundred", "scale", "and"):
                break
            current += TENS[tok]
            prev = "tens"
        elif tok == "hundred":
            if prev not in ("a", "unit", "tens") or not 1 <= current <= 99:
                break
            current *= 100
            prev = "hundred"
        elif tok in SCALES:
            scale = SCALES[tok]
            if prev not in ("a", "unit", "tens", "hundred") or current < 1 or scale >= last_scale:
                break
            total += current * scale
            current, last_scale, prev = 0.0, scale, "scale"
        elif tok == "dozen":
            if prev not in ("a", "unit"):
                break
            current *= 12
            prev = "dozen"
        else:
            break
        used = i + 1
    return total + current, used
