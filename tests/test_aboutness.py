"""Reading what a figure is about: places, platforms, populations, organisations (drafts/aboutness.py)."""

from __future__ import annotations

import pytest

from factlib.drafts.aboutness import (
    PERIOD, PLACE, PLATFORM, POPULATION, UNITS, difference, fact_about, mentions, own_mentions)
from factlib.model import Fact, Figure, Kind, Status
from factlib.text.vocabulary import canonical_place, canonical_platform, canonical_population, contains


def named(text: str, dimension: str) -> list[str]:
    return [m.text for m in mentions(text) if m.dimension == dimension]


def values(text: str, dimension: str) -> list:
    return [m.value for m in mentions(text) if m.dimension == dimension]


# -- places, platforms, populations ---------------------------------------------------------

def test_places_longest_name_first():
    assert values("police in England and Wales", PLACE) == ["england and wales"]
    assert values("in Northern Ireland", PLACE) == ["northern ireland"]
    assert values("across the South West", PLACE) == ["south west england"]
    assert values("in the south west of England", PLACE) == ["south west england"]
    assert values("Kent Police said", PLACE) == ["kent"]
    assert values("Lancashire Constabulary", PLACE) == ["lancashire"]
    assert values("Thames Valley Police", PLACE) == ["thames valley police"]
    assert values("The Police said", PLACE) == []
    assert values("users worldwide, in the US and in Texas", PLACE) == ["world", "united states", "texas"]


def test_common_words_and_pronouns_are_no_places():
    assert values("tell us what happened; reading is fun", PLACE) == []


def test_containment():
    assert contains("united kingdom", "england and wales")
    assert contains("world", "texas")
    assert not contains("england and wales", "united kingdom")
    assert not contains("northern ireland", "england and wales")


def test_platforms():
    assert values("Meta-owned apps such as Instagram", PLATFORM) == ["meta apps", "instagram"]
    assert values("Facebook-owned Instagram", PLATFORM) == ["instagram"]  # the app, not the group
    assert values("a meta-analysis of studies", PLATFORM) == []


def test_populations_are_plural_nouns_that_narrow():
    assert values("girls and boys under 13s", POPULATION) == ["girls", "boys", "under 13"]
    assert values("adult sexual communication", POPULATION) == []
    assert values("child victims", POPULATION) == ["children"]


def test_counts_of_reporting_bodies():
    assert values("data from 41 UK police forces", UNITS) == [("police forces", 41)]


@pytest.mark.parametrize("name, canonical", [("US", "united states"), ("england and wales", "england and wales")])
def test_canonical_place(name, canonical):
    assert canonical_place(name) == canonical


def test_unknown_names_are_refused():
    for read, name in ((canonical_place, "Atlantis"), (canonical_platform, "Myspace2"), (canonical_population, "elves")):
        with pytest.raises(KeyError):
            read(name)


# -- which figure a mention belongs to --------------------------------------------------------

def _own(text: str, figures: list[str], index: int) -> list[str]:
    from factlib.drafts.sentences import Sentence

    sentence = Sentence(text)
    spans = [(text.index(f), text.index(f) + len(f)) for f in figures]
    return [m.text for m in own_mentions(mentions(text), spans, index, sentence.owner_breaks)]


def test_a_mention_belongs_to_the_figure_of_its_clause():
    text = "Police recorded 900 offences in 2019/20, up 40% since 2016/17."
    assert _own(text, ["900", "40%"], 0) == ["2019/20"]
    assert _own(text, ["900", "40%"], 1) == ["since 2016/17"]


def test_a_connective_starts_the_next_figures_words():
    text = "a 30% rise on TikTok and a 20% rise on Twitch"
    assert _own(text, ["30%", "20%"], 0) == ["TikTok"]
    assert _own(text, ["30%", "20%"], 1) == ["Twitch"]


def test_a_place_scopes_the_whole_sentence():
    text = "In Wales, 300 offences were recorded, and 120 of them involved Snapchat."
    assert "Wales" in _own(text, ["300", "120"], 1)


def test_a_period_named_before_a_figure_carries_on():
    text = "In 2015 there were 900 cases, and of those, 300 involved girls."
    assert "2015" in _own(text, ["900", "300"], 1)


