"""Names found in some reports, marked where the model missed them in the others.

The small NER model finds a name in one report and misses it in the next ("Oreshnik"
tagged in three of five reports, "Oreshniki" in none), so corpus entities would
look less shared than they are. Single-word names recognised at least twice are
searched in every article, as whole words outside longer capitalised names. Words
that the corpus also writes in lower case ("Western" / "western", "May" / "may")
are left alone: a capital there may only start a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from triangulate.compare.entity_names import INFLECTION_SUFFIXES, MIN_INFLECTED_STEM
from triangulate.extract.entities import inside_longer_name
from triangulate.model import Article, Mention

if TYPE_CHECKING:
    from triangulate.compare.entity_records import ArticleNames
    from triangulate.model import Entity

MIN_SPREAD_LENGTH = 4
MIN_RECOGNISED = 2
LOWER_WORD = re.compile(r"(?<![\w\-])[a-z][a-z]+(?![\w\-])")
# a longer name before a shorter ending, as "Oreshniks" is "Oreshnik" + "s"
_SUFFIXES_SHORTEST_FIRST = sorted(INFLECTION_SUFFIXES, key=len)


def spread_candidates(records: Sequence[ArticleNames],
                      of_mention: Mapping[tuple[int, int], str],
                      entities: Sequence[Entity]) -> dict[str, str]:
    """Single-word names worth searching for, with the type of their entity (from the
    articles' records, :func:`~triangulate.compare.entity_records.names_of`); a word
    written for entities of several types takes the type of the one merging placed
    last (the one first written latest)."""
    lower: set[str] = set()
    for record in records:
        lower.update(record.lower)
    rank = {e.id: (n, e.type) for n, e in enumerate(entities)}
    seen: Counter[str] = Counter()
    label: dict[str, tuple[int, str]] = {}
    for record in records:
        for name in record.names:
            eid = of_mention.get((record.index, name.index))
            text = name.text
            if (eid is None or " " in text or len(text) < MIN_SPREAD_LENGTH
                    or not text[0].isupper() or not text.replace("-", "").isalpha()
                    or text.lower() in lower):
                continue
            seen[text] += 1
            if text not in label or rank[eid][0] > label[text][0]:
                label[text] = rank[eid]
    return {t: label[t][1] for t, n in seen.items() if n >= MIN_RECOGNISED}


def spread_names(articles: Sequence[Article], names: dict[str, str]) -> int:
    """Add mentions for further occurrences of ``names``; returns how many were added.

    ``names`` are single words (letters and hyphens, as :func:`spread_candidates`
    gives them), matched as whole words. A long name that is not a person's may carry
    an inflection or plural ending ("Oreshniki"); the entity stage merges that form
    with its base.
    """
    if not names:
        return 0
    # each whole word that starts as some name does is looked up, rather than
    # searching for every name: the cost stays linear in the text however many names
    firsts = "".join(sorted({re.escape(n[0]) for n in names}))
    words = re.compile(rf"(?<![\w\-])[{firsts}][\w\-]*")
    added = 0
    for article in articles:
        taken = [(m.span.start, m.span.end) for m in article.mentions]
        new: list[Mention] = []
        for match in words.finditer(article.text):
            found = _spread_name(match.group(), names)
            if found is None:
                continue
            name, suffix = found
            label = names[name]
            if suffix and (label == "PERSON" or len(name) < MIN_INFLECTED_STEM):
                continue
            s, e = match.span()
            if any(a < e and s < b for a, b in taken) or inside_longer_name(article.text, s, e):
                continue
            new.append(Mention(span=article.span(s, e), label=label, found_by="spread"))
            taken.append((s, e))
        if new:
            article.mentions = sorted(article.mentions + new,
                                      key=lambda m: (m.span.start, m.span.end))
            added += len(new)
    return added


def _spread_name(word: str, names: dict[str, str]) -> tuple[str, str] | None:
    """The name a whole word writes, with its ending: the longest name that the word
    is, or is with one inflection ending."""
    if word in names:
        return word, ""
    for suffix in _SUFFIXES_SHORTEST_FIRST:
        if word.endswith(suffix) and word[: -len(suffix)] in names:
            return word[: -len(suffix)], suffix
    return None
