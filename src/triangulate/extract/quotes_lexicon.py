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
# those of them that report speech by themselves ("pointed out that"); "went on" only
# carries another cue on ("went on to say")
PHRASAL_SPEECH = frozenset({"point", "spell", "lay", "make", "speak", "sound"})

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

# --- stances: attribution told without a clause (PolNeAR marks these too) -----------
# Chosen by how often each verb, with that complement, is an attribution cue in the
# PolNeAR training half (outside quotation marks, with a subject): kept where it is
# one at least about half the time, with their common synonyms. Verbs that are a cue
# less often than that ("want", "support", "see", "plan", "try") are left out.

# the object is what is said, judged or asked: "endorsed Clinton", "called it a hoax",
# "accused him of lying", "described the plan as reckless"
OBJECT_CUES = _words("""
say ask call describe cite accuse criticize criticise announce defend urge express
oppose discuss praise attack mention tweet retweet write reject blame question propose
issue denounce blast recall dismiss note mock post declare remind explain name claim
report tout promise thank reveal slam deny echo compare portray acknowledge list assure
condemn warn decry promote reference voice prefer applaud repeat quote emphasize
emphasise persuade invoke publish email confirm detail unveil credit order lament
convince underscore stress rebut fear disclose remember outline signal reiterate argue
deem contrast recite congratulate predict articulate chide champion label chant dub
bemoan pressure disavow rebuke hail approve recount love attribute concede dispute
recommend indicate insult preach shout savage state float veto bash hate characterize
characterise foresee relish liken assert endorse show offer lambaste ridicule
berate castigate excoriate scold denigrate disparage deride belittle vilify malign
trumpet herald laud commend extol hype summarize summarise envision forecast
support back
""")

# the infinitive is what is sought, promised or refused: "vowed to retaliate"
INFINITIVE_CUES = _words("""
decline refuse seek vow promise pledge hope urge ask call like propose agree threaten
vote aim order claim push offer demand beg plead swear resolve volunteer
want plan intend expect
""")

# a verb and the prepositions whose object is what is said: "called for a ban",
# "talked about the economy", "pointed to the polls", "railed against trade deals"
PREPOSITION_CUES: dict[str, frozenset[str]] = {
    lemma: frozenset(preps.split("/")) for lemma, preps in (
        ("talk", "about/of"), ("speak", "about/of/against/out"), ("write", "about/of"),
        ("call", "for/on"), ("refer", "to"), ("point", "to"), ("allude", "to"),
        ("comment", "on"), ("remark", "on"), ("dwell", "on"),
        ("touch", "on"), ("weigh", "in"), ("insist", "on"), ("push", "for"),
        ("press", "for"), ("argue", "for/against"), ("advocate", "for"),
        ("plead", "for"), ("appeal", "for"),
        ("warn", "against/of/about"), ("caution", "against"), ("rail", "against"),
        ("hint", "at"), ("balk", "at"), ("scoff", "at"), ("lash", "out"),
        ("complain", "about/of"), ("brag", "about"), ("boast", "about/of"),
        ("joke", "about"), ("ask", "about/for"), ("apologize", "for"),
        ("apologise", "for"), ("vouch", "for"), ("side", "with"), ("agree", "with/on"),
        ("disagree", "with/on"), ("object", "to"), ("testify", "about/to"),
        ("rant", "about/against"), ("muse", "about/on"), ("speculate", "about/on"),
        ("fret", "about/over"), ("obsess", "about/over"),
        ("inquire", "about"), ("opine", "on"),
    )
}

# verbs whose object is the person addressed ("urged voters", "asked him"): the object
# alone is not what was said; with a complement after it, it is ("urged voters to vote")
ADDRESSEE_CUES = _words("ask urge persuade convince remind warn assure order pressure email tell")

# mislemmatised forms of cue verbs in the small English model
LEMMA_FIXES = {"hoping": "hope", "retweeted": "retweet", "retweeting": "retweet",
               "retweets": "retweet"}

# line labels that introduce something other than a speaker's words: "Update: ..."
NOT_SPEAKER_LABELS = _words("""
update updated editor note notes photo photos image images video videos related read
watch see source sources credit credits caption correction clarification disclosure
warning spoiler subscribe follow listen advertisement q a
""")

# nouns that name what somebody said or holds, with the prepositions whose object is
# that ("his criticism of the deal", "Pence's call for a prosecutor"); every one also
# takes a "that"-clause where English allows it ("Sanders's claim that he can win")
NOUN_CUES: dict[str, frozenset[str]] = {
    noun: frozenset(preps.split("/")) if preps else frozenset() for noun, preps in (
        ("claim", "of"), ("statement", "of"), ("assertion", "of"), ("argument", "for/against"),
        ("belief", "in"), ("suggestion", "of"), ("complaint", "about/of"),
        ("accusation", "of"), ("allegation", "of"), ("warning", "about/of/against"),
        ("insistence", "on"), ("promise", "of"), ("pledge", "of"), ("vow", ""),
        ("charge", ""), ("contention", ""), ("prediction", "of"), ("admission", "of"),
        ("acknowledgment", "of"), ("acknowledgement", "of"), ("announcement", "of"),
        ("declaration", "of"), ("denial", "of"), ("assurance", "of"), ("hope", ""),
        ("fear", "of"), ("concern", "about/over"), ("view", "of/on"), ("opinion", "of/on"),
        ("position", "on"), ("stance", "on"), ("theory", "of/about"),
        ("criticism", "of"), ("critique", "of"), ("call", "for"), ("demand", "for"),
        ("endorsement", "of"), ("praise", "for/of"), ("condemnation", "of"),
        ("denunciation", "of"), ("rejection", "of"), ("defense", "of"), ("defence", "of"),
        ("proposal", "for"), ("recommendation", "of/for"), ("conclusion", ""),
        ("finding", ""), ("estimate", "of"), ("comment", "about/on"), ("remark", "about/on"),
        ("doubt", "about"), ("suspicion", ""), ("insinuation", ""), ("rumor", ""),
        ("rumour", ""), ("message", ""), ("plea", "for"), ("appeal", "for"),
        ("threat", "of"), ("embrace", "of"), ("dismissal", "of"),
        ("characterization", "of"), ("description", "of"), ("portrayal", "of"),
        ("account", "of"), ("insult", ""), ("boast", ""), ("objection", "to"),
        ("advocacy", "of/for"), ("support", "for"), ("opposition", "to"),
    )
}

# nouns for a point of view, as in "in her view, ...", "in the senator's words, ..."
VIEW_NOUNS = _words("view opinion words estimation assessment judgment judgement telling")

# the small words a title leaves in lower case: "Fox and Friends", "State of the Union"
TITLE_WORDS = _words("a an the and or of in on at to for with by from as vs")

# documents that vouch for what their sentence says: "In a new poll, Clinton leads ..."
DOCUMENT_NOUNS = _words("""
poll survey study report analysis average tally estimate projection forecast census
audit review memo
""")

# verbs whose passive attributes without naming a source in subject position: "is
# expected to win", "was accused of lying", "has been criticized as reckless"
# (not the verbs of naming: "the show was called X" names it, nobody says anything)
PASSIVE_CUES = (OBJECT_CUES | SPEECH_VERBS | _words("""
expect think believe consider see view suspect rumor rumour project rate deem fault
find
""")) - _words("call name dub label title term nickname know")
