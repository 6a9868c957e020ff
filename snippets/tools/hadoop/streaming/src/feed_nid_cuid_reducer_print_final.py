# 顶点 2 的 reducer：按 nid 把点击和内容元数据连起来，图文写到 -A 文件，视频写到 -B 文件
"""Vertex 2 (reduce), the job's last vertex. Input sorted by ``nid#tag``: per nid, its metadata
(``nid#0<TAB>type<TAB>category``, from vertex 3) comes before its clicks
(``nid#1<TAB>cuid<TAB>uid<TAB>click_ts<TAB>exp_id``, from vertex 1).

Writes one line per click, ``exp_id<TAB>nid<TAB>cuid<TAB>uid<TAB>click_ts<TAB>category_name``,
ending in ``#A`` for articles (tuwen) or ``#B`` for videos: the job's suffix-routed output format
strips the suffix and writes the line to ``part-NNNNN-A`` or ``part-NNNNN-B``.
Category names come from the two dictionaries; an unknown category is counted and written as
``unknown``. Clicks on a nid without metadata, and malformed lines, are counted and skipped.
"""

from __future__ import annotations

import argparse
import sys

GROUP = "print_final_reducer"
SUFFIX = {"tuwen": "A", "video": "B"}


def counter(name: str, amount: int = 1) -> None:
    sys.stderr.write(f"reporter:counter:{GROUP},{name},{amount}\n")


def load_dict(path: str) -> dict[str, str]:
    """``category_id<TAB>category_name`` per line."""
    names = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 2:
                names[fields[0]] = fields[1]
    return names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tuwen_dict", required=True)
    parser.add_argument("--video_dict", required=True)
    args = parser.parse_args()
    names = {"tuwen": load_dict(args.tuwen_dict), "video": load_dict(args.video_dict)}

    current_nid, meta = None, None
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        key, _, value = line.partition("\t")
        nid, sep, tag = key.rpartition("#")
        if not sep or not nid:
            counter("malformed_line")
            continue
        if nid != current_nid:
            current_nid, meta = nid, None
        fields = value.split("\t")
        if tag == "0" and len(fields) == 2 and fields[0] in SUFFIX:
            meta = fields
        elif tag == "1" and len(fields) == 4:
            if meta is None:
                counter("click_without_nid_meta")
                continue
            kind, category = meta
            name = names[kind].get(category)
            if name is None:
                counter(f"unknown_{kind}_category")
                name = "unknown"
            cuid, uid, click_ts, exp_id = fields
            print(f"{exp_id}\t{nid}\t{cuid}\t{uid}\t{click_ts}\t{name}#{SUFFIX[kind]}")
        else:
            counter("malformed_line")


if __name__ == "__main__":
    main()
