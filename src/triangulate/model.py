"""The one data model every stage reads and writes.

Offsets are always character offsets into ``Article.text`` (end exclusive), and every
``Span.text`` equals ``article.text[start:end]``. Classes are ``msgspec`` structs so
they serialise to JSON / MessagePack for the store and pickle for process pools
without hand-written code.
"""

from __future__ import annotations

import hashlib
import unicodedata

import msgspec
from msgspec import Struct, field


# Structs an article holds hundreds of take ``gc=False``: none can be part of a reference
# cycle (they hold only strings, numbers, such structs and lists of them), and leaving
# them out of the cycle collector saves 16 bytes each and the collector's passes over them.
class Span(Struct, frozen=True, kw_only=True, gc=False):
    """A piece of one article's plain text."""

    article: str
    start: int
    end: int
    text: str


class Sentence(Struct, frozen=True, kw_only=True, gc=False):
    start: int
    end: int


class Mention(Struct, kw_only=True, gc=False):
    """A named-entity mention in one article; ``entity`` is filled by corpus merging."""

    span: Span
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LOC, PRODUCT, ...
    entity: str | None = None
    # who found it: "ner" (the article stage), "spread" (a name the corpus knows, found
    # again where the model missed it) or "reference" (a pronoun or role noun linked to
    # a person); the corpus stages replace their own on every run
    found_by: str = "ner"


class Quantity(Struct, kw_only=True, gc=False):
    """A number with what it counts or measures, as an interval in base units.

    ``low``/``high`` of None mean unbounded on that side. ``unit`` is a base unit
    ("m", "kg", "s", "USD", "%", "count", ...).
    """

    span: Span
    low: float | None
    high: float | None
    unit: str
    low_inclusive: bool = True
    high_inclusive: bool = True
    measure: str | None = None  # what it measures: "range", "troops", "price" ...
    kind: str = "quantity"  # quantity | count | money | percent | category
    approximate: bool = False


class TimeExpression(Struct, kw_only=True, gc=False):
    """A date or time expression; ``value`` is a TimeML-style value.

    Examples: "2024-12-19", "2024-12", "--12-19" (year unknown), "2024-W51",
    "PRESENT_REF", or None when the expression cannot be normalised.
    """

    span: Span
    type: str  # DATE | TIME | DURATION | SET
    value: str | None = None


class Quote(Struct, kw_only=True, gc=False):
    """What someone said: a direct quote or reported speech, with who and how."""

    id: str
    span: Span  # the content
    kind: str = "direct"  # direct | reported
    speaker: str | None = None  # as written nearest the quote
    speaker_span: Span | None = None
    speaker_entity: str | None = None  # corpus entity id
    cue: str | None = None  # "said", "told", "according to"
    cue_span: Span | None = None
    medium: str | None = None  # outlet or channel cited: "CGTN", "state news agency"
    anonymous: bool = False


class ClaimValue(Struct, kw_only=True, gc=False):
    """A checkable value inside a claim."""

    kind: str  # quantity | date | place | person | organisation | name
    span: Span
    value: str  # normalised form: ISO date, "[100, 1000) m", entity id, lower-cased name
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    measure: str | None = None  # what a quantity measures: "range", "troops"


class Claim(Struct, kw_only=True, gc=False):
    id: str
    span: Span
    sentence: int
    subject: str | None = None  # entity id
    subject_text: str | None = None
    subject_span: Span | None = None
    predicate: str = ""  # what is said of the subject, values masked
    values: list[ClaimValue] = field(default_factory=list)
    quote: str | None = None  # id of the quote this claim is attributed through
    speaker: str | None = None
    speaker_entity: str | None = None
    anonymous: bool = False
    hedged: bool = False
    negated: bool = False
    checkable: bool = True
    # sentence embedding of the masked predicate, float16 little-endian
    # (``models.embedder.pack_vector``); filled by the claim-vector stage
    vector: bytes | None = None


class TitleFacts(Struct, kw_only=True, gc=False):
    # tuples: most are empty, and every empty tuple is one object (an empty list is not)
    heads: tuple[str, ...] = ()  # "minister", "president"
    modifiers: tuple[str, ...] = ()  # "defense", "Belarusian"


class ReferenceFact(Struct, kw_only=True, gc=False):
    """A pronoun or definite role phrase that may refer to a person."""

    start: int
    end: int
    kind: str  # pronoun | role
    head: str
    modifiers: tuple[str, ...] = ()


