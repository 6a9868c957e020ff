"""One source for placeholder values: a test that substitutes a placeholder of the registry (snippets/placeholders.toml)
takes the registry's example (teamwiki.ext.placeholders.example_of), so the value a page shows and the value its test
runs are the same. This scans every test file for a registry placeholder written beside another literal value: a dict
entry (``{"CONTEXT_NAME": "probe"}``, ``dict(DAY=…)``), a ``.replace("NAME", "…")`` or a ``"NAME=…"`` argument."""

from __future__ import annotations

import ast

from teamwiki.ext.placeholders import load_registry
from tests.helpers import ROOT, SNIPPETS

REGISTRY = load_registry(SNIPPETS / "placeholders.toml")[0]
# Tests whose subject is a value the reader types (the fill-in panel, `wiki.py --set`) on the tiny site
# tests/roots/test-client, which has its own registry: there a value other than the example is the point.
READER_VALUES = {"tests/test_client.py", "tests/test_placeholders.py"}


def allowed(name: str) -> set[str]:
    entry = REGISTRY[name]
    return {str(entry["example"]), *(str(v) for v in entry.get("examples", {}).values())}


def literal_values(tree: ast.AST) -> list[tuple[int, str, str]]:
    """(line, placeholder, value) for every registry placeholder given a literal value in ``tree``."""
    found = []

    def note(key, value, line):
        if isinstance(key, ast.Constant) and key.value in REGISTRY and isinstance(value, ast.Constant):
            if isinstance(value.value, str | int):
                found.append((line, key.value, str(value.value)))

    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                note(key, value, node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "replace" and len(node.args) >= 2:
                note(node.args[0], node.args[1], node.lineno)
            if isinstance(func, ast.Name) and func.id == "dict":
                for keyword in node.keywords:
                    if keyword.arg:
                        note(ast.Constant(keyword.arg), keyword.value, node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            name, sep, value = node.value.partition("=")
            if sep and name in REGISTRY and "\n" not in node.value:
                found.append((node.lineno, name, value))
    return found


def offenders(paths) -> list[str]:
    out = []
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        if rel in READER_VALUES:
            continue
        for line, name, value in literal_values(ast.parse(path.read_text(encoding="utf-8"))):
            if value not in allowed(name):
                out.append(f"{rel}:{line}: {name} = {value!r}, the registry says {REGISTRY[name]['example']!r}")
    return out


def test_no_test_hard_codes_another_value_for_a_registry_placeholder():
    paths = sorted((ROOT / "tests").rglob("*.py"))
    assert len(paths) > 20
    assert not offenders(paths), "take the value from the registry (example_of):\n" + "\n".join(offenders(paths))


def test_the_check_finds_each_way_of_writing_a_value():
    name = "CONTEXT_NAME"
    assert name in REGISTRY and "probe" not in allowed(name)
    sources = [
        f'VALUES = {{"{name}": "probe"}}',
        f'x = dict({name}="probe")',
        f'command = text.replace("{name}", "probe")',
        f'args = ["--set", "{name}=probe"]',
    ]
    for source in sources:
        (line,) = literal_values(ast.parse(source))
        assert line[1:] == (name, "probe"), source
    example = REGISTRY[name]["example"]
    assert literal_values(ast.parse(f'VALUES = {{"{name}": "{example}"}}'))[0][2] in allowed(name)
