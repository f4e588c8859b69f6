"""How articles' annotations and corpus-level results become bytes, for any back-end.

An article's scalar fields live in table columns; everything else an article stage adds
(sentences, mentions, quotes, claims, ...) is one MessagePack blob. The blob's struct is
derived from :class:`~triangulate.model.Article` itself, so a field added to the model
later is stored without touching this module. Empty lists are omitted to keep it small.
The embedding is kept apart as packed little-endian float64 so that a query can read
vectors without decoding annotations, and so that floats come back bit for bit.
"""

from __future__ import annotations

import struct
from typing import Any, TypeVar

import msgspec
from msgspec import NODEFAULT, Struct

from triangulate.model import Article

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


def pack_embedding(embedding: list[float] | None) -> bytes | None:
    if embedding is None:
        return None
    return struct.pack(f"<{len(embedding)}d", *embedding)


def unpack_embedding(data: bytes | None) -> list[float] | None:
    if data is None:
        return None
    return list(struct.unpack(f"<{len(data) // 8}d", data))


def article_from_row(columns: dict[str, Any], annotations: bytes | None,
                     embedding: bytes | None) -> Article:
    return Article(**columns, **decode_annotations(annotations),
                   embedding=unpack_embedding(embedding))
