"""The fuzzer: random answers per dialect and random lesson mutations, 0 uncaught exceptions.

Issue 18, item 2. Every answer either grades or is refused with one ``AnswerError`` line,
and no warning leaks (NumPy's "Mean of empty slice" used to reach stderr). Every mutated
lesson is checked by ``check_file`` without raising; those that still open are graded
too. The generator is seeded (``tests/fuzz_answers.py``), so a failure names the answer
and replays. The counts are the issue's: at least 20,000 answers per dialect.
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path
from typing import Any

import pytest
from fuzz_answers import AnswerFuzzer, mutate_lesson

from tutor.graph.build import build
from tutor.lesson.find import bundled_dir, load
from tutor.teach import grading

#: Answers thrown at each dialect, spread over its lessons.
ANSWERS_PER_DIALECT = 20_000
#: Bundled lessons each dialect's answers are thrown at.
LESSONS = {
    "scalar": ["add-multiply-gates", "relu-gate", "division-powers", "softmax-xent"],
    "tensor": ["bias-broadcast", "fused-cross-entropy", "batchnorm-steps", "attention-scores"],
}
#: Random mutations of bundled lessons checked.
MUTATIONS = 1_000


def _dialect(graph: Any) -> Any:
    if graph.kind.name == "tensor":
        from tutor.tensor.dialects import ANSWERS
    else:
        from tutor.scalar.dialects import ANSWERS
    return ANSWERS


def throw(graph: Any, answers: list[str], rng: random.Random) -> tuple[int, list[str]]:
    """Grade each answer at a random asked node; the number graded and every crash."""
    known: dict[str, Any] = {}
    before: dict[str, dict[str, Any]] = {}
    for name in graph.order:
        before[name] = dict(known)
        known[name] = graph.nodes[name].grad
    graded, crashes = 0, []
    for text in answers:
        node = rng.choice(graph.order)
        try:
            value = grading.parse_answer(text, graph, before[node])
            grading.grade(graph, node, value, before[node], rng.randint(0, 3))
            graded += 1
        except grading.AnswerError:
            pass
        except Exception as exc:  # what the fuzzer is for: any other is a crash
            crashes.append(f"{type(exc).__name__}: {exc} for {text[:80]!r} at {node}")
    return graded, crashes


@pytest.mark.parametrize("dialect", sorted(LESSONS))
def test_random_answers_never_crash(dialect):
    lessons = LESSONS[dialect]
    share = ANSWERS_PER_DIALECT // len(lessons)
    total = graded = 0
    crashes: list[str] = []
    with warnings.catch_warnings(record=True) as leaked:
        warnings.simplefilter("always")
        for seed, name in enumerate(lessons):
            graph = build(load(name))
            assert graph.kind.name == dialect
            fuzzer = AnswerFuzzer(seed, _dialect(graph).function_names, list(graph.nodes))
            answers = list(fuzzer.answers(share))
            n, found = throw(graph, answers, random.Random(seed))
            total, graded, crashes = total + len(answers), graded + n, crashes + found
    assert total >= ANSWERS_PER_DIALECT
    assert graded > total // 10, "the generator must reach grading, not only the parser"
    assert crashes == []
    assert [str(w.message) for w in leaked] == []


def test_random_lesson_mutations_never_crash(tmp_path: Path):
    from tutor.authoring.check import check_file

    rng = random.Random(18)
    texts = [p.read_text(encoding="utf-8") for p in sorted(bundled_dir().glob("*.yaml"))]
    texts = [t for t in texts if "graph:" in t]
    opened = 0
    crashes: list[str] = []
    path = tmp_path / "mutant.yaml"
    with warnings.catch_warnings(record=True) as leaked:
        warnings.simplefilter("always")
        for i in range(MUTATIONS):
            text = mutate_lesson(rng.choice(texts), rng)
            path.write_text(text, encoding="utf-8")
            try:
                lines = check_file(path)
                if any(": error: " in line for line in lines):
                    continue
                graph = build(load(path))
                fuzzer = AnswerFuzzer(i, _dialect(graph).function_names, list(graph.nodes))
                crashes += throw(graph, list(fuzzer.answers(5)), rng)[1]
                opened += 1
            except Exception as exc:
                crashes.append(f"mutation {i}: {type(exc).__name__}: {exc}")
    assert crashes == []
    assert opened > MUTATIONS // 20, "some mutants must still open, to be graded"
    assert [str(w.message) for w in leaked] == []


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ("softmax([])", "softmax of an empty tensor"),
        ("softmax([[]])", "softmax of an empty tensor"),
        ("log_softmax([[]])", "log_softmax of an empty tensor"),
        ("mean([])", "mean of an empty tensor"),
    ],
)
def test_answers_that_crashed_are_one_line(capfd, answer, words):
    from tutor import cli

    assert cli.main(["grade", "bias-broadcast", "loss", answer]) == 1
    out, err = capfd.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and words in err, err  # one line, no NumPy warning


async def test_an_internal_error_is_logged_not_counted_and_the_lesson_goes_on(
    app_for, tmp_path, monkeypatch
):
    from lesson_texts import type_answer

    from tutor.app.screens.lesson import LessonScreen

    real = grading.grade

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug in grading")

    app = app_for("micrograd-labels")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        monkeypatch.setattr(grading, "grade", broken)
        await type_answer(pilot, "1")
        await pilot.pause()
        lines = " ".join(line.text for line in screen.query_one("#feedback").lines)
        assert "internal error, not counted" in lines
        assert screen.session.attempts == {} and screen.session.known == {}
        log = tmp_path / "data" / "errors.log"
        assert "RuntimeError: a bug in grading" in log.read_text(encoding="utf-8")
        assert "grading '1' at node 'L' of micrograd-labels" in log.read_text(encoding="utf-8")
        monkeypatch.setattr(grading, "grade", real)
        await type_answer(pilot, "1")  # still running, and the same answer now counts
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert screen.session.current != "L"
