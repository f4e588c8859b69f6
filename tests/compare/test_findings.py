"""Finding rules on small hand-built corpora (no models): each rule alone."""

from __future__ import annotations

from triangulate.compare.findings import (
    FindingStage,
    dates_compatible,
    speaker_role,
)
from triangulate.compare.timeline import sort_key
from triangulate.model import (
    Article,
    Claim,
    ClaimGroup,
    ClaimValue,
    Corpus,
    Family,
    Mention,
    Quote,
    Story,
)


def _article(aid: str, text: str, outlet: str) -> Article:
    return Article(id=aid, text=text, outlet=outlet)


def _claim(a: Article, n: int, start: int = 0, end: int | None = None,
           values: list[ClaimValue] | None = None, **kw: object) -> Claim:
    end = len(a.text) if end is None else end
    return Claim(id=f"{a.id}:c{n}", span=a.span(start, end), sentence=0,
                 values=values or [], **kw)  # type: ignore[arg-type]


def _qty(a: Article, written: str, low: float | None, high: float | None, unit: str,
         high_inclusive: bool = True) -> ClaimValue:
    start = a.text.index(written)
    return ClaimValue(kind="quantity", span=a.span(start, start + len(written)),
                      value=f"[{low}, {high}] {unit}", low=low, high=high, unit=unit,
                      high_inclusive=high_inclusive)


def _date(a: Article, written: str, value: str) -> ClaimValue:
    start = a.text.index(written)
    return ClaimValue(kind="date", span=a.span(start, start + len(written)), value=value)


def _corpus(*pairs: tuple[Article, list[Claim]], families: list[Family] | None = None,
            grouped: bool = True) -> Corpus:
    articles = []
    for a, claims in pairs:
        a.claims = claims
        articles.append(a)
    story = Story(id="s1", title="t", articles=[a.id for a in articles])
    groups = []
    if grouped:
        groups = [ClaimGroup(id="g1", story="s1", claims=[c.id for _, cs in pairs for c in cs],
                             articles=[a.id for a in articles], label="the range")]
    return Corpus(articles=articles, stories=[story], families=families or [],
                  claim_groups=groups)


def test_vague_magnitudes_and_category_words_conflict() -> None:
    a = _article("a", "The missile can strike targets at intercontinental ranges.", "A")
    b = _article("b", "The missile can strike targets hundreds of kilometers away.", "B")
    c = _article("c", "The missile can strike targets thousands of kilometers away.", "C")
    corpus = _corpus(
        (a, [_claim(a, 1, values=[_qty(a, "intercontinental", 5_500_000, None, "m")])]),
        (b, [_claim(b, 1, values=[_qty(b, "hundreds of kilometers", 100_000, 1_000_000, "m",
                                      high_inclusive=False)])]),
        (c, [_claim(c, 1, values=[_qty(c, "thousands of kilometers", 1_000_000, 10_000_000,
                                       "m")])]),
    )
    findings = FindingStage()(corpus).findings
    conflicts = [f for f in findings if f.kind == "conflict"]
    assert len(conflicts) == 1
    summary = conflicts[0].summary
    # 'intercontinental' (>= 5,500 km) fits 'thousands of kilometers': two sides, not three
    assert "'intercontinental' / 'thousands of kilometers' (A, C)" in summary
    assert "vs 'hundreds of kilometers' (B)" in summary
    assert summary.startswith("distance: ")
    assert {e.article for e in conflicts[0].evidence} == {"a", "b", "c"}
    assert findings[0].kind == "conflict"  # ranked first


def test_overlapping_figures_do_not_conflict_and_corroborate() -> None:
    a = _article("a", "About 1,200 residents were evacuated.", "A")
    b = _article("b", "Some 1,150 residents were evacuated.", "B")
    corpus = _corpus((a, [_claim(a, 1, values=[_qty(a, "About 1,200", 1080, 1320, "count")])]),
                     (b, [_claim(b, 1, values=[_qty(b, "Some 1,150", 1035, 1265, "count")])]))
    kinds = [f.kind for f in FindingStage()(corpus).findings]
    assert "conflict" not in kinds and "corroborated" in kinds


