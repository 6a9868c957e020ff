"""The site's commands for the clients a team already has: navi cheat files and tldr-style pages.

    python -m teamwiki.export COMMANDS_JSON OUTDIR      (the build also writes them to _build/html/export/)

* ``OUTDIR/navi/team-wiki.cheat``: one cheat a shell command, ``% tags`` from its section,
  ``# purpose``, the command with ``<PLACEHOLDER>`` variables and a ``$ NAME: echo EXAMPLE``
  suggestion line for each (navi's cheatsheet syntax: lines starting with % # ; $ @ are not commands).
* ``OUTDIR/tldr/<program>.md``: one page per program (the command's first word), tldr's page
  format: ``# title``, ``> description`` lines, then ``- purpose:`` and a one-line command in
  backticks with ``{{PLACEHOLDER}}``.

Only shell commands are exported (SQL and Python are not run by a shell); multi-line commands go to
navi (consecutive lines, comment lines left out) but not to tldr, whose commands are one line.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

from teamwiki.wiki_client import PLACEHOLDER

NAVI_SPECIAL = ("%", "#", ";", "$", "@")


def _mark(text: str, names: set[str], left: str, right: str) -> str:
    return PLACEHOLDER.sub(lambda m: f"{left}{m.group(0)}{right}" if m.group(0) in names else m.group(0), text)


def navi(commands: list[dict]) -> str:
    blocks = []
    for entry in commands:
        if entry["language"] != "shell":
            continue
        names = {p["name"] for p in entry["placeholders"]}
        lines = [line for line in entry["command"].splitlines() if line.strip()]
        lines = [line for line in lines if not line.lstrip().startswith(NAVI_SPECIAL)]
        if not lines:
            continue
        tags = ", ".join(["team-wiki", entry["section"]])
        block = [f"% {tags}", "", f"# {entry['purpose']}", *(_mark(line, names, "<", ">") for line in lines)]
        block += [f"$ {p['name']}: echo {shlex.quote(p['example'])}" for p in entry["placeholders"]]
        blocks.append("\n".join(block))
    return "\n\n".join(blocks) + "\n"


def tldr(commands: list[dict]) -> dict[str, str]:
    """{file name: page text}."""
    pages: dict[str, list[dict]] = {}
    for entry in commands:
        if entry["language"] != "shell" or "\n" in entry["command"].strip():
            continue
        program = entry["command"].split()[0]
        if not re.fullmatch(r"[a-z0-9][a-z0-9._+-]*", program):
            continue  # ./script, VAR=value …: not a program name a tldr page is named after
        pages.setdefault(program, []).append(entry)
    out = {}
    for program, entries in sorted(pages.items()):
        text = [f"# {program}", "", f"> 团队 Wiki 里用到的 {program} 命令。", f"> 更多信息：{entries[0]['page']}。", ""]
        for entry in entries:
            names = {p["name"] for p in entry["placeholders"]}
            text += [f"- {entry['purpose']}:", "", f"`{_mark(entry['command'].strip(), names, '{{', '}}')}`", ""]
        out[f"{program}.md"] = "\n".join(text[:-1]) + "\n"
    return out


def write(commands: list[dict], outdir: Path) -> None:
    (outdir / "navi").mkdir(parents=True, exist_ok=True)
    (outdir / "navi" / "team-wiki.cheat").write_text(navi(commands), encoding="utf-8")
    (outdir / "tldr").mkdir(parents=True, exist_ok=True)
    for name, text in tldr(commands).items():
        (outdir / "tldr" / name).write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    commands = json.loads(Path(argv[1]).read_text(encoding="utf-8"))["commands"]
    write(commands, Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
