# 顶点 2 的 reducer：按 nid 把点击和内容元数据连起来，图文写到 -A 文件，视频写到 -B 文件
"""Vertex 2 (reduce), the job's last vertex. Input sorted by ``nid#tag``: per nid, its metadata
(``nid#0<TAB>type<TAB>category``, from vertex 3) comes before its clicks
(``nid#1<TAB>cuid<TAB>uid<TAB>click_ts<TAB>exp_id``, from vertex 1).

Writes one line per click, ``exp_id<TAB>nid<TAB>cuid<TAB>uid<TAB>click_ts<TAB>category_name``,
ending in ``#A`` for articles (tuwen) or ``#B`` for videos: the job's suffix-routed output format
strips the suffix and writes the line to ``part-NNNNN-A`` or ``part-NNNNN-B``.
Category names come from the two dictionaries; an unknown category is counted and written as
``unknown``. Clicks on a nid without metadata, and malformed lines, are counted and skipped.
A broken dictionary stops the task with its file and line.
"""

from __future__ import annotations

import argparse
import sys

from streaming_lines import counter, is_key, lines
from user_hash import DictError

GROUP = "print_final_reducer"
SUFFIX = {"tuwen": "A", "video": "B"}


def load_dict(path: str) -> dict[str, str]:
    """``category_id<TAB>category_name`` per line; anything else is an error naming the file and line."""
    names: dict[str, str] = {}
    with open(path, encoding="utf-8") as dict_lines:
        for number, line in enumerate(dict_lines, 1):
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) != 2 or not is_key(fields[0]) or not fields[1]:
                raise DictError(f"{path}:{number}: expected category_id<TAB>category_name, got {line.rstrip()!r}")
            if fields[0] in names:
                raise DictError(f"{path}:{number}: category {fields[0]} is already defined")
            names[fields[0]] = fields[1]
    return names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tuwen_dict", required=True)
    parser.add_argument("--video_dict", required=True)
    args = parser.parse_args()
    try:
        names = {"tuwen": load_dict(args.tuwen_dict), "video": load_dict(args.video_dict)}
    except DictError as error:
        sys.exit(f"ERROR {error}")

    current_nid, meta = None, None
    for line in lines(GROUP):
        key, _, value = line.partition("\t")
        nid, sep, tag = key.rpartition("#")
        if not sep or not nid:
            counter(GROUP, "malformed_line")
            continue
        if nid != current_nid:
            current_nid, meta = nid, None
        fields = value.split("\t")
        if tag == "0" and len(fields) == 2 and fields[0] in SUFFIX:
            meta = fields
        elif tag == "1" and len(fields) == 4:
            if meta is None:
                counter(GROUP, "click_without_nid_meta")
                continue
            kind, category = meta
            name = names[kind].get(category)
            if name is None:
                counter(GROUP, f"unknown_{kind}_category")
                name = "unknown"
            cuid, uid, click_ts, exp_id = fields
            print(f"{exp_id}\t{nid}\t{cuid}\t{uid}\t{click_ts}\t{name}#{SUFFIX[kind]}")
        else:
            counter(GROUP, "malformed_line")


if __name__ == "__main__":
    main()
