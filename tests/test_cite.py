"""Citations in every style; the link lands on the quote; non-vetted facts carry a warning."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import unquote

import attrs
import pytest

from factlib.library.cite import STYLES, cite, csl_item, text_fragment_url, warning
from factlib.model import Fact, Org, PartialDate, Source, SourceKind, Status

SOURCE = Source(
    id="lbc-2021", title="Internet grooming levels at record high", publisher="LBC",
    url="https://www.lbc.co.uk/news/grooming/", published=PartialDate(2021, 8, 24),
    accessed=dt.date(2026, 11, 22), kind=SourceKind.ARTICLE, authors=("Emma Soteriou",),
)
FACT = Fact(
    id="lbc-grooming-69", statement="Online grooming crimes rose by 69% from 2017/18 to 2020/21.",
    quote="The number of online grooming crimes recorded by police rose sharply across three years, "
          "increasing by 69 per cent since 2018, the charity found.",
    measure="m", scope="England and Wales", period="2017/18 to 2020/21", status=Status.VETTED,
)


def test_text_fragment_encodes_start_and_end_of_the_quote():
    url = text_fragment_url("https://example.org/page#top", FACT.quote)
    base, _, fragment = url.partition("#:~:text=")
    assert base == "https://example.org/page"
    start, end = fragment.split(",")
    assert unquote(start) == "The number of online grooming crimes"
    assert unquote(end) == "cent since 2018, the charity found."
    assert "," not in start and "-" not in fragment.replace("%2D", "")


def test_short_quote_and_elided_quote_use_their_first_part():
    assert text_fragment_url("https://e.org/", "up 3-4%").endswith("#:~:text=up%203%2D4%25")
    url = text_fragment_url("https://e.org/", "First part here. […] Second part there.")
    assert unquote(url.split("=", 1)[1]) == "First part here."


def test_markdown_carries_statement_publisher_year_and_fragment_link():
    out = cite(FACT, SOURCE, "markdown")
    assert out.startswith(FACT.statement + " ([LBC, 2021](https://www.lbc.co.uk/news/grooming/#:~:text=")
    assert "Warning" not in out


def test_html_escapes_everything_from_the_fact_file():
    evil = attrs.evolve(FACT, statement='<script>alert("x")</script> & more')
    out = cite(evil, attrs.evolve(SOURCE, publisher="A&B <Media>"), "html")
    assert "<script>" not in out and "&lt;script&gt;" in out and "A&amp;B &lt;Media&gt;" in out


def test_apa_names_author_date_title_site_url():
    assert cite(FACT, SOURCE, "apa") == (
        "Soteriou, E. (2021, August 24). Internet grooming levels at record high. LBC. https://www.lbc.co.uk/news/grooming/")
    corporate = attrs.evolve(SOURCE, authors=(), published=PartialDate(2023))
    assert cite(FACT, corporate, "apa").startswith("LBC. (2023). Internet grooming")


def test_csl_json_is_a_valid_item_list():
    (item,) = json.loads(cite(FACT, SOURCE, "csl-json"))
    assert item["id"] == FACT.id and item["type"] == "article-newspaper"
    assert item["author"] == [{"family": "Soteriou", "given": "Emma"}]
    assert item["issued"] == {"date-parts": [[2021, 8, 24]]}
    assert item["URL"].startswith(SOURCE.url + "#:~:text=")
    assert csl_item(attrs.evolve(SOURCE, authors=()))["author"] == [{"literal": "LBC"}]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("status", [Status.DISPUTED, Status.RETRACTED, Status.DRAFT])
def test_a_fact_that_is_not_vetted_is_cited_with_a_visible_warning(style, status):
    fact = attrs.evolve(FACT, status=status, note="The blog says 'since 2021'.")
    out = cite(fact, SOURCE, style)
    assert status.value.upper() in out and "since 2021" in out


def test_superseded_warning_names_the_successor():
    fact = attrs.evolve(FACT, status=Status.SUPERSEDED, superseded_by="nspcc-2023-grooming", note="newer data")
    assert "nspcc-2023-grooming" in warning(fact)
    assert warning(FACT) == ""


HTF = attrs.evolve(SOURCE, publisher="Human Trafficking Front", authors=(Org("Human Trafficking Front"),),
                   published=PartialDate(2023, 7, 13))


def test_apa_names_an_organisation_whole():
    assert cite(FACT, HTF, "apa") == (
        "Human Trafficking Front. (2023, July 13). Internet grooming levels at record high. "
        "https://www.lbc.co.uk/news/grooming/")
    mixed = attrs.evolve(HTF, authors=("Emma Soteriou", Org("Human Trafficking Front")))
    assert cite(FACT, mixed, "apa").startswith("Soteriou, E., & Human Trafficking Front. (2023, July 13). "
                                               "Internet grooming levels at record high. Human Trafficking Front. ")
    other = attrs.evolve(HTF, authors=(Org("Polaris Project"),))
    assert cite(FACT, other, "apa").startswith("Polaris Project. (2023, July 13). Internet grooming levels at record "
                                               "high. Human Trafficking Front. ")


def test_csl_json_gives_an_organisation_as_a_literal_name():
    assert csl_item(HTF)["author"] == [{"literal": "Human Trafficking Front"}]
    mixed = attrs.evolve(HTF, authors=("Emma Soteriou", Org("Human Trafficking Front")))
    assert csl_item(mixed)["author"] == [{"family": "Soteriou", "given": "Emma"}, {"literal": "Human Trafficking Front"}]


def test_people_are_cited_as_before():
    people = attrs.evolve(SOURCE, authors=("Laura Pajon", "Ben Brewster", "Dr Imogen Fell", "Zoi"))
    assert cite(FACT, people, "apa").startswith("Pajon, L., Brewster, B., Fell, I., & Zoi. (2021, August 24).")
    assert [a for a in csl_item(people)["author"]] == [
        {"family": "Pajon", "given": "Laura"}, {"family": "Brewster", "given": "Ben"},
        {"family": "Fell", "given": "Imogen"}, {"literal": "Zoi"}]
