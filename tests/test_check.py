"""Checking drafts: binding figures to facts and judging them (PRODUCT.md §3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import ROOT, SHIPPED, source_text
from factlib.drafts.check import CheckOptions, CheckRun, fact_end_year
from factlib.drafts.documents import document_from_text
from factlib.library.load import load_library

SEEDS = ROOT / "tests" / "data" / "seeds"  # copies of ../shared/seeds, so a fresh clone tests the same text
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def shipped():
    return load_library(SHIPPED)


def check_text(library, text: str, fmt: str = "markdown", path: str = "draft.md", **options):
    doc = document_from_text(text, path=path, format=fmt)
    [(_, findings)] = CheckRun([doc], library, CheckOptions(today=TODAY, **options))
    return tuple(findings)


def codes_at(findings, line: int) -> set[str]:
    return {f.code for f in findings if f.line == line and not f.suppressed}


# -- the seeds against the library built from them ---------------------------------

def seed_texts():
    return sorted(SEEDS.glob("*.txt"))


def test_seeds_are_present():
    assert len(seed_texts()) == 5


@pytest.mark.parametrize("seed", seed_texts(), ids=lambda p: p.name[:3])
def test_a_seed_checked_against_its_library_has_no_contradiction(shipped, seed):
    findings = check_text(shipped, seed.read_text(encoding="utf-8"), "text", seed.name)
    assert [f for f in findings if f.code == "figure.contradicts"] == []


# Every catalogued seed figure (sources.md §2) is supported or carries its fact's status.
CATALOGUED = [
    ("000", "approximately 70%", "figure.known-error"),
    ("000", "42 police forces", "figure.supported"),
    ("000", "Almost half", "figure.supported"),
    ("000", "32%", "figure.supported"),
    ("000", "over a quarter", "figure.supported"),
    ("000", "74%", "figure.supported"),
    ("001", "over 4.5 billion", "figure.supported"),
    ("001", "3.8 million", "figure.known-error"),
    ("001", "Nearly 300 million", "figure.supported"),
    ("001", "60%", "figure.supported"),
    ("002", "11 to 15", "figure.supported"),
    ("002", "About 750,000", "fact.disputed"),
    ("002", "1 in 7", "figure.known-error"),
    ("002", "Most of these", "figure.supported"),
    ("003", "Fifty-one", "figure.supported"),
    ("003", "Five case files", "figure.supported"),
    ("003", "two different NGOs", "figure.supported"),
    ("003", "eight representatives", "figure.supported"),
    ("003", "Most participants", "figure.supported"),
    ("004", "(57%)", "figure.known-error"),
    ("004", "31 of 79", "figure.supported"),
    ("004", "half of the total trafficking victims", "figure.known-error"),
    ("004", "112 victims", "figure.supported"),
    ("004", "40 men", "figure.supported"),
    ("004", "6 undefined", "figure.supported"),
    ("004", "approximately 40%", "figure.supported"),
    ("004", "125% increase", "figure.supported"),
    ("004", "95% increase", "figure.supported"),
]


def _seed(prefix: str) -> Path:
    return next(p for p in seed_texts() if p.name.startswith(prefix))


def _find(text: str, phrase: str) -> tuple[int, int]:
    offset = text.index(phrase)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize("prefix, phrase, code", CATALOGUED, ids=lambda x: str(x)[:20])
def test_each_catalogued_seed_figure_is_supported_or_carries_its_status(shipped, prefix, phrase, code):
    seed = _seed(prefix)
    text = seed.read_text(encoding="utf-8")
    line, _ = _find(text, phrase)
    findings = check_text(shipped, text, "text", seed.name)
    assert code in codes_at(findings, line), [(f.code, f.text) for f in findings if f.line == line]


def test_the_unchanged_seeds_have_no_errors_but_their_five_known_errors(shipped):
    errors = []
    for seed in seed_texts():
        findings = check_text(shipped, seed.read_text(encoding="utf-8"), "text", seed.name)
        errors += [(seed.name[:3], f.code, f.text) for f in findings if f.level.value == "error"]
    assert sorted(errors) == [
        ("000", "figure.known-error", "increased by approximately 70%"),
        ("001", "figure.known-error", "3.8 million"),
        ("002", "figure.known-error", "1 in 7"),
        ("004", "figure.known-error", "57%"),
        ("004", "figure.known-error", "half"),
    ]


def test_the_unchanged_seeds_have_no_unsourced_figure(shipped):
    # every statistic of the seeds is in the library; the rest ("How the Two Connect", "the big four",
    # "1 Comment", page numbers in the references) are not statistics (figures/claims.py)
    unsourced = []
    for seed in seed_texts():
        findings = check_text(shipped, seed.read_text(encoding="utf-8"), "text", seed.name)
        unsourced += [(seed.name[:3], f.line, f.text) for f in findings if f.code == "figure.unsourced"]
    assert unsourced == []


# -- known errors: a disputed fact that names its correction ---------------------------

KNOWN_ERRORS = {
    "digital-survey.toml": """\
        [source]
        id = "digital-survey"
        title = "Messaging around the world"
        publisher = "Digital Survey Ltd"
        url = "https://example.org/digital-survey"
        published = "2024"
        accessed = 2026-11-01
        kind = "report"

        [[facts]]
        id = "messaging-users-billions"
        statement = "4.2 billion people used messaging apps worldwide in 2024."
        quote = "Worldwide, 4.2 billion people use messaging apps."
        figures = [{ text = "4.2 billion", kind = "count", value = 4200000000 }]
        measure = "global-messaging-app-users"
        scope = "World"
        period = "2024"
        status = "vetted"
        keywords = ["messaging", "apps", "users"]
        """,
    "tech-blog.toml": """\
        [source]
        id = "tech-blog"
        title = "Apps everywhere"
        publisher = "A Tech Blog"
        url = "https://example.org/tech-blog"
        published = "2024"
        accessed = 2026-11-01
        kind = "blog"
        cites = ["digital-survey"]

        [[facts]]
        id = "blog-messaging-users-millions"
        statement = "The blog says 4.2 million people use messaging apps."
        quote = "Worldwide, some 4.2 million people now use messaging apps."
        figures = [{ text = "some 4.2 million", kind = "count", value = 4200000, qualifier = "approx" }]
        measure = "global-messaging-app-users"
        scope = "World"
        period = "2024"
        status = "disputed"
        corrected_by = "messaging-users-billions"
        keywords = ["messaging", "apps", "users"]
        note = "Unit error: the survey says billion."
        """,
}


@pytest.fixture
def known_errors(write_library):
    return load_library(write_library(KNOWN_ERRORS))


def test_repeating_a_corrected_fact_is_a_known_error_with_the_correction(known_errors):
    findings = check_text(known_errors, "Worldwide, some 4.2 million people now use messaging apps.\n")
    (f,) = [f for f in findings if f.level.value == "error"]
    assert f.code == "figure.known-error" and f.fact_id == "blog-messaging-users-millions"
    assert '"some 4.2 million" repeats a known error' in f.message
    assert 'write "4.2 billion" as messaging-users-billions does' in f.message and "Unit error" in f.message
    assert f.suggestion.startswith('"some 4.2 million" \u2192 "4.2 billion": 4.2 billion people used messaging apps')
    assert f.expected == "4.2 billion" and f.fact_value == 4_200_000_000


def test_the_corrected_figure_is_supported_and_an_explicit_reference_to_the_error_is_an_error_too(known_errors):
    right = check_text(known_errors, "Worldwide, 4.2 billion people now use messaging apps.\n")
    assert [(f.code, f.fact_id) for f in right] == [("figure.supported", "messaging-users-billions")]
    for text, fmt in (("Use [some 4.2 million](fact:blog-messaging-users-millions) users.\n", "markdown"),
                      ('<p>Use <span data-fact="blog-messaging-users-millions">4.2 million</span> users.</p>', "html"),
                      ("We cite it [fact:blog-messaging-users-millions].\n", "text")):
        assert {f.code for f in check_text(known_errors, text, fmt)} == {"figure.known-error"}, text
    (bare,) = check_text(known_errors, "We cite it [fact:blog-messaging-users-millions].\n", "text")
    assert bare.message.startswith("the reference uses a known error (disputed fact blog-messaging-users-millions)")
    assert "use messaging-users-billions instead" in bare.message


def test_without_corrected_by_a_disputed_fact_only_warns(write_library):
    files = dict(KNOWN_ERRORS)
    files["tech-blog.toml"] = files["tech-blog.toml"].replace('corrected_by = "messaging-users-billions"\n', "")
    library = load_library(write_library(files))
    findings = check_text(library, "Worldwide, some 4.2 million people now use messaging apps.\n")
    assert [(f.code, f.level.value) for f in findings] == [("fact.disputed", "warning")]


def test_a_known_error_with_the_right_number_says_what_is_wrong(shipped):
    findings = check_text(shipped, "In the US, 1 in 7 missing children was a likely victim of sex trafficking, NCMEC found.\n")
    (f,) = [f for f in findings if f.code == "figure.known-error"]
    assert "the number is right but not what it is said to measure" in f.message
    assert "slk-ncmec-2017-one-in-seven-runaways" in f.message and "runaways" in f.suggestion


# -- explicit references and the hints that suggest them ---------------------------------

HINTS = {
    "markdown": ("[4,100](fact:ID)", "<!-- factlib: ignore figure.unsourced --> on the line before"),
    "html": ('<span data-fact="ID">4,100</span>', "<!-- factlib: ignore figure.unsourced --> on the line before"),
    "text": ("[fact:ID] right after it", 'a line "factlib: ignore figure.unsourced" before it'),
}


@pytest.mark.parametrize("fmt", HINTS)
def test_the_unsourced_hint_suggests_the_reference_form_that_suits_the_file(small_library, fmt):
    library = load_library(small_library)
    text = "The tenants' helpline took 4,100 calls.\n"
    if fmt == "html":
        text = f"<p>{text}</p>"
    (f,) = check_text(library, text, fmt)
    bind, ignore = HINTS[fmt]
    assert f.code == "figure.unsourced" and f"bind it with {bind}, or suppress with {ignore}" in f.message
    assert "[figure](fact:ID)" not in f.message


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_the_contradiction_hint_suggests_the_form_that_suits_the_file(small_library, fmt):
    library = load_library(small_library)
    text = "Online grooming crimes rose by about 90% in the three years to 2020/21.\n"
    (f,) = [f for f in check_text(library, f"<p>{text}</p>" if fmt == "html" else text, fmt)
            if f.code == "figure.contradicts"]
    want = {"markdown": "[rose by about 90%](fact:ID)", "html": '<span data-fact="ID">rose by about 90%</span>',
            "text": "[fact:ID] right after it"}[fmt]
    assert f.message.endswith(f"with {want}")


@pytest.mark.parametrize("line", [
    "Crimes grew by [about 70%](fact:grooming-rise), the charity said.",
    'Crimes grew by <span data-fact="grooming-rise">about 70%</span>, the charity said.',
    'Crimes grew by <a href="fact:grooming-rise">about 70%</a>, the charity said.',
    "Crimes grew by about 70% [fact:grooming-rise], the charity said.",
])
@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_every_reference_form_binds_in_markdown_and_text(small_library, line, fmt):
    library = load_library(small_library)
    findings = check_text(library, line + "\n", fmt)
    assert [(f.code, f.fact_id, f.text) for f in findings] == [("figure.supported", "grooming-rise", "grew by about 70%")]
    wrong = check_text(library, line.replace("70%", "95%") + "\n", fmt)
    assert [(f.code, f.fact_id) for f in wrong] == [("figure.contradicts", "grooming-rise")]


# Change any one figure in a seed and the changed line gets figure.contradicts.
EDITS = [
    ("000", "approximately 70%", "approximately 90%"),
    ("000", "32%", "52%"),
    ("000", "Almost half", "Almost a third"),
    ("000", "over a quarter", "over two-thirds"),
    ("000", "in 74%", "in 64%"),
    ("000", "42 police forces", "43 police forces"),
    ("001", "over 4.5 billion", "over 6.5 billion"),
    ("001", "3.8 million", "2.8 million"),
    ("001", "Nearly 300 million", "Nearly 500 million"),
    ("001", "already 60%", "already 80%"),
    ("002", "aged 11 to 15", "aged 8 to 12"),
    ("002", "About 750,000", "About 950,000"),
    ("002", "1 in 7", "one in three"),
    ("003", "Fifty-one participants", "Sixty-one participants"),
    ("003", "Five case files", "Nine case files"),
    ("003", "two different NGOs", "four different NGOs"),
    ("003", "eight representatives", "twelve representatives"),
    ("004", "(57%)", "(67%)"),
    ("004", "31 of 79", "41 of 79"),
    ("004", "40 men", "45 men"),
    ("004", "approximately 40%", "approximately two-thirds"),
    ("004", "125% increase", "225% increase"),
    ("004", "95% increase", "75% increase"),
]


@pytest.mark.parametrize("prefix, before, after", EDITS, ids=lambda x: str(x)[:20])
def test_changing_a_seed_figure_is_a_contradiction_on_that_line(shipped, prefix, before, after):
    seed = _seed(prefix)
    text = seed.read_text(encoding="utf-8")
    assert before in text
    changed = text.replace(before, after, 1)
    line, _ = _find(changed, after)
    findings = check_text(shipped, changed, "text", seed.name)
    assert "figure.contradicts" in codes_at(findings, line), [(f.code, f.text, f.fact_id) for f in findings if f.line == line]
    assert not [f for f in findings if f.code == "figure.contradicts" and f.line != line]


# -- judging --------------------------------------------------------------------------


@pytest.fixture
def lib(write_library):
    return load_library(write_library({"nspcc-2021.toml": source_text(facts=[
        {"id": "grooming-rise"},
        {"id": "grooming-rise-old", "status": "retracted", "measure": "old-measure", "note": "Withdrawn by the charity."},
    ])}))


PROSE = "Online grooming crimes recorded by police in England and Wales rose by {} between 2017/18 and 2020/21."


@pytest.mark.parametrize("figure", ["80%", "90 per cent", "more than three quarters"])
def test_a_different_value_for_the_measure_contradicts(lib, figure):
    (f,) = [f for f in check_text(lib, PROSE.format(figure)) if f.code == "figure.contradicts"]
    assert f.fact_id == "grooming-rise" and f.expected == "increased by around 70 per cent" and f.fact_value == 70
    assert f.line == 1 and f.column == PROSE.index("rose by") + 1 and f.text == f"rose by {figure}"
    assert "grooming-rise" in f.message and f.suggestion.startswith("Online grooming crimes")


SHARE = "About 70% of online grooming offences recorded by police in England and Wales used social media."


def _share_library(write_library, fact_id: str, quote: str, figure: str):
    """A library of one share fact: the default fact with this quote and figure (inline TOML)."""
    text = source_text(facts=[{"id": fact_id}]).replace(
        "The number of online grooming crimes increased by around 70 per cent in the past three years.", quote).replace(
        '{ text = "increased by around 70 per cent", kind = "change", value = 70, qualifier = "approx" }', figure)
    return load_library(write_library({"nspcc-2021.toml": text}))


@pytest.fixture
def share_lib(write_library):
    return _share_library(write_library, "grooming-social-share", SHARE,
                          '{ text = "About 70%", kind = "share", value = 70, qualifier = "approx" }')


@pytest.mark.parametrize("figure", ["80%", "Four in five", "More than three quarters", "Half"])
def test_any_wording_of_a_different_share_contradicts(share_lib, figure):
    findings = check_text(share_lib, SHARE.replace("About 70%", figure))
    assert [(f.code, f.text) for f in findings] == [("figure.contradicts", figure)]


@pytest.mark.parametrize("figure", ["70%", "69%", "about 70%", "Seventy per cent", "69.1%", "Roughly 72%"])
def test_agreeing_values_are_supported_with_a_citation(share_lib, figure):
    findings = check_text(share_lib, SHARE.replace("About 70%", figure))
    supported = [f for f in findings if f.code == "figure.supported"]
    assert len(supported) == 1 and "cite: [NSPCC, 2021](https://example.org/news/nspcc-2021#:~:text=" in supported[0].message


def test_unrelated_figures_are_unsourced_never_contradictions(lib):
    findings = check_text(lib, "The museum welcomed 80% more visitors to its summer garden exhibition.")
    assert [f.code for f in findings] == ["figure.unsourced"]


def test_years_are_never_reported(lib):
    assert check_text(lib, "In 2021 the charity moved to a new office.") == ()


def test_explicit_references(lib):
    text = ("Grooming crimes rose by [80%](fact:grooming-rise).\n"
            "A rise of 70% [fact:grooming-rise] was reported.\n"
            "Some say [70%](fact:no-such-fact).\n"
            "An old figure of [70%](fact:grooming-rise-old).\n")
    findings = check_text(lib, text)
    assert codes_at(findings, 1) == {"figure.contradicts"}
    assert codes_at(findings, 2) == {"figure.supported", "figure.inconsistent"}  # line 1 said 80%
    assert codes_at(findings, 3) == {"fact.unknown"}
    assert codes_at(findings, 4) == {"fact.retracted"}


def test_unknown_reference_suggests_the_close_id(lib):
    (f,) = check_text(lib, "It rose by [70%](fact:grooming-rse).")
    assert f.code == "fact.unknown" and "did you mean grooming-rise" in f.message


def test_html_data_fact_binds(lib):
    html = '<html><body>\n<p>Crimes rose by <span data-fact="grooming-rise">85%</span>.</p>\n</body></html>\n'
    (f,) = check_text(lib, html, "html", "page.html")
    assert (f.code, f.line, f.fact_id) == ("figure.contradicts", 2, "grooming-rise")


def test_disputed_and_superseded_facts(write_library):
    library = load_library(write_library({"nspcc-2021.toml": source_text(facts=[
        {"id": "old-rise", "status": "superseded", "note": "Newer release."},
        {"id": "new-rise", "measure": "grooming-change-2022"},
    ]).replace('status = "superseded"', 'status = "superseded"\nsuperseded_by = "new-rise"')}))
    findings = check_text(library, "Online grooming crimes increased by around 70 per cent [fact:old-rise].")
    (f,) = findings
    assert f.code == "fact.superseded" and "use new-rise instead" in f.message


def test_stale_facts_warn(lib):
    findings = check_text(lib, PROSE.format("70%"), stale_years=3)
    assert {"figure.supported", "fact.stale"} == {f.code for f in findings}
    (stale,) = [f for f in findings if f.code == "fact.stale"]
    assert "2021" in stale.message


def test_one_measure_given_two_values_is_inconsistent(lib):
    text = PROSE.format("70%") + "\n\n" + PROSE.format("90%") + "\n"
    findings = check_text(lib, text)
    (f,) = [f for f in findings if f.code == "figure.inconsistent"]
    assert f.line == 3 and "draft.md:1" in f.message


def test_inline_suppression_marks_but_keeps_findings(lib):
    text = "<!-- factlib: ignore figure.contradicts -->\n" + PROSE.format("80%") + "\n"
    findings = check_text(lib, text)
    (f,) = [f for f in findings if f.code == "figure.contradicts"]
    assert f.suppressed and f.line == 2


def test_changed_lines_filter(lib):
    text = PROSE.format("80%") + "\n" + PROSE.format("90%") + "\n"
    findings = check_text(lib, text, changed_lines=lambda path: {2})
    assert {f.line for f in findings} == {2}


def test_fact_end_year():
    from factlib.model import PartialDate
    from types import SimpleNamespace as NS

    source = NS(published=PartialDate(2023))
    assert fact_end_year(NS(period="2017/18 to 2020/21"), source) == 2021
    assert fact_end_year(NS(period="January 2020"), source) == 2020
    assert fact_end_year(NS(period="not stated"), source) == 2023


# -- realistic campaign sentences against the shipped library ---------------------------------

SENTENCES = [
    ("Online grooming crimes recorded by police in England and Wales rose by 80% in three years.", {"figure.contradicts"}),
    ("Online grooming crimes recorded by police in England and Wales rose by about 70% in the three years to 2020/21.", {"figure.supported"}),
    ("Police recorded 5,441 online grooming offences in 2020/21.", {"figure.supported"}),
    ("Police recorded 4,441 online grooming offences in 2020/21.", {"figure.contradicts"}),
    ("Instagram was used in 32% of online grooming offences where the platform was known.", {"figure.supported"}),
    ("Instagram was used in 40% of online grooming offences where the platform was known.", {"figure.contradicts"}),
    ("Snapchat was used in almost half of grooming offences.", {"figure.contradicts"}),
    ("Four in five grooming crimes happened on Facebook-owned apps.", {"figure.contradicts"}),
    ("One in seven missing children reported to NCMEC were likely sex trafficking victims.", {"figure.known-error"}),
    ("There are 3.8 billion social media users worldwide.", {"figure.supported"}),
    ("There are 3.8 million social media users worldwide.", {"figure.known-error"}),
    ("About 750,000 predators are online at any given moment.", {"fact.disputed"}),
    ("Children targeted by online grooming are mostly aged 13 to 17.", {"figure.contradicts"}),
    ("57% of victims in new federal trafficking cases in 2021 were minors.", {"figure.supported"}),
    ("57% of all trafficking cases in 2021 involved children.", {"figure.known-error"}),
    ("Sex trafficking accounted for 92% of federal trafficking cases in 2021, forced labour for 8%.", {"figure.supported"}),
    ("Almost 300 million people came online for the first time over the past 12 months.", {"figure.supported"}),
    ("Some 255 million people came online for the first time in 2019.", {"figure.contradicts"}),
    ("More than 5.3 billion people use the internet.", {"figure.contradicts"}),
    ("Our charity helped 120 children last year and raised £1.2m.", {"figure.unsourced"}),
    ("Snapchat was used in 33% of offences.", {"figure.supported"}),  # the 2022 release, another scope
    ("One in seven endangered runaways reported to NCMEC in 2017 were likely sex trafficking victims.",
     {"figure.supported"}),  # 2017, not the 2013 testimony whose words are closer
]


@pytest.mark.parametrize("sentence, expected", SENTENCES, ids=lambda x: x[:40] if isinstance(x, str) else "")
def test_realistic_sentences(shipped, sentence, expected):
    findings = check_text(shipped, sentence + "\n")
    codes = {f.code for f in findings} - {"fact.stale"}
    assert codes == expected, [(f.code, f.text, f.fact_id) for f in findings]


def test_one_wrong_part_of_a_whole_is_caught(shipped):
    findings = check_text(shipped, "The 112 victims were 40 men, 32 girls, 40 women, 11 boys and 6 undefined.\n")
    wrong = [(f.text, f.expected) for f in findings if f.code == "figure.contradicts"]
    assert wrong == [("40", "23")]
    assert sum(f.code == "figure.supported" for f in findings) == 5


def test_every_catalogued_seed_figure_changed_is_caught(shipped):
    """Mutate each catalogued seed figure in turn (digits scaled, words swapped): each edit is caught."""
    import re as _re

    missed = []
    for prefix, phrase, _ in CATALOGUED:
        seed = _seed(prefix)
        text = seed.read_text(encoding="utf-8")
        m = None if phrase == "11 to 15" else _re.search(r"\d[\d,]*(?:\.\d+)?", phrase)
        if m:
            number = float(m.group().replace(",", ""))
            new = phrase.replace(m.group(), f"{number * 1.6:,.0f}" if number >= 10 else f"{number + 3:g}")
        else:
            swaps = {"Almost half": "Almost a fifth", "over a quarter": "over two-thirds", "Fifty-one": "Ninety-one",
                     "Five case files": "Nine case files", "two different NGOs": "six different NGOs",
                     "eight representatives": "twenty representatives", "Most of these": "A tenth of these",
                     "Most participants": "A tenth of participants", "11 to 15": "13 to 19", "half of the total trafficking victims":
                     "a tenth of the total trafficking victims", "Nearly 300 million": "Nearly 900 million"}
            new = swaps[phrase]
        changed = text.replace(phrase, new, 1)
        line, _ = _find(changed, new)
        if "figure.contradicts" not in codes_at(check_text(shipped, changed, "text", seed.name), line):
            missed.append((prefix, phrase, new))
    assert missed == [], missed


def test_an_overlong_sentence_is_bound_in_a_window_around_each_figure(shipped, monkeypatch):
    # a draft of one 100 kB "sentence" made binding quadratic (5,000 figures: 85 s); each figure now sees
    # at most MAX_SENTENCE characters around it, and binds as in a sentence of its own
    from factlib.drafts import binding, check

    seen: list[int] = []
    real = binding.Matcher.bind

    def bind(self, sentence, *args, **kwargs):
        seen.append(len(sentence.text))
        return real(self, sentence, *args, **kwargs)

    monkeypatch.setattr(binding.Matcher, "bind", bind)
    one = "Instagram was used in 32% of online grooming offences where the platform was known"
    findings = check_text(shipped, ", and ".join([one] * 60) + ".")
    assert max(seen) <= check.MAX_SENTENCE and len(seen) == 60
    assert [f.code for f in findings].count("figure.supported") == 60


# -- the cite round trip ---------------------------------------------------------------
# Whatever `factlib cite` prints for a vetted fact, pasted into a draft of any format, checks
# with no error, and as figure.supported for that fact (or one of its measure, scope and period)
# when the fact has a figure to check.

def _vetted(library_path):
    from factlib.model import Status

    return [fact.id for fact, _ in load_library(library_path).facts() if fact.status == Status.VETTED]


@pytest.fixture(scope="module")
def shipped_matcher(shipped):
    from factlib.drafts.binding import Matcher

    return Matcher(shipped)


ROUND_TRIP_FORMATS = {"markdown": "draft.md", "html": "draft.html", "text": "draft.txt"}


@pytest.mark.parametrize("fact_id", _vetted(SHIPPED))
@pytest.mark.parametrize("style", ["markdown", "html", "text"])
def test_a_pasted_citation_checks_as_supported_in_every_format(shipped, shipped_matcher, fact_id, style):
    from factlib.drafts.check import check_document
    from factlib.library.cite import cite

    fact, source = shipped.fact(fact_id)
    same = {f.id for f, _ in shipped.facts() if f.measure_key() == fact.measure_key()}
    pasted = cite(fact, source, style)
    for fmt, path in ROUND_TRIP_FORMATS.items():
        doc = document_from_text(pasted + "\n", path=path, format=fmt)
        findings = check_document(doc, shipped_matcher, CheckOptions(today=TODAY))[0]
        assert [(f.code, f.text, f.fact_id) for f in findings if f.level.value == "error"] == [], (fmt, pasted)
        if fact.headline_figures():
            assert any(f.code == "figure.supported" and f.fact_id in same for f in findings), (fmt, pasted)


# -- binding by measure, scope and period (our own sentences) ------------------------------
# A sentence that names another place, platform, population, organisation or period than the
# fact is about something else: no contradiction, no support, at most figure.unsourced.

ABOUT_SOMETHING_ELSE = [
    # another period
    "Online grooming crimes recorded by police in England and Wales rose by around 60% between 2018/19 and 2021/22.",
    "Police in England and Wales recorded 7,100 Sexual Communication with a Child offences in 2023/24.",
    "Grooming offences recorded by police went up by 90% in two years.",
    "Online grooming crimes had an annual increase of 12% in England and Wales.",
    # another place
    "In Scotland, police recorded 700 Sexual Communication with a Child offences in 2020/21.",
    "Online grooming crimes recorded by police in Northern Ireland rose by 140% between 2017/18 and 2020/21.",
    "Greater Manchester Police recorded 480 online grooming offences in 2020/21.",
    # another platform
    "Facebook and Messenger were used in 12% of online grooming offences where the platform was known.",
    "Recruitment of trafficking victims on TikTok rose by 125% from 2019 to 2020.",
    # another population
    "Girls were the victims in 80% of online grooming offences where the gender was known.",
    # another organisation the figure is scoped by
    "Sex trafficking made up 92% of the cases reported to the National Human Trafficking Hotline in 2021.",
    # another count
    "Police forces opened 5,500 investigations into online grooming in 2020/21.",
]


@pytest.mark.parametrize("sentence", ABOUT_SOMETHING_ELSE, ids=lambda s: s[:50])
def test_a_sentence_about_something_else_is_neither_contradicted_nor_supported(shipped, sentence):
    findings = check_text(shipped, sentence + "\n")
    codes = {f.code for f in findings}
    assert not codes & {"figure.contradicts", "figure.supported"}, [(f.code, f.text, f.fact_id) for f in findings]


def test_unsourced_names_the_nearest_fact_and_what_differs(shipped):
    findings = check_text(shipped, "Police in England and Wales recorded 6,300 online grooming offences in 2023/24.\n")
    (f,) = [f for f in findings if f.code == "figure.unsourced"]
    assert "nearest: " in f.message and "this sentence says 2023/24" in f.message, f.message


SAME_MEASURE_RESTATED = [
    ("Online grooming crimes recorded by police in England and Wales rose by about 70% between 2017/18 and 2020/21.",
     "figure.supported"),
    ("Police in England and Wales recorded 5,441 online grooming offences in the year to March 2021.", "figure.supported"),
    ("In 2022/23, 6,350 online grooming offences were recorded by UK police forces.", "figure.supported"),
    ("In 2022/23, 7,350 online grooming offences were recorded by UK police forces.", "figure.contradicts"),
    ("Online grooming crimes rose by more than 80% in four years across the UK.", "figure.supported"),
    ("Instagram was used in 32% of online grooming offences where the platform was known in 2020/21.",
     "figure.supported"),
]


@pytest.mark.parametrize("sentence, code", SAME_MEASURE_RESTATED, ids=lambda s: s[:50])
def test_a_sentence_of_the_facts_measure_scope_and_period_binds(shipped, sentence, code):
    findings = check_text(shipped, sentence + "\n")
    assert code in {f.code for f in findings}, [(f.code, f.text, f.fact_id) for f in findings]


def test_an_opening_place_sets_aside_other_places_facts_but_not_their_exact_numbers(shipped):
    page = ("Online grooming in Northern Ireland\n\n"
            "Police recorded 210 online grooming offences in 2020/21.\n\n"
            "Police in England and Wales recorded 5,441 online grooming offences in 2020/21.\n\n"
            "Nationally, police recorded 5,441 online grooming offences in 2020/21.\n")
    findings = check_text(shipped, page, "text", "page.txt")
    assert {f.code for f in findings if f.line == 3} == {"figure.unsourced"}  # 210 is Northern Ireland's
    assert "figure.supported" in codes_at(findings, 5) and "figure.supported" in codes_at(findings, 7)


# -- a contradiction needs a tie: a figure bound by its words alone names something the fact is about --

@pytest.mark.parametrize("sentence, expected", [
    ("Grooming offences were up 40%.", "figure.unsourced"),  # no period, place, platform, population: no tie
    ("Online grooming offences rose by 40% between 2017/18 and 2020/21.", "figure.contradicts"),  # its period
    ("Snapchat was used in 40% of grooming offences.", "figure.contradicts"),  # its platform
    ("Police recorded 7,000 online grooming offences in 2020/21.", "figure.contradicts"),  # its period
])
def test_a_contradiction_needs_something_that_ties_the_figure_to_the_fact(shipped, sentence, expected):
    findings = [f for f in check_text(shipped, sentence + "\n", "text", "d.txt") if f.code != "fact.stale"]
    assert [f.code for f in findings] == [expected], [(f.code, f.text, f.fact_id) for f in findings]


def test_an_untied_figure_names_its_nearest_fact_and_says_nothing_ties_it(shipped):
    (f,) = [f for f in check_text(shipped, "Grooming offences were up 40%.\n", "text", "d.txt")]
    assert f.code == "figure.unsourced" and f.level.value == "warning"
    assert "(nearest: " in f.message and "this sentence says nothing that ties it to this fact" in f.message


@pytest.mark.parametrize("sentence, expected", [
    ("More than half of the world uses video calls.", []),  # names nothing the internet facts count
    ("More than half of the world uses the internet.", ["figure.supported"]),
    ("Nearly 60% of people worldwide are online.", ["figure.supported"]),  # a keyword of the measure
])
def test_a_sentence_binds_only_when_it_names_what_the_measure_counts(shipped, sentence, expected):
    findings = [f for f in check_text(shipped, sentence + "\n", "text", "d.txt") if f.code != "fact.stale"]
    assert [f.code for f in findings if f.code != "figure.unsourced"] == expected


def test_a_precise_count_competes_with_the_facts_that_give_that_very_number(shipped, monkeypatch):
    # with no room on the words' shortlist, only the facts giving that exact number are weighed
    from factlib.drafts import binding

    monkeypatch.setattr(binding, "SHORTLIST", 0)
    findings = check_text(shipped, "Police recorded 5,441 online grooming offences in 2020/21.\n", "text", "d.txt")
    assert [(f.code, f.fact_id) for f in findings if f.code != "fact.stale"] == [
        ("figure.supported", "cypnow-online-grooming-offences-2020-21")]
    vague = check_text(shipped, "Police recorded about 5,000 online grooming offences in 2020/21.\n", "text", "d.txt")
    assert [f.code for f in vague if f.code != "fact.stale"] == ["figure.unsourced"]


# -- what a sentence must name to bind (docs/checking.md, "Binding by sentence") ---------------------------

MOST = "Most online grooming offences recorded by police in England and Wales used social media."


@pytest.fixture
def most_lib(write_library):
    return _share_library(write_library, "grooming-social-most", MOST,
                          '{ text = "Most online grooming offences", kind = "share", value = 50, qualifier = "over" }')


@pytest.mark.parametrize("figure", ["72%", "More than 90%", "Two thirds"])
def test_a_fact_that_says_only_most_sources_no_precise_share(most_lib, figure):
    findings = check_text(most_lib, MOST.replace("Most", figure))
    assert [f.code for f in findings] == ["figure.unsourced"]


def test_the_unsourced_precise_share_names_the_fact_that_says_most(most_lib):
    (f,) = check_text(most_lib, MOST.replace("Most", "72%"))
    assert "grooming-social-most" in f.message and '"Most online grooming offences"' in f.message


def test_a_count_of_a_broader_kind_of_offence_does_not_bind(shipped):
    findings = check_text(shipped, "In 2022/23, 12,000 sexual offences against children were recorded by police across the UK.")
    assert not [f for f in findings if f.code in ("figure.contradicts", "figure.supported")]
    same = check_text(shipped, "In 2022/23, 6,350 Sexual Communication with a Child offences were recorded by UK police.")
    assert [(f.code, f.fact_id) for f in same if f.code == "figure.supported"] == [
        ("figure.supported", "nspcc-2023-online-grooming-offences-2022-23")]
    grooming = check_text(shipped, "In 2022/23, 12,000 online grooming offences were recorded by UK police.")
    assert [f.code for f in grooming if f.code == "figure.contradicts"] == ["figure.contradicts"]


LAST_YEAR = "{}, 92% of the new criminal human trafficking cases in federal courts were sex trafficking cases."


def test_last_year_with_no_year_named_supports_no_fact_of_a_given_year(shipped):
    (f,) = check_text(shipped, LAST_YEAR.format("Last year"))
    assert f.code == "figure.unsourced" and "foxnews-hti-2021-sex-trafficking-cases-92pc" in f.message
    assert '"Last year", with no year named' in f.message
    named = check_text(shipped, LAST_YEAR.format("In 2021"))
    assert [(f.code, f.fact_id) for f in named] == [("figure.supported", "foxnews-hti-2021-sex-trafficking-cases-92pc")]
    dated = check_text(shipped, "# Trafficking cases in 2021\n\n" + LAST_YEAR.format("Last year"))
    assert [f.code for f in dated if f.code == "figure.supported"] == ["figure.supported"]


def test_naming_who_counted_does_not_name_what_was_counted(shipped):
    # "DataReportal" publishes both the internet and the social media users: it names neither measure
    from factlib.drafts.sentences import match_terms, names_measure

    [social] = [f for f, _ in shipped.facts() if f.id == "tnw-digital-2020-social-media-users"]
    assert not names_measure(match_terms("DataReportal analysis indicates that 4.57 billion people use the internet"), social)
    assert names_measure(match_terms("4.57 billion people use social media"), social)



def test_last_year_against_a_fact_with_no_period_is_no_crash(shipped):
    # "last year" was weighed against the period of a fact that states none (an internal error, exit 3)
    text = ("In 2047, nearly 25,000 runaways reported to NCMEC and nearly 3,600 were likely victims of sex trafficking.\n\n"
            "Last year, 59 percent of victims in active cases who.\n")
    findings = check_text(shipped, text)
    assert [f.code for f in findings if f.text == "59 percent"] == ["figure.unsourced"]
