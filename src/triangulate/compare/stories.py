"""Story grouping: which articles report the same event.

Articles arrive one at a time (:meth:`StoryClusterer.add`), so the corpus never needs
an all-pairs pass: each story keeps a centroid of its articles' embeddings, a bag of
the names they mention and the span of their publication dates. A new article is
compared only with candidate stories, the nearest centroids among the stories in reach
plus the stories that share its rarest names (whatever their dates), and joins the best
one whose combined score passes the threshold, or opens a new story.

In reach are the stories dated within ``date_window`` days of the article (news events
are local in time) and those that took one of the last ``recent`` articles (for
undated reports: a stream brings reports of an event close together). The work per
article then depends on how many stories run at once, not on how many the corpus has
seen, so grouping grows linearly with the corpus; a corpus smaller than ``recent``
articles compares every story, as an exhaustive search would.

The score adds text similarity (MiniLM embedding of the title and first sentences),
named-entity overlap (tf-idf cosine over names, so a rare shared name counts more than
"Washington") and subtracts a penalty for publication dates many days apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

import numpy as np

from triangulate.extract.lead import article_embedding, embed_leads, sentence_spans
from triangulate.model import Article, Corpus, Story
from triangulate.models.embedder import DIM, Embedder, default_embedder

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", "PRODUCT"})

_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'’\-]*[A-Za-z]")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’\-]*")
_NAME_WORD = re.compile(r"[\w'’\-.]+")
_POSSESSIVE = re.compile(r"['’]s$")
_NAME_STOP = frozenset([
    "the", "a", "an", "and", "or", "but", "if", "in", "on", "at", "of", "for", "to", "by", "with",
    "from", "as", "is", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "my", "mr", "mrs", "ms", "dr", "st", "mt", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december"
])


@dataclass(frozen=True)
class StorySettings:
    lead_sentences: int = 3  # sentences after the title that go into the embedding
    threshold: float = 0.55  # combined score an article needs to join a story
    text_weight: float = 1.0
    entity_weight: float = 0.35
    date_weight: float = 0.2  # penalty per ``date_scale`` days outside the story's dates
    date_scale: float = 3.0
    date_grace: float = 1.0  # next-day reporting costs nothing
    date_penalty_cap: float = 0.3
    nearest: int = 10  # candidate stories by centroid similarity
    # stories in reach of an article, whose centroids it is compared with: those dated
    # within this many days of it (the date penalty is at its cap after a few days)...
    date_window: int = 30
    # ... and those that took one of this many latest articles (undated ones included)
    recent: int = 1000
    entity_candidates: int = 10  # plus stories sharing the article's rarest names
    max_names: int = 30  # names per article kept for scoring (most frequent first)


@dataclass
class _StoryState:
    id: str
    articles: list[str] = field(default_factory=list)
    vector_sum: np.ndarray = field(default_factory=lambda: np.zeros(DIM, dtype=np.float32))
    names: Counter[str] = field(default_factory=Counter)
    first_day: int | None = None
    last_day: int | None = None
    # the date buckets (``date_window`` days each) the story is filed under
    buckets: tuple[int, int] | None = None


def name_key(text: str, label: str) -> str:
    """A mention's matching key: people by surname, so "Donald Trump" meets "Trump"."""
    words = [w for w in _NAME_WORD.findall(text.lower()) if w not in ("the", "'s", "’s")]
    words = [_POSSESSIVE.sub("", w).strip(".") for w in words]
    words = [w for w in words if w]
    if not words:
        return ""
    return words[-1] if label == "PERSON" else " ".join(words)


def article_names(article: Article) -> Counter[str]:
    """Names the article mentions, with counts: NER mentions, or capitalised words."""
    names: Counter[str] = Counter()
    if article.mentions:
        for m in article.mentions:
            if m.label in ENTITY_LABELS:
                key = name_key(m.span.text, m.label)
                if key:
                    names[key] += 1
        return names
    text = (article.title or "") + "\n" + article.text
    # a word also written in lower case in the same article is an ordinary word that
    # happens to open a sentence, not a name
    lower = {w.lower() for w in _LOWER_WORD.findall(text)}
    for w in _CAPITALISED.findall(text):
        key = _POSSESSIVE.sub("", w).lower()
        if key not in lower and key not in _NAME_STOP and len(key) > 1:
            names[key] += 1
    return names


