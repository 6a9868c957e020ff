"""The wiki's own search index: Chinese, commands and options, one entry per heading.

Sphinx's index cuts Chinese text with jieba at build time but looks the reader's query up whole,
so a phrase jieba would split finds nothing (sphinx-doc/sphinx#13395). This extension writes
``_static/search-index.js``: one record per section (page, anchor, heading, a short excerpt) and
an inverted index of terms with the field each term was found in (page title, heading, a command's
purpose line, body). The browser (``docs/_static/offline-search.js``) cuts the query against the index's
own vocabulary (longest match), so both sides cut the same way.

Terms (the one definition both sides use; the browser gets ``LATIN`` from the index):

* Latin words and commands as typed: ``mapred.reduce.tasks``, ``-skipTrash``, ``--hivevar``, ``g++``,
  ``A/B``, lower-cased, plus their parts (``mapred``, ``skiptrash``, ``key``/``field``/``partitioner``
  of ``KeyFieldBasedPartitioner``) so a part finds the whole.
* Chinese runs cut by jieba (``cut_for_search``: words and the shorter words inside them) with the
  project dictionary search/jieba-dict.txt.

jieba is loaded on first use only (a no-op build never loads it): Sphinx's own index uses the same
lazy loader through ``LazyChinese``.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import tomllib
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese
from sphinx.util import logging

from teamwiki.conventions import CJK_RANGE, purpose_of

logger = logging.getLogger(__name__)

# A Latin term: a word, or words joined by . / + - (an option's leading dashes and a trailing ++ kept).
LATIN = r"-{0,2}[a-z0-9_]+(?:[./+\-][a-z0-9_]+)*(?:\+\+)?"
_LATIN = re.compile(LATIN, re.I)
_CJK = re.compile(f"[{CJK_RANGE}]+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
EXCERPT_CHARS = 160  # per section, shown under each result with the matched words marked

# Field weights: where a term is found decides the rank of a section.
TITLE, HEADING, PURPOSE, INHERITED, BODY = 10, 8, 5, 3, 1

_jieba = None
_shards = None  # the prefix dictionary by first character, when jieba uses it (see Shards)


def _load_prefix_dictionary(tokenizer) -> None:
    """What ``tokenizer.initialize()`` does, from the same cache file, in a quarter of the time.

    jieba keeps its prefix dictionary (500,000 words and prefixes) in ``jieba.cache`` in the temp
    folder and reads it with ``marshal.load(file)``, which reads the 9 MB file a few bytes at a time
    (about 1 s); ``marshal.loads`` of the whole file read at once gives the same dictionary in about
    0.25 s. Anything unusual (another dictionary, no cache yet, an unreadable cache) is left to jieba.
    """
    import marshal
    import tempfile

    import jieba

    if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT or tokenizer.cache_file:
        return tokenizer.initialize()
    try:
        data = (Path(tokenizer.tmp_dir or tempfile.gettempdir()) / "jieba.cache").read_bytes()
        tokenizer.FREQ, tokenizer.total = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return tokenizer.initialize()
    tokenizer.initialized = True


class Shards:
    """jieba's prefix dictionary split by a word's first character, loaded a character at a time.

    Every word jieba looks up while cutting a text is a piece of that text, so it starts with one of the
    text's characters: with those characters' words (and prefixes) loaded, the cut is the one the whole
    dictionary gives. A rebuild that indexes one page loads a few hundred of the 12,000 characters'
    shards (about 10 ms instead of 0.25–1 s); a fresh build ends up loading them all, about what
    loading the whole dictionary costs. ``cover(text)`` before every cut; the user dictionary's own
    text is covered before it is added, so its words land on the loaded words, as they would on the
    whole dictionary. The shards are kept in the temp folder beside jieba's own cache, written once
    from jieba's dictionary (``Shards.write``), keyed by jieba's version and dictionary file.
    """

    FORMAT = 1

    def __init__(self, tokenizer, path: Path):
        import sqlite3

        self.tokenizer = tokenizer
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        (total,) = self.db.execute("select total from meta").fetchone()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = {}, total, True
        self.loaded: set[str] = set()

    @staticmethod
    def path(tokenizer) -> Path | None:
        """Where the shards of the tokenizer's dictionary are kept (None: not jieba's own dictionary)."""
        import tempfile

        import jieba

        if tokenizer.dictionary != jieba.DEFAULT_DICT or tokenizer.cache_file:
            return None
        source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
        stat = source.stat()
        key = f"{Shards.FORMAT} {jieba.__version__} {source} {stat.st_size} {stat.st_mtime_ns}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return Path(tokenizer.tmp_dir or tempfile.gettempdir()) / f"teamwiki-jieba-{digest}.sqlite"

    @staticmethod
    def write(path: Path, freq: dict, total: int) -> None:
        """Keep ``freq`` (jieba's whole prefix dictionary, before any user word) and ``total`` as shards."""
        import marshal
        import os
        import sqlite3
        import tempfile

        shards: dict[str, dict] = {}
        for word, count in freq.items():
            shards.setdefault(word[0], {})[word] = count
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.close(fd)
        try:
            db = sqlite3.connect(tmp)
            db.execute("create table shard (ch text primary key, words blob not null) without rowid")
            db.execute("create table meta (total integer not null)")
            db.executemany("insert into shard values (?, ?)", ((c, marshal.dumps(d)) for c, d in shards.items()))
            db.execute("insert into meta values (?)", (total,))
            db.commit()
            db.close()
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)

    def cover(self, text: str) -> None:
        """Load the words of every character of ``text`` not loaded yet."""
        import marshal

        missing = set(text) - self.loaded
        if not missing:
            return
        self.loaded |= missing
        chars, freq = sorted(missing), self.tokenizer.FREQ
        for start in range(0, len(chars), 900):  # SQLite's limit on parameters is far above 900
            part = chars[start : start + 900]
            query = f"select words from shard where ch in ({','.join('?' * len(part))})"
            for (blob,) in self.db.execute(query, part):
                freq.update(marshal.loads(blob))


