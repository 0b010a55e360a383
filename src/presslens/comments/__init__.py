"""Reader comments: toxicity scores, the words behind them, and batch scoring of comment files."""

from presslens.comments.scoring import score_records
from presslens.comments.toxicity import (
    ToxicityModel,
    ToxicityModelError,
    load_toxicity_model,
)
from presslens.model import WeightedSpan

__all__ = [
    "ToxicityModel",
    "ToxicityModelError",
    "WeightedSpan",
    "load_toxicity_model",
    "score_records",
]
