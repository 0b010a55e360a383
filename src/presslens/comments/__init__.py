"""Reader comments: toxicity scores, the words behind them, and batch scoring of comment files."""

from presslens.comments.scoring import score_records
from presslens.comments.toxicity import (
    ToxicityModel,
    ToxicityModelError,
    WeightedSpan,
    load_toxicity_model,
)

__all__ = [
    "ToxicityModel",
    "ToxicityModelError",
    "WeightedSpan",
    "load_toxicity_model",
    "score_records",
]
