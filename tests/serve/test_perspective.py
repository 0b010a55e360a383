"""The Perspective-compatible endpoint answers as Perspective does, with presslens' scores."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from presslens.comments.toxicity import load_toxicity_model
from presslens.model import SCORE_ATTRIBUTES
from presslens.serve.perspective import MAX_COMMENT_BYTES, sentence_spans

URL = "/v1alpha1/comments:analyze"
ALL = {name.upper(): {} for name in SCORE_ATTRIBUTES}


def post(client: TestClient, body: Any, **query: str) -> Any:
    return client.post(URL, json=body, params=query)


def test_the_request_coral_talk_sends(client: TestClient) -> None:
    # Coral Talk's services/perspective: comment.text, doNotStore, one model, languages,
    # the API key as ?key= (not needed here: scoring is not a write).
    text = "You are a pathetic idiot and everyone here knows it."
    body = {
        "comment": {"text": text},
        "doNotStore": True,
        "requestedAttributes": {"TOXICITY": {}},
        "languages": ["en"],
    }
    response = post(client, body, key="coral-key")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"attributeScores", "languages"}
    assert data["languages"] == ["en"]
    assert set(data["attributeScores"]) == {"TOXICITY"}
    summary = data["attributeScores"]["TOXICITY"]["summaryScore"]
    assert summary["type"] == "PROBABILITY"
    own = load_toxicity_model().score([text])[0].toxicity
    assert summary["value"] == pytest.approx(own, abs=1e-6)
    assert summary["value"] > 0.8


def test_all_six_attributes_match_the_scorer(client: TestClient) -> None:
    texts = ["Thanks for the thoughtful reporting.", "I will find you and hurt you, scum."]
    for text in texts:
        data = post(client, {"comment": {"text": text}, "requestedAttributes": ALL}).json()
        own = load_toxicity_model().score([text])[0].as_dict()
        assert set(data["attributeScores"]) == set(ALL)
        for name in SCORE_ATTRIBUTES:
            value = data["attributeScores"][name.upper()]["summaryScore"]["value"]
            assert value == pytest.approx(own[name], abs=1e-6)
    calm, threat = (
        post(client, {"comment": {"text": t}, "requestedAttributes": ALL}).json() for t in texts
    )
    assert (
        threat["attributeScores"]["THREAT"]["summaryScore"]["value"]
        > calm["attributeScores"]["THREAT"]["summaryScore"]["value"]
    )


def test_span_scores_per_sentence(client: TestClient) -> None:
    text = "The budget vote was close.  You are a moron!\nSee you at the meeting."
    body = {
        "comment": {"text": text},
        "requestedAttributes": {"TOXICITY": {}},
        "spanAnnotations": True,
        "clientToken": "req-7",
    }
    data = post(client, body).json()
    assert data["clientToken"] == "req-7"
    spans = data["attributeScores"]["TOXICITY"]["spanScores"]
    assert [text[s["begin"] : s["end"]] for s in spans] == [
        "The budget vote was close.",
        "You are a moron!",
        "See you at the meeting.",
    ]
    values = [s["score"]["value"] for s in spans]
    assert values[1] == max(values) and values[1] > 0.5 > values[0]
    assert sentence_spans("no end mark") == [(0, 11)]


def test_threshold_leaves_low_scores_out(client: TestClient) -> None:
    body = {
        "comment": {"text": "What a lovely park."},
        "requestedAttributes": {"TOXICITY": {"scoreThreshold": 0.9}, "INSULT": {}},
    }
    data = post(client, body).json()
    assert set(data["attributeScores"]) == {"INSULT"}


def test_html_comments_are_read_as_text(client: TestClient) -> None:
    body = {
        "comment": {"text": "<p>You <b>idiot</b>.</p>", "type": "HTML"},
        "requestedAttributes": {"INSULT": {}},
        "spanAnnotations": True,
    }
    data = post(client, body).json()
    span = data["attributeScores"]["INSULT"]["spanScores"][0]
    assert (span["begin"], span["end"]) == (0, 10)  # "You idiot."
    own = load_toxicity_model().score(["You idiot."])[0].insult
    assert data["attributeScores"]["INSULT"]["summaryScore"]["value"] == pytest.approx(
        own, abs=1e-6
    )


@pytest.mark.parametrize(
    ("body", "status", "error_type"),
    [
        (
            {"comment": {"text": "hi"}, "requestedAttributes": {"SPAM": {}}},
            400,
            "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
        ),
        (
            {
                "comment": {"text": "hola"},
                "requestedAttributes": {"TOXICITY": {}},
                "languages": ["es"],
            },
            400,
            "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
        ),
        (
            {"comment": {"text": "   "}, "requestedAttributes": {"TOXICITY": {}}},
            400,
            "COMMENT_EMPTY",
        ),
        ({"comment": {}, "requestedAttributes": {"TOXICITY": {}}}, 400, "COMMENT_EMPTY"),
        ({"comment": {"text": "hi"}}, 400, "INVALID_REQUEST"),
        (
            {
                "comment": {"text": "hi"},
                "requestedAttributes": {"TOXICITY": {"scoreType": "STD_DEV_SCORE"}},
            },
            400,
            "INVALID_REQUEST",
        ),
        (
            {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": 2}}},
            400,
            "INVALID_REQUEST",
        ),
        (
            {
                "comment": {"text": "x" * (MAX_COMMENT_BYTES + 1)},
                "requestedAttributes": {"TOXICITY": {}},
            },
            413,
            "COMMENT_TOO_LONG",
        ),
        (["not", "an", "object"], 400, "INVALID_REQUEST"),
    ],
)
def test_refusals_in_perspective_format(
    client: TestClient, body: Any, status: int, error_type: str
) -> None:
    response = post(client, body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == status
    assert error["status"] == "INVALID_ARGUMENT"
    assert error["message"]
    assert error["details"][0]["errorType"] == error_type


def test_invalid_json_and_dropped_attributes(client: TestClient) -> None:
    response = client.post(URL, content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "Invalid JSON" in response.json()["error"]["message"]
    body = {
        "comment": {"text": "You fool."},
        "requestedAttributes": {"TOXICITY": {}, "FLIRTATION": {}},
        "dropUnsupportedAttributes": True,
        "languages": ["en-US"],
    }
    data = post(client, body).json()
    assert set(data["attributeScores"]) == {"TOXICITY"}
    assert data["languages"] == ["en-US"]


def test_suggest_score_is_accepted_and_discarded(client: TestClient) -> None:
    body = {
        "comment": {"text": "fine"},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0}}},
        "clientToken": "comment:42",
    }
    response = client.post("/v1alpha1/comments:suggestscore", json=body)
    assert response.status_code == 200
    assert response.json() == {"clientToken": "comment:42"}
