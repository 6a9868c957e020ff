# 顶点 1 的 reducer：按 cuid 把点击和 uid 连起来，改按 nid 输出
"""Vertex 1 (reduce). Input sorted by ``cuid#tag``: per cuid, its index entry (``cuid#0<TAB>uid``)
comes before its clicks (``cuid#1<TAB>nid<TAB>click_ts<TAB>exp_id``).

Emits each click with its uid, keyed by ``nid#1`` for vertex 2:
``nid#1<TAB>cuid<TAB>uid<TAB>click_ts<TAB>exp_id``. A click whose cuid has no index entry is
counted and dropped; malformed lines are counted and skipped.
"""

from __future__ import annotations

from streaming_lines import counter, lines

GROUP = "join_uid_reducer"


def main() -> None:
    current_cuid, uid = None, None
    for line in lines(GROUP):
        key, _, value = line.partition("\t")
        cuid, sep, tag = key.rpartition("#")
        if not sep or not cuid:
            counter(GROUP, "malformed_line")
            continue
        if cuid != current_cuid:
            current_cuid, uid = cuid, None
        fields = value.split("\t")
        if tag == "0" and len(fields) == 1 and fields[0]:
            uid = fields[0]
        elif tag == "1" and len(fields) == 3:
            nid, click_ts, exp_id = fields
            if uid is None:
                counter(GROUP, "click_without_uid")
                continue
            print(f"{nid}#1\t{cuid}\t{uid}\t{click_ts}\t{exp_id}")
        else:
            counter(GROUP, "malformed_line")


if __name__ == "__main__":
    main()
