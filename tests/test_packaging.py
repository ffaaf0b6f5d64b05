"""The wheel ships the bundled lessons, and an installed copy runs from anywhere."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.name for p in (REPO / "lessons").glob("*.yaml"))
IGNORE = shutil.ignore_patterns(
    ".venv", ".venv-uv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".hypothesis", "tests", "bench", "docs",
)  # fmt: skip
NETWORK_TROUBLE = (
    "Could not find a version",
    "No matching distribution",
    "NewConnectionError",
    "Network is unreachable",
    "Temporary failure in name resolution",
    "ConnectTimeout",
    "ProxyError",
)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 300):
    """Run a command and return the completed process (text output)."""
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _offline_build_possible() -> bool:
    """Whether the venv's setuptools can make a wheel without downloading anything."""
    if importlib.util.find_spec("wheel") is not None:
        return True
    try:
        from setuptools.command import bdist_wheel  # noqa: F401  (setuptools >= 70.1)
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the repository (the working tree is left untouched)."""
    base = tmp_path_factory.mktemp("pkg")
    src = base / "src"
    shutil.copytree(REPO, src, ignore=IGNORE)
    dist = base / "dist"
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-w", str(dist)]
    if _offline_build_possible():
        cmd.append("--no-build-isolation")
    result = _run([*cmd, str(src)], cwd=base)
    if result.returncode != 0 and "--no-build-isolation" not in cmd:
        output = result.stdout + result.stderr
        if any(sign in output for sign in NETWORK_TROUBLE):
            pytest.skip(
                "cannot build a wheel: the venv's setuptools has no bdist_wheel (install "
                "'wheel' or setuptools>=70.1) and the package index is unreachable"
            )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    wheels = list(dist.glob("backprop_tutor-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed into a fresh target folder."""
    target = tmp_path_factory.mktemp("site")
    result = _run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target",
         str(target), str(wheel)],
        cwd=target,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return target


def _env(target: Path) -> dict[str, str]:
    """An environment whose ``tutor`` is the installed copy."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(target)
    env.pop("BACKPROP_TUTOR_DATA", None)
    return env


def test_repo_has_lessons_to_ship() -> None:
    assert "micrograd-labels.yaml" in LESSONS
    assert "course.yaml" in LESSONS
    assert len(LESSONS) >= 11


def test_wheel_contains_every_bundled_lesson(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        assert "tutor/lessons/micrograd-labels.yaml" in names
        missing = [f for f in LESSONS if f"tutor/lessons/{f}" not in names]
        assert missing == []
        shipped = z.read("tutor/lessons/micrograd-labels.yaml")
    assert shipped == (REPO / "lessons" / "micrograd-labels.yaml").read_bytes()
    assert "tutor/cli.py" in names
    assert not any(n.startswith("tests/") for n in names)


def test_installed_copy_is_the_one_imported(installed: Path, tmp_path: Path) -> None:
    code = "import tutor, tutor.lesson.find as L; print(tutor.__file__); print(L.bundled_dir())"
    result = _run([sys.executable, "-c", code], cwd=tmp_path, env=_env(installed))
    assert result.returncode == 0, result.stderr
    module_file, lessons_dir = result.stdout.splitlines()
    assert Path(module_file).resolve().is_relative_to(installed.resolve())
    assert Path(lessons_dir).resolve().is_relative_to(installed.resolve())
    assert not Path(module_file).resolve().is_relative_to(REPO)


def test_installed_list_shows_every_lesson(installed: Path, tmp_path: Path) -> None:
    result = _run([sys.executable, "-m", "tutor", "list"], cwd=tmp_path, env=_env(installed))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# Backpropagation by hand"  # the course title, above its lessons
    listed = [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]
    expected = [f[: -len(".yaml")] for f in LESSONS if f != "course.yaml"]
    assert sorted(listed) == sorted(expected)
    assert listed[0] == "add-multiply-gates"
    assert listed[-1] == expected_last()
    assert not [line for line in lines if "ERROR" in line]
    assert result.stderr == ""


def _mentions(data: object, name: str, grad: float) -> bool:
    """Whether the JSON holds ``name`` with gradient ``grad`` (as a record or a mapping)."""
    if isinstance(data, dict):
        values = list(data.values())
        if name in values and any(
            isinstance(v, int | float) and not isinstance(v, bool) and v == grad for v in values
        ):
            return True
        if data.get(name) == grad:
            return True
        return any(_mentions(v, name, grad) for v in values)
    if isinstance(data, list):
        return any(_mentions(v, name, grad) for v in data)
    return False


def test_installed_solve_prints_the_gradients(installed: Path, tmp_path: Path) -> None:
    result = _run(
        [sys.executable, "-m", "tutor", "solve", "micrograd-labels", "--json"],
        cwd=tmp_path,
        env=_env(installed),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for name, grad in {"L": 1, "d": -2, "f": 4, "c": -2, "e": -2, "a": 6, "b": -4}.items():
        assert _mentions(data, name, grad), (name, grad)


def expected_last() -> str:
    """The last lesson of the bundled course (course.yaml order)."""
    import yaml

    course = yaml.safe_load((REPO / "lessons" / "course.yaml").read_text(encoding="utf-8"))
    return str(course["lessons"][-1])
