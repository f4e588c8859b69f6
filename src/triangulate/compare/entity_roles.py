"""The roles and titles a person is written with, so that "the minister" finds them.

A profile gathers, over the whole corpus, the title heads seen with a person
("Defense Minister Victor Khrenin" -> role "minister", qualifiers "defense"), the
appositions after the name ("Maria Ivanova, a defense analyst at ..." -> "analyst")
and a gender where an honorific or a gendered title says it ("Mr.", "spokeswoman").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from triangulate.compare.entity_names import (
    HONORIFIC_GENDER,
    ROLE_SYNONYMS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    is_demonym,
    modifier_matches,
    split_title,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MAX_TITLE_WORDS = 6
MAX_APPOSITION_WORDS = 6
_POSSESSIVE_MARKS = frozenset({"’s", "'s", "’", "'"})
_APPOSITION_DETS = frozenset({"a", "an", "the"})
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.\-]*)[ \t]+$")


@dataclass
class Profile:
    """What a person entity has been called besides their name."""

    roles: Counter[str] = field(default_factory=Counter)
    modifiers: set[str] = field(default_factory=set)
    genders: Counter[str] = field(default_factory=Counter)

    @property
    def gender(self) -> str | None:
        if not self.genders:
            return None
        (top, n), *rest = self.genders.most_common()
        return top if not rest or n > rest[0][1] else None

    def add(self, heads: list[str], modifiers: list[str]) -> None:
        for head in heads:
            self.roles[head] += 1
            if head in HONORIFIC_GENDER:
                self.genders[HONORIFIC_GENDER[head]] += 1
        self.modifiers.update(modifiers)


@dataclass(frozen=True)
class TitleWords:
    heads: list[str]
    modifiers: list[str]


def _word(text: str) -> str:
    return text.lower().rstrip(".")


def _split_heads(words: list[str]) -> TitleWords:
    heads = [_word(w) for w in words if _word(w) in TITLE_HEADS]
    mods = [_qualifier(w) for w in words if _word(w) not in TITLE_HEADS and _word(w) not in
            ("of", "the", "for", "and")]
    return TitleWords(heads, mods)


def _qualifier(word: str) -> str:
    # Title qualifiers compare in lower case; names of places keep their capital so
    # that a role phrase can tell "Belarusian" (a place) from "military" (a field).
    w = _word(word)
    return w if w in TITLE_MODIFIERS or not word[:1].isupper() else word.rstrip(".")


def title_words(doc: Doc, start: int, end: int) -> TitleWords:
    """Title heads and qualifiers written with the person named at ``start:end``.

    Three places are read: title words inside the mention itself, the run of title
    words just before it ("Belarus’ Defense Minister |Victor Khrenin|", also with a
    comma: "foreign minister, |Maxim Ryzhenkov|"), and an apposition after it
    ("|Maria Ivanova|, a defense analyst at ...").
    """
    heads: list[str] = []
    mods: list[str] = []
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return TitleWords(heads, mods)
    inner, _ = split_title(span.text.split())  # (doc.text would join the whole doc)
    found = _split_heads(inner)
    heads += found.heads
    mods += found.modifiers

    before = _title_before(doc, span.start)
    heads += before.heads
    mods += before.modifiers
    after = _apposition_after(doc, span.end)
    heads += after.heads
    mods += after.modifiers
    return TitleWords(heads, mods)


def _title_before(doc: Doc, first: int) -> TitleWords:
    j = first - 1
    if j >= 1 and doc[j].text == "," and _word(doc[j - 1].text) in TITLE_HEADS:
        j -= 1  # "Belarus’s foreign minister, Maxim Ryzhenkov"
    words: list[str] = []
    while j >= 0 and len(words) < MAX_TITLE_WORDS:
        tok = doc[j]
        w = _word(tok.text)
        if w in TITLE_HEADS or w in TITLE_MODIFIERS or is_demonym(tok.text):
            words.insert(0, tok.text)
            j -= 1
            continue
        if tok.text in _POSSESSIVE_MARKS and words and j >= 1 and doc[j - 1].pos_ == "PROPN":
            words.insert(0, doc[j - 1].text)  # "Russia’s foreign minister": from Russia
        break
    found = _split_heads(words)
    if not found.heads:
        return TitleWords([], [])
    return found


def _apposition_after(doc: Doc, after: int) -> TitleWords:
    if after + 2 >= len(doc) or doc[after].text != ",":
        return TitleWords([], [])
    j = after + 1
    mods: list[str] = []
    if doc[j].lower_ in _APPOSITION_DETS:
        j += 1
    elif j + 1 < len(doc) and doc[j + 1].text in _POSSESSIVE_MARKS:
        mods.append(_qualifier(doc[j].text))  # ", Russia’s foreign minister"
        j += 2
    else:
        return TitleWords([], [])
    run: list[Token] = []
    while j < len(doc) and len(run) < MAX_APPOSITION_WORDS:
        tok = doc[j]
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN") or tok.is_punct:
            break
        run.append(tok)
        j += 1
    nouns = [i for i, t in enumerate(run) if t.pos_ == "NOUN" or _word(t.text) in TITLE_HEADS]
    if not nouns:
        return TitleWords([], [])
    head = run[nouns[-1]]
    if head.tag_ in ("NNS", "NNPS"):
        return TitleWords([], [])
    mods += [_qualifier(t.text) for t in run[: nouns[-1]]]
    return TitleWords([_word(head.text)], mods)


def titles_before(text: str, start: int) -> list[str]:
    """Title heads written just before a name ("President", "Mr.", "Sen."), from the
    text alone: the run of title words that ends where the name starts."""
    heads: list[str] = []
    pos = start
    for _ in range(MAX_TITLE_WORDS):
        m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
        if m is None:
            break
        w = _word(m.group(1))
        if w in TITLE_HEADS:
            heads.append(w)
        elif w not in TITLE_MODIFIERS:
            break
        pos = m.start()
    return heads


def canonical_role(word: str) -> str:
    """One spelling per role, so "Sen." and "Senator" compare equal."""
    for role, synonyms in ROLE_SYNONYMS.items():
        if word in synonyms and role != "leader" and role != "lawmaker":
            return role
    return word


def role_compatible(head: str, modifiers: list[str], profile: Profile) -> bool:
    """Whether "the <modifiers> <head>" can name the person of ``profile``.

    The head must be a role seen with them (or a synonym: "leader" for a president).
    A qualifier that is a title word ("defense", "foreign") or a nationality must agree
    with the qualifiers seen, when any of that kind were seen; other adjectives
    ("embattled") say nothing.
    """
    words = set(profile.roles) | {m.lower() for m in profile.modifiers}
    wanted = ROLE_SYNONYMS.get(head, frozenset({head}))
    if not wanted & words:
        return False
    seen_titles = [m for m in profile.modifiers if m in TITLE_MODIFIERS]
    seen_places = [m for m in profile.modifiers if m[:1].isupper()]
    for mod in modifiers:
        if mod.lower() in TITLE_MODIFIERS:
            pool = seen_titles
        elif mod[:1].isupper():
            pool = seen_places
        else:
            continue
        if pool and not any(modifier_matches(mod, seen) for seen in pool):
            return False
    return True
