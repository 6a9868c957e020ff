# 旁路缓存（cache-aside）：读时先查缓存、未命中再查库并回填；写时先写库、再删缓存
"""Cache-aside for posts, over a TTL cache bounded by LRU eviction (cachetools.TTLCache).

The cache is never the source of truth: a read that misses goes to the database and fills
the cache; a write goes to the database and then deletes the cached copy, so the next read
fetches the new version. Entries also expire after ``ttl`` seconds, which bounds how long a
copy missed by an invalidation can live. ``timer`` is injectable so tests need no sleeps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from cachetools import TTLCache


class PostStore(Protocol):
    def get(self, post_id: str) -> dict | None: ...
    def put(self, post_id: str, post: dict) -> None: ...


# [start cache]
class PostCache:
    def __init__(self, db: PostStore, maxsize: int, ttl: float, timer: Callable[[], float] = time.monotonic):
        self.db = db
        self.cache = TTLCache(maxsize=maxsize, ttl=ttl, timer=timer)  # LRU order when full, TTL expiry
        self.hits = self.misses = 0

    def get(self, post_id: str) -> dict | None:
        post = self.cache.get(post_id)  # an expired entry reads as absent
        if post is not None:
            self.hits += 1
            return post
        self.misses += 1
        post = self.db.get(post_id)
        if post is not None:  # a missing post is not cached: it may be created a moment later
            self.cache[post_id] = post
        return post

    def update(self, post_id: str, post: dict) -> None:
        self.db.put(post_id, post)  # 1. the database first: it is the source of truth
        self.cache.pop(post_id, None)  # 2. then drop the copy; the next read refills it


# [end cache]
