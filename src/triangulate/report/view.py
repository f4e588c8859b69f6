"""The report arranged for reading: by story, findings by kind, quotes by speaker.

Markdown and HTML renderers share this so both tell the same story in the same order.
Everything here reads the report's JSON only, never the data model: the claim-by-source
matrix, the collation of rewrite families and the wordings of one speaker's quotes are
all derived from the contract's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from triangulate.compare.families import word_diff

Json = dict[str, Any]

# the order a reader wants: disagreements first, then what rests on thin sourcing
KIND_ORDER = ("conflict", "single_source", "anonymous_source", "unverified_source",
              "corroborated")
KIND_LABELS = {
    "conflict": ("Conflict", "Conflicts"),
    "single_source": ("Single source", "Single-source claims"),
    "anonymous_source": ("Anonymous source", "Anonymous sources"),
    "unverified_source": ("Unverified source", "Sources cited by one outlet"),
    "corroborated": ("Corroborated", "Corroborated"),
}
# how a count of findings of each kind reads in a sentence: "2 conflicts"
_COUNT_NOUNS = {
    "conflict": ("conflict", "conflicts"),
    "single_source": ("single-source claim", "single-source claims"),
    "anonymous_source": ("anonymously sourced claim", "anonymously sourced claims"),
    "unverified_source": ("source cited by one outlet", "sources cited by one outlet"),
    "corroborated": ("corroborated claim", "corroborated claims"),
}
UNATTRIBUTED = "Unattributed"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")
_SPACE = re.compile(r"\s+")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MONTH_DAY = re.compile(r"--(\d{2})(?:-(\d{2}))?")
_WORD = re.compile(r"\w+")
# words that carry no name: "The Capital Standard" is abbreviated CS, not TCS
_MINOR_WORDS = frozenset(("the", "a", "an", "of", "and", "for", "in", "on", "at", "to", "de",
                          "la", "le", "el", "der", "die", "das", "&"))
_PARENTHESIS = re.compile(r"\([^)]*\)|\[[^]]*\]")
# quotes of one speaker whose word sets overlap this much (Dice) say the same thing
WORDING_DICE = 0.5
_WORDING_MIN_SHARED = 2


@dataclass
class StoryView:
    """One story with everything about it; ``id`` is None for articles in no story."""

    id: str | None
    title: str
    articles: list[Json]
    findings: list[Json] = field(default_factory=list)
    quotes: list[Json] = field(default_factory=list)
    timeline: list[Json] = field(default_factory=list)
    claim_groups: list[Json] = field(default_factory=list)
    claims: dict[str, Json] = field(default_factory=dict)  # its articles' claims by id
    families: list[Json] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return sorted({a["outlet"] for a in self.articles if a.get("outlet")})

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f["kind"] == kind)


def one_line(text: str | None) -> str:
    """Text on one line: newlines and runs of spaces in a span must not break a layout."""
    return _SPACE.sub(" ", text or "").strip()


def kind_label(kind: str, plural: bool = False) -> str:
    if kind in KIND_LABELS:
        return KIND_LABELS[kind][1 if plural else 0]
    return kind.replace("_", " ").capitalize()


def count_of(kind: str, n: int) -> str:
    """``n`` findings of ``kind`` as words: "1 conflict", "3 single-source claims"."""
    one, many = _COUNT_NOUNS.get(kind, (kind_label(kind).lower(), kind_label(kind).lower()))
    return f"{n:,} {one if n == 1 else many}"


def kind_rank(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind)


def by_kind(findings: list[Json]) -> list[tuple[str, list[Json]]]:
    """Findings grouped by kind, conflicts first; each group keeps the report's ranking."""
    groups: dict[str, list[Json]] = {}
    for finding in findings:
        groups.setdefault(finding["kind"], []).append(finding)
    return [(kind, groups[kind]) for kind in sorted(groups, key=kind_rank)]


def date_key(date: str) -> tuple[int, str]:
    """Dates with a year first, in calendar order; dates without a year after them."""
    return (0 if date[:1].isdigit() else 1, date)


