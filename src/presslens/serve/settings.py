"""What ``presslens serve`` runs with: the database, the limits, the API key."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from presslens.options import Options
from presslens.serve.perspective import MAX_COMMENT_BYTES
from presslens.store.db import DEFAULT_URL

#: Largest request body accepted, in bytes (a page of HTML with a long thread fits).
DEFAULT_MAX_BODY_BYTES = 5_000_000
#: Longest page text ``POST /v1/analyze`` and the paste form take, in characters.
DEFAULT_MAX_TEXT_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """Settings of one app; ``from_env`` reads them for uvicorn's worker processes.

    Attributes:
        db: the database URL (SQLite file or PostgreSQL).
        api_key: when set, writes (storing an analysed page) need it in ``X-API-Key`` or
            ``Authorization: Bearer``; reads and scoring stay open.
        read_only: refuse every write and never change the database (no migrations).
        max_body_bytes: larger request bodies get 413.
        max_text_chars: longer page texts get 413.
        max_comment_bytes: longer comments get 413 from the Perspective endpoint.
        options: analysis options (spaCy model, comment scoring, ...).
    """

    db: str = DEFAULT_URL
    api_key: str | None = None
    read_only: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    max_comment_bytes: int = MAX_COMMENT_BYTES
    options: Options = field(default_factory=Options)

    def to_env(self) -> dict[str, str]:
        """The environment variables ``from_env`` reads these settings back from."""
        env = {
            "PRESSLENS_DB": self.db,
            "PRESSLENS_READ_ONLY": "1" if self.read_only else "0",
            "PRESSLENS_MAX_BODY_BYTES": str(self.max_body_bytes),
            "PRESSLENS_MAX_TEXT_CHARS": str(self.max_text_chars),
        }
        if self.api_key:
            env["PRESSLENS_API_KEY"] = self.api_key
        return env

    @classmethod
    def from_env(cls) -> ServeSettings:
        """Settings from ``PRESSLENS_DB``, ``PRESSLENS_API_KEY``, ``PRESSLENS_READ_ONLY``,
        ``PRESSLENS_MAX_BODY_BYTES`` and ``PRESSLENS_MAX_TEXT_CHARS``."""
        env = os.environ
        return cls(
            db=env.get("PRESSLENS_DB", DEFAULT_URL),
            api_key=env.get("PRESSLENS_API_KEY") or None,
            read_only=env.get("PRESSLENS_READ_ONLY", "0") not in ("", "0", "false", "no"),
            max_body_bytes=int(env.get("PRESSLENS_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)),
            max_text_chars=int(env.get("PRESSLENS_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS)),
        )
