"""No secret in the repository: detect-secrets over every tracked file (lock files excepted)."""

from __future__ import annotations

from tests.cicd.secret_scan import scan


def test_no_secrets_in_tracked_files(tracked_files_scan):
    files, result = tracked_files_scan
    assert len(files) > 50
    assert result.returncode == 0, f"detect-secrets found something:\n{result.stdout}{result.stderr}"


def test_the_scanner_finds_a_planted_secret(tmp_path):
    # built at run time so that the repository itself never holds the string
    fake = "AKIA" + "IOSFODNN7" + "EXAMPLQ"
    (tmp_path / "settings.py").write_text(f'aws_access_key_id = "{fake}"\n')
    result = scan(["settings.py"], tmp_path)
    assert result.returncode != 0 and "AWS Access Key" in result.stdout
