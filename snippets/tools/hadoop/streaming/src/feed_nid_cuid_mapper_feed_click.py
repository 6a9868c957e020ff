# 顶点 0 的 mapper：读点击日志和 cuid 索引，给点击打上实验 id，按 cuid 输出
"""Vertex 0 (map). Reads every input of the job and keeps two kinds of line:

* a feed click, ``cuid<TAB>nid<TAB>click_ts``: kept when the user falls into one of
  ``--exp1_ids`` (``user_hash.py`` + ``experiment_dict``), emitted once per experiment as
  ``cuid#1<TAB>nid<TAB>click_ts<TAB>exp_id``;
* a cuid index entry, ``cuid<TAB>uid``: emitted as ``cuid#0<TAB>uid``.

The key is ``cuid#tag``: the job partitions on the first ``#`` field (the cuid) and sorts on
both, so vertex 1 sees a cuid's index entry (tag 0) before its clicks (tag 1).
Lines of the nid json input belong to vertex 3 and are passed over. A cuid or nid that cannot be
a key (``#``, U+FFFD, a BOM inside it) is counted as ``bad_key``; any other malformed line as
``malformed_line``; both are skipped (see ``streaming_lines.py``). A broken ``experiment_dict``
stops the task with its file and line.
"""

from __future__ import annotations

import argparse
import sys

from streaming_lines import counter, is_key, is_number, lines
from user_hash import DictError, experiments_of, load_experiments

GROUP = "feed_click_mapper"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--exp1_ids", required=True, help="comma-separated experiment ids to keep")
    parser.add_argument("--experiment_dict", default="experiment_dict")
    args = parser.parse_args()
    wanted = {exp_id for exp_id in args.exp1_ids.split(",") if exp_id}
    try:
        experiments = load_experiments(args.experiment_dict)
    except DictError as error:
        sys.exit(f"ERROR {error}")

    for line in lines(GROUP):
        if line.startswith("{"):
            counter(GROUP, "other_input_skipped")  # nid json: vertex 3's input
            continue
        fields = line.split("\t")
        if len(fields) == 2 and fields[0] and is_number(fields[1]):
            cuid, uid = fields
            if not is_key(cuid):
                counter(GROUP, "bad_key")
                continue
            print(f"{cuid}#0\t{uid}")
        elif len(fields) == 3 and fields[0] and fields[1] and is_number(fields[2]):
            cuid, nid, click_ts = fields
            if not (is_key(cuid) and is_key(nid)):
                counter(GROUP, "bad_key")
                continue
            hits = experiments_of(cuid, experiments, wanted)
            if not hits:
                counter(GROUP, "click_not_in_experiment")
            for exp_id in hits:
                print(f"{cuid}#1\t{nid}\t{click_ts}\t{exp_id}")
        else:
            counter(GROUP, "malformed_line")


if __name__ == "__main__":
    main()