def day_number(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


class StoryClusterer:
    """Streaming story grouping; the same articles in the same order give the same stories."""

    def __init__(self, embedder: Embedder | None = None,
                 settings: StorySettings | None = None) -> None:
        self.settings = settings or StorySettings()
        self._embedder = embedder
        self._stories: list[_StoryState] = []
        self._centroids = np.zeros((64, DIM), dtype=np.float32)
        self._by_name: dict[str, list[int]] = {}  # name -> indexes of stories using it
        self._name_df: Counter[str] = Counter()  # articles mentioning each name
        self._articles = 0
        self._vectors: dict[str, np.ndarray] = {}
        self._by_bucket: dict[int, list[int]] = {}  # date bucket -> stories dated in it
        # the story of each of the latest ``recent`` articles, a ring (-1: none yet)
        self._recent = np.full(max(self.settings.recent, 1), -1, dtype=np.int64)
        self.assignment: dict[str, str] = {}

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    def add_many(self, articles: list[Article]) -> list[str]:
        """Add in order; embeds the batch at once (same result as adding one by one)."""
        embed_leads(articles, self.embedder, self.settings.lead_sentences)
        return [self.add(a) for a in articles]

    def add(self, article: Article) -> str:
        """Put one article into a story and return that story's id."""
        if article.id in self.assignment:
            return self.assignment[article.id]
        vec = article_embedding(article, self.embedder, self.settings.lead_sentences)
        names = Counter(dict(article_names(article).most_common(self.settings.max_names)))
        day = day_number(article.published)
        self._articles += 1
        self._name_df.update(names.keys())
        best, best_score = -1, -math.inf
        for index in self._candidates(vec, names, day):  # sorted: on a tie the older wins
            # the name overlap (the costly part) adds at most ``entity_weight``: skip it
            # for a story that could neither pass the threshold nor beat the best so far
            if self._score_bound(index, vec, day) < max(best_score, self.settings.threshold):
                continue
            s = self.score(index, vec, names, day)
            if s > best_score:
                best, best_score = index, s
        if best < 0 or best_score < self.settings.threshold:
            best = self._open_story()
        self._join(best, article.id, vec, names, day)
        self._vectors[article.id] = vec
        story_id = self._stories[best].id
        self.assignment[article.id] = story_id
        return story_id

    def _idf(self, name: str) -> float:
        return math.log((1 + self._articles) / (1 + self._name_df[name])) + 1.0

    def _in_reach(self, day: int | None) -> np.ndarray | None:
        """The stories in reach of an article (see the module doc), sorted; None when
        that is every story. Array work, so its cost per story in reach is small."""
        recent = self._recent[self._recent >= 0]
        if len(self._stories) <= len(recent) and len(np.unique(recent)) == len(self._stories):
            return None
        parts = [recent]
        if day is not None:
            window = max(self.settings.date_window, 1)
            for bucket in range((day - window) // window, (day + window) // window + 1):
                filed = self._by_bucket.get(bucket)
                if filed:
                    parts.append(np.array(filed, dtype=np.int64))
        return np.unique(np.concatenate(parts))

    def _candidates(self, vec: np.ndarray, names: Counter[str], day: int | None
                    ) -> list[int]:
        n = len(self._stories)
        if n == 0:
            return []
        reach = self._in_reach(day)
        if reach is None:
            reach, sims = np.arange(n), self._centroids[:n] @ vec
        else:
            sims = self._centroids[reach] @ vec
        k = min(self.settings.nearest, len(reach))
        nearest = reach[np.argpartition(-sims, k - 1)[:k]] if k < len(reach) else reach
        found = {int(i) for i in nearest}
        rare = sorted((nm for nm in names if nm in self._by_name),
                      key=lambda nm: (-self._idf(nm), nm))
        for nm in rare:
            if len(found) >= k + self.settings.entity_candidates:
                break
            found.update(self._by_name[nm][-self.settings.entity_candidates:])
        return sorted(found)

    def _score_bound(self, index: int, vec: np.ndarray, day: int | None) -> float:
        s = self.settings
        text = float(self._centroids[index] @ vec)
        return s.text_weight * text + max(s.entity_weight, 0.0) \
            - self._date_penalty(self._stories[index], day) + 1e-9  # rounding: never prune a tie

    def score(self, index: int, vec: np.ndarray, names: Counter[str], day: int | None) -> float:
        st = self._stories[index]
        s = self.settings
        text = float(self._centroids[index] @ vec)
        return s.text_weight * text + s.entity_weight * self._name_cosine(names, st.names) \
            - self._date_penalty(st, day)

    def _name_cosine(self, a: Counter[str], b: Counter[str]) -> float:
        if not a or not b:
            return 0.0
        idf = {nm: self._idf(nm) for nm in a}
        dot = sum(math.log1p(c) * math.log1p(b[nm]) * idf[nm] ** 2
                  for nm, c in a.items() if nm in b)
        if dot == 0.0:
            return 0.0
        na = math.sqrt(sum((math.log1p(c) * idf[nm]) ** 2 for nm, c in a.items()))
        nb = math.sqrt(sum((math.log1p(c) * self._idf(nm)) ** 2 for nm, c in b.items()))
        return dot / (na * nb)

    def _date_penalty(self, st: _StoryState, day: int | None) -> float:
        if day is None or st.first_day is None or st.last_day is None:
            return 0.0  # missing dates are neutral
        s = self.settings
        gap = max(st.first_day - day, day - st.last_day, 0) - s.date_grace
        if gap <= 0:
            return 0.0
        return min(s.date_penalty_cap, s.date_weight * gap / s.date_scale)

    def _open_story(self) -> int:
        index = len(self._stories)
        self._stories.append(_StoryState(id=f"s{index + 1}"))
        if index >= len(self._centroids):
            grown = np.zeros((2 * len(self._centroids), DIM), dtype=np.float32)
            grown[:index] = self._centroids[:index]
            self._centroids = grown
        return index

    def _join(self, index: int, article_id: str, vec: np.ndarray, names: Counter[str],
              day: int | None) -> None:
        st = self._stories[index]
        st.articles.append(article_id)
        st.vector_sum += vec
        self._centroids[index] = st.vector_sum / max(float(np.linalg.norm(st.vector_sum)), 1e-12)
        for nm in names:
            if nm not in st.names:
                self._by_name.setdefault(nm, []).append(index)
        st.names.update(names)
        if day is not None:
            st.first_day = day if st.first_day is None else min(st.first_day, day)
            st.last_day = day if st.last_day is None else max(st.last_day, day)
            self._file_by_date(index, st)
        self._recent[self._articles % len(self._recent)] = index

    def _file_by_date(self, index: int, st: _StoryState) -> None:
        """File the story under every date bucket its span of dates touches."""
        assert st.first_day is not None and st.last_day is not None
        window = max(self.settings.date_window, 1)
        lo, hi = st.first_day // window, st.last_day // window
        old = st.buckets
        for bucket in range(lo, hi + 1):
            if old is None or not old[0] <= bucket <= old[1]:
                self._by_bucket.setdefault(bucket, []).append(index)
        st.buckets = (lo, hi)

    def stories(self, articles: Mapping[str, Article | str] | None = None) -> list[Story]:
        """The stories so far; the title is that of the article nearest the centroid
        (``articles`` gives each article, or only its title: :func:`title_of`)."""
        out = []
        for index, st in enumerate(self._stories):
            centre = self._centroids[index]
            # on a tie the earlier article wins (max keeps the first maximum)
            central = max(st.articles, key=lambda a: float(self._vectors[a] @ centre))
            out.append(Story(id=st.id, title=_title_of(articles, central),
                             articles=list(st.articles)))
        return out


def _title_of(articles: Mapping[str, Article | str] | None, article_id: str) -> str:
    article = (articles or {}).get(article_id)
    if article is None:
        return article_id
    return article if isinstance(article, str) else title_of(article)


def title_of(article: Article) -> str:
    """What names an article in a list of stories: its title, else its first sentence."""
    if article.title and article.title.strip():
        return " ".join(article.title.split())
    spans = sentence_spans(article)
    if spans:
        return " ".join(article.text[spans[0][0]:spans[0][1]].split())
    return article.id


class StoryStage:
    """Corpus stage: fills ``corpus.stories`` (replacing any earlier grouping)."""

    name: ClassVar[str] = "stories"

    def __init__(self, settings: StorySettings | None = None,
                 embedder: Embedder | None = None) -> None:
        self.settings = settings or StorySettings()
        self.embedder = embedder

    def __call__(self, corpus: Corpus) -> Corpus:
        clusterer = StoryClusterer(self.embedder, self.settings)
        clusterer.add_many(corpus.articles)
        corpus.stories = clusterer.stories(corpus.by_id())
        return corpus

    def over(self, batches: Callable[[], Iterable[list[Article]]], corpus: Corpus) -> Corpus:
        """The same grouping over articles streamed a batch at a time: the clusterer
        keeps a lead vector, names and a title an article, not the article."""
        clusterer = StoryClusterer(self.embedder, self.settings)
        titles: dict[str, str] = {}
        for batch in batches():
            clusterer.add_many(batch)
            titles.update((a.id, title_of(a)) for a in batch)
        corpus.stories = clusterer.stories(titles)
        return corpus

    def annotate(self, articles: list[Article]) -> None:
        """The lead vectors grouping made for articles stored without one (a lost
        vector file), made again (from the embedder's cache) to be saved with them."""
        embed_leads(articles, self.embedder, self.settings.lead_sentences)
