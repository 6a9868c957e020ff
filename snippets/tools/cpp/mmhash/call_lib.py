# 用 ctypes 调用 libMMHash.so，算出用户在实验层里的桶号：python call_lib.py USER_ID LAYER
"""Call the C++ MurmurHash3 in libMMHash.so from Python with ctypes.

The library is loaded by its full path next to this file: ``ctypes.CDLL("libMMHash.so")``
without a slash searches the system's library paths (LD_LIBRARY_PATH, /etc/ld.so.cache), not
the current folder. On a streaming task, the generic option ``-files call_lib.py,libMMHash.so``
links both into the task's working folder, each pointing into a cache folder of its own: the
path is therefore made absolute, not resolved (resolving the link would look in the wrong folder).
"""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

_lib = ctypes.CDLL(str(Path(__file__).absolute().with_name("libMMHash.so")))
# Declare every signature: without argtypes/restype ctypes guesses int, and a size_t or uint32 comes back wrong.
_lib.mm_hash32.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32]
_lib.mm_hash32.restype = ctypes.c_uint32
_lib.mm_user_bucket.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
_lib.mm_user_bucket.restype = ctypes.c_int


def hash32(data: bytes, seed: int = 0) -> int:
    return _lib.mm_hash32(data, len(data), seed)


def bucket(user_id: str, layer: str, buckets: int = 100) -> int:
    """The same bucket as user_hash.bucket(user_id, layer, buckets), computed in C++."""
    user, name = user_id.encode("utf-8"), layer.encode("utf-8")
    result = _lib.mm_user_bucket(user, len(user), name, len(name), buckets)
    if result < 0:
        raise ValueError(f"buckets must be a positive number, got {buckets}")
    return result


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python call_lib.py USER_ID LAYER")
    print(bucket(sys.argv[1], sys.argv[2]))
