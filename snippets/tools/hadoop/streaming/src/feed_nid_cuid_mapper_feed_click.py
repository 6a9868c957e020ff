# 顶点 0 的 mapper：读点击日志和 cuid 索引，给点击打上实验 id，按 cuid 输出
"""Vertex 0 (map). Reads every input of the job and keeps two kinds of line:

* a feed click, ``cuid<TAB>nid<TAB>click_ts``: kept when the user falls into one of
  ``--exp1_ids`` (``user_hash.py`` + ``experiment_dict``), emitted once per experiment as
  ``cuid#1<TAB>nid<TAB>click_ts<TAB>exp_id``;
* a cuid index entry, ``cuid<TAB>uid``: emitted as ``cuid#0<TAB>uid``.

The key is ``cuid#tag``: the job partitions on the first ``#`` field (the cuid) and sorts on
both, so vertex 1 sees a cuid's index entry (tag 0) before its clicks (tag 1).
Lines of the nid json input belong to vertex 3 and are passed over; anything else is
malformed: counted (``reporter:counter:…`` on stderr) and skipped.
"""

from __future__ import annotations

import argparse
import sys

from user_hash import experiments_of, load_experiments

GROUP = "feed_click_mapper"


def counter(name: str, amount: int = 1) -> None:
    sys.stderr.write(f"reporter:counter:{GROUP},{name},{amount}\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--exp1_ids", required=True, help="comma-separated experiment ids to keep")
    parser.add_argument("--experiment_dict", default="experiment_dict")
    args = parser.parse_args()
    wanted = {exp_id for exp_id in args.exp1_ids.split(",") if exp_id}
    experiments = load_experiments(args.experiment_dict)

    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith("{"):
            counter("other_input_skipped")  # nid json: vertex 3's input
            continue
        fields = line.split("\t")
        if len(fields) == 2 and fields[0] and fields[1].isdigit():
            cuid, uid = fields
            print(f"{cuid}#0\t{uid}")
        elif len(fields) == 3 and fields[0] and fields[1] and fields[2].isdigit():
            cuid, nid, click_ts = fields
            hits = experiments_of(cuid, experiments, wanted)
            if not hits:
                counter("click_not_in_experiment")
            for exp_id in hits:
                print(f"{cuid}#1\t{nid}\t{click_ts}\t{exp_id}")
        else:
            counter("malformed_line")


if __name__ == "__main__":
    main()
