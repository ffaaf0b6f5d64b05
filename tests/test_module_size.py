"""Every module of tutor/ stays at most 400 lines (the guide: past 400, split by responsibility)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TUTOR = ROOT / "tutor"
#: Most lines a module may have.
MAX_LINES = 400


def oversized(root: Path, limit: int = MAX_LINES) -> list[str]:
    """``path: N lines`` for each ``.py`` file under ``root`` longer than ``limit`` lines."""
    found = []
    for path in sorted(root.rglob("*.py")):
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit:
            found.append(f"{path.relative_to(root.parent).as_posix()}: {count} lines")
    return found


def test_no_module_of_tutor_is_over_400_lines() -> None:
    assert len(list(TUTOR.rglob("*.py"))) > 50  # the package is really there
    too_long = oversized(TUTOR)
    assert not too_long, f"over {MAX_LINES} lines, split by responsibility: " + "; ".join(too_long)


def test_an_oversized_module_is_named_with_its_count(tmp_path: Path) -> None:
    package = tmp_path / "tutor"
    (package / "sub").mkdir(parents=True)
    (package / "short.py").write_text("x = 1\n" * MAX_LINES)
    (package / "sub" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (package / "notes.txt").write_text("x\n" * 1000)
    assert oversized(package) == [f"tutor/sub/long.py: {MAX_LINES + 1} lines"]
