"""How the corpus stages grow with the corpus: time at N articles against time at N/10.

    python -m bench.scale               # stories and alignment, 10,000 and 100,000 articles
    python -m bench.scale --sizes 5000,50000 --stages stories,families,alignment,findings
    python -m bench.scale --sizes 500,2000 --stages entities   # the parse-reading stage
    python -m bench.scale --sizes 1000,10000 --stored   # copies as a store loads them
    python -m bench.scale --fields 1000   # bytes per article, field by field

The target: grouping and alignment grow no faster than n log n, i.e. the time at ten
times the articles is at most about 12 times the time (10 x log(100k) / log(10k) = 12.5).

Input: BASIL dev (180 articles), annotated once by every article stage in this process
and kept in a pickle in the system temporary folder (keyed by ``ANNOTATION_VERSION``;
annotating takes a few minutes). A corpus of N articles is made of copies of the
annotated articles, the way a firehose keeps bringing new events:

* copy k of an article has a new id (every span, claim and quote id follows it) and a
  content hash of its own (so no parse is served from another copy's cache);
* its publication date moves by ``k * 9`` days;
* its lead vector goes through an orthogonal map drawn for copy k (a signed
  permutation of the coordinates) plus a little noise, then is renormalised. The map
  keeps every cosine inside copy k, so each copy groups as BASIL does, while copies of
  one article are no closer than unrelated texts: small noise alone would leave the
  copies of an event one ever-growing story, since they share every name.

Model work the corpus stages still do (sentence embeddings in families and the judge)
is served from the embedder's cache, filled by one comparison of the 180 articles and
kept in the same pickle: every copy embeds the same sentences, so without it the first
copy would pay for all and the ratio would flatter the larger size.

Each size runs in a child process of its own, so its peak memory (``ru_maxrss``) is its
own: the memory of the corpus itself is printed beside the peak. Copies share their
text, parse and strings with the article they copy, so the corpus is smaller than one
loaded from a store; ``--stored`` passes every copy through the store's encoding and
decoding (``store.codec``), so that it holds what a comparison over a stored corpus
holds, and ``--fields`` prints where that memory goes. Times are wall-clock
and CPU seconds of that process for each stage, in registry order.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import math
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from bench.throughput import load_basil
from triangulate.extract.lead import pack_lead, unpack_lead
from triangulate.model import Article, Corpus, Span, decode_article, encode_article
from triangulate.pipeline.registry import (
    ANNOTATION_VERSION,
    CORPUS_STAGES,
    DEFAULT_ARTICLE_STAGES,
    build_stage,
)
from triangulate.store import codec

DAYS_PER_COPY = 9
NOISE = 0.05  # norm of the noise added to a copy's lead vector (unit length before)
SEED = 13
# the stages each stage reads the results of (they run first when not asked for)
NEEDS: dict[str, tuple[str, ...]] = {
    "families": ("stories",),
    "alignment": ("stories",),
    "findings": ("stories", "alignment"),
}
GROUPING_AND_ALIGNMENT = ("stories", "alignment")


@dataclass
class Annotated:
    """The annotated BASIL articles and the embedder's cache after comparing them."""

    articles: list[Article]
    embeddings: dict[str, np.ndarray]


def _deep_copy(article: Article) -> Article:
    return decode_article(encode_article(article))


def cache_path() -> Path:
    # the model's shape is in the name too: an article encoded for another shape of the
    # model does not decode (and another checkout may still read the old file)
    shape = hashlib.sha256(repr(msgspec.inspect.type_info(Article)).encode()).hexdigest()
    return (Path(tempfile.gettempdir())
            / f"triangulate-scale-basil-v{ANNOTATION_VERSION}-{shape[:8]}.pkl")


