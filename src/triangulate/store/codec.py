"""How articles' annotations and corpus-level results become bytes, for any back-end.

An article's scalar fields live in table columns; everything else an article stage adds
(sentences, mentions, quotes, claims, ...) is one MessagePack blob. The blob's struct is
derived from :class:`~triangulate.model.Article` itself, so a field added to the model
later is stored without touching this module. Empty lists are omitted to keep it small.
The embedding is kept apart as packed little-endian float64 so that a query can read
vectors without decoding annotations; in memory it is float32 (``Article.embedding``),
which the column holds exactly.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, TypeVar

import msgspec
import numpy as np
from msgspec import NODEFAULT, Struct

from triangulate.model import Article, Finding, Span

# Article fields stored as columns of their own; the rest is annotation.
ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "content_hash", "title", "outlet", "published", "url", "source_path", "language",
    "text",
)
_SEPARATE = frozenset(ARTICLE_COLUMNS) | {"embedding"}


def _annotation_struct() -> type[Struct]:
    spec: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for f in msgspec.structs.fields(Article):
        if f.name in _SEPARATE:
            continue
        if f.default_factory is not NODEFAULT:
            spec.append((f.name, f.type, msgspec.field(default_factory=f.default_factory)))
        elif f.default is not NODEFAULT:
            spec.append((f.name, f.type, f.default))
        else:
            spec.append((f.name, f.type))
    return msgspec.defstruct("ArticleAnnotations", spec, kw_only=True, omit_defaults=True)


Annotations = _annotation_struct()
ANNOTATION_FIELDS: tuple[str, ...] = Annotations.__struct_fields__

_encoder = msgspec.msgpack.Encoder()
_annotation_decoder = msgspec.msgpack.Decoder(Annotations)


def encode(obj: object) -> bytes:
    """MessagePack of a struct (a result row or an annotation set)."""
    return _encoder.encode(obj)


T = TypeVar("T")
_decoders: dict[type, msgspec.msgpack.Decoder[Any]] = {}


def decode(data: bytes, kind: type[T]) -> T:
    decoder = _decoders.get(kind)
    if decoder is None:
        decoder = _decoders[kind] = msgspec.msgpack.Decoder(kind)
    result: T = decoder.decode(data)
    return result


def encode_annotations(article: Article) -> bytes:
    return encode(Annotations(**{name: getattr(article, name) for name in ANNOTATION_FIELDS}))


def decode_annotations(data: bytes | None) -> dict[str, Any]:
    """Keyword arguments for :class:`Article`; ``None`` (no row) means no annotation."""
    annotations = _annotation_decoder.decode(data) if data else Annotations()
    return {name: getattr(annotations, name) for name in ANNOTATION_FIELDS}


def pack_embedding(embedding: bytes | None) -> bytes | None:
    """``Article.embedding`` (float32) as the stored column (float64, as stores written
    before kept it, so old and new stores read alike)."""
    if embedding is None:
        return None
    return np.frombuffer(embedding, dtype="<f4").astype("<f8").tobytes()


def unpack_embedding(data: bytes | None) -> bytes | None:
    """The stored column as ``Article.embedding``; values written from float32 come
    back bit for bit (older stores wrote only such values)."""
    if data is None:
        return None
    return np.frombuffer(data, dtype="<f8").astype("<f4").tobytes()


def numbered_findings(blobs: Iterable[bytes], start: int = 1) -> Iterator[Finding]:
    """Encoded findings, in rank order, decoded and numbered f1, f2, ... (from ``start``)."""
    for n, blob in enumerate(blobs, start):
        finding = decode(blob, Finding)
        finding.id = f"f{n}"
        yield finding


def article_from_row(columns: dict[str, Any], annotations: bytes | None,
                     embedding: bytes | None, share: bool = True) -> Article:
    """An article from its stored row; with ``share`` its repeated strings made one
    (:func:`share_repeats`: for articles kept a long time; it costs as much as the
    decoding itself)."""
    article = Article(**columns, **decode_annotations(annotations),
                      embedding=unpack_embedding(embedding))
    if share:
        share_repeats(article)
    return article


# -- sharing what a decoded article repeats ----------------------------------------------
#
# A decoder makes a new string for every string it reads: each of an article's ~250
# spans carries its own copy of the article id, the same span is decoded once per
# annotation that holds it (a mention, the claim value and the quote speaker it is),
# and labels such as "PERSON" or "said" come back once per mention. Sharing them takes
# a third off a decoded article; all of them are immutable (spans are frozen structs).

INTERN_UP_TO = 16  # strings up to this long (labels, kinds, units, dates) are shared
# process-wide; longer ones only within the article (ids, names, values)

class _Plan(NamedTuple):
    """The fields of one struct type that hold a span, a struct, a list of structs, a
    string or another container (a dict, a list of strings); read from the type
    annotations, so a field added to the model is shared too."""

    frozen: bool
    spans: tuple[str, ...]
    structs: tuple[str, ...]
    lists: tuple[str, ...]
    strings: tuple[str, ...]
    containers: tuple[str, ...]


_plans: dict[type, _Plan] = {}
_CONTAINERS = (msgspec.inspect.ListType, msgspec.inspect.VarTupleType,
               msgspec.inspect.TupleType, msgspec.inspect.DictType)
_SCALARS = (int, float, bool)


def _field_kind(t: msgspec.inspect.Type) -> str | None:
    if isinstance(t, msgspec.inspect.UnionType):
        kinds = {_field_kind(u) for u in t.types} - {None}
        return kinds.pop() if len(kinds) == 1 else None
    if isinstance(t, msgspec.inspect.StructType):
        return "spans" if t.cls is Span else "structs"
    if isinstance(t, msgspec.inspect.ListType) and isinstance(
            t.item_type, msgspec.inspect.StructType):
        return "lists"
    if isinstance(t, msgspec.inspect.StrType):
        return "strings"
    if isinstance(t, _CONTAINERS):
        return "containers"
    return None


def _plan(cls: type) -> _Plan:
    info = msgspec.inspect.type_info(cls)
    assert isinstance(info, msgspec.inspect.StructType)
    kinds = [(f.name, _field_kind(f.type)) for f in info.fields]
    plan = _plans[cls] = _Plan(
        cls.__struct_config__.frozen,  # type: ignore[attr-defined]
        *(tuple(n for n, k in kinds if k == kind)
          for kind in ("spans", "structs", "lists", "strings", "containers")))
    return plan


class _Sharer:
    def __init__(self, article_id: str) -> None:
        self.spans: dict[tuple[int, int], Span] = {}
        self.strings: dict[str, str] = {}
        self.article_id = self.string(article_id)  # the one the article keeps too

    def string(self, value: str) -> str:
        if len(value) <= INTERN_UP_TO:
            return sys.intern(value)
        return self.strings.setdefault(value, value)

    def span(self, span: Span) -> Span:
        if span.article != self.article_id:
            return span  # not this article's (none should be): left as it is
        key = (span.start, span.end)
        shared = self.spans.get(key)
        if shared is None:
            shared = self.spans[key] = Span(article=self.article_id, start=span.start,
                                            end=span.end, text=self.string(span.text))
        return shared

    def struct(self, obj: Any) -> Any:
        plan = _plans.get(type(obj)) or _plan(type(obj))
        if plan.frozen:
            return self._frozen(obj, plan)
        # the common case, kept lean: it runs for every struct of every article loaded
        for name in plan.lists:
            items = getattr(obj, name)
            if items:
                items[:] = [self.struct(v) for v in items]
        for name in plan.spans:
            value = getattr(obj, name)
            if value is not None:
                setattr(obj, name, self.span(value))
        for name in plan.structs:
            value = getattr(obj, name)
            if value is not None:
                setattr(obj, name, self.struct(value))
        intern, strings = sys.intern, self.strings
        for name in plan.strings:
            value = getattr(obj, name)
            if value is not None:
                setattr(obj, name, intern(value) if len(value) <= INTERN_UP_TO
                        else strings.setdefault(value, value))
        for name in plan.containers:
            value = getattr(obj, name)
            if value:
                setattr(obj, name, self.value(value))
        return obj

    def value(self, value: Any) -> Any:
        """Any value a field may hold, containers taken apart (their keys too)."""
        if type(value) in _SCALARS:
            return value
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, Span):
            return self.span(value)
        if isinstance(value, Struct):
            return self.struct(value)
        if isinstance(value, list):
            value[:] = [self.value(v) for v in value]
            return value
        if isinstance(value, tuple):
            return tuple(self.value(v) for v in value) if value else value
        if isinstance(value, dict):
            return {self.value(k): self.value(v) for k, v in value.items()}
        return value

    def _frozen(self, obj: Any, plan: _Plan) -> Any:
        changes: dict[str, Any] = {}
        for name in plan.lists:
            items = getattr(obj, name)
            if items:
                changes[name] = [self.struct(v) for v in items]
        for names, share in ((plan.spans, self.span), (plan.structs, self.struct),
                             (plan.strings, self.string), (plan.containers, self.value)):
            for name in names:
                value = getattr(obj, name)
                if value is not None:
                    changes[name] = share(value)
        return msgspec.structs.replace(obj, **changes) if changes else obj


def share_repeats(article: Article) -> None:
    """Make a decoded article's equal spans and strings one object each (in place)."""
    _Sharer(article.id).struct(article)