def test_rewrite_family_counts_once() -> None:
    a = _article("a", "The dam was built in 1968.", "A")
    b = _article("b", "The dam was built in 1968, officials said.", "B")
    corpus = _corpus((a, [_claim(a, 1)]), (b, [_claim(b, 1)]),
                     families=[Family(id="f1", articles=["a", "b"], similarity=0.9)])
    findings = FindingStage()(corpus).findings
    assert not [f for f in findings if f.kind == "corroborated"]


def test_attributed_statement_kept_apart_from_outlet_assertion() -> None:
    a = _article("a", "The wall is sound, Brandt said.", "A")
    b = _article("b", "The wall is sound.", "B")
    q = Quote(id="a:q1", span=a.span(0, 18), speaker="Brandt", kind="reported")
    a.quotes = [q]
    corpus = _corpus((a, [_claim(a, 1, quote="a:q1", speaker="Brandt")]), (b, [_claim(b, 1)]))
    assert not [f for f in FindingStage()(corpus).findings if f.kind == "corroborated"]


def test_date_conflict_and_partial_dates() -> None:
    assert dates_compatible("2024-12", "2024-12-19")
    assert dates_compatible("--12-19", "2024-12-19")
    assert not dates_compatible("2024-12-06", "2024-12-19")
    a = _article("a", "The system was put on combat duty on December 19.", "A")
    b = _article("b", "The system was put on combat duty on December 6.", "B")
    corpus = _corpus((a, [_claim(a, 1, values=[_date(a, "December 19", "2024-12-19")])]),
                     (b, [_claim(b, 1, values=[_date(b, "December 6", "2024-12-06")])]))
    out = FindingStage()(corpus)
    assert [f.kind for f in out.findings].count("conflict") == 1
    assert [t.date for t in out.timeline] == ["2024-12-06", "2024-12-19"]


def test_same_speaker_quoted_in_different_words() -> None:
    a = _article("a", '"We moved everyone out before the water arrived," Varga said.', "A")
    b = _article("b", '"We got everyone out before the water came," Varga said.', "B")
    for art in (a, b):
        end = art.text.index(',"')
        art.quotes = [Quote(id=f"{art.id}:q1", span=art.span(1, end), speaker="Varga",
                            cue="said")]
    corpus = _corpus((a, [_claim(a, 1, quote="a:q1", speaker="Varga")]),
                     (b, [_claim(b, 1, quote="b:q1", speaker="Varga")]))
    conflicts = [f for f in FindingStage()(corpus).findings if f.kind == "conflict"]
    assert len(conflicts) == 1 and "Varga quoted in different words" in conflicts[0].summary


def test_negation_conflict() -> None:
    a = _article("a", "The minister confirmed the deployment.", "A")
    b = _article("b", "The minister did not confirm the deployment.", "B")
    corpus = _corpus((a, [_claim(a, 1, subject="e1")]),
                     (b, [_claim(b, 1, negated=True, subject="e1")]))
    assert [f.kind for f in FindingStage()(corpus).findings].count("conflict") == 1
    other = _corpus((a, [_claim(a, 1, subject="e1")]),
                    (b, [_claim(b, 1, negated=True, subject="e2")]))
    assert [f.kind for f in FindingStage()(other).findings].count("conflict") == 0


def test_single_anonymous_and_unverified_sources() -> None:
    text = ("Insurance losses could exceed 50 million euros, according to Piotr Lem, an analyst "
            "at Nordbank. A senior engineer, speaking on condition of anonymity, said cracks "
            "were reported in 2025.")
    a = _article("a", text, "A")
    b = _article("b", "The dam holds water.", "B")
    lem = text.index("Piotr Lem")
    a.quotes = [Quote(id="a:q1", span=a.span(0, text.index(", according")), speaker="Piotr Lem",
                      speaker_span=a.span(lem, lem + len("Piotr Lem")), kind="reported")]
    anon_start = text.index("A senior")
    claims = [
        _claim(a, 1, 0, text.index(" A senior"),
               values=[_qty(a, "50 million euros", 5e7, None, "EUR")]),
        _claim(a, 2, anon_start, len(text), anonymous=True,
               values=[_date(a, "2025", "2025")]),
    ]
    corpus = _corpus((a, claims), (b, [_claim(b, 1)]), grouped=False)
    findings = FindingStage()(corpus).findings
    kinds = [f.kind for f in findings]
    assert kinds.count("single_source") == 1  # the anonymous claim has its own finding
    assert kinds.count("anonymous_source") == 1
    unverified = [f for f in findings if f.kind == "unverified_source"]
    assert len(unverified) == 1
    assert "an analyst at Nordbank" in unverified[0].summary


