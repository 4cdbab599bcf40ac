"""The names binding reads a sentence for (drafts/aboutness.py) and validation checks a fact's scope fields against: places, platforms, populations, months.

Each name maps to one canonical value, so that "the US", "U.S." and "United
States" are one place and "Meta-owned apps" and "Facebook-owned apps" one group
of platforms. Names are matched as whole words, longest first ("Northern
Ireland" before "Ireland", "England and Wales" before "England"). Names that are
also common words or first names ("Chad", "Jordan", "Reading", "Georgia") are
left out: a missed place costs a warning, a wrong one could hide an error.
"""

from __future__ import annotations

import re

# -- places ---------------------------------------------------------------------------

WORLD = "world"

_PLACE_ALIASES: dict[str, tuple[str, ...]] = {
    WORLD: ("world", "worldwide", "global", "globally", "around the world", "across the world", "the globe"),
    "united kingdom": ("UK", "U.K.", "United Kingdom", "Britain", "Great Britain", "British"),
    "england and wales": ("England and Wales", "England & Wales", "England/Wales", "England/ Wales"),
    "england": ("England",),
    "wales": ("Wales", "Welsh"),
    "scotland": ("Scotland", "Scottish", "Police Scotland"),
    "northern ireland": ("Northern Ireland", "Northern Irish", "NI", "PSNI", "Police Service of Northern Ireland"),
    "ireland": ("Ireland", "Republic of Ireland", "Irish Republic"),
    "united states": ("US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "America"),
    "north east england": ("North East", "North-East", "north-east England", "north east England", "the north east", "the north-east", "north east of England", "north-east of England", "the north east of England", "the north-east of England"),
    "north west england": ("North West", "North-West", "north-west England", "north west England", "the north west", "the north-west", "north west of England", "north-west of England", "the north west of England", "the north-west of England"),
    "yorkshire and the humber": ("Yorkshire and the Humber", "Yorkshire"),
    "east midlands": ("East Midlands",),
    "west midlands": ("West Midlands",),
    "east of england": ("East of England", "East Anglia"),
    "south east england": ("South East", "South-East", "south-east England", "south east England", "the south east", "the south-east", "south east of England", "south-east of England", "the south east of England", "the south-east of England"),
    "south west england": ("South West", "South-West", "south-west England", "south west England", "the south west", "the south-west", "south west of England", "south-west of England", "the south west of England", "the south-west of England"),
    "london": ("London", "Greater London", "Metropolitan Police", "the Met"),
    "latin america": ("Latin America",),
    "north america": ("North America",),
    "south america": ("South America",),
    "central america": ("Central America",),
    "europe": ("Europe", "European Union", "EU"),
    "africa": ("Africa",),
    "asia": ("Asia",),
    "south asia": ("South Asia",),
    "south-east asia": ("South-East Asia", "Southeast Asia", "South East Asia"),
    "new south wales": ("New South Wales",),
    "bogota": ("Bogotá", "Bogota"),
}

# counties and council areas without "-shire" (those with it are read by pattern), cities
_UK_LOCAL = """Kent Essex Surrey Sussex East Sussex West Sussex Devon Cornwall Dorset Somerset Norfolk Suffolk
Cumbria Durham Merseyside Greater Manchester Tyne and Wear Northumberland Rutland Isle of Wight Gwent Powys
Gwynedd Clwyd Dyfed Anglesey Fife Highlands Lothian Manchester Birmingham Liverpool Leeds Sheffield Bristol
Newcastle Nottingham Leicester Coventry Glasgow Edinburgh Aberdeen Dundee Cardiff Swansea Newport Belfast
Derry Londonderry Plymouth Southampton Portsmouth Brighton Hull Stoke Wolverhampton Sunderland Bradford
Middlesbrough Blackpool Preston Exeter Norwich Cambridge Oxford York Dublin Cork"""

_COUNTRIES = """Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bahrain Bangladesh
Belarus Belgium Benin Bolivia Bosnia Botswana Brazil Bulgaria Burkina Faso Burundi Cambodia Cameroon Canada
Chile China Colombia Congo Costa Rica Croatia Cuba Cyprus Czech Republic Czechia Denmark Djibouti Ecuador Egypt
El Salvador Eritrea Estonia Eswatini Ethiopia Finland France Gabon Gambia Germany Ghana Greece Guatemala Guinea
Guyana Haiti Honduras Hong Kong Hungary Iceland India Indonesia Iran Iraq Israel Italy Ivory Coast Jamaica Japan
Kazakhstan Kenya Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Lithuania Luxembourg
Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Moldova Mongolia Montenegro Morocco
Mozambique Myanmar Namibia Nepal Netherlands New Zealand Nicaragua Niger Nigeria North Korea North Macedonia
Norway Oman Pakistan Palestine Panama Papua New Guinea Paraguay Peru Philippines Poland Portugal Qatar Romania
Russia Rwanda Saudi Arabia Senegal Serbia Sierra Leone Singapore Slovakia Slovenia Somalia South Africa
South Korea South Sudan Spain Sri Lanka Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania
Thailand Togo Trinidad Tunisia Turkey Turkmenistan Uganda Ukraine United Arab Emirates UAE Uruguay Uzbekistan
Venezuela Vietnam Yemen Zambia Zimbabwe"""

_US_STATES = """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii Idaho Illinois
Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri
Montana Nebraska Nevada New Hampshire New Jersey New Mexico New York North Carolina North Dakota Ohio Oklahoma
Oregon Pennsylvania Rhode Island South Carolina South Dakota Tennessee Texas Utah Vermont Virginia
West Virginia Wisconsin Wyoming"""

_MULTIWORD = {"Burkina Faso", "Costa Rica", "Czech Republic", "El Salvador", "Hong Kong", "Ivory Coast",
              "New Zealand", "North Korea", "North Macedonia", "Papua New Guinea", "Saudi Arabia", "Sierra Leone",
              "South Africa", "South Korea", "South Sudan", "Sri Lanka", "United Arab Emirates", "New Hampshire",
              "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Rhode Island",
              "South Carolina", "South Dakota", "West Virginia", "East Sussex", "West Sussex", "Greater Manchester",
              "Tyne and Wear", "Isle of Wight"}


def _names(block: str) -> list[str]:
    """The names of a whitespace-separated block, multi-word names kept whole."""
    words = block.split()
    out, i = [], 0
    while i < len(words):
        for size in (4, 3, 2):
            name = " ".join(words[i:i + size])
            if name in _MULTIWORD:
                out.append(name)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


PLACES: dict[str, str] = {}  # a name as written (case kept) -> canonical place
for _place, _aliases in _PLACE_ALIASES.items():
    for _alias in _aliases:
        PLACES[_alias] = _place
for _name in _names(_UK_LOCAL) + _names(_COUNTRIES) + _names(_US_STATES):
    PLACES.setdefault(_name, _name.casefold())
PLACES["UAE"] = "united arab emirates"

# what contains what, for a place a document names in its opening: a page about the UK may
# restate a figure for England and Wales, not one about Scotland
PARENTS: dict[str, str] = {"england and wales": "united kingdom", "england": "england and wales",
                           "wales": "england and wales", "scotland": "united kingdom",
                           "northern ireland": "united kingdom", "london": "england"}
for _region in ("north east england", "north west england", "yorkshire and the humber", "east midlands",
                "west midlands", "east of england", "south east england", "south west england"):
    PARENTS[_region] = "england"
for _name in _names(_UK_LOCAL):
    PARENTS.setdefault(_name.casefold(), "united kingdom")
for _name in _names(_US_STATES):
    PARENTS[_name.casefold()] = "united states"
PARENTS["bogota"] = "colombia"


def contains(wider: str, place: str) -> bool:
    """Whether a place is `wider` or lies within it (everything lies within the world)."""
    if wider == WORLD:
        return True
    seen = 0
    while place and seen < 8:
        if place == wider:
            return True
        place, seen = PARENTS.get(place, ""), seen + 1
    return False


def country(place: str) -> str:
    """The widest place below the world that contains a place (itself when none does)."""
    for _ in range(8):
        parent = PARENTS.get(place, "")
        if not parent or parent == WORLD:
            return place
        place = parent
    return place


# lowercase-insensitive names: those that are unambiguous in any case ("worldwide", "globally")
_ANY_CASE = {"world", "worldwide", "global", "globally", "around the world", "across the world", "the globe"}


def _alternation(names) -> str:
    """A regular expression matching any of the names, the longest where several start at one place.

    Written as a trie ("Wales|Washington" as "Wa(?:les|shington)"), so that the engine tries a
    few characters at each position instead of every name: hundreds of names cost little more than one.
    """
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


# A place name as a whole word; "X Police" / "X Constabulary" / "Xshire" name a local force or county.
PLACE_PATTERN = re.compile(
    r"(?<![\w.])(?:(?P<name>" + _alternation(n for n in PLACES if n not in _ANY_CASE) + r")"
    r"|(?i:(?P<world>" + _alternation(_ANY_CASE) + r")))(?![\w])"
    r"|\b(?P<county>[A-Z][a-z]+shire)\b"
    r"|\b(?P<force>(?:[A-Z][a-z]+ )*[A-Z][a-z]+) (?:Police|Constabulary)\b")

# "42 police forces", "data from 41 UK police forces": the set of bodies that reported
UNITS_PATTERN = re.compile(
    r"\b(?P<n>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:[A-Z][\w.]*\s+)?"
    r"(?P<what>police forces|forces|countries|states)\b", re.IGNORECASE)

# -- platforms --------------------------------------------------------------------------

META = "meta apps"
BIG_FOUR = "big four apps"

_PLATFORM_ALIASES: dict[str, tuple[str, ...]] = {
    META: ("Meta-owned", "Meta owned", "Meta's apps", "Meta's platforms", "Meta platforms", "Meta apps", "Meta",
           "Facebook-owned", "Facebook owned", "Facebook's apps", "Facebook-owned apps"),
    BIG_FOUR: ("big four", "big 4"),
    "facebook": ("Facebook",),
    "messenger": ("Messenger", "Facebook Messenger"),
    "instagram": ("Instagram",),
    "whatsapp": ("WhatsApp", "Whatsapp"),
    "snapchat": ("Snapchat",),
    "tiktok": ("TikTok", "Tiktok"),
    "twitter": ("Twitter",),
    "youtube": ("YouTube", "Youtube"),
    "discord": ("Discord",),
    "roblox": ("Roblox",),
    "kik": ("Kik",),
    "omegle": ("Omegle",),
    "telegram": ("Telegram",),
    "reddit": ("Reddit",),
    "twitch": ("Twitch",),
    "tinder": ("Tinder",),
    "grindr": ("Grindr",),
    "onlyfans": ("OnlyFans",),
    "craigslist": ("Craigslist",),
    "backpage": ("Backpage",),
    "pinterest": ("Pinterest",),
    "linkedin": ("LinkedIn",),
    "skype": ("Skype",),
    "yubo": ("Yubo",),
}

# a group stands for its members: a sentence may name the members along with the group
PLATFORM_GROUPS: dict[str, frozenset[str]] = {
    META: frozenset({"facebook", "messenger", "instagram", "whatsapp"}),
    BIG_FOUR: frozenset({META, "facebook", "messenger", "instagram", "whatsapp", "snapchat"}),
}

PLATFORMS: dict[str, str] = {}  # as written: brand names are capitalised ("Meta", not "meta-analysis")
for _platform, _aliases in _PLATFORM_ALIASES.items():
    for _alias in _aliases:
        PLATFORMS[_alias] = _platform
        PLATFORMS[_alias[0].upper() + _alias[1:]] = _platform  # "Big four" at the start of a sentence

PLATFORM_PATTERN = re.compile(r"(?<![\w])(?:" + _alternation(PLATFORMS) + r")(?![\w])")
# a fact's measure is a lowercase slug: read it in any case
PLATFORMS_FOLDED = {alias.casefold(): value for alias, value in PLATFORMS.items()}
PLATFORM_SLUG_PATTERN = re.compile(r"(?<![\w])(?:" + _alternation(PLATFORMS_FOLDED) + r")(?![\w])", re.IGNORECASE)

# -- populations ------------------------------------------------------------------------

# Only plural nouns that narrow a population: "children" and "minors" are who most facts are
# about, and a singular is rarely a population ("adult sexual communication with a child")
POPULATIONS: dict[str, str] = {
    "girls": "girls", "boys": "boys", "women": "women", "men": "men", "adults": "adults",
    "teenagers": "teenagers", "teens": "teenagers", "females": "women", "males": "men",
    # children are who most of a child-protection library is about: a fact that never speaks of
    # children (all victims, all users) is not what "child victims" restates
    "child": "children", "children": "children", "minors": "children", "kids": "children", "juveniles": "children",
}
POPULATION_PATTERN = re.compile(
    r"\b(?:(?P<word>" + _alternation(POPULATIONS) + r")|under[- ](?:the age of )?(?P<under>\d{1,2})s?)\b",
    re.IGNORECASE)

# -- organisations ----------------------------------------------------------------------

# Bodies whose data a figure may come from. A police force stands for its area (see places).
_ORGANISATION_ALIASES: dict[str, tuple[str, ...]] = {
    "ncmec": ("NCMEC", "National Center for Missing and Exploited Children",
              "National Center for Missing & Exploited Children"),
    "polaris": ("Polaris", "Polaris Project", "National Human Trafficking Hotline", "the Hotline",
                "U.S. Hotline", "US Hotline", "the hotline", "trafficking hotline"),
    "hti": ("Human Trafficking Institute", "HTI", "Federal Human Trafficking Report"),
    "nspcc": ("NSPCC", "National Society for the Prevention of Cruelty to Children", "Childline"),
    "unodc": ("UNODC", "UN Office on Drugs and Crime", "United Nations Office on Drugs and Crime", "GLOTiP",
              "Global Report on Trafficking in Persons"),
    "fbi": ("FBI", "Federal Bureau of Investigation"),
    "icmec": ("ICMEC", "International Centre for Missing & Exploited Children",
              "International Centre for Missing and Exploited Children"),
    "datareportal": ("DataReportal", "We Are Social", "Hootsuite", "Kepios", "Digital 2020", "Digital 2021"),
    "iwf": ("IWF", "Internet Watch Foundation"),
    "ofcom": ("Ofcom",),
    "ons": ("ONS", "Office for National Statistics"),
    "nca": ("NCA", "National Crime Agency"),
    "europol": ("Europol",),
    "interpol": ("Interpol", "INTERPOL"),
    "ilo": ("ILO", "International Labour Organization"),
    "iom": ("IOM", "International Organization for Migration"),
    "unicef": ("UNICEF", "Unicef"),
    "walk free": ("Walk Free",),
    "bjs": ("Bureau of Justice Statistics", "BJS"),
}
ORGANISATIONS: dict[str, str] = {alias: org for org, aliases in _ORGANISATION_ALIASES.items() for alias in aliases}
ORGANISATION_PATTERN = re.compile(r"(?<![\w])(?:" + _alternation(ORGANISATIONS) + r")(?![\w])")

# Quick tests of whether a text can name any of these at all: every match of a pattern above
# contains one of its words as written (of a pattern that ignores case, in an ASCII text lowered).
# Without the patterns' leading look-behinds, the engine skips straight to a word's first letter.
PLACE_HINT = re.compile(_alternation([*(n for n in PLACES if n not in _ANY_CASE), "shire", "Police", "Constabulary"]))
WORLD_HINTS = ("world", "glob")  # in every _ANY_CASE name, lowered
assert all(any(h in name for h in WORLD_HINTS) for name in _ANY_CASE)
PLATFORM_HINT = re.compile(_alternation(PLATFORMS))
ORGANISATION_HINT = re.compile(_alternation(ORGANISATIONS))
POPULATION_HINT = re.compile(_alternation([*POPULATIONS, "under"]))  # lowered ASCII text
assert all(word == word.lower() for word in POPULATIONS)
UNITS_HINTS = ("forces", "countries", "states")  # lowered ASCII text

# "according to X", "X said": the figure is credited to X (an attribution, checked apart), not scoped by it
ATTRIBUTION_BEFORE = re.compile(r"(?:according to|said|says|by|from|cited by|citing)\s+(?:the\s+)?$", re.IGNORECASE)
ATTRIBUTION_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:said|says|found|finds|reports|reported|estimates|estimated|"
                               r"warned|warns|analysis|data|figures|report|research|survey)\b", re.IGNORECASE)

# -- time -------------------------------------------------------------------------------

MONTHS = {name: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}

NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}

# words before a capitalised "Police" that do not name a force ("The Police said")
NOT_A_FORCE = {"The", "A", "An", "Our", "Local", "Many", "Some", "All", "Those", "These", "Most", "Every", "Each",
               "Other", "Their", "His", "Her", "Its", "Both", "Several", "If", "When", "And", "But", "Where"}


# -- the names a fact's structured fields may use -----------------------------------------

def canonical_place(name: str) -> str:
    """The canonical place of a name ("US" -> "united states"); raises KeyError for an unknown one."""
    if name in PLACES:
        return PLACES[name]
    known = set(PLACES.values())
    if name.casefold() in known:
        return name.casefold()
    raise KeyError(name)


def canonical_platform(name: str) -> str:
    for alias, value in PLATFORMS.items():
        if name == value or name.casefold() == alias.casefold():
            return value
    raise KeyError(name)


def canonical_population(name: str) -> str:
    lowered = name.casefold()
    if lowered in POPULATIONS:
        return POPULATIONS[lowered]
    if re.fullmatch(r"under \d{1,2}", lowered):
        return lowered
    raise KeyError(name)
