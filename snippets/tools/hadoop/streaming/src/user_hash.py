# 用 MurmurHash3 给用户分桶，查出用户命中的实验 id
"""User bucketing for A/B experiments, shipped to every task with ``-file user_hash.py``.

A user (here: the device id ``cuid``) is hashed with MurmurHash3 (``mmh3``, 32 bit, unsigned)
together with the experiment layer's name, so the same user always lands in the same bucket of
a layer, and layers are independent of each other. ``experiment_dict`` gives each experiment a
layer and a bucket range [begin, end) out of ``BUCKETS``.

Run by hand to see where a user lands: ``python user_hash.py USER_ID LAYER``.
"""

from __future__ import annotations

import sys

import mmh3

BUCKETS = 100


def bucket(user_id: str, layer: str, buckets: int = BUCKETS) -> int:
    """The user's bucket in ``layer``: stable across runs, machines and Python versions."""
    return mmh3.hash(f"{layer}:{user_id}", seed=0, signed=False) % buckets


class DictError(ValueError):
    """A dictionary file the job cannot use; the message starts with ``FILE:LINE:``."""


def load_experiments(path: str) -> list[tuple[str, str, int, int]]:
    """``experiment_dict``: ``exp_id<TAB>layer<TAB>bucket_begin<TAB>bucket_end``; ``#`` starts a comment.

    Buckets are whole numbers with ``0 <= begin < end <= BUCKETS``; anything else raises
    ``DictError`` naming the file and the line.
    """
    experiments = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = line.split("\t")
            if len(fields) != 4:
                raise DictError(f"{path}:{number}: expected 4 tab-separated fields, got {len(fields)}")
            exp_id, layer, begin, end = fields
            if not (begin.isascii() and begin.isdigit() and end.isascii() and end.isdigit()):
                raise DictError(f"{path}:{number}: bucket range {begin!r}, {end!r} is not two whole numbers")
            if not 0 <= int(begin) < int(end) <= BUCKETS:
                raise DictError(f"{path}:{number}: bucket range [{begin}, {end}) is not inside [0, {BUCKETS})")
            experiments.append((exp_id, layer, int(begin), int(end)))
    return experiments


def experiments_of(user_id: str, experiments, wanted: set[str]) -> list[str]:
    """The ids in ``wanted`` whose bucket range holds the user, in dictionary order."""
    return [
        exp_id
        for exp_id, layer, begin, end in experiments
        if exp_id in wanted and begin <= bucket(user_id, layer) < end
    ]


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python user_hash.py USER_ID LAYER")
    print(bucket(sys.argv[1], sys.argv[2]))
