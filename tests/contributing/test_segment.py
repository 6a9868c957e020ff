"""The search dictionary keeps domain words whole; the output on the contributing page comes from this run."""

import platform
import subprocess
import sys
from importlib.metadata import version

from tests.helpers import SNIPPETS, expect_file, record_run

SCRIPT = SNIPPETS / "contributing" / "segment.py"


def run(*args: str) -> str:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=True).stdout


def test_page_output_matches_a_fresh_run():
    python = f"Python {platform.python_version()} + jieba {version('jieba')}"
    expect_file(
        SNIPPETS / "contributing" / "segment.out", "$ python snippets/contributing/segment.py\n" + run(), by=python
    )
    record_run(SCRIPT, python)


def test_domain_words_stay_whole():
    words = run("用一致性哈希给分区表分片，并监控数据漂移").strip().split(" / ")
    for word in ["一致性哈希", "分区表", "数据漂移"]:
        assert word in words, words
