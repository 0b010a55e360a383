"""Quote finding and attribution on short original articles, one construction each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import presslens

from ._helpers import one_quote, quotes_of

_quotes = quotes_of
_one = one_quote


ARTICLE = (Path(__file__).parent / "fixtures" / "port-authority.txt").read_text()


@pytest.fixture(scope="module")
def quotes() -> list[presslens.Quote]:
    return _quotes(ARTICLE)


def _find(quotes: list[presslens.Quote], fragment: str) -> presslens.Quote:
    found = [q for q in quotes if fragment in q.content.text]
    assert len(found) == 1, [q.content.text for q in quotes]
    return found[0]


def test_split_direct_quote_around_its_cue(quotes: Any) -> None:
    first = _find(quotes, "twenty years of my life")
    second = _find(quotes, "someone else to carry")
    assert first.kind == second.kind == "direct"
    assert first.speaker.name == second.speaker.name == "Elena Marsh"
    assert first.cue is not None and first.cue.text == "said"
    assert second.cue is None  # it continues the previous quote


def test_indirect_said_that(quotes: Any) -> None:
    quote = _find(quotes, "the resignation was a surprise")
    assert quote.kind == "indirect"
    assert quote.speaker.name == "Victor Hale"
    assert not quote.content.text.startswith("that")


def test_according_to(quotes: Any) -> None:
    quote = _find(quotes, "lost money in each")
    assert quote.speaker.name == "Victor Hale"
    assert quote.cue is not None and quote.cue.text == "According to"


def test_mixed_quote_told_reporters(quotes: Any) -> None:
    quote = _find(quotes, "lost all faith in the management")
    assert quote.kind == "mixed"
    assert quote.speaker.name == "Tom Ogden"
    assert quote.content.text.startswith("members had")


def test_role_noun_speaker_resolves_to_the_person_holding_the_role(quotes: Any) -> None:
    quote = _find(quotes, "Nobody wanted it to end")
    assert quote.speaker.name == "Victor Hale"
    assert quote.speaker.mention is not None and quote.speaker.mention.text == "the chairman"


def test_floating_quote_continues_the_previous_speaker(quotes: Any) -> None:
    quote = _find(quotes, "look for a successor")
    assert quote.cue is None
    assert quote.speaker.name == "Victor Hale"


def test_nicknames_and_scare_quotes_are_not_quotes(quotes: Any) -> None:
    assert not [q for q in quotes if "Iron Pilot" in q.content.text]


def test_quote_passed_on_by_a_medium(quotes: Any) -> None:
    quote = _find(quotes, "accounts would be published")
    assert quote.via == "the Harbour Gazette" or quote.via == "Harbour Gazette"
    assert quote.speaker.person is None
    assert quote.speaker.name == "senior port official"


def test_pronoun_speakers_follow_gender_and_recency() -> None:
    text = (
        "Mayor Anna Kowalski met Governor Brian Tull on Friday.\n\n"
        "Tull said the state would pay half of the cost. "
        "She said that the city could not wait for the state.\n\n"
        '"We need the money this year," he said.'
    )
    she = _one(text, "could not wait")
    he = _one(text, "money this year")
    assert she.speaker.name == "Anna Kowalski"
    assert she.speaker.mention is not None and she.speaker.mention.text == "She"
    assert he.speaker.name == "Brian Tull"


def test_clause_before_cue_and_claims() -> None:
    text = (
        "The new bridge will open in May, transport secretary Ruth Alden said on Tuesday.\n\n"
        "Her opponent Mark Feld claims the budget has doubled since the start."
    )
    assert _one(text, "open in May").speaker.name == "Ruth Alden"
    feld = _one(text, "budget has doubled")
    assert feld.speaker.name == "Mark Feld" and feld.kind == "indirect"


def test_misspelt_according_and_added_that() -> None:
    text = (
        "Engineer Sam Osei inspected the dam.\n\n"
        "According Osei, the concrete is sound. "
        "He added that repairs to the spillway would take a month."
    )
    assert _one(text, "concrete is sound").speaker.name == "Sam Osei"
    assert _one(text, "repairs to the spillway").speaker.name == "Sam Osei"


def test_organisations_speak_under_their_own_name() -> None:
    text = (
        "Talks broke down again on Thursday.\n\n"
        "The Kremlin said that the proposal was unacceptable in its current form."
    )
    quote = _one(text, "proposal was unacceptable")
    assert quote.speaker.person is None
    assert quote.speaker.name == "Kremlin"


def test_unknown_speaker_stays_null() -> None:
    text = (
        "Rain fell all week.\n\n"
        '"This is the wettest spring anyone here can remember," one farmer said.'
    )
    quote = _one(text, "wettest spring")
    assert quote.speaker.person is None and quote.speaker.name is None
    assert quote.speaker.mention is not None


def test_guillemets_and_quote_over_two_paragraphs() -> None:
    text = (
        "The minister, Clara Voss, spoke for an hour.\n\n"
        "«We will not raise taxes this year,» Voss said. «Nor next year.\n\n"
        "«And anyone who says otherwise has not read the budget.»"
    )
    quotes = _quotes(text)
    last = [q for q in quotes if "read the budget" in q.content.text]
    assert len(last) == 1 and "Nor next year" in last[0].content.text
    assert all(q.speaker.name == "Clara Voss" for q in quotes)
