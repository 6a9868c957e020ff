# 对比 feed 的两种扇出：写时推送到每个粉丝的时间线（fan-out on write）与读时从关注的人那里拉取（fan-out on read）
"""Two ways to build a home feed, with the work each one does counted.

Push (fan-out on write): a new post is appended to the timeline of every follower; reading
is one lookup. Pull (fan-out on read): a post is stored once under its author; reading merges
the newest posts of everyone the reader follows. Both return the same feed.
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from itertools import islice


class Network:
    def __init__(self):
        self.followers: dict[str, set[str]] = defaultdict(set)
        self.following: dict[str, set[str]] = defaultdict(set)

    def follow(self, user: str, author: str) -> None:
        if user == author:
            raise ValueError(f"{user} cannot follow themselves")
        self.followers[author].add(user)
        self.following[user].add(author)


# [start push]
class PushFeed:
    """Fan-out on write: one timeline write per follower; a read touches one timeline."""

    def __init__(self, network: Network, keep: int = 800):
        self.network, self.writes, self.reads = network, 0, 0
        self.timelines: dict[str, deque] = defaultdict(lambda: deque(maxlen=keep))  # newest on the left

    def post(self, author: str, timestamp: int, post_id: str) -> None:
        for follower in self.network.followers[author]:
            self.timelines[follower].appendleft((timestamp, post_id))
            self.writes += 1

    def feed(self, user: str, limit: int) -> list[str]:
        self.reads += 1
        return [post_id for _, post_id in islice(self.timelines[user], limit)]


# [end push]


# [start pull]
class PullFeed:
    """Fan-out on read: one write per post; a read merges the lists of everyone followed."""

    def __init__(self, network: Network):
        self.network, self.writes, self.reads = network, 0, 0
        self.by_author: dict[str, list] = defaultdict(list)  # newest first

    def post(self, author: str, timestamp: int, post_id: str) -> None:
        self.by_author[author].insert(0, (timestamp, post_id))
        self.writes += 1

    def feed(self, user: str, limit: int) -> list[str]:
        authors = sorted(self.network.following[user])
        self.reads += len(authors)
        newest = heapq.merge(*(self.by_author[a] for a in authors), reverse=True)
        return [post_id for _, post_id in islice(newest, limit)]


# [end pull]


def main() -> None:
    network = Network()
    for i in range(10_000):
        network.follow(f"fan-{i}", "star")  # a celebrity with many followers
    for i in range(300):
        network.follow("reader", f"friend-{i}")  # an ordinary reader who follows many accounts
    network.follow("reader", "star")
    for feed in (PushFeed(network), PullFeed(network)):
        feed.post("star", 1, "star-post")
        star_writes = feed.writes
        for i in range(300):
            feed.post(f"friend-{i}", 2 + i, f"friend-{i}-post")
        before = feed.reads
        top = feed.feed("reader", 3)
        name = "推（写时扇出）" if isinstance(feed, PushFeed) else "拉（读时扇出）"
        print(f"{name}：明星发一帖写 {star_writes} 次；reader 刷一次读 {feed.reads - before} 次，看到 {top}")


if __name__ == "__main__":
    main()
