#!/usr/bin/env python3
"""wiki: the team wiki's commands in the terminal, from the commands.json the site build writes.

    python3 wiki.py getmerge                      commands containing "getmerge", tldr-style
    python3 wiki.py -s 去重                        search with the site's search (same index, same rules)
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
import math
import os
import re
import shlex
import sys
import unicodedata
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
    return json.dumps(value, ensure_ascii=False)


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


def load(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data.get("commands"), list):
        raise ValueError("no list of commands in it")
    return data


# -- search: the site's search (docs/_static/offline-search.js) on the same index ------------------
# The build ships the site's search index in commands.json ("search": the object _static/search-index.js
# holds; every command says which of its sections it stands in). The query rules below are a line-by-line
# port of offline-search.js: cut the query like the index (Latin terms by the index's pattern, Chinese by
# longest match against the index's vocabulary), synonyms, exact / prefix / typo / contained-word matches,
# the field weights of the index, ranking by coverage then score. tests/test_client_search.py runs both on the
# same index and compares. The constants are the browser's (tests/test_client_search.py reads them there).
PREFIX = 0.7  # a prefix match counts this much of an exact match
FUZZY = 0.5  # a match with a typo
CONTAINS = 0.6  # a Chinese query word inside a longer indexed word
GLUE = {
    "的",
    "了",
    "和",
    "与",
    "及",
    "或",
    "是",
    "在",
    "怎么",
    "怎样",
    "如何",
    "什么",
    "吗",
    "呢",
    "把",
    "里",
    "中",
    "一下",
}
_ASCII = re.compile(r"[\x00-\x7f]+")
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")


def _js_key_order(keys: list) -> list:
    """The order JavaScript's Object.keys gives an object's keys: array indexes first, ascending."""
    index = [k for k in keys if _ARRAY_INDEX.fullmatch(k) and int(k) < 2**32 - 1]
    indexes = set(index)
    return sorted(index, key=int) + [k for k in keys if k not in indexes]


def _is_ascii(text: str) -> bool:
    return bool(_ASCII.fullmatch(text))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein (adjacent swaps count once), stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    rows: list = []
    for i in range(len(a) + 1):
        row = [i]
        rows.append(row)
        for j in range(1, len(b) + 1):
            if i == 0:
                row.append(j)
                continue
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d = min(d, rows[i - 2][j - 2] + 1)
            row.append(d)
        if min(row) > limit:
            return limit + 1
    return rows[len(a)][len(b)]


class Search:
    """The site's search over its index (the ``search`` object of commands.json)."""

    def __init__(self, index: dict):
        self.index = index
        self.terms = index["terms"]
        self.cjk = re.compile("[" + index["cjk"] + "]+")
        self.latin = re.compile(index["latin"], re.I | re.A)
        self.latin_vocab: list = []
        self.latin_by_length: dict = {}
        self.cjk_vocab: dict = {}  # an ordered set
        self.longest_cjk = 1
        for term in _js_key_order(list(self.terms)):
            if _is_ascii(term):
                self.latin_vocab.append(term)
                self.latin_by_length.setdefault(len(term), []).append(term)
            else:
                self.cjk_vocab[term] = None
                self.longest_cjk = max(self.longest_cjk, len(term))
        self.children: list = [[] for _ in index["secs"]]
        for n, sec in enumerate(index["secs"]):
            if sec[4] >= 0:
                self.children[sec[4]].append(n)
        self.value = {d: n for n, d in enumerate(index["digits"])}
        self.decoded: dict = {}

    def postings(self, term: str) -> dict:
        """section -> weight of ``term``, with a heading's terms inherited by the sections under it."""
        if term in self.decoded:
            return self.decoded[term]
        digits, width, weights = self.index["digits"], self.index["width"], self.index["weights"]
        code = self.terms.get(term, "")
        found: dict = {}
        inherited, heading = weights[1], weights[3]

        def give(sec):
            for child in self.children[sec]:
                if child not in found:
                    found[child] = inherited
                give(child)

        own = []
        for i in range(0, len(code), width):
            value = 0
            for j in range(width):
                value = value * len(digits) + self.value[code[i + j]]
            sec, weight = value // len(weights), weights[value % len(weights)]
            found[sec] = weight
            own.append((sec, weight))
        for sec, weight in own:
            if weight >= heading:
                give(sec)
        self.decoded[term] = found
        return found

    def matches(self, term: str) -> list:
        """[(indexed term, quality)] a query term matches."""
        out = []
        exact = term in self.terms
        if exact:
            out.append((term, 1))
        if _is_ascii(term):
            bare = term.lstrip("-")
            if len(bare) >= 2:
                out += [(word, PREFIX) for word in self.latin_vocab if word != term and word.startswith(term)]
            if not exact and len(bare) >= 5:
                limit = 2 if len(bare) >= 8 else 1
                for length in range(len(term) - limit, len(term) + limit + 1):
                    for word in self.latin_by_length.get(length, []):
                        if not word.startswith(term) and edit_distance(term, word, limit) <= limit:
                            out.append((word, FUZZY))
        elif not exact and len(term) >= 2:
            out += [(word, CONTAINS) for word in self.cjk_vocab if term in word]
        return out

    def cut_chinese(self, run: str) -> list:
        """A Chinese run cut by longest match against the index's vocabulary."""
        out, i = [], 0
        while i < len(run):
            j = min(len(run), i + self.longest_cjk)
            while j > i + 1 and run[i:j] not in self.cjk_vocab:
                j -= 1
            out.append(run[i:j])
            i = j
        return out

    def query_terms(self, text: str) -> list:
        """The terms of a piece of query text (one alternative: all of them should match)."""
        terms = []
        for match in self.latin.finditer(self.cjk.sub(" ", text)):
            whole = match.group(0).lower()
            bare = whole.lstrip("-")
            if whole in self.terms or not re.search(r"[./+-]", bare):
                terms.append(whole)
            else:
                terms += [part for part in re.split(r"[./+-]+", bare) if part]
        for run in self.cjk.findall(text):
            terms += self.cut_chinese(run)
        return terms

    def parse(self, query: str) -> list:
        """[(alternatives, optional)]: each requirement is met by any one of its alternatives (synonyms)."""
        rest = unicodedata.normalize("NFKC", query).lower()
        groups = self.index["synonyms"]
        reqs = []
        for word in sorted((w for group in groups for w in group), key=len, reverse=True):
            pattern = re.escape(word)
            if _is_ascii(word[:1]):
                pattern = "(?<![a-z0-9_])" + pattern + "(?![a-z0-9_])"
            if not re.search(pattern, rest):
                continue
            rest = re.sub(pattern, " ", rest, count=1)
            alternatives = list(dict.fromkeys(w for group in groups if word in group for w in group))
            reqs.append(([t for t in map(self.query_terms, alternatives) if t], False))
        for term in self.query_terms(rest):
            reqs.append(([[term]], term in GLUE))
        return reqs

    def search(self, query: str) -> list:
        """[(section, full match?, coverage, score)], best first (every section that matches a part)."""
        reqs = [r for r in self.parse(query) if r[0]]
        required = sum(1 for _, optional in reqs if not optional) or 1
        total = len(self.index["secs"])
        cache: dict = {}

        def term_scores(term):
            if term not in cache:
                scores: dict = {}
                for word, quality in self.matches(term):
                    found = self.postings(word)
                    idf = math.log(1 + total / max(1, len(found)))
                    for sec, weight in found.items():
                        score = weight * quality * idf
                        if scores.get(sec, 0) < score:
                            scores[sec] = score
                cache[term] = scores
            return cache[term]

        found: dict = {}  # section -> [covered, score]
        for alts, optional in reqs:
            best: dict = {}  # section -> (coverage, score) of the best alternative
            for alt in alts:
                per_term = [term_scores(term) for term in alt]
                secs = dict.fromkeys(sec for scores in per_term for sec in scores)
                for sec in secs:
                    hit, score = 0, 0
                    for scores in per_term:
                        if sec in scores:
                            hit += 1
                            score += scores[sec]
                    value = (hit / len(alt), score)
                    old = best.get(sec)
                    if old is None or value[0] > old[0] or (value[0] == old[0] and value[1] > old[1]):
                        best[sec] = value
            for sec, (coverage, score) in best.items():
                entry = found.setdefault(sec, [0, 0])
                if not optional:
                    entry[0] += coverage
                entry[1] += score
        results = [
            (sec, covered >= required - 1e-9, covered / required, score)
            for sec, (covered, score) in found.items()
            if covered > 0
        ]
        results.sort(key=lambda r: (-r[2], -r[3]))
        return results