def _open(tokenizer):
    """The tokenizer on shards (written first from the whole dictionary if there are none yet), or None."""
    import sqlite3

    path = Shards.path(tokenizer)
    if path is None:
        return None
    if not path.is_file():
        _load_prefix_dictionary(tokenizer)
        try:
            Shards.write(path, tokenizer.FREQ, tokenizer.total)
        except (OSError, sqlite3.Error):
            pass
        return None  # this build has the whole dictionary already
    try:
        return Shards(tokenizer, path)
    except (OSError, sqlite3.Error, TypeError):
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = {}, 0, False
        return None


def segmenter(text: str = ""):
    """jieba with the project dictionary, loaded on first call (never at import), ready to cut ``text``."""
    global _jieba, _shards
    if _jieba is None:
        import logging as std_logging

        import jieba

        jieba.setLogLevel(std_logging.WARNING)  # its DEBUG lines on every build are noise
        _shards = _open(jieba.dt)
        if _shards is not None:
            _shards.cover(_dict_path.read_text(encoding="utf-8"))
        elif not jieba.dt.initialized:
            _load_prefix_dictionary(jieba.dt)
        jieba.load_userdict(str(_dict_path))
        _jieba = jieba
    if _shards is not None:
        _shards.cover(text)
    return _jieba


_dict_path = Path(__file__).resolve().parents[2] / "search" / "jieba-dict.txt"


def _configure(app: Sphinx) -> None:
    global _dict_path
    if app.config.html_search_options.get("dict"):
        _dict_path = Path(app.config.html_search_options["dict"])


class LazyChinese(SearchChinese):
    """Sphinx's Chinese search language, loading jieba when the first page is indexed."""

    def __init__(self, options):
        super(SearchChinese, self).__init__(options)  # skip the eager jieba.load_userdict
        self.latin_terms = set()
        import snowballstemmer

        self.stemmer = snowballstemmer.stemmer("english")

    def split(self, input):
        chinese = [w for w in segmenter(input).cut_for_search(input)]
        latin1 = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin1)
        return chinese + latin1


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def latin_terms(text: str) -> list[str]:
    """Latin terms of ``text``: each whole term, then its parts (split at . / + - and camelCase)."""
    out = []
    for match in _LATIN.finditer(text):
        whole = match.group(0)
        out.append(whole.lower())
        bare = whole.lstrip("-")
        parts = [p for p in re.split(r"[./+\-]", bare) if p]
        if whole.endswith("++"):
            parts = [bare.lower()[:-2] or bare.lower()]
        for part in parts:
            out.append(part.lower())
            camel = _CAMEL.findall(part)
            if len(camel) > 1:
                out.extend(c.lower() for c in camel)
    return out


def chinese_terms(text: str) -> list[str]:
    jieba = segmenter(text)
    return [w for run in _CJK.findall(text) for w in jieba.cut_for_search(run) if w.strip()]


def terms(text: str) -> list[str]:
    text = normalize(text)
    return latin_terms(text) + (chinese_terms(text) if _CJK.search(text) else [])


# -- collecting sections from each written page --------------------------------------------------


def _anchor(section: nodes.section, top: bool) -> str:
    if top:
        return ""
    ids = section.get("ids") or [""]
    named = [i for i in ids if not re.fullmatch(r"id\d+", i)]
    return (named or ids)[-1]


