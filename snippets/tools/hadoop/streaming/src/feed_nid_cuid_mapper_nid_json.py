# 顶点 3 的 mapper：读 nid 元数据（每行一个 JSON），按 nid 输出类型和分类
"""Vertex 3 (map). Keeps the nid json lines, ``{"nid": …, "type": "tuwen"|"video", "category": …}``,
and emits ``nid#0<TAB>type<TAB>category`` so vertex 2 sees a nid's metadata (tag 0) before the
clicks on it (tag 1, from vertex 1).

Lines of the other inputs (tab-separated, not json) belong to vertex 0 and are passed over;
broken json and records without a usable nid/type are counted and skipped.
"""

from __future__ import annotations

import json
import sys

GROUP = "nid_json_mapper"
TYPES = {"tuwen", "video"}


def counter(name: str, amount: int = 1) -> None:
    sys.stderr.write(f"reporter:counter:{GROUP},{name},{amount}\n")


def main() -> None:
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8", "replace").strip()
        if not line.startswith("{"):
            counter("other_input_skipped")  # feed clicks and the cuid index: vertex 0's input
            continue
        try:
            record = json.loads(line)
        except ValueError:
            counter("malformed_json")
            continue
        nid = record.get("nid") if isinstance(record, dict) else None
        kind = record.get("type") if isinstance(record, dict) else None
        if not isinstance(nid, str) or not nid or "#" in nid or "\t" in nid or kind not in TYPES:
            counter("malformed_record")
            continue
        print(f"{nid}#0\t{kind}\t{record.get('category', '')}")


if __name__ == "__main__":
    main()
