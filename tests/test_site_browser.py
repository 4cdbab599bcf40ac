"""The site and the audit in a real browser: headless Chromium, opened from file://."""

from __future__ import annotations

import shutil

import pytest
from audit_scenario import HOSTILE, write_repository
from browser import errors, start
from conftest import ROOT, SHIPPED, source_text
from typer.testing import CliRunner

from factlib.cli.main import app
from factlib.library.cite import cite
from factlib.library.load import load_library

runner = CliRunner()


@pytest.fixture(scope="module")
def driver():
    d = start()
    yield d
    d.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The shipped library plus one hostile fact, with the example drafts, built into a site."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(SHIPPED, root / "facts")
    (root / "facts" / "hostile.toml").write_text(
        source_text("hostile", [{"id": "hostile-fact", "measure": "hostile"}])
        .replace("Online grooming crimes recorded", HOSTILE + " Crimes recorded")
        .replace('publisher = "NSPCC"', f'publisher = "{HOSTILE}"'))
    out = root / "public"
    result = runner.invoke(app, ["site", str(out), str(ROOT / "docs" / "examples"), "--library", str(root / "facts"),
                                 "--today", "2026-12-03"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _wait(driver, condition, timeout=15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def _open_catalogue(driver, site):
    driver.get((site / "index.html").as_uri())
    _wait(driver, lambda d: d.find_element("tag name", "html").get_attribute("data-search-ready") == "true")


def _results(driver) -> list[str]:
    return [a.get_attribute("href").rsplit("/", 1)[1] for a in driver.find_elements("css selector", "#results li a")]


def test_search_finds_online_recruitment_from_file_url(driver, site):
    _open_catalogue(driver, site)
    total = len(load_library(site.parent / "facts").facts())
    assert driver.find_element("id", "count").text == f"{total} facts"
    driver.find_element("id", "q").send_keys("online recruitment")
    _wait(driver, lambda d: d.find_element("id", "count").text != f"{total} facts")
    found = _results(driver)
    assert "htf-unodc-31-of-79-court-cases-online-recruitment.html" in found[:5]
    assert 0 < len(found) < total
    assert errors(driver) == []


def _count(driver) -> int:
    return int(driver.find_element("id", "count").text.split()[0])


def test_a_filter_narrows_the_list(driver, site):
    from selenium.webdriver.support.ui import Select

    _open_catalogue(driver, site)
    lib = load_library(site.parent / "facts")
    before = _count(driver)
    Select(driver.find_element("id", "f-status")).select_by_visible_text("disputed")
    disputed = sum(f.status.value == "disputed" for f, _ in lib.facts())
    _wait(driver, lambda d: _count(d) == disputed)
    badges = [b.text for b in driver.find_elements("css selector", "#results .badge")]
    assert 0 < disputed < before and badges == ["disputed"] * disputed
    Select(driver.find_element("id", "f-status")).select_by_visible_text("any status")
    Select(driver.find_element("id", "f-tag")).select_by_visible_text("grooming")
    tagged = sum("grooming" in f.tags for f, _ in lib.facts())
    _wait(driver, lambda d: _count(d) == tagged)
    assert 0 < tagged < before
    driver.find_element("id", "q").send_keys("instagram")  # search and filter together
    _wait(driver, lambda d: 0 < _count(d) < tagged)


def test_the_copy_button_puts_the_citation_on_the_clipboard(driver, site):
    fact, source = load_library(site.parent / "facts").fact("htf-unodc-31-of-79-court-cases-online-recruitment")
    driver.get((site / "facts" / f"{fact.id}.html").as_uri())
    driver.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    driver.find_element("css selector", 'button[data-copy="cite-markdown"]').click()
    _wait(driver, lambda d: d.find_element("css selector", ".citation .copied").text == "Copied")
    pasted = driver.execute_async_script(
        "var done = arguments[0]; navigator.clipboard.readText().then(done, function (e) { done('ERROR ' + e); });")
    assert pasted == cite(fact, source, "markdown")
    assert errors(driver) == []


def test_the_audit_table_sorts(driver, site):
    driver.get((site / "audit" / "facts.html").as_uri())
    header = driver.find_element("xpath", "//table[@id='facts-table']//th[button='draft lines']")

    def column() -> list[int]:
        index = int(header.get_attribute("cellIndex")) + 1
        return [int(td.text) for td in driver.find_elements("css selector", f"#facts-table tbody td:nth-child({index})")]

    unsorted = column()
    header.find_element("tag name", "button").click()
    assert column() == sorted(unsorted) and header.get_attribute("aria-sort") == "ascending"
    header.find_element("tag name", "button").click()
    assert column() == sorted(unsorted, reverse=True) and column()[0] > 0
    assert errors(driver) == []
    link = driver.find_element("css selector", "#facts-table tbody tr td a")
    link.click()  # a fact of the audit links to its page
    assert driver.current_url.startswith((site / "facts").as_uri())


def test_a_hostile_statement_and_publisher_show_as_text(driver, site):
    from selenium.common.exceptions import NoAlertPresentException

    driver.get((site / "facts" / "hostile-fact.html").as_uri())
    assert driver.find_element("css selector", "h1.statement").text.startswith(HOSTILE)
    assert driver.find_elements("css selector", "main img") == []
    _open_catalogue(driver, site)
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", "f-publisher")).select_by_visible_text(HOSTILE)  # an option, as text
    _wait(driver, lambda d: _results(d) == ["hostile-fact.html"])
    assert driver.find_element("css selector", "#results li a").text.startswith(HOSTILE)
    assert driver.find_elements("css selector", "#results img") == []
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text


def test_the_standalone_audit_html_sorts_and_filters_offline(driver, tmp_path, monkeypatch):
    root = write_repository(tmp_path / "repo", hostile=True)
    monkeypatch.chdir(root)
    html = runner.invoke(app, ["audit", "--format", "html", "--today", "2026-12-03"], catch_exceptions=False).stdout
    (tmp_path / "audit.html").write_text(html)
    driver.get((tmp_path / "audit.html").as_uri())
    header = driver.find_element("xpath", "//table[@id='sources-table']//th[button='source']")
    header.find_element("tag name", "button").click()
    header.find_element("tag name", "button").click()
    ids = [td.text for td in driver.find_elements("css selector", "#sources-table tbody td:first-child")]
    assert ids == sorted(ids, key=str.lower, reverse=True) and len(ids) == 3
    assert HOSTILE in driver.find_element("id", "facts-table").text
    box = driver.find_element("css selector", 'input[data-filter-for="facts-table"]')
    box.send_keys("grooming-rise")
    visible = [r for r in driver.find_elements("css selector", "#facts-table tbody tr") if r.is_displayed()]
    assert len(visible) == 1 and driver.find_element("css selector", '[data-count-for="facts-table"]').text == "1 of 4"
    assert errors(driver) == []


def test_the_list_shows_fifty_facts_then_more_on_demand(driver, site):
    _open_catalogue(driver, site)
    total = _count(driver)
    assert total > 50 and len(_results(driver)) == 50
    driver.find_element("id", "more").click()
    assert len(_results(driver)) == min(total, 100)
