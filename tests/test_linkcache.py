"""The link database: history, streaks, reuse rules."""

import datetime as dt

import attrs
import pytest

from factlib.errors import FactlibError

from factlib.links.store import LinkStore, is_failure, reusable
from factlib.linkresult import LinkResult, LinkVerdict, QuoteResult, QuoteVerdict, SourceReport

NOW = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)


def report(verdict=LinkVerdict.OK, quote=QuoteVerdict.FOUND, at=NOW, url="https://e.org/a"):
    live = LinkResult(url, verdict, 200, url, at.isoformat())
    return SourceReport("a", url, live, None, (QuoteResult("f", quote, quote_hash="h1", changed=(("70%", "80%"),)),))


def test_round_trip_and_latest(tmp_path):
    with LinkStore(tmp_path / "db" / "links.sqlite") as store:
        run = store.begin_run(NOW)
        store.record(run, report(quote=QuoteVerdict.CHANGED))
        got = store.latest("a", "https://e.org/a")
    assert got.cached and got.quotes[0].changed == (("70%", "80%"),)
    assert got.live == report().live and got.quotes[0].verdict == QuoteVerdict.CHANGED


def test_streak_counts_consecutive_failures(tmp_path):
    with LinkStore(tmp_path / "links.sqlite") as store:
        for n, verdict in enumerate([LinkVerdict.OK, LinkVerdict.BROKEN, LinkVerdict.TIMEOUT]):
            at = NOW + dt.timedelta(days=n)
            store.record(store.begin_run(at), report(verdict, at=at))
        assert store.streak("a", "https://e.org/a") == (2, (NOW + dt.timedelta(days=1)).isoformat())
        assert store.streak("a", "https://other.org/") == (0, "")


def test_failures_and_reuse():
    assert is_failure(report(LinkVerdict.BROKEN)) and is_failure(report(quote=QuoteVerdict.MISSING))
    assert not is_failure(report(LinkVerdict.REDIRECTED))
    age = dt.timedelta(days=7)
    assert reusable(report(), NOW + dt.timedelta(days=1), age, {"f": "h1"})
    assert not reusable(report(), NOW + dt.timedelta(days=8), age, {"f": "h1"})
    assert not reusable(report(), NOW, age, {"f": "other"})
    assert not reusable(report(LinkVerdict.BROKEN), NOW, age, {"f": "h1"})
    assert not reusable(None, NOW, age, {})


def test_an_unopenable_database_is_a_clear_error(tmp_path):
    import pytest

    from factlib.errors import FactlibError

    (tmp_path / "file").write_text("x")
    with pytest.raises(FactlibError, match="cannot open the link database"):
        LinkStore(tmp_path / "file" / "links.sqlite")


def test_results_are_kept_on_disk_in_batches(tmp_path):
    from factlib.links.store import COMMIT_EVERY

    path = tmp_path / "links.sqlite"
    urls = [f"https://e.org/{n}" for n in range(COMMIT_EVERY * 2 + 5)]
    with LinkStore(path) as store:
        run = store.begin_run(NOW)
        for n, url in enumerate(urls):
            store.record(run, attrs.evolve(report(url=url), source_id=f"s{n}"))
            if n == COMMIT_EVERY:  # a full batch is on disk before the run ends
                with LinkStore(path) as reader:
                    assert reader.latest("s0", urls[0]) is not None
    with LinkStore(path) as store:  # and the rest once the store is closed
        assert all(store.latest(f"s{n}", url) is not None for n, url in enumerate(urls))


def test_a_run_recording_results_leaves_the_database_free_for_another(tmp_path):
    path = tmp_path / "links.sqlite"
    with LinkStore(path) as first, LinkStore(path) as second:
        run = first.begin_run(NOW)
        for n in range(5):
            first.record(run, attrs.evolve(report(url=f"https://e.org/{n}"), source_id=f"s{n}"))
        # the first run's results wait in memory, holding no lock: the second can write (had the
        # first held a transaction open, this would fail once the 30 s wait for the lock ran out)
        second.record(second.begin_run(NOW), report())
        second.commit()
        assert first.latest("s0", "https://e.org/0") is not None  # reading writes what waits first


def test_an_unusable_database_is_one_clear_error(tmp_path):
    path = tmp_path / "links.sqlite"
    with LinkStore(path) as store:
        store.db.execute("DROP TABLE results")
        store.record(store.begin_run(NOW), report())
        with pytest.raises(FactlibError, match="cannot write to the link database"):
            store.commit()
