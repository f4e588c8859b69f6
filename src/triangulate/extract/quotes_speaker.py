"""Who a quote is attributed to: the written source, its name, and whether it is unnamed.

``speaker_span`` stays on the words the article wrote ("he", "the minister", "Flynn, a
top Trump surrogate,"); the speaker's *name* is the person or body those words stand
for: the PERSON name for a titled name, the nearest fitting earlier person for "he" or
"the minister" where the text makes it clear, the written words otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from triangulate.extract.quotes_cue import cue_start
from triangulate.extract.quotes_lexicon import (
    ANONYMITY_PHRASES,
    ANONYMOUS_HEADS,
    FEMALE_TITLES,
    MALE_TITLES,
    MEDIA_WORDS,
    NEWS_OUTLETS,
    PERSONAL_PRONOUNS,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
)
from triangulate.extract.quotes_marks import MARK_CHARS

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_RELATIVES = ("which", "that", "who", "whom")
# a cue without its own subject borrows the subject of the verb it hangs from
_BORROW_DEPS = ("conj", "advcl", "xcomp", "pcomp", "ccomp", "dep", "prep")
# verbs that make their object do what their infinitive says: "forced Stumpf to admit",
# "led the journalist to fear" (not "told X to say": the teller is the one who speaks)
_CAUSATIVES = frozenset({"force", "lead", "prompt", "cause", "drive", "spur", "compel",
                         "inspire", "allow", "get", "move", "push"})
_NAME_DEPS = ("compound", "flat", "nmod", "poss", "det", "amod", "nummod", "case")
_FAMILIAR = re.compile(
    r"\b(?:sources?|people|persons?|officials?|those|someone|insiders?|aides?)\s+"
    r"(?:\w+\s+){0,2}(?:familiar|close|briefed)\b", re.IGNORECASE)
_WINDOW_PARAGRAPHS = 2
_FOCUS = re.compile(r"(?:even|but|and)\s+", re.IGNORECASE)
# a news dateline before a story's first words: "BRUSSELS - ", "WASHINGTON (AP) — "
DATELINE = re.compile(r"[A-Z][A-Z.' ]*[A-Z.](?:,? [A-Z][A-Za-z.]*)*(?: \([^)\n]{1,20}\))?"
                       r"\s*[-—–―]{1,2}\s*")
_EDGE_PUNCT = "".join(MARK_CHARS) + "-–—:"
_NAME_EDGE = "".join(MARK_CHARS) + " ,-–—―\n"
_ASIDE_OPENERS = ("a", "an", "the", "one")  # a description of a thing: "a super PAC"
_SPACED_DASH = re.compile(r"\s(?:-{1,2}|[—–―])\s|[—―]")  # a dash that sets words apart


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    start: int  # the written words
    end: int
    anonymous: bool


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    name: str  # the fullest form of this person's name in the article
    subject: bool  # grammatical subject of its clause: the salient kind
    context: frozenset[str]  # lower-case words around it: titles, roles, nationality
    gender: str | None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of a cue verb, borrowed from the verb it hangs from where it has none."""
    subjects = [c for c in verb.children  # not the "it" of "it is said", nor "there"
                if c.dep_ in _SUBJECT_DEPS and c.lower_ != "there" and
                not (c.lower_ == "it" and c.dep_ != "nsubj")]
    if len(subjects) > 1 and subjects[0].lower_ in _RELATIVES:
        return subjects[1]  # "which advocates say disadvantages schools": the advocates
    if subjects:
        return subjects[0]
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head  # "a senior official stating, ..."
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _CAUSATIVES and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and \
            cue_start(verb) > verb.head.idx:  # not "requires X to disclose": one cue
        # "forced Stumpf to admit", "led the journalist to fear": the object does it
        controller = next((c for c in verb.head.children if c.dep_ in ("dobj", "dative") and
                           c.i < verb.i and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
        if controller is not None:
            return controller
    if depth < 3 and verb.dep_ in _BORROW_DEPS and verb.head.i != verb.i and \
            verb.head.pos_ in ("VERB", "AUX", "ADP"):
        return subject_of(verb.head, depth + 1)
    return None


def phrase_bounds(head: Token, stop: Iterable[tuple[int, int]] = (),
                  text: str | None = None) -> tuple[int, int]:
    """Character bounds of a noun phrase's subtree, never running into ``stop`` spans.

    A phrase set off by a comma after the name and hanging off it as a preposition or
    clause ("Petrov, a spokesman, in a rare statement") is the parser's misattachment
    of the verb's adjunct, and is left out; the appositive stays. ``text`` is the doc's
    text, where the caller has it (``Doc.text`` is rebuilt on every call).
    """
    start, end = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    doc = head.doc
    for child in head.rights:
        before = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        participle = child.dep_ in ("acl", "advcl") and child.tag_ in ("VBG", "VBN")
        if child.dep_ in ("prep", "advcl", "acl", "advmod", "npadvmod") and before is not None \
                and not (child.dep_ == "prep" and child.lower_ == "of") \
                and before.text == "," and (before.i > head.i + 1 or participle):
            end = before.idx
            break
    end = min(end, _nested_aside(head))
    for s, e in stop:
        if s <= head.idx < e:
            break
        if s < end and e > head.idx + len(head) and s >= head.idx:
            end = min(end, s)
        if e > start and s < head.idx and e <= head.idx:
            start = max(start, e)
    if text is None:
        text = head.doc.text
    # a name is written on one line: a heading above it or a quote below is not part of it
    start = max(start, text.rfind("\n", start, head.idx) + 1)
    line_end = text.find("\n", head.idx, end)
    if line_end >= 0:
        end = line_end
    dateline = DATELINE.match(text, start, head.idx)  # "BRUSSELS - European leaders said"
    if dateline is not None:
        start = dateline.end()
    dash = _SPACED_DASH.search(text, start, _core_start(head))
    while dash is not None:  # "... is also predictable - Donald J. Trump has vowed"
        start = dash.end()
        dash = _SPACED_DASH.search(text, start, _core_start(head))
    focus = _FOCUS.match(text, start, head.idx)  # "Even China said": the writer's stress
    if focus is not None:
        start = focus.end()
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT):
        end -= 1
    last = head.doc.char_span(end - 1, end)
    if last is not None and last.text == "." and end - 1 > start:  # a sentence's stop
        end -= 1
    if start >= end:
        return head.idx, head.idx + len(head)
    return start, end


def _core_start(head: Token) -> int:
    """Where the name itself starts: its compounds and titles before the head."""
    first = head
    while first.i > 0 and first.doc[first.i - 1].head.i == head.i and \
            first.doc[first.i - 1].dep_ in ("compound", "flat", "amod", "det", "poss",
                                             "nmod", "case", "punct") and \
            not _SPACED_DASH.fullmatch(" " + first.doc[first.i - 1].text + " "):
        first = first.doc[first.i - 1]
    return first.idx


def _nested_aside(head: Token) -> int:
    """Where a name's description ends before an aside about a thing named inside it:
    "Scott Pruitt, the attorney general of Oklahoma|, one of the states suing", "Mulgrew,
    president of the teachers' union|, which represents ..." describe Oklahoma and the
    union, not the speaker. A place ("Sumter, South Carolina"), a name ("his firm,
    United Technologies") and a "who" clause (about a person: the speaker) stay.
    Returns the offset just past the description's comma (a large number if none)."""
    doc = head.doc
    for child in head.rights:
        if child.dep_ != "appos":
            continue
        for token in child.subtree:
            if token.i == child.i or token.head.i in (head.i, child.i):
                continue
            first = token.left_edge
            if token.dep_ == "relcl":
                aside = first.lower_ == "which"
            else:
                aside = token.dep_ == "appos" and token.pos_ == "NOUN" and \
                    first.lower_ in _ASIDE_OPENERS
            comma = doc[first.i - 1] if first.i > 0 else None
            if aside and comma is not None and comma.text == "," and comma.i > child.i:
                return comma.idx + 1
    return 1 << 60


def core_name(head: Token) -> str:
    """The name a noun phrase gives: the PERSON name it holds, else the phrase's core.

    "Belarusian Defense Minister Victor Khrenin" gives "Victor Khrenin"; "a senior EU
    official" stays whole; appositives and relative clauses are left out.
    """
    doc = head.doc
    if head.ent_type_ == "PERSON":
        ent = _entity_of(head)
        if ent is not None and ent.text.strip(_NAME_EDGE):
            return ent.text.strip(_NAME_EDGE)  # the recogniser may take in a "―" or a mark
    left = head
    for child in head.lefts:
        if child.dep_ in _NAME_DEPS and child.tag_ != "VBG":
            left = min(left, child.left_edge, key=lambda t: t.i)
            break
    right = head
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            right = child.right_edge
        elif child.dep_ in ("compound", "flat"):
            right = max(right, child.right_edge, key=lambda t: t.i)
        else:
            break
    words = doc[left.i:right.i + 1]
    text = words.text.strip(_NAME_EDGE)
    return text or head.text


def _entity_of(token: Token) -> Span | None:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def is_media_word(token: Token) -> bool:
    """Whether a word names a news outlet or channel: "agency", "television", "Reuters"."""
    low = token.lower_
    if low in NEWS_OUTLETS and token.pos_ in ("PROPN", "NOUN", "X"):
        return True
    return low in MEDIA_WORDS and token.pos_ in ("NOUN", "PROPN")


def anonymity_marked(sentence: str) -> bool:
    """Whether a sentence says its source is unnamed: "speaking on condition of
    anonymity", "sources familiar with the talks"."""
    low = sentence.lower()
    return any(phrase in low for phrase in ANONYMITY_PHRASES) or bool(_FAMILIAR.search(low))


def is_anonymous(head: Token, sentence: str) -> bool:
    """An unnamed human source: "officials", "a source", "a senior EU official"."""
    if anonymity_marked(sentence):
        return True
    if head.lower_ in PERSONAL_PRONOUNS or head.pos_ == "PRON":
        return False
    named = any(t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.ent_type_ not in
                ("NORP", "GPE", "ORG", "LOC")) for t in _core_tokens(head))
    return not named and head.lower_ in ANONYMOUS_HEADS


