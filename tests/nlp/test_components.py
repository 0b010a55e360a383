from __future__ import annotations

import pytest

from presslens.nlp import load_nlp

TEXT = (
    "Fire chief Dana Whitlock inspected the warehouse on Sunday.\n\n"
    '"The sprinklers had been switched off for months," Whitlock said.'
)


@pytest.fixture(scope="module")
def own_pipeline() -> object:
    # a pipeline of the user's own, not the cached one presslens uses
    nlp = load_nlp.__wrapped__()
    nlp.add_pipe("presslens_people_v1")
    nlp.add_pipe("presslens_quotes_v1", config={"min_confidence": 0.5})
    return nlp


def test_components_work_by_name_in_a_users_pipeline(own_pipeline: object) -> None:
    doc = own_pipeline(TEXT)  # type: ignore[operator]
    people = {p.name: p for p in doc._.presslens_people}
    assert "Fire chief" in people["Dana Whitlock"].roles
    (quote,) = doc._.presslens_quotes
    assert quote.speaker.name == "Dana Whitlock"
    assert doc.text[quote.content.start : quote.content.end] == quote.content.text


def test_quotes_component_alone_finds_people_itself() -> None:
    nlp = load_nlp.__wrapped__()
    nlp.add_pipe("presslens_quotes_v1")
    doc = nlp(TEXT)
    assert [q.speaker.name for q in doc._.presslens_quotes] == ["Dana Whitlock"]
    assert nlp.get_pipe_meta("presslens_quotes_v1").assigns == ["doc._.presslens_quotes"]
