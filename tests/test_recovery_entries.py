"""Every entry that opens the store saves the recovery file first, once (issue 18 item 6).

What the app could not save at quit waits in ``recovery-*.json`` in the data folder. The app
and ``progress`` saved it at their start; ``review`` and adaptive ``practice`` read the
store without it, so a mistake left there was not due for review and did not steer the
next problem.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tutor.commands.practice import adaptive_source, review_source
from tutor.lesson.find import loads
from tutor.progress import recovery
from tutor.progress import writes as w
from tutor.progress.queue import Batch
from tutor.progress.review import Answer
from tutor.progress.store import Store
from tutor.skills import Skill


def leave_a_mistake(data) -> Batch:
    """A recovery file holding one wrong answer of yesterday (its cards are due now)."""
    Store.open(data).close()
    wrong = Answer(
        "lesson", "micrograd-labels", "a", False, (Skill.MUL, Skill.UPSTREAM),
        mistake="one_consumer", mistake_skill=Skill.SUM, seconds=8.0,
    )  # fmt: skip
    batch = Batch.of([w.Log(wrong, datetime.now(UTC).timestamp() - 86400)])
    recovery.write(data, [batch])
    return batch


def counted_saves(monkeypatch) -> list[str]:
    """The id of every batch ``Store.save_once`` commits."""
    saved: list[str] = []
    real = Store.save_once

    def counting(self, batch_id, writes):
        done = real(self, batch_id, writes)
        if done:
            saved.append(batch_id)
        return done

    monkeypatch.setattr(Store, "save_once", counting)
    return saved


def test_review_saves_the_recovery_file_before_it_reads_what_is_due(tmp_path, monkeypatch):
    data = tmp_path / "data"
    batch = leave_a_mistake(data)
    saved = counted_saves(monkeypatch)
    reviews = list(review_source(str(data)))
    assert len(reviews) == 2  # the mistake's card and its skill's card, due now
    code, text = reviews[0]
    assert "“forgot to sum over consumers” once" in loads(text, code).description  # not the YAML
    assert saved == [batch.id]
    assert not list(data.glob("recovery-*.json"))


def test_adaptive_practice_saves_it_before_it_plans_and_the_app_saves_nothing_again(
    tmp_path, monkeypatch
):
    from tutor.app.practice import make_practice_app
    from tutor.commands.progress import save_recovered

    data = tmp_path / "data"
    batch = leave_a_mistake(data)
    saved = counted_saves(monkeypatch)
    save_recovered(data)  # what `practice` does before it opens the app
    app = make_practice_app(adaptive_source(str(data)), data_dir=data)
    assert app.ctx.store.waiting().batches == 0  # no recovery file left for the app's queue
    code = app.ctx.paths[0].stem
    assert code.startswith("L3-")  # planned from the recovered mistake: the due SUM card
    app.ctx.close()
    assert saved == [batch.id]
    assert not list(data.glob("recovery-*.json"))


def test_a_source_opened_twice_saves_the_file_once(tmp_path, monkeypatch):
    data = tmp_path / "data"
    batch = leave_a_mistake(data)
    saved = counted_saves(monkeypatch)
    source = adaptive_source(str(data))
    first, second = next(source), next(source)  # one store for every problem drawn
    assert first[0].startswith("L3-") and second
    assert list(review_source(str(data)))  # a second entry: nothing left to save
    assert saved == [batch.id]
