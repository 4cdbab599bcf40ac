"""factlib.toml: found by walking up, defaults, and located errors."""

import pytest

from factlib.library.config import Config, find_config, load_config, read_config
from factlib.errors import LibraryError


def test_found_by_walking_up(tmp_path):
    (tmp_path / "factlib.toml").write_text('[library]\npath = "data/facts"\n[check]\nstale_years = 3\nignore = ["old/**"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "factlib.toml"
    config = load_config(deep)
    assert config.library_path() == tmp_path / "data" / "facts"
    assert config.check.stale_years == 3.0 and config.check.ignore == ("old/**",)


def test_defaults_without_a_file(tmp_path):
    config = load_config(tmp_path)
    assert config == Config(root=str(tmp_path))
    assert config.library_path() == tmp_path / "facts"
    assert config.check.fail_on == "error"


@pytest.mark.parametrize("body, expected", [
    ('[check]\nstale_years = "five"\n', ':2: check.stale_years: expected a number, got "five"'),
    ('[check]\nfail_on = "sometimes"\n', ':2: check.fail_on: expected one of error, warning, never, got "sometimes"'),
    ('[links]\nper_host = 1.5\n', ":2: links.per_host: expected a whole number, got 1.5"),
    ('[link]\nx = 1\n', ":1: link: unknown key (expected [library], [check], [links], [audit])"),
    ('[check]\ncolour = 1\n', ":2: check.colour: unknown key"),
])
def test_bad_settings_name_file_line_and_field(tmp_path, body, expected):
    path = tmp_path / "factlib.toml"
    path.write_text(body)
    with pytest.raises(LibraryError) as info:
        read_config(path)
    assert str(info.value.problems[0]).endswith(expected)


@pytest.mark.parametrize("body, expected", [
    ("[links]\ntimeout = -1\n", ":2: links.timeout: expected a number above 0, got -1"),
    ("[links]\nper_host = 0\n", ":2: links.per_host: expected a whole number of at least 1, got 0"),
    ("[links]\nhost_interval = -5\n", ":2: links.host_interval: expected a number of seconds, 0 or more, got -5"),
    ("[check]\nstale_years = -1\n", ":2: check.stale_years: expected a number of years above 0, got -1"),
    ("[audit]\nreview_every = 0\n", ":2: audit.review_every: expected a whole number of days, at least 1, got 0"),
])
def test_impossible_values_are_refused_with_their_line(tmp_path, body, expected):
    path = tmp_path / "factlib.toml"
    path.write_text(body)
    with pytest.raises(LibraryError) as info:
        read_config(path)
    assert str(info.value.problems[0]).endswith(expected)


def test_the_audit_section(tmp_path):
    assert load_config(tmp_path).audit.review_every == 365 and load_config(tmp_path).audit.drafts == ()
    (tmp_path / "factlib.toml").write_text('[audit]\nreview_every = 90\ndrafts = ["materials"]\n')
    config = load_config(tmp_path)
    assert (config.audit.review_every, config.audit.drafts) == (90, ("materials",))
