"""Attribution rules that rest on grammar rather than on the cue lexicon: any verb with a
finite clause and a subject that can hold a view, passives with a "by" agent, subjects
of infinitives after causatives, clauses the parse detached from their cue, source
spans (appositives and asides), title labels and quotation marks used loosely."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from triangulate.extract.quotes import FoundQuote, find_quotes
from triangulate.models.language import load_spacy


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_spacy()


def found(nlp: Language, text: str) -> list[FoundQuote]:
    return find_quotes(text, nlp(text))


def written(text: str, q: FoundQuote) -> str | None:
    return text[q.speaker_at[0]:q.speaker_at[1]] if q.speaker_at else None


def cue(text: str, q: FoundQuote) -> str | None:
    return text[q.cue_at[0]:q.cue_at[1]] if q.cue_at else None


# text, then the content expected and what is expected of its attribution
CASES: list[tuple[str, str, dict[str, Any]]] = [
    # a verb outside the lexicon with a "that"-clause, its subject a name or a group
    ("Politifact ruled that Trump's statement about the shootings was true.",
     "that Trump's statement about the shootings was true",
     dict(written="Politifact", cue="ruled")),
    ("Most economists expect that the rate will rise.", "that the rate will rise",
     dict(written="Most economists", cue="expect")),
    # phrasal cues: the verb with its particle ("pointed out", "made clear")
    ("The moderator pointed out that Trump hadn't answered the question.",
     "that Trump hadn't answered the question",
     dict(written="The moderator", cue="pointed out")),
    ("He made clear that he did not intend to hold back.",
     "that he did not intend to hold back", dict(cue="made clear")),
    # "which advocates say ...": the speaker is the noun, not the relative pronoun
    ("The state funding system, which advocates say disadvantages needy schools, is under "
     "review.", "disadvantages needy schools", dict(written="advocates", cue="say")),
    # a passive with its "by" agent and nothing after it: the agent holds the subject
    ("The registration issue was first reported by The Washington Post.",
     "The registration issue",
     dict(written="The Washington Post", cue="was first reported by")),
    ("The Democratic nominee has been endorsed by dozens of papers.",
     "The Democratic nominee", dict(written="dozens of papers", cue="has been endorsed by")),
    # the comma that closes the source's appositive before its cue belongs to it
    ("“There is a severe disconnect,” Flynn, a top Trump surrogate, said on Thursday.",
     "“There is a severe disconnect,”",
     dict(written="Flynn, a top Trump surrogate,", speaker="Flynn")),
    ("Ban Ki-moon, the secretary general of the United Nations, vowed not to repeat that "
     "mistake.", "not to repeat that mistake",
     dict(written="Ban Ki-moon, the secretary general of the United Nations,")),
    # an aside about a thing named in the description is not part of the source; a
    # place ("Sumter, South Carolina") is
    ("Michael Mulgrew, president of the United Federation of Teachers, which represents "
     "city educators, said he hopes the day sends a message.",
     "he hopes the day sends a message",
     dict(written="Michael Mulgrew, president of the United Federation of Teachers,")),
    ("David Friedman, president of Wealth-X, a private company that tracks billionaires, "
     "said the wealthy control much of the planet.", "the wealthy control much of the planet",
     dict(written="David Friedman, president of Wealth-X,")),
    ("Dean Johnson, a salesman from Sumter, South Carolina, says Cruz will leave with "
     "momentum.", "Cruz will leave with momentum",
     dict(written="Dean Johnson, a salesman from Sumter, South Carolina,")),
    # a dateline the parse took for the subject, the name for its appositive
    ("WASHINGTON -- President Obama, dedicating the museum on Saturday, said it would "
     "tell an American story.", "it would tell an American story",
     dict(written="President Obama", speaker="Obama")),
    # "according to X" where the tagger took X's first noun for a verb
    ("As a reality TV boss, Trump repeatedly demeaned women, according to show insiders.",
     "As a reality TV boss, Trump repeatedly demeaned women",
     dict(cue="according to", speaker="insiders")),
    # a clause after an adjunct, without "that", parsed as an adverbial clause
    ("Trump said after the convention he would not accept the endorsement.",
     "he would not accept the endorsement", dict(written="Trump", cue="said")),
    # a "that" after the cue's addressee opens what was told, however the parse hung it
    ("He told a meeting of Pacific Island leaders that few people understood the stakes.",
     "that few people understood the stakes", dict(cue="told")),
    # after a causative, the object is whom the infinitive's attitude belongs to
    ("The senator also forced Stumpf, who was under questioning from the committee, to "
     "admit that no executives had been fired.", "that no executives had been fired",
     dict(speaker="Stumpf", cue="to admit")),
    # a parse that runs a paragraph on into the next: the clause there is not the cue's
    ('"This is a waste of time. It is destroying the reputation of this committee," said '
     "Del. Stacey Plaskett.\n\nDemocrats repeatedly noted that last year Pagliano invoked "
     "his rights in a closed session.",
     '"This is a waste of time. It is destroying the reputation of this committee,"',
     dict(speaker="Stacey Plaskett", cue="said")),
    ("An acre of trees can convert 156 tons of carbon over the years, Mr. Van Voorhis "
     "said.\n\nC2I plans to reforest a million acres in the southern Mississippi River "
     "Valley.", "An acre of trees can convert 156 tons of carbon over the years",
     dict(written="Mr. Van Voorhis", cue="said")),
    # a title's label: its claim without the stop the text put after it
    ("Poll: Clinton and Trump in dead heat heading into first debate.\n\nThe race is close, "
     "the survey shows.", "Clinton and Trump in dead heat heading into first debate",
     dict(written="Poll", cue=":")),
    # a quote that holds a quote in the same marks; a closing mark used to open one
    ("“I’d rather live in what he calls “hell” than live in a world where he is "
     "president.” ― Adriana Rodarte",
     "“I’d rather live in what he calls “hell” than live in a world where he is president.”",
     dict(written="Adriana Rodarte", kind="direct")),
    ("Voters had their say.\n\n”Fortunately, Mr. Trump is transparent with his policies.” "
     "― Beck Pimentel", "”Fortunately, Mr. Trump is transparent with his policies.”",
     dict(written="Beck Pimentel")),
]


@pytest.mark.parametrize(("text", "content", "want"), CASES)
def test_attribution(nlp: Language, text: str, content: str, want: dict[str, Any]) -> None:
    quotes = {text[q.start:q.end]: q for q in found(nlp, text)}
    assert content in quotes, f"no {content!r} in {list(quotes)}"
    q = quotes[content]
    if "written" in want:
        assert written(text, q) == want["written"]
    if "speaker" in want:
        assert q.speaker == want["speaker"]
    if "cue" in want:
        assert cue(text, q) == want["cue"]
    if "kind" in want:
        assert q.kind == want["kind"]


# text in which the general rules must find nothing
NO_ATTRIBUTIONS = [
    "The move means that taxes will rise next year.",  # no one holds a view
    "He made sure that the doors were locked.",  # a result, not a report
    "Herman Cain was asked by a caller why young men are coming.",  # "by": who asked
    "She saw them leave the building early.",  # a perception, no tensed clause
    "The debate has gone on, and the atmosphere in the room has gotten lively.",  # "go on"
]


@pytest.mark.parametrize("text", NO_ATTRIBUTIONS)
def test_no_attribution(nlp: Language, text: str) -> None:
    assert [text[q.start:q.end] for q in found(nlp, text)] == []


def test_a_cue_that_covers_its_verb_keeps_the_subject(nlp: Language) -> None:
    # "requires X to disclose" is one cue: the law requires, not the candidates
    text = "Federal law requires presidential candidates to disclose their assets."
    for q in found(nlp, text):
        assert written(text, q) != "presidential candidates"
