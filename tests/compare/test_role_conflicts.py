"""Conflicts over where and who (compare.role_conflicts) on small real-shaped pairs.

Each case is two one-sentence reports put in one claim group, with their names marked
as merged entities, so only the rule is under test (the parse is spaCy's).
"""

from __future__ import annotations

import pytest

from triangulate.compare.findings import Context, FindingStage
from triangulate.compare.role_conflicts import (
    Roles,
    actor_conflicts,
    part_of,
    place_conflicts,
    places_apart,
)
from triangulate.model import (
    Article,
    Claim,
    ClaimGroup,
    ClaimValue,
    Corpus,
    Entity,
    Mention,
    Story,
)

KIND = {"GPE": "place", "LOC": "place", "PERSON": "person", "ORG": "organisation"}


def _corpus(text_a: str, text_b: str, names: dict[str, tuple[str, str]],
            negated: tuple[bool, bool] = (False, False)) -> tuple[Corpus, Story, ClaimGroup]:
    """Two articles of one claim each; ``names`` maps each name as written to its
    entity id and spaCy label (two spellings of one entity share an id)."""
    articles = []
    entities: dict[str, Entity] = {}
    for aid, text, neg in (("a", text_a, negated[0]), ("b", text_b, negated[1])):
        art = Article(id=aid, text=text, outlet=aid.upper())
        taken: list[tuple[int, int]] = []
        for name in sorted(names, key=len, reverse=True):  # "Alexander Lukashenko" first
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if all(end <= s or start >= e for s, e in taken):
                    taken.append((start, end))
                    eid, label = names[name]
                    art.mentions.append(Mention(span=art.span(start, end), label=label,
                                                entity=eid))
                    ent = entities.setdefault(eid, Entity(id=eid, name=name, type=label))
                    if name not in ent.aliases:
                        ent.aliases.append(name)
                start = text.find(name, end)
        art.mentions.sort(key=lambda m: m.span.start)
        values = [ClaimValue(kind=KIND[m.label], span=m.span, value=m.entity or "")
                  for m in art.mentions]
        art.claims = [Claim(id=f"{aid}:c1", span=art.span(0, len(text)), sentence=0,
                            values=values, negated=neg)]
        articles.append(art)
    story = Story(id="s1", title="t", articles=["a", "b"])
    group = ClaimGroup(id="g1", story="s1", claims=["a:c1", "b:c1"], articles=["a", "b"])
    corpus = Corpus(articles=articles, entities=list(entities.values()), stories=[story],
                    claim_groups=[group])
    return corpus, story, group


PLACES = {"Russia": ("e1", "GPE"), "Belarus": ("e2", "GPE"), "Kazakhstan": ("e3", "GPE"),
          "Minsk": ("e4", "GPE"), "Moscow": ("e5", "GPE"), "western Belarus": ("e6", "GPE"),
          "U.S.": ("e7", "GPE"), "United States": ("e8", "GPE")}

# (report A, report B, conflict expected, what the summary must hold)
PLACE_CASES = [
    ("The talks were held in Minsk, Belarus, on Friday.",
     "The talks were held in Moscow, Russia, on Friday.", True,
     "'Belarus' / 'Minsk' (A) vs 'Moscow' / 'Russia' (B)"),
    ("Russia deployed the missiles in Belarus.",
     "Russia deployed the missiles in Kazakhstan.", True,
     "place (Russia, deployed in): 'Belarus' (A) vs 'Kazakhstan' (B)"),
    # a place inside the other, by name or unknowable without a gazetteer
    ("Russia deployed the missiles in western Belarus.",
     "Russia deployed the missiles in Belarus.", False, ""),
    ("Russia deployed the missiles in Minsk.",
     "Russia deployed the missiles in Belarus.", False, ""),
    # two spellings of one country
    ("Russia deployed the missiles in the U.S.",
     "Russia deployed the missiles in the United States.", False, ""),
    # another slot: where from, not where to
    ("Russia deployed the missiles in Belarus.",
     "Russia deployed the missiles from Kazakhstan.", False, ""),
    # another act in the same slot word
    ("Russia deployed the missiles in Belarus.",
     "Russia deployed troops in Kazakhstan in January to put down violent street protests.",
     False, ""),
    # one place is named by both ("in Belarus and Kazakhstan" holds "in Belarus")
    ("Russia deployed the missiles in Belarus and Kazakhstan.",
     "Russia deployed the missiles in Belarus.", False, ""),
]


@pytest.mark.parametrize(("text_a", "text_b", "conflict", "summary"), PLACE_CASES)
def test_place_conflicts(text_a: str, text_b: str, conflict: bool, summary: str) -> None:
    corpus, story, group = _corpus(text_a, text_b, PLACES)
    found = place_conflicts(Roles(Context(corpus)), story, group)
    assert len(found) == int(conflict), [f.summary for f in found]
    if conflict:
        assert summary in found[0].summary
        assert {e.article for e in found[0].evidence} == {"a", "b"}
        assert len(found[0].evidence) == 2  # one span per side


