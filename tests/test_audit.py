"""The audit: facts x sources x link history x drafts, and the week's to-do list."""

from __future__ import annotations

import datetime as dt

import pytest
from audit_scenario import TODAY, write_repository

from factlib.audit.history import link_history
from factlib.audit.run import audit_library
from factlib.library.config import load_config
from factlib.library.load import load_library


@pytest.fixture
def audit(tmp_path):
    root = write_repository(tmp_path)
    config = load_config(root)
    return audit_library(load_library(root / "facts"), config, root / ".factlib" / "links.sqlite", today=TODAY)


def test_a_fact_carries_its_review_quote_link_history_and_uses(audit):
    rise = audit.fact("grooming-rise")
    assert (rise.status, rise.reviewed_on, rise.review_due, rise.review_due_now) == ("vetted", "2026-01-10", "2027-01-10", False)
    assert (rise.quote.value, rise.quote.since[:10]) == ("changed", "2026-11-08")
    assert (rise.link.value, rise.link.since[:10]) == ("redirected", "2026-11-22")
    assert rise.failing_runs == 3 and not rise.stale
    assert [(u.file.endswith("drafts/leaflet.md"), u.line, u.explicit, u.codes) for u in rise.uses] == [
        (True, 3, False, ("figure.supported",))]


def test_an_explicit_reference_is_a_use_and_a_never_reviewed_fact_is_due(audit):
    old = audit.fact("old-rise")
    assert [(u.line, u.explicit, "fact.retracted" in u.codes) for u in old.uses] == [(5, True, True)]
    assert old.review_due == "" and old.review_due_now


def test_a_source_has_its_link_history(audit):
    hti = next(s for s in audit.sources if s.source_id == "hti-2020")
    assert (hti.link.value, hti.link.since[:10], hti.runs) == ("broken", "2026-11-22", 4)
    assert (hti.first_failure[:10], hti.last_success[:10], hti.failing_runs, hti.flapping) == (
        "2026-11-08", "2026-11-15", 1, True)
    assert [(v.value, v.since[:10]) for v in hti.recent] == [
        ("ok", "2026-11-01"), ("broken", "2026-11-08"), ("ok", "2026-11-15"), ("broken", "2026-11-22")]
    nspcc = next(s for s in audit.sources if s.source_id == "nspcc-2021")
    assert nspcc.redirect_to == "https://example.org/new-home" and not nspcc.flapping and nspcc.draft_lines == 2


def test_the_todo_list_puts_what_misleads_readers_first(audit):
    assert [(t.level.value, t.action, t.subject, t.draft_lines) for t in audit.todo] == [
        ("error", "used-retracted", "old-rise", 1),
        ("error", "quote-changed", "grooming-rise", 1),
        ("error", "link-broken", "hti-2020", 0),
        ("warning", "redirect", "nspcc-2021", 2),
    ]
    assert audit.todo[1].message == ("the quote of grooming-rise is changed since 2026-11-08 on its page "
                                     "(3 failing runs in a row): check the figure and re-vet, or find the new page")


def test_reviews_fall_due_after_review_every_days(tmp_path):
    root = write_repository(tmp_path)
    (root / "factlib.toml").write_text("[audit]\nreview_every = 300\n")
    audit = audit_library(load_library(root / "facts"), load_config(root), root / "none.sqlite", today=TODAY)
    rise = audit.fact("grooming-rise")
    assert (rise.review_due, rise.review_due_now, rise.quote.value, rise.uses) == ("2026-11-06", True, "", ())
    assert ("review-due", "grooming-rise") in [(t.action, t.subject) for t in audit.todo]
    assert not (root / "none.sqlite").exists()  # the audit never creates a link database


def test_flapping_needs_two_swings():
    from audit_scenario import _report
    from factlib.linkresult import LinkVerdict

    at = dt.datetime(2026, 1, 1)
    reports = [_report("a", v, at + dt.timedelta(days=n)) for n, v in enumerate(
        [LinkVerdict.OK, LinkVerdict.BROKEN, LinkVerdict.BROKEN])]
    assert link_history(reports)["flapping"] is False
    assert link_history(reports + [_report("a", LinkVerdict.OK, at)])["flapping"] is True
    assert link_history([]) == {"first_failure": "", "last_success": "", "failing_runs": 0, "flapping": False, "runs": 0}


def test_a_known_error_still_in_use_is_on_the_list(tmp_path):
    from conftest import source_text

    root = write_repository(tmp_path)
    text = source_text("wrong-2021", [{"id": "wrong-rise", "measure": "wrong-measure", "status": "disputed",
                                       "note": "Unit error."}]).replace(
        'status = "disputed"', 'status = "disputed"\ncorrected_by = "grooming-rise"')
    (root / "facts" / "wrong-2021.toml").write_text(text.replace("keywords", "reviewed_on = 2026-06-01\nkeywords", 1))
    (root / "drafts" / "flyer.md").write_text("Crimes rose by [about 70%](fact:wrong-rise).\n")
    audit = audit_library(load_library(root / "facts"), load_config(root), root / ".factlib" / "links.sqlite", today=TODAY)
    item = next(t for t in audit.todo if t.subject == "wrong-rise")
    assert (item.level.value, item.action, item.draft_lines) == ("error", "used-known-error", 1)
    assert item.message == f"the known error of wrong-rise is repeated: correct it with grooming-rise in {root}/drafts/flyer.md:1"
