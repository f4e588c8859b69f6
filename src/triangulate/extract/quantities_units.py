"""Units, currencies and multipliers that quantities are written in, with base units.

Every length is stored in metres ("m"), mass in kilograms ("kg"), durations in seconds
("s"), speed in metres per second ("m/s"), area in square metres ("m2"), volume in
cubic metres ("m3"), energy in joules ("J"), power in watts ("W"), temperature in
degrees Celsius ("°C"), money in its ISO 4217 currency code, shares in "%" (or "pp"
for percentage points) and counts in "count".

A unit whose size depends on a convention the text does not state ("ton": short or
long; "gallon": US or imperial; "month": 28 to 31 days) has a factor *interval*, so
the quantity's interval covers every reading and two sources using either reading
never look contradictory.
"""

from __future__ import annotations

from typing import NamedTuple


class Unit(NamedTuple):
    base: str
    low: float  # factor to the base unit; low == high for an exact unit
    high: float
    kind: str = "quantity"  # quantity | money | percent
    measure: str | None = None  # what the unit alone says is measured, if one thing
    offset: float = 0.0  # added after scaling (temperature scales)


def _exact(base: str, factor: float, measure: str | None = None) -> Unit:
    return Unit(base, factor, factor, "quantity", measure)


def _money(code: str) -> Unit:
    return Unit(code, 1.0, 1.0, "money")


_MILE = 1609.344
_NAUTICAL_MILE = 1852.0
_DAY = 86400.0
_MACH = 343.0  # speed of sound in air at 20 °C, sea level; the usual news reading
_KILOTON_TNT = 4.184e12

# Each key is the unit's tokens (see ``token_key``), as the tokenizer splits them ("km/h" is
# three tokens). Abbreviations that are also common words ("in", "am", "min" as a name,
# "l") are left out: a missed unit costs less than a wrong one.
_UNIT_FORMS: list[tuple[tuple[str, ...], Unit]] = []


def token_key(token: str) -> str:
    """How a token is looked up: words case-blind, short abbreviations as written.

    "5G" is no five grams and "MW" is no milliwatt: abbreviations of up to three
    characters must match their canonical case (or, when that is lower case, be
    written in capitals or title case: "KM", "Km").
    """
    return token.lower() if len(token) > 3 else token


def _add(forms: str, unit: Unit) -> None:
    """Register ``forms``: alternatives separated by '|', tokens by spaces."""
    for form in forms.split("|"):
        tokens = form.split()
        # headlines write "5,000 KM" or "5,000 Km"
        for case in (str, str.upper, str.title):
            variant = tuple(case(t) if 1 < len(t) <= 3 and t.islower() else t for t in tokens)
            _UNIT_FORMS.append((tuple(token_key(t) for t in variant), unit))


# length
_add("m|metre|metres|meter|meters", _exact("m", 1.0))
_add("km|kms|kilometre|kilometres|kilometer|kilometers|klicks", _exact("m", 1000.0))
_add("cm|centimetre|centimetres|centimeter|centimeters", _exact("m", 0.01))
_add("mm|millimetre|millimetres|millimeter|millimeters", _exact("m", 0.001))
_add("mile|miles|mi", _exact("m", _MILE))
_add("nautical mile|nautical miles|nmi|nm", _exact("m", _NAUTICAL_MILE))
_add("yard|yards|yd|yds", _exact("m", 0.9144))
_add("foot|feet|ft", _exact("m", 0.3048))
_add("inch|inches", _exact("m", 0.0254))
# mass
_add("kg|kgs|kilo|kilos|kilogram|kilograms|kilogramme|kilogrammes", _exact("kg", 1.0))
_add("g|gram|grams|gramme|grammes", _exact("kg", 0.001))
_add("mg|milligram|milligrams", _exact("kg", 1e-6))
_add("t|tonne|tonnes|metric ton|metric tons", _exact("kg", 1000.0))
_add("ton|tons", Unit("kg", 907.18474, 1016.0469088))  # short to long ton
_add("lb|lbs|pound|pounds", _exact("kg", 0.45359237))
_add("oz|ounce|ounces", _exact("kg", 0.028349523125))
# duration
_add("second|seconds|sec|secs", _exact("s", 1.0, "duration"))
_add("minute|minutes|mins", _exact("s", 60.0, "duration"))
_add("hour|hours|hr|hrs|h", _exact("s", 3600.0, "duration"))
_add("day|days", _exact("s", _DAY, "duration"))
_add("week|weeks", _exact("s", 7 * _DAY, "duration"))
_add("fortnight|fortnights", _exact("s", 14 * _DAY, "duration"))
_add("month|months", Unit("s", 28 * _DAY, 31 * _DAY, "quantity", "duration"))
_add("year|years|yr|yrs", Unit("s", 365 * _DAY, 366 * _DAY, "quantity", "duration"))
_add("decade|decades", Unit("s", 3652 * _DAY, 3653 * _DAY, "quantity", "duration"))
_add("century|centuries", Unit("s", 36524 * _DAY, 36525 * _DAY, "quantity", "duration"))
# speed
_add("km / h|km/h|kmh|kph|kilometres per hour|kilometers per hour|kilometres an hour|"
     "kilometers an hour", _exact("m/s", 1000 / 3600, "speed"))
