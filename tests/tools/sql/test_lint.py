"""sqlfluff (dialect hive) with the checked-in .sqlfluff finds faults in a badly formatted query, and every rule
the configs turn off carries its reason. That the snippets pass it is `make lint`'s check (`sqlfluff lint
snippets`), which `make test` runs first."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT
from tests.tools.sql import sqlrun

HERE = Path(__file__).parent


def sqlfluff(*paths):
    run = subprocess.run(
        [sys.executable, "-m", "sqlfluff", "lint", "--format", "json", "--processes", "2", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = json.loads(run.stdout)
    return {
        r["filepath"]: [f"{v['start_line_no']}:{v['code']} {v['description']}" for v in r["violations"]] for r in report
    }


def test_lint_catches_a_badly_formatted_query():
    (faults,) = sqlfluff((HERE / "broken" / "badly_formatted.sql").relative_to(ROOT)).values()
    codes = {f.split()[0].split(":")[1] for f in faults}
    assert {"CP01", "LT04"} <= codes, faults


def test_every_disabled_rule_has_a_reason():
    configs = [ROOT / ".sqlfluff", *sqlrun.SECTION.rglob(".sqlfluff")]
    for config in configs:
        text = config.read_text(encoding="utf-8")
        comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
        for rules in re.findall(r"^exclude_rules\s*=\s*(.+)$", text, re.M):
            for rule in rules.split(","):
                assert rule.strip() in comments, f"{config}: {rule.strip()} is off without a reason in a comment"
