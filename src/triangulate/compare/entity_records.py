"""What merging reads of one article, as a small record, so that the corpus need not stay
in memory while entities are merged.

Merging named mentions reads, of each article, only its names (normal key, label, text,
offset), the titles written before them, whether a single word speaks ("Varga said"),
the title words a person's profile gathers, and which words the text writes in lower
case (a capital word also written in lower case is not spread). :func:`names_of` reads
these once; the merge (``compare.entities.merge_records``) and the choice of names to
spread (``compare.entity_spread.spread_candidates``) work from the records alone, and
articles are visited again one at a time to link them (``compare.entities.link_article``).

Records are kept small: structs without a cycle collector header, the shared empty
tuple for the many names without titles, and interned strings, so that a name or word
written in many articles is stored once.
"""

from __future__ import annotations

import sys
from functools import lru_cache

from msgspec import Struct

from triangulate.compare.entity_mentions import PERSON, is_reference
from triangulate.compare.entity_names import TITLE_HEADS, name_tokens, split_title, strip_title
from triangulate.compare.entity_roles import canonical_role, titles_before
from triangulate.compare.entity_spread import LOWER_WORD, MIN_SPREAD_LENGTH
from triangulate.compare.syntax_facts import ArticleSyntax
from triangulate.model import Article, Mention
from triangulate.models.language import DEFAULT_SPACY_MODEL


class NameForm(Struct, frozen=True, array_like=True, gc=False):
    """A name as written, with its label and the normal key merging groups it by (one
    object for the many mentions written alike: see :func:`name_form`)."""

    key: str
    label: str
    text: str


class NameContext(Struct, frozen=True, array_like=True, gc=False):
    """What is written around one mention (shared by mentions alike: most have none)."""

    heads: tuple[str, ...] = ()  # canonical title heads inside and just before it
    speaks: bool = False  # the subject of a speech verb (read for single words only)
    role_heads: tuple[str, ...] = ()  # title words of a person's profile (when read)
    role_modifiers: tuple[str, ...] = ()


NO_CONTEXT = NameContext()


class NamedMention(Struct, frozen=True, array_like=True, gc=False):
    """One named mention of an article, as merging reads it."""

    index: int  # in ``article.mentions``
    form: NameForm
    # the rank of its start among the article's names (equal starts, equal ranks): all
    # merging needs to order entities by first appearance, and a small number, unlike an
    # offset, is one shared object
    place: int
    context: NameContext = NO_CONTEXT

    @property
    def key(self) -> str:
        return self.form.key

    @property
    def label(self) -> str:
        return self.form.label

    @property
    def text(self) -> str:
        return self.form.text

    @property
    def heads(self) -> tuple[str, ...]:
        return self.context.heads

    @property
    def speaks(self) -> bool:
        return self.context.speaks


class ArticleNames(Struct, frozen=True, array_like=True, gc=False):
    """Everything merging reads of one article."""

    index: int  # the article's place in the corpus: mentions are (index, mention index)
    id: str
    names: tuple[NamedMention, ...] = ()
    lower: tuple[str, ...] = ()  # words the text writes in lower case (4+ letters)


def names_of(index: int, article: Article, model: str = DEFAULT_SPACY_MODEL,
             profiles: bool = True, lower: bool = True) -> ArticleNames:
    """The record of one article, its mentions as they are now.

    ``profiles`` reads the title words a person's profile gathers (a merge without
    profiles does not need them); ``lower`` the words written in lower case (only the
    choice of names to spread needs them). Whether a name speaks, and its title words, come from
    the article's stored facts; a span never asked about before (a name found by
    spreading) restores the article's parse once.
    """
    syntax: ArticleSyntax | None = None
    found: list[tuple[int, NameForm, int, NameContext]] = []
    for mi, mention in enumerate(article.mentions):
        if is_reference(mention):
            continue
        span = mention.span
        form = name_form(span.text, mention.label)
        if form is None:
            continue
        speaks = False
        role_heads: tuple[str, ...] = ()
        role_modifiers: tuple[str, ...] = ()
        # only a single word may be a bare surname, the one rule that asks who speaks
        single = " " not in form.key
        if single or profiles:
            syntax = syntax or ArticleSyntax(article, model)
            if single:
                speaks = syntax.speaks(span.start, span.end)
            if profiles:
                words = syntax.title_words(span.start, span.end)
                role_heads, role_modifiers = tuple(words.heads), tuple(words.modifiers)
        context = name_context(title_heads(article.text, mention), speaks, role_heads,
                               role_modifiers)
        found.append((mi, form, span.start, context))
    places = {start: n for n, start in enumerate(sorted({f[2] for f in found}))}
    names = tuple(NamedMention(mi, form, places[start], context)
                  for mi, form, start, context in found)
    # shorter words never matter: spreading takes names of MIN_SPREAD_LENGTH letters or
    # more, and lower-casing never shortens a word
    if not lower:
        return ArticleNames(index, article.id, names)
    lowered = {w for w in LOWER_WORD.findall(article.text) if len(w) >= MIN_SPREAD_LENGTH}
    return ArticleNames(index, article.id, names,
                        tuple(sys.intern(w) for w in sorted(lowered)))


@lru_cache(maxsize=1 << 16)
def name_form(text: str, label: str) -> NameForm | None:
    """The form of a mention written ``text`` with ``label``; None when it holds no name
    token. Memoised: mentions written alike share one object."""
    # the text as ``entity_mentions.form_text`` gives it: a person's titles dropped
    tokens = name_tokens(strip_title(text) or text if label == PERSON else text)
    if not tokens:
        return None
    return NameForm(" ".join(tokens), sys.intern(label), text)


@lru_cache(maxsize=1 << 12)
def name_context(heads: tuple[str, ...], speaks: bool, role_heads: tuple[str, ...],
                 role_modifiers: tuple[str, ...]) -> NameContext:
    """One shared object per distinct context (most mentions: :data:`NO_CONTEXT`)."""
    if not (heads or speaks or role_heads or role_modifiers):
        return NO_CONTEXT
    return NameContext(heads, speaks, role_heads, role_modifiers)


def title_heads(text: str, mention: Mention) -> tuple[str, ...]:
    """Canonical title heads inside a mention and written just before it ("President")."""
    inner, _ = split_title(mention.span.text.split())
    words = [w.lower().rstrip(".") for w in inner] + titles_before(text, mention.span.start)
    return tuple(sorted({canonical_role(w) for w in words if w in TITLE_HEADS}))
