"""How names are compared: normal keys, titles, spelling variants, acronyms, plurals.

Everything here is a pure function of strings, so each merge rule of the entity stage
can be tested on its own. Keys are lower-case ASCII tokens, so case, accents,
hyphens and punctuation never split an entity ("BelTA" / "BELTA", "Polonez-M" /
"Polonez M").
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

# The same few names are compared again and again over a corpus: the pure string
# functions below remember their answers (bounded, so a long-lived process is safe).
_MEMO = 1 << 16


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that introduce a person without being part of the name. Heads name a role
# ("minister"); the others only qualify one ("defense", "former"). Lower case, no dot.
TITLE_HEADS: frozenset[str] = _word_set("""
    president vice-president president-elect minister premier chancellor secretary
    senator sen representative rep congressman congresswoman congressmember governor
    gov mayor ambassador envoy general gen colonel col lieutenant lt major maj captain
    capt sergeant sgt admiral adm commander marshal chief director chairman chairwoman
    chair ceo judge justice king queen prince princess pope cardinal bishop archbishop
    rabbi imam sheikh emir sultan speaker leader spokesman spokeswoman spokesperson
    prosecutor attorney dr doctor prof professor mr mrs ms miss mx sir dame lord lady
    rev reverend father pastor officer detective inspector commissioner councillor
    councilman councilwoman lawmaker candidate nominee dean coach
""")
TITLE_MODIFIERS: frozenset[str] = _word_set("""
    deputy vice acting former interim first state defense defence foreign interior
    finance prime home war health justice trade energy education agriculture economy
    labor labour transport environment security national affairs general supreme
    senior assistant associate executive managing majority minority house senate
    attorney chief of the for and u.s us uk
""")
HONORIFIC_GENDER: dict[str, str] = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f",
                                    "sir": "m", "dame": "f", "lord": "m", "lady": "f",
                                    "king": "m", "queen": "f", "prince": "m",
                                    "princess": "f", "spokesman": "m", "spokeswoman": "f",
                                    "congressman": "m", "congresswoman": "f",
                                    "chairman": "m", "chairwoman": "f"}
# Roles that the same person is called by in a later sentence ("the leader").
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    "leader": frozenset({"leader", "president", "premier", "prime", "chancellor", "king",
                         "queen", "emir", "sultan", "chairman", "chairwoman"}),
    "spokesman": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "spokeswoman": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "spokesperson": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "senator": frozenset({"senator", "sen", "lawmaker"}),
    "lawmaker": frozenset({"lawmaker", "senator", "sen", "representative", "rep",
                           "congressman", "congresswoman", "congressmember"}),
    "premier": frozenset({"premier", "prime"}),
    "general": frozenset({"general", "gen"}),
    "colonel": frozenset({"colonel", "col"}),
    "professor": frozenset({"professor", "prof"}),
    "governor": frozenset({"governor", "gov"}),
}
# Words that may sit lower-case inside a name ("University of Warsaw").
NAME_CONNECTORS: frozenset[str] = _word_set(
    "of the and for on in at de del della di da du la le les von van der den al el bin "
    "ibn y & to")
# Trailing words that describe an organisation rather than name it ("BelTA news agency").
ORG_DESCRIPTORS: frozenset[str] = _word_set(
    "agency agencies inc corp corporation co ltd llc plc group company channel "
    "newspaper network")
# Last words of the names of institutions and places, never of a person: a title before
# "Queen Mary University" or "General Electric Company" does not make it someone's name.
INSTITUTION_WORDS: frozenset[str] = ORG_DESCRIPTORS | _word_set("""
    university college school academy institute institution hospital clinic foundation
    center centre council committee commission party department ministry office bureau
    administration agency court parliament assembly congress senate house church
    cathedral museum library airport station port bridge street road avenue square
    palace tower building stadium hotel bank fund club association union federation
    league army navy force forces corps police guard service services board authority
    county city state province district region republic kingdom island islands river
    lake mountain mountains valley bay sea ocean
