"""Category words that stand for a number by convention, as intervals in base units.

One article says a missile has "intercontinental range", another that it flies "up to
300 km": a reader should see that these disagree, so the category word becomes the
interval its convention gives it. Only terms with a settled, published convention are
here; "long-range" has none and stays a word.

Conventions
-----------
Ballistic missile range classes, as used by the US Department of Defense and the
Missile Defense Agency (and by arms-control reporting):

================================  =======================  ==========================
term                              range                    interval in metres
================================  =======================  ==========================
short-range (SRBM)                under 1,000 km           [0, 1e6)
medium-range (MRBM)               1,000 to 3,000 km        [1e6, 3e6]
intermediate-range (IRBM)         3,000 to 5,500 km        [3e6, 5.5e6]
intercontinental (ICBM)           over 5,500 km            [5.5e6, inf)
================================  =======================  ==========================

Note: the INF Treaty used "intermediate-range" for 1,000 to 5,500 km; we keep the
narrower DoD class, which the treaty's range contains.

Flight speed regimes, in multiples of the speed of sound (Mach 1 = 343 m/s, air at
20 °C at sea level, the figure news reports convert with): subsonic under Mach 1,
supersonic Mach 1 to 5, hypersonic Mach 5 and above.

The range terms describe weapons, so they only count with a weapon word after them
("intermediate-range ballistic missile", "intercontinental ranges"); "intercontinental
flights" is no range claim. The abbreviations and speed words need no such context.
"""

from __future__ import annotations

import re
from typing import NamedTuple

INF = float("inf")
MACH = 343.0


class Category(NamedTuple):
    pattern: str  # regex, matched case-insensitively unless ``case_sensitive``
    low: float
    high: float | None
    unit: str
    measure: str
    low_inclusive: bool = True
    high_inclusive: bool = True
    needs_context: bool = True  # must be followed by a WEAPON_CONTEXT word
    case_sensitive: bool = False


_H = r"[\s\-‐‑]"  # "intermediate-range", "intermediate range"

CATEGORIES: tuple[Category, ...] = (
    Category(rf"short{_H}range", 0.0, 1e6, "m", "range", high_inclusive=False),
    Category(rf"(?:medium|mid){_H}range", 1e6, 3e6, "m", "range"),
    Category(rf"intermediate{_H}range", 3e6, 5.5e6, "m", "range"),
    Category(r"intercontinental", 5.5e6, None, "m", "range"),
    Category(r"SRBMs?", 0.0, 1e6, "m", "range", high_inclusive=False, needs_context=False,
             case_sensitive=True),
    Category(r"MRBMs?", 1e6, 3e6, "m", "range", needs_context=False, case_sensitive=True),
    Category(r"IRBMs?", 3e6, 5.5e6, "m", "range", needs_context=False, case_sensitive=True),
    Category(r"ICBMs?", 5.5e6, None, "m", "range", needs_context=False, case_sensitive=True),
    Category(r"hypersonic", 5 * MACH, None, "m/s", "speed", needs_context=False),
    Category(r"supersonic", MACH, 5 * MACH, "m/s", "speed", low_inclusive=False,
             high_inclusive=False, needs_context=False),
    Category(r"subsonic", 0.0, MACH, "m/s", "speed", high_inclusive=False,
             needs_context=False),
)

# Words that make a range term a claim about a weapon's reach (up to two words later).
WEAPON_CONTEXT = re.compile(
    r"[\s\-]+(?:[\w\-]+\s+){0,2}?(?:ballistic|missiles?|rockets?|ranges?|weapons?|"
    r"strikes?|capab\w*|warheads?|launchers?|systems?|arsenal|delivery)\b",
    re.IGNORECASE,
)
