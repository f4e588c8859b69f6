"""How fast the web app answers at scale: a story page and its JSON, over 10,000 articles.

    python -m bench.web_latency [--stories 1000] [--per-story 10] [--requests 200]

The store is filled directly through the store API with synthetic annotated articles and
results (no NLP pipeline: this measures the web layer and the store, not extraction):
``--stories`` stories of ``--per-story`` articles, each with sentences, mentions, quotes,
claims and an embedding, and per story a few findings, claim groups, a rewrite family and
timeline entries. Then GET of story pages and of ``/api/stories/{id}`` is timed in-process
(httpx TestClient) over ``--requests`` requests each, on stories picked at random.
Target: a story page in under 200 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from triangulate.extract.lead import pack_lead
from triangulate.model import (
    AlignedSentence,
    Article,
    Claim,
    ClaimGroup,
    ClaimValue,
    Corpus,
    Entity,
    Evidence,
    Family,
    Finding,
    Mention,
    Quote,
    Sentence,
    Story,
    TimelineEntry,
)
from triangulate.store import Store, open_store

_PLACES = ("Lindqvar", "Marlow", "Tessin", "Arvel", "Oskar Bay", "Kettering", "Dunmore", "Ravna")
_PEOPLE = ("Helena Varga", "Tomas Brandt", "Jane Ortiz", "Piotr Lem", "Amara Okafor",
           "Luis Ferreira", "Mei Tanaka", "Sven Holm")
_OUTLETS = tuple(f"{w} {k}" for w in ("Valley", "Harbour", "Capital", "Northshore", "Orme",
                                      "Riverside", "Summit", "Coastal")
                 for k in ("Wire", "Courier", "Standard", "Post", "Radio"))
_EVENTS = ("flooding", "a bridge collapse", "a factory fire", "a power cut", "a rail strike",
           "a landslide", "a chemical spill", "a storm")


def _article(story: int, n: int, rng: random.Random) -> Article:
    """One synthetic report of story ``story`` with every article-level annotation."""
    place, person = _PLACES[story % len(_PLACES)], _PEOPLE[(story + n) % len(_PEOPLE)]
    event = _EVENTS[story % len(_EVENTS)]
    count = rng.choice((900, 1200, 1500, 4000))
    sentences = [
        f"About {count} residents of {place} were evacuated on Saturday after {event}, "
        "regional officials said.",
        f"\"We moved everyone out before it got worse,\" {person} told reporters.",
        f"The damage was estimated at {rng.randint(2, 90)} million dollars by the council.",
        "A senior official, speaking on condition of anonymity, said warnings had been "
        "ignored for months.",
        f"Schools in {place} will stay closed until Wednesday, the education office said.",
        f"{person} said that a full inquiry would begin next week.",
        "Engineers were inspecting the remaining structures on Sunday.",
        f"Story {story} report {n}: roads around {place} remained closed overnight.",
    ]
    text = "\n\n".join(sentences)
    article = Article(id=f"s{story}-a{n}", text=text, title=f"{event.capitalize()} in {place}",
                      outlet=_OUTLETS[(story * 3 + n) % len(_OUTLETS)], published="2026-03-15",
                      url=f"https://news.example/{story}/{n}", language="en")
    starts = [text.index(s) for s in sentences]
    article.sentences = [Sentence(start=s, end=s + len(t)) for s, t in zip(starts, sentences,
                                                                            strict=True)]
    pos = text.index(place)
    who = text.index(person)
    article.mentions = [Mention(span=article.span(pos, pos + len(place)), label="GPE",
                                entity=f"e{story}-place"),
                        Mention(span=article.span(who, who + len(person)), label="PERSON",
                                entity=f"e{story}-person{(story + n) % len(_PEOPLE)}")]
    q = text.index("We moved")
    article.quotes = [Quote(id=f"{article.id}:q1",
                            span=article.span(q, q + len("We moved everyone out before it got "
                                                         "worse,")),
                            speaker=person, speaker_entity=article.mentions[1].entity,
                            cue="told")]
    claims = []
    for i, (start, sentence) in enumerate(zip(starts, sentences, strict=True)):
        values = []
        if i == 0:
            c = text.index(str(count))
            values.append(ClaimValue(kind="quantity", span=article.span(c, c + len(str(count))),
                                     value=str(count), low=count, high=count, unit="count"))
        claims.append(Claim(id=f"{article.id}:c{i + 1}", span=article.span(start,
                                                                            start + len(sentence)),
                            sentence=i, values=values, anonymous=i == 3))
    article.claims = claims
    article.embedding = pack_lead(np.array([rng.random() for _ in range(384)]))
    article.annotated_by = ["sentences", "mentions", "quantities", "dates", "quotes", "claims"]
    return article


def _results(story: int, articles: list[Article]) -> Corpus:
    """A story's corpus-level results: findings, claim groups, a family, a timeline."""
    sid = f"story-{story}"
    ids = [a.id for a in articles]
    a, b = articles[0], articles[1]
    findings = [
        Finding(id=f"{sid}-f1", kind="conflict", story=sid,
                summary="How many residents were evacuated", independent_sources=2, score=0.9,
                evidence=[Evidence.of(a.claims[0].values[0].span, a.claims[0].id),
                          Evidence.of(b.claims[0].values[0].span, b.claims[0].id)]),
        Finding(id=f"{sid}-f2", kind="single_source", story=sid,
                summary="Only one outlet reports the damage estimate", independent_sources=1,
                score=0.5, evidence=[Evidence.of(a.claims[2].span, a.claims[2].id)]),
        Finding(id=f"{sid}-f3", kind="anonymous_source", story=sid,
                summary="Ignored warnings rest on an unnamed official", independent_sources=1,
                score=0.4, evidence=[Evidence.of(x.claims[3].span, x.claims[3].id)
                                     for x in articles[:3]]),
        Finding(id=f"{sid}-f4", kind="corroborated", story=sid,
                summary="Schools stay closed until Wednesday", independent_sources=len(ids),
                score=0.2, evidence=[Evidence.of(x.claims[4].span, x.claims[4].id)
                                     for x in articles]),
    ]
    groups = [ClaimGroup(id=f"{sid}-g{i}", story=sid, claims=[x.claims[i].id for x in articles],
                         articles=ids, label=articles[0].claims[i].span.text[:80])
              for i in range(5)]
    family = Family(id=f"{sid}-fam", articles=ids[:3], similarity=0.8, story=sid, alignment=[
        AlignedSentence(status="changed" if i == 0 else "kept",
                        left=a.span(s.start, s.end), right=b.span(t.start, t.end),
                        similarity=0.9)
        for i, (s, t) in enumerate(zip(a.sentences, b.sentences, strict=True))])
    timeline = [TimelineEntry(date=f"2026-03-{14 + i}", article=x.id, story=sid,
                              start=x.sentences[i].start, end=x.sentences[i].end,
                              text=x.text[x.sentences[i].start:x.sentences[i].end],
                              event="event", articles=[x.id])
                for i, x in enumerate(articles[:4])]
    entities = [Entity(id=f"e{story}-place", name=_PLACES[story % len(_PLACES)], type="GPE",
                       articles=ids, mentions=len(ids))]
    entities += [Entity(id=f"e{story}-person{p}", name=_PEOPLE[p], type="PERSON",
                        articles=ids, mentions=1) for p in range(len(_PEOPLE))]
    return Corpus(entities=entities, stories=[Story(id=sid, title=f"Story {story}: "
                                                    f"{articles[0].title}", articles=ids)],
                  families=[family], claim_groups=groups, findings=findings, timeline=timeline)


