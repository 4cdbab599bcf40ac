"""A page's metadata: citation_*, Open Graph, JSON-LD, Dublin Core, <title>, PDF information."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlib.authoring.metadata import PageMeta, html_metadata, parse_date, pdf_metadata
from factlib.model import PartialDate, SourceKind

CITATION = """<html><head><title>Report | Site</title>
<meta name="citation_title" content="Trafficking in  Persons 2020">
<meta name="citation_author" content="Smith, Jane"><meta name="citation_author" content="Joe Bloggs">
<meta name="citation_publication_date" content="2021/02/02">
<meta name="citation_technical_report_institution" content="UNODC">
<meta property="og:title" content="Not this one">
</head><body>x</body></html>"""

OPEN_GRAPH = """<html><head><title>Grooming | News</title>
<meta property="og:title" content="Online grooming crimes rise">
<meta property="og:site_name" content="Example News">
<meta property="og:type" content="article">
<meta property="og:url" content="https://news.example.org/grooming">
<meta property="article:published_time" content="2022-08-15T09:30:00+01:00">
<meta name="author" content="Ann Reporter">
</head><body>x</body></html>"""

JSON_LD = """<html><head><title>Blog</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "The site"},
  {"@type": "BlogPosting", "headline": "Why 1 in 7 matters", "datePublished": "2019-05-28",
   "author": [{"@type": "Person", "name": "Sam Writer"}, {"@type": "Organization", "name": "Org"}],
   "publisher": {"@type": "Organization", "name": "Saving Jane"}}]}</script>
<script type="application/ld+json">{not json</script>
<link rel="canonical" href="https://savingjane.org/blog/1-in-7">
</head><body>x</body></html>"""


@pytest.mark.parametrize("page, expected", [
    (CITATION, PageMeta("Trafficking in Persons 2020", "UNODC", ("Jane Smith", "Joe Bloggs"), PartialDate(2021, 2, 2),
                        SourceKind.REPORT, "")),
    (OPEN_GRAPH, PageMeta("Online grooming crimes rise", "Example News", ("Ann Reporter",), PartialDate(2022, 8, 15),
                          SourceKind.ARTICLE, "https://news.example.org/grooming")),
    (JSON_LD, PageMeta("Why 1 in 7 matters", "Saving Jane", ("Sam Writer",), PartialDate(2019, 5, 28), SourceKind.BLOG,
                       "https://savingjane.org/blog/1-in-7")),
    ("<title> Only a  title </title><p>x", PageMeta("Only a title")),
    ("<<<>>>", PageMeta()),
])
def test_each_metadata_style(page, expected):
    assert html_metadata(page) == expected


@pytest.mark.parametrize("text, date", [
    ("2021-08-24", PartialDate(2021, 8, 24)), ("2021/8/4", PartialDate(2021, 8, 4)), ("2021", PartialDate(2021)),
    ("2021-08", PartialDate(2021, 8)), ("2022-08-15T09:30:00Z", PartialDate(2022, 8, 15)),
    ("24 August 2021", PartialDate(2021, 8, 24)), ("August 24, 2021", PartialDate(2021, 8, 24)),
    ("3rd Feb 2020", PartialDate(2020, 2, 3)), ("D:20210824101010+01'00'", PartialDate(2021, 8, 24)),
    ("2021-02-30", None), ("yesterday", None), ("", None), ("24 Smarch 2021", None), ("1066", None),
])
def test_dates(text, date):
    assert parse_date(text) == date


@given(st.text(max_size=60))
def test_dates_never_raise(text):
    parse_date(text)


@given(st.text(max_size=300))
def test_metadata_never_raises(text):
    html_metadata("<html><head>" + text)


def test_pdf_information():
    info = {"/Title": "Federal  Human Trafficking Report", "/Author": "Ann One; Bob Two", "/CreationDate": "D:20210601"}
    assert pdf_metadata(info) == PageMeta("Federal Human Trafficking Report", "", ("Ann One", "Bob Two"),
                                          PartialDate(2021, 6, 1), SourceKind.REPORT)


def test_citation_tags_win_over_json_ld_over_open_graph():
    page = (OPEN_GRAPH.replace("</head>", "") + JSON_LD.split("<head>", 1)[1]).replace(
        "<title>Blog</title>", '<meta name="citation_title" content="The citation title">')
    meta = html_metadata(page)
    assert (meta.title, meta.publisher, str(meta.published), meta.kind) == (
        "The citation title", "Saving Jane", "2019-05-28", SourceKind.BLOG)
