"""Quote constructions beyond the basic ones, each on a short original text.

One test per construction the finder knows (or knowingly passes over); the texts are
written for these tests, not taken from any corpus.
"""

from __future__ import annotations

from ._helpers import one_quote, quotes_of

_quotes = quotes_of
_one = one_quote


def _none(text: str, fragment: str) -> None:
    assert not [q for q in _quotes(text) if fragment in q.content.text]


# --------------------------------------------------------------------------- marks


def test_doubled_apostrophes_quote_like_double_marks() -> None:
    text = (
        "Mayor Anna Kowalski spoke after the vote.\n\n"
        "''We are out of money,'' Ms. Kowalski said. ''The ferry stops in May.''"
    )
    first = _one(text, "out of money")
    second = _one(text, "ferry stops")
    assert first.kind == second.kind == "direct"
    assert first.content.text == "We are out of money,"
    assert first.speaker.name == second.speaker.name == "Anna Kowalski"


# --------------------------------------------------------------------------- clauses


def test_reporter_words_before_a_quotation_make_a_mixed_quote() -> None:
    text = (
        "Council member Rosa Ortega spoke on Monday.\n\n"
        "Ortega said the council had “no intention of backing down.”"
    )
    quote = _one(text, "backing down")
    assert quote.kind == "mixed"
    assert quote.content.text == "the council had “no intention of backing down.”"
    assert quote.speaker.name == "Rosa Ortega"


def test_clause_opening_with_its_quotation_stays_direct() -> None:
    text = (
        "Engineer Sam Osei inspected the dam.\n\n"
        "Osei added that “every delay costs us a season” in the valley."
    )
    quote = _one(text, "every delay")
    assert quote.kind == "direct"
    assert quote.content.text == "every delay costs us a season"


def test_according_to_after_the_clause_is_left_out() -> None:
    text = (
        "Auditor Nina Brandt published her report.\n\n"
        "Ticket sales fell, costs rose and the reserve shrank, according to Brandt."
    )
    quote = _one(text, "reserve shrank")
    assert quote.content.text == "Ticket sales fell, costs rose and the reserve shrank"
    assert quote.speaker.name == "Nina Brandt"


def test_trailing_participle_of_saying_is_a_quote_of_its_own() -> None:
    text = (
        "Transit chief Dora Quist met reporters.\n\n"
        "Quist said the tunnel would close in June, adding that buses would replace the trains."
    )
    first = _one(text, "tunnel would close")
    second = _one(text, "buses would replace")
    assert first.content.text == "the tunnel would close in June"
    assert second.content.text == "buses would replace the trains"
    assert first.speaker.name == second.speaker.name == "Dora Quist"


def test_cue_set_into_the_clause_it_reports() -> None:
    text = (
        "Engineer Sam Osei toured the site.\n\n"
        "The new terminal, Osei said, will open early next spring."
    )
    quote = _one(text, "new terminal")
    assert quote.content.text.endswith("will open early next spring")
    assert quote.speaker.name == "Sam Osei"


def test_clause_of_a_relative_clause_keeps_to_its_side_of_the_verb() -> None:
    text = (
        "Harbour master Victor Hale spoke.\n\n"
        "The council approved a plan that Hale said would cut fares."
    )
    quote = _one(text, "cut fares")
    assert quote.content.text == "would cut fares"
    assert quote.speaker.name == "Victor Hale"


def test_as_someone_put_it() -> None:
    text = "As the historian Mara Lind put it, the town was built by its ferries."
    quote = _one(text, "built by its ferries")
    assert quote.content.text == "the town was built by its ferries"
    assert quote.speaker.name == "Mara Lind"


def test_promises_and_requests_with_an_infinitive() -> None:
    text = (
        "Mayor Anna Kowalski and Governor Brian Tull met on Monday.\n\n"
        "Kowalski vowed to reopen the library by spring. "
        "Governor Brian Tull urged the council to delay the vote."
    )
    vow = _one(text, "reopen the library")
    assert vow.content.text == "to reopen the library by spring"
    assert vow.speaker.name == "Anna Kowalski"
    urge = _one(text, "delay the vote")
    assert urge.content.text == "the council to delay the vote"
    assert urge.speaker.name == "Brian Tull"


def test_being_asked_to_do_something_is_no_quote_of_the_one_asked() -> None:
    _none("Engineer Sam Osei was asked to comment on the report.", "comment")


def test_name_given_in_quotation_marks() -> None:
    text = (
        "Governor Brian Tull and Mayor Anna Kowalski spoke on Monday.\n\n"
        "Tull called the proposal “a gift to developers.” "
        "Kowalski described the cuts as “reckless and cruel.”"
    )
    called = _one(text, "gift to developers")
    assert called.kind == "mixed"
    assert called.content.text == "the proposal “a gift to developers.”"
    assert called.speaker.name == "Brian Tull"
    described = _one(text, "reckless")
    assert described.content.text == "the cuts as “reckless and cruel.”"
    assert described.speaker.name == "Anna Kowalski"


