"""The words around numbers: bounds, vague amounts, number words and measure cues.

Each table maps lower-cased token tuples (as the quantity tokenizer splits text) to
what they mean, so adding a phrase is adding a row.
"""

from __future__ import annotations

from typing import NamedTuple

INF = float("inf")


class Bound(NamedTuple):
    """How a modifier turns a number N into an interval.

    ``low``/``high`` are multiples of N (``None``: unbounded, 0.0: zero); the interval
    is ``[low*N, high*N]`` with the given inclusivity.
    """

    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    approximate: bool = False


APPROX = 0.1  # "about 40" is 40 ± 10 %

EXACT = Bound(1.0, 1.0)
UP_TO = Bound(0.0, 1.0)
MORE_THAN = Bound(1.0, None, low_inclusive=False)
AT_LEAST = Bound(1.0, None)
LESS_THAN = Bound(0.0, 1.0, high_inclusive=False)
NEARLY = Bound(1 - APPROX, 1.0, high_inclusive=False, approximate=True)
ABOUT = Bound(1 - APPROX, 1 + APPROX, approximate=True)
JUST_OVER = Bound(1.0, 1 + APPROX, low_inclusive=False, approximate=True)


def _phrases(forms: str, bound: Bound) -> dict[tuple[str, ...], Bound]:
    return {tuple(f.split()): bound for f in forms.split("|")}


# Written before the number. "between" and "from" are handled by the parser (two numbers).
PRE_MODIFIERS: dict[tuple[str, ...], Bound] = {
    **_phrases("up to|as many as|as much as|no more than|not more than|at most|a maximum of|"
               "maximum of|a max of|as far as|as high as|as long as|as large as|within|"
               "no farther than|no further than|no longer than|not exceeding", UP_TO),
    **_phrases("more than|over|above|in excess of|exceeding|upwards of|upward of|"
               "greater than|higher than|larger than|longer than|further than|farther than|"
               "well over|well above|beyond|excess of", MORE_THAN),
    **_phrases("at least|no less than|no fewer than|not less than|not fewer than|"
               "a minimum of|minimum of|at a minimum", AT_LEAST),
    **_phrases("less than|fewer than|under|below|lower than|shorter than|smaller than|"
               "well under|well below", LESS_THAN),
    **_phrases("nearly|almost|just under|just below|just shy of|shy of|not quite", NEARLY),
    **_phrases("about|around|approximately|approx|roughly|some|an estimated|estimated|"
               "circa|ca|close to|more or less|in the region of|on the order of|"
               "in the order of|of the order of|an approximate|approximate|"
               "give or take|an average of|on average", ABOUT),
    **_phrases("just over|just above|slightly more than|slightly over|a little over|"
               "a little more than|just more than", JUST_OVER),
}
MAX_PRE_MODIFIER = max(len(k) for k in PRE_MODIFIERS)
# "over three days" is "during", not "more than", for durations
DURATION_SAFE_PREPOSITIONS = frozenset({("over",), ("within",), ("under",)})

# Written after the number (and after its unit, for "300 km or more").
POST_MODIFIERS: dict[tuple[str, ...], Bound] = {
    **_phrases("or more|or higher|or above|or longer|or over|or greater|plus|+|and up|"
               "and above|and over|and more", AT_LEAST),
    **_phrases("or less|or fewer|or under|or below|or lower|or shorter", UP_TO),
    **_phrases("or so|or thereabouts|give or take", ABOUT),
}
MAX_POST_MODIFIER = max(len(k) for k in POST_MODIFIERS)

# Range joiners between two numbers ("300 to 500", "300-500", "two or three").
RANGE_JOINERS = frozenset({"-", "–", "—", "to", "or"})

# Plural magnitude words read as an interval: "hundreds of" is [100, 1000).
VAGUE_MAGNITUDES: dict[str, tuple[float, float]] = {
    "tens": (10.0, 100.0), "dozens": (24.0, 144.0), "scores": (40.0, 200.0),
    "hundreds": (100.0, 1e3),
    "thousands": (1e3, 1e4), "millions": (1e6, 1e7), "billions": (1e9, 1e10),
    "trillions": (1e12, 1e13),
}
# "tens of thousands": the first word scales the base of the second.
VAGUE_SCALES = frozenset({"tens", "dozens", "hundreds"})
VAGUE_BASES: dict[str, float] = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
# "several hundred", "a few thousand": a small vague count times a magnitude.
VAGUE_QUALIFIERS: dict[tuple[str, ...], tuple[float, float]] = {
    ("several",): (3.0, 10.0), ("a", "few"): (2.0, 6.0), ("a", "couple", "of"): (2.0, 4.0),
    ("a", "couple"): (2.0, 4.0),
}
SINGULAR_MAGNITUDES: dict[str, float] = {
    "dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9,
    "trillion": 1e12,
}

NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "million", "billion", "trillion",
})
# Words after which "one" is a pronoun or part of an idiom, not a count.
NOT_A_COUNT_BEFORE_ONE = frozenset({
    "the", "no", "any", "every", "each", "this", "that", "which", "at", "of", "someone",
    "anyone", "everyone", "little", "last", "another", "such", "same",
})

# What a number measures, from a word near it. Each cue names the measure and the base
# units it can describe, so "range" never labels a price.
_LENGTH = frozenset({"m"})
_MONEY = frozenset({"money"})  # any currency
_SHARE = frozenset({"%", "pp"})
MEASURE_CUES: dict[str, tuple[str, frozenset[str]]] = {}


def _cues(words: str, measure: str, units: frozenset[str]) -> None:
    for w in words.split("|"):
        MEASURE_CUES[w] = (measure, units)


_cues("range|ranges|reach|reaches|reaching|reached", "range", _LENGTH)
_cues("distance|distances|away", "distance", _LENGTH)
_cues("altitude|altitudes|ceiling", "altitude", _LENGTH)
_cues("height|tall|high|elevation", "height", _LENGTH)
_cues("length|long", "length", _LENGTH)
_cues("width|wide|breadth", "width", _LENGTH)
_cues("depth|deep", "depth", _LENGTH)
_cues("speed|speeds|velocity", "speed", frozenset({"m/s"}))
_cues("weight|weighs|weighing|weighed|mass", "weight", frozenset({"kg"}))
_cues("payload|warhead|warheads", "payload", frozenset({"kg"}))
_cues("yield", "yield", frozenset({"J"}))
_cues("age|aged|old", "age", frozenset({"s"}))
_cues("price|prices|priced", "price", _MONEY)
_cues("cost|costs|costing|costed", "cost", _MONEY)
_cues("value|valued|worth", "value", _MONEY)
_cues("budget|budgets", "budget", _MONEY)
_cues("aid|assistance", "aid", _MONEY)
_cues("funding|funds|fund|financing", "funding", _MONEY)
_cues("investment|investments|invest|invested|investing", "investment", _MONEY)
_cues("deal|contract|contracts|agreement", "deal", _MONEY)
_cues("loan|loans|credit", "loan", _MONEY)
_cues("debt|debts|deficit", "debt", _MONEY)
_cues("revenue|revenues|sales|turnover", "revenue", _MONEY)
_cues("profit|profits|earnings|income", "profit", _MONEY)
_cues("loss|losses", "loss", _MONEY)
_cues("fine|fined|fines|penalty|damages|compensation", "penalty", _MONEY)
_cues("salary|salaries|wage|wages|pay", "pay", _MONEY)
_cues("tax|taxes|tariff|tariffs|duty|duties", "tax", _MONEY | _SHARE)
_cues("spending|spend|spent|expenditure", "spending", _MONEY)
_cues("package|bill|grant|grants|ransom|reward|bounty|bail", "amount", _MONEY)
_cues("inflation", "inflation", _SHARE)
_cues("unemployment|jobless", "unemployment", _SHARE)
_cues("turnout", "turnout", _SHARE)
_cues("growth|grew|expanded|contracted|gdp", "growth", _SHARE)
_cues("rate|rates", "rate", _SHARE)
_cues("share|shares|stake|stakes", "share", _SHARE)
_cues("support|approval|backing|votes|vote|majority", "support", _SHARE)
_cues("rise|rose|increase|increased|up|jump|jumped|climbed|gain|gained", "increase", _SHARE)
_cues("fall|fell|drop|dropped|decline|declined|down|cut|decrease|decreased", "decrease",
      _SHARE)
_cues("area|territory|land", "area", frozenset({"m2"}))
_cues("capacity", "capacity", frozenset({"m3", "W", "J", "kg"}))
_cues("temperature|temperatures", "temperature", frozenset({"°C"}))
_cues("lasted|lasting|duration", "duration", frozenset({"s"}))
# for a bare count ("the toll rose to about 40"), what was counted
_COUNT = frozenset({"count"})
_cues("toll|deaths|dead|killed|died|fatalities", "deaths", _COUNT)
_cues("casualties", "casualties", _COUNT)
_cues("injured|wounded|hurt|injuries", "injured", _COUNT)
_cues("arrested|detained|arrests|detentions", "arrests", _COUNT)
_cues("troops|soldiers|personnel", "troops", _COUNT)
_cues("population|inhabitants|residents", "population", _COUNT)

