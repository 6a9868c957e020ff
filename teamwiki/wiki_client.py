#!/usr/bin/env python3
"""wiki: the team wiki's commands in the terminal, from the commands.json the site build writes.

    python3 wiki.py getmerge                      commands containing "getmerge", tldr-style
    python3 wiki.py -s 去重                        search purpose, command and section
    python3 wiki.py getmerge --set HDFS_DIR=/data/day LOCAL_MERGED_FILE=out.txt
                                                  the command filled in, quoted for where each value lands
    python3 wiki.py --list                        every command, one line each
    --json (entries as JSON), --no-color, --data PATH (default: commands.json beside this file,
    or $WIKI_DATA). Exit status: 0 found, 1 nothing matched, 2 bad usage or a value that does not fit.

One file, Python 3.8 or newer, standard library only: copy it anywhere together with commands.json.
It ships in the site's output and the offline zip (team-wiki/wiki.py, team-wiki/commands.json).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shlex
import sys
from pathlib import Path

# An UPPER_CASE word is a placeholder unless it is a variable ($NAME, ${NAME}), an assignment (NAME=),
# or part of a hyphenated word (X-Request-ID, yyyy-MM-dd, -O2). The site and the build use the same rule.
PLACEHOLDER = re.compile(r"(?<![\w$\-{])[A-Z][A-Z0-9_]*[A-Z0-9](?![\w\-=])")
# Kinds of values: (pattern the whole value must match, what the reader is told when it does not).
KINDS = {
    "date": (r"^[0-9]{8}$", "日期要写成 yyyyMMdd，例如 20220522"),
    "hdfs_path": (r"^(hdfs://[^/\s]+)?[^\s:]+$", "HDFS 路径不能有空白，冒号只能出现在 hdfs://主机:端口 里"),
    "table": (r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$", "表名只能有字母、数字、下划线，可写成 库名.表名"),
    "column": (r"^[A-Za-z_][A-Za-z0-9_]*$", "列名只能有字母、数字、下划线"),
    "integer": (r"^[0-9]+$", "要一个非负整数"),
    "text": (r"^[^\n\r]+$", "不能为空，也不能换行"),
}
# Where a value may stand outside any quotes in SQL: it then becomes part of the query's syntax.
SQL_BARE_KINDS = {"table", "column", "integer", "date"}


class FillError(ValueError):
    pass


def check(value: str, kind: str) -> str | None:
    """None when ``value`` fits ``kind``, else the message for the reader."""
    pattern, message = KINDS.get(kind, KINDS["text"])
    if not re.match(pattern, value):
        return message
    if kind == "date":
        try:
            datetime.datetime.strptime(value, "%Y%m%d")
        except ValueError:
            return "没有这一天：" + message
    return None


def quote(value: str, language: str, context: str, kind: str = "text") -> str:
    """``value`` written so that it lands as itself in ``context`` (None, ', " or `) of ``language``."""
    if language == "shell":
        if context == "'":
            return value.replace("'", "'\\''")
        if context == '"':
            return re.sub(r'([\\"$`])', r"\\\1", value)
        return shlex.quote(value)
    if language == "sql":
        if context in ("'", '"'):  # Hive and Spark SQL: a backslash escapes inside a string literal
            return value.replace("\\", "\\\\").replace(context, "\\" + context)
        if context == "`":
            return value.replace("`", "``")
        if kind in SQL_BARE_KINDS and check(value, kind) is None:
            return value
        raise FillError("这个位置不在引号里，只能填" + "、".join(sorted(SQL_BARE_KINDS)) + f" 类的值：{value!r}")
    if context in ("'", '"'):  # python
        return value.replace("\\", "\\\\").replace(context, "\\" + context)
    return repr(value)


def fill(text: str, language: str, values: dict, kinds: dict | None = None) -> str:
    """``text`` with each placeholder that has a value replaced, quoted for where it stands."""
    kinds = kinds or {}
    out = []
    i, context, n = 0, None, len(text)
    while i < n:
        ch = text[i]
        if context is None:
            match = PLACEHOLDER.match(text, i)
            if match and match.group(0) in values and (i == 0 or not re.match(r"[\w$\-{]", text[i - 1])):
                name = match.group(0)
                out.append(quote(values[name], language, None, kinds.get(name, "text")))
                i = match.end()
                continue
            if ch == "\\" and language == "shell":
                out.append(text[i : i + 2])
                i += 2
                continue
            if language == "sql" and text.startswith("--", i):
                end = text.find("\n", i)
                end = n if end < 0 else end
                out.append(text[i:end])
                i = end
                continue
            if ch in "'\"" or (ch == "`" and language == "sql"):
                context = ch
            out.append(ch)
            i += 1
            continue
        # inside quotes
        if ch == "\\" and not (language == "shell" and context == "'") and context != "`":
            out.append(text[i : i + 2])
            i += 2
            continue
        if ch == context:
            context = None
            out.append(ch)
            i += 1
            continue
        match = PLACEHOLDER.match(text, i)
        if match and match.group(0) in values and not re.match(r"[\w$\-{]", text[i - 1]):
            name = match.group(0)
            out.append(quote(values[name], language, context, kinds.get(name, "text")))
            i = match.end()
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def load(path: Path) -> list:
    with open(path, encoding="utf-8") as f:
        return json.load(f)["commands"]


def default_data() -> Path:
    if os.environ.get("WIKI_DATA"):
        return Path(os.environ["WIKI_DATA"])
    here = Path(__file__).resolve().parent
    beside = here / "commands.json"
    if beside.is_file():
        return beside
    return here.parent / "_build" / "html" / "commands.json"  # in the repository: after `make html`


def matches(entry: dict, words: list, search: list) -> bool:
    command = entry["command"].lower()
    if not all(w.lower() in command for w in words):
        return False
    haystack = " ".join([entry["purpose"], entry["command"], entry["section"], entry.get("page_title", "")]).lower()
    return all(w.lower() in haystack for w in search)


class Style:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def command(self, text: str, names: set) -> str:
        if not self.color:
            return text
        return PLACEHOLDER.sub(lambda m: self(m.group(0), "4;36") if m.group(0) in names else m.group(0), text)


def show(entry: dict, style: Style, text: str, names: set, out) -> None:
    out.write(style("- " + entry["purpose"] + "：", "1") + "\n\n")
    for line in text.splitlines():
        out.write("    " + style.command(line, names) + "\n")
    out.write("\n" + style(f"  {entry['section']} · {entry['url']} · {entry['mark']}", "2") + "\n\n")


def parse_sets(pairs: list) -> dict:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not PLACEHOLDER.fullmatch(name):
            raise FillError(f"--set 要写成 NAME=VALUE（NAME 是大写的占位符）：{pair!r}")
        values[name] = value
    return values


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wiki", description="团队 Wiki 的命令：查找、填入占位符、复制。")
    parser.add_argument("words", nargs="*", help="命令里要出现的词，例如 getmerge")
    parser.add_argument("-s", "--search", action="append", default=[], help="在用途、命令和分组里搜索")
    parser.add_argument("--set", action="extend", nargs="+", default=[], metavar="NAME=VALUE", help="填入占位符")
    parser.add_argument("--list", action="store_true", help="每条命令一行")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出匹配的条目")
    parser.add_argument("--no-color", action="store_true", help="不用颜色")
    parser.add_argument("--data", type=Path, default=None, help="commands.json 的位置")
    args = parser.parse_args(argv)
    data = args.data or default_data()
    try:
        entries = load(data)
    except (OSError, ValueError, KeyError) as error:
        print(f"wiki: cannot read {data}: {error}", file=sys.stderr)
        return 2
    if not (args.words or args.search or args.list):
        parser.print_usage(sys.stderr)
        return 2
    found = [e for e in entries if matches(e, args.words, args.search)]
    if not found:
        print("wiki: 没有匹配的命令", file=sys.stderr)
        return 1
    try:
        values = parse_sets(args.set)
        filled = []
        for entry in found:
            kinds = {p["name"]: p["kind"] for p in entry["placeholders"]}
            for name, value in values.items():
                problem = check(value, kinds[name]) if name in kinds else None
                if problem:
                    raise FillError(f"{name}={value!r}：{problem}")
            filled.append(fill(entry["command"], entry["language"], values, kinds) if values else entry["command"])
    except FillError as error:
        print(f"wiki: {error}", file=sys.stderr)
        return 2
    if args.json:
        json.dump([dict(e, filled=f) for e, f in zip(found, filled)], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    style = Style(sys.stdout.isatty() and not args.no_color and "NO_COLOR" not in os.environ)
    for entry, text in zip(found, filled):
        if args.list:
            print(f"{entry['purpose']}：{text.splitlines()[0] if text else ''}")
        else:
            names = {p["name"] for p in entry["placeholders"]} - set(values)
            show(entry, style, text, names, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