def human_date(date: str) -> str:
    """``2024-12-06`` -> ``6 Dec 2024``; ``--12-19`` -> ``19 Dec (year unknown)``."""
    if m := _YEAR_MONTH_DAY.fullmatch(date):
        year, month, day = m.groups()
        if month and 1 <= int(month) <= 12:
            name = _MONTHS[int(month) - 1]
            return f"{int(day)} {name} {year}" if day else f"{name} {year}"
        return year
    if m := _MONTH_DAY.fullmatch(date):
        month, day = m.groups()
        if 1 <= int(month) <= 12:
            name = _MONTHS[int(month) - 1]
            return f"{int(day)} {name} (year unknown)" if day else f"{name} (year unknown)"
    return date


def speaker_name(quote: Json, entity_names: dict[str, str]) -> str:
    entity = quote.get("speaker_entity")
    if entity and entity in entity_names:
        return entity_names[entity]
    return one_line(quote.get("speaker")) or UNATTRIBUTED


def by_speaker(quotes: list[Json], entity_names: dict[str, str]) -> list[tuple[str, list[Json]]]:
    """Quotes grouped by speaker, most quoted first, unattributed last.

    A speaker written as the last words of one fuller name in the same quotes ("Varga",
    "Helena Varga" beside "Governor Helena Varga") joins it: news style names a person in
    full once and by surname after, and the entity linker does not always catch it.
    """
    groups: dict[str, list[Json]] = {}
    for quote in quotes:
        groups.setdefault(speaker_name(quote, entity_names), []).append(quote)
    for short in sorted(groups, key=lambda n: -len(n.split())):
        if short == UNATTRIBUTED:
            continue
        fuller = [n for n in groups
                  if n not in (short, UNATTRIBUTED) and names_end_with(n, short)]
        if len(fuller) == 1:
            groups[fuller[0]].extend(groups.pop(short))
    return sorted(groups.items(),
                  key=lambda kv: (kv[0] == UNATTRIBUTED, -len(kv[1]), kv[0].casefold()))


def names_end_with(full: str, short: str) -> bool:
    """Whether ``short`` is a proper name ending ``full`` inside one capitalised name.

    "Governor Helena Varga" ends with "Varga"; "a spokesman for Hydrovia" does not end a
    name with "Hydrovia" (the word before it is not part of the name).
    """
    words, tail = full.split(), short.split()
    if not tail or len(words) <= len(tail) or not all(w[:1].isupper() for w in tail):
        return False
    if [w.casefold() for w in words[-len(tail):]] != [w.casefold() for w in tail]:
        return False
    return words[-len(tail) - 1][:1].isupper()


