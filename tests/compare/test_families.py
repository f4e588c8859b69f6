"""Rewrite families: near-copies, partial rewrites, alignment rows, word diff, MinHash LSH."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest

from triangulate.compare.families import (
    Cells,
    FamilySettings,
    FamilyStage,
    SentenceJudge,
    candidates,
    find_families,
    lazy_alignment,
    monotone_alignment,
    most_alignable,
    pair_blend,
    pair_decisions,
    word_diff,
)
from triangulate.compare.minhash import BACKENDS, jaccard, lsh_params, make_index, shingles
from triangulate.errors import TriangulateError
from triangulate.model import Article, Corpus, Sentence, Story

WIRE = (
    "A powerful earthquake struck off the coast of northern Chile on Monday, killing at least "
    "six people and damaging hundreds of homes, the interior ministry said. "
    "The magnitude 7.1 quake hit at 3:40 a.m. local time about 60 kilometres west of the "
    "port city of Iquique, according to the national seismology centre. "
    "Authorities briefly issued a tsunami warning for the coast but lifted it two hours later. "
    "Power was cut to more than 40,000 households across the region, the electricity "
    "regulator said. "
    "President Gabriel Boric said the government would send emergency teams and food supplies "
    "to the worst-hit towns. "
    "Chile sits on the Pacific Ring of Fire and is one of the most seismically active countries "
    "in the world."
)
NEAR_COPY = (
    "A powerful earthquake struck off the coast of northern Chile on Monday, killing at least "
    "seven people and damaging hundreds of homes, the interior ministry said. "
    "The magnitude 7.1 quake hit at 3:40 a.m. local time about 60 kilometres west of the "
    "port city of Iquique, according to the national seismology centre. "
    "Authorities briefly issued a tsunami warning for the coast but lifted it two hours later. "
    "Power was cut to more than 40,000 homes across the region, the electricity "
    "regulator said. "
    "President Gabriel Boric said the government would send emergency teams and food supplies "
    "to the worst-hit towns. "
    "Chile sits on the Pacific Ring of Fire and is one of the most seismically active countries "
    "in the world."
)
REWRITE = (
    "At least six people were killed and hundreds of homes damaged when a strong earthquake hit "
    "off northern Chile's coast on Monday, according to the interior ministry. "
    "The 7.1 magnitude tremor struck at 3:40 a.m. roughly 60 km west of the port of Iquique, "
    "the national seismology centre reported. "
    "A tsunami warning was briefly issued for the coastline and lifted two hours later. "
    "Residents in Iquique described furniture toppling and people running into the streets. "
    "More than 40,000 households lost power across the region, the electricity regulator said. "
    "Emergency teams and food supplies will be sent to the worst-hit towns, President Gabriel "
    "Boric said."
)
SAME_TOPIC = (
    "Chilean rescue workers spent Tuesday clearing rubble in Iquique after Monday's earthquake. "
    "Local fire chief Maria Soto said two schools would stay closed while engineers inspect them. "
    "Shops reopened in the city centre, though queues formed at petrol stations. "
    "Seismologists warned that aftershocks could continue for several weeks. "
    "The mining company Codelco said its operations in the north were not affected. "
    "Tourism officials said hotels had reported few cancellations so far."
)


def article(article_id: str, text: str, published: str | None = None) -> Article:
    return Article(id=article_id, text=text, published=published)


def statuses(rows: list) -> Counter[str]:
    return Counter(r.status for r in rows)


def test_near_copy_is_one_family_with_kept_and_changed_rows() -> None:
    families = find_families([article("wire", WIRE, "2024-03-04"),
                              article("copy", NEAR_COPY, "2024-03-04")], story="s1")
    assert len(families) == 1
    fam = families[0]
    assert fam.articles == ["wire", "copy"] and fam.story == "s1" and fam.id == "f1"
    assert 0.9 < fam.similarity <= 1.0
    counts = statuses(fam.alignment)
    assert counts == Counter({"kept": 4, "changed": 2})
    changed = [r for r in fam.alignment if r.status == "changed"]
    assert changed[0].left is not None and "six" in changed[0].left.text
    assert changed[0].right is not None and "seven" in changed[0].right.text


def test_partial_rewrite_is_a_family_with_added_and_dropped_rows() -> None:
    (fam,) = find_families([article("wire", WIRE), article("rewrite", REWRITE)])
    counts = statuses(fam.alignment)
    assert counts["changed"] >= 4
    assert counts["added"] >= 1  # the residents' sentence
    assert counts["dropped"] >= 1  # the Ring of Fire sentence
    assert 0.0 < fam.similarity < 0.95
    for row in fam.alignment:  # spans point into the right articles
        assert row.left is None or row.left.article == "wire"
        assert row.right is None or row.right.article == "rewrite"


def test_article_sharing_only_the_topic_is_no_family() -> None:
    assert find_families([article("wire", WIRE), article("topic", SAME_TOPIC)]) == []


def test_three_articles_one_family_topic_article_left_out() -> None:
    arts = [article("topic", SAME_TOPIC, "2024-03-05"), article("copy", NEAR_COPY, "2024-03-04"),
            article("wire", WIRE, "2024-03-04")]
    (fam,) = find_families(arts)
    assert set(fam.articles) == {"wire", "copy"}
    assert fam.articles[0] == "copy"  # same day: corpus order decides the left side


def test_stage_compares_only_within_stories() -> None:
    corpus = Corpus(articles=[article("wire", WIRE), article("copy", NEAR_COPY),
                              article("topic", SAME_TOPIC)],
                    stories=[Story(id="s1", title="", articles=["wire", "topic"]),
                             Story(id="s2", title="", articles=["copy"])])
    assert FamilyStage()(corpus).families == []
    corpus.stories = []  # without stories, everything is one pool
    (fam,) = FamilyStage()(corpus).families
    assert fam.story is None and fam.articles == ["wire", "copy"]


def test_sentences_from_the_sentence_stage_are_used() -> None:
    wire, copy = article("wire", WIRE), article("copy", NEAR_COPY)
    for a in (wire, copy):  # one "sentence" per half of the text
        half = a.text.index(" The magnitude")
        a.sentences = [Sentence(start=0, end=half), Sentence(start=half + 1, end=len(a.text))]
    (fam,) = find_families([wire, copy])
    assert len(fam.alignment) == 2 and all(r.status == "changed" for r in fam.alignment)


def test_alignment_spans_match_text() -> None:
    wire, rewrite = article("wire", WIRE), article("rewrite", REWRITE)
    (fam,) = find_families([wire, rewrite])
    for row in fam.alignment:
        for span, art in ((row.left, wire), (row.right, rewrite)):
            if span is not None:
                assert art.text[span.start:span.end] == span.text


def test_monotone_alignment_keeps_order() -> None:
    sim = np.array([[0.9, 0.1, 0.1],
                    [0.1, 0.1, 0.8],
                    [0.1, 0.95, 0.1]])
    # (1, 2) and (2, 1) cross; the better in-order set is (0, 0) + (2, 1)
    assert monotone_alignment(sim, 0.5) == [(0, 0), (2, 1)]
    assert monotone_alignment(sim, 0.99) == []


def test_most_alignable_counts_a_longest_common_subsequence() -> None:
    mask = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=bool)
    assert most_alignable(mask) == 2
    assert most_alignable(np.ones((3, 5), dtype=bool)) == 3


@pytest.mark.parametrize(("a", "b", "ops"), [
    ("the cat sat", "the cat sat", {"equal"}),
    ("the cat sat", "the dog sat", {"equal", "delete", "replace"}),
    ("killed six people", "killed at least six people", {"equal", "insert"}),
    ("he said on Monday", "he said", {"equal", "delete"}),
])
def test_word_diff(a: str, b: str, ops: set[str]) -> None:
    diff = word_diff(a, b)
    assert {op for op, _ in diff} == ops
    assert "".join(t for op, t in diff if op in ("equal", "delete")) == a
    assert "".join(t for op, t in diff if op in ("equal", "insert", "replace")) == b


def test_word_diff_replace_follows_its_delete() -> None:
    diff = word_diff("six people died", "seven people died")
    assert diff == [("delete", "six"), ("replace", "seven"), ("equal", " people died")]


# --- MinHash LSH -------------------------------------------------------------------------


def test_shingles_and_jaccard() -> None:
    assert shingles("One two three", 5) == {"one two three"}
    assert len(shingles(WIRE, 5)) > 100
    assert jaccard(shingles(WIRE), shingles(WIRE)) == 1.0
    assert jaccard(shingles(WIRE), shingles(SAME_TOPIC)) < 0.05


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_lsh_params_fit_the_permutations(threshold: float) -> None:
    bands, rows = lsh_params(threshold, 128)
    assert bands * rows <= 128
    # the S-curve crosses one half near the threshold
    crossing = (1 / bands) ** (1 / rows)
    assert abs(crossing - threshold) < 0.15


def test_back_ends_agree_on_a_small_case() -> None:
    docs = {"wire": WIRE, "copy": NEAR_COPY, "rewrite": REWRITE, "topic": SAME_TOPIC}
    answers = {}
    for backend in BACKENDS:
        index = make_index(0.5, backend)
        for key, text in docs.items():
            index.insert(key, shingles(text))
        answers[backend] = {key: sorted(map(str, index.query(shingles(text))))
                            for key, text in docs.items()}
    assert answers["rensa"] == answers["datasketch"]
    assert answers["rensa"]["wire"] == ["copy", "wire"]
    assert answers["rensa"]["topic"] == ["topic"]


@pytest.mark.parametrize(("threshold", "backend"), [(1.5, "rensa"), (0.5, "faiss")])
def test_bad_lsh_settings(threshold: float, backend: str) -> None:
    with pytest.raises(TriangulateError, match="T204"):
        make_index(threshold, backend)


def test_settings_change_the_decision() -> None:
    strict = FamilySettings(copy_jaccard=0.99, min_share=1.0)
    assert find_families([article("wire", WIRE), article("rewrite", REWRITE)], settings=strict) \
        == []


# --- the sentence decision: gates, then the paraphrase classifier ------------------------


class ScriptedJudge(SentenceJudge):
    """Refuses the given sentence pairs, accepts the rest, and records what it was asked."""

    def __init__(self, refuse: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.refuse = set(refuse)
        self.asked: list[tuple[str, str]] = []

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.asked.extend(pairs)
        return np.array([p not in self.refuse for p in pairs], dtype=bool)


# (a, b, aligned by the old rule (blend > 0.6), aligned now, classifier asked)
DECISIONS = [
    # identical up to case and punctuation: aligned without asking
    ("Power was cut to more than 40,000 households, the regulator said.",
     "power was cut to more than 40,000 households -- the regulator said", True, True, False),
    # reordered and reworded: a paraphrase
    ("Police arrested a 34-year-old man in connection with the shooting, officials said.",
     "Officials said police had arrested a man, 34, in connection with the shooting.",
     True, True, True),
    ("Rescuers pulled 12 survivors from the rubble of the collapsed hotel on Sunday.",
     "Twelve survivors were pulled from the rubble of the collapsed hotel by rescuers on "
     "Sunday.", True, True, True),
    # half the second sentence is new: the blend passed it, the classifier does not
    ("The senator, who chairs the intelligence committee, said he would vote against the "
     "bill.", "The senator said he would vote against the bill, which he called a dangerous "
     "overreach of federal power that would cost billions.", True, False, True),
    # nothing shared: refused by the gates before any model
    ("Shares in the carmaker fell 8 percent after it cut its annual forecast.",
     "The city council approved a new budget for road repairs on Tuesday.", False, False,
     False),
]


@pytest.mark.parametrize(("a", "b", "old", "new", "asked"), DECISIONS)
def test_sentence_decision(a: str, b: str, old: bool, new: bool, asked: bool) -> None:
    judge = SentenceJudge()
    assert bool(pair_decisions([(a, b)], judge=judge)[0]) is new
    assert judge.calls == int(asked)
    sim, _, _ = pair_blend([(a, b)])
    assert bool(sim[0] > 0.6) is old


def test_gates_need_both_floors_or_identity() -> None:
    settings = FamilySettings(align_threshold=0.55, min_dice=0.2)
    sim = np.array([0.9, 0.9, 0.5, 0.3])
    dice = np.array([0.5, 0.1, 0.5, 0.0])
    same = np.array([False, False, False, True])
    assert candidates(sim, dice, same, settings).tolist() == [True, False, False, True]


def test_lazy_alignment_routes_around_a_refused_cell_and_asks_little() -> None:
    sim = np.array([[0.9, 0.7, 0.1],
                    [0.1, 0.9, 0.7],
                    [0.1, 0.1, 0.9]])
    asked: Cells = []

    def verdicts(cells: Cells) -> np.ndarray:
        asked.extend(cells)
        return np.array([c != (1, 1) for c in cells])

    known = np.zeros_like(sim, dtype=bool)
    known[0, 0] = True  # an identical pair: never asked
    pairs = lazy_alignment(sim, sim > 0.5, known, 0.5, verdicts)
    # (1, 1) refused; of the rest (0, 0) + (2, 2) gains 0.8, (0, 0) + (1, 2) only 0.6
    assert pairs == [(0, 0), (2, 2)]
    assert sorted(asked) == [(1, 1), (2, 2)]  # (0, 1) and (1, 2) were never wanted
    # needing three pairs: once (1, 1) is refused no alignment can have three, so stop
    asked.clear()
    assert lazy_alignment(sim, sim > 0.5, known, 0.5, verdicts, needed=3) is None
    assert sorted(asked) == [(1, 1), (2, 2)]
    assert lazy_alignment(sim, sim > 0.5, known, 0.5, lambda cells: np.ones(len(cells)),
                          needed=3) == [(0, 0), (1, 1), (2, 2)]


def test_refused_sentence_becomes_dropped_and_added() -> None:
    wire, copy = article("wire", WIRE), article("copy", NEAR_COPY)
    first = (" ".join(WIRE.split(". ")[0].split()) + ".",
             " ".join(NEAR_COPY.split(". ")[0].split()) + ".")
    judge = ScriptedJudge(refuse=[first])
    (fam,) = find_families([wire, copy], judge=judge)  # still a near-copy by shingles
    assert statuses(fam.alignment) == Counter({"kept": 4, "changed": 1, "dropped": 1,
                                               "added": 1})
    assert first in judge.asked
    assert len(judge.asked) <= 3  # the two changed sentences, and at most one alternative


def test_stage_asks_the_classifier_only_about_changed_aligned_sentences() -> None:
    stage = FamilyStage()
    stage(Corpus(articles=[article("wire", WIRE), article("copy", NEAR_COPY),
                           article("topic", SAME_TOPIC)]))
    assert stage.judge.calls == 2  # the two changed rows; identical ones and topic: none
