"""What the learner typed is kept after the app closes (issue 21's leftover).

The train view (F5) trains with the learner's own formulas; a lesson reopened later had
only the engine's gradients, as the typed texts lived in the session alone. Each right
answer's text is now saved (a ``typed`` row, added to older files when missing) and
restored with the answers. On read it is untrusted: text only, at most ``MAX_LENGTH``
characters, for a node restored as right; the train view only parses it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_write_queue import Flaky

from tutor.app.context import AppContext
from tutor.grammar.limits import MAX_LENGTH
from tutor.lesson.find import resolve
from tutor.progress import writes as w
from tutor.progress.queued import QueuedStore
from tutor.progress.store import DB_NAME, Store
from tutor.train import Trainer

LESSON = "two-layer-net"


def context(data: Path) -> AppContext:
    return AppContext([resolve(LESSON)], 0, Store.open(data))


def finish_with_formulas(data: Path) -> dict[str, str]:
    """Answer every node of the lesson with its chain-rule formula; what was typed."""
    ctx = context(data)
    s = ctx.session_for(0)
    while s.current is not None:
        text = s.graph.kind.chain_form(s.graph, s.current)
        assert s.submit(text).kind == "right", text
    typed = dict(s.answers)
    ctx.store.close()  # type: ignore[attr-defined]
    return typed


def test_the_typed_formulas_come_back_when_the_lesson_is_reopened(tmp_path):
    typed = finish_with_formulas(tmp_path)
    again = context(tmp_path)
    s = again.session_for(0)
    assert s.complete and s.answers == typed
    t = Trainer(s.graph, s.answers)
    assert t.formulas and list(t.formulas) == [n for n in typed if n in t.formulas]
    t.step()
    assert any(c.formula for c in t.compared)  # trained with the learner's formulas
    again.store.close()  # type: ignore[attr-defined]


def test_a_restart_forgets_them(tmp_path):
    finish_with_formulas(tmp_path)
    ctx = context(tmp_path)
    ctx.restart(0)
    assert ctx.session_for(0).answers == {}
    ctx.store.close()  # type: ignore[attr-defined]


def test_damaged_or_hostile_rows_are_not_kept(tmp_path):
    typed = finish_with_formulas(tmp_path)
    first, second = list(typed)[:2]
    conn = sqlite3.connect(tmp_path / DB_NAME)
    with conn:
        conn.execute("UPDATE typed SET text = ? WHERE node = ?", ("x" * (MAX_LENGTH + 1), first))
        conn.execute("UPDATE typed SET text = ? WHERE node = ?", (b"dZ", second))
        conn.execute(
            "INSERT INTO typed VALUES (?, '', 'nosuch', '__import__(\"os\")', 1.0)",
            (context(tmp_path).key_for(0),),
        )
    conn.close()
    ctx = context(tmp_path)
    s = ctx.session_for(0)
    assert first not in s.answers and second not in s.answers and "nosuch" not in s.answers
    assert set(s.answers) == set(typed) - {first, second}
    assert ctx.store.warnings  # type: ignore[attr-defined]  # the damage is named
    ctx.store.close()  # type: ignore[attr-defined]


def test_an_older_file_without_the_table_gets_it_and_keeps_its_answers(tmp_path):
    finish_with_formulas(tmp_path)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    with conn:
        conn.execute("DROP TABLE typed")
    conn.close()
    ctx = context(tmp_path)
    s = ctx.session_for(0)
    assert s.complete and s.answers == {}  # the answers stay; no text was kept then
    ctx.store.close()  # type: ignore[attr-defined]


def test_the_write_queue_reads_what_still_waits(tmp_path):
    queued = QueuedStore(Store.open(tmp_path / "data"), lambda: Flaky(fails=10**6))
    queued.save([w.Typed("k", "", "W", "X.T @ dY", 5.0)])
    assert queued.typed("k") == {"W": "X.T @ dY"}  # not committed: read from the queue
    queued.save([w.Restart("k", "", 6.0)])
    assert queued.typed("k") == {}
    queued.close(0.2)


def test_a_typed_write_goes_through_the_recovery_file_bounded():
    write = w.Typed("k", "", "W", "X.T @ dY", 5.0)
    assert w.from_json(w.to_json(write)) == write
    too_long = {**w.to_json(write), "text": "x" * (MAX_LENGTH + 1)}
    for bad in (too_long, {**w.to_json(write), "text": 3}):
        with pytest.raises(w.BadWrite):
            w.from_json(bad)
