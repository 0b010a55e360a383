from __future__ import annotations

from typing import Any

from presslens.people import ParsedPart, find_people_and_entities
from presslens.people.names import name_key, trim_name

ARTICLE = (
    "Harbour Authority Chief Executive Maria Lindqvist said the port would reopen. "
    "Lindqvist spoke after Trade Minister Paul Osei visited the docks on Monday. "
    "Ms Lindqvist added that Osei had promised funds. "
    "The union's lawyer, Tomas Reyes, disagreed. "
    "Minister Osei did not reply, and Reyes said the Harbour Authority had lied."
)


def _people(nlp: Any, text: str, comments: tuple[str, ...] = ()) -> tuple[Any, ...]:
    page = text + "".join("\n\n" + c for c in comments)
    parts = [ParsedPart(nlp(text), 0)]
    offset = len(text)
    for comment in comments:
        offset += 2
        parts.append(ParsedPart(nlp(comment), offset, in_comment=True))
        offset += len(comment)
    people, entities = find_people_and_entities(page, parts)
    for person in people:
        for mention in person.mentions:
            assert page[mention.start : mention.end] == mention.text
    return people, entities


def test_one_cluster_per_person_with_short_forms_and_titles(nlp: Any) -> None:
    people, _ = _people(nlp, ARTICLE)
    by_name = {p.name: p for p in people}
    assert {"Maria Lindqvist", "Paul Osei", "Tomas Reyes"} <= set(by_name)
    assert len([p for p in people if "Lindqvist" in p.name]) == 1
    assert {m.text for m in by_name["Maria Lindqvist"].mentions} >= {"Maria Lindqvist", "Lindqvist"}
    assert len(by_name["Paul Osei"].mentions) >= 3
    assert [p.id for p in people] == [f"p{i}" for i in range(1, len(people) + 1)]


def test_roles_from_titles_and_appositions(nlp: Any) -> None:
    people, _ = _people(nlp, ARTICLE)
    by_name = {p.name: p for p in people}
    assert "Trade Minister" in by_name["Paul Osei"].roles
    assert any("lawyer" in role for role in by_name["Tomas Reyes"].roles)
    assert any("Chief Executive" in role for role in by_name["Maria Lindqvist"].roles)


def test_comment_names_link_to_article_people_and_new_full_names_are_added(nlp: Any) -> None:
    comments = (
        "Osei is all talk, as usual.",
        "Compare him with Grace Mbeki, who actually built something.",
        "Nobody asked Kim.",
    )
    people, _ = _people(nlp, ARTICLE, comments)
    by_name = {p.name: p for p in people}
    osei = by_name["Paul Osei"]
    assert any(m.start > len(ARTICLE) for m in osei.mentions)
    assert "Grace Mbeki" in by_name
    assert by_name["Grace Mbeki"].roles == ()
    # a lone unknown first name in a comment is too weak to make a person of
    assert "Kim" not in by_name


def test_entities_are_grouped_and_typed_and_exclude_people(nlp: Any) -> None:
    _, entities = _people(nlp, ARTICLE)
    names = {e.name: e for e in entities}
    authority = [e for e in entities if "Harbour Authority" in e.name]
    assert authority and authority[0].type == "organization"
    assert "Osei" not in names and "Lindqvist" not in names


def test_trim_name_cuts_titles_and_possessives() -> None:
    text = "Secretary Kerry’s"
    start, end = trim_name(text, 10) or (0, 0)
    assert (start - 10, end - 10) == (10, 15)
    assert trim_name("Mr.", 0) is None


def test_name_key_surname_variants() -> None:
    assert name_key("Bashar al-Assad").surnames == {"al-assad", "assad"}
    assert name_key("Martin Luther King Jr.").surnames == {"king"}
    assert name_key("Ludwig van Beethoven").surnames >= {"beethoven", "van beethoven"}
