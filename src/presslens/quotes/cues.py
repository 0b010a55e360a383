"""Word lists for quotes: verbs of saying and writing, media verbs, source nouns.

Belief and knowledge verbs ("think", "believe", "know", "a poll shows") are left out on
purpose: presslens reports what people said or wrote, not what they are said to think.
"""

from __future__ import annotations

#: Lemmas of verbs that introduce speech or writing.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add note claim ask state explain insist warn argue declare announce write
    report reply respond answer continue acknowledge admit stress emphasize emphasise
    confirm deny predict promise mention remark comment observe recall tweet post testify
    assert maintain contend complain concede conclude allege urge vow pledge boast joke quip
    shout scream yell whisper exclaim caution counter retort reiterate repeat agree estimate
    reveal disclose inform assure proclaim charge accuse point suggest describe quote cite
    speak announce told recount complain lament question wonder tell declare
    """.split()
)

#: Verbs of saying only next to a quotation ("...," he continued): with a clause they
#: rarely report words ("she continued to renew it").
ADJACENT_ONLY_VERBS: frozenset[str] = frozenset({"continue"})

#: Participles that close a reported clause with more of the speaker's framing
#: ("..., adding that ...", "..., referring to the plan"): not part of that clause.
FRAMING_VERBS: frozenset[str] = SPEECH_VERBS | frozenset({"refer", "call"})

#: Nouns of saying that report a clause: "his claim that ...", "her pledge to ...".
SPEECH_NOUNS: frozenset[str] = frozenset(
    """claim insistence assertion promise pledge vow warning accusation allegation
    argument denial suggestion statement announcement threat""".split()
)

#: Verbs of saying that report a promise with an infinitive: "vowed to block the bill".
PROMISE_VERBS: frozenset[str] = frozenset({"vow", "pledge", "promise"})

#: Verbs of saying that report a request to someone: "urged Congress to act".
REQUEST_VERBS: frozenset[str] = frozenset({"urge", "ask", "tell", "warn"})

#: Verbs that name something in someone's words: "called the plan “a disgrace”". They
#: make a quote only when the name is a quotation.
NAMING_VERBS: frozenset[str] = frozenset({"call", "label", "dub", "brand", "term", "describe"})

#: Verbs by which a medium passes on someone's words ("TASS quoted a source").
MEDIUM_VERBS: frozenset[str] = frozenset({"quote", "cite"})

#: Nouns that stand for the words themselves ("quoted the words of a source").
WORD_NOUNS: frozenset[str] = frozenset(
    {"word", "statement", "remark", "comment", "words", "statements", "remarks", "comments"}
)

#: Heads of noun phrases that name an unnamed source ("a senior official", "sources").
SOURCE_NOUNS: frozenset[str] = frozenset(
    {"source", "insider", "official", "person", "people", "witness", "aide", "resident"}
)

PRONOUNS_MALE: frozenset[str] = frozenset({"he", "him", "his", "himself"})
PRONOUNS_FEMALE: frozenset[str] = frozenset({"she", "her", "hers", "herself"})
PRONOUNS_PLURAL: frozenset[str] = frozenset({"they", "them", "their", "themselves"})
PRONOUNS_SPEAKER: frozenset[str] = PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL

#: Role nouns that imply a gender.
FEMALE_ROLES: frozenset[str] = frozenset(
    """spokeswoman chairwoman congresswoman businesswoman actress queen princess duchess
    countess empress headmistress councilwoman policewoman sportswoman mother wife daughter
    sister grandmother aunt""".split()
)
MALE_ROLES: frozenset[str] = frozenset(
    """spokesman chairman congressman businessman actor king prince duke count emperor
    headmaster councilman policeman sportsman father husband son brother grandfather
    uncle""".split()
)
FEMALE_HONORIFICS: frozenset[str] = frozenset({"mrs", "ms", "miss", "madam", "dame", "lady"})
MALE_HONORIFICS: frozenset[str] = frozenset({"mr", "sir", "lord"})

#: A general role noun and the more specific roles it may stand for ("the diplomat" may be
#: the Secretary of State).
ROLE_HYPERNYMS: dict[str, tuple[str, ...]] = {
    "diplomat": ("secretary of state", "foreign minister", "ambassador", "envoy", "consul"),
    "politician": (
        "president",
        "minister",
        "senator",
        "mayor",
        "governor",
        "councillor",
        "councilor",
        "mp",
        "congressman",
        "congresswoman",
        "lawmaker",
        "chancellor",
        "premier",
    ),
    "lawmaker": ("senator", "congressman", "congresswoman", "mp", "representative"),
    "official": (
        "minister",
        "secretary",
        "director",
        "commissioner",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "officer",
        "chief",
    ),
    "leader": ("president", "prime minister", "chancellor", "premier", "chief", "head"),
    "minister": ("minister", "secretary"),
    "spokeswoman": ("spokeswoman", "spokesperson"),
    "spokesman": ("spokesman", "spokesperson"),
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson"),
}
