# 演示旁路缓存：命中、未命中、写后失效、TTL 过期和 LRU 淘汰，用一个手动拨动的时钟
"""A walk through PostCache with a dict as the database and a clock the demo moves by hand."""

from __future__ import annotations

from post_cache import PostCache


class CountingDB:
    def __init__(self, rows: dict[str, dict]):
        self.rows, self.reads = dict(rows), 0

    def get(self, post_id):
        self.reads += 1
        return self.rows.get(post_id)

    def put(self, post_id, post):
        self.rows[post_id] = post


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def main() -> None:
    db = CountingDB({p: {"title": f"帖子 {p}"} for p in ("p1", "p2", "p3")})
    clock = Clock()
    posts = PostCache(db, maxsize=2, ttl=60, timer=clock)

    def read(post_id, note):
        post = posts.get(post_id)
        title = post["title"] if post else None
        print(
            f"t={clock.now:.0f}s 读 {post_id} → {title}  查库累计 {db.reads} 次  缓存 {sorted(posts.cache)}  # {note}"
        )

    read("p1", "未命中，查库后回填")
    read("p1", "命中")
    posts.update("p1", {"title": "帖子 p1（改）"})
    read("p1", "写后缓存被删，重新查库")
    read("p2", "未命中")
    read("p3", "缓存满（2 条），淘汰最久没用的 p1")
    read("p404", "库里没有：返回 None，不缓存")
    clock.now = 61
    read("p3", "超过 60 秒 TTL，过期后重新查库")


if __name__ == "__main__":
    main()