def test_place_conflict_needs_both_claims_equally_negated() -> None:
    corpus, story, group = _corpus("Russia deployed the missiles in Belarus.",
                                   "Russia did not deploy the missiles in Kazakhstan.", PLACES,
                                   negated=(False, True))
    assert place_conflicts(Roles(Context(corpus)), story, group) == []


PEOPLE = {"Viktor Khrenin": ("p1", "PERSON"), "Alexander Lukashenko": ("p2", "PERSON"),
          "Lukashenko": ("p3", "PERSON"), "Paul": ("p4", "PERSON"),
          "Pentagon": ("o1", "ORG"), "White House": ("o2", "ORG")}
DEPLOYMENT = "confirmed the deployment of the missile system"

ACTOR_CASES = [
    (f"Defense Minister Viktor Khrenin {DEPLOYMENT}.",
     f"President Alexander Lukashenko {DEPLOYMENT}.", True,
     "who confirmed the deployment: 'Viktor Khrenin' (A) vs 'Alexander Lukashenko' (B)"),
    ("The deployment of the missile system was confirmed by Defense Minister Viktor Khrenin.",
     f"President Alexander Lukashenko {DEPLOYMENT}.", True, "who confirmed the deployment"),
    (f"The White House {DEPLOYMENT}.", f"The Pentagon {DEPLOYMENT}.", True,
     "'White House' (A) vs 'Pentagon' (B)"),
    # one person, two entities: the short name is part of the long one
    (f"Lukashenko {DEPLOYMENT}.", f"President Alexander Lukashenko {DEPLOYMENT}.", False, ""),
    # a first name alone may be anyone's
    (f"Paul {DEPLOYMENT}.", f"Viktor Khrenin {DEPLOYMENT}.", False, ""),
    # a person and an organisation
    (f"The Pentagon {DEPLOYMENT}.", f"Viktor Khrenin {DEPLOYMENT}.", False, ""),
    # saying alike is no dispute over who said it
    ("Viktor Khrenin said the missile system was deployed on Friday.",
     "Alexander Lukashenko said the missile system was deployed on Friday.", False, ""),
    # another act, or the same verb for another thing
    (f"Viktor Khrenin {DEPLOYMENT}.",
     "Alexander Lukashenko denied the deployment of the missile system.", False, ""),
    (f"Viktor Khrenin {DEPLOYMENT}.",
     "Alexander Lukashenko confirmed the budget for next year's harvest.", False, ""),
    # the first report has both doing it
    (f"Viktor Khrenin and Alexander Lukashenko {DEPLOYMENT}.",
     f"Alexander Lukashenko {DEPLOYMENT}.", False, ""),
]


@pytest.mark.parametrize(("text_a", "text_b", "conflict", "summary"), ACTOR_CASES)
def test_actor_conflicts(text_a: str, text_b: str, conflict: bool, summary: str) -> None:
    corpus, story, group = _corpus(text_a, text_b, PEOPLE)
    found = actor_conflicts(Roles(Context(corpus)), story, group)
    assert len(found) == int(conflict), [f.summary for f in found]
    if conflict:
        assert summary in found[0].summary
        assert [e.article for e in found[0].evidence] == ["a", "b"]


def test_role_conflicts_are_ranked_with_the_other_conflicts() -> None:
    corpus, _, _ = _corpus(f"Defense Minister Viktor Khrenin {DEPLOYMENT}.",
                           f"President Alexander Lukashenko {DEPLOYMENT}.", PEOPLE)
    findings = FindingStage()(corpus).findings
    assert findings[0].kind == "conflict" and findings[0].summary.startswith("who confirmed")
    assert findings[0].score > max(f.score for f in findings[1:] if f.kind != "conflict")


@pytest.mark.parametrize(("a", "b", "inside"), [
    ({"belarus"}, {"western belarus"}, True),
    ({"lukashenko"}, {"alexander lukashenko"}, True),
    ({"minsk"}, {"moscow"}, False),
])
def test_part_of(a: set[str], b: set[str], inside: bool) -> None:
    assert part_of(a, b) is inside


def test_places_apart_only_when_known() -> None:
    corpus, _, _ = _corpus("The talks were held in Minsk, Belarus.",
                           "Russia and Kazakhstan met in Moscow.", PLACES)
    roles = Roles(Context(corpus))
    assert places_apart(roles, "e1", "e3")  # two countries
    assert places_apart(roles, "e4", "e3")  # Minsk is written with its country
    assert not places_apart(roles, "e4", "e2")  # Minsk lies in Belarus
    assert not places_apart(roles, "e5", "e1")  # Moscow's country is never written
    assert not places_apart(roles, "e7", "e8")  # "U.S." and "United States"
