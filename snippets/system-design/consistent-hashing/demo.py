# 演示一致性哈希：虚拟节点让负载均匀，加减一个分片只搬动约 1/N 的 post
"""Place 100,000 post ids on eight shards, then add a ninth and remove one; compare with `hash % N`."""

from __future__ import annotations

from collections import Counter

from ring import HashRing, position

KEYS = [f"post:{i}" for i in range(100_000)]


def spread(ring: HashRing) -> str:
    load = Counter(ring.node_for(k) for k in KEYS)
    mean = len(KEYS) / len(ring.nodes)
    return f"最忙分片/平均={max(load.values()) / mean:.2f}  最闲分片/平均={min(load.values()) / mean:.2f}"


def main() -> None:
    shards = [f"shard-{i}" for i in range(1, 9)]
    for vnodes in (1, 10, 100, 200, 1000):
        print(f"vnodes={vnodes:<4}  {spread(HashRing(shards, vnodes=vnodes))}")

    ring = HashRing(shards)  # 200 virtual nodes per shard
    before = {k: ring.node_for(k) for k in KEYS}
    ring.add_node("shard-9")
    after = {k: ring.node_for(k) for k in KEYS}
    moved = [k for k in KEYS if before[k] != after[k]]
    targets = Counter(after[k] for k in moved)
    print(f"加入 shard-9：搬动 {len(moved) / len(KEYS):.1%} 的 post（理想值 1/9 = {1 / 9:.1%}），搬去 {dict(targets)}")

    ring.remove_node("shard-2")
    final = {k: ring.node_for(k) for k in KEYS}
    moved = [k for k in KEYS if after[k] != final[k]]
    sources = Counter(after[k] for k in moved)
    print(f"移除 shard-2：搬动 {len(moved) / len(KEYS):.1%} 的 post，全部来自 {dict(sources)}")

    modulo = sum(position(k) % 8 != position(k) % 9 for k in KEYS)
    print(f"对照 hash % N：从 8 个分片变成 9 个，搬动 {modulo / len(KEYS):.1%} 的 post")


if __name__ == "__main__":
    main()
