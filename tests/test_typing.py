"""mypy (configured in pyproject.toml: the core strict, the app in default mode) reports
no errors, so CI, which runs ``make test`` and not ``make lint``, keeps the types honest."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_reports_no_errors(tmp_path_factory):
    mypy = Path(sys.executable).with_name("mypy")
    # A cache of its own per checkout, kept between runs (incremental after the first).
    checkout = hashlib.sha1(str(ROOT).encode()).hexdigest()[:12]
    cache = tmp_path_factory.getbasetemp().parent / f"mypy-cache-{checkout}"
    proc = subprocess.run(
        [str(mypy), "--cache-dir", str(cache), "--no-error-summary", "--hide-error-context"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