def test_speaker_role_from_appositive() -> None:
    a = _article("a", "said Maria Ivanova, a defense analyst at the Institute. Then", "A")
    start = a.text.index("Maria")
    assert speaker_role(a, a.span(start, start + 13)) == "a defense analyst at the Institute"
    assert speaker_role(a, None) is None


def test_timeline_sort_key_puts_yearless_dates_last() -> None:
    dates = ["--12-19", "2024-12-06", "2024-09", "2025"]
    assert sorted(dates, key=sort_key) == ["2024-09", "2024-12-06", "2025", "--12-19"]


def test_unattributed_quotes_of_one_subject_in_different_words() -> None:
    a = _article("a", "State media framed it as an 'unbreakable alliance' between the two.", "A")
    b = _article("b", "State media framed it as a 'symbolic alliance against encroachment'.", "B")
    for art in (a, b):
        s = art.text.index("'") + 1
        art.quotes = [Quote(id=f"{art.id}:q1", span=art.span(s, art.text.index("'", s)))]
    corpus = _corpus((a, [_claim(a, 1, subject_text="State media")]),
                     (b, [_claim(b, 1, subject_text="State media")]))
    conflicts = [f for f in FindingStage()(corpus).findings if f.kind == "conflict"]
    assert len(conflicts) == 1 and conflicts[0].summary.startswith("State media quoted")


def test_single_source_needs_a_figure_a_date_or_a_name_nobody_else_gives() -> None:
    a = _article("a", "Maria Ivanova said Lukashenko welcomed the report.", "A")
    b = _article("b", "Lukashenko welcomed the report.", "B")
    a.mentions = [Mention(span=a.span(0, 13), label="PERSON"),
                  Mention(span=a.span(19, 29), label="PERSON")]
    b.mentions = [Mention(span=b.span(0, 10), label="PERSON")]

    def person(art: Article, start: int, end: int) -> ClaimValue:
        return ClaimValue(kind="person", span=art.span(start, end),
                          value=art.text[start:end].lower())

    claims_a = [_claim(a, 1, values=[person(a, 0, 13), person(a, 19, 29)])]
    corpus = _corpus((a, claims_a), (b, [_claim(b, 1, values=[person(b, 0, 10)])]),
                     grouped=False)
    singles = [f for f in FindingStage()(corpus).findings if f.kind == "single_source"]
    assert len(singles) == 1 and "'Maria Ivanova'" in singles[0].summary
    assert "'Lukashenko'" not in singles[0].summary


def _singles(*pairs: tuple[Article, list[Claim]]) -> list[str]:
    corpus = _corpus(*pairs, grouped=False)
    return [f.summary for f in FindingStage()(corpus).findings if f.kind == "single_source"]


def _measured(v: ClaimValue, measure: str) -> ClaimValue:
    v.measure = measure
    return v


def test_a_vague_range_for_another_weapon_is_not_the_same_figure() -> None:
    a = _article("a", "The Polonez can hit targets up to 300 kilometers away.", "A")
    b = _article("b", "The Oreshnik can hit targets hundreds of kilometers away.", "B")
    c = _article("c", "The Polonez reaches hundreds of kilometers.", "C")
    a.mentions = [Mention(span=a.span(4, 11), label="PRODUCT", entity="e1")]
    b.mentions = [Mention(span=b.span(4, 12), label="PRODUCT", entity="e2")]
    c.mentions = [Mention(span=c.span(4, 11), label="PRODUCT", entity="e1")]
    up_to = _measured(_qty(a, "up to 300 kilometers", 0, 3e5, "m"), "range")
    hundreds = _measured(_qty(b, "hundreds of kilometers", 1e5, 1e6, "m"), "range")
    # another weapon's vague range: the 300 km stay one source's figure
    assert any("up to 300 kilometers" in s for s in _singles(
        (a, [_claim(a, 1, values=[up_to])]), (b, [_claim(b, 1, values=[hundreds])])))
    # the same weapon's vague range agrees with it
    same = _measured(_qty(c, "hundreds of kilometers", 1e5, 1e6, "m"), "range")
    assert not any("300" in s for s in _singles(
        (a, [_claim(a, 1, values=[up_to])]), (c, [_claim(c, 1, values=[same])])))


