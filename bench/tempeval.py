"""Time expressions against TempEval-3 (TimeBank + AQUAINT, the dev half).

``python -m bench.tempeval`` strips the TimeML tags of every document's <TEXT>, runs
``find_times`` with the <DCT> as publication date and prints, for DATE expressions and for
all of them, strict and relaxed span P/R/F1 and value P/R/F1 as TempEval-3 counts it (a
value is right when a relaxed match carries exactly the gold value), then the runtime.
``--errors`` also lists every miss, spurious find and wrong value (for tuning).
"""

from __future__ import annotations

import html
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.shared import eval_dir, shared_path
from triangulate.extract.dates import find_times

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str | None


@dataclass
class Document:
    name: str
    dct: str
    text: str
    gold: list[Timex]


def read_timeml(path: Path) -> Document:
    """Plain text of <TEXT> with the gold TIMEX3 offsets into it."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    dct = dct_match.group(1) if dct_match else ""
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if not m.group(1):
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append(Timex(start, length, attrs.get("type", ""), attrs.get("value")))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    return Document(path.stem, dct, "".join(out), gold)


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0

    def prf(self, hits: int) -> tuple[float, float, float]:
        p = hits / self.system if self.system else 0.0
        r = hits / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return 100 * p, 100 * r, 100 * f


def score(gold: list[Timex], system: list[Timex], counts: Counts,
          errors: list[str] | None = None, text: str = "") -> None:
    """One-to-one matching: exact spans first, then any overlap (TempEval-3 relaxed)."""
    counts.gold += len(gold)
    counts.system += len(system)
    unmatched = list(system)
    pairs: list[tuple[Timex, Timex]] = []
    rest: list[Timex] = []
    for g in gold:
        exact = next((s for s in unmatched if s.start == g.start and s.end == g.end), None)
        if exact is not None:
            unmatched.remove(exact)
            pairs.append((g, exact))
            counts.strict += 1
        else:
            rest.append(g)
    for g in rest:
        near = next((s for s in unmatched if s.start < g.end and g.start < s.end), None)
        if near is not None:
            unmatched.remove(near)
            pairs.append((g, near))
        elif errors is not None:
            errors.append(f"MISS  {text[g.start:g.end]!r} {g.type} {g.value}  | "
                          f"{_context(text, g.start, g.end)}")
    counts.relaxed += len(pairs)
    for g, s in pairs:
        if g.value == s.value:
            counts.value += 1
        elif errors is not None:
            errors.append(f"VALUE {text[g.start:g.end]!r}->{text[s.start:s.end]!r} "
                          f"gold {g.type} {g.value} got {s.type} {s.value}  | "
                          f"{_context(text, s.start, s.end)}")
    if errors is not None:
        for s in unmatched:
            errors.append(f"EXTRA {text[s.start:s.end]!r} {s.type} {s.value}  | "
                          f"{_context(text, s.start, s.end)}")


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - 60):start].replace("\n", " ")
    right = text[end:end + 40].replace("\n", " ")
    return f"{left}[{text[start:end]}]{right}"


def basil_runtime() -> tuple[int, float, float] | None:
    """Words, wall and CPU seconds for find_times over BASIL dev, where it is present."""
    import json

    path = shared_path() / "eval" / "basil" / "basil-dev.jsonl"
    if not path.is_file():
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    words = sum(len(str(r.get("text") or "").split()) for r in rows)
    began, cpu = time.perf_counter(), time.process_time()
    for r in rows:
        find_times(str(r.get("text") or ""), r.get("published"))
    return words, time.perf_counter() - began, time.process_time() - cpu


def main(argv: list[str]) -> int:
    show_errors = "--errors" in argv
    folder = eval_dir("tempeval3")
    docs = [read_timeml(p) for p in sorted(folder.rglob("*.tml"))]
    rows = {"DATE": Counts(), "all": Counts()}
    errors: list[str] = []
    began, cpu = time.perf_counter(), time.process_time()
    found = [find_times(d.text, d.dct or None) for d in docs]
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    for doc, spans in zip(docs, found, strict=True):
        system = [Timex(s, e, t, v) for s, e, t, v in spans]
        score(doc.gold, system, rows["all"], errors if show_errors else None, doc.text)
        score([g for g in doc.gold if g.type == "DATE"], [s for s in system if s.type == "DATE"],
              rows["DATE"])
    if show_errors:
        print("\n".join(sorted(errors)))
    words = sum(len(d.text.split()) for d in docs)
    print(f"TempEval-3 dev (TimeBank + AQUAINT): {len(docs)} documents, {words} words")
    print(f"{'':6} {'gold':>5} {'sys':>5}  {'strict P/R/F1':>20}  {'relaxed P/R/F1':>20}  "
          f"{'value P/R/F1':>20}")
    for name, c in rows.items():
        cols = [" ".join(f"{x:6.1f}" for x in c.prf(hits))
                for hits in (c.strict, c.relaxed, c.value)]
        print(f"{name:6} {c.gold:5d} {c.system:5d}  {cols[0]}  {cols[1]}  {cols[2]}")
    print(f"runtime: {elapsed:.2f} s wall, {cpu:.2f} s CPU for {len(docs)} documents")
    basil = basil_runtime()
    if basil is not None:
        print(f"runtime: {basil[1]:.2f} s wall, {basil[2]:.2f} s CPU for BASIL dev "
              f"({basil[0]} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
