"""Story grouping: same event apart in wording joins, different events stay apart."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
import pytest

from triangulate.compare.stories import (
    StoryClusterer,
    StorySettings,
    StoryStage,
    article_names,
    day_number,
    name_key,
)
from triangulate.extract.lead import lead_text, pack_lead, split_sentences, unpack_lead
from triangulate.model import Article, Corpus, Mention

FLOOD_A = Article(
    id="flood-a", title="Flash floods kill dozens in eastern Spain", published="2024-10-30",
    text=(
        "Flash floods in the Valencia region of eastern Spain have killed at least 95 people, "
        "regional officials said on Wednesday. Torrential rain overnight turned streets into "
        "rivers and swept away cars in the town of Paiporta. Prime Minister Pedro Sanchez "
        "declared three days of national mourning."
    ),
)
FLOOD_B = Article(
    id="flood-b", title="Valencia death toll rises as rescuers search for missing",
    published="2024-10-31",
    text=(
        "Rescuers in Valencia searched through mud-filled streets on Thursday as the death "
        "toll from Spain's worst floods in decades climbed past 150. Residents of Paiporta said "
        "the water rose within minutes on Tuesday night. Pedro Sanchez promised the government "
        "would help rebuild."
    ),
)
ELECTION = Article(
    id="election", title="Ghana votes in tight presidential race", published="2024-12-07",
    text=(
        "Voters in Ghana went to the polls on Saturday to choose a new president, with former "
        "leader John Mahama facing Vice President Mahamudu Bawumia. Turnout in Accra was high, "
        "the electoral commission said. Results are expected within three days."
    ),
)


def fresh(*articles: Article) -> list[Article]:
    """Copies without a cached embedding, so each test starts from the text."""
    return [Article(id=a.id, title=a.title, published=a.published, text=a.text)
            for a in articles]


def test_same_event_joins_and_other_event_stays_apart() -> None:
    clusterer = StoryClusterer()
    ids = clusterer.add_many(fresh(FLOOD_A, FLOOD_B, ELECTION))
    assert ids == ["s1", "s1", "s2"]


def test_incremental_add_joins_an_existing_story() -> None:
    flood_a, election, flood_b = fresh(FLOOD_A, ELECTION, FLOOD_B)
    clusterer = StoryClusterer()
    assert clusterer.add(flood_a) == "s1"
    assert clusterer.add(election) == "s2"
    assert clusterer.add(flood_b) == "s1"
    assert clusterer.add(flood_b) == "s1"  # adding again changes nothing
    assert [st.articles for st in clusterer.stories()] == [["flood-a", "flood-b"], ["election"]]


def test_embedding_is_computed_once_and_kept() -> None:
    (article,) = fresh(FLOOD_A)
    StoryClusterer().add(article)
    assert article.embedding is not None and len(unpack_lead(article.embedding)) == 384


def test_stage_fills_stories_with_central_title() -> None:
    corpus = StoryStage()(Corpus(articles=fresh(FLOOD_A, ELECTION, FLOOD_B)))
    assert [(st.id, st.articles) for st in corpus.stories] == [
        ("s1", ["flood-a", "flood-b"]), ("s2", ["election"])]
    assert corpus.stories[1].title == ELECTION.title
    assert corpus.stories[0].title in (FLOOD_A.title, FLOOD_B.title)


def test_untitled_story_takes_first_sentence() -> None:
    (article,) = fresh(ELECTION)
    article.title = None
    corpus = StoryStage()(Corpus(articles=[article]))
    assert corpus.stories[0].title.startswith("Voters in Ghana went to the polls")


def test_far_apart_dates_lower_the_score() -> None:
    near, far = fresh(FLOOD_B, FLOOD_B)
    far.id, far.published = "flood-b-later", "2025-06-01"
    clusterer = StoryClusterer()
    clusterer.add(fresh(FLOOD_A)[0])
    names = Counter(article_names(near))
    vec = clusterer.embedder.embed(lead_text(near, 3)).mean(axis=0)
    close = clusterer.score(0, vec, names, day_number(near.published))
    late = clusterer.score(0, vec, names, day_number(far.published))
    undated = clusterer.score(0, vec, names, None)
    assert late < close == undated  # missing dates are neutral


def test_strict_threshold_opens_new_stories() -> None:
    clusterer = StoryClusterer(settings=StorySettings(threshold=5.0))
    assert clusterer.add_many(fresh(FLOOD_A, FLOOD_B)) == ["s1", "s2"]


@pytest.mark.parametrize(("text", "label", "key"), [
    ("Donald Trump", "PERSON", "trump"),
    ("Trump's", "PERSON", "trump"),
    ("the European Union", "ORG", "european union"),
    ("U.S.", "GPE", "u.s"),
])
def test_name_key(text: str, label: str, key: str) -> None:
    assert name_key(text, label) == key


def test_names_from_mentions_when_present() -> None:
    article = Article(id="m", text="Olaf Scholz met Emmanuel Macron in Berlin.")
    article.mentions = [
        Mention(span=article.span(0, 11), label="PERSON"),
        Mention(span=article.span(16, 31), label="PERSON"),
        Mention(span=article.span(35, 41), label="GPE"),
    ]
    assert article_names(article) == Counter({"scholz": 1, "macron": 1, "berlin": 1})


def test_names_fallback_skips_ordinary_capitalised_words() -> None:
    article = Article(id="c", title=None, text=(
        "Officials in Kyiv said the attack began at dawn. Several officials said Kyiv had warned "
        "NATO. However, the attack continued on Monday."))
    names = article_names(article)
    assert names["kyiv"] == 2 and names["nato"] == 1
    assert "officials" not in names  # also written lower-case: an ordinary word
    assert "monday" not in names


def test_split_sentences_offsets() -> None:
    text = "First one. Second one? “Third,” he said.\n\nNew paragraph"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "First one.", "Second one?", "“Third,” he said.", "New paragraph"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-10-30", True), ("2024-10-30T12:00:00Z", True), (None, False), ("yesterday", False)])
def test_day_number(value: str | None, expected: bool) -> None:
    assert (day_number(value) is not None) is expected


# -- which stories an article is compared with: those in reach, not the whole corpus ----

def _unit(axis: int) -> bytes:
    vec = np.zeros(384, dtype=np.float32)
    vec[axis] = 1.0
    return pack_lead(vec)


def _dated(aid: str, published: str | None, axis: int, text: str = "no names here.") -> Article:
    """An article with its lead vector already stored, so no model runs."""
    return Article(id=aid, text=text, published=published, embedding=_unit(axis))


def test_story_out_of_date_reach_and_not_recent_is_not_compared() -> None:
    clusterer = StoryClusterer(settings=StorySettings(recent=1, date_window=30))
    assert clusterer.add(_dated("old", "2020-01-01", 0)) == "s1"
    assert clusterer.add(_dated("other", "2021-06-01", 1)) == "s2"
    # same vector as "old", inside its window: joins
    assert clusterer.add(_dated("next-day", "2020-01-02", 0)) == "s1"
    assert clusterer.add(_dated("other-2", "2021-06-02", 1)) == "s2"
    # same vector three years on, "old" neither in reach nor recent: a new story
    assert clusterer.add(_dated("years-later", "2023-01-01", 0)) == "s3"


def test_exhaustive_when_every_story_is_recent() -> None:
    clusterer = StoryClusterer(settings=StorySettings(recent=1000, date_window=30))
    clusterer.add(_dated("old", "2020-01-01", 0))
    clusterer.add(_dated("other", "2021-06-01", 1))
    # the capped date penalty leaves cosine 1 above the threshold: joins as before
    assert clusterer.add(_dated("years-later", "2023-01-01", 0)) == "s1"


def test_a_shared_rare_name_reaches_a_story_whatever_its_date() -> None:
    clusterer = StoryClusterer(settings=StorySettings(recent=1, date_window=30))
    text = "Paiporta flooded. Paiporta residents left."
    clusterer.add(_dated("old", "2020-01-01", 0, text))
    clusterer.add(_dated("other", "2021-06-01", 1))
    assert clusterer.add(_dated("years-later", "2023-01-01", 0, text)) == "s1"


def test_a_long_running_story_is_in_reach_across_its_dates() -> None:
    clusterer = StoryClusterer(settings=StorySettings(recent=1, date_window=10))
    clusterer.add(_dated("start", "2020-01-01", 0))
    assert clusterer.add(_dated("months-on", "2020-04-01", 0)) == "s1"  # recent
    clusterer.add(_dated("elsewhere", "2022-01-01", 1))
    # between the story's first and last dates: in reach, and no date penalty
    assert clusterer.add(_dated("in-between", "2020-02-15", 0)) == "s1"


def test_reach_stays_bounded_as_the_corpus_grows() -> None:
    clusterer = StoryClusterer(settings=StorySettings(recent=5, date_window=30))
    for n in range(300):  # one story every 100 days, each its own direction
        published = date.fromordinal(date(2000, 1, 1).toordinal() + 100 * n).isoformat()
        clusterer.add(_dated(f"a{n}", published, n % 384))
    reach = clusterer._in_reach(day_number("2040-01-01"))
    assert reach is not None and len(reach) <= 5 + 2


def test_undated_articles_join_a_recent_story() -> None:
    clusterer = StoryClusterer(settings=StorySettings(recent=2))
    clusterer.add(_dated("a", None, 0))
    clusterer.add(_dated("b", None, 1))
    clusterer.add(_dated("c", None, 2))
    assert clusterer.add(_dated("d", None, 2)) == "s3"
