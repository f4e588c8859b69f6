"""What a mention is to the entity stage: a name, or a reference it added; its name form."""

from __future__ import annotations

from triangulate.compare.entity_names import strip_title
from triangulate.compare.entity_references import PRONOUN_GENDER
from triangulate.model import Mention

PERSON = "PERSON"


def is_reference(mention: Mention) -> bool:
    """A pronoun or role-noun mention added by this stage (not a name)."""
    first = mention.span.text.split(" ", 1)[0].lower()
    return first == "the" or first in PRONOUN_GENDER


def form_text(mention: Mention) -> str:
    """The written name without a person's titles ("President X" -> "X")."""
    text = mention.span.text
    return strip_title(text) or text if mention.label == PERSON else text
