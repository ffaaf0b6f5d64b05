"""The app's commands freeze what the imports made, on a terminal only (tutor.commands.run)."""

from __future__ import annotations

import gc
import io

import pytest

from tutor.commands import run


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_imports_are_frozen_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_freeze_count()
    try:
        run.freeze_imported()  # pytest's streams are not terminals: nothing moves
        assert gc.get_freeze_count() == before
        monkeypatch.setattr("sys.stdin", _Tty())
        monkeypatch.setattr("sys.stdout", _Tty())
        assert run._terminal()
        run.freeze_imported()
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_the_app_commands_freeze_after_their_imports_and_before_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """run, quiz and practice call it once the app's module is imported, before the app is made."""
    import tutor.app.factory as factory
    import tutor.app.practice as practice_app
    from tutor.commands.context import Context
    from tutor.commands.practice import _open

    calls: list[str] = []

    class Stop(Exception):
        pass

    def made(*args: object, **kw: object) -> None:
        calls.append("app")
        raise Stop

    monkeypatch.setattr(run, "freeze_imported", lambda: calls.append("freeze"))
    monkeypatch.setattr("tutor.commands.practice.freeze_imported", lambda: calls.append("freeze"))
    monkeypatch.setattr(factory, "make_app", made)
    monkeypatch.setattr(factory, "make_quiz_app", made)
    monkeypatch.setattr(practice_app, "make_practice_app", made)
    ctx = Context(data_dir=tmp_path)
    for call in (
        lambda: run.main_run(ctx, "micrograd-labels"),
        lambda: run.main_quiz(ctx, []),
        lambda: _open(iter([]), tmp_path, keep_progress=False),
    ):
        with pytest.raises(Stop):
            call()
    assert calls == ["freeze", "app"] * 3
