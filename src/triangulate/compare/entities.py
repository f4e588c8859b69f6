"""Corpus entities: every way a person, place, organisation or thing is written, as one.

Mentions are grouped first by a normal key (case, accents, punctuation, leading
"the", titles of people dropped), then these forms are merged by rules that each
hold for news in general:

* spellings of one person's name: same surname and first name up to transliteration
  ("Victor Khrenin" / "Viktor Khrenin"); a shorter name joins a longer one only when
  exactly one longer person fits ("George Bush" with two candidates stays apart);
* one phonetic key ("Zelensky" / "Zelenskyy") and inflection of a long name
  ("Oreshnik" / "Oreshniki"), never a nationality with a place ("Russian" / "Russia");
* an acronym and its expansion ("NATO" / "North Atlantic Treaty Organization"),
  a name with a trailing descriptor ("BelTA news agency" / "BelTA");
* a surname alone joins the full name when only one person has it in the corpus;
  with several, each mention joins the one its article names (or that the title
  before it fits: "President Trump"), else stays apart as its own entity.

The entity's type is PERSON when a full person name is among its forms, else the
majority of the model's labels. Pronouns and role nouns that clearly mean a person
are then added to ``article.mentions`` (label PERSON, entity set; they count in
``Entity.mentions`` but are not aliases), and quotes and claims are linked to
entities through :func:`resolve_speaker`.

Merging reads small per-article records (``compare.entity_records``), never the
articles, so that a pipeline may stream them::

    records = [names_of(ai, article, model) for ai, article in enumerate(stream)]
    table = merge_records(records)
    for ai, article in enumerate(stream_again):
        table.count_references(link_article(article, ai, table, model))

:class:`EntityStage` does the same over a corpus held in memory, names spread first.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from triangulate.compare.entity_mentions import (
    PERSON,
    form_text,
    is_reference,
    reset_links,
)
from triangulate.compare.entity_names import (
    HONORIFIC_GENDER,
    acronym_letters,
    inflection_base,
    initials,
    is_demonym,
    name_tokens,
    phonetic_key,
    same_person_name,
    similar_token,
    sound_key,
    strip_descriptors,
    strip_title,
    surname,
)
from triangulate.compare.entity_records import ArticleNames, NamedMention, names_of
from triangulate.compare.entity_references import PersonMention, link_references
from triangulate.compare.entity_roles import Profile
from triangulate.compare.entity_speakers import (
    EntityLookup,
    article_profiles,
    link_speakers,
    resolve_name,
    resolve_speaker,
)
from triangulate.compare.entity_spread import spread_candidates, spread_names
from triangulate.compare.places import add_located
from triangulate.compare.syntax_facts import ArticleSyntax
from triangulate.model import Article, Corpus, Entity, Mention
from triangulate.models.language import DEFAULT_SPACY_MODEL

# resolution lives in entity_speakers; these names stay importable from here
__all__ = ["PERSON", "ArticleNames", "EntityStage", "EntityTable", "article_profiles",
           "form_text", "is_reference", "link_article", "link_speakers", "merge_mentions",
           "merge_records", "names_of", "reset_links", "resolve_name", "resolve_speaker"]

MODIFIER_LABELS = frozenset({"NORP", "GPE"})
DOMINANCE = 3  # a surname shared by several people goes to one that many times commoner
MentionRef = tuple[int, int]  # (article index, mention index)
_SHIFT = 24  # bits of the mention index in a packed reference
_MASK = (1 << _SHIFT) - 1


class RefList:
    """References to mentions, packed in 8 bytes each: a list of tuples costs some 70
    a mention, which at 100,000 articles (millions of mentions) is gigabytes."""

    __slots__ = ("_packed",)

    def __init__(self) -> None:
        self._packed = array("q")

    def append(self, ref: MentionRef) -> None:
        self._packed.append(ref[0] << _SHIFT | ref[1])

    def __getitem__(self, at: int) -> MentionRef:
        packed = self._packed[at]
        return packed >> _SHIFT, packed & _MASK

    def __iter__(self) -> Iterator[MentionRef]:
        for packed in self._packed:
            yield packed >> _SHIFT, packed & _MASK

    def __len__(self) -> int:
        return len(self._packed)


class MentionEntities(Mapping[MentionRef, str]):
    """The entity of each named mention: a list per article, indexed by mention (the
    entity ids themselves are shared), not a dict entry per mention of the corpus."""

    def __init__(self) -> None:
        self._rows: dict[int, list[str | None]] = {}

    def set(self, ref: MentionRef, entity: str) -> None:
        row = self._rows.setdefault(ref[0], [])
        if len(row) <= ref[1]:
            row.extend([None] * (ref[1] + 1 - len(row)))
        row[ref[1]] = entity

    def __getitem__(self, ref: MentionRef) -> str:
        row = self._rows.get(ref[0])
        found = row[ref[1]] if row is not None and 0 <= ref[1] < len(row) else None
        if found is None:
            raise KeyError(ref)
        return found

    def __iter__(self) -> Iterator[MentionRef]:
        for ai in sorted(self._rows):
            for mi, entity in enumerate(self._rows[ai]):
                if entity is not None:
                    yield ai, mi

    def __len__(self) -> int:
        return sum(e is not None for row in self._rows.values() for e in row)


@dataclass
class Form:
    """All mentions written with one normal key."""

    key: str
    tokens: tuple[str, ...]
    labels: Counter[str] = field(default_factory=Counter)
    refs: RefList = field(default_factory=RefList)
    articles: set[int] = field(default_factory=set)
    titles: dict[MentionRef, tuple[str, ...]] = field(default_factory=dict)

    @property
    def majority(self) -> str:
        return self.labels.most_common(1)[0][0]

    @property
    def person_name(self) -> bool:
        """A full name of a person: two words or more, labelled PERSON mostly."""
        return len(self.tokens) >= 2 and self.labels[PERSON] * 2 > sum(self.labels.values())

    @property
    def nationality(self) -> bool:
        return self.majority == "NORP"


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def collect_forms(records: Sequence[ArticleNames]) -> dict[str, Form]:
    forms: dict[str, Form] = {}
    for record in records:
        ai = record.index
        for name in record.names:
            form = forms.get(name.key)
            if form is None:
                form = forms[name.key] = Form(name.key, tuple(name.key.split(" ")))
            ref = (ai, name.index)
            form.labels[name.label] += 1
            form.refs.append(ref)
            form.articles.add(ai)
            if name.heads:
                form.titles[ref] = name.heads
    return forms


def _compatible_kinds(a: Form, b: Form) -> bool:
    return a.nationality == b.nationality


def merge_person_variants(forms: dict[str, Form], uf: UnionFind) -> None:
    """Spellings of one person's full name; then shorter names into a unique longer."""
    by_surname: dict[str, list[Form]] = defaultdict(list)
    for f in forms.values():
        if f.person_name:
            by_surname[phonetic_key((surname(f.tokens),))[:3]].append(f)

    def same(a: Form, b: Form) -> bool:
        return same_person_name(a.tokens, b.tokens)

    for group in by_surname.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if len(a.tokens) == len(b.tokens) and same(a, b):
                    uf.union(a.key, b.key)
        for a in sorted(group, key=lambda f: -len(f.tokens)):
            roots = {uf.find(b.key) for b in group if len(b.tokens) > len(a.tokens)
                     and same(a, b)}
            if len(roots) == 1:
                uf.union(a.key, roots.pop())


