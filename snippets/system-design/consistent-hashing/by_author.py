# 对比两种取“某人最新的帖子”的方式：按 post_id 分片时要问遍所有分片，加一张按 author_id 分区的表只问一个
"""Who wrote what, when the posts are sharded by post_id.

``PostStore`` keeps every post on the shard its post_id hashes to. The newest posts of one author
can then be on any shard, so the query is a scatter-gather: every shard is asked, and the answer
waits for the slowest one. ``AuthorIndex`` adds a second table partitioned by author_id, newest
first, so the same query is one request to one shard. Both give the same answer.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from itertools import islice

from ring import HashRing


# [start stores]
class PostStore:
    """posts, partitioned by post_id: a read by author must ask every shard."""

    def __init__(self, shards: list[str]):
        self.ring, self.requests = HashRing(shards), 0
        self.rows: dict[str, list[tuple[int, str, str]]] = defaultdict(list)  # shard -> (time, post_id, author)

    def add(self, post_id: str, author: str, created: int) -> None:
        self.rows[self.ring.node_for(post_id)].append((created, post_id, author))

    def latest_by(self, author: str, limit: int) -> list[str]:
        per_shard = []
        for shard in sorted(self.ring.nodes):  # scatter: one request per shard, whether it has his posts or not
            self.requests += 1
            mine = sorted((row for row in self.rows[shard] if row[2] == author), reverse=True)
            per_shard.append(mine[:limit])
        newest = heapq.merge(*per_shard, reverse=True)  # gather: merge the partial answers
        return [post_id for _, post_id, _ in islice(newest, limit)]


class AuthorIndex:
    """posts_by_author, partitioned by author_id, newest first: one request to one shard."""

    def __init__(self, shards: list[str]):
        self.ring, self.requests = HashRing(shards), 0
        self.rows: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))

    def add(self, post_id: str, author: str, created: int) -> None:
        partition = self.rows[self.ring.node_for(author)][author]
        partition.append((created, post_id))
        partition.sort(reverse=True)  # a wide-column store keeps the clustering order on disk

    def latest_by(self, author: str, limit: int) -> list[str]:
        self.requests += 1
        return [post_id for _, post_id in self.rows[self.ring.node_for(author)][author][:limit]]


# [end stores]


def main() -> None:
    posts = [(f"post:{i}", f"user:{i % 200}", i) for i in range(10_000)]  # 200 authors, 50 posts each
    for shards in (8, 64):
        names = [f"shard-{i}" for i in range(1, shards + 1)]
        for store in (PostStore(names), AuthorIndex(names)):
            for post in posts:
                store.add(*post)
            newest = store.latest_by("user:42", 3)
            print(f"{shards} 个分片，{type(store).__name__}：取 user:42 最新 3 帖，请求 {store.requests} 次 → {newest}")


if __name__ == "__main__":
    main()
