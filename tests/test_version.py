"""The version is written once, in pyproject.toml, and read from the package metadata."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import tutor
from tutor import cli
from tutor import version as version_module

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_version(monkeypatch):
    """``tutor.version.version`` looked up anew (it is cached), and again after the test."""
    version_module.version.cache_clear()
    yield monkeypatch
    version_module.version.cache_clear()


def test_version_and_cli_come_from_the_package_metadata(fresh_version, capsys):
    fresh_version.setattr(metadata, "version", lambda name: {"backprop-tutor": "9.8.7"}[name])
    assert tutor.__version__ == "9.8.7"
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == "backprop-tutor 9.8.7\n"


def test_installed_version_is_pyproject_s(fresh_version):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert tutor.__version__ == metadata.version("backprop-tutor") == project["version"]


def _not_installed(name: str) -> str:
    raise metadata.PackageNotFoundError(name)


def test_a_source_tree_without_install_reads_pyproject(fresh_version, tmp_path):
    fresh_version.setattr(metadata, "version", _not_installed)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert version_module.version() == project["version"]
    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "something-else"\nversion = "5.0"\n')
    assert version_module._source_tree_version(other) is None  # another project's file
    other.write_text("[project\n")
    assert version_module._source_tree_version(other) is None  # not TOML
    assert version_module._source_tree_version(tmp_path / "missing.toml") is None


def test_neither_metadata_nor_pyproject_gives_a_local_version(fresh_version):
    fresh_version.setattr(metadata, "version", _not_installed)
    fresh_version.setattr(version_module, "_source_tree_version", lambda path: None)
    assert version_module.version() == "0+unknown"


def test_the_cli_starts_without_reading_the_metadata():
    probe = "import sys, tutor.cli; print('importlib.metadata' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"
    out = subprocess.run(
        [sys.executable, "-m", "tutor", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0 and out.stdout == f"backprop-tutor {tutor.__version__}\n"
