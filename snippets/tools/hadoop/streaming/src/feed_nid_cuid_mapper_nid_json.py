# 顶点 3 的 mapper：读 nid 元数据（每行一个 JSON），按 nid 输出类型和分类
"""Vertex 3 (map). Keeps the nid json lines, ``{"nid": …, "type": "tuwen"|"video", "category": …}``,
and emits ``nid#0<TAB>type<TAB>category`` so vertex 2 sees a nid's metadata (tag 0) before the
clicks on it (tag 1, from vertex 1).

Lines of the other inputs (tab-separated, not json) belong to vertex 0 and are passed over.
Counted and skipped: broken json, and json nested too deeply for the parser (``malformed_json``);
a record without a string nid or a known type, or whose category is not a string or a whole
number or holds a tab or a line break that would split the output record (``malformed_record``);
a nid that cannot be a key (``bad_key``).
"""

from __future__ import annotations

import json
import re

from streaming_lines import counter, is_key, lines

GROUP = "nid_json_mapper"
TYPES = {"tuwen", "video"}
SPLITS_A_RECORD = re.compile("[\t\n\r]")


def category_of(record: dict) -> str | None:
    """The category as text, or None when it is not a plain value that fits in one field."""
    category = record.get("category", "")
    if isinstance(category, int) and not isinstance(category, bool):
        return str(category)
    if isinstance(category, str) and not SPLITS_A_RECORD.search(category):
        return category
    return None


def main() -> None:
    for line in lines(GROUP):
        line = line.strip()
        if not line.startswith("{"):
            counter(GROUP, "other_input_skipped")  # feed clicks and the cuid index: vertex 0's input
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
            counter(GROUP, "malformed_json")
            continue
        if not isinstance(record, dict):
            counter(GROUP, "malformed_record")
            continue
        nid, category = record.get("nid"), category_of(record)
        if not isinstance(nid, str) or record.get("type") not in TYPES or category is None:
            counter(GROUP, "malformed_record")
            continue
        if not is_key(nid):
            counter(GROUP, "bad_key")
            continue
        print(f"{nid}#0\t{record['type']}\t{category}")


if __name__ == "__main__":
    main()