_add("mph|miles per hour|miles an hour", _exact("m/s", _MILE / 3600, "speed"))
_add("m / s|metres per second|meters per second", _exact("m/s", 1.0, "speed"))
_add("knot|knots|kts", _exact("m/s", _NAUTICAL_MILE / 3600, "speed"))
# area
_add("m²|sq m|square metre|square metres|square meter|square meters", _exact("m2", 1.0, "area"))
_add("km²|sq km|square kilometre|square kilometres|square kilometer|square kilometers",
     _exact("m2", 1e6, "area"))
_add("sq mi|square mile|square miles", _exact("m2", _MILE**2, "area"))
_add("hectare|hectares|ha", _exact("m2", 1e4, "area"))
_add("acre|acres", _exact("m2", 4046.8564224, "area"))
# volume
_add("litre|litres|liter|liters", _exact("m3", 0.001, "volume"))
_add("cubic metre|cubic metres|cubic meter|cubic meters|m³", _exact("m3", 1.0, "volume"))
_add("gallon|gallons", Unit("m3", 0.003785411784, 0.00454609, "quantity", "volume"))
_add("barrel|barrels", _exact("m3", 0.158987294928, "volume"))
# energy, explosive yield, power
_add("kiloton|kilotons|kilotonne|kilotonnes", _exact("J", _KILOTON_TNT, "yield"))
_add("megaton|megatons|megatonne|megatonnes", _exact("J", 1000 * _KILOTON_TNT, "yield"))
_add("kWh|kilowatt hour|kilowatt hours", _exact("J", 3.6e6, "energy"))
_add("MWh|megawatt hour|megawatt hours", _exact("J", 3.6e9, "energy"))
_add("GWh|gigawatt hour|gigawatt hours", _exact("J", 3.6e12, "energy"))
_add("W|watt|watts", _exact("W", 1.0, "power"))
_add("kW|kilowatt|kilowatts", _exact("W", 1e3, "power"))
_add("MW|megawatt|megawatts", _exact("W", 1e6, "power"))
_add("GW|gigawatt|gigawatts", _exact("W", 1e9, "power"))
# temperature (only when the scale is written: bare "degrees" may be an angle)
_add("° C|degrees celsius|degrees centigrade|degree celsius",
     Unit("°C", 1.0, 1.0, "quantity", "temperature"))
_add("° F|degrees fahrenheit|degree fahrenheit",
     Unit("°C", 5 / 9, 5 / 9, "quantity", "temperature", -32 * 5 / 9))
# shares
_add("%|per cent|percent|pct", Unit("%", 1.0, 1.0, "percent"))
_add("percentage point|percentage points|pp", Unit("pp", 1.0, 1.0, "percent"))
# money written after the number
_add("dollar|dollars|us dollars|american dollars", _money("USD"))
_add("canadian dollars", _money("CAD"))
_add("australian dollars", _money("AUD"))
_add("hong kong dollars", _money("HKD"))
_add("euro|euros", _money("EUR"))
_add("pounds sterling|sterling", _money("GBP"))
_add("yen", _money("JPY"))
_add("yuan|renminbi", _money("CNY"))
_add("rouble|roubles|ruble|rubles", _money("RUB"))
_add("rupee|rupees", _money("INR"))
_add("hryvnia|hryvnias|hryvnas", _money("UAH"))
_add("swiss francs", _money("CHF"))
_add("zloty|zlotys", _money("PLN"))
_add("lira|liras", _money("TRY"))
_add("shekel|shekels", _money("ILS"))
_add("rand", _money("ZAR"))

UNITS: dict[tuple[str, ...], Unit] = dict(_UNIT_FORMS)
MAX_UNIT_TOKENS = max(len(k) for k in UNITS)

# "pounds" after a multiplier ("5 million pounds") is money, not mass.
POUNDS = frozenset({"pound", "pounds"})
GBP = _money("GBP")

# Units written before the number.
PREFIX_UNITS: dict[str, Unit] = {"mach": _exact("m/s", _MACH, "speed")}

# Currency symbols and codes written before the number; "$" alone is read as USD.
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "c$": "CAD", "ca$": "CAD", "a$": "AUD",
    "au$": "AUD", "hk$": "HKD", "nz$": "NZD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₽": "RUB", "₹": "INR", "₴": "UAH", "₪": "ILS", "₺": "TRY", "zł": "PLN",
}
CURRENCY_CODES = frozenset({
    "USD", "EUR", "GBP", "JPY", "CNY", "RUB", "INR", "UAH", "CHF", "CAD", "AUD", "HKD",
    "NZD", "PLN", "TRY", "ILS", "ZAR", "SEK", "NOK", "DKK", "BRL", "MXN", "KRW", "SGD",
})

# Multipliers written after a number. Single letters only count right after a currency
# ("$5m", "€2bn"): "5m" alone is five metres.
MULTIPLIERS: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12, "lakh": 1e5, "crore": 1e7,
}
ATTACHED_MULTIPLIERS: dict[str, float] = {"k": 1e3}  # "5k", written without a space
CURRENCY_MULTIPLIERS: dict[str, float] = {"m": 1e6, "b": 1e9, "k": 1e3, "bln": 1e9}