def test_calling_without_quotation_marks_is_no_quote() -> None:
    assert not _quotes("Governor Brian Tull called the meeting to order at noon.")


def test_noun_of_saying_with_its_owner() -> None:
    text = (
        "Harbour master Victor Hale spoke.\n\n"
        "Hale's claim that the ferry made a profit was disputed. "
        "The claim that the ferry made a loss was not."
    )
    quote = _one(text, "made a profit")
    assert quote.content.text == "the ferry made a profit"
    assert quote.speaker.name == "Victor Hale"
    _none(text, "made a loss")  # nobody owns that claim


def test_quoted_as_saying_in_the_passive() -> None:
    text = (
        "Engineer Sam Osei visited the dam.\n\n"
        "Osei was quoted by the Harbour Gazette as saying that the dam was sound."
    )
    quote = _one(text, "dam was sound")
    assert quote.speaker.name == "Sam Osei"
    assert quote.via is not None and "Harbour Gazette" in quote.via


# --------------------------------------------------------------------------- speakers


def test_participle_takes_the_subject_of_its_verb() -> None:
    text = "Governor Brian Tull defended the budget, arguing that the state could not borrow more."
    quote = _one(text, "could not borrow")
    assert quote.speaker.name == "Brian Tull"


def test_coordinated_verb_of_saying_shares_the_subject() -> None:
    text = "Senator Mara Lind survived two recounts and says the system works well."
    assert _one(text, "system works").speaker.name == "Mara Lind"


# --------------------------------------------------------------------------- labels, colons


def test_name_and_colon_opening_a_headline() -> None:
    text = "Osei: We Will Finish The Dam Before Winter.\n\nEngineer Sam Osei spoke on Monday."
    quote = _one(text, "Finish The Dam")
    assert quote.speaker.name == "Sam Osei"


def test_transcript_lines() -> None:
    text = (
        "Host Dana Reyes interviewed Governor Brian Tull.\n\n"
        "REYES: Will the bridge open this year?\n\n"
        "TULL: It will open in October, and not a day later."
    )
    assert _one(text, "bridge open").speaker.name == "Dana Reyes"
    assert _one(text, "open in October").speaker.name == "Brian Tull"


def test_a_label_that_names_nobody_is_no_speaker() -> None:
    text = "Governor Brian Tull spoke.\n\nUPDATE: The vote has moved to Friday afternoon."
    _none(text, "vote has moved")


def test_colon_at_the_end_of_the_paragraph_before_the_quotation() -> None:
    text = (
        "Mayor Anna Kowalski took the microphone again. She went on to say:\n\n"
        "“We will not close a single library this year.”"
    )
    quote = _one(text, "single library")
    assert quote.cue is not None and quote.cue.text == "say"
    assert quote.speaker.name == "Anna Kowalski"


def test_cue_after_a_quotation_does_not_reach_past_the_end_of_its_line() -> None:
    text = (
        "Harbour master Victor Hale and engineer Sam Osei spoke.\n\n"
        '"We rebuilt the pier in a month," Hale said. "Nobody thought we could."\n'
        "Neither Hale nor Osei mentioned the cost."
    )
    quote = _one(text, "Nobody thought")
    assert quote.cue is None  # it continues Hale's quote; "mentioned" is the next line's
    assert quote.speaker.name == "Victor Hale"


# --------------------------------------------------------------------------- passed over


def test_negated_or_declined_saying_is_no_quote() -> None:
    text = (
        "Harbour master Victor Hale did not say whether the ferry would run. "
        "Governor Brian Tull declined to say when the vote would be held."
    )
    assert not _quotes(text)


def test_impersonal_frames_are_no_quotes() -> None:
    text = (
        "Engineer Sam Osei inspected the bridge.\n\n"
        "That said, the bridge is safe for now. It should be noted that the pier is new."
    )
    assert not _quotes(text)


def test_quoted_title_before_a_cue_is_no_quote() -> None:
    text = (
        "Mayor Anna Kowalski spoke on the radio.\n\n"
        "Speaking on the show “Harbour Hour,” Kowalski said the ferry would keep running."
    )
    _none(text, "Harbour Hour")
    assert _one(text, "ferry would keep running").speaker.name == "Anna Kowalski"


def test_participle_after_a_scare_quote_reports_its_own_clause() -> None:
    text = (
        "Governor Brian Tull spoke.\n\n"
        "Tull blamed a “faulty microphone,” claiming he never heard the question."
    )
    _none(text, "faulty microphone")
    assert _one(text, "never heard").speaker.name == "Brian Tull"