def fill_store(store: Store, stories: int = 1000, per_story: int = 10, seed: int = 0) -> None:
    """Add ``stories`` x ``per_story`` synthetic articles and one consistent result set."""
    rng = random.Random(seed)
    total = Corpus()
    batch: list[Article] = []
    for story in range(stories):
        articles = [_article(story, n, rng) for n in range(per_story)]
        part = _results(story, articles)
        for name in ("entities", "stories", "families", "claim_groups", "findings", "timeline"):
            getattr(total, name).extend(getattr(part, name))
        batch.extend(articles)
        if len(batch) >= 1000:
            store.add_articles(batch)
            batch = []
    store.add_articles(batch)
    store.save_results(total)


def _time(get: object, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        start = time.perf_counter()
        response = get(url)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: HTTP {response.status_code}")
    return times


def _line(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"{label:<28} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   "
            f"max {ordered[-1]:7.1f} ms")


def fill_and_report(db: str, stories: int, per_story: int) -> None:
    """Fill a new store at ``db`` and say how big it is and how long that took."""
    start = time.perf_counter()
    with open_store(db) as store:
        fill_store(store, stories, per_story)
        articles = store.count_articles()
    print(f"filled {db}: {articles} articles, {stories} stories "
          f"in {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--per-story", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from triangulate.web import create_app

    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        fill_and_report(db, args.stories, args.per_story)
        rng = random.Random(1)
        picks = [f"story-{rng.randrange(args.stories)}" for _ in range(args.requests)]
        with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
            client.get(f"/stories/{picks[0]}")  # the first request warms templates
            pages = _time(client.get, [f"/stories/{s}" for s in picks])
            api = _time(client.get, [f"/api/stories/{s}" for s in picks])
            index = _time(client.get, ["/"] * max(1, args.requests // 10))
        print(_line("GET /stories/{id}", pages))
        print(_line("GET /api/stories/{id}", api))
        print(_line("GET / (story list)", index))
        verdict = "meets" if statistics.median(pages) < 200 else "misses"
        print(f"story page {verdict} the 200 ms target (median)")


if __name__ == "__main__":
    main()