def _core_tokens(head: Token) -> list[Token]:
    out = [head]
    for child in head.children:
        if child.dep_ in ("compound", "flat", "amod", "nmod", "poss"):
            out.extend(child.subtree)
    return out


def person_mentions(doc: Doc, skip: list[tuple[int, int]],
                    paragraph_starts: list[int] | None = None) -> list[PersonMention]:
    """Every mention of a person, in text order, with what is said around it.

    The small parser often labels a lone surname ORG; a surname that a PERSON name
    elsewhere in the article ends with is taken as that person. A lone word labelled
    PERSON only some of the time, or seen inside quotation marks, is a term ("the
    ‘Oreshnik’"), not a person. Subject pronouns are resolved in text order and join
    the mentions, so that "he" keeps pointing at the person a paragraph is about.
    """
    full: dict[str, str] = {}
    labels: dict[str, set[str]] = {}
    for ent in doc.ents:
        labels.setdefault(ent.text, set()).add(ent.label_)
        if ent.label_ == "PERSON" and len(ent) > 1:
            last = ent[-1].text
            if len(ent.text) > len(full.get(last, "")):
                full[last] = ent.text
    text = doc.text
    quoted = {text[s:e].strip("".join(MARK_CHARS) + " ,.") for s, e in skip}
    out: list[PersonMention] = []
    seen: set[int] = set()
    for ent in doc.ents:
        last = ent[-1].text
        if ent.label_ != "PERSON" and not (last in full and ent[-1].pos_ == "PROPN"):
            continue
        if ent.label_ == "PERSON" and len(ent) == 1 and last not in full and \
                (labels.get(ent.text, set()) != {"PERSON"} or ent.text in quoted):
            continue
        out.append(_make_mention(doc, ent[0].i, ent[-1].i, full.get(last, ent.text)))
        seen.update(range(ent.start, ent.end))
    for token in doc:  # surnames the recogniser missed entirely
        if token.i not in seen and token.pos_ == "PROPN" and token.text in full:
            out.append(_make_mention(doc, token.i, token.i, full[token.text]))
    out.sort(key=lambda m: m.start)
    starts = paragraph_starts if paragraph_starts is not None else [0]
    for token in doc:
        if token.lower_ in PERSONAL_PRONOUNS and token.dep_ in _SUBJECT_DEPS:
            name = resolve_pronoun(token.lower_, token.idx, out, starts)
            if name is not None:
                mention = PersonMention(start=token.idx, end=token.idx + len(token), name=name,
                                        subject=True, context=frozenset(),
                                        gender=PERSONAL_PRONOUNS[token.lower_])
                out.insert(bisect_right([m.start for m in out], token.idx), mention)
    return out