# -- a fact's side, and what differs ---------------------------------------------------------

def _fact(**fields) -> Fact:
    base = dict(id="f", statement="Police in England and Wales recorded 900 offences in 2019/20.",
                quote="900 offences were recorded in 2019/20.", measure="police-recorded-offences",
                scope="England and Wales", period="2019/20", status=Status.VETTED,
                figures=(Figure("900", Kind.COUNT, 900.0, unit="offences"),))
    return Fact(**(base | fields))


def test_fact_about_reads_scope_measure_and_period():
    about = fact_about(_fact(measure="offences-on-instagram-share", scope="UK (43 police forces)"))
    assert about.places == {"united kingdom"} and about.platforms == {"instagram"} and about.units == ("police forces", 43)
    assert about.period.shape == "point"


def test_structured_fields_replace_what_is_read():
    about = fact_about(_fact(places=("Scotland",), platforms=("Snapchat",), population=("girls",)))
    assert about.places == {"scotland"} and about.platforms == {"snapchat"} and about.population == {"girls"}


def _difference(sentence: str, fact: Fact, **kw):
    return difference(mentions(sentence), fact_about(fact), fact, **kw)


def test_nothing_differs_when_the_sentence_agrees_or_says_nothing():
    assert _difference("900 offences in England and Wales in 2019/20", _fact()) is None
    assert _difference("900 offences were recorded", _fact()) is None


@pytest.mark.parametrize("sentence, dimension", [
    ("900 offences in Scotland", PLACE),
    ("900 offences in 2020/21", PERIOD),
    ("900 offences against girls", POPULATION),
    ("900 offences on Snapchat", PLATFORM),
])
def test_what_differs(sentence, dimension):
    assert _difference(sentence, _fact()).dimension == dimension


def test_a_platform_fact_needs_its_platform_named():
    fact = _fact(measure="offences-on-snapchat-share")
    assert _difference("in 30% of offences", fact).dimension == PLATFORM
    assert _difference("Snapchat was used in 30% of offences", fact) is None
    assert _difference("Facebook and Messenger were used in 30% of offences", _fact(measure="offences-meta-apps-share"))


def test_an_inherited_place_may_contain_the_facts():
    from factlib.drafts.aboutness import opening_places

    uk = opening_places("Online grooming in the UK")
    assert difference(uk, fact_about(_fact()), _fact()) is None
    ni = opening_places("Grooming in Northern Ireland")
    assert difference(ni, fact_about(_fact()), _fact()).dimension == PLACE


def test_a_tie_is_something_the_sentence_itself_names_that_the_fact_is_about_too():
    from factlib.drafts.aboutness import mentions, tie

    about = fact_about(_fact(measure="offences-on-snapchat-share", period="2020/21"))
    assert tie(mentions("Police in England and Wales recorded 9,000 offences."), about).text == "England and Wales"
    assert tie(mentions("Offences on Snapchat rose."), about).text == "Snapchat"
    assert tie(mentions("In 2020/21, 9,000 offences were recorded."), about).dimension == PERIOD
    assert tie(mentions("In Scotland, 9,000 offences were recorded in 2015."), about) is None  # names only others
    assert tie(mentions("Offences were up."), about) is None
    import attrs

    inherited = [attrs.evolve(m, inherited=True) for m in mentions("In England and Wales in 2020/21")]
    assert tie(inherited, about) is None  # what the page opens with is a guess, not a tie


def test_a_length_of_time_ties_only_a_change_over_that_many_years():
    from factlib.drafts.aboutness import mentions, tie

    count = fact_about(_fact(period="2020/21"))
    assert tie(mentions("900 offences were recorded in the past year."), count) is None  # fits every year alike
    rise = fact_about(_fact(period="2017/18 to 2020/21"))
    assert tie(mentions("Offences rose by 70% in three years."), rise, change=True).text == "in three years"
    assert tie(mentions("Offences rose by 70% in four years."), rise, change=True) is None


def test_a_body_named_in_a_sentence_scopes_all_its_figures():
    text = "In 2013, 60 percent of victims recovered in an FBI raid in 70 cities had been in foster care."
    assert "FBI" in _own(text, ["60 percent", "70"], 0)


