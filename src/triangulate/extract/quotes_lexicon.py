"""Word lists for attribution: cue verbs, anonymous-source nouns, media words.

Lemmas, lower case. General English news vocabulary, not tied to any one topic.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A word list written as running text, one word per blank-separated item."""
    return frozenset(text.split())


# verbs that report speech or writing; they attribute a quote or a that-clause
SPEECH_VERBS = _words("""
say tell add state insist assert claim argue warn explain note announce declare confirm
deny report write tweet post ask answer reply respond suggest stress emphasize emphasise
acknowledge admit allege concede contend maintain remark comment observe reiterate repeat
recall mention predict promise pledge vow threaten urge testify disclose reveal hint
indicate conclude complain boast joke quip muse shout yell cry whisper scream exclaim
murmur mutter lament caution counter retort rebut concur affirm assure inform notify
proclaim underscore underline specify clarify speculate forecast recount elaborate
summarize summarise demand propose recommend advise confess continue charge accuse
signal estimate guarantee vouch brag chide scoff protest object tout insinuate intimate
gripe grumble fume snap sneer rail agree read bark chant thunder
blast slam
""")

# verbs of belief and knowledge: attribution too, but only with a clause after them
BELIEF_VERBS = _words("""
think believe know feel fear hope expect worry doubt suspect assume understand realize
realise recognize recognise find show learn hear wonder imagine reckon figure guess
""")

# speech verbs whose object is itself what is asserted: "confirmed the deployment"
ASSERTION_VERBS = _words("""
announce confirm deny report reveal disclose predict estimate acknowledge admit
allege concede forecast propose recommend demand cite dispute reject
""")

# promises and threats: what follows "to" is what was said ("vowed to retaliate")
COMMISSIVE_VERBS = _words("promise pledge vow threaten refuse offer")

# phrasal cues: verb lemma and the particle that must follow it
PHRASAL_CUES = {"point": "out", "spell": "out", "lay": "out", "make": "clear",
                "go": "on", "sound": "off", "speak": "out"}

# the occasion a cue names right after it: "said in a statement", "told in an interview"
CUE_OCCASIONS = _words("""
statement interview email e-mail post tweet letter release speech message briefing
address remarks comments call conversation note video posting
""")

# nouns for unnamed human sources: "officials said", "a source", "one person familiar"
ANONYMOUS_HEADS = _words("""
official officials source sources aide aides insider insiders person people diplomat
diplomats analyst analysts expert experts observer observers member members officer
officers lawmaker lawmakers legislator legislators spokesman spokeswoman spokesperson
representative representatives staffer staffers adviser advisers advisor advisors
associate associates ally allies confidant confidants witness witnesses resident
residents employee employees executive executives critic critics supporter supporters
someone somebody one colleague colleagues friend friends strategist strategists
operative operatives veteran veterans investigator investigators agent agents
""")

# phrases that mark an unnamed source anywhere in the attribution's sentence
ANONYMITY_PHRASES = (
    "condition of anonymity", "on condition that he not be named",
    "on condition that she not be named", "on condition that they not be named",
    "not authorized to", "not authorised to", "declined to be named",
    "asked not to be named", "asked not to be identified", "requested anonymity",
    "spoke anonymously", "speaking anonymously", "without being named",
    "who did not want to be named",
)

# nouns that name a channel or outlet: "state news agency", "television channel"
MEDIA_WORDS = _words("""
agency newspaper paper daily weekly magazine journal gazette tribune times post herald
television tv channel radio broadcaster station network outlet website site blog
newswire wire press media podcast newsletter tabloid
telegram twitter x facebook instagram tiktok youtube truth weibo vk linkedin
""")

# the widely cited news agencies and broadcasters, known without a media word beside them
NEWS_OUTLETS = _words("""
reuters ap afp tass ria interfax xinhua belta bbc cnn cgtn bloomberg nhk kyodo yonhap
ansa efe dpa anadolu aljazeera jazeera rt sputnik ukrinform unian fox msnbc cbs nbc abc
npr pbs politico axios
""")

# words for what a person said, as the subject of "was reported by X"
SPEECH_NOUNS = _words("""
remark remarks comment comments statement statements words interview announcement
claim claims report revelation speech address briefing testimony message
""")

PERSONAL_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
OTHER_PRONOUNS = frozenset({"i", "we", "they", "it", "you", "who", "that", "which"})

# words that introduce a nominal speaker: "the minister", "the president"
ROLE_NOUNS = _words("""
minister president premier chancellor secretary spokesman spokeswoman spokesperson
senator governor mayor general colonel commander chief leader official ambassador
envoy director chairman chairwoman chair head prime king queen prince emperor pope
judge prosecutor lawyer attorney candidate nominee congressman congresswoman
representative lawmaker deputy adviser advisor analyst expert professor
""")

# other words for a role: "the leader" may be written "President X" where first named
ROLE_SYNONYMS = {
    "leader": frozenset({"president", "premier", "prime", "chancellor", "king", "queen",
                         "chief", "head", "leader", "ruler", "dictator"}),
    "head": frozenset({"chief", "director", "chairman", "chairwoman", "chair", "leader"}),
    "chief": frozenset({"head", "director", "chairman", "chairwoman", "chair", "leader"}),
    "spokesman": frozenset({"spokesperson", "spokeswoman", "spokesman"}),
    "spokeswoman": frozenset({"spokesperson", "spokeswoman", "spokesman"}),
    "spokesperson": frozenset({"spokesperson", "spokeswoman", "spokesman"}),
    "general": frozenset({"gen", "gen.", "general"}),
    "senator": frozenset({"sen", "sen.", "senator"}),
    "representative": frozenset({"rep", "rep.", "representative", "congressman",
                                 "congresswoman"}),
}

# titles that tell a person's gender where a pronoun must be matched
MALE_TITLES = frozenset({"mr", "mr.", "sir", "king", "prince", "lord", "father", "brother"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "queen",
                           "princess", "lady", "mother", "sister"})
