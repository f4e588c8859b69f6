"""What a mention is to the entity stage: a name, or a reference it added; its name form;
whether it is the one speaking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from triangulate.compare.entity_names import strip_title
from triangulate.extract.quotes_lexicon import SPEECH_VERBS
from triangulate.model import Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

PERSON = "PERSON"
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def is_reference(mention: Mention) -> bool:
    """A pronoun or role-noun mention added by this stage (not a name)."""
    return mention.found_by == "reference"


def reset_links(article: Article) -> None:
    """The article as the article stages left it: what merging added or linked on an
    earlier run (over another corpus) goes, so that results depend on this corpus only."""
    article.mentions = [m for m in article.mentions if m.found_by == "ner"]
    for m in article.mentions:
        m.entity = None
    for q in article.quotes:
        q.speaker_entity = None
    for c in article.claims:
        c.subject = None
        c.speaker_entity = None


def form_text(mention: Mention) -> str:
    """The written name without a person's titles ("President X" -> "X")."""
    text = mention.span.text
    return strip_title(text) or text if mention.label == PERSON else text


def speech_subject(doc: Doc, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is the subject of a speech verb ("Varga said",
    "said Varga"): what speaks is mostly a person, whatever label the model gave."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in _SUBJECT_DEPS and root.head.lemma_.lower() in SPEECH_VERBS
