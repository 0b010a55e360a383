"""Campaigns: the same or nearly the same comment posted under several pages or names.

Each comment of at least ``min_words`` words becomes a MinHash of its word 3-gram
shingles (datasketch); a MinHash LSH index finds pairs whose estimated Jaccard
similarity passes ``threshold``, and connected pairs form one campaign. Campaigns are
ranked by spread: distinct pages, then distinct authors, then comments.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from presslens.store.db import Store

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Campaign:
    """A group of near-identical comments."""

    text: str  # one of the comments, as an example
    comments: int
    pages: int
    authors: tuple[str, ...]
    page_ids: tuple[int, ...]

    @property
    def spread(self) -> tuple[int, int, int]:
        return (self.pages, len(self.authors), self.comments)


def _shingles(text: str, size: int = 3) -> set[bytes]:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


class _Groups:
    """Union-find over comment ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def find_campaigns(
    store: Store,
    *,
    threshold: float = 0.8,
    min_words: int = 6,
    min_pages: int = 2,
    num_perm: int = 64,
    limit: int = 20,
) -> list[Campaign]:
    """Groups of near-duplicate comments spread over at least ``min_pages`` pages or
    posted under several names, most spread first."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    groups = _Groups()
    info: dict[int, tuple[int, str | None, str]] = {}
    for row in store.iter_table("comments"):
        shingles = _shingles(row["text"])
        if len(_WORD.findall(row["text"])) < min_words:
            continue
        minhash = MinHash(num_perm=num_perm, seed=1)
        minhash.update_batch(list(shingles))
        comment_id = int(row["id"])
        for other in lsh.query(minhash):
            groups.union(comment_id, int(other))
        lsh.insert(comment_id, minhash)
        info[comment_id] = (int(row["page_id"]), row["author"], row["text"])
    members: dict[int, list[int]] = defaultdict(list)
    for comment_id in info:
        members[groups.find(comment_id)].append(comment_id)
    campaigns = []
    for ids in members.values():
        if len(ids) < 2:
            continue
        pages = sorted({info[i][0] for i in ids})
        authors = tuple(sorted({info[i][1] or "anonymous" for i in ids}))
        if len(pages) < min_pages and len(authors) < 2:
            continue
        campaigns.append(Campaign(info[min(ids)][2], len(ids), len(pages), authors, tuple(pages)))
    campaigns.sort(key=lambda c: c.spread, reverse=True)
    return campaigns[:limit]


def campaign_dict(campaign: Campaign) -> dict[str, Any]:
    """A campaign as plain JSON-ready values."""
    return {
        "text": campaign.text,
        "comments": campaign.comments,
        "pages": campaign.pages,
        "authors": list(campaign.authors),
        "page_ids": list(campaign.page_ids),
    }
