"""The JSON API's shapes, for validation and the OpenAPI description (``/openapi.json``).

They mirror the report contract (``report.schema.json``): a story's JSON is the report
restricted to that story, so a tool that reads ``report.json`` reads it too. Models allow
extra fields, as the contract lets objects gain fields.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Located(_Open):
    article: str = Field(description="Id of the article the span is in")
    start: int = Field(ge=0, description="Character offset into the article's text")
    end: int = Field(ge=0, description="End offset, exclusive")
    text: str = Field(description="Equals the article's text[start:end]")


class ArticleOut(_Open):
    id: str
    title: str | None
    outlet: str | None
    published: str | None = Field(description="YYYY-MM-DD or null")
    url: str | None
    source_path: str | None
    text: str
    language: str | None = None
    content_hash: str = ""
    sentences: list[list[int]] = Field(default_factory=list,
                                       description="[start, end) of each sentence")


class StoryOut(_Open):
    id: str
    title: str
    articles: list[str]


class AlignedRow(_Open):
    status: str = Field(description="kept | changed | added | dropped")
    left: Located | None
    right: Located | None
    similarity: float = 0.0


class FamilyOut(_Open):
    id: str
    articles: list[str]
    similarity: float = Field(ge=0, le=1)
    story: str | None = None
    alignment: list[AlignedRow] = Field(default_factory=list)


class EntityOut(_Open):
    id: str
    name: str
    type: str
    aliases: list[str]
    articles: list[str]
    mentions: int = 0


class QuoteOut(Located):
    id: str
    speaker: str | None
    speaker_entity: str | None
    cue: str | None
    kind: str = "direct"
    medium: str | None = None
    anonymous: bool = False


class ClaimValueOut(Located):
    kind: str
    value: str
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    measure: str | None = None


class ClaimOut(Located):
    id: str
    sentence: int = 0
    subject: str | None = None
    subject_text: str | None = None
    predicate: str = ""
    values: list[ClaimValueOut] = Field(default_factory=list)
    quote: str | None = None
    speaker: str | None = None
    speaker_entity: str | None = None
    anonymous: bool = False
    hedged: bool = False
    negated: bool = False
    checkable: bool = True


class EvidenceOut(Located):
    claim: str | None = None


class FindingOut(_Open):
    id: str
    kind: str = Field(description="conflict | corroborated | single_source | anonymous_source"
                                  " | unverified_source")
    story: str
    summary: str
    evidence: list[EvidenceOut]
    independent_sources: int
    score: float = 0.0


class TimelineEntryOut(Located):
    date: str = Field(description="ISO 8601 as precise as the text allows: 2024-12-06, "
                                  "2024-12, --12-19")
    story: str | None = None
    event: str = ""
    articles: list[str] = Field(default_factory=list)


class ClaimGroupOut(_Open):
    id: str
    story: str
    claims: list[str]
    articles: list[str]
    label: str = ""


class StoryReport(_Open):
    """One story as a report (contract version 1) holding only that story."""

    version: int
    generated_at: str
    articles: list[ArticleOut]
    stories: list[StoryOut]
    families: list[FamilyOut]
    entities: list[EntityOut]
    quotes: list[QuoteOut]
    claims: list[ClaimOut]
    findings: list[FindingOut]
    timeline: list[TimelineEntryOut]
    claim_groups: list[ClaimGroupOut] = Field(default_factory=list)


class StorySummaryOut(BaseModel):
    id: str
    title: str
    articles: int = Field(description="Articles in the story")
    outlets: int = Field(description="Distinct outlets among them")
    conflicts: int
    single_source: int = Field(description="Single-source findings")
    findings: int = Field(description="Findings of every kind")


class StoryList(BaseModel):
    total: int
    offset: int
    limit: int
    stories: list[StorySummaryOut]


class ArticleDetail(ArticleOut):
    quotes: list[QuoteOut] = Field(default_factory=list)
    claims: list[ClaimOut] = Field(default_factory=list)
    stories: list[str] = Field(default_factory=list, description="Ids of stories holding it")


class FindingList(BaseModel):
    total: int
    offset: int
    limit: int
    kind: str | None
    findings: list[FindingOut]


class ErrorOut(BaseModel):
    detail: str
    code: str
