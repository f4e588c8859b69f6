"""Paraphrase judgement on MRPC (training split, our dev set): accuracy and F1.

    python -m bench.mrpc          # shipped weights on all pairs + two-fold cross-validation
    python -m bench.mrpc --fit    # also print freshly fitted constants for paraphrase.py

Since the shipped weights were fitted on this very set, its full-set figure is
in-sample; the honest figure is the cross-validated one (fit weights and threshold on
one half, score the other half, both ways).
"""

from __future__ import annotations

import sys
import time

import numpy as np
from scipy.optimize import minimize

from bench.shared import eval_dir
from triangulate.compare import paraphrase as para


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


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray, float, float]:
    """Standardise, fit an L2-regularised logistic model, pick the F1-best threshold."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / scale
    zb = np.c_[z, np.ones(len(z))]

    def loss(w: np.ndarray) -> float:
        s = zb @ w
        return float(np.mean(np.logaddexp(0, s) - y * s) + l2 * (w[:-1] ** 2).sum())

    w = minimize(loss, np.zeros(zb.shape[1]), method="L-BFGS-B").x
    prob = 1 / (1 + np.exp(-(zb @ w)))
    best = max((f1_accuracy((prob >= t).astype(int), y)[0], float(t))
               for t in np.arange(0.05, 0.95, 0.01))
    return mean, scale, w[:-1], float(w[-1]), best[1]


def score(x: np.ndarray, mean: np.ndarray, scale: np.ndarray, w: np.ndarray,
          b: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))


def main(argv: list[str]) -> int:
    t0 = time.perf_counter()
    pairs, gold = load()
    x = para.feature_matrix(pairs)
    t_feat = time.perf_counter() - t0
    print(f"MRPC train: {len(pairs)} pairs, {gold.mean():.1%} paraphrases; "
          f"features in {t_feat:.1f}s")
    f1, acc = f1_accuracy(np.ones_like(gold), gold)
    print(f"always-paraphrase baseline   acc {acc:.3f}  F1 {f1:.3f}")
    shipped = (para.scores_from_features(x) >= para.THRESHOLD).astype(int)
    f1, acc = f1_accuracy(shipped, gold)
    print(f"shipped weights, all pairs   acc {acc:.3f}  F1 {f1:.3f}  (in-sample)")
    halves = np.arange(len(gold)) % 2 == 0
    folds = []
    for train in (halves, ~halves):
        mean, scale, w, b, thr = fit(x[train], gold[train])
        pred = (score(x[~train], mean, scale, w, b) >= thr).astype(int)
        folds.append(f1_accuracy(pred, gold[~train]))
        print(f"  fold: fit on {train.sum()}, test on {(~train).sum()}: threshold {thr:.2f}  "
              f"acc {folds[-1][1]:.3f}  F1 {folds[-1][0]:.3f}")
    print(f"2-fold cross-validated       acc {np.mean([a for _, a in folds]):.3f}  "
          f"F1 {np.mean([f for f, _ in folds]):.3f}")
    if "--fit" in argv:
        mean, scale, w, b, thr = fit(x, gold)
        fmt = ", ".join
        print("MEAN = np.array([" + fmt(f"{v:.4f}" for v in mean) + "])")
        print("SCALE = np.array([" + fmt(f"{v:.4f}" for v in scale) + "])")
        print("WEIGHTS = np.array([" + fmt(f"{v:.4f}" for v in w) + "])")
        print(f"BIAS = {b:.4f}\nTHRESHOLD = {thr:.2f}")
    print(f"runtime {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
