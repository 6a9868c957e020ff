"""Placeholders the reader fills once, and the commands as data for the terminal.

* The registry ``snippets/placeholders.toml`` names every UPPER_CASE placeholder of the command
  snippets: meaning, kind, example (the value the tests substitute). A placeholder in a command
  snippet that the registry does not know is a warning at the including page's line (the strict
  build fails); so is a registry entry whose kind is unknown or whose example does not fit its kind.
* A page with placeholders gets a panel (``placeholders.js``/``.css``, loaded on that page only)
  that fills every block at once; the page carries what the panel needs as JSON.
* ``commands.json`` in the HTML output: every command of the command index (purpose, section,
  page and anchor, command text, language, placeholders, verification mark), read by the
  single-file client ``wiki.py`` (teamwiki/wiki_client.py), copied beside it. It also carries the
  site's search index (``search``: what ``_static/search-index.js`` holds, teamwiki.ext.wiki_search)
  and, for each command, the index's section it stands in (``search_section``), so that ``wiki.py -s``
  ranks commands the way the site's search ranks their sections.

The placeholder rule, the kinds and the quoting live in ``teamwiki/wiki_client.py`` (the client is
one standard-library file a reader copies); this extension imports them from there.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from teamwiki import conventions, export, wiki_client
from teamwiki.ext import command_index, wiki_search
from teamwiki.ext.verification import mark_text

logger = logging.getLogger(__name__)

DATA_FILE = "commands.json"
CLIENT_FILE = "wiki.py"
LANGUAGES = {".sql": "sql", ".pycon": "python", ".sh": "shell", ".console": "shell"}
COMMENTS = {"sql": "--", "shell": "#", "python": "#"}


def _root(app: Sphinx) -> Path:
    return Path(app.confdir) / app.config.snippets_root


def _registry_path(app: Sphinx) -> Path:
    return _root(app) / app.config.placeholders_registry


def load_registry(path: Path) -> tuple[dict, dict, list[str]]:
    """(placeholders, literals, problems) of the registry file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries, problems = data.get("placeholders", {}), []
    for name, entry in entries.items():
        if not wiki_client.PLACEHOLDER.fullmatch(name):
            problems.append(f"{name}: not an UPPER_CASE placeholder name")
        for key in ("meaning", "kind", "example"):
            if not entry.get(key):
                problems.append(f"{name}: no {key}")
        if entry.get("kind") not in wiki_client.KINDS:
            problems.append(f"{name}: unknown kind {entry.get('kind')!r} (one of {', '.join(wiki_client.KINDS)})")
            continue
        for example in [entry.get("example", ""), *entry.get("examples", {}).values()]:
            problem = wiki_client.check(str(example), entry["kind"])
            if problem:
                problems.append(f"{name}: example {example!r} does not fit its kind: {problem}")
    return entries, data.get("literals", {}), problems


def example_of(entry: dict, rel: str | None = None) -> str:
    """A registry entry's example for the snippet ``rel`` (its ``examples`` override, else ``example``): the hint a
    page shows and the value the tests substitute."""
    return str(entry.get("examples", {}).get(rel, entry["example"]))


