"""Paraphrase judgement on MRPC (training split, our dev set): accuracy and F1.

    python -m bench.mrpc          # shipped weights on all pairs + cross-validation
    python -m bench.mrpc --fit    # also print freshly fitted constants for paraphrase.py

Since the shipped weights were fitted on this very set, its full-set figure is
in-sample; the honest figures are the cross-validated ones: weights *and* threshold
are fitted on the training part of each split only, then the held-out part is scored.
Three schemes: the fixed two-fold split (even / odd pairs, as in earlier reports),
five repeats of a random two-fold split, and ten-fold. The features and the one
hyper-parameter (L2 = 0.01) were chosen with limited tuning on this same set.

Then the decision the families stage makes for a sentence pair
(:func:`triangulate.compare.families.pair_decisions`: identical, or word Dice and the
cosine/Dice blend above their floors and the classifier saying paraphrase), scored the
same ways (the gates are fixed; the classifier is refitted per fold), the old families
rule (blend above 0.6) for comparison, and the F1 of the decision at other blend floors.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize

from bench.shared import eval_dir
from triangulate.compare import paraphrase as para
from triangulate.compare.families import (
    FamilySettings,
    SentenceJudge,
    candidates,
    pair_blend,
    pair_decisions,
)

L2 = 1e-2
OLD_FAMILIES_FLOOR = 0.6  # the families stage aligned sentences above this blend alone

Model = tuple[np.ndarray, np.ndarray, np.ndarray, float, float]


def load() -> tuple[list[tuple[str, str]], np.ndarray]:
    path = eval_dir("mrpc") / "msr_paraphrase_train.txt"
    pairs, labels = [], []
    with open(path, encoding="utf-8-sig") as fh:
        next(fh)  # header
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 5:
                labels.append(int(cols[0]))
                pairs.append((cols[3], cols[4]))
    return pairs, np.array(labels)


def f1_accuracy(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    tp = int(((pred == 1) & (gold == 1)).sum())
    fp = int(((pred == 1) & (gold == 0)).sum())
    fn = int(((pred == 0) & (gold == 1)).sum())
    return 2 * tp / max(1, 2 * tp + fp + fn), float((pred == gold).mean())


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> Model:
    """Standardise, fit an L2-regularised logistic model, pick the F1-best threshold."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    zb = np.c_[(x - mean) / scale, np.ones(len(x))]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = zb @ w
        grad = (1 / (1 + np.exp(-s)) - y) @ zb / len(y)
        grad[:-1] += 2 * l2 * w[:-1]
        return float(np.mean(np.logaddexp(0, s) - y * s) + l2 * (w[:-1] ** 2).sum()), grad

    w = minimize(loss, np.zeros(zb.shape[1]), jac=True, method="L-BFGS-B").x
    prob = 1 / (1 + np.exp(-(zb @ w)))
    best = max((f1_accuracy((prob >= t).astype(int), y)[0], float(t))
               for t in np.arange(0.05, 0.95, 0.01))
    return mean, scale, w[:-1], float(w[-1]), best[1]


def score(x: np.ndarray, model: Model) -> np.ndarray:
    mean, scale, w, b, _ = model
    return np.asarray(1 / (1 + np.exp(-(((x - mean) / scale) @ w + b))))


Gate = tuple[np.ndarray, np.ndarray]  # (may the classifier accept, accepted anyway)


def cross_validate(x: np.ndarray, gold: np.ndarray, splits: list[np.ndarray],
                   gate: Gate | None = None) -> list[tuple[float, float, float]]:
    """(F1, accuracy, threshold) on the held-out part of each split (True = train).

    With a gate, a pair is positive iff accepted anyway, or allowed and the classifier
    (fitted on the training part) says paraphrase: the families decision."""
    out = []
    for train in splits:
        model = fit(x[train], gold[train])
        pred = score(x[~train], model) >= model[4]
        if gate is not None:
            allowed, anyway = gate
            pred = anyway[~train] | (allowed[~train] & pred)
        out.append((*f1_accuracy(pred.astype(int), gold[~train]), model[4]))
    return out