def merge_spellings(forms: dict[str, Form], uf: UnionFind) -> None:
    """One phonetic key, or a long name and its inflected or plural form."""
    by_sound: dict[str, list[Form]] = defaultdict(list)
    for f in forms.values():
        key = sound_key(f.tokens)
        if key is not None:
            by_sound[key].append(f)
    for group in by_sound.values():
        for other in group[1:]:
            if _compatible_kinds(group[0], other):
                uf.union(group[0].key, other.key)
    surnames = {surname(f.tokens) for f in forms.values() if f.person_name}
    for f in forms.values():
        if f.person_name:
            continue
        for base in inflection_base(f.key):
            b = forms.get(base)
            # "the Trumps" is a family, not another spelling of Trump
            if (b is not None and not b.person_name and base not in surnames
                    and _compatible_kinds(f, b)):
                uf.union(f.key, b.key)


class NamedMentions(Mapping[MentionRef, NamedMention]):
    """The named mention behind each reference (article index, mention index), found in
    the records themselves: a dict of every mention of the corpus would cost some 100
    bytes a mention, the records' tuples nothing more."""

    def __init__(self, records: Sequence[ArticleNames]) -> None:
        self._records = {r.index: r.names for r in records}

    def __getitem__(self, ref: MentionRef) -> NamedMention:
        names = self._records.get(ref[0], ())
        at = bisect_left(names, ref[1], key=_mention_index)  # in mention order
        if at == len(names) or names[at].index != ref[1]:
            raise KeyError(ref)
        return names[at]

    def __iter__(self) -> Iterator[MentionRef]:
        for ai, names in self._records.items():
            for n in names:
                yield ai, n.index

    def __len__(self) -> int:
        return sum(len(names) for names in self._records.values())