def command_text(path: Path) -> str:
    """What a reader runs: without shebang and purpose line; prompt lines only for transcripts."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix in (".console", ".pycon"):
        kept = []
        for line in lines:
            prompt = conventions.PROMPT.match(line)  # $, >>>, ... and hive>
            if prompt:
                kept.append(line[prompt.end() :])
        return "\n".join(kept)
    if lines and lines[0].startswith("#!"):
        lines = lines[1:]
    if lines and conventions.ANY_COMMENT.match(lines[0]):
        lines = lines[1:]
    return "\n".join(lines).strip("\n")


def used_in(text: str, language: str, literals) -> list[str]:
    """The placeholders of a command text, in order of first use (comment lines skipped)."""
    names: list[str] = []
    comment = COMMENTS[language]
    for line in text.splitlines():
        if line.lstrip().startswith(comment):
            continue
        for match in wiki_client.PLACEHOLDER.finditer(line):
            if match.group(0) not in literals and match.group(0) not in names:
                names.append(match.group(0))
    return names


def _load(app: Sphinx) -> None:
    path = _registry_path(app)
    if not path.is_file():
        logger.warning("placeholder registry %s not found", path)
        app.env.wiki_placeholder_registry, app.env.wiki_placeholder_literals = {}, {}
        return
    entries, literals, problems = load_registry(path)
    for problem in problems:
        logger.warning("placeholder registry: %s", problem, location=str(path))
    app.env.wiki_placeholder_registry, app.env.wiki_placeholder_literals = entries, literals


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    root = _root(app)
    registry, literals = env.wiki_placeholder_registry, env.wiki_placeholder_literals
    found: dict[str, dict] = {}
    sections: dict[str, str | None] = {}
    for node in doctree.findall(lambda n: isinstance(n, nodes.Element) and "snippet" in n.attributes):
        rel, language = node["snippet"], LANGUAGES.get(Path(node["snippet"]).suffix)
        if language is None or node.get("snippet_output") or not (root / rel).is_file():
            continue
        sections[rel] = _section_anchor(node, doctree)
        names = used_in(command_text(root / rel), language, literals)
        for name in names:
            if name not in registry:
                logger.warning(
                    "placeholder %s of snippet %s is not in the registry %s",
                    name,
                    rel,
                    app.config.placeholders_registry,
                    location=(env.docname, node.get("snippet_line")),
                )
            elif name not in found:
                entry = registry[name]
                example = example_of(entry, rel)
                found[name] = {"name": name, "meaning": entry["meaning"], "kind": entry["kind"], "example": example}
        if names:
            node["classes"] = [*node.get("classes", []), "fill", f"fill-{language}"]
    pages = getattr(env, "wiki_page_placeholders", {})
    if found:
        pages[env.docname] = list(found.values())
    else:
        pages.pop(env.docname, None)
    env.wiki_page_placeholders = pages
    env.wiki_command_sections = getattr(env, "wiki_command_sections", {})
    env.wiki_command_sections[env.docname] = sections
    if found:
        env.note_dependency(str(_registry_path(app)))


def _section_anchor(node: nodes.Element, doctree: nodes.document) -> str | None:
    """The anchor the search index gives the section that holds ``node`` (teamwiki.ext.wiki_search)."""
    section = node.parent
    while section is not None and not isinstance(section, nodes.section):
        section = section.parent
    if section is None:
        return None
    return wiki_search._anchor(section, section is next(iter(doctree.findall(nodes.section))))


def _purge(app, env, docname):
    getattr(env, "wiki_page_placeholders", {}).pop(docname, None)
    getattr(env, "wiki_command_sections", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    for name in ("wiki_page_placeholders", "wiki_command_sections"):
        mine, theirs = getattr(env, name, {}), getattr(other, name, {})
        mine.update({d: theirs[d] for d in docnames if d in theirs})
        setattr(env, name, mine)


def _panel(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The data the panel script reads, at the top of a page with placeholders."""
    entries = getattr(app.env, "wiki_page_placeholders", {}).get(docname)
    if not entries or app.builder.format != "html":
        return
    kinds = {kind: {"pattern": p, "message": m} for kind, (p, m) in wiki_client.KINDS.items()}
    data = json.dumps({"placeholders": entries, "kinds": kinds, "sqlBare": sorted(wiki_client.SQL_BARE_KINDS)})
    data = data.replace("<", "\\u003c")  # never a closing </script> inside
    raw = nodes.raw("", f'<script type="application/json" id="wiki-fill-data">{data}</script>', format="html")
    section = next(iter(doctree.findall(nodes.section)), None)
    parent = section if section is not None else doctree
    title = next((i for i, child in enumerate(parent.children) if isinstance(child, nodes.title)), -1)
    parent.insert(title + 1, raw)


def _assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if pagename in getattr(app.env, "wiki_page_placeholders", {}):
        app.add_js_file("placeholders.js", defer="defer")
        app.add_css_file("placeholders.css")


def commands(app: Sphinx, index: dict | None = None) -> list[dict]:
    """Every command of the command index, once, linked to the first page that explains it; with the site's
    search ``index``, each also names the index's section it stands in (None: a section the index leaves out)."""
    env, root = app.env, _root(app)
    sections = {}
    if index is not None:
        sections = {(index["docs"][sec[0]][0], sec[1]): n for n, sec in enumerate(index["secs"])}
    registry, literals = env.wiki_placeholder_registry, env.wiki_placeholder_literals
    records = getattr(env, "wiki_verification", {})
    out, seen = [], set()
    for docname in sorted(getattr(env, "command_snippets", {})):
        for entry in env.command_snippets[docname]:
            rel = entry["path"]
            if rel in seen:
                continue
            seen.add(rel)
            path = root / rel
            language = LANGUAGES[path.suffix]
            text = command_text(path)
            page = app.builder.get_target_uri(docname)
            names = [n for n in used_in(text, language, literals) if n in registry]
            out.append(
                {
                    "id": rel,
                    "purpose": entry["purpose"],
                    "section": command_index.group_of(path, entry["command"]),
                    "page": page,
                    "page_title": env.titles[docname].astext() if docname in env.titles else docname,
                    "anchor": entry["anchor"],
                    "url": page + (f"#{entry['anchor']}" if entry["anchor"] else ""),
                    "language": language,
                    "command": text,
                    "placeholders": [
                        {
                            "name": n,
                            "meaning": registry[n]["meaning"],
                            "kind": registry[n]["kind"],
                            "example": example_of(registry[n], rel),
                        }
                        for n in names
                    ],
                    "mark": mark_text(records.get(rel), False)[0],
                }
            )
            if index is not None:
                anchor = getattr(env, "wiki_command_sections", {}).get(docname, {}).get(rel)
                out[-1]["search_section"] = sections.get((page, anchor))
    return out


def _publish(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    index = getattr(app, "wiki_search_index", None)  # written just before (priority below)
    data = {"version": 2, "commands": commands(app, index)}
    if index is not None:
        data["search"] = index
    export.write(data["commands"], outdir / "export")
    (outdir / DATA_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.copyfile(Path(wiki_client.__file__), outdir / CLIENT_FILE)


def setup(app: Sphinx) -> dict:
    app.setup_extension("teamwiki.ext.command_index")
    app.setup_extension("teamwiki.ext.verification")
    app.setup_extension("teamwiki.ext.wiki_search")  # `wiki.py -s` searches the site's index
    app.add_config_value("placeholders_registry", "placeholders.toml", "env", str)
    app.connect("builder-inited", _load)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _panel)
    app.connect("html-page-context", _assets)
    app.connect("build-finished", _publish, priority=600)  # after wiki_search has written its index
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
