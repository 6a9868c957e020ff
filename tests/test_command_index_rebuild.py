"""The command index in incremental builds, serial and parallel (-j 2), on a small site.

After a clean build, a new command on any page reaches commands.html; an edit that changes no
command leaves commands.html unwritten (the rest of the site does not wait for it).
"""

from __future__ import annotations

import pytest

from teamwiki import build
from tests.helpers import ROOT

CONF = """
extensions = ["myst_parser", "teamwiki.ext.snippets", "teamwiki.ext.command_index"]
html_theme = "furo"
html_search_language = "en"
"""
PAGES = {
    "index.md": "# 首页\n\n```{toctree}\n\ncommands\nsql\nshell\n```\n",
    "commands.md": "# 命令索引\n\n```{command-index}\n```\n",
    "sql.md": "# SQL\n\n```{snippet} count.sql\n```\n",
    "shell.md": "# Shell\n\n正文。\n",
}
SNIPPETS = {
    "count.sql": "-- 数一张表有多少行\nselect count(*) from t;\n",
    "list.sh": "# 列出一个目录\nhadoop fs -ls /data\n",
}


def _build(src, out, jobs: str) -> str:
    args = ["-n", "-W", "-b", "html", "-j", jobs, str(src / "docs"), str(out)]
    proc = build.sphinx(
        args, capture_output=True, text=True, cwd=src, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(params=["1", "2"], ids=["serial", "j2"])
def site(request, tmp_path):
    src = tmp_path / "src"
    for folder, files in (("docs", PAGES), ("snippets", SNIPPETS)):
        for name, text in files.items():
            (src / folder / name).parent.mkdir(parents=True, exist_ok=True)
            (src / folder / name).write_text(text, encoding="utf-8")
    (src / "docs" / "conf.py").write_text(CONF + f"snippets_root = {str(src / 'snippets')!r}\n", encoding="utf-8")
    out = tmp_path / "out"
    _build(src, out, request.param)
    return src, out, request.param


def _index(out) -> str:
    return (out / "commands.html").read_text(encoding="utf-8")


def test_a_new_command_reaches_the_index(site):
    src, out, jobs = site
    assert "数一张表有多少行" in _index(out) and "列出一个目录" not in _index(out)
    page = src / "docs" / "shell.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```{snippet} list.sh\n```\n", encoding="utf-8")
    _build(src, out, jobs)
    assert "列出一个目录" in _index(out) and '<span class="pre">/data</span>' in _index(out)
    assert 'href="shell.html#snippet-list-sh"' in _index(out)
    page.write_text(PAGES["shell.md"], encoding="utf-8")  # and a command removed leaves it too
    _build(src, out, jobs)
    assert "列出一个目录" not in _index(out) and "数一张表有多少行" in _index(out)


def test_an_edit_without_commands_leaves_the_index_alone(site):
    src, out, jobs = site
    written = (out / "commands.html").stat().st_mtime_ns
    page = src / "docs" / "shell.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n又一句话。\n", encoding="utf-8")
    log = _build(src, out, jobs)
    assert "又一句话" in (out / "shell.html").read_text(encoding="utf-8")
    assert (out / "commands.html").stat().st_mtime_ns == written, log
