"""What a mention is to the entity stage: a name, or a reference it added; its name form;
whether it is the one speaking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from triangulate.compare.entity_names import strip_title
from triangulate.compare.entity_references import PRONOUN_GENDER
from triangulate.extract.quotes_lexicon import SPEECH_VERBS
from triangulate.model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

PERSON = "PERSON"
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def is_reference(mention: Mention) -> bool:
    """A pronoun or role-noun mention added by this stage (not a name)."""
    first = mention.span.text.split(" ", 1)[0].lower()
    return first == "the" or first in PRONOUN_GENDER


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