# A distance "away" in a sentence about striking targets is a weapon's range.
STRIKE_WORDS = frozenset({
    "strike", "strikes", "striking", "hit", "hits", "hitting", "target", "targets",
    "engage", "engaging", "fire", "fired", "firing", "launch", "launched",
})
MEASURE_WINDOW = 6  # tokens left of a quantity searched for a cue

# A number right after one of these is a label ("Article 5", "Flight 17"), not an amount.
LABEL_WORDS = frozenset({
    "article", "articles", "section", "chapter", "paragraph", "clause", "resolution",
    "flight", "route", "highway", "road", "line", "page", "pages", "number", "no", "nos",
    "level", "phase", "stage", "grade", "category", "class", "room", "gate", "platform",
    "terminal", "version", "season", "episode", "step", "round", "group", "block",
    "building", "district", "ward", "precinct", "bus", "train", "channel", "item", "table",
    "figure", "annex", "protocol", "model", "type", "mark", "mk", "serial", "code", "lot",
    "seat", "row", "unit", "division", "brigade", "regiment", "battalion", "corps", "army",
    "fleet", "squadron", "no.", "vol", "volume", "issue", "act", "amendment", "title",
    "rule", "law", "bill", "order", "decree", "day", "week", "game", "match", "top", "tier",
    "size", "zone", "sector", "area", "camp", "cell", "apartment", "house",
    "street", "avenue", "floor", "kilometre", "kilometer", "km", "mile",
})

# Time zones and clock words: "15:00 GMT", "3 pm" are times of day.
CLOCK_WORDS = frozenset({
    "gmt", "utc", "cet", "cest", "est", "edt", "pst", "pdt", "et", "pt", "bst", "msk",
    "am", "pm", "a.m.", "p.m.", "o'clock", "local",
})

MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
})
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                      "sunday"})
# Before a year ("in 2024", "the 2024 election") a four-digit number is a date.
YEAR_CONTEXT = frozenset({"in", "since", "of", "by", "from", "until", "till", "to", "the",
                          "its", "his", "her", "their", "our", "and", "or", "through",
                          "before", "after", "during", "early", "late", "mid", "summer",
                          "winter", "spring", "autumn", "fall", "year", "fiscal", "'s"})

# Plural nouns that do not end in "s".
IRREGULAR_PLURALS = frozenset({
    "people", "men", "women", "children", "personnel", "staff", "police", "aircraft",
    "cattle", "sheep", "fish", "deer", "crew", "infantry", "militia", "feet", "teeth",
    "mice", "geese", "spacecraft", "offspring", "livestock", "poultry", "clergy",
    "youth", "swine", "refugees", "data", "media", "criteria", "phenomena", "bacteria",
})
# Words ending in "s" that are not plural nouns.
NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "'s", "’s")

# Words between a number and its noun that the noun search steps over.
COUNT_MODIFIERS = frozenset({"more", "other", "additional", "extra", "new", "further",
                             "fewer", "less"})

# Words that never name what is counted (after a number they end the search).
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "no",
    "all", "both", "either", "neither", "other", "another", "such", "what", "which", "who",
    "whom", "whose", "where", "when", "why", "how", "whether", "if", "than", "then", "there",
    "here", "it", "its", "it's", "he", "him", "his", "she", "her", "hers", "they", "them",
    "their", "theirs", "we", "us", "our", "ours", "you", "your", "yours", "i", "me", "my",
    "mine", "one", "ones", "oneself", "itself", "himself", "herself", "themselves", "ourselves",
    "of", "in", "on", "at", "by", "for", "from", "to", "with", "without", "into", "onto",
    "upon", "about", "above", "below", "over", "under", "between", "among", "amongst",
    "through", "throughout", "during", "before", "after", "since", "until", "till", "against",
    "toward", "towards", "across", "along", "around", "behind", "beyond", "near", "off", "out",
    "up", "down", "per", "via", "versus", "and", "or", "but", "nor", "so", "yet", "as",
    "because", "although", "though", "while", "whereas", "unless", "is", "are", "was", "were",
    "be", "been", "being", "am", "has", "have", "had", "having", "do", "does", "did", "doing",
    "done", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought",
    "need", "dare", "not", "never", "also", "only", "just", "even", "still", "already", "again",
    "too", "very", "more", "most", "less", "least", "much", "many", "few", "several", "enough",
    "quite", "rather", "almost", "nearly", "approximately", "said", "says", "say", "told",
    "tells", "added", "adding", "according", "reported", "claimed", "stated", "noted", "times",
    "time", "plus", "minus", "percent", "cent", "ago", "later", "earlier", "afterwards",
    "others", "apiece", "alone", "together", "instead", "respectively",
})