def _mention_index(name: NamedMention) -> int:
    return name.index


def merge_acronyms(forms: dict[str, Form], names: Mapping[MentionRef, NamedMention],
                   uf: UnionFind) -> None:
    """An acronym with its one expansion (or the one sharing an article with it)."""
    expansions: dict[str, list[Form]] = defaultdict(list)
    for f in forms.values():
        if not f.person_name and not f.nationality:
            for letters in initials(f.tokens):
                expansions[letters].append(f)
    for f in forms.values():
        acronym = acronym_letters(names[f.refs[0]].text)
        if acronym is None or len(f.tokens) > len(acronym):
            continue
        cands = [e for e in expansions.get(acronym, []) if e.key != f.key]
        if len({uf.find(e.key) for e in cands}) > 1:
            cands = [e for e in cands if e.articles & f.articles]
        if cands and len({uf.find(e.key) for e in cands}) == 1:
            uf.union(f.key, cands[0].key)


def merge_descriptors(forms: dict[str, Form], uf: UnionFind) -> None:
    """ "BelTA news agency" with "BelTA"; "Russian State Duma" with "State Duma"."""
    for f in forms.values():
        if f.person_name or f.nationality:
            continue
        core = " ".join(strip_descriptors(f.tokens))
        if core != f.key and core in forms and _compatible_kinds(f, forms[core]):
            uf.union(f.key, core)
        if len(f.tokens) >= 3 and f.majority == "ORG":
            # a leading nationality ("Russian"), when the rest exists alone
            rest = " ".join(f.tokens[1:])
            if rest in forms and _first_word_is_demonym(f):
                uf.union(f.key, rest)


def _first_word_is_demonym(form: Form) -> bool:
    word = form.tokens[0]
    return is_demonym(word.capitalize())


@dataclass
class SurnameLinks:
    """Where a bare surname shared by several people was linked mention by mention."""

    by_mention: dict[MentionRef, str] = field(default_factory=dict)


@dataclass
class Person:
    """A cluster holding a full person name, as a candidate for a bare surname."""

    root: str
    named_in: Counter[int]  # article index -> full-name mentions there
    titles: set[str]
    gender: str | None

    def fits(self, heads: tuple[str, ...]) -> bool:
        """Whether the titles before a bare surname can be this person's: an honorific
        must not contradict a known gender, a role must have been seen with them."""
        for head in heads:
            if head in HONORIFIC_GENDER and head not in ROLE_TITLES:
                if self.gender not in (None, HONORIFIC_GENDER[head]):
                    return False
            elif head not in self.titles:
                return False
        return True


# Gendered words that are also roles: "spokeswoman" is checked as a role.
ROLE_TITLES = frozenset({"king", "queen", "prince", "princess", "spokesman", "spokeswoman",
                         "congressman", "congresswoman", "chairman", "chairwoman"})