def _make_mention(doc: Doc, first: int, last: int, name: str) -> PersonMention:
    root = doc[last]
    for i in range(first, last + 1):
        if doc[i].head.i < first or doc[i].head.i > last:
            root = doc[i]
            break
    context: set[str] = set()
    for token in root.subtree:
        if not first <= token.i <= last and abs(token.i - root.i) <= 12:
            context.add(token.lower_)
    for token in doc[max(0, first - 4):first]:
        context.add(token.lower_)
    gender = None
    if context & MALE_TITLES:
        gender = "m"
    elif context & FEMALE_TITLES:
        gender = "f"
    subject = root.dep_ in _SUBJECT_DEPS or (root.dep_ in ("appos", "compound")
                                              and root.head.dep_ in _SUBJECT_DEPS)
    return PersonMention(start=doc[first].idx, end=doc[last].idx + len(doc[last]), name=name,
                         subject=subject, context=frozenset(context), gender=gender)


def resolve_pronoun(word: str, offset: int, mentions: list[PersonMention],
                    paragraph_starts: list[int]) -> str | None:
    """The person "he"/"she" at ``offset`` stands for: the latest subject mention in this
    or the previous paragraph, else the latest mention there; None when there is none."""
    gender = PERSONAL_PRONOUNS.get(word.lower())
    if gender is None:
        return None
    window_start = _window_start(offset, paragraph_starts)
    candidates = [m for m in mentions if window_start <= m.start and m.end <= offset
                  and m.gender in (None, gender)]
    if not candidates:
        return None
    subjects = [m for m in candidates if m.subject]
    return (subjects or candidates)[-1].name


