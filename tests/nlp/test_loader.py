from __future__ import annotations

import pytest

from presslens.errors import ModelNotFoundError
from presslens.nlp import load_nlp


def test_loader_is_cached(nlp: object) -> None:
    assert load_nlp() is nlp
    assert {"parser", "ner"} <= set(load_nlp().pipe_names)


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelNotFoundError, match="pip install"):
        load_nlp("no_such_spacy_model_package")
