"""Certainty and sourcing cues: one table per finder, hard cases included."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from triangulate.extract.certainty import (
    Mark,
    anonymous_sources,
    assess,
    hedges,
    negated,
    opinion_or_prediction,
)

Finder = Callable[..., list[Mark]]

# sentence, the highlighted cue texts expected (in order); [] means none
ANONYMOUS: list[tuple[str, list[str]]] = [
    ("Officials said the talks would resume on Monday.", ["Officials"]),
    ("Khrenin made the remarks at a closed-door briefing, according to sources familiar "
     "with the meeting.", ["according to sources"]),
    ("People familiar with the matter said the deal was close.", ["People familiar with"]),
    ("A member of the State Duma, speaking on condition of anonymity, suggested it was a "
     "warning.", ["speaking on condition of anonymity"]),
    ("Western diplomats expressed concern, with a senior EU official stating that it could "
     "destabilise the region.", ["Western diplomats", "a senior EU official"]),
    ("A person briefed on the talks said no decision had been made.",
     ["A person briefed on"]),
    ("Polish officials have warned of an arms race.", ["Polish officials"]),
    ("The upgrade has been hailed by Belarusian military officials as a critical step.",
     ["Belarusian military officials"]),
    ("Analysts say the move is largely symbolic.", ["Analysts"]),
    ("Critics see it as dependency.", ["Critics"]),
    ("'The West has been conducting drills,' the source claimed.", ["the source"]),
    ("Government officials, who asked not to be identified, said the review had ended.",
     ["who asked not to be identified"]),
    ("The official was not authorized to speak publicly about the matter.",
     ["not authorized to speak"]),
    ("The move has been interpreted by some as a challenge.", ["by some"]),
    ("Some say Congress should act.", ["Some say"]),
    # named, institutional or not an attribution
    ("'It is a game-changer,' said Maria Ivanova, a defense analyst at the institute.", []),
    ("EU official Josep Borrell said the bloc would respond.", []),
    ("A Microsoft spokesperson said the company complies with the law.", []),
    ("The report was carried by the official BelTA news agency.", []),
    ("The ministry said the exercise was routine.", []),
    ("Belarusian authorities say it has been placed on combat duty.", []),
    ("The officials were arrested on Tuesday.", []),
    ("He met officials in Warsaw.", []),
    ("The source code was published online.", []),
    ("Analysts were divided on the question.", []),
]

HEDGES: list[tuple[str, list[str]]] = [
    ("The unit was reportedly positioned in western Belarus.", ["reportedly"]),
    ("The complex is believed to be a successor to the Iskander-M.", ["is believed to"]),
    ("He allegedly refused to lower tensions.", ["allegedly"]),
    ("The Polonez-M is said to be capable of striking targets 300 km away.", ["is said to"]),
    ("Such systems could evade missile defences.", ["could"]),
    ("The strike may have killed dozens.", ["may"]),
    ("The regime appears to leverage the situation.", ["appears to"]),
    ("According to unconfirmed reports, the convoy crossed the border.",
     ["According to unconfirmed reports"]),
    ("Control is widely believed to remain with Russia.", ["is widely believed to"]),
    ("It is unclear whether the system is operational.", ["unclear"]),
    ("Media reports suggested the system was near the border.", ["Media reports suggested"]),
    # no hedge
    ("The minister confirmed the deployment on Friday.", []),
    ("They met in May to discuss the plan.", []),
    ("Khrenin said the task had been completed.", []),
]

NEGATIONS: list[tuple[str, list[str]]] = [
    ("Belarus does not seek conflict.", ["not"]),
    ("We don't want to fight.", ["n't"]),
    ("The details were never released.", ["never"]),
    ("There were no casualties.", ["no"]),
    ("The Kremlin denied that the missiles had arrived.", ["denied"]),
    ("He dismissed reports that the system was near the border.", ["dismissed reports"]),
    ("'Information about its placement in the media is absolute lies,' he said.",
     ["is absolute lies"]),
    ("Nobody was hurt in the attack.", ["Nobody"]),
    ("Not all experts are convinced.", ["Not"]),
    ("Such steps cannot be ignored.", ["cannot"]),
    ("Neither side commented.", ["Neither"]),
    # idioms that negate nothing
    ("The report highlights not only the readiness of the system but also its placement.",
     []),
    ("This is not just about military capability, it is about sending a message.", []),
    ("There is no doubt that the system is operational.", []),
    ("The launcher has a range of no more than 300 km.", []),
    ("Whether or not the deal holds, the troops remain.", []),
    ("It is one of the largest, if not the largest, deployments.", []),
    ("He praised the allies, not least Minsk.", []),
    ("The deployment was confirmed on Friday.", []),
]

OPINION_OR_PREDICTION: list[tuple[str, list[str]]] = [
    ("Belarus will not remain passive.", ["will"]),
    ("The move is expected to raise tensions.", ["is expected to"]),
    ("The presence of the missiles could lead to an arms race.", ["could lead to"]),
    ("The system may be deployed next year.", ["may"]),
    ("The world will have to reckon with that reality.", ["will"]),
    ("Whether this marks a turning point remains to be seen.", ["remains to be seen"]),
    ("The next steps will be decided in the coming weeks.", ["will", "in the coming weeks"]),
    ("I think the deployment is a mistake.", ["I think"]),
    ("In our view, the deal is flawed.", ["In our view"]),
    ("The goals should be determined by Minsk.", ["should"]),
    ("He argued that the balance had already shifted.", ["argued"]),
    ("One thing is clear: the stakes are high.", ["One thing is clear"]),
    ("We'll respond to any aggression.", ["'ll"]),
    # facts, and "will"/"may" that are no modal verbs
    ("The minister confirmed the deployment on Friday.", []),
    ("It reflects the will of the people.", []),
    ("The talks took place in May.", []),
    ("Parliament showed little political will.", []),
]


def _check(finder: Finder, sentence: str, expected: list[str]) -> None:
    marks = finder(sentence)
    assert [m.text for m in marks] == expected, [(m.cue, m.text) for m in marks]
    for m in marks:
        assert sentence[m.start:m.end] == m.text


@pytest.mark.parametrize(("sentence", "expected"), ANONYMOUS)
def test_anonymous_sources(sentence: str, expected: list[str]) -> None:
    _check(anonymous_sources, sentence, expected)


@pytest.mark.parametrize(("sentence", "expected"), HEDGES)
def test_hedges(sentence: str, expected: list[str]) -> None:
    _check(hedges, sentence, expected)


@pytest.mark.parametrize(("sentence", "expected"), NEGATIONS)
def test_negated(sentence: str, expected: list[str]) -> None:
    _check(negated, sentence, expected)


@pytest.mark.parametrize(("sentence", "expected"), OPINION_OR_PREDICTION)
def test_opinion_or_prediction(sentence: str, expected: list[str]) -> None:
    _check(opinion_or_prediction, sentence, expected)


def test_marks_kinds_and_offset() -> None:
    sentence = "Officials said the missiles could reportedly not be moved."
    marks = assess(sentence, offset=100).marks
    kinds = {m.kind for m in marks}
    assert kinds == {"anonymous_source", "hedge", "negation", "prediction"}
    for m in marks:
        assert sentence[m.start - 100:m.end - 100] == m.text


ASSESSMENTS = [
    # sentence, anonymous, hedged, negated, checkable
    ("Belarus placed the Oreshnik on combat duty on December 19.", False, False, False, True),
    ("Officials said the system is reportedly in western Belarus.", True, True, False, True),
    ("The Kremlin denied that the missiles had arrived.", False, False, True, True),
    ("The deployment will escalate tensions.", False, False, False, False),
    ("I believe this is a provocation.", False, False, False, False),
]


@pytest.mark.parametrize(("sentence", "anonymous", "hedged", "is_negated", "checkable"),
                         ASSESSMENTS)
def test_assess(sentence: str, anonymous: bool, hedged: bool, is_negated: bool,
                checkable: bool) -> None:
    c = assess(sentence)
    assert (c.anonymous, c.hedged, c.negated, c.checkable) == (anonymous, hedged, is_negated,
                                                               checkable)


def test_parsed_span_settles_will_and_names() -> None:
    from triangulate.errors import TriangulateError
    from triangulate.models.language import load_spacy

    try:
        nlp = load_spacy()
    except TriangulateError as exc:
        pytest.skip(str(exc))
    doc = nlp("Will Smith said the talks will resume. "
              "Colonel Andrey Petrov, a spokesman, said so. "
              "It was said by John Smith, a senior official at the ministry.")
    first, _, third = list(doc.sents)
    assert [m.text for m in opinion_or_prediction(first)] == ["will"]
    assert anonymous_sources(third) == []


def test_empty_and_odd_text() -> None:
    for text in ["", " ", "İstanbul officials said nothing.", "...", "n't"]:
        c = assess(text)
        for m in c.marks:
            assert text[m.start:m.end] == m.text