def halves(n: int, seed: int | None) -> list[np.ndarray]:
    if seed is None:
        first = np.arange(n) % 2 == 0
    else:
        first = np.zeros(n, dtype=bool)
        first[np.random.default_rng(seed).permutation(n)[: n // 2]] = True
    return [first, ~first]


def report(name: str, folds: list[tuple[float, float, float]]) -> None:
    f1 = np.array([f for f, _, _ in folds])
    acc = np.array([a for _, a, _ in folds])
    print(f"{name:<30}acc {acc.mean():.3f}  F1 {f1.mean():.3f}  "
          f"(F1 per fold {f1.min():.3f}..{f1.max():.3f}, {len(folds)} folds)")


def timed(label: str, work: Callable[[], object], count: int, unit: str) -> None:
    t0 = time.perf_counter()
    work()
    per = (time.perf_counter() - t0) / max(count, 1)
    print(f"  {label:<36}{per * 1e6:8.0f} µs per {unit}")


def families(pairs: list[tuple[str, str]], gold: np.ndarray, x: np.ndarray) -> None:
    """The families stage's own sentence decision, and the rule it replaced."""
    settings = FamilySettings()
    judge = SentenceJudge(settings.paraphrase_threshold)
    t0 = time.perf_counter()
    decided = pair_decisions(pairs, settings, judge).astype(int)
    spent = time.perf_counter() - t0
    sim, dice, same = pair_blend(pairs, settings)
    gate = (candidates(sim, dice, same, settings), same)
    print(f"families sentence decision: identical, or Dice > {settings.min_dice} and blend "
          f"> {settings.align_threshold} and classifier >= {settings.paraphrase_threshold}")
    print(f"  classifier asked on {judge.calls} of {len(pairs)} pairs "
          f"({gate[0].sum() - same.sum()} pass the gates, {same.sum()} identical), "
          f"{spent:.1f}s with parses and embeddings cached")
    f1, acc = f1_accuracy(decided, gold)
    print(f"{'families decision, all pairs':<30}acc {acc:.3f}  F1 {f1:.3f}  (in-sample)")
    report("  2-fold (even/odd)", cross_validate(x, gold, halves(len(gold), None), gate))
    report("  2-fold x 5 random splits",
           [r for seed in range(5)
            for r in cross_validate(x, gold, halves(len(gold), seed), gate)])
    tenth = np.arange(len(gold)) % 10
    report("  10-fold", cross_validate(x, gold, [tenth != k for k in range(10)], gate))
    f1, acc = f1_accuracy((sim > OLD_FAMILIES_FLOOR).astype(int), gold)
    print(f"{'old rule: blend > 0.6':<30}acc {acc:.3f}  F1 {f1:.3f}  (no fitting)")
    shipped = para.scores_from_features(x) >= para.THRESHOLD
    sweep = []
    for floor in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65):
        other = FamilySettings(align_threshold=floor)
        pred = same | (candidates(sim, dice, same, other) & shipped)
        sweep.append(f"{floor:.2f}: {f1_accuracy(pred.astype(int), gold)[0]:.3f}")
    print("  F1 by blend floor (shipped weights): " + ", ".join(sweep))


def main(argv: list[str]) -> int:
    t0 = time.perf_counter()
    pairs, gold = load()
    x = para.feature_matrix(pairs)
    print(f"MRPC train: {len(pairs)} pairs, {gold.mean():.1%} paraphrases; "
          f"features ({len(para.FEATURES)}) in {time.perf_counter() - t0:.1f}s")
    texts = sorted({t for p in pairs for t in p})
    print("cost (this machine, embeddings and parses already cached):")
    timed("tokens_of", lambda: [para.tokens_of(t) for t in texts], len(texts), "sentence")
    toks = {t: para.tokens_of(t) for t in texts}
    facts = dict(zip(texts, para.facts_of(texts), strict=True))
    timed("pair_features", lambda: [para.pair_features(0.5, toks[a], toks[b], facts[a],
                                                         facts[b]) for a, b in pairs],
          len(pairs), "pair")
    f1, acc = f1_accuracy(np.ones_like(gold), gold)
    print(f"{'always-paraphrase baseline':<30}acc {acc:.3f}  F1 {f1:.3f}")
    shipped = (para.scores_from_features(x) >= para.THRESHOLD).astype(int)
    f1, acc = f1_accuracy(shipped, gold)
    print(f"{'shipped weights, all pairs':<30}acc {acc:.3f}  F1 {f1:.3f}  (in-sample)")
    fixed = cross_validate(x, gold, halves(len(gold), None))
    for (f1, acc, thr), train in zip(fixed, halves(len(gold), None), strict=True):
        print(f"  fold: fit on {train.sum()}, test on {(~train).sum()}: threshold {thr:.2f}  "
              f"acc {acc:.3f}  F1 {f1:.3f}")
    report("2-fold (even/odd)", fixed)
    report("2-fold x 5 random splits",
           [r for seed in range(5) for r in cross_validate(x, gold, halves(len(gold), seed))])
    tenth = np.arange(len(gold)) % 10
    report("10-fold", cross_validate(x, gold, [tenth != k for k in range(10)]))
    families(pairs, gold, x)
    if "--fit" in argv:
        mean, scale, w, b, thr = fit(x, gold)

        def fmt(values: np.ndarray) -> str:
            return ", ".join(f"{v:.4f}" for v in values)

        print(f"MEAN = np.array([{fmt(mean)}])")
        print(f"SCALE = np.array([{fmt(scale)}])")
        print(f"WEIGHTS = np.array([{fmt(w)}])")
        print(f"BIAS = {b:.4f}\nTHRESHOLD = {thr:.2f}")
    print(f"runtime {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
