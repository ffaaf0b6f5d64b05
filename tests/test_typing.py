"""mypy (configured in pyproject.toml: ``--strict`` on the whole of ``tutor/``, the Textual
app included) reports no errors, so CI, which runs ``make test`` and not ``make lint``, keeps
the types honest."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
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


def test_mypy_is_strict_on_every_module_of_tutor():
    """No module of ours, the app included, is checked in a relaxed mode.

    The only overrides allowed say that a third-party package (or the lesson data package)
    has no type information: nothing of ours turns a strict check off.
    """
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["strict"] is True
    assert config["files"] == ["tutor"]
    for override in config.get("overrides", []):
        assert set(override) == {"module", "ignore_missing_imports"}, override
        modules = override["module"]
        ours = [m for m in modules if m.startswith("tutor") and m != "tutor.lessons"]
        assert not ours, ours
