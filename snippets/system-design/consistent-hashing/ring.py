# 一致性哈希环：带虚拟节点，按 post_id 找到存它的分片
"""A consistent-hash ring with virtual nodes.

Each node is placed on the ring ``vnodes`` times, at the hash of ``"<node>#<i>"``; a key
belongs to the first virtual node clockwise from the key's own hash. The hash is MD5
(first 8 bytes, big-endian): stable across processes and machines, unlike Python's
salted ``hash()``. MD5 is used for spreading keys, not for security.
"""

from __future__ import annotations

import bisect
import hashlib


def position(text: str) -> int:
    """A stable 64-bit position on the ring."""
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big")


# [start ring]
class HashRing:
    def __init__(self, nodes: list[str] = (), vnodes: int = 200):
        if vnodes < 1:
            raise ValueError(f"vnodes must be >= 1, got {vnodes}")
        self.vnodes = vnodes
        self._points: list[int] = []  # sorted positions of every virtual node
        self._owner: dict[int, str] = {}  # position -> node
        for node in nodes:
            self.add_node(node)

    @property
    def nodes(self) -> set[str]:
        return set(self._owner.values())

    def add_node(self, node: str) -> None:
        if not node or node in self.nodes:
            raise ValueError(f"node name must be new and non-empty, got {node!r}")
        for i in range(self.vnodes):
            point = position(f"{node}#{i}")
            if point in self._owner:  # two virtual nodes on one point: keep the first, never overwrite
                continue
            self._owner[point] = node
            bisect.insort(self._points, point)

    def remove_node(self, node: str) -> None:
        points = [p for p, owner in self._owner.items() if owner == node]
        if not points:
            raise KeyError(f"no such node: {node!r}")
        for point in points:
            del self._owner[point]
        self._points = [p for p in self._points if p in self._owner]

    def node_for(self, key: str) -> str:
        if not self._points:
            raise LookupError("the ring has no nodes")
        i = bisect.bisect_right(self._points, position(key)) % len(self._points)  # clockwise, wrapping
        return self._owner[self._points[i]]


# [end ring]
