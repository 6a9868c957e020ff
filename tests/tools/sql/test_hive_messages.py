"""The Hive error messages the SQL pages quote (a GROUP BY on a SELECT alias, a column missing from GROUP BY)
are Hive's own: each quoted text, without the name in quotes, is one of the messages of Hive's ErrorMsg in the
Hive that pyspark ships (hive-exec-*-core.jar). Spark in Hive mode shows the behaviour; this holds the wording."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.helpers import DOCS, require_tool
from tests.tools.sql.sqlrun import HIVE_VERSION, JARS

QUOTED = {
    "template.md": "Invalid table alias or column reference 'exp'",
    "pitfalls.md": "Invalid table alias or column reference 'exp'",
    "group-by.md": "Expression not in GROUP BY key 'cuid'",
}


@pytest.fixture(scope="module")
def hive_messages() -> set[str]:
    (jar,) = JARS.glob(f"hive-exec-{HIVE_VERSION}-core.jar")
    run = subprocess.run(
        [require_tool("javap"), "-c", "-p", "-cp", str(jar), "org.apache.hadoop.hive.ql.ErrorMsg"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return set(re.findall(r"// String (.+)$", run.stdout, flags=re.M))


@pytest.mark.parametrize("page,message", sorted(QUOTED.items()))
def test_quoted_hive_message_is_hives(page, message, hive_messages):
    assert f"`{message}`" in (DOCS / "tools" / "sql" / page).read_text(encoding="utf-8")
    assert re.sub(r" '[^']*'$", "", message) in hive_messages


def test_a_made_up_message_is_not_found(hive_messages):
    assert "Column not in GROUP BY" not in hive_messages and "Expression not in GROUP BY key" in hive_messages