""")
# Qualify a descriptor but name nothing alone: "news agency" goes, "Fox News" stays.
DESCRIPTOR_QUALIFIERS: frozenset[str] = frozenset({"news", "press", "media", "television",
                                                   "tv"})
# Labels of places and peoples: a word labelled so is not someone's surname.
PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "NORP", "FAC"})
NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})
GENERATION_SUFFIXES: frozenset[str] = frozenset({"jr", "sr"})
# Endings that inflect or pluralise a long name ("Oreshnik" / "Oreshniki", "Patriots").
INFLECTION_SUFFIXES: tuple[str, ...] = ("es", "s", "i")
MIN_INFLECTED_STEM = 5

# Common English given-name short forms, each to the formal names it may stand for.
_NICKNAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("michael", "mike", "mick"), ("charles", "chuck", "charlie"), ("joseph", "joe"),
    ("william", "bill", "billy", "will", "willie"), ("robert", "bob", "bobby", "rob"),
    ("james", "jim", "jimmy", "jamie"), ("thomas", "tom", "tommy"),
    ("richard", "dick", "rick", "rich", "richie"), ("edward", "ed", "ted", "eddie", "ned"),
    ("theodore", "ted", "teddy"), ("daniel", "dan", "danny"), ("david", "dave"),
    ("steven", "steve"), ("stephen", "steve"), ("anthony", "tony"),
    ("nicholas", "nick"), ("christopher", "chris"), ("matthew", "matt"),
    ("patrick", "pat"), ("patricia", "pat", "patty"), ("andrew", "andy", "drew"),
    ("alexander", "alex", "sasha", "sandy"), ("benjamin", "ben"), ("jeffrey", "jeff"),
    ("gregory", "greg"), ("kenneth", "ken"), ("lawrence", "larry"),
    ("gerald", "jerry"), ("henry", "hank", "harry"), ("john", "jack", "johnny"),
    ("jonathan", "jon"), ("timothy", "tim"), ("elizabeth", "liz", "beth", "betsy"),
    ("katherine", "kate", "kathy", "katie"), ("kathleen", "kathy"),
    ("susan", "sue"), ("margaret", "peggy", "maggie"), ("deborah", "debbie", "deb"),
    ("jennifer", "jenny", "jen"), ("mitchell", "mitch"), ("frederick", "fred"),
    ("donald", "don"), ("ronald", "ron"), ("samuel", "sam"), ("vladimir", "vlad"),
)
NICKNAMES: dict[str, frozenset[str]] = {}
for _group in _NICKNAME_GROUPS:
    for _name in _group:
        NICKNAMES[_name] = NICKNAMES.get(_name, frozenset()) | frozenset(_group)

_TOKEN = re.compile(r"[a-z0-9]+")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ian|ese|ish|ic|ch|i)$")
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$|^(?:[A-Z]\.){2,}$")


@lru_cache(maxsize=_MEMO)
def ascii_fold(text: str) -> str:
    """Lower case without accents: "Łukašenka" -> "lukasenka"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=_MEMO)
def name_tokens(text: str) -> tuple[str, ...]:
    """The comparable tokens of a name: folded, punctuation and apostrophes dropped."""
    folded = ascii_fold(text).replace("’", "").replace("'", "")
    tokens = _TOKEN.findall(folded)
    if tokens and tokens[0] == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    return tuple(tokens)


def name_key(text: str) -> str:
    return " ".join(name_tokens(text))


def is_title_word(word: str) -> bool:
    w = word.lower().rstrip(".")
    return w in TITLE_HEADS or w in TITLE_MODIFIERS


