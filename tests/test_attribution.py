"""Who a sentence credits a figure to (drafts/attribution.py), and figure.misattributed in a check."""

from __future__ import annotations

import pytest

from conftest import SHIPPED
from factlib.drafts.attribution import Provenance, acronym_of, credited
from factlib.library.load import load_library

PUBLISHERS = frozenset({"polaris", "saving lost kids"})


@pytest.mark.parametrize("sentence, names", [
    ("According to the NSPCC, 41% of calls came at night.", ["NSPCC"]),
    ("according to Polaris data, reports rose 20%.", ["Polaris"]),
    ("The Tenants Advice Bureau said 300 families were evicted.", ["Tenants Advice Bureau"]),
    ("The Tenants Advice Bureau's annual survey shows 30% of renters moved.", ["Tenants Advice Bureau"]),
    ("Data from the Office for National Statistics show 5,100 offences.", ["Office for National Statistics"]),
    ("A report by the Rivers Trust found 12 spills a day.", ["Rivers Trust"]),
    ("Last year the National Rail Safety Council (NRSC) found that 1 in 9 crossings were unsafe.",
     ["National Rail Safety Council"]),
    ("the London-based Coastal Research Institute said 40 beaches closed.", ["Coastal Research Institute"]),
    ("Saving Lost Kids reported 1 in 7.", ["Saving Lost Kids"]),
    ("According to the NSPCC and the Home Office, 20% rose.", ["NSPCC", "Home Office"]),
    ("According to the United Nations Office on Drugs and Crime, 50% moved.",
     ["United Nations Office on Drugs and Crime"]),
])
def test_explicit_credit_to_a_recognisable_organisation(sentence, names):
    assert credited(sentence, PUBLISHERS) == names


@pytest.mark.parametrize("sentence", [
    "Navarro said 70% of them were girls.",                  # a person
    "Dr Jane Okafor found that 40% had moved.",               # a person, two words without an organisation word
    "According to UK police, 42 forces replied.",             # a place
    "Researchers found 40% of posts were ads.",               # vague credit
    "The charity said 70% of calls were about debt.",
    "Reports rose 20% in Leeds last year.",                   # no credit at all
    "According to the Annual Review 2021 report, 40% moved.",  # not recognisably an organisation
])
def test_no_credit_is_read_where_an_editor_would_not_see_one(sentence):
    assert credited(sentence, PUBLISHERS) == []


def test_acronyms_of_names():
    assert acronym_of("Human Trafficking Institute") == "HTI"
    assert acronym_of("National Society for the Prevention of Cruelty to Children") == "NSPCC"
    assert acronym_of("United Nations Office on Drugs and Crime") == "UNODC"


def test_provenance_names_an_organisation_in_full_by_acronym_or_by_its_distinctive_words():
    p = Provenance("Of victims in 2021, 57% were minors, according to the Human Trafficking Institute.\nFox News")
    assert p.names("Human Trafficking Institute") and p.names("HTI") and p.names("Fox News")
    assert p.names("the Human Trafficking Institute") and p.names("Fox")
    assert not p.names("NSPCC") and not p.names("Polaris Project")
    topic = Provenance("Online Grooming and Human Trafficking in the UK\nPolaris Project\nonline grooming crimes")
    assert not topic.names("Human Trafficking Institute")  # the words of a topic are not the organisation
    assert topic.names("Polaris") and not topic.names("Grooming Institute")
    q = Provenance("UNODC\nGlobal report")
    assert q.names("United Nations Office on Drugs and Crime") and q.names("UNODC")


# -- figure.misattributed in a check against the shipped library -------------------------------

@pytest.fixture(scope="module")
def shipped():
    return load_library(SHIPPED)


def run(library, text: str, fmt: str = "markdown"):
    from factlib.drafts.check import CheckOptions, CheckRun
    from factlib.drafts.documents import document_from_text
    import datetime as dt

    doc = document_from_text(text, path="draft.md", format=fmt)
    [(_, findings)] = CheckRun([doc], library, CheckOptions(today=dt.date(2026, 11, 25)))
    return tuple(findings)


FIGURE = "41% of all recruitment of victims in active federal sex trafficking cases in 2020 happened online"


def test_crediting_a_figure_to_the_wrong_organisation_is_a_warning(shipped):
    findings = run(shipped, f"According to the NSPCC, {FIGURE}.\n")
    (f,) = [f for f in findings if f.code == "figure.misattributed"]
    assert f.level.value == "warning" and f.text == "41%" and f.fact_id == "soylent-hti-2020-online-recruitment-41pc"
    assert f.message == ('the sentence credits "41%" to NSPCC, but fact soylent-hti-2020-online-recruitment-41pc '
                         "comes from SoylentNews (citing Human Trafficking Institute): credit the organisation the "
                         "figure comes from, or bind it to a fact of NSPCC")
    assert "figure.supported" in {f.code for f in findings}  # the figure itself is right


@pytest.mark.parametrize("credit", [
    "According to the Human Trafficking Institute, ",
    "According to HTI, ",
    "SoylentNews reported that ",
    "The charity says ",
    "According to the NSPCC and the Human Trafficking Institute, ",  # one right credit is enough
    "",
])
def test_crediting_the_source_or_its_primary_or_nobody_is_fine(shipped, credit):
    text = f"{credit}{FIGURE}.\n"
    assert "figure.misattributed" not in {f.code for f in run(shipped, text[0].upper() + text[1:])}


def test_an_explicit_reference_is_checked_for_credit_too(shipped):
    text = "The NSPCC found that [41%](fact:soylent-hti-2020-online-recruitment-41pc) of recruitment was online.\n"
    assert "figure.misattributed" in {f.code for f in run(shipped, text)}
    plain = text.replace("[41%](fact:soylent-hti-2020-online-recruitment-41pc)", "41% [fact:soylent-hti-2020-online-recruitment-41pc]")
    assert "figure.misattributed" in {f.code for f in run(shipped, plain, "text")}


def test_the_shipped_examples_and_the_seeds_credit_no_one_wrongly(shipped):
    from conftest import ROOT
    from factlib.drafts.check import CheckRun
    from factlib.drafts.documents import read_document
    from factlib.drafts.walk import iter_drafts

    paths = list(iter_drafts([str(ROOT / "docs" / "examples"), str(ROOT / "tests" / "data" / "seeds")],
                             ["**/*.md", "**/*.txt", "**/*.html", "**/*.docx", "**/*.pdf"], [], ROOT))
    assert len(paths) == 10
    findings = [f for _, found in CheckRun([read_document(p) for p in paths], shipped) for f in found]
    assert findings and not [f for f in findings if f.code == "figure.misattributed"]
