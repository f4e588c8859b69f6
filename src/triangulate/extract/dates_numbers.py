"""Counts in time expressions ("two", "24", "5 1/2", "a couple of") and TimeML durations."""

from __future__ import annotations

import re

from triangulate.extract.dates_lexicon import ONES, TENS, TIME_UNITS, UNITS

_FRACTION = re.compile(r"(\d+)\s+(\d)/(\d)$")
_SPECIAL: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "a couple": 2, "a couple of": 2, "couple": 2,
    "a hundred": 100, "one and a half": 1.5, "a half": 0.5, "half a": 0.5, "half an": 0.5,
}


def parse_count(words: str) -> float | None:
    """The number a count phrase names; None for vague ones ("several", "a few")."""
    key = " ".join(words.lower().replace("-", " ").split())
    if key in _SPECIAL:
        return _SPECIAL[key]
    m = _FRACTION.match(key)
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    digits = key.replace(",", "")
    try:
        return float(digits)
    except ValueError:
        pass
    total = 0
    for word in key.split():
        if word in ONES:
            total += ONES[word]
        elif word in TENS:
            total += TENS[word]
        elif word == "hundred":
            total = max(total, 1) * 100
        elif word == "and":
            continue
        else:
            return None
    return float(total) if total else None


def unit_name(word: str) -> str:
    """The singular unit of a unit word: "years" is "year", "centuries" "century"."""
    word = word.lower()
    if word == "centuries":
        return "century"
    if word == "millennia":
        return "millennium"
    return word[:-1] if word.endswith("s") and word[:-1] in UNITS else word


# Smaller unit to spell out a fraction of a larger one: 1.5 hours is PT1H30M.
_SPLIT: dict[str, tuple[str, str, int, bool]] = {
    "Y": ("Y", "M", 12, False), "M": ("M", "D", 30, False), "W": ("W", "D", 7, False),
    "D": ("D", "H", 24, True), "Q": ("Q", "M", 3, False),
}
_SPLIT_TIME: dict[str, tuple[str, str, int]] = {"H": ("H", "M", 60), "M": ("M", "S", 60)}


def duration_value(count: float | None, unit: str) -> str:
    """TimeML duration value: "P3Y", "PT5H30M", "PXM" for a vague count."""
    letter, multiple = UNITS.get(unit.lower(), ("X", 1))
    prefix = "PT" if unit.lower() in TIME_UNITS else "P"
    if count is None:
        return f"{prefix}X{letter}"
    amount = count * multiple
    whole = int(amount)
    rest = amount - whole
    if rest < 1e-9:
        return f"{prefix}{whole}{letter}"
    if prefix == "PT" and letter in _SPLIT_TIME:
        big, small, per = _SPLIT_TIME[letter]
        tail = f"{round(rest * per)}{small}"
        return f"PT{whole}{big}{tail}" if whole else f"PT{tail}"
    if letter in _SPLIT:
        big, small, per, needs_t = _SPLIT[letter]
        tail = f"{'T' if needs_t else ''}{round(rest * per)}{small}"
        return f"P{whole}{big}{tail}" if whole else f"P{tail}"
    return f"{prefix}{amount:g}{letter}"