def search_commands(data: dict, query: str) -> list:
    """The commands whose section fully matches ``query``, in the order the site ranks their sections."""
    if not data.get("search"):
        raise FillError("这份 commands.json 里没有搜索索引：用新版的构建重新生成")
    by_section: dict = {}
    for entry in data["commands"]:
        if entry.get("search_section") is not None:
            by_section.setdefault(entry["search_section"], []).append(entry)
    ranked = Search(data["search"]).search(query)
    return [entry for sec, full, _, _ in ranked if full for entry in by_section.get(sec, [])]


def default_data() -> Path:
    if os.environ.get("WIKI_DATA"):
        return Path(os.environ["WIKI_DATA"])
    here = Path(__file__).resolve().parent
    beside = here / "commands.json"
    if beside.is_file():
        return beside
    return here.parent / "_build" / "html" / "commands.json"  # in the repository: after `make html`


def matches(entry: dict, words: list) -> bool:
    """Every word is in the command (any case): ``wiki getmerge``, ``wiki hadoop fs``."""
    command = entry["command"].lower()
    return all(w.lower() in command for w in words)


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
    parser.add_argument(
        "-s", "--search", action="append", default=[], help="像网站的搜索框一样搜索（前缀、拼写容错、同义词）"
    )
    parser.add_argument("--set", action="extend", nargs="+", default=[], metavar="NAME=VALUE", help="填入占位符")
    parser.add_argument("--list", action="store_true", help="每条命令一行")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出匹配的条目")
    parser.add_argument("--no-color", action="store_true", help="不用颜色")
    parser.add_argument("--data", type=Path, default=None, help="commands.json 的位置")
    args = parser.parse_args(argv)
    data = args.data or default_data()
    try:
        loaded = load(data)
    except (OSError, ValueError, KeyError) as error:
        print(f"wiki: cannot read {data}: {error}", file=sys.stderr)
        return 2
    if not (args.words or args.search or args.list):
        parser.print_usage(sys.stderr)
        return 2
    try:
        entries = search_commands(loaded, " ".join(args.search)) if args.search else loaded["commands"]
    except FillError as error:
        print(f"wiki: {error}", file=sys.stderr)
        return 2
    found = [e for e in entries if matches(e, args.words)]
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
            filled.append(
                (entry, fill(entry["command"], entry["language"], values, kinds) if values else entry["command"])
            )
    except FillError as error:
        print(f"wiki: {error}", file=sys.stderr)
        return 2
    if args.json:
        json.dump([dict(e, filled=f) for e, f in filled], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    style = Style(sys.stdout.isatty() and not args.no_color and "NO_COLOR" not in os.environ)
    for entry, text in filled:
        if args.list:
            print(f"{entry['purpose']}：{text.splitlines()[0] if text else ''}")
        else:
            names = {p["name"] for p in entry["placeholders"]} - set(values)
            show(entry, style, text, names, sys.stdout)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `wiki.py --list | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
