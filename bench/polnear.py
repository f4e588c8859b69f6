"""Quote and attribution extraction against PolNeAR (brat standoff).

    python -m bench.polnear [--split dev|train] [--every N] [--limit N] [--errors N]
                            [--misses N] [--cache DIR]

Each gold attribution (an ``E`` line) has Source, Cue and Content spans, each possibly
in several pieces. Our quotes are grouped back into attributions by their cue and
speaker spans, so a quote split by its cue ("“A,” he said, “B.”") is one attribution
with two content pieces, as in the gold.

Per role, gold and predicted spans are matched one to one:
  exact   - the same pieces (edge whitespace ignored);
  overlap - at least one character in common.
"linked" counts attributions whose content and source both overlap one gold attribution.

PolNeAR marks every attribution, beliefs and stances included ("Trump wants a wall",
"the poll shows ..."); the quote stage looks for speech. Recall is therefore also given
on two subsets: gold with a verb of saying as cue (say, tell, according to) and gold
whose content is a direct quote (opens with a quotation mark).
Runtime covers parsing and extraction. ``--errors N`` lists up to N gold attributions
whose content no prediction overlaps, and N predictions that overlap no gold content,
as "source | cue | content", to see what the rules miss and what they wrongly take.
``--misses N`` lists up to N gold sources that no predicted source matches exactly, with
their cue, the source we gave that content instead (if any) and their sentence.
``--cache DIR`` keeps the parses in DIR and reuses them on later runs (the runtime
then leaves the parse out).
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.shared import eval_dir
from triangulate.extract.quotes import QuoteStage
from triangulate.model import Article, Quote
from triangulate.models.language import doc_to_bytes, load_spacy, parse_many

Pieces = tuple[tuple[int, int], ...]
ROLES = ("Source", "Cue", "Content")
_SAYING = re.compile(r"\b(?:say|says|said|saying|tell|tells|told|telling|according to)\b",
                     re.IGNORECASE)
_OPENING = tuple('"“‘\'`')
_T_LINE = re.compile(r"(T\d+)\t(\S+) ([\d ;]+)\t?")
_E_LINE = re.compile(r"E\d+\t(.*)")


@dataclass
class Attribution:
    roles: dict[str, Pieces] = field(default_factory=dict)


def read_ann(path: Path) -> list[Attribution]:
    lines = path.read_text(encoding="utf-8").splitlines()
    spans: dict[str, Pieces] = {}
    for line in lines:
        m = _T_LINE.match(line)
        if m:
            pieces = tuple(tuple(int(x) for x in part.split()) for part in m.group(3).split(";"))
            spans[m.group(1)] = tuple((a, b) for a, b in pieces)
    out = []
    for line in lines:
        m = _E_LINE.match(line)
        if not m:
            continue
        att = Attribution()
        for arg in m.group(1).split():
            role, _, ref = arg.partition(":")
            if role in ROLES and ref in spans:
                att.roles[role] = spans[ref]
        out.append(att)
    return out


def predicted(quotes: list[Quote]) -> list[Attribution]:
    """Our quotes as attributions: pieces sharing a cue and speaker form one."""
    groups: dict[tuple[object, ...], Attribution] = {}
    for q in quotes:
        cue = (q.cue_span.start, q.cue_span.end) if q.cue_span else None
        src = (q.speaker_span.start, q.speaker_span.end) if q.speaker_span else None
        key: tuple[object, ...] = (cue, src) if cue or src else (q.id,)
        att = groups.setdefault(key, Attribution())
        content = att.roles.get("Content", ())
        att.roles["Content"] = (*content, (q.span.start, q.span.end))
        if cue:
            att.roles["Cue"] = (cue,)
        if src:
            att.roles["Source"] = (src,)
    return list(groups.values())


def normal(text: str, pieces: Pieces) -> Pieces:
    out = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return tuple(sorted(out))


def overlaps(x: Pieces, y: Pieces) -> bool:
    return any(a < d and c < b for a, b in x for c, d in y)


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0

    def figures(self, kind: str) -> tuple[float, float, float]:
        hit = self.exact if kind == "exact" else self.overlap
        p = hit / self.pred if self.pred else 0.0
        r = hit / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def match(gold: list[Pieces], pred: list[Pieces], exact: bool) -> int:
    used: set[int] = set()
    hits = 0
    for p in pred:
        for i, g in enumerate(gold):
            if i in used:
                continue
            if (p == g) if exact else overlaps(p, g):
                used.add(i)
                hits += 1
                break
    return hits


def score(text: str, gold: list[Attribution], pred: list[Attribution],
          tallies: dict[str, Tally]) -> None:
    for role in ROLES:
        g = [normal(text, a.roles[role]) for a in gold if role in a.roles]
        p = [normal(text, a.roles[role]) for a in pred if role in a.roles]
        t = tallies[role]
        t.gold += len(g)
        t.pred += len(p)
        t.exact += match(g, p, exact=True)
        t.overlap += match(g, p, exact=False)
    linked = tallies["linked"]
    linked.gold += sum(1 for a in gold if "Content" in a.roles and "Source" in a.roles)
    linked.pred += sum(1 for a in pred if "Content" in a.roles and "Source" in a.roles)
    used: set[int] = set()
    for a in pred:
        if "Source" not in a.roles:
            continue
        for i, b in enumerate(gold):
            if i in used or "Source" not in b.roles or "Content" not in b.roles:
                continue
            if overlaps(a.roles["Content"], b.roles["Content"]) and \
                    overlaps(a.roles["Source"], b.roles["Source"]):
                used.add(i)
                linked.overlap += 1
                break
    linked.exact = linked.overlap


@dataclass
class Subset:
    gold: int = 0
    content: int = 0  # content overlaps a predicted content
    exact: int = 0  # content matches exactly
    linked: int = 0  # ... and the source overlaps that prediction's source


def subset_recall(text: str, gold: list[Attribution], pred: list[Attribution],
                  keep: Callable[[str, Attribution], bool], tally: Subset) -> None:
    for g in gold:
        if "Content" not in g.roles or not keep(text, g):
            continue
        tally.gold += 1
        hits = [p for p in pred if "Content" in p.roles and
                overlaps(p.roles["Content"], g.roles["Content"])]
        if not hits:
            continue
        tally.content += 1
        if any(normal(text, p.roles["Content"]) == normal(text, g.roles["Content"])
               for p in hits):
            tally.exact += 1
        if "Source" in g.roles and any("Source" in p.roles and
                                       overlaps(p.roles["Source"], g.roles["Source"])
                                       for p in hits):
            tally.linked += 1


def saying(text: str, att: Attribution) -> bool:
    return any(_SAYING.search(text[a:b]) for a, b in att.roles.get("Cue", ()))


def direct(text: str, att: Attribution) -> bool:
    a, _ = min(att.roles["Content"])
    return text[a:a + 1] in _OPENING or text[a:a + 2] == "''"


def describe(text: str, att: Attribution, width: int = 110) -> str:
    """An attribution as "source | cue | content", pieces joined by " / "."""
    def role(name: str) -> str:
        return " / ".join(text[a:b] for a, b in att.roles.get(name, ())).replace("\n", " ")
    return f"{role('Source')!r} | {role('Cue')!r} | {role('Content')[:width]!r}"


def errors(text: str, gold: list[Attribution], pred: list[Attribution]) \
        -> tuple[list[str], list[str]]:
    """The gold attributions no prediction reaches and the predictions no gold one does."""
    def content(att: Attribution) -> Pieces:
        return normal(text, att.roles.get("Content", ()))
    missed = [describe(text, g) for g in gold
              if not any(overlaps(content(g), content(p)) for p in pred)]
    wrong = [describe(text, p) for p in pred
             if not any(overlaps(content(p), content(g)) for g in gold)]
    return missed, wrong


def missed_sources(text: str, gold: list[Attribution], pred: list[Attribution]) -> list[str]:
    """Gold sources that no predicted source matches exactly: the gold source and cue,
    the source we gave for the same content (if any) and the sentence around them."""
    ours = {normal(text, p.roles["Source"]) for p in pred if "Source" in p.roles}
    rows = []
    for g in gold:
        if "Source" not in g.roles or normal(text, g.roles["Source"]) in ours:
            continue
        instead = next((p for p in pred if "Content" in g.roles and "Content" in p.roles and
                        overlaps(p.roles["Content"], g.roles["Content"])), None)
        given = " / ".join(text[a:b] for a, b in instead.roles.get("Source", ())) \
            if instead is not None else None
        if instead is not None and "Cue" in instead.roles:
            given = f"{given} ({' / '.join(text[a:b] for a, b in instead.roles['Cue'])})"
        spans = [*g.roles["Source"], *g.roles.get("Cue", ())]
        lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
        start = max(text.rfind(".", 0, lo), text.rfind("\n", 0, lo)) + 1
        end = min((k for k in (text.find(".", hi), text.find("\n", hi)) if k >= 0),
                  default=len(text))
        sentence = text[start:end + 1].strip().replace("\n", " ")
        source = " / ".join(text[a:b] for a, b in g.roles["Source"]).replace("\n", " ")
        cue = " / ".join(text[a:b] for a, b in g.roles.get("Cue", ())).replace("\n", " ")
        rows.append(f"{source!r} | {cue!r} | ours {given!r} || {sentence[:220]}")
    return rows


def _restore(articles: list[Article], cache: Path) -> None:
    """Put the cached parse on each article that has one (``parse_many`` restores it)."""
    for article in articles:
        path = cache / f"{article.id}.bin"
        if path.exists():
            article.syntax = path.read_bytes()


def _store(articles: list[Article], cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    docs = parse_many(articles)
    for article, doc in zip(articles, docs, strict=True):
        path = cache / f"{article.id}.bin"
        if not path.exists():
            path.write_bytes(doc_to_bytes(doc))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=0, help="first N annotation files only")
    parser.add_argument("--every", type=int, default=1,
                        help="every Nth text only (a spread-out sample of a split)")
    parser.add_argument("--errors", type=int, default=0,
                        help="list up to N missed and N wrongly found attributions")
    parser.add_argument("--misses", type=int, default=0,
                        help="list up to N gold sources not matched exactly, with sentences")
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder to keep parses in and reuse them from")
    args = parser.parse_args()
    root = eval_dir("polnear") / args.split
    anns = sorted((root / "attributions").glob("*.ann"))
    if args.every > 1:  # every Nth text, with all its annotation files
        names = sorted({ann.stem.rsplit("_", 1)[0] for ann in anns})[::args.every]
        chosen = set(names)
        anns = [ann for ann in anns if ann.stem.rsplit("_", 1)[0] in chosen]
    if args.limit:
        anns = anns[:args.limit]
    texts: dict[str, str] = {}
    for ann in anns:
        name = ann.stem.rsplit("_", 1)[0]
        texts.setdefault(name, (root / "text" / f"{name}.txt").read_text(encoding="utf-8"))
    load_spacy()  # model loading is not part of the measured time
    articles = [Article(id=name, text=text) for name, text in texts.items()]
    if args.cache is not None:
        _restore(articles, args.cache)
    began = time.perf_counter()
    parse_many(articles)
    if args.cache is not None:
        _store(articles, args.cache)
    parsed = time.perf_counter()
    QuoteStage()(articles)
    done = time.perf_counter()
    by_id = {a.id: a for a in articles}
    tallies = {role: Tally() for role in (*ROLES, "linked")}
    subsets = {"verbs of saying": (saying, Subset()), "direct quotes": (direct, Subset())}
    missed: list[str] = []
    wrong: list[str] = []
    sources: list[str] = []
    for ann in anns:
        article = by_id[ann.stem.rsplit("_", 1)[0]]
        gold, pred = read_ann(ann), predicted(article.quotes)
        score(article.text, gold, pred, tallies)
        for keep, tally in subsets.values():
            subset_recall(article.text, gold, pred, keep, tally)
        if args.errors:
            found_missed, found_wrong = errors(article.text, gold, pred)
            missed.extend(f"{article.id}: {m}" for m in found_missed)
            wrong.extend(f"{article.id}: {w}" for w in found_wrong)
        if args.misses:
            sources.extend(f"{article.id[:30]}: {m}"
                           for m in missed_sources(article.text, gold, pred))
    print(f"PolNeAR {args.split}: {len(anns)} annotation files, {len(articles)} texts, "
          f"{tallies['Content'].gold} gold attributions, {tallies['Content'].pred} predicted")
    print(f"{'role':<10}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}")
    for role in ROLES:
        for kind in ("exact", "overlap"):
            p, r, f = tallies[role].figures(kind)
            print(f"{role:<10}{kind:<9}{100 * p:7.1f}{100 * r:7.1f}{100 * f:7.1f}")
    p, r, f = tallies["linked"].figures("overlap")
    print(f"{'linked':<10}{'overlap':<9}{100 * p:7.1f}{100 * r:7.1f}{100 * f:7.1f}")
    for name, (_, sub) in subsets.items():
        print(f"recall on gold {name} ({sub.gold}): content overlap "
              f"{100 * sub.content / max(sub.gold, 1):.1f}, exact "
              f"{100 * sub.exact / max(sub.gold, 1):.1f}, with source "
              f"{100 * sub.linked / max(sub.gold, 1):.1f}")
    words = sum(len(a.text.split()) for a in articles)
    print(f"runtime: parse {parsed - began:.1f}s, quotes {done - parsed:.1f}s "
          f"({words / max(done - began, 1e-9):.0f} words/s overall)")
    if args.errors:
        for title, rows in (("missed", missed), ("found, not in the gold", wrong)):
            print(f"\n{title}: {len(rows)} (first {min(args.errors, len(rows))})")
            for row in rows[:args.errors]:
                print(f"  {row}")
    if args.misses:
        print(f"\ngold sources not matched exactly: {len(sources)} "
              f"(first {min(args.misses, len(sources))})")
        for row in sources[:args.misses]:
            print(f"  {row}")


if __name__ == "__main__":
    main()
