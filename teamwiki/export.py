"""The site's commands for the clients a team already has: navi cheat files and tldr-style pages.

    python -m teamwiki.export COMMANDS_JSON OUTDIR      (the build also writes them to _build/html/export/)

* ``OUTDIR/navi/team-wiki.cheat``: one cheat a shell command, ``% tags`` from its section,
  ``# purpose``, the command with ``<PLACEHOLDER>`` variables and a ``$ NAME: echo EXAMPLE``
  suggestion line for each (navi's cheatsheet syntax: lines starting with % # ; $ @ are not commands).
* ``OUTDIR/tldr/<program>.md``: one page per program (the command's first word), tldr's page
  format: ``# title``, ``> description`` lines, then ``- purpose:`` and a one-line command in
  backticks with ``{{PLACEHOLDER}}`` (literal ``{{``/``}}`` escaped as ``\\{\\{``/``\\}\\}``, tldr's client
  specification 2.1). A page holds at most 8 examples (tldr's style guide, rule TLDR019 of tldr-lint): a
  program with more gets one page per subcommand (``hadoop-fs.md``, titled ``hadoop fs``, the way tldr
  names ``git-checkout.md``); a subcommand with still more keeps its first 8 and says where the rest are.
  The pages pass tldr-lint with the rules tldr-pages itself ignores for Chinese pages (tests/test_client.py).

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


MAX_EXAMPLES = 8  # tldr's style guide; tldr-lint's TLDR019
# tldr-lint's rules the pages are not held to, as tldr-pages' own scripts/test.sh does for Chinese pages: the
# English-only TLDR003 (description starts with a capital letter), TLDR004 (ends in "."), TLDR015 (example starts
# with a capital letter), TLDR104 (English verb tense), and TLDR005 (an example's colon may be "："). The rest apply.
TLDR_LINT_IGNORED = "TLDR003,TLDR004,TLDR015,TLDR104,TLDR005"
# tldr writes these terms in backticks (tldr-lint's TLDR112): a purpose line's bare "stderr" becomes `stderr`.
STREAMS = re.compile(r"(?<![`\w-])(stdout|stdin|stderr)(?![`\w])")


def _subcommand(command: str) -> str | None:
    """The first word after the program that is not an option or an option's value (``kubectl -n NS get`` -> get)."""
    words = command.split()[1:]
    while words and words[0].startswith("-"):
        option = words.pop(0)
        if "=" not in option and words and not words[0].startswith("-"):
            words.pop(0)  # the option's value
    if words and re.fullmatch(r"[a-z][a-z0-9-]*", words[0]):
        return words[0]
    return None


def _tldr_command(entry: dict) -> str:
    names = {p["name"] for p in entry["placeholders"]}
    text = entry["command"].strip().replace("{{", "\\{\\{").replace("}}", "\\}\\}")
    return _mark(text, names, "{{", "}}")


def tldr(commands: list[dict]) -> dict[str, str]:
    """{file name: page text}."""
    programs: dict[str, list[dict]] = {}
    for entry in commands:
        if entry["language"] != "shell" or "\n" in entry["command"].strip():
            continue
        program = entry["command"].split()[0]
        if not re.fullmatch(r"[a-z0-9][a-z0-9._+-]*", program):
            continue  # ./script, VAR=value …: not a program name a tldr page is named after
        programs.setdefault(program, []).append(entry)
    pages: dict[str, list[dict]] = {}
    for program, entries in programs.items():
        if len(entries) <= MAX_EXAMPLES:
            pages[program] = entries
            continue
        for entry in entries:
            sub = _subcommand(entry["command"])
            pages.setdefault(f"{program} {sub}" if sub else program, []).append(entry)
    out = {}
    for title, entries in sorted(pages.items()):
        shown = entries[:MAX_EXAMPLES]
        text = [f"# {title}", "", f"> 团队 Wiki 里用到的 {title} 命令。", f"> 更多信息：<{entries[0]['page']}>."]
        if len(entries) > len(shown):
            words = " ".join(shlex.quote(w) for w in title.split())
            text.append(f"> 这里是前 {len(shown)} 条，全部 {len(entries)} 条：`python3 wiki.py {words}`。")
        text.append("")
        for entry in shown:
            purpose = STREAMS.sub(r"`\1`", entry["purpose"])
            text += [f"- {purpose}:", "", f"`{_tldr_command(entry)}`", ""]
        out[f"{title.replace(' ', '-')}.md"] = "\n".join(text[:-1]) + "\n"
    return out


def write(commands: list[dict], outdir: Path) -> None:
    (outdir / "navi").mkdir(parents=True, exist_ok=True)
    (outdir / "navi" / "team-wiki.cheat").write_text(navi(commands), encoding="utf-8")
    (outdir / "tldr").mkdir(parents=True, exist_ok=True)
    pages = tldr(commands)
    for stale in (outdir / "tldr").glob("*.md"):  # a page an earlier build wrote and this one does not
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
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
