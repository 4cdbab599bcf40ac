"""Search ranks facts by relevance; vetted above disputed; synonyms and stems count."""

from conftest import source_text
from factlib.library.load import load_library
from factlib.library.search import search, terms


def test_terms_stem_and_fold_synonyms():
    assert terms("Grooming crimes rose") == terms("grooming offences increased") == ["groom", "crime", "rise"]
    assert terms("the of and") == []


def test_ranks_by_relevance_and_status(write_library):
    folder = write_library({
        "a.toml": source_text("a", [
            {"id": "rise-vetted", "status": "vetted"},
            {"id": "rise-disputed", "status": "disputed", "measure": "other", "note": "wrong period"},
        ]),
        "b.toml": source_text("b", [{"id": "other-thing", "measure": "x"}]).replace(
            "Online grooming crimes recorded by police rose by about 70% in the three years to 2020/21.",
            "Social media users worldwide numbered 3.8 billion.").replace(
            'keywords = ["grooming", "crimes"]', 'keywords = ["social media"]').replace(
            'tags = ["grooming", "uk"]', 'tags = ["internet"]').replace(
            "The number of online grooming crimes increased", "The number of users increased"),
    })
    hits = search(load_library(folder), "grooming crimes rise")
    assert [h.fact.id for h in hits][:2] == ["rise-vetted", "rise-disputed"]
    assert hits[0].score > hits[1].score
    assert search(load_library(folder), "zebra") == []
    assert [h.fact.id for h in search(load_library(folder), "social media")] == ["other-thing"]