def test_a_year_counted_back_is_read_from_the_last_date_named_before_it():
    from factlib.drafts.aboutness import anchor_relative
    from factlib.drafts.sentences import Opening

    text = "As of January 2021, 4.66 billion people were online.\n\n346 million came online in the past year."
    opening = Opening(text)
    at = text.index("346")
    own = [m for m in mentions(text[at:]) if m.dimension == PERIOD]
    [anchored] = anchor_relative(own, lambda: opening.date_before(at))
    assert anchored.text == "the 12 months to January 2021"
    assert (anchored.value.first.first, anchored.value.first.last) == (2020 * 12 + 1, 2021 * 12)  # Feb 2020 - Jan 2021
    # with no date before it, "in the past year" stays a length of time
    [alone] = anchor_relative(own, lambda: Opening(text[at:]).date_before(0))
    assert alone.value.shape == "duration"
    # "last year" is the year before the time of writing, not counted back from a date named before it
    last = [m for m in mentions("120 came online last year.") if m.dimension == PERIOD]
    assert anchor_relative(last, lambda: opening.date_before(at)) == last


def test_a_sentence_naming_no_time_on_a_page_about_other_times_is_untied():
    from factlib.drafts.aboutness import untied
    from factlib.drafts.sentences import Opening

    about = fact_about(_fact(measure="offences-on-snapchat-share", period="2020/21"))
    own = mentions("Snapchat was used in 14% of offences.")
    assert untied(own, about) is None  # tied by the platform; the page is not known
    older = Opening("The data from April 2017 to September 2018 were released.\n\nSnapchat was used in 14%.")
    assert untied(own, about, document=older).dimension == PERIOD
    fitting = Opening("Police data for 2020/21 were released.\n\nSnapchat was used in 14%.")
    assert untied(own, about, document=fitting) is None
    # the sentence's own time decides, whatever else the page names
    own_time = mentions("In 2020/21 Snapchat was used in 14% of offences.")
    assert untied(own_time, about, document=older) is None


def test_the_sentence_before_dates_one_that_names_no_time():
    from factlib.drafts.sentences import Opening, OwnMentions, Sentence

    text = ("In 2014, some 10,000 runaways were reported.\n\nIn 2017, nearly 3,600 were likely victims. "
            "Of those, 88 percent came from the social services system.")
    at = text.index("Of those")
    sentence = Sentence(text[at:])
    figure = sentence.text.index("88 percent")
    own = OwnMentions(sentence, [(figure, figure + 10)], 0, Opening(text), at)()
    assert [m.text for m in own if m.dimension == PERIOD] == ["2017 (in the sentence before)"]
    # a sentence before that names two times, or only a full date, dates nothing
    for before in ("In 2017 and 2018, 3,600 were likely victims. ", "Published on June 3, 2017. "):
        opening = Opening(before + sentence.text)
        own = OwnMentions(sentence, [(figure, figure + 10)], 0, opening, len(before))()
        assert [m for m in own if m.dimension == PERIOD] == []


def test_a_place_the_measures_name_gives_ties_nothing():
    from factlib.drafts.aboutness import mentions, tie

    about = fact_about(_fact(measure="global-social-media-users", scope="World", period="January 2020"))
    assert tie(mentions("The number of global social media users was 4.14 billion."), about) is None
    assert tie(mentions("There were 4.14 billion social media users in January 2020."), about).dimension == PERIOD
    national = fact_about(_fact(scope="England and Wales"))
    assert tie(mentions("Police in England and Wales recorded 9,000 offences."), national).text == "England and Wales"


def test_a_page_naming_only_the_starts_of_its_changes_runs_to_the_time_of_writing():
    from factlib.drafts.aboutness import untied
    from factlib.drafts.sentences import Opening

    about = fact_about(_fact(measure="offences-on-snapchat-share", period="2021/22"))
    own = mentions("Snapchat was used in 33% of offences.")
    since = Opening("Offences have risen by 84% since 2017/18.\n\nSnapchat was used in 33% of offences.")
    assert untied(own, about, document=since) is None  # "since 2017/18" runs on to 2021/22
    dated = Opening("Offences have doubled since 2018, to 7,263 in the 12 months to March 2018.\n\nSnapchat: 33%.")
    assert untied(own, about, document=dated).dimension == PERIOD  # a dated page outside 2021/22