@lru_cache(maxsize=_MEMO)
def is_demonym(word: str) -> bool:
    """A capitalised nationality-like adjective ("Belarusian", "Chinese", "Polish")."""
    return bool(_DEMONYM.match(word))


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Split leading title words off a person's name.

    "Belarusian Defense Minister Victor Khrenin" -> (["Belarusian", "Defense",
    "Minister"], ["Victor", "Khrenin"]). The leading run may hold title words,
    nationality adjectives and abbreviations ("U.S."), must hold a head word, and is
    cut after its last head so that at least one word of the name stays.
    """
    last_head = -1
    for i, word in enumerate(words[:-1]):
        w = word.lower().rstrip(".")
        if w in TITLE_HEADS:
            last_head = i
        elif not (w in TITLE_MODIFIERS or is_demonym(word) or _ABBREVIATION.match(word)):
            break
    cut = last_head + 1
    if 0 < cut < len(words) - 1 and words[cut].lower() == "of":
        # "Secretary of State Antony Blinken": the title goes on after "of"
        end = cut + 1
        while end < len(words) - 1 and words[end].lower() in TITLE_MODIFIERS:
            end += 1
        if end > cut + 1:
            cut = end
    return words[:cut], words[cut:]


@lru_cache(maxsize=_MEMO)
def strip_title(text: str) -> str:
    """The name without its leading titles, as written."""
    words = text.split()
    _, rest = split_title(words)
    return " ".join(rest)


@lru_cache(maxsize=_MEMO)
def _phonetic_token(token: str) -> str:
    # Transliterations of one name differ in these letters (Victor/Viktor,
    # Zelenskyy/Zelensky, Aleksandr/Alexander); folding them makes one key.
    s = token
    for old, new in (("ph", "f"), ("ck", "k"), ("x", "ks"), ("w", "v"), ("q", "k"),
                     ("y", "i"), ("j", "i"), ("c", "k")):
        s = s.replace(old, new)
    collapsed: list[str] = []
    for ch in s:
        if not collapsed or collapsed[-1] != ch:
            collapsed.append(ch)
    return "".join(collapsed)


def phonetic_key(tokens: tuple[str, ...]) -> str:
    return " ".join(_phonetic_token(t) for t in tokens)


def surname_sound(tokens: tuple[str, ...]) -> str:
    """The start of the surname's phonetic key: any two spellings of one surname
    (:func:`similar_token`) share it, so it buckets the candidates for a name."""
    return _phonetic_token(surname(tokens))[:3]


MIN_SOUND_TOKEN = 3


def sound_key(tokens: tuple[str, ...]) -> str | None:
    """A key that one name keeps across spelling, spacing and hyphens ("Wal-Mart" /
    "Walmart", "Zelensky" / "Zelenskyy"); None for names of initials ("N.J." and
    "N.Y." would share one)."""
    if any(len(t) < MIN_SOUND_TOKEN for t in tokens):
        return None
    return _phonetic_token("".join(tokens))


def _gender_ending_differs(a: str, b: str) -> bool:
    # "Alexandra"/"Alexander", "Ivanova"/"Ivanov": one ending marks another person.
    return a.endswith("a") != b.endswith("a")


@lru_cache(maxsize=_MEMO)
def similar_token(a: str, b: str, threshold: float = 0.85) -> bool:
    """Two spellings of one name token: same phonetic key, or close and same start."""
    if a == b:
        return True
    pa, pb = _phonetic_token(a), _phonetic_token(b)
    if pa == pb:
        return True
    if _gender_ending_differs(pa, pb) or min(len(pa), len(pb)) < 5 or pa[:3] != pb[:3]:
        return False
    return SequenceMatcher(None, pa, pb).ratio() >= threshold


def _initial_of(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def surname(tokens: tuple[str, ...]) -> str:
    """The last name token, skipping "Jr."-like suffixes."""
    rest = [t for t in tokens if t not in NAME_SUFFIXES] or list(tokens)
    return rest[-1]


def given_names(tokens: tuple[str, ...]) -> tuple[str, ...]:
    rest = [t for t in tokens if t not in NAME_SUFFIXES] or list(tokens)
    return tuple(rest[:-1])


def same_given_name(a: str, b: str) -> bool:
    """Two given names of one person: a spelling, an initial, or a nickname."""
    if similar_token(a, b) or _initial_of(a, b):
        return True
    return bool(NICKNAMES.get(a, frozenset({a})) & NICKNAMES.get(b, frozenset({b})))


def generation(tokens: tuple[str, ...]) -> str | None:
    return next((t for t in tokens if t in GENERATION_SUFFIXES), None)


def same_person_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two multi-word person names that can be one person written differently.

    Surnames must be spellings of one another; the first given names must be too (or
    an initial, or a nickname); further given names must not disagree. A name may
    also be the tail of the other ("Mitt Romney" / "Willard Mitt Romney"). A "Jr." on
    one side only means another person ("Donald Trump Jr."), even though some writers
    drop it for the same one: merging a father and son is the worse mistake.
    """
    if len(a) < 2 or len(b) < 2 or not similar_token(surname(a), surname(b)):
        return False
    if generation(a) != generation(b):
        return False
    ga, gb = given_names(a), given_names(b)
    if not ga or not gb:
        # "Trump Jr." is the "Donald Trump Jr." of the same report, not his father
        return generation(a) is not None and generation(a) == generation(b)
    short, long_ = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
    if len(short) >= 1 and len(long_) > len(short) and long_[-len(short):] == short:
        return True  # "wasserman schultz" in "debbie wasserman schultz"
    if not same_given_name(ga[0], gb[0]):
        return False
    if len(short) == 1:
        return True  # no middle name on one side: nothing to disagree
    # both write middle names: they must be the same ones ("George W." / "George H. W.")
    return len(short) == len(long_) and all(
        similar_token(x, y) or _initial_of(x, y) for x, y in zip(short[1:], long_[1:],
                                                                  strict=True))


def acronym_letters(text: str) -> str | None:
    """The letters of an acronym as written ("NATO", "U.S.", "BelTA"), else None."""
    compact = text.strip()
    if " " in compact or not _ACRONYM.match(compact) or len(compact) > 10:
        return None
    letters = "".join(ch for ch in compact if ch.isalpha()).lower()
    return letters if len(letters) >= 2 else None


def initials(tokens: tuple[str, ...]) -> set[str]:
    """Acronyms an expansion may have: with and without its small connecting words."""
    if len(tokens) < 2:
        return set()
    every = "".join(t[0] for t in tokens)
    content = "".join(t[0] for t in tokens if t not in NAME_CONNECTORS)
    return {every, content} - {""}


def strip_descriptors(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Drop trailing organisation descriptors: ("belta", "news", "agency") -> ("belta",)."""
    end = len(tokens)
    while end > 1 and tokens[end - 1] in ORG_DESCRIPTORS:
        end -= 1
        while end > 1 and tokens[end - 1] in DESCRIPTOR_QUALIFIERS:
            end -= 1
    return tokens[:end]


def inflection_base(key: str) -> list[str]:
    """Keys this one may be an inflected or plural form of ("oreshniki" -> "oreshnik")."""
    bases = []
    for suffix in INFLECTION_SUFFIXES:
        if key.endswith(suffix):
            base = key[: -len(suffix)]
            last = base.split(" ")[-1]
            if len(last) >= MIN_INFLECTED_STEM:
                bases.append(base)
    return bases


def modifier_matches(a: str, b: str) -> bool:
    """Two qualifiers of a role that agree: equal, or one derived from the other
    ("belarus" / "belarusian", "russia" / "russian")."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    n = min(len(a), len(b))
    return n >= 4 and a[: n - 1] == b[: n - 1] and abs(len(a) - len(b)) <= 4
