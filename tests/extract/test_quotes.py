"""Quotes and attributions: quotation marks, cues, speakers, media, anonymity."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from triangulate.extract.quotes import FoundQuote, QuoteStage, find_quotes
from triangulate.extract.quotes_marks import find_quoted_spans, top_level
from triangulate.model import Article, normalise_text
from triangulate.models.language import load_spacy


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_spacy()


def found(nlp: Language, text: str) -> list[FoundQuote]:
    return find_quotes(text, nlp(text))


def content(text: str, q: FoundQuote) -> str:
    return text[q.start:q.end]


# --- quotation marks, on text alone -------------------------------------------------

# text, the top-level quoted passages expected (marks included)
MARKS: list[tuple[str, list[str]]] = [
    ("He said “We will win” today.", ["“We will win”"]),
    ('He said "We will win" today.', ['"We will win"']),
    ("‘Belarus will not remain passive,’ he said.", ["‘Belarus will not remain passive,’"]),
    ("'We are ready,' he said.", ["'We are ready,'"]),
    ("Belarus’ army and Russia’s navy don’t agree.", []),
    ("Belarus' army and Russia's navy don't agree.", []),
    ("‘The Iskanders’ range is long,’ he said.", ["‘The Iskanders’ range is long,’"]),
    ("He praised the ‘Iskanders’ and the ‘Polonez’ systems.", ["‘Iskanders’", "‘Polonez’"]),
    ("‘The ‘Oreshnik’ is a game-changer,’ she said.", ["‘The ‘Oreshnik’ is a game-changer,’"]),
    ("“He told me ‘no’ twice,” she said.", ["“He told me ‘no’ twice,”"]),
    ("the music of the ’90s and rock 'n' roll", []),
    ("''It works,'' he said.", ["''It works,''"]),
    ('"It is a disgrace, " Trump said.', ['"It is a disgrace, "']),
    ("the ‘Oreshnik’—a long-range missile", ["‘Oreshnik’"]),
]


@pytest.mark.parametrize(("text", "expected"), MARKS)
def test_quotation_marks(text: str, expected: list[str]) -> None:
    spans = top_level(find_quoted_spans(text))
    assert [text[s.start:s.end] for s in spans] == expected


def test_nested_quote_is_kept_inside_its_outer_quote() -> None:
    text = "‘The ‘Oreshnik’ is a game-changer,’ she said."
    spans = find_quoted_spans(text)
    inner = [s for s in spans if s.depth == 1]
    assert [text[s.start:s.end] for s in inner] == ["‘Oreshnik’"]


def test_quote_runs_on_into_a_paragraph_opening_with_a_quote() -> None:
    text = "He said: “First part of it.\n\n“Second part of it.”\n\nAfter."
    spans = top_level(find_quoted_spans(text))
    assert [text[s.start:s.end] for s in spans] == ["“First part of it.\n\n“Second part of it.”"]


def test_unclosed_double_quote_ends_with_its_paragraph() -> None:
    text = "He said “words without an end\nNext paragraph here."
    (span,) = find_quoted_spans(text)
    assert text[span.start:span.end] == "“words without an end"
    assert not span.closed


# --- attributions --------------------------------------------------------------------

# text, then per expected quote the fields to check (the quote is found by its content)
CASES: list[tuple[str, list[dict[str, Any]]]] = [
    # direct quotes, speaker after / inverted / before with a colon
    ("“We will not retreat,” Khrenin said.",
     [dict(content="“We will not retreat,”", kind="direct", speaker="Khrenin",
           written="Khrenin", cue="said")]),
    ("“The system is ready,” said Maria Ivanova, a defense analyst at the institute.",
     [dict(content="“The system is ready,”", speaker="Maria Ivanova",
           written="Maria Ivanova, a defense analyst at the institute", cue="said")]),
    ("Khrenin said: “The task of our heads of state has been completed.”",
     [dict(content="“The task of our heads of state has been completed.”", speaker="Khrenin",
           cue="said")]),
    ('"We are ready for any scenario," Petrov told reporters.',
     [dict(content='"We are ready for any scenario,"', speaker="Petrov", cue="told")]),
    # apostrophes inside a single-quoted quote are not its end
    ("‘We don’t want war, and Belarus’ army is only defensive,’ Khrenin said.",
     [dict(content="‘We don’t want war, and Belarus’ army is only defensive,’",
           speaker="Khrenin")]),
    # a quote split by its attribution, and one carried on in the next sentence
    ("Viktor Khrenin spoke on Friday. “The task is done,” he said, “and we will not stop.”",
     [dict(content="“The task is done,”", speaker="Viktor Khrenin", written="he", cue="said"),
      dict(content="“and we will not stop.”", speaker="Viktor Khrenin", cue="said")]),
    ("“The era of outdated equipment is over,” Khrenin declared. “Belarus is now a "
     "formidable force.”",
     [dict(content="“The era of outdated equipment is over,”", speaker="Khrenin",
           cue="declared"),
      dict(content="“Belarus is now a formidable force.”", speaker="Khrenin")]),
    ("“We are ready to talk,” Lukashenko said.\n\n“But we will not be threatened by anyone.”",
     [dict(content="“We are ready to talk,”", speaker="Lukashenko"),
      dict(content="“But we will not be threatened by anyone.”", speaker="Lukashenko")]),
    # a quote over two paragraphs
    ("Khrenin said: “The first part is here.\n\n“The second part is there.”",
     [dict(content="“The first part is here.\n\n“The second part is there.”",
           speaker="Khrenin")]),
    # pronouns and roles resolved to the person, the written words kept
    ("Defense Minister Victor Khrenin met reporters on Friday. “We will respond,” he said.",
     [dict(content="“We will respond,”", speaker="Victor Khrenin", written="he")]),
    ("Elena Kovalenko, a historian, spoke in Warsaw. ‘The risks cannot be ignored,’ she said.",
     [dict(content="‘The risks cannot be ignored,’", speaker="Elena Kovalenko",
           written="she")]),
    ("Belarusian Defense Minister Victor Khrenin visited the site on Monday. The minister said "
     "that the system was ready.",
     [dict(content="that the system was ready", kind="reported", speaker="Victor Khrenin",
           written="The minister")]),
    # unnamed sources
    ("Officials said the talks would resume on Monday.",
     [dict(content="the talks would resume on Monday", kind="reported", speaker="Officials",
           anonymous=True)]),
    ("A member of the Russian State Duma, speaking on condition of anonymity, said that the "
     "deployment was a warning.",
     [dict(content="that the deployment was a warning", anonymous=True)]),
    ("Western diplomats expressed concern, with a senior EU official stating, ‘This "
     "development could destabilize the region.’",
     [dict(content="‘This development could destabilize the region.’",
           speaker="a senior EU official", cue="stating", anonymous=True)]),
    ("‘It is a response to threats,’ Khrenin stated during a briefing, according to sources "
     "familiar with the meeting.",
     [dict(content="‘It is a response to threats,’", speaker="Khrenin", cue="stated",
           anonymous=True)]),
    ("Khrenin said the army was ready.", [dict(speaker="Khrenin", anonymous=False)]),
    # the medium
    ("Khrenin told CGTN that the missiles were a deterrent.",
     [dict(content="that the missiles were a deterrent", kind="reported", speaker="Khrenin",
           cue="told", medium="CGTN")]),
    ("In a recent interview with the Chinese state television channel CGTN, Khrenin "
     "emphasized that the placement was a reaction to Western pressure.",
     [dict(content="that the placement was a reaction to Western pressure", medium="CGTN",
           cue="emphasized")]),
    ("“The task is complete,” Khrenin said on Friday. The comments were reported by the "
     "state news agency BelTA.",
     [dict(content="“The task is complete,”", medium="BelTA")]),
    # according to
    ("According to Khrenin, the security environment justified closer cooperation.",
     [dict(content="the security environment justified closer cooperation", kind="reported",
           speaker="Khrenin", written="Khrenin", cue="According to")]),
    ("The launcher was moved to the western border, according to Reuters.",
     [dict(content="The launcher was moved to the western border", speaker="Reuters",
           cue="according to", medium="Reuters")]),
    # reported speech
    ("Khrenin said on Friday the situation at the border was unstable.",
     [dict(content="the situation at the border was unstable", kind="reported",
           speaker="Khrenin", cue="said")]),
    ("Polish officials warned that the deployment could lead to an arms race.",
     [dict(content="that the deployment could lead to an arms race", cue="warned",
           speaker="Polish officials", anonymous=True)]),
    ("He insisted Belarus does not seek conflict.",
     [dict(content="Belarus does not seek conflict", cue="insisted")]),
    ("Lukashenko claimed that reports about the location were lies.",
     [dict(content="that reports about the location were lies", cue="claimed",
           speaker="Lukashenko")]),
    ("Khrenin argued that the earlier placement had already altered the balance.",
     [dict(content="that the earlier placement had already altered the balance",
           cue="argued")]),
    # reported words the cue interrupts: two pieces, the cue and its source left out
    ("Viktor Khrenin spoke on Friday. Responsibility, he said, lies with neighbouring "
     "countries.",
     [dict(content="Responsibility", speaker="Viktor Khrenin", written="he", cue="said"),
      dict(content="lies with neighbouring countries", speaker="Viktor Khrenin", cue="said")]),
    ("Lukashenko said the figure rose in the U.S.",
     [dict(content="the figure rose in the U.S.")]),
    # the cue is the verb group: auxiliaries, negation, an adverb, the verb it completes
    ("Trump has also said that the wall will be built.",
     [dict(content="that the wall will be built", cue="has also said", speaker="Trump")]),
    ("He did not deny that he met them.", [dict(content="that he met them", cue="did not deny")]),
    # a quote that is a fragment of the reported clause: the clause is what was said
    ('The country "has made dramatic changes for the better," McConnell said.',
     [dict(content='The country "has made dramatic changes for the better,"',
           kind="reported", speaker="McConnell", cue="said")]),
    # stances: the complement of a verb of stance, judgement, request or promise
    ("Cruz endorsed Trump on Friday.",
     [dict(content="Trump", kind="reported", speaker="Cruz", cue="endorsed")]),
    ("Clinton called for a no-fly zone over Syria.",
     [dict(content="a no-fly zone over Syria", speaker="Clinton", cue="called for")]),
    ("She continued to call for a ban on assault weapons.",
     [dict(content="a ban on assault weapons", cue="continued to call for")]),
    ("The senator vowed to block the nomination.",
     [dict(content="to block the nomination", written="The senator", cue="vowed")]),
    ("Trump described the deal as a disaster.",
     [dict(content="the deal as a disaster", speaker="Trump", cue="described")]),
    ("She has repeatedly criticized the plan in a statement.",
     [dict(content="the plan", cue="has repeatedly criticized")]),
    ("Sanders urged voters to turn out.", [dict(content="voters to turn out", cue="urged")]),
    ("Warren lashed out at the bank's chief executive.",
     [dict(content="the bank's chief executive", cue="lashed out at", speaker="Warren")]),
    ("The poll shows Clinton with a narrow lead.",
     [dict(content="Clinton with a narrow lead", written="The poll", cue="shows")]),
    # noun cues, with the possessive as the source
    ("Sanders's claim that he can still win drew scorn.",
     [dict(content="that he can still win", written="Sanders's", cue="claim")]),
    ("Pence's call for a special prosecutor was rejected.",
     [dict(content="a special prosecutor", written="Pence's", cue="call for")]),
    ("In her view, the deal is a mistake.",
     [dict(content="the deal is a mistake", written="her", cue="view")]),
    # a document as the source: "in a new poll"
    ("In a CNN poll released Monday, Clinton led Trump by eight points.",
     [dict(content="Clinton led Trump by eight points", cue="In")]),
    # labels: a signature after a quote, a transcript, a headline; the mark is the cue
    ("“We deserve better than this.”― Carla Sanchez\n“He scares me every single day.”― "
     "Jacklyn Ashley",
     [dict(content="“We deserve better than this.”", speaker="Carla Sanchez", cue="―"),
      dict(content="“He scares me every single day.”", speaker="Jacklyn Ashley", cue="―")]),
    ("WALLACE: Let's start with the news of the day.\nPENCE: Thank you for having me here.",
     [dict(content="Let's start with the news of the day.", speaker="WALLACE", cue=":"),
      dict(content="Thank you for having me here.", speaker="PENCE", cue=":")]),
    ("Pat Caddell: Democrat Voters Worried About Clinton's Health\n\nThe story follows.",
     [dict(content="Democrat Voters Worried About Clinton's Health", speaker="Pat Caddell",
           cue=":")]),
    # the speaker between a quote and its cue, where the parse took a word inside the
    # quote for the cue's subject
    ("“My reaction, that was outrageous,” Obama's former campaign strategist said in an "
     "interview.",
     [dict(content="“My reaction, that was outrageous,”",
           written="Obama's former campaign strategist", cue="said in an interview")]),
    ("“Hillary Clinton’s campaign is in panic mode. Full panic mode,” said Leslie Wimes, a "
     "South Florida-based president of the Democratic African-American Women Caucus.",
     [dict(content="“Hillary Clinton’s campaign is in panic mode. Full panic mode,”",
           speaker="Leslie Wimes", cue="said")]),
    # the writer's stress before a source is not part of it
    ("Even China, Pyongyang's only ally, said it was resolutely opposed to the test.",
     [dict(content="it was resolutely opposed to the test", written="China, Pyongyang's only "
                                                                   "ally,")]),
    # a time line or dateline before the source is not part of it
    ("12:15 p.m.\n\nDonald Trump says political correctness has run amok in the military.",
     [dict(content="political correctness has run amok in the military", speaker="Donald Trump",
           written="Donald Trump", cue="says")]),
    ("BRUSSELS - European leaders said on Friday that the plan would go ahead.",
     [dict(content="that the plan would go ahead", speaker="European leaders",
           written="European leaders")]),
    ("WASHINGTON ― Donald Trump’s obsession with the birth issue is an insult to all "
     "African-Americans, top black lawmakers said Friday.",
     [dict(content="Donald Trump’s obsession with the birth issue is an insult to all "
                   "African-Americans", written="top black lawmakers")]),
    # a participle set off after the source's name is the writer's, not the source
    ("Trump, speaking to a veterans group in Virginia, said he would order a review of the "
     "nation’s computer defenses.",
     [dict(content="he would order a review of the nation’s computer defenses",
           written="Trump")]),
    # a source after its cue keeps the comma that closes its appositive
    ("“I cannot support my party's nominee,” said Senator Mark Kirk, Republican of "
     "Illinois, in a statement.",
     [dict(speaker="Mark Kirk", written="Senator Mark Kirk, Republican of Illinois,")]),
    # reported words leave out a connective before them and the writer's additions after
    # them: a relative clause, a description, a clause after a semicolon, a second cue
    ("However, debates in and of themselves are not likely to alter the campaign, NBC’s "
     "Dante Chinni noted.",
     [dict(content="debates in and of themselves are not likely to alter the campaign",
           cue="noted")]),
    ("Trump said he would quarantine people over fears of the Zika virus, which is spread "
     "by mosquitoes.",
     [dict(content="he would quarantine people over fears of the Zika virus")]),
    ("Critics say resources could be better spent in partnership with NATO, the existing "
     "military alliance.",
     [dict(content="resources could be better spent in partnership with NATO")]),
    ("Republicans said the timing was not intentional; they only learned of the deals on "
     "Friday.",
     [dict(content="the timing was not intentional")]),
    ("China said it was resolutely opposed to the test and warned North Korea to refrain "
     "from further actions.",
     [dict(content="it was resolutely opposed to the test", cue="said"),
      dict(content="North Korea to refrain from further actions", cue="warned",
           speaker="China")]),
    # a "that"-clause the parse took for an adverbial one
    ("Trump tweeted in the early morning hours that Machado was “disgusting” and “a con.”",
     [dict(content="that Machado was “disgusting” and “a con.”", cue="tweeted")]),
    # the words a cue reports hold an attribution of their own: the outer cue has them
    ("Retired Lt. Gen. Michael Flynn said Donald Trump was “absolutely right” when he said "
     "Wednesday night that under President Barack Obama, “the generals have been reduced to "
     "rubble.”",
     [dict(content="Donald Trump was “absolutely right” when he said Wednesday night that "
                   "under President Barack Obama, “the generals have been reduced to "
                   "rubble.”", speaker="Michael Flynn")]),
    # stances: wants and plans, support; a list of verbs that carries the complement on;
    # where and when the writer adds after it; words that run into the next attribution
    ("Clinton wants to make college free for most families.",
     [dict(content="to make college free for most families", cue="wants", speaker="Clinton")]),
    ("Most Republicans support the plan.", [dict(content="the plan", cue="support")]),
    ("She wants to triple the size of the AmeriCorps program, grow the Peace Corps and "
     "create a new national service reserve program.",
     [dict(content="to triple the size of the AmeriCorps program, grow the Peace Corps and "
                   "create a new national service reserve program")]),
    ("Trump has mentioned refinancing student loans and forcing universities to spend more.",
     [dict(content="refinancing student loans and forcing universities to spend more")]),
    ("Both candidates cited the figure at last week's forum.",
     [dict(content="the figure", cue="cited")]),
    ("Rep. Adam Schiff called on President Obama to retaliate against Russia for "
     "interference in the election -- meddling the congressman said is designed to sow "
     "discord.",
     [dict(content="President Obama to retaliate against Russia for interference in the "
                   "election", cue="called on", written="Rep. Adam Schiff"),
      dict(content="is designed to sow discord", written="the congressman")]),
    # passives: the subject and the complement, no source; "it was reported that ..."
    ("The final accord is expected to be ratified next month.",
     [dict(content="The final accord", cue="is expected", speaker=None),
      dict(content="to be ratified next month", cue="is expected")]),
    ("Peacekeepers have been accused of hurting the civilians they were sent to protect.",
     [dict(content="Peacekeepers", cue="have been accused of"),
      dict(content="hurting the civilians they were sent to protect")]),
    ("He was asked about the debate.",
     [dict(content="the debate", cue="was asked about", speaker=None)]),
    ("It was reported that the talks had failed.",
     [dict(content="that the talks had failed", cue="was reported", speaker=None)]),
    # a passive with its "by" agent and nothing after: the agent holds the subject
    ("Trump was endorsed by Cruz.",
     [dict(content="Trump", cue="was endorsed by", speaker="Cruz")]),
    # a short quoted sentence after a quote and its cue carries the quote on
    ("Melanie Austin waited in the crowd. “Here comes Big Daddy,” she said, clapping. “The "
     "Donald. Big Daddy.”",
     [dict(content="“The Donald. Big Daddy.”", speaker="Melanie Austin", cue="said")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_attribution(nlp: Language, text: str, expected: list[dict[str, Any]]) -> None:
    quotes = found(nlp, text)
    for want in expected:
        matches = [q for q in quotes if "content" not in want or content(text, q) ==
                   want["content"]]
        assert matches, f"no quote {want.get('content')!r} in {[content(text, q) for q in quotes]}"
        q = matches[0]
        if "kind" in want:
            assert q.kind == want["kind"]
        if "speaker" in want:
            assert q.speaker == want["speaker"]
        if "written" in want:
            assert q.speaker_at is not None
            assert text[q.speaker_at[0]:q.speaker_at[1]] == want["written"]
        if "cue" in want:
            assert q.cue_at is not None and q.cue == want["cue"]
            assert text[q.cue_at[0]:q.cue_at[1]].startswith(want["cue"])
        if "medium" in want:
            assert q.medium == want["medium"]
        if "anonymous" in want:
            assert q.anonymous is want["anonymous"]


def test_colon_after_cue_is_part_of_its_span_not_its_words(nlp: Language) -> None:
    text = "Khrenin said: “The task of our heads of state has been completed.”"
    (q,) = found(nlp, text)
    assert q.cue == "said"
    assert q.cue_at is not None and text[q.cue_at[0]:q.cue_at[1]] == "said:"


# text in which nothing is a quote, though it has quotation marks or speech words
NO_QUOTES = [
    "The ‘Oreshnik’ missile complex was placed on combat duty.",
    "The ‘Polonez-M’ is said to be capable of striking targets 300 kilometers away.",
    "Belarus’ army and Russia’s navy don’t agree on the ‘Iskander’ upgrade.",
    "A photograph was shared by the Telegram channel ‘Pul Peremyshlera Pervogo,’ a media outlet.",
]


@pytest.mark.parametrize("text", NO_QUOTES)
def test_quoted_terms_are_not_quotes(nlp: Language, text: str) -> None:
    assert [content(text, q) for q in found(nlp, text) if q.kind == "direct"] == []


# text in which nothing is attributed to anyone
NO_ATTRIBUTIONS = [
    "He appeared on “Fox and Friends.” on Monday.",  # a title in quotation marks
    "The show was called “Face the Nation,” and it aired late.",
    "Update: The story was corrected on Monday to fix a name.",  # a label, not a speaker
    "The claim that the vote was rigged is false.",  # a noun cue without a source
    "Trump won the primary in New Hampshire.",  # not a verb of stance
]


def test_stances_can_be_left_out(nlp: Language) -> None:
    text = "Cruz endorsed Trump. Officials said the talks would resume."
    assert [content(text, q) for q in find_quotes(text, nlp(text), stances=False)] == \
        ["the talks would resume"]
    assert "Trump" in [content(text, q) for q in find_quotes(text, nlp(text))]


@pytest.mark.parametrize("text", NO_ATTRIBUTIONS)
def test_no_attribution(nlp: Language, text: str) -> None:
    assert [content(text, q) for q in found(nlp, text)] == []


def test_quote_after_reported_words_is_not_theirs(nlp: Language) -> None:
    # "X said Y. “Z.”": Z has no cue of its own, and Y's words end before it
    text = ("Cummings said the panel itself might be damaged by the move. “This is a waste "
            "of time. It is destroying this committee.”")
    quotes = {content(text, q): q for q in found(nlp, text)}
    assert quotes["the panel itself might be damaged by the move"].speaker == "Cummings"
    assert quotes["“This is a waste of time. It is destroying this committee.”"].speaker is None


def test_unattributed_speech_is_kept_without_a_speaker(nlp: Language) -> None:
    text = "Crowds gathered in the square.\n\n“We will never surrender to anyone.”"
    quotes = found(nlp, text)
    assert [(content(text, q), q.speaker) for q in quotes] == \
        [("“We will never surrender to anyone.”", None)]
    assert find_quotes(text, nlp(text), keep_unattributed=False) == []


# --- the stage -----------------------------------------------------------------------

def test_stage_fills_quotes_with_spans_and_ids() -> None:
    text = ("Defense Minister Victor Khrenin spoke on Friday. “We will respond,” he said. "
            "Officials said the talks would resume.")
    article = Article(id="a1", text=text)
    stage = QuoteStage()
    stage([article])
    stage([article])  # idempotent
    assert article.annotated_by.count("quotes") == 1
    assert [q.id for q in article.quotes] == ["a1:q1", "a1:q2"]
    first = article.quotes[0]
    assert first.span.text == "“We will respond,”"
    assert first.speaker == "Victor Khrenin"
    assert first.speaker_span is not None and first.speaker_span.text == "he"
    assert first.cue_span is not None and first.cue_span.text == "said"
    assert first.speaker_entity is None
    for q in article.quotes:
        for span in (q.span, q.speaker_span, q.cue_span):
            if span is not None:
                assert span.text == text[span.start:span.end]


# --- the seed articles ---------------------------------------------------------------

_NAMED_CUE = re.compile(r"\b(?:said|stated|told|asserted|insisted|declared|claimed)\b")


def test_seed_articles_have_attributed_quotes(seeds_dir: Path) -> None:
    paths = sorted(seeds_dir.glob("*.txt"))
    if not paths:
        pytest.skip(f"no seed articles in {seeds_dir}")
    articles = [Article(id=p.stem, text=normalise_text(p.read_text(encoding="utf-8")))
                for p in paths]
    QuoteStage()(articles)
    everything = [q for a in articles for q in a.quotes]
    for article in articles:
        ids = [q.id for q in article.quotes]
        assert len(ids) == len(set(ids))
        assert all(i.startswith(f"{article.id}:q") for i in ids)
        for q in article.quotes:
            assert q.span.text == article.text[q.span.start:q.span.end]
            if q.cue is not None and q.speaker_span is not None:
                assert q.speaker, f"{q.id}: a cue and a source but no speaker name"
        if _NAMED_CUE.search(article.text):  # the text attributes words to someone
            assert any(q.speaker for q in article.quotes), article.id
    # general checks: pronouns are resolved to names, and unnamed sources are flagged
    resolved = [q for q in everything if q.speaker_span is not None
                and q.speaker_span.text.lower() in ("he", "she")]
    assert resolved and all(q.speaker and q.speaker.lower() not in ("he", "she")
                            for q in resolved)
    assert any(q.anonymous for q in everything)
    assert any(q.kind == "direct" for q in everything)
    assert any(q.kind == "reported" for q in everything)


# --- robustness ----------------------------------------------------------------------

_MARKY = st.text(alphabet=st.sampled_from(list("ab Z.,:;\n'\"“”‘’`«»—-")), max_size=120)
_ANY = st.text(max_size=120)


@given(st.one_of(_MARKY, _ANY))
@settings(max_examples=300, deadline=None)
def test_quoted_spans_are_always_in_range(text: str) -> None:
    for span in find_quoted_spans(text):
        assert 0 <= span.start < span.end <= len(text)


_WORDY = st.lists(st.sampled_from(["He", "said", "“", "”", "‘", "’", '"', "'", "that", ",",
                                   ".", "Khrenin", "according", "to", "\n", "we", "don’t",
                                   "win", ":", "told", "CGTN", "officials"]),
                  max_size=40).map(" ".join)


@given(st.one_of(_WORDY, _MARKY, _ANY))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_find_quotes_never_raises_and_spans_are_in_range(text: str) -> None:
    nlp = load_spacy()
    for q in find_quotes(text, nlp(text)):
        assert 0 <= q.start < q.end <= len(text)
        for at in (q.speaker_at, q.cue_at):
            if at is not None:
                assert 0 <= at[0] < at[1] <= len(text)
        assert q.kind in ("direct", "reported")