def resolve_role(head: Token, mentions: list[PersonMention]) -> str | None:
    """The person "the minister" / "the Belarusian leader" stands for: the nearest earlier
    person whose own mention carries the role (or a word for it: a president is a
    leader), preferring one that also shares the phrase's other words ("Belarusian")."""
    role = head.lower_
    if role not in ROLE_NOUNS or any(t.pos_ == "PROPN" for t in head.subtree):
        return None
    if not any(c.lower_ in ("the", "this", "that") for c in head.children):
        return None
    roles = ROLE_SYNONYMS.get(role, frozenset()) | {role}
    words = {t.lower_ for t in head.subtree if t.pos_ in ("ADJ", "PROPN", "NOUN")} - {role}
    best: PersonMention | None = None
    best_score = 0
    for mention in mentions:
        if mention.end > head.idx or not mention.context & roles:
            continue
        score = 1 + len(words & mention.context)
        if score >= best_score:
            best, best_score = mention, score
    return best.name if best is not None else None


def _window_start(offset: int, paragraph_starts: list[int]) -> int:
    earlier = [s for s in paragraph_starts if s <= offset]
    if len(earlier) >= _WINDOW_PARAGRAPHS:
        return earlier[-_WINDOW_PARAGRAPHS]
    return 0


def _appositive_end(head: Token, text: str, end: int, cue_start: int) -> int:
    """Where a source written before its cue ends: with the comma that closes its
    appositive ("Flynn, a top Trump surrogate, said"), and with an appositive the parse
    left loose between the name and the cue ("Ban Ki-moon, the secretary general of the
    United Nations, vowed"); not an age ("Quina Jones, 25, said")."""
    gap = text[end:cue_start]
    if not gap.startswith(",") or not gap.rstrip().endswith(","):
        return end
    if gap.strip(" ,"):  # words between: a noun phrase alone, set off by commas
        span = head.doc.char_span(end + 1, end + len(gap.rstrip()) - 1, alignment_mode="expand")
        if span is None or not 0 < len(span) <= 12 or span[0].pos_ not in ("DET", "ADJ", "NOUN",
                                                                           "PROPN") or \
                any(t.pos_ in ("VERB", "AUX", "NUM") or t.text in ",;:" for t in span):
            return end
    elif "," not in text[head.idx:end]:
        return end  # "Flynn, said": a name alone does not take the comma
    return end + len(gap.rstrip())


def _past_dateline(head: Token, text: str) -> Token:
    """"WASHINGTON -- President Obama, dedicating ..., said": a parse that took the
    dateline for the subject and the name for its appositive; the name is the source."""
    dateline = DATELINE.match(text, head.left_edge.idx)
    if dateline is None or not head.idx < dateline.end():
        return head
    return next((c for c in head.rights if c.dep_ == "appos" and c.idx >= dateline.end()),
                head)


def speaker_for(head: Token, mentions: list[PersonMention], paragraph_starts: list[int],
                stop: list[tuple[int, int]], sentence: str, cue_start: int = -1,
                text: str | None = None) -> Speaker:
    """The speaker a subject token names, with the written span and the resolved name.

    A source keeps the comma that closes its appositive, before its cue ("Graham, a
    former candidate, said") and after it ("said Graham, a former candidate, in ...").
    """
    if text is None:
        text = head.doc.text
    head = _past_dateline(head, text)
    start, end = phrase_bounds(head, stop, text)
    if 0 <= cue_start < head.idx and "," not in text[start:end].rstrip(", "):
        while end > start and text[end - 1] in ", ":
            end -= 1
    elif cue_start >= end and head.pos_ in ("PROPN", "NOUN"):
        end = _appositive_end(head, text, end, cue_start)
    written = text[start:end]
    name: str | None = None
    low = head.lower_
    if low in PERSONAL_PRONOUNS:
        name = resolve_pronoun(low, head.idx, mentions, paragraph_starts)
        start, end = head.idx, head.idx + len(head)
    elif low in ("who", "that") and head.head.head.i != head.head.i:
        antecedent = head.head.head  # "Flynn, who said ...": the relative clause's noun
        name = core_name(antecedent)
        start, end = head.idx, head.idx + len(head)
    elif head.pos_ == "PRON":
        start, end = head.idx, head.idx + len(head)
        name = head.text
    else:
        name = resolve_role(head, mentions) or core_name(head)
    if not name:
        name = written
    dateline = DATELINE.match(name)
    if dateline is not None and dateline.end() < len(name):
        name = name[dateline.end():]  # "BRUSSELS - European leaders": the leaders
    return Speaker(name=name, start=start, end=end, anonymous=is_anonymous(head, sentence))
