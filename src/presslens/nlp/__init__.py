"""spaCy loading (cached) and the pipeline pieces presslens adds to a Doc."""

from presslens.nlp.loader import load_nlp

__all__ = ["load_nlp"]