class SyntaxFacts(Struct, kw_only=True, omit_defaults=True):
    """What the corpus stages read from an article's parse, kept once read (keys are
    "start:end" of a span), so that later runs need not restore the parse."""

    sentence_starts: list[int] | None = None
    references: list[ReferenceFact] | None = None
    titles: dict[str, TitleFacts] = field(default_factory=dict)
    speaks: dict[str, bool] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)


class Article(Struct, kw_only=True):
    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    source_path: str | None = None
    content_hash: str = ""
    language: str | None = None
    # annotations, filled by article stages
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    # the lead vector (``extract.lead``): float32 little-endian, 1.5 KB instead of the
    # 12 KB of a list of Python floats
    embedding: bytes | None = None
    # the spaCy parse, serialised (``models.language``), so that corpus stages and later
    # runs never parse an article again
    syntax: bytes | None = None
    facts: SyntaxFacts | None = None  # read from ``syntax`` by the corpus stages
    annotated_by: list[str] = field(default_factory=list)  # stage names that ran

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)

    def span(self, start: int, end: int) -> Span:
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside article {self.id!r}")
        return Span(article=self.id, start=start, end=end, text=self.text[start:end])

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (binary search), -1 if none."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return -1


class Entity(Struct, kw_only=True):
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    mentions: int = 0
    # for a place: the country the corpus writes it with ("Brest, Belarus"), anywhere
    within: str | None = None


class Story(Struct, kw_only=True):
    id: str
    title: str
    articles: list[str]
    # digest of everything the story's comparison read (pipeline.incremental): an update
    # keeps the story's families, claim groups and findings while it is unchanged
    fingerprint: str | None = None


class AlignedSentence(Struct, kw_only=True):
    """One row of a rewrite family's collation: a sentence kept, changed or added."""

    status: str  # kept | changed | added | dropped
    left: Span | None
    right: Span | None
    similarity: float = 0.0


class Family(Struct, kw_only=True):
    id: str
    articles: list[str]
    similarity: float
    story: str | None = None
    alignment: list[AlignedSentence] = field(default_factory=list)


class ClaimGroup(Struct, kw_only=True):
    """Claims from several articles of a story that speak about the same thing."""

    id: str
    story: str
    claims: list[str]
    articles: list[str]
    label: str = ""


class Evidence(Struct, kw_only=True):
    article: str
    start: int
    end: int
    text: str
    claim: str | None = None

    @classmethod
    def of(cls, span: Span, claim: str | None = None) -> Evidence:
        return cls(article=span.article, start=span.start, end=span.end, text=span.text,
                   claim=claim)


class Finding(Struct, kw_only=True):
    id: str
    kind: str  # conflict | corroborated | single_source | anonymous_source | unverified_source
    story: str
    summary: str
    evidence: list[Evidence]
    independent_sources: int
    score: float = 0.0  # ranking weight, higher first

    def rank_key(self) -> bytes:
        """Where the finding ranks among those of equal score, as bytes a store can
        sort by: story, kind, summary, then its evidence (so findings kept from an
        earlier run rank as if found now)."""
        parts = [self.story.encode(), self.kind.encode(), self.summary.encode()]
        for e in self.evidence:
            parts.append(e.article.encode() + b"\x01" + e.start.to_bytes(8, "big")
                         + e.end.to_bytes(8, "big"))
        return b"\x00".join(parts)


class TimelineEntry(Struct, kw_only=True):
    date: str
    article: str
    start: int
    end: int
    text: str
    story: str | None = None
    event: str = ""
    articles: list[str] = field(default_factory=list)


class Corpus(Struct, kw_only=True):
    """Articles plus everything corpus stages derive from them."""

    articles: list[Article] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    claim_groups: list[ClaimGroup] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}


def normalise_text(text: str) -> str:
    """The canonical plain text of an article: NFC, unix newlines, no trailing space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "")
    return text.strip()


def content_hash(text: str) -> str:
    """Identity of an article's content; whitespace runs collapse so re-wrapping is no change."""
    canonical = " ".join(text.split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_article_encoder = msgspec.msgpack.Encoder()
_article_decoder = msgspec.msgpack.Decoder(Article)


def encode_article(article: Article) -> bytes:
    return _article_encoder.encode(article)


def decode_article(data: bytes) -> Article:
    return _article_decoder.decode(data)
