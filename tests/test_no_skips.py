"""In CI (``CI=true``) a skipped test fails (``conftest.py``): every test runs there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

SKIPPING = """
import pytest

def test_skips_inside():
    pytest.skip("no frobnicator")

@pytest.mark.skipif(True, reason="no widget")
def test_skipped_by_a_mark():
    pass

def test_runs():
    pass
"""


def _pytest(folder: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "true"} if ci else {})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(folder)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_skip_fails_in_ci_and_stays_a_skip_elsewhere(tmp_path):
    shutil.copy(TESTS / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_some.py").write_text(SKIPPING, encoding="utf-8")
    ci = _pytest(tmp_path, ci=True)
    assert ci.returncode == 1, ci.stdout
    assert "skipped in CI, where every test must run: Skipped: no frobnicator" in ci.stdout
    assert "skipped in CI, where every test must run: Skipped: no widget" in ci.stdout
    assert "1 failed, 1 passed, 1 error" in ci.stdout
    local = _pytest(tmp_path, ci=False)
    assert local.returncode == 0 and "1 passed, 2 skipped" in local.stdout, local.stdout