def test_counts_of_different_things_and_definite_counts() -> None:
    a = _article("a", "He said one machine had been activated by the two nations.", "A")
    b = _article("b", "He said one thing was clear.", "B")
    machine = _measured(_qty(a, "one machine", 1, 1, "count"), "machine")
    nations = _measured(_qty(a, "two nations", 2, 2, "count"), "nations")
    thing = _measured(_qty(b, "one thing", 1, 1, "count"), "thing")
    found = _singles((a, [_claim(a, 1, values=[machine, nations])]),
                     (b, [_claim(b, 1, values=[thing])]))
    mine = [f for f in found if f.startswith("only A")]
    assert len(mine) == 1 and "'one machine'" in mine[0]
    assert "'two nations'" not in mine[0]  # "the two nations": things already named


def test_nationality_words_are_not_single_source_names() -> None:
    a = _article("a", "Chinese television interviewed the minister.", "A")
    b = _article("b", "The minister spoke.", "B")
    a.mentions = [Mention(span=a.span(0, 7), label="NORP")]
    value = ClaimValue(kind="name", span=a.span(0, 7), value="chinese")
    assert _singles((a, [_claim(a, 1, values=[value])]), (b, [_claim(b, 1)])) == []


def test_speaker_role_from_the_title_before_the_name() -> None:
    a = _article("a", "Belarusian Foreign Minister Maxim Ryzhenkov said so.", "A")
    span = a.span(0, a.text.index(" said"))
    assert speaker_role(a, span, "Maxim Ryzhenkov") == "Belarusian Foreign Minister"
    assert speaker_role(a, a.span(28, 43), "Maxim Ryzhenkov") is None
    b = _article("b", "Mr. Alan Futerfas declined to comment.", "B")
    assert speaker_role(b, b.span(0, 17), "Alan Futerfas") is None


def test_anonymous_finding_names_the_unnamed_source() -> None:
    text = ("'It is a direct response,' Khrenin stated, according to sources familiar "
            "with the meeting.")
    a = _article("a", text, "A")
    b = _article("b", "What the city calls deterrence, critics see as dependency.", "B")
    corpus = _corpus((a, [_claim(a, 1, anonymous=True, speaker="Khrenin",
                                 speaker_entity="e1")]),
                     (b, [_claim(b, 1, anonymous=True, speaker="the city")]),
                     grouped=False)
    summaries = [f.summary for f in FindingStage()(corpus).findings
                 if f.kind == "anonymous_source"]
    assert any("(according to sources)" in s for s in summaries)
    assert any("(critics)" in s for s in summaries)


def test_a_message_reported_by_a_medium_is_attributed_to_the_medium() -> None:
    texts = {"a": "This revelation, reported by the official BelTA agency, marks an escalation.",
             "b": "The announcement, confirmed by state agency BelTA, marks an escalation."}
    pairs = []
    for aid, text in texts.items():
        art = _article(aid, text, aid.upper())
        speaker = text.split(",")[0]
        art.quotes = [Quote(id=f"{aid}:q1", span=art.span(text.index("marks"), len(text) - 1),
                            speaker=speaker, medium="BelTA", kind="reported")]
        pairs.append((art, [_claim(art, 1, quote=f"{aid}:q1", speaker=speaker)]))
    corroborated = [f.summary for f in FindingStage()(_corpus(*pairs)).findings
                    if f.kind == "corroborated"]
    assert len(corroborated) == 1 and "(attributed to BelTA)" in corroborated[0]