def _own_text(section: nodes.section, root: Path) -> tuple[list[str], list[str], list[str]]:
    """(prose, code, purpose lines) directly in ``section`` (not in its subsections)."""
    prose, code, purposes = [], [], []

    def walk(node):
        for child in node.children:
            if isinstance(child, nodes.section | nodes.title):
                continue
            if isinstance(child, nodes.caption):  # a code block's file name: searchable, not an excerpt
                code.append(child.astext())
            elif isinstance(child, nodes.literal_block):
                if child.get("snippet_output"):
                    continue
                if child.get("snippet"):
                    purpose = purpose_of(root / child["snippet"])
                    if purpose:
                        purposes.append(purpose)
                code.append(child.astext())
            elif isinstance(child, nodes.comment | nodes.raw | nodes.system_message):
                continue
            elif isinstance(child, nodes.Text):
                prose.append(child.astext())
            elif isinstance(child, nodes.Element):
                if child.get("alt") and child.tagname != "image":
                    prose.append(" " + child["alt"] + " ")
                walk(child)
                if not isinstance(child, nodes.Inline):
                    prose.append(" ")  # between paragraphs, cells, items; inline text runs on

    walk(section)
    return prose, code, purposes


def _records(app: Sphinx, doctree: nodes.document, docname: str) -> list[dict]:
    root = Path(app.confdir) / getattr(app.config, "snippets_root", "snippets")
    records = []
    sections = list(doctree.findall(nodes.section))
    if not sections:
        return records
    page_title = " ".join(sections[0][0].astext().split())

    def visit(section, parents, top):
        heading = " ".join(section[0].astext().split())
        prose, code, purposes = _own_text(section, root)
        text = " ".join("".join(prose).split())
        records.append(
            {
                "anchor": _anchor(section, top),
                "heading": heading,
                "parents": parents,
                "purposes": purposes,
                "text": text,
                "code": "\n".join(code),
                "top": top,
            }
        )
        for sub in section.children:
            if isinstance(sub, nodes.section):
                visit(sub, parents + [heading] if not top else [], False)

    visit(sections[0], [], True)
    for record in records:
        record["title"] = page_title
    return records


FORMAT = 5  # bump when the records change: every page is then indexed again


def _cache_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "wiki-search.pickle"  # pickle: 4× faster than JSON to load at hundreds of pages


