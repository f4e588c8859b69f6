"""Story grouping on BASIL dev (60 events x 3 outlets): B-cubed P/R/F1 and ARI.

    python -m bench.stories            # capitalised-word names (no NER)
    python -m bench.stories --ner      # names from spaCy NER (fills article.mentions)

Scores the file order and three shuffled orders, since the clusterer is streaming and
the file happens to list each event's articles together. The gold story never reaches
the clusterer.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from math import comb

from bench.shared import eval_dir
from triangulate.compare.stories import ENTITY_LABELS, StoryClusterer, StorySettings
from triangulate.model import Article, Mention


def load() -> tuple[list[Article], dict[str, str]]:
    folder = eval_dir("basil")
    articles = []
    with open(folder / "basil-dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            articles.append(Article(id=row["id"], title=row.get("title"),
                                    outlet=row.get("outlet"), published=row.get("published"),
                                    url=row.get("url"), text=row["text"]))
    with open(folder / "basil-dev-stories.json", encoding="utf-8") as fh:
        gold = json.load(fh)
    return articles, gold


def add_mentions(articles: list[Article]) -> None:
    from triangulate.models.language import parse_many

    for article, doc in zip(articles, parse_many(articles), strict=True):
        article.mentions = [Mention(span=article.span(e.start_char, e.end_char), label=e.label_)
                            for e in doc.ents if e.label_ in ENTITY_LABELS]


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    items = list(pred)
    pred_size = Counter(pred.values())
    gold_size = Counter(gold[i] for i in items)
    both = Counter((pred[i], gold[i]) for i in items)
    p = sum(both[pred[i], gold[i]] / pred_size[pred[i]] for i in items) / len(items)
    r = sum(both[pred[i], gold[i]] / gold_size[gold[i]] for i in items) / len(items)
    return p, r, 2 * p * r / (p + r)


def adjusted_rand(pred: dict[str, str], gold: dict[str, str]) -> float:
    items = list(pred)
    both = Counter((pred[i], gold[i]) for i in items)
    index = sum(comb(n, 2) for n in both.values())
    a = sum(comb(n, 2) for n in Counter(pred[i] for i in items).values())
    b = sum(comb(n, 2) for n in Counter(gold[i] for i in items).values())
    expected = a * b / comb(len(items), 2)
    top = (a + b) / 2
    return (index - expected) / (top - expected) if top != expected else 1.0


def run(articles: list[Article], gold: dict[str, str],
        settings: StorySettings | None = None) -> tuple[float, float, float, float, int]:
    clusterer = StoryClusterer(settings=settings)
    clusterer.add_many(articles)
    pred = clusterer.assignment
    return (*bcubed(pred, gold), adjusted_rand(pred, gold), len(set(pred.values())))


def main(argv: list[str]) -> int:
    articles, gold = load()
    t0 = time.perf_counter()
    if "--ner" in argv:
        add_mentions(articles)
    t_ner = time.perf_counter() - t0
    print(f"BASIL dev: {len(articles)} articles, {len(set(gold.values()))} gold stories; "
          f"names from {'spaCy NER' if '--ner' in argv else 'capitalised words'}"
          + (f" (NER {t_ner:.1f}s)" if "--ner" in argv else ""))
    t1 = time.perf_counter()
    StoryClusterer().add_many(articles)  # embeds once; later runs reuse article.embedding
    t_embed = time.perf_counter() - t1
    orders = [("file order", list(articles))]
    for seed in (1, 2, 3):
        shuffled = list(articles)
        random.Random(seed).shuffle(shuffled)
        orders.append((f"shuffled {seed}", shuffled))
    f1s = []
    for label, order in orders:
        t2 = time.perf_counter()
        p, r, f1, ari, n = run(order, gold)
        f1s.append(f1)
        print(f"{label:<12} B3 P {p:.3f} R {r:.3f} F1 {f1:.3f}  ARI {ari:.3f}  "
              f"stories {n}  ({time.perf_counter() - t2:.2f}s)")
    print(f"mean B3 F1 {sum(f1s) / len(f1s):.3f}; embedding {t_embed:.1f}s; "
          f"total {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
