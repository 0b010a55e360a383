"""Word lists for people: honorifics, role nouns, name particles.

Kept as data in one place so that quote attribution (role nouns such as "the diplomat")
and role extraction share them.
"""

from __future__ import annotations

HONORIFICS: frozenset[str] = frozenset(
    "mr mrs ms miss mx dr prof sir dame lord lady rev fr sen rep gov gen col lt sgt capt "
    "adm cmdr supt det insp hon rt".split()
)

#: Nouns that name a role a person holds; the head of a title or an apposition.
ROLE_NOUNS: frozenset[str] = frozenset(
    """
    president vice-president president-elect premier chancellor minister secretary
    secretary-general undersecretary under-secretary prime spokesman spokeswoman spokesperson
    mayor governor senator congressman congresswoman representative lawmaker legislator mp meps
    mep councillor councilor alderman chairman chairwoman chairperson chair director
    chief ceo cfo coo cto executive officer ambassador diplomat envoy consul attache
    general commander colonel lieutenant captain sergeant major admiral marshal commissioner
    judge justice magistrate prosecutor attorney lawyer barrister solicitor counsel
    professor lecturer researcher scientist economist analyst expert historian strategist
    doctor physician surgeon nurse engineer architect manager founder co-founder owner
    editor reporter correspondent journalist columnist commentator presenter anchor
    king queen prince princess emperor sultan emir sheikh monarch
    pope cardinal archbishop bishop rabbi imam priest pastor vicar cleric ayatollah
    adviser advisor aide official officials spokespeople deputy head leader boss
    coach manager player striker captain candidate nominee activist campaigner organiser
    organizer inspector superintendent sheriff constable detective treasurer comptroller
    auditor speaker whip dean principal teacher headteacher headmaster headmistress author
    writer novelist poet artist actor actress singer musician pollster consultant
    partner banker investor trader economist governor-general regulator administrator
    negotiator mediator observer monitor delegate delegation representative-elect
    secretary-of-state foreign-minister
    """.split()
)

#: Particles that may start a surname ("al-Assad", "van Gogh", "bin Salman").
NAME_PARTICLES: frozenset[str] = frozenset(
    "al el ibn bin bint abu van von der de del della di da du la le dos das ter ten".split()
)

#: Suffixes that are not a surname ("Jr", "III").
NAME_SUFFIXES: frozenset[str] = frozenset("jr sr ii iii iv v phd md esq".split())

#: Words that join the parts of a multi-word title ("Secretary of State").
TITLE_CONNECTORS: frozenset[str] = frozenset("of for and the on de".split())
