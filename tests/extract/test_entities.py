"""Named mentions: edge cleaning, propagation within an article, the stage contract."""

from __future__ import annotations

import pytest

from triangulate.extract.entities import (
    MentionStage,
    clean_bounds,
    correct_person_labels,
    find_mentions,
    inside_longer_name,
    person_bounds,
    person_shaped,
    propagate_mentions,
    titled_person,
)
from triangulate.model import Article, Mention
from triangulate.models.language import parse


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


# --- people the model mislabelled ---------------------------------------------------


@pytest.mark.parametrize(("words", "shaped"), [
    ("Helena Varga", True),
    ("Ursula von der Leyen", True),           # a particle inside a person's name
    ("NATO", False),                          # an acronym
    ("Boeing 737", False),                    # a number
    ("Queen Mary University", False),         # ends like an institution
    ("Congressional Black Caucus Foundation", False),
    ("of Defense", False),                    # lower-case start
])
def test_person_shaped(words: str, shaped: bool) -> None:
    assert person_shaped(words.split()) is shaped


@pytest.mark.parametrize(("text", "name", "titled"), [
    ("Governor Helena Varga told reporters that no one had been injured.",
     "Helena Varga", True),
    ("Sen. Ron Wyden wrote to the director.", "Ron Wyden", True),   # abbreviated title
    ("The company's spokesman Brandt declined to comment.", "Brandt", True),
    ("Bishop Daniel Jenky spoke on Sunday.", "Bishop Daniel Jenky", True),  # title inside
    ("The chief Pentagon spokesman said so.", "Pentagon", False),  # modifies a noun after
    ("He is the President of the United States.", "United States", False),  # "of" between
    ("Shares of General Electric Company fell.", "General Electric Company", False),
    ("Dr Pepper sales rose.", "Dr Pepper", False),  # one word after a title inside: a brand
    ("Lee is a former caucus chairman. Sanchez led another.", "Sanchez", False),  # full stop
    ("It was posted on his official Twitter account.", "Twitter", False),
    ("Visitors to Lindqvar were few.", "Lindqvar", False),        # no title at all
])
def test_titled_person(text: str, name: str, titled: bool) -> None:
    article = Article(id="t", text=text)
    start = text.index(name)
    assert titled_person(text, parse(article), start, start + len(name)) is titled


def _labelled(text: str, names: list[tuple[str, str]]) -> Article:
    """An article with mentions of the names, given in text order."""
    article = Article(id="a1", text=text)
    end = 0
    for name, label in names:
        start = text.index(name, end)
        end = start + len(name)
        article.mentions.append(Mention(span=article.span(start, start + len(name)),
                                        label=label))
    return article


@pytest.mark.parametrize(("text", "names", "labels"), [
    pytest.param(  # a title makes the name a person's, and so its other occurrences
        "Governor Helena Varga spoke. Later Helena Varga visited the dam.",
        [("Helena Varga", "ORG"), ("Helena Varga", "GPE")], ["PERSON", "PERSON"],
        id="titled"),
    pytest.param(  # the surname of a person named in the article, speaking
        "Helena Varga toured the town. \"We are safe,\" Varga said.",
        [("Helena Varga", "PERSON"), ("Varga", "ORG")], ["PERSON", "PERSON"],
        id="speaking-surname"),
    pytest.param(  # ... and then every occurrence of it in the article
        "Nancy Pelosi won. Pelosi said she was glad. Critics of Pelosi stayed quiet.",
        [("Nancy Pelosi", "PERSON"), ("Pelosi", "GPE"), ("Pelosi", "GPE")],
        ["PERSON", "PERSON", "PERSON"], id="one-sense-per-article"),
    pytest.param(  # a surname that does not speak keeps the model's label
        "Helena Varga toured the town. Then Varga left for the capital.",
        [("Helena Varga", "PERSON"), ("Varga", "ORG")], ["PERSON", "ORG"],
        id="not-speaking"),
    pytest.param(  # an organisation speaking is no person without one of its name
        "Hydrovia said the main wall was sound, Tomas Brandt added.",
        [("Hydrovia", "ORG"), ("Tomas Brandt", "PERSON")], ["ORG", "PERSON"],
        id="organisation-speaks"),
    pytest.param(  # a nationality after a role word is not relabelled
        "The minority leader Democrat Chuck Schumer objected.",
        [("Democrat", "NORP"), ("Chuck Schumer", "PERSON")], ["NORP", "PERSON"],
        id="nationality"),
])
def test_correct_person_labels(text: str, names: list[tuple[str, str]],
                               labels: list[str]) -> None:
    article = _labelled(text, names)
    found = correct_person_labels(article, parse(article), article.mentions)
    assert [m.label for m in found] == labels


def test_titled_name_mislabelled_by_the_model_becomes_a_person() -> None:
    # the small model labels this name ORG; the title before it says otherwise
    text = ("Governor Helena Varga told reporters that no one had been injured. "
            "\"We moved everyone out,\" Varga said.")
    article = Article(id="v", text=text)
    found = {(m.span.text, m.label) for m in find_mentions(article, parse(article))}
    assert {("Helena Varga", "PERSON"), ("Varga", "PERSON")} <= found
