"""Fixtures of the system-design tests: the snippet modules, imported from their files."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.helpers import SNIPPETS

SNIPPET_DIR = SNIPPETS / "system-design"


def load_snippet(relative: str):
    """Import a snippet file as a module (snippet folders are not packages)."""
    path = SNIPPET_DIR / relative
    name = "sysdesign_" + path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is created
    sys.path.insert(0, str(path.parent))  # the demos import their neighbour (from ring import HashRing)
    dont_write, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ in snippets/
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = dont_write
        sys.path.remove(str(path.parent))
    return module


@pytest.fixture(scope="session")
def capacity():
    return load_snippet("capacity/feed_capacity.py")


@pytest.fixture(scope="session")
def ring_module():
    return load_snippet("consistent-hashing/ring.py")


@pytest.fixture(scope="session")
def cache_module():
    return load_snippet("caching/post_cache.py")


@pytest.fixture(scope="session")
def fanout_module():
    return load_snippet("caching/fanout.py")


@pytest.fixture(scope="session")
def by_author_module():
    return load_snippet("consistent-hashing/by_author.py")
