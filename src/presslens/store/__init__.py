"""The presslens database: pages, people, quotes, comments and targets, searchable."""

from presslens.store.db import (
    DEFAULT_URL,
    CommenterRow,
    PersonRow,
    SearchHit,
    Store,
    StoreError,
    content_hash,
)

__all__ = [
    "DEFAULT_URL",
    "CommenterRow",
    "PersonRow",
    "SearchHit",
    "Store",
    "StoreError",
    "content_hash",
]
