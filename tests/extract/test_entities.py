"""Named mentions: edge cleaning, propagation within an article, the stage contract."""

from __future__ import annotations

import pytest

from triangulate.extract.entities import (
    MentionStage,
    clean_bounds,
    inside_longer_name,
    person_bounds,
    propagate_mentions,
)
from triangulate.model import Article, Mention


def _clean(raw: str, text: str | None = None) -> str | None:
    text = text if text is not None else f"x {raw} y"
    start = text.index(raw)
    bounds = clean_bounds(text, start, start + len(raw))
    return None if bounds is None else text[bounds[0]:bounds[1]]


@pytest.mark.parametrize(("raw", "expected"), [
    ("The ‘Oreshnik", "Oreshnik"),            # leading article and opening quote
    ("the Minsk Institute of Strategic Studies", "Minsk Institute of Strategic Studies"),
    ("Khrenin’s", "Khrenin"),                 # curly possessive
    ("Putin's", "Putin"),                     # straight possessive
    ("Belarus’", "Belarus"),                  # possessive after s
    ("‘Polonez-M.’", "Polonez-M"),            # quotes and a sentence full stop
    ("U.S.", "U.S."),                         # the dots of an abbreviation stay
    ("“NATO”", "NATO"),
    ("Comey &", "Comey"),
    ("the", None),                            # nothing name-like left
    ("the coming weeks", None),               # no capital: not a name
])
def test_clean_bounds(raw: str, expected: str | None) -> None:
    assert _clean(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Trump’s Twitter", "Trump"),             # a person's name ends at a possessive
    ("anti-Trump", None),                     # lower-case start: no one's name
    ("Victor Khrenin", "Victor Khrenin"),
])
def test_person_bounds(raw: str, expected: str | None) -> None:
    text = f"a {raw} b"
    start = text.index(raw)
    bounds = person_bounds(text, start, start + len(raw))
    assert (None if bounds is None else text[bounds[0]:bounds[1]]) == expected


@pytest.mark.parametrize(("text", "inside"), [
    ("The Minsk Institute of Strategic Studies said.", True),   # capital after
    ("Officials in Greater Minsk said.", True),                  # capital before
    ("It was deployed. Minsk said no.", False),                 # sentence start
    ("Near Moscow, Minsk said no.", False),                     # a comma ends a name
    ("President Minsk said no.", False),                        # a title is no name part
    ("They said Minsk agreed.", False),
])
def test_inside_longer_name(text: str, inside: bool) -> None:
    start = text.index("Minsk")
    assert inside_longer_name(text, start, start + 5) is inside


def _article(text: str, names: list[tuple[str, str]]) -> Article:
    article = Article(id="a1", text=text)
    for name, label in names:
        start = text.index(name)
        article.mentions.append(Mention(span=article.span(start, start + len(name)),
                                        label=label))
    return article


def test_propagation_marks_later_occurrences_with_the_majority_label() -> None:
    text = ("Khrenin said the complex was ready. Later Khrenin’s report reached Minsk. "
            "The Minsk Institute of Strategic Studies disagreed with Khrenin.")
    article = _article(text, [("Khrenin", "PERSON"), ("Minsk", "GPE")])
    found = propagate_mentions(article, article.mentions)
    texts = [(m.span.text, m.label, m.span.start) for m in found]
    khrenin = [t for t in texts if t[0] == "Khrenin"]
    assert len(khrenin) == 3 and {t[1] for t in khrenin} == {"PERSON"}
    # "Minsk" inside the longer capitalised name is not a mention of the city
    minsk = [t for t in texts if t[0] == "Minsk"]
    assert len(minsk) == 1
    assert all(m.span.text == text[m.span.start:m.span.end] for m in found)


def test_propagation_matches_whole_words_only() -> None:
    text = "Belarus hosts it. Belarusian officials agree. Belarus’ army too."
    article = _article(text, [("Belarus", "GPE")])
    found = propagate_mentions(article, article.mentions)
    assert [m.span.start for m in found] == [0, text.index("Belarus’")]


SENTENCES = (
    "Belarusian Defense Minister Victor Khrenin delivered a report to President "
    "Alexander Lukashenko on Friday, the state news agency BelTA said.\n"
    "Khrenin’s report said the Oreshnik complex was on combat duty in Belarus."
)


def test_stage_fills_clean_named_mentions_and_is_idempotent() -> None:
    article = Article(id="s1", text=SENTENCES)
    stage = MentionStage()
    stage([article])
    first = [(m.span.start, m.span.end, m.label) for m in article.mentions]
    texts = {m.span.text for m in article.mentions}
    assert {"Victor Khrenin", "Alexander Lukashenko", "Khrenin", "Belarus"} <= texts
    assert not any(t.endswith(("’s", "'s")) or t.lower().startswith("the ") for t in texts)
    assert all(m.span.text == SENTENCES[m.span.start:m.span.end] for m in article.mentions)
    assert all(m.label not in ("DATE", "CARDINAL", "QUANTITY") for m in article.mentions)
    assert all(m.entity is None for m in article.mentions)
    stage([article])
    assert [(m.span.start, m.span.end, m.label) for m in article.mentions] == first
    assert article.annotated_by == ["mentions"]
