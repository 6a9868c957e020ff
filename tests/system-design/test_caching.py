"""Cache-aside over a TTL + LRU cache, driven by a fake clock; push vs pull feeds."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib.metadata import version

import pytest

from tests.helpers import SNIPPETS, expect_file, record_run

FOLDER = SNIPPETS / "system-design" / "caching"
NO_PYC = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # nothing written into snippets/


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class DB:
    def __init__(self, rows):
        self.rows, self.reads, self.writes = dict(rows), [], []

    def get(self, post_id):
        self.reads.append(post_id)
        return self.rows.get(post_id)

    def put(self, post_id, post):
        self.writes.append(post_id)
        self.rows[post_id] = post


@pytest.fixture
def setup(cache_module):
    db, clock = DB({f"p{i}": {"v": i} for i in range(10)}), Clock()
    return cache_module.PostCache(db, maxsize=3, ttl=60, timer=clock), db, clock


@pytest.mark.parametrize("script", ["cache_demo.py", "fanout.py"])
def test_the_demos_print_the_checked_in_output(script):
    result = subprocess.run([sys.executable, script], cwd=FOLDER, env=NO_PYC, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    by = f"Python {platform.python_version()}"
    if script == "cache_demo.py":  # the cache itself is cachetools'
        by += f", cachetools {version('cachetools')}"
        record_run(FOLDER / "post_cache.py", by)
    expect_file(FOLDER / script.replace(".py", ".out"), f"$ python {script}\n{result.stdout}", by=by)
    record_run(FOLDER / script, by)


def test_read_path_misses_once_then_hits(setup):
    posts, db, _ = setup
    assert posts.get("p1") == {"v": 1} and posts.get("p1") == {"v": 1}
    assert db.reads == ["p1"] and (posts.hits, posts.misses) == (1, 1)


def test_write_path_updates_the_database_then_invalidates(setup):
    posts, db, _ = setup
    posts.get("p1")
    posts.update("p1", {"v": "new"})
    assert db.writes == ["p1"] and "p1" not in posts.cache
    assert posts.get("p1") == {"v": "new"} and db.reads == ["p1", "p1"]


def test_a_missing_post_is_not_cached(setup):
    posts, db, _ = setup
    assert posts.get("nope") is None and posts.get("nope") is None
    assert db.reads == ["nope", "nope"] and "nope" not in posts.cache
    db.rows["nope"] = {"v": "created"}
    assert posts.get("nope") == {"v": "created"}


def test_lru_evicts_the_least_recently_used_entry_first(setup):
    posts, _, _ = setup
    for post_id in ("p1", "p2", "p3"):
        posts.get(post_id)
    posts.get("p1")  # p1 is now the most recent: p2 is the oldest
    posts.get("p4")
    assert sorted(posts.cache) == ["p1", "p3", "p4"]
    posts.get("p5")
    assert sorted(posts.cache) == ["p1", "p4", "p5"]


def test_ttl_expires_an_entry_exactly_at_its_deadline(setup):
    posts, db, clock = setup
    posts.get("p1")
    clock.now += 59.9
    posts.get("p1")
    assert db.reads == ["p1"]  # still fresh
    clock.now += 0.1  # 60 s after it was written: expired
    posts.get("p1")
    assert db.reads == ["p1", "p1"]
    clock.now += 30  # the refill starts a new 60 s life
    posts.get("p1")
    assert db.reads == ["p1", "p1"]


def test_push_and_pull_build_the_same_feed_with_opposite_costs(fanout_module):
    network = fanout_module.Network()
    for i in range(50):
        network.follow(f"fan-{i}", "star")
    for author in ("star", "a", "b"):
        network.follow("reader", author)
    push, pull = fanout_module.PushFeed(network), fanout_module.PullFeed(network)
    events = [("a", 1, "a1"), ("star", 2, "s1"), ("b", 3, "b1"), ("a", 4, "a2"), ("star", 5, "s2")]
    for feed in (push, pull):
        for event in events:
            feed.post(*event)
    assert push.feed("reader", 4) == pull.feed("reader", 4) == ["s2", "a2", "b1", "s1"]
    assert push.writes == 2 * 51 + 3 * 1 and pull.writes == len(events)  # star has 51 followers, a and b one
    assert (push.reads, pull.reads) == (1, 3)


def test_following_yourself_is_rejected(fanout_module):
    with pytest.raises(ValueError):
        fanout_module.Network().follow("u", "u")


def test_a_slow_read_can_refill_a_stale_copy_until_the_ttl(cache_module):
    """The rare race of "write the database, then delete": a read that fetched the old row before the write
    stores it after the delete. Only the TTL ends it, as the page says."""
    clock = Clock()

    class SlowDB(DB):
        def get(self, post_id):
            old = super().get(post_id)
            if len(self.reads) == 1:  # while this first read is in flight, a writer updates the post
                posts.update(post_id, {"v": "new"})
            return old

    db = SlowDB({"p1": {"v": "old"}})
    posts = cache_module.PostCache(db, maxsize=3, ttl=60, timer=clock)
    assert posts.get("p1") == {"v": "old"}
    assert db.rows["p1"] == {"v": "new"} and posts.get("p1") == {"v": "old"}  # stale, served from the cache
    clock.now += 60
    assert posts.get("p1") == {"v": "new"}  # the TTL ends it