def _people_of(clusters: dict[str, list[Form]]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for root, members in clusters.items():
        full = [f for f in members if f.person_name]
        if not full:
            continue
        named_in: Counter[int] = Counter(ai for f in full for ai, _ in f.refs)
        titles = {h for f in members for hs in f.titles.values() for h in hs}
        genders = Counter(HONORIFIC_GENDER[h] for h in titles
                          if h in HONORIFIC_GENDER and h not in ROLE_TITLES)
        gender = genders.most_common(1)[0][0] if len(genders) == 1 else None
        people[root] = Person(root, named_in, titles, gender)
    return people


def merge_surnames(forms: dict[str, Form], uf: UnionFind,
                   names: Mapping[MentionRef, NamedMention] | None = None) -> SurnameLinks:
    """A surname alone joins a person whose full name has that surname, mention by mention.

    Candidates are first narrowed by the titles written before the surname ("Mrs.",
    "President") where that leaves any. In an article that writes the full name of
    one candidate, the surname means them; of several, the one written there twice
    as often, else the one named in :data:`DOMINANCE` times as many articles. In an
    article naming none, the corpus's one (or dominant) candidate, provided the model
    mostly tagged the word as a person, a title singled the candidate out, or the
    mention speaks (as its record in ``names`` says: "Varga said", whatever its
    label). Otherwise the mention stays on its own, ambiguous.
    """
    clusters: dict[str, list[Form]] = defaultdict(list)
    for f in forms.values():
        clusters[uf.find(f.key)].append(f)
    people = _people_of(clusters)
    by_sound: dict[str, set[str]] = defaultdict(set)  # surname sound prefix -> form keys
    for f in forms.values():
        if f.person_name:
            by_sound[phonetic_key((surname(f.tokens),))[:3]].add(f.key)
    links = SurnameLinks()
    for f in list(forms.values()):
        if len(f.tokens) != 1 or f.nationality or uf.find(f.key) in people:
            continue
        token = f.tokens[0]
        roots = sorted({uf.find(k) for k in by_sound.get(phonetic_key((token,))[:3], ())
                        if similar_token(token, surname(forms[k].tokens))})
        if not roots:
            continue
        tagged_person = f.labels[PERSON] * 2 >= sum(f.labels.values())
        for ref in f.refs:
            chosen = _surname_target(ref, f.titles.get(ref, ()),
                                     [people[r] for r in roots], tagged_person, names)
            if chosen is not None:
                links.by_mention[ref] = chosen
    return links


def _surname_target(ref: MentionRef, heads: tuple[str, ...], cands: list[Person],
                    tagged_person: bool,
                    names: Mapping[MentionRef, NamedMention] | None = None) -> str | None:
    by_title = [p for p in cands if p.fits(heads)] if heads else []
    if by_title:
        cands = by_title
    here = [p for p in cands if p.named_in[ref[0]]]
    if here:
        if len(here) == 1:
            return here[0].root
        ranked = sorted(here, key=lambda p: -p.named_in[ref[0]])
        if ranked[0].named_in[ref[0]] >= 2 * ranked[1].named_in[ref[0]]:
            return ranked[0].root
        return _dominant(here)
    if tagged_person or len(by_title) == 1 or (names is not None and names[ref].speaks):
        return _dominant(cands)
    return None


def _dominant(cands: list[Person]) -> str | None:
    """The one candidate, or the one named in DOMINANCE times as many articles."""
    if len(cands) == 1:
        return cands[0].root
    ranked = sorted(cands, key=lambda p: -len(p.named_in))
    if len(ranked[0].named_in) >= DOMINANCE * len(ranked[1].named_in):
        return ranked[0].root
    return None


@dataclass
class EntityTable:
    """The result of merging: entities, the entity of each named mention, profiles."""

    entities: list[Entity]
    of_mention: Mapping[MentionRef, str]
    profiles: dict[str, Profile]

    def by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    @cached_property
    def lookup(self) -> EntityLookup:
        """The entities' names indexed for resolving speakers and subjects (built once:
        merging fixes names and types, later steps only count mentions)."""
        return EntityLookup(self.entities)

    @cached_property
    def _by_id(self) -> dict[str, Entity]:
        return self.by_id()

    def count_references(self, added: Iterable[Mention]) -> None:
        """Count the references :func:`link_article` added into their entities."""
        by_id = self._by_id
        for m in added:
            by_id[m.entity or ""].mentions += 1


def merge_mentions(articles: Sequence[Article], model: str = DEFAULT_SPACY_MODEL,
                   with_profiles: bool = True) -> EntityTable:
    """Group the named mentions of all articles into entities (sets nothing on them;
    the parse facts read are memoised in ``article.facts``)."""
    return merge_records([names_of(ai, article, model, profiles=with_profiles)
                          for ai, article in enumerate(articles)], with_profiles)


def merge_records(records: Sequence[ArticleNames], with_profiles: bool = True) -> EntityTable:
    """Group the named mentions of the articles' records into entities.

    ``records`` come from :func:`names_of` (read with ``profiles`` for a merge with
    profiles); ``of_mention`` keys are (``record.index``, mention index).
    """
    forms = collect_forms(records)
    names = NamedMentions(records)
    uf = UnionFind()
    for key in forms:
        uf.find(key)
    merge_person_variants(forms, uf)
    merge_spellings(forms, uf)
    merge_acronyms(forms, names, uf)
    merge_descriptors(forms, uf)
    links = merge_surnames(forms, uf, names)

    members: dict[str, RefList] = defaultdict(RefList)
    for f in forms.values():
        for ref in f.refs:
            members[links.by_mention.get(ref, uf.find(f.key))].append(ref)
    person_roots = {uf.find(f.key) for f in forms.values() if f.person_name}

    ordered = sorted(members.items(), key=lambda kv: min(
        (r[0], names[r].place) for r in kv[1]))
    ids = {r.index: r.id for r in records}
    entities: list[Entity] = []
    of_mention = MentionEntities()
    profiles: dict[str, Profile] = {}
    for n, (root, refs) in enumerate(ordered, start=1):
        eid = f"e{n}"
        mentions = [names[ref] for ref in refs]
        profile = _profile(mentions) if with_profiles and any(
            m.label == PERSON for m in mentions) else Profile()
        etype = entity_type(mentions, root in person_roots, bool(profile.roles))
        if etype == PERSON:
            profiles[eid] = profile
        entities.append(Entity(
            id=eid, name=best_name(mentions, etype), type=etype,
            aliases=sorted({m.text for m in mentions}),
            articles=[ids[ai] for ai in sorted({ai for ai, _ in refs})],
            mentions=len(mentions)))
        for ref in refs:
            of_mention.set(ref, eid)
    return EntityTable(entities, of_mention, profiles)


def _profile(mentions: Iterable[NamedMention]) -> Profile:
    profile = Profile()
    for m in mentions:
        profile.add(list(m.context.role_heads), list(m.context.role_modifiers))
    return profile


def entity_type(mentions: Sequence[NamedMention], has_person_name: bool,
                has_titles: bool) -> str:
    """PERSON when a full person name is among the forms; else the labels' majority.

    A single word labelled PERSON that is never written with a first name nor a title
    is more often a product or a place the model mistook: its next label then wins.
    """
    if has_person_name:
        return PERSON
    votes = Counter(m.label for m in mentions)
    ranked = [label for label, _ in votes.most_common()]
    if ranked[0] == PERSON and not has_titles and len(ranked) > 1:
        return ranked[1]
    return ranked[0]


def best_name(mentions: Sequence[NamedMention], etype: str) -> str:
    """The most complete frequent written form: several words beat one, then count."""
    counts = Counter(strip_title(m.text) or m.text if etype == PERSON
                     else m.text for m in mentions)
    multi = [t for t in counts if len(strip_descriptors(name_tokens(t))) >= 2]
    pool = multi or list(counts)
    # ties: no descriptor ("BelTA" over "BelTA news agency"), mixed case ("BelTA" over
    # "BELTA"), then the longer
    def rank(t: str) -> tuple[int, int, bool, int]:
        tokens = name_tokens(t)
        descriptors = len(tokens) - len(strip_descriptors(tokens))
        return counts[t], -descriptors, not t.isupper(), len(t)

    return max(pool, key=rank)


def link_article_references(article: Article, table: EntityTable,
                            model: str = DEFAULT_SPACY_MODEL) -> list[Mention]:
    """Mentions for the pronouns and role nouns of one article that clearly resolve."""
    types = table.lookup.types
    syntax = ArticleSyntax(article, model)
    people = [PersonMention(m.span.start, m.span.end, m.entity,
                            syntax.subject_rank(m.span.start, m.span.end))
              for m in article.mentions if m.entity is not None and types.get(m.entity) == PERSON]
    # nationalities and places may qualify a role ("the Belarusian leader")
    named = [(m.span.start, m.span.end) for m in article.mentions
             if m.label not in MODIFIER_LABELS]
    return [Mention(span=article.span(ref.start, ref.end), label=PERSON, entity=entity,
                    found_by="reference")
            for ref, entity in link_references(article, syntax, people, table.profiles, named)]


def link_names(article: Article, ai: int, table: EntityTable) -> None:
    """Set the entity of each named mention of one article (record index ``ai``)."""
    of_mention = table.of_mention
    for mi, mention in enumerate(article.mentions):
        eid = of_mention.get((ai, mi))
        if eid is not None:
            mention.entity = eid


def link_article(article: Article, ai: int, table: EntityTable,
                 model: str = DEFAULT_SPACY_MODEL, references: bool = True) -> list[Mention]:
    """Link one article to the merged entities: its named mentions (as they were when
    its record was read, index ``ai``), its pronouns and role nouns (``references``),
    and its speakers and claim subjects. Returns the references added, which the
    caller counts into their entities (:meth:`EntityTable.count_references`)."""
    link_names(article, ai, table)
    added: list[Mention] = []
    if references:
        added = link_article_references(article, table, model)
        article.mentions = sorted(article.mentions + added,
                                  key=lambda m: (m.span.start, m.span.end))
    link_speakers(article, table, model)
    return added


class EntityStage:
    """Merge mentions into ``corpus.entities``; link mentions, references, speakers.

    Over a corpus in memory (``__call__``), or over articles streamed a batch at a time:
    :meth:`over` merges (three passes, nothing kept but small records), then
    :meth:`annotate` links each article, loaded again, once: its references, speakers
    and subjects (where the parse may have to be restored), counted into the entities.
    """

    name: ClassVar[str] = "entities"

    def __init__(self, model: str = DEFAULT_SPACY_MODEL, references: bool = True,
                 spread: bool = True) -> None:
        self.model = model
        self.references = references
        self.spread = spread
        self._spread_names: dict[str, str] = {}
        self._index: dict[str, int] = {}  # article id -> its place in the passes
        self._table: EntityTable | None = None

    def __call__(self, corpus: Corpus) -> Corpus:
        corpus = self.over(lambda: [corpus.articles], corpus)
        self.annotate(corpus.articles)
        return corpus

    def over(self, batches: Callable[[], Iterable[list[Article]]], corpus: Corpus) -> Corpus:
        """Merge the entities of every article ``batches()`` yields (in the same order
        each time it is called) into ``corpus.entities``, with each place's country.
        Named mentions are linked on the way; references and speakers are left to
        :meth:`annotate`, which also adds them to the entities' mention counts."""
        self._spread_names = {}
        if self.spread:  # names the model missed in some reports, then merge again
            first: list[ArticleNames] = []
            for batch in batches():
                for article in batch:  # idempotent: drop what a previous run added
                    reset_links(article)
                    first.append(names_of(len(first), article, self.model, profiles=False))
            table = merge_records(first, with_profiles=False)
            self._spread_names = spread_candidates(first, table.of_mention, table.entities)
            del first, table
        records: list[ArticleNames] = []
        self._index = {}
        for batch in batches():
            for article in batch:
                self._prepare(article)
                self._index[article.id] = len(records)
                records.append(names_of(len(records), article, self.model, lower=False))
        table = self._table = merge_records(records)
        del records
        by_id = table.by_id()
        within: dict[str, str] = {}  # place -> country, as any article writes it
        for batch in batches():
            for article in batch:  # the named mentions are all that placing reads
                self._prepare(article)
                link_names(article, self._index[article.id], table)
                add_located(article, by_id, within)
        for eid, country in within.items():
            by_id[eid].within = country
        corpus.entities = table.entities
        return corpus

    def annotate(self, articles: list[Article]) -> None:
        """Link articles after :meth:`over` (each article once: its references count)."""
        if self._table is None:
            raise RuntimeError("EntityStage.annotate before EntityStage.over")
        for article in articles:
            self._prepare(article)
            # read as the merge read it: the parse facts it kept are saved with the
            # article, so the next run need not restore the parse for them
            names_of(self._index[article.id], article, self.model, lower=False)
            self._table.count_references(link_article(
                article, self._index[article.id], self._table, self.model, self.references))

    def _prepare(self, article: Article) -> None:
        reset_links(article)
        if self._spread_names:
            spread_names([article], self._spread_names)
