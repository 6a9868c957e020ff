"""Fixtures of the CI/CD section: the secret scan of the whole repository, started early (tests/conftest.py) except
under `make regen`, whose tests rewrite files the scan reads."""

from __future__ import annotations

import pytest

from tests.cicd import secret_scan
from tests.helpers import REGEN


def pytest_configure(config):
    if not REGEN:
        config.wiki_early_jvms["tracked_files_scan"] = (secret_scan.scan_tracked_files, lambda result: None, None)


@pytest.fixture(scope="session")
def tracked_files_scan(pytestconfig):
    """(the tracked files scanned, detect-secrets' run over them)."""
    if REGEN:
        return secret_scan.scan_tracked_files()
    return pytestconfig.wiki_early_result("tracked_files_scan")
