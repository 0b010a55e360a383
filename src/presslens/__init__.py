"""presslens: news pages in, structured evidence out.

>>> import presslens
>>> analysis = presslens.analyze("examples/harbour-vote.txt")
>>> analysis.article.headline
'Council Approves Harbour Bridge Toll Despite Protests'
"""

from presslens.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    FetchError,
    InputError,
    InputTooLargeError,
    ModelNotFoundError,
    OutputError,
    PresslensError,
)
from presslens.model import (
    SCHEMA_ID,
    Analysis,
    Article,
    Comment,
    Entity,
    Person,
    Quote,
    Scores,
    Source,
    Span,
    Speaker,
    Target,
)
from presslens.options import Options
from presslens.pipeline import analyze, analyze_many, analyze_paths

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_ID",
    "Analysis",
    "Article",
    "BinaryInputError",
    "Comment",
    "DecodeError",
    "EmptyInputError",
    "Entity",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "ModelNotFoundError",
    "Options",
    "OutputError",
    "Person",
    "PresslensError",
    "Quote",
    "Scores",
    "Source",
    "Span",
    "Speaker",
    "Target",
    "__version__",
    "analyze",
    "analyze_many",
    "analyze_paths",
]