def _word_set(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def same_statement(a: str, b: str) -> bool:
    """Whether two quotes read as wordings of one statement (word overlap, Dice)."""
    wa, wb = _word_set(a), _word_set(b)
    shared = len(wa & wb)
    return shared >= _WORDING_MIN_SHARED and 2 * shared / (len(wa) + len(wb)) >= WORDING_DICE


def wordings(quotes: list[Json]) -> list[list[Json]]:
    """One speaker's quotes in clusters of the same statement, in first-seen order.

    A quote joins the first cluster holding a quote it overlaps enough with, so the
    different wordings of one statement can be read side by side.
    """
    clusters: list[list[Json]] = []
    for quote in quotes:
        for cluster in clusters:
            if any(same_statement(quote["text"], other["text"]) for other in cluster):
                cluster.append(quote)
                break
        else:
            clusters.append([quote])
    return clusters


def wording_diff(reference: str, text: str) -> list[tuple[str, str]]:
    """``text`` as (op, piece) pieces against ``reference``: equal, or changed/added words."""
    pieces = []
    for op, piece in word_diff(reference, text):
        if op == "equal":
            pieces.append(("equal", piece))
        elif op in ("insert", "replace"):
            pieces.append(("changed", piece))
    return coalesce(pieces)


def coalesce(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Adjacent pieces of one op joined, and a space between two changes made part of them.

    "failed on Saturday, March 14" then reads as one changed run, not four boxed words.
    """
    out: list[tuple[str, str]] = []
    for i, (op, piece) in enumerate(pieces):
        if (op == "equal" and not piece.strip() and out and out[-1][0] == "changed"
                and i + 1 < len(pieces) and pieces[i + 1][0] == "changed"):
            op = "changed"
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + piece)
        elif piece:
            out.append((op, piece))
    return out


def story_views(report: Json) -> list[StoryView]:
    """One view per story in report order, plus one for whatever belongs to no story."""
    articles = {a["id"]: a for a in report["articles"]}
    stories = report["stories"]
    story_ids = {s["id"] for s in stories}
    views = [StoryView(s["id"], s["title"], [articles[a] for a in s["articles"] if a in articles])
             for s in stories]
    grouped = {a for s in stories for a in s["articles"]}
    rest = StoryView(None, "Articles in no story" if stories else "All articles",
                     [a for a in report["articles"] if a["id"] not in grouped])
    view_of = {v.id: v for v in views}

    for finding in report["findings"]:
        view_of.get(finding["story"], rest).findings.append(finding)
    for group in report.get("claim_groups", []):
        if group["story"] in view_of:
            view_of[group["story"]].claim_groups.append(group)
    for family in report["families"]:
        if family.get("story") in view_of:
            view_of[family["story"]].families.append(family)
    for view in [*views, rest]:
        members = {a["id"] for a in view.articles}
        view.quotes = [q for q in report["quotes"] if q["article"] in members]
        view.claims = {c["id"]: c for c in report["claims"] if c["article"] in members}
        view.timeline = sorted(
            (t for t in report["timeline"]
             if (view.id is not None and t.get("story") == view.id)
             or (t.get("story") not in story_ids and t["article"] in members)),
            key=lambda t: date_key(t["date"]))
    if rest.articles or rest.findings:
        views.append(rest)
    return views


def entity_names(report: Json) -> dict[str, str]:
    return {e["id"]: e["name"] for e in report["entities"]}


def outlet_of(article: Json | None) -> str:
    return one_line(article.get("outlet")) if article and article.get("outlet") else ""


def article_label(article: Json | None, article_id: str) -> str:
    """How an article is named to a reader: its outlet, else its id."""
    return outlet_of(article) or article_id


def abbreviations(articles: list[Json]) -> dict[str, str]:
    """A short unique label per article, from its outlet: "Orme Valley Wire" -> "OVW".

    Articles of one outlet are told apart by a number ("OVW", "OVW2"). Used where many
    outlets share little room (matrix columns, chart lanes), always with the full name
    beside or in a tooltip.
    """
    labels: dict[str, str] = {}
    used: dict[str, int] = {}
    for article in articles:
        base = _abbreviation(outlet_of(article) or str(article["id"]))
        used[base] = used.get(base, 0) + 1
        labels[article["id"]] = base if used[base] == 1 else f"{base}{used[base]}"
    return labels


def _abbreviation(name: str) -> str:
    words = _WORD.findall(_PARENTHESIS.sub(" ", name)) or _WORD.findall(name)
    named = [w for w in words if w.casefold() not in _MINOR_WORDS] or words
    if not named:
        return "?"
    if len(named) == 1:
        return named[0][:4].upper() if len(named[0]) > 4 else named[0].upper()
    # a number is kept whole: "Channel 10 News" is C10N, not C1N
    return "".join(w if w.isdigit() else w[0] for w in named[:4]).upper()


@dataclass
class MatrixCell:
    """Whether one article states a claim group's claim, contradicts it, or is silent.

    ``span`` is the article's claim (or evidence span) to link to; None when silent.
    """

    state: str  # states | contradicts | silent
    span: Json | None = None
    value: str = ""  # the claim's first checkable value, shown in tooltips


@dataclass
class MatrixRow:
    label: str
    cells: list[MatrixCell]
    conflict: bool = False
    finding: str | None = None  # id of the conflict finding behind the row, if any

    @property
    def sources(self) -> int:
        return sum(1 for c in self.cells if c.state != "silent")


def claim_matrix(view: StoryView) -> list[MatrixRow]:
    """Claim groups by the story's articles: who states what, who contradicts, who is silent.

    An article contradicts a row when its claim in the group is evidence of a conflict
    finding. A conflict whose claims belong to no claim group gets a row of its own, so
    every disagreement shows. Rows with a conflict come first, then the report's order.
    """
    columns = [a["id"] for a in view.articles]
    conflicts = [f for f in view.findings if f["kind"] == "conflict"]
    in_conflict = {ev["claim"]: f["id"] for f in conflicts for ev in f["evidence"]
                   if ev.get("claim")}
    rows: list[MatrixRow] = []
    grouped: set[str] = set()
    for group in view.claim_groups:
        by_article: dict[str, list[Json]] = {}
        for claim_id in group["claims"]:
            claim = view.claims.get(claim_id)
            if claim is not None:
                by_article.setdefault(claim["article"], []).append(claim)
        grouped.update(group["claims"])
        first = next(iter(by_article.values()), [{}])[0]
        label = one_line(group.get("label")) or one_line(first.get("text"))
        cells = [_cell(by_article.get(a, []), in_conflict) for a in columns]
        finding = next((in_conflict[c["id"]] for claims in by_article.values() for c in claims
                        if c["id"] in in_conflict), None)
        rows.append(MatrixRow(label, cells, conflict=finding is not None, finding=finding))
    for finding in conflicts:
        if any(ev.get("claim") in grouped for ev in finding["evidence"]):
            continue
        spans: dict[str, Json] = {}
        for ev in finding["evidence"]:
            spans.setdefault(ev["article"], ev)
        cells = [MatrixCell("contradicts", spans[a], one_line(spans[a]["text"])) if a in spans
                 else MatrixCell("silent") for a in columns]
        rows.append(MatrixRow(one_line(finding["summary"]), cells, conflict=True,
                              finding=finding["id"]))
    return sorted(rows, key=lambda r: not r.conflict)


def _cell(claims: list[Json], in_conflict: dict[str, str]) -> MatrixCell:
    if not claims:
        return MatrixCell("silent")
    for claim in claims:
        if claim["id"] in in_conflict:
            return MatrixCell("contradicts", claim, _first_value(claim))
    return MatrixCell("states", claims[0], _first_value(claims[0]))


def _first_value(span: Json) -> str:
    values = span.get("values") or []
    return one_line(values[0].get("text")) if values else ""


@dataclass
class CollationRow:
    """One aligned sentence pair of a family; ``left``/``right`` are spans or None.

    For a changed row ``old`` and ``new`` are the two sentences as (op, piece) pieces:
    op ``equal`` or ``changed``.
    """

    status: str
    left: Json | None
    right: Json | None
    old: list[tuple[str, str]] = field(default_factory=list)
    new: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Collation:
    """How one copy differs from another, sentence by sentence, word by word."""

    left: str | None
    right: str | None
    rows: list[CollationRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def collations(family: Json) -> list[Collation]:
    """The family's alignment rows split into the article pairs they compare.

    A family stores the rows of every pair that joined it one after another; a pair ends
    where a row names another article on a side, or where a side's offsets go back.
    """
    pairs: list[Collation] = []
    last: dict[str, int] = {}
    for row in family.get("alignment", []):
        left, right = row.get("left"), row.get("right")
        current = pairs[-1] if pairs else None
        if current is None or not _continues(current, left, right, last):
            current = Collation(left["article"] if left else None,
                                right["article"] if right else None)
            pairs.append(current)
            last = {}
        current.left = current.left or (left["article"] if left else None)
        current.right = current.right or (right["article"] if right else None)
        for side, span in (("left", left), ("right", right)):
            if span:
                last[side] = span["start"]
        current.rows.append(_collation_row(row["status"], left, right))
    return pairs


def _continues(pair: Collation, left: Json | None, right: Json | None,
               last: dict[str, int]) -> bool:
    for side, span, article in (("left", left, pair.left), ("right", right, pair.right)):
        if span is None:
            continue
        if article is not None and span["article"] != article:
            return False
        if span["start"] < last.get(side, -1):
            return False
    return True


def _collation_row(status: str, left: Json | None, right: Json | None) -> CollationRow:
    row = CollationRow(status, left, right)
    if status == "changed" and left and right:
        old: list[tuple[str, str]] = []
        new: list[tuple[str, str]] = []
        for op, piece in word_diff(left["text"], right["text"]):
            if op == "equal":
                old.append(("equal", piece))
                new.append(("equal", piece))
            elif op == "delete":
                old.append(("changed", piece))
            else:
                new.append(("changed", piece))
        row.old, row.new = coalesce(old), coalesce(new)
    return row


def digest_note(digest: dict[str, int]) -> str:
    """What a page drawn from part of a large run leaves out (``files.page_report``)."""
    return (f"This page shows {digest['stories']:,} of {digest['stories_total']:,} stories "
            f"({digest['articles']:,} of {digest['articles_total']:,} articles): those "
            "with the highest-ranked findings. report.json holds them all, and "
            "'triangulate serve' shows every story.")