def annotated_basil() -> Annotated:
    """BASIL dev through every article stage, from the pickle when it exists."""
    path = cache_path()
    if path.exists():
        with open(path, "rb") as fh:
            # plain containers, not a class of this module (``__main__`` when run)
            articles, embeddings = pickle.load(fh)
        return Annotated([decode_article(a) for a in articles], embeddings)
    from triangulate.models.embedder import default_embedder
    from triangulate.pipeline.run import BATCH

    start = time.perf_counter()
    articles = load_basil()
    stages = [build_stage(name) for name in DEFAULT_ARTICLE_STAGES]
    for at in range(0, len(articles), BATCH):
        batch = articles[at:at + BATCH]
        for stage in stages:
            batch = stage(batch)
    print(f"annotated {len(articles)} BASIL articles in {time.perf_counter() - start:.0f} s",
          file=sys.stderr)
    # one comparison fills the embedder's cache with what the corpus stages embed
    corpus = Corpus(articles=[_deep_copy(a) for a in articles])
    for name in CORPUS_STAGES:
        corpus = build_stage(name)(corpus)
    cache = dict(default_embedder()._cache)  # bench-only reach into the model module
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(([encode_article(a) for a in articles], cache), fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return Annotated(articles, cache)


# -- synthetic corpora ---------------------------------------------------------------

# How to relabel each struct type of the model: which fields hold a span, other structs
# (alone or in a list), a list of plain values, or a string that may embed the article
# id. Read from the type annotations, so a field added to the model is followed too.
_Plan = tuple[tuple[str, str], ...]
_PLANS: dict[type, _Plan] = {}


def _kind(t: msgspec.inspect.Type) -> str | None:
    if isinstance(t, msgspec.inspect.UnionType):
        kinds = {_kind(u) for u in t.types} - {None}
        return kinds.pop() if len(kinds) == 1 else None
    if isinstance(t, msgspec.inspect.StructType):
        return "span" if t.cls is Span else "struct"
    if isinstance(t, msgspec.inspect.ListType):
        return "structs" if isinstance(t.item_type, msgspec.inspect.StructType) else "values"
    if isinstance(t, msgspec.inspect.StrType):
        return "str"
    return None


def _plan(cls: type) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        info = msgspec.inspect.type_info(cls)
        assert isinstance(info, msgspec.inspect.StructType)
        found = [(f.name, _kind(f.type)) for f in info.fields]
        plan = _PLANS[cls] = tuple((name, kind) for name, kind in found if kind)
    return plan


def relabel(obj: Any, old: str, new: str) -> Any:
    """A copy of a model struct whose spans belong to article ``new`` instead of ``old``
    and whose ids written ``old:...`` read ``new:...``. Text and other values are
    shared with the original; frozen structs with nothing to change are not copied."""
    changes: dict[str, Any] = {}
    prefix = old + ":"
    for name, kind in _plan(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        if kind == "span":
            changes[name] = msgspec.structs.replace(value, article=new)
        elif kind == "struct":
            changes[name] = relabel(value, old, new)
        elif kind == "structs":
            changes[name] = [relabel(v, old, new) for v in value]
        elif kind == "values":
            changes[name] = list(value)  # a list of its own: a stage may append to it
        elif value == old or value.startswith(prefix):
            changes[name] = new + value[len(old):]
    if not changes and type(obj).__struct_config__.frozen:
        return obj
    return msgspec.structs.replace(obj, **changes)


def copy_article(article: Article, copy: int, rotation: tuple[np.ndarray, np.ndarray],
                 noise: np.ndarray) -> Article:
    """Copy ``copy`` of an annotated article: new id, own content hash, date moved by
    ``copy * DAYS_PER_COPY`` days, lead vector mapped by ``rotation`` plus ``noise``."""
    out: Article = relabel(article, article.id, f"{article.id}~{copy}")
    out.content_hash = hashlib.sha256(f"{article.content_hash}~{copy}".encode()).hexdigest()
    out.published = _shift(article.published, copy * DAYS_PER_COPY)
    if article.embedding is not None:
        perm, sign = rotation
        vec = sign * unpack_lead(article.embedding)[perm] + noise
        out.embedding = pack_lead(vec / max(float(np.linalg.norm(vec)), 1e-12))
    return out


def _shift(published: str | None, days: int) -> str | None:
    if not published:
        return published
    try:
        return (date.fromisoformat(published[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return published


def synthetic_corpus(base: list[Article], n: int, seed: int = SEED,
                     stored: bool = False) -> list[Article]:
    """N articles: the originals, then copy 1 of each, copy 2, ... (see the module doc).
    With ``stored`` each goes through the store's encoding and decoding, so that it
    holds what an article loaded from a store holds: strings of its own, not shared with
    the article it copies."""
    out = list(iter_synthetic(base, n, seed))
    return [as_loaded(a) for a in out] if stored else out


def iter_synthetic(base: list[Article], n: int, seed: int = SEED) -> Iterator[Article]:
    """The articles of :func:`synthetic_corpus`, made one at a time (none kept)."""
    rng = np.random.default_rng(seed)
    dim = len(unpack_lead(base[0].embedding or b""))
    made = 0
    for article in base[:n]:
        yield _deep_copy(article)
        made += 1
    copy = 0
    while made < n:
        copy += 1
        rotation = (rng.permutation(dim),
                    rng.choice(np.array([-1.0, 1.0], dtype=np.float32), dim))
        for article in base[:n - made]:
            noise = rng.standard_normal(dim).astype(np.float32) * (NOISE / math.sqrt(dim))
            yield copy_article(article, copy, rotation, noise)
            made += 1


def as_loaded(article: Article) -> Article:
    """The article as a store gives it back (the same steps as a row read)."""
    columns = msgspec.msgpack.decode(msgspec.msgpack.encode(
        {c: getattr(article, c) for c in codec.ARTICLE_COLUMNS}))
    return codec.article_from_row(columns, codec.encode_annotations(article),
                                  codec.pack_embedding(article.embedding))


# -- where an article's memory goes -----------------------------------------------------

def _traced(make: Any) -> tuple[Any, int]:
    """What ``make()`` returns and the bytes it left allocated."""
    gc.collect()
    tracemalloc.start()
    try:
        made = make()
        return made, tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()


def field_memory(articles: list[Article]) -> dict[str, tuple[float, float]]:
    """Bytes per article of each field of ``Article``: as MessagePack, and decoded on
    its own (the objects a store load makes for it, before any sharing)."""
    encoder = msgspec.msgpack.Encoder()
    out: dict[str, tuple[float, float]] = {}
    for f in msgspec.structs.fields(Article):
        decoder = msgspec.msgpack.Decoder(f.type)
        blobs = [encoder.encode(getattr(a, f.name)) for a in articles]
        _, used = _traced(lambda: [decoder.decode(b) for b in blobs])  # noqa: B023
        out[f.name] = (sum(map(len, blobs)) / len(articles), used / len(articles))
    return out


def loaded_memory(articles: list[Article], share: bool) -> tuple[float, float]:
    """Bytes per article that a store load of ``articles`` holds, with or without
    :func:`codec.share_repeats`, and seconds per article it takes (untraced)."""
    rows = [(msgspec.msgpack.encode({c: getattr(a, c) for c in codec.ARTICLE_COLUMNS}),
             codec.encode_annotations(a), codec.pack_embedding(a.embedding))
            for a in articles]

    def load() -> list[Article]:
        loaded = []
        for columns, data, embedding in rows:
            article = Article(**msgspec.msgpack.decode(columns),
                              **codec.decode_annotations(data),
                              embedding=codec.unpack_embedding(embedding))
            if share:
                codec.share_repeats(article)
            loaded.append(article)
        return loaded

    _, used = _traced(load)
    gc.collect()
    start = time.perf_counter()
    load()
    return used / len(articles), (time.perf_counter() - start) / len(articles)


def report_fields(n: int) -> None:
    articles = synthetic_corpus(annotated_basil().articles, n)
    print(f"memory of {n:,} annotated articles, bytes per article (tracemalloc):")
    print(f"  {'field':<16}{'encoded':>10}{'decoded':>10}")
    for name, (encoded, decoded) in sorted(field_memory(articles).items(),
                                           key=lambda kv: -kv[1][1]):
        print(f"  {name:<16}{encoded:>10,.0f}{decoded:>10,.0f}")
    plain, plain_s = loaded_memory(articles, share=False)
    shared, shared_s = loaded_memory(articles, share=True)
    print(f"  a whole article as a store load makes it: {plain:,.0f} bytes "
          f"({plain_s * 1e6:.0f} us); with repeats shared (codec.share_repeats), as a "
          f"store gives it: {shared:,.0f} bytes ({shared_s * 1e6:.0f} us)")


# -- one size, in a child process ------------------------------------------------------

def _rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class SizeResult(msgspec.Struct):
    """What one child process measured at one corpus size."""

    n: int
    built_s: float
    corpus_mb: float
    peak_mb: float
    times: dict[str, tuple[float, float]]  # stage -> (wall s, CPU s)
    counts: dict[str, int]


def measure(n: int, stages: list[str], stored: bool = False) -> SizeResult:
    from triangulate.models.embedder import default_embedder

    annotated = annotated_basil()
    default_embedder()._cache.update(annotated.embeddings)  # bench-only: see module doc
    before = _rss_mb()
    start = time.perf_counter()
    corpus = Corpus(articles=synthetic_corpus(annotated.articles, n, stored=stored))
    built = time.perf_counter() - start
    corpus_mb = _rss_mb() - before
    times: dict[str, tuple[float, float]] = {}
    for name in CORPUS_STAGES:
        if name not in stages:
            continue
        stage = build_stage(name)
        cpu, start = time.process_time(), time.perf_counter()
        corpus = stage(corpus)
        times[name] = (time.perf_counter() - start, time.process_time() - cpu)
        print(f"    {n:,} articles, {name}: {times[name][0]:.1f} s wall, "
              f"{times[name][1]:.1f} s CPU", file=sys.stderr, flush=True)
    counts = {"stories": len(corpus.stories), "families": len(corpus.families),
              "claim groups": len(corpus.claim_groups), "findings": len(corpus.findings),
              "entities": len(corpus.entities)}
    return SizeResult(n=n, built_s=built, corpus_mb=corpus_mb,
                      peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      times=times, counts=counts)


def _child(n: int, stages: list[str], timeout: float, stored: bool) -> SizeResult | None:
    cmd = [sys.executable, "-m", "bench.scale", "--child", str(n), "--stages", ",".join(stages),
           *(["--stored"] if stored else [])]
    try:
        # the child's progress (stderr) shows as it goes; its result comes on stdout
        done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        print(f"  {n:,} articles: not done in {timeout:.0f} s", flush=True)
        return None
    if done.returncode != 0:
        print(f"  {n:,} articles: failed (exit {done.returncode})", flush=True)
        return None
    return msgspec.json.decode(done.stdout.strip().splitlines()[-1], type=SizeResult)


def _with_needs(stages: list[str]) -> list[str]:
    wanted = set(stages)
    for name in stages:
        wanted.update(NEEDS.get(name, ()))
    return [name for name in CORPUS_STAGES if name in wanted]


def _line(label: str, cells: list[str]) -> str:
    return f"{label:<22}" + "".join(f"{c:>24}" for c in cells)


def _report(results: list[SizeResult], stages: list[str]) -> None:
    print()
    print(_line("wall / CPU s", [f"{r.n:,} articles" for r in results]))
    for name in stages:
        print(_line(name, [f"{r.times[name][0]:.2f} / {r.times[name][1]:.2f}"
                           for r in results]))
    sums = {"grouping+alignment": [s for s in GROUPING_AND_ALIGNMENT if s in stages],
            "all measured": stages}
    for label, names in sums.items():
        if names:
            print(_line(label, [f"{sum(r.times[s][0] for s in names):.2f} / "
                                f"{sum(r.times[s][1] for s in names):.2f}" for r in results]))
    print(_line("corpus in memory MB", [f"{r.corpus_mb:.0f}" for r in results]))
    print(_line("peak RSS MB", [f"{r.peak_mb:.0f}" for r in results]))
    for key in results[0].counts:
        print(_line(key, [f"{r.counts[key]:,}" for r in results]))
    if len(results) < 2:
        return
    small, large = results[0], results[-1]
    factor = large.n / small.n
    bound = factor * math.log(large.n) / math.log(small.n)
    print(f"\nratio t({large.n:,}) / t({small.n:,}), x{factor:g} articles "
          f"(linear {factor:g}, n log n {bound:.1f}); wall, then CPU (other people's work "
          f"on a shared machine stretches wall time, not CPU time):")
    for name in stages:
        print(f"  {name:<20} {_ratio(small.times[name][0], large.times[name][0]):6.1f}"
              f" {_ratio(small.times[name][1], large.times[name][1]):6.1f}")
    for label, names in sums.items():
        if names:
            wall, cpu = (_ratio(sum(small.times[s][i] for s in names),
                                sum(large.times[s][i] for s in names)) for i in (0, 1))
            print(f"  {label:<20} {wall:6.1f} {cpu:6.1f}")


def _ratio(small: float, large: float) -> float:
    return large / small if small > 0 else math.nan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="corpus sizes, comma-separated (the ratio is last / first)")
    parser.add_argument("--stages", default="stories,alignment",
                        help=f"corpus stages to time, of {', '.join(CORPUS_STAGES)}; "
                             "the stages they read run too")
    parser.add_argument("--timeout", type=float, default=3600,
                        help="seconds a size may take before it is given up")
    parser.add_argument("--stored", action="store_true",
                        help="copies decoded the way a store loads them (own strings, as a "
                             "comparison over a stored corpus holds them; more memory)")
    parser.add_argument("--fields", type=int, default=0, metavar="N",
                        help="only print the memory of N stored articles, field by field")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    asked = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = [s for s in asked if s not in CORPUS_STAGES]
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(unknown)}")
    stages = _with_needs(asked)
    if args.child:
        print(msgspec.json.encode(measure(args.child, stages, args.stored)).decode())
        return 0
    if args.fields:
        report_fields(args.fields)
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    annotated = annotated_basil()
    print(f"input: BASIL dev, {len(annotated.articles)} annotated articles "
          f"(cache {cache_path()}); copies every {DAYS_PER_COPY} days")
    print(f"stages: {', '.join(stages)}; sizes: {', '.join(f'{n:,}' for n in sizes)}; "
          f"one child process per size; {os.cpu_count()} CPUs")
    results = []
    for n in sizes:
        start = time.perf_counter()
        found = _child(n, stages, args.timeout, args.stored)
        if found is None:
            break
        print(f"  {n:,} articles: {time.perf_counter() - start:.0f} s in all "
              f"(corpus built in {found.built_s:.1f} s)", flush=True)
        results.append(found)
    if results:
        _report(results, stages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