def _load_cache(app: Sphinx) -> dict:
    """docname -> its records, kept between builds beside the doctrees (only written pages change).

    Beside them: the synonyms and a digest of the index last written from them, so that a build that
    changed no record leaves the index alone (a fresh output folder, or a changed index file, is written).
    """
    if not hasattr(app, "_wiki_search_cache"):
        try:
            data = pickle.loads(_cache_path(app).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        if data.get("format") != FORMAT:
            data = {}
        app._wiki_search_cache = data.get("docs", {})
        app._wiki_search_written = {k: data[k] for k in ("synonyms", "digest") if k in data}
        app._wiki_search_dirty = False
    return app._wiki_search_cache


def _unindexed(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Pages missing from the kept records (first build, new format): read and write them again."""
    if app.builder.format != "html":
        return []
    cache = _load_cache(app)
    return sorted(d for d in env.found_docs if d not in cache and d not in added | changed)


def _weighted_terms(record: dict) -> dict[str, int]:
    """term -> the best field weight it has in this section (headings above it: the browser inherits)."""
    weights: dict[str, int] = {}

    def add(text, weight):
        for term in terms(text):
            if weights.get(term, 0) < weight:
                weights[term] = weight

    add(record["text"], BODY)
    add(record["code"], BODY)
    for purpose in record["purposes"]:
        add(purpose, PURPOSE)
    add(record["heading"], TITLE if record["top"] else HEADING)
    return weights


def collect(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or docname == "genindex":
        return
    cache = _load_cache(app)
    entries = []
    for record in _records(app, doctree, docname):
        if docname in app.config.wiki_search_headings_only:
            record.update(text="", code="", purposes=[])
        record["terms"] = _weighted_terms(record)
        del record["code"]
        entries.append(record)
    entry = {"uri": app.builder.get_target_uri(docname), "sections": entries}
    if cache.get(docname) != entry:
        cache[docname] = entry
        app._wiki_search_dirty = True


# -- writing the index --------------------------------------------------------------------------


def load_synonyms(path: Path) -> list[list[str]]:
    """Groups of words a reader may type for the same thing (search/synonyms.toml), normalized."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [[normalize(w).lower() for w in group["words"]] for group in data["group"]]


WEIGHTS = [BODY, INHERITED, PURPOSE, HEADING, TITLE]  # a posting stores the index of its weight here
RANK = {weight: rank for rank, weight in enumerate(WEIGHTS)}
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _encode(value: int, width: int) -> str:
    out = ""
    for _ in range(width):
        value, digit = divmod(value, len(DIGITS))
        out = DIGITS[digit] + out
    return out


def _encoder(width: int):
    """``_encode(value, width)`` as a table lookup: a posting list of a big site has hundreds of thousands."""
    if width > 4:
        return lambda value: _encode(value, width)
    pairs = [a + b for a in DIGITS for b in DIGITS]
    base = len(pairs)
    if width == 1:
        return DIGITS.__getitem__
    if width == 2:
        return pairs.__getitem__
    if width == 3:
        return lambda value: DIGITS[value // base] + pairs[value % base]
    return lambda value: pairs[value // base] + pairs[value % base]


def build_index(cache: dict, synonyms: list[list[str]]) -> dict:
    """The index the browser loads. ``terms``: term -> postings, each ``width`` base-62 digits of
    section * len(WEIGHTS) + weight index (two characters a posting instead of a JSON pair)."""
    docs, secs, postings = [], [], {}
    for docname in sorted(cache):
        entry = cache[docname]
        doc, top = len(docs), len(secs)
        docs.append([entry["uri"], entry["sections"][0]["title"] if entry["sections"] else docname, top])
        by_heading: dict[str, int] = {}
        for record in entry["sections"]:
            sec = len(secs)
            parent = by_heading.get(record["parents"][-1], top) if record["parents"] else (-1 if record["top"] else top)
            secs.append([doc, record["anchor"], record["heading"], record["text"][:EXCERPT_CHARS], parent])
            by_heading[record["heading"]] = sec
            base = sec * len(WEIGHTS)
            for term, weight in record["terms"].items():
                postings.setdefault(term, []).append(base + RANK[weight])
    width = 1
    while len(DIGITS) ** width <= max(len(secs), 1) * len(WEIGHTS):
        width += 1
    encode = _encoder(width)
    terms_out = {t: "".join(map(encode, sorted(p))) for t, p in sorted(postings.items())}
    return {
        "latin": LATIN,
        "cjk": CJK_RANGE,
        "digits": DIGITS,
        "width": width,
        "weights": WEIGHTS,
        "docs": docs,
        "secs": secs,
        "terms": terms_out,
        "synonyms": synonyms,
    }


# search-index.js is a script (it loads from file:// where fetch() cannot): the index as JSON between these two.
INDEX_HEAD = b"window.wikiSearchIndex="
INDEX_TAIL = b";window.wikiSearch&&window.wikiSearch.loaded();\n"


def write_index(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    cache = _load_cache(app)
    for docname in list(cache):
        if docname not in app.env.found_docs:
            del cache[docname]
            app._wiki_search_dirty = True
    synonyms = load_synonyms(Path(app.confdir) / app.config.wiki_search_synonyms)
    out = Path(app.outdir) / "_static" / "search-index.js"
    written = app._wiki_search_written
    if not app._wiki_search_dirty and written.get("synonyms") == synonyms and out.is_file():
        data = out.read_bytes()
        if hashlib.sha256(data).hexdigest() == written.get("digest"):
            # the records and synonyms it was written from, unchanged: the same index, read back for commands.json
            app.wiki_search_index = json.loads(data[len(INDEX_HEAD) : -len(INDEX_TAIL)])
            return
    index = build_index(cache, synonyms)
    app.wiki_search_index = index  # teamwiki.ext.placeholders ships it in commands.json for `wiki.py -s`
    body = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    data = INDEX_HEAD + body.encode("utf-8") + INDEX_TAIL
    if not out.is_file() or out.read_bytes() != data:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    state = {"format": FORMAT, "docs": cache, "synonyms": synonyms, "digest": hashlib.sha256(data).hexdigest()}
    _cache_path(app).write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    app._wiki_search_written = {"synonyms": synonyms, "digest": state["digest"]}
    app._wiki_search_dirty = False


def setup(app: Sphinx) -> dict:
    app.add_config_value("wiki_search_synonyms", "search/synonyms.toml", "html", types=[str])
    # Pages that only gather what other pages explain (the command index): found by their headings,
    # never ahead of the page that explains a command.
    app.add_config_value("wiki_search_headings_only", [], "html", types=[list])
    app.add_search_language(LazyChinese)
    app.add_css_file("search-ui.css")
    app.connect("builder-inited", _configure)
    app.connect("env-get-outdated", _unindexed)
    app.connect("doctree-resolved", collect)
    app.connect("build-finished", write_index)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
