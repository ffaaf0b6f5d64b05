"""Skills of a question, FSRS review cards from answers, and the stats over them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.progress.review import Answer, count_due, due, ensure_tables, rating_for, record
from tutor.progress.skills import MISTAKE_SKILL, mistake_skill, skills_of
from tutor.progress.stats import stats
from tutor.scalar.kind import SCALAR
from tutor.scalar.ops import OPS
from tutor.skills import Skill

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def conn() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    ensure_tables(c)
    return c


# -- skills -------------------------------------------------------------------------------


def test_the_gate_skill_is_the_op_rows_skill() -> None:
    assert all(SCALAR.gate_skill(key) is op.skill for key, op in OPS.items())
    assert SCALAR.gate_skill("softplus") is Skill.SIGMOID and SCALAR.gate_skill("abs") is Skill.SIGN


def test_micrograd_nodes_practise_their_gates_and_concepts() -> None:
    g = build(load("micrograd-labels"))
    assert skills_of(g, "L") == (Skill.UPSTREAM,)
    # d feeds L = d * f directly (upstream 1), with local f = -2: a multiply and a sign.
    assert skills_of(g, "d") == (Skill.MUL, Skill.SIGN)
    # c feeds d = e + c, whose gradient is -2: an add gate times an upstream gradient.
    assert skills_of(g, "c") == (Skill.ADD, Skill.UPSTREAM)
    # a feeds e = a * b (local b = -3), e's gradient is -2.
    assert skills_of(g, "a") == (Skill.MUL, Skill.UPSTREAM, Skill.SIGN)


def test_a_value_used_twice_practises_the_sum() -> None:
    g = build(load("reuse-sum"))
    shared = [n for n in g.order if sum(g[n].uses.values()) > 1]
    assert shared
    for name in shared:
        assert Skill.SUM in skills_of(g, name)


def test_mistakes_count_against_their_skill() -> None:
    g = build(load("micrograd-labels"))
    assert mistake_skill("one_consumer", g, "a") is Skill.SUM
    assert mistake_skill("rounding", g, "a") is None
    # A code about the gate where it happened belongs to that gate.
    assert "func_not_deriv" not in MISTAKE_SKILL
    assert mistake_skill("func_not_deriv", g, "a") is Skill.MUL


# -- ratings and cards --------------------------------------------------------------------


def answer(**kw: object) -> Answer:
    base: dict[str, object] = {
        "source": "lesson",
        "lesson": "micrograd-labels",
        "node": "a",
        "correct": True,
        "skills": (Skill.MUL, Skill.UPSTREAM),
        "seconds": 30.0,
    }
    base.update(kw)
    return Answer(**base)  # type: ignore[arg-type]


def test_ratings_follow_the_outcome() -> None:
    assert rating_for(answer(correct=False, mistake="no_upstream")) == 1  # Again
    assert rating_for(answer(hints=1)) == 2  # Hard
    assert rating_for(answer(tries=2)) == 2  # Hard
    assert rating_for(answer()) == 3  # Good
    assert rating_for(answer(seconds=5.0)) == 4  # Easy


def cards(conn: sqlite3.Connection) -> dict[str, datetime]:
    return {c: datetime.fromisoformat(d) for c, d in conn.execute("SELECT card, due FROM cards")}


def test_a_diagnosed_mistake_makes_a_card_for_it_and_its_skill(conn) -> None:
    record(
        conn,
        answer(correct=False, mistake="one_consumer", mistake_skill=Skill.SUM),
        now=T0,
    )
    got = cards(conn)
    assert set(got) == {"mistake:one_consumer", "skill:sum"}
    assert all(T0 < when <= T0 + timedelta(days=1) for when in got.values())  # Again: soon


def test_right_answers_review_the_skills_and_the_matching_mistake_cards(conn) -> None:
    record(conn, answer(correct=False, mistake="no_upstream", mistake_skill=Skill.UPSTREAM), T0)
    again = cards(conn)["mistake:no_upstream"]
    record(conn, answer(), now=T0 + timedelta(hours=2))
    got = cards(conn)
    assert set(got) == {"mistake:no_upstream", "skill:upstream", "skill:mul"}
    assert got["mistake:no_upstream"] > again  # a right answer on that skill pushes it out
    reviews = dict(conn.execute("SELECT card, reviews FROM cards"))
    assert reviews == {"mistake:no_upstream": 2, "skill:upstream": 2, "skill:mul": 1}


def test_easy_is_scheduled_later_than_good_and_good_later_than_hard(conn) -> None:
    dues = {}
    for name, kw in {"hard": {"hints": 1}, "good": {}, "easy": {"seconds": 3.0}}.items():
        c = sqlite3.connect(":memory:")
        ensure_tables(c)
        record(c, answer(skills=(Skill.MUL,), **kw), now=T0)
        dues[name] = cards(c)["skill:mul"]
    assert dues["hard"] < dues["good"] < dues["easy"]


def test_due_cards_say_why(conn) -> None:
    for hours in (0, 1):
        record(
            conn,
            answer(correct=False, mistake="one_consumer", mistake_skill=Skill.SUM),
            now=T0 + timedelta(hours=hours),
        )
    later = T0 + timedelta(days=1, hours=3)
    listed = [c.as_json() for c in due(conn, later)]
    by_card = {c["card"]: c for c in listed}
    assert by_card["mistake:one_consumer"]["reason"] == (
        "you made the mistake “forgot to sum over consumers” twice (last yesterday)"
    )
    assert by_card["mistake:one_consumer"]["skill"] == "sum"
    assert by_card["skill:sum"]["reason"] == (
        "you got 0 of your last 2 answers on summing over consumers right"
    )  # it read "summing over consumers: 0 of your last 2 answers right; time to practise"
    assert count_due(conn, later) == len(listed) == 2
    assert due(conn, T0 - timedelta(days=1)) == []


# -- stats --------------------------------------------------------------------------------


def test_stats_over_a_few_days(conn) -> None:
    days = [T0 - timedelta(days=2), T0 - timedelta(days=1), T0]
    record(conn, answer(seconds=10.0), now=days[0])
    record(
        conn,
        answer(correct=False, mistake="no_upstream", mistake_skill=Skill.UPSTREAM, seconds=20.0),
        now=days[1],
    )
    record(conn, answer(skills=(Skill.ADD,), seconds=40.0), now=days[2])
    s = stats(conn, now=T0 + timedelta(hours=1), tz=UTC)
    assert (s.answers, s.correct) == (3, 2)
    assert s.skills["mul"].answers == 2 and s.skills["mul"].correct == 1
    assert s.skills["upstream"].mistakes == 1
    assert list(s.skills) == ["add", "mul", "upstream"]  # Skill order
    assert s.mistakes == {"no_upstream": 1}
    assert s.mistakes_by_day == {"2026-11-19": {"no_upstream": 1}}
    assert s.answers_per_day == {"2026-11-18": 1, "2026-11-19": 1, "2026-11-20": 1}
    assert s.median_seconds == 20.0
    assert s.streak_days == 3
    data = s.as_json()
    assert data["accuracy"] == round(2 / 3, 4) and data["cards_due"] == s.cards_due


def test_streak_counts_from_yesterday_when_today_is_empty_and_breaks_on_a_gap(conn) -> None:
    for d in (5, 2, 1):
        record(conn, answer(), now=T0 - timedelta(days=d))
    assert stats(conn, now=T0, tz=UTC).streak_days == 2
    assert stats(conn, now=T0 + timedelta(days=2), tz=UTC).streak_days == 0


def test_no_answers_no_stats(conn) -> None:
    s = stats(conn, now=T0, tz=UTC)
    assert (s.answers, s.median_seconds, s.streak_days, s.cards_due) == (0, None, 0, 0)
    assert s.as_json()["accuracy"] is None


# -- the store and the commands -----------------------------------------------------------


def test_store_logs_answers_and_the_commands_print_them(tmp_path, capsys) -> None:
    import json

    from tutor.cli import main
    from tutor.progress.store import Store

    clock = [datetime.now(UTC).timestamp() - 86400]
    with Store.open(tmp_path, clock=lambda: clock[0]) as store:
        store.log_answer(
            answer(correct=False, mistake="one_consumer", mistake_skill=Skill.SUM, seconds=8.0)
        )
        store.log_answer(answer(seconds=12.0))
    assert main(["--data-dir", str(tmp_path), "review", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {c["card"] for c in listed} >= {"mistake:one_consumer", "skill:sum"}
    assert all(set(c) == {"card", "skill", "due", "reason"} for c in listed)
    assert main(["--data-dir", str(tmp_path), "review", "--list"]) == 0
    shown = capsys.readouterr().out
    assert "skill:" not in shown and "mistake:" not in shown and "one_consumer" not in shown
    assert "your one answer on summing over consumers was wrong" in shown
    lines = shown.splitlines()
    assert len(lines) == len(listed)
    # Each line names its card once: the reason already says what it is about.
    for title in ("forgot to sum over consumers", "summing over consumers"):
        (line,) = [line for line in lines if title in line]
        assert line.count(title) == 1, line
    assert main(["--data-dir", str(tmp_path), "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["answers"], data["correct"], data["mistakes"]) == (2, 1, {"one_consumer": 1})
    assert data["median_seconds"] == 10.0 and data["cards_due"] == len(listed)
    assert main(["--data-dir", str(tmp_path), "stats"]) == 0
    assert "2 answers, 50% right" in capsys.readouterr().out


def test_an_old_progress_file_gains_the_review_tables(tmp_path) -> None:
    from tutor.progress.store import Store

    with Store.open(tmp_path) as store:
        store.start("micrograd-labels", "", 7)
    with sqlite3.connect(tmp_path / "progress.db") as c:  # as a file of an older version
        c.execute("DROP TABLE events")
        c.execute("DROP TABLE cards")
    with Store.open(tmp_path) as store:
        assert store.due_cards() == [] and store.stats().answers == 0
        assert store.lesson_progress("micrograd-labels").total == 7


async def test_stats_screen_from_the_lesson_list(tmp_path) -> None:
    from textual.widgets import Static
    from textual_plotext import PlotextPlot

    from tutor.app.factory import make_app
    from tutor.progress.store import Store

    with Store.open(tmp_path) as store:
        store.log_answer(answer(seconds=4.0))
        store.log_answer(
            answer(correct=False, mistake="one_consumer", mistake_skill=Skill.SUM, seconds=6.0)
        )
    app = make_app(None, data_dir=str(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        summary = str(app.screen.query_one("#stats-summary", Static).render())
        assert summary.startswith("2 answers, 50% right · median 5.0 s per answer")
        assert len(app.screen.query(PlotextPlot)) == 1  # answers per day; the others are bars
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query("#lessons")


async def test_every_answer_in_the_app_becomes_an_event_with_its_skills(tmp_path) -> None:
    from textual.widgets import Input

    from tutor.app.factory import make_app, make_quiz_app

    async def type_answer(pilot, text: str) -> None:
        box = pilot.app.screen.query_one("#answer", Input)
        box.value = text
        await box.action_submit()
        await pilot.pause()

    app = make_app("micrograd-labels", data_dir=str(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await type_answer(pilot, "1")  # L, right
        await type_answer(pilot, "1")  # d: the local derivative alone is f = -2; 1 is wrong
        await type_answer(pilot, "-2")  # d, right on the second try
        await pilot.press("ctrl+r")  # f revealed: counts as not known
        await pilot.pause()
    quiz = make_quiz_app(["micrograd-labels"], data_dir=str(tmp_path), seed=3)
    async with quiz.run_test(size=(120, 36)) as pilot:
        await type_answer(pilot, "1")
    with sqlite3.connect(tmp_path / "progress.db") as c:
        rows = c.execute(
            "SELECT source, node, correct, tries, skills FROM events ORDER BY id"
        ).fetchall()
    assert rows[:4] == [
        ("lesson", "L", 1, 1, "upstream"),
        ("lesson", "d", 0, 1, "mul,sign"),
        ("lesson", "d", 1, 2, "mul,sign"),
        ("lesson", "f", 0, 1, "mul"),
    ]
    assert rows[4][:3] == ("quiz", "L", 1)
    cards = dict(
        sqlite3.connect(tmp_path / "progress.db").execute("SELECT card, reviews FROM cards")
    )
    assert cards["skill:mul"] == 3 and cards["skill:upstream"] == 2


# -- what to practise next ----------------------------------------------------------------


def test_plan_due_cards_first_then_the_weakest_skill_then_new_levels(conn) -> None:
    from tutor.progress.review import plan

    first = plan(conn, now=T0)
    assert (first.level, first.topic) == (1, "add")
    assert first.reason == "level 1: add and subtract gates is new to you"
    for correct in (True, False, True, False):
        record(conn, answer(correct=correct, skills=(Skill.MUL,)), now=T0)
    before = plan(conn, now=T0 - timedelta(days=1))  # nothing due yet: the weakest skill
    assert (before.level, before.topic, before.card) == (1, "mul", None)
    assert before.reason == "your weakest skill: multiply gates, 50% right lately"
    record(conn, answer(correct=False, mistake="one_consumer", mistake_skill=Skill.SUM), T0)
    due_now = plan(conn, now=T0 + timedelta(days=2))
    assert due_now.card is not None and due_now.reason


def test_review_and_adaptive_practice_make_lessons_that_say_why(tmp_path) -> None:
    from tutor.authoring.check import check_lesson
    from tutor.commands.practice import adaptive_source, review_source
    from tutor.lesson.find import loads
    from tutor.progress.store import Store

    assert list(review_source(str(tmp_path))) == []  # nothing due: nothing to review
    clock = [datetime.now(UTC).timestamp() - 86400]
    with Store.open(tmp_path, clock=lambda: clock[0]) as store:
        store.log_answer(
            answer(correct=False, mistake="one_consumer", mistake_skill=Skill.SUM, seconds=8.0)
        )
    reviews = list(review_source(str(tmp_path)))
    assert len(reviews) == 2  # the mistake's card and its skill's card
    for code, text in reviews:
        lesson = loads(text, code)
        assert check_lesson(lesson) == []
        assert lesson.description.startswith("**Why this problem**: a review, since ")
        lead = lesson.description.splitlines()[0]
        assert lead.count(":") == 1, lead  # "review: summing over consumers: ..." stacked three
    assert (
        "the mistake “forgot to sum over consumers” once"
        in loads(reviews[0][1], reviews[0][0]).description
    )
    code, text = next(adaptive_source(str(tmp_path)))
    assert code.startswith("L3-") and "Why this problem" in text  # the due SUM card first


def test_practice_and_a_lesson_share_the_store_and_lose_nothing_under_sigkill(tmp_path):
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        f"""
        import asyncio, os, signal
        from tutor.app.factory import make_app
        from tutor.app.practice import make_practice_app
        from tutor.commands.practice import practice_source

        async def answer_all(app):
            async with app.run_test(size=(120, 36)) as pilot:
                s = pilot.app.screen.session
                for _ in range(3):
                    await pilot.press(*list(repr(s.graph.nodes[s.current].grad)), "enter")
                    await pilot.pause()

        async def main():
            lesson = make_app("micrograd-labels", data_dir={str(tmp_path)!r})
            practice = make_practice_app(
                practice_source(1, None, 7, None), data_dir={str(tmp_path)!r}
            )
            await answer_all(lesson)
            await answer_all(practice)
            os.kill(os.getpid(), signal.SIGKILL)

        asyncio.run(main())
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=180)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    with sqlite3.connect(tmp_path / "progress.db") as c:
        rows = c.execute("SELECT source, correct FROM events ORDER BY id").fetchall()
    assert rows == [("lesson", 1)] * 3 + [("practice", 1)] * 3


def test_tensor_questions_and_mistakes_have_skills() -> None:
    from tutor.mistakes import Mistake
    from tutor.tensor.kind import TENSOR
    from tutor.tensor.ops import TOPS

    assert all(TENSOR.gate_skill(key) is op.skill for key, op in TOPS.items())
    # a tensor op with a scalar twin has the twin's skill
    assert all(TENSOR.gate_skill(k) is OPS[k].skill for k in TOPS if k in OPS)
    assert set(Mistake) <= set(MISTAKE_SKILL) | {Mistake.FUNC_NOT_DERIV, Mistake.AT_OUTPUT,
                                                  Mistake.UPSTREAM_ONLY,
                                                  Mistake.LOCAL_FORMULA,
                                                  Mistake.MASKED_GRAD}  # fmt: skip
    g = build(load("linear-layer"))
    assert Skill.MATMUL in skills_of(g, "W") and Skill.MATMUL in skills_of(g, "X")
    b = build(load("bias-broadcast"))
    assert Skill.BROADCAST in skills_of(b, "b")
    assert mistake_skill("no_batch_sum", b, "b") is Skill.BROADCAST


async def test_stats_key_without_progress_says_so() -> None:
    from textual.widgets import Static

    from tutor.app.factory import make_app

    app = make_app(None, keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        summary = str(app.screen.query_one("#stats-summary", Static).render())
        assert summary == "Stats are not available: progress is not being saved"


def test_one_answer_reads_in_the_singular_on_the_cli_and_the_screen(tmp_path, capsys) -> None:
    """'1 answer', '1 day', '1 card': never '1 answers' or '1 days'."""
    from tutor.app.screens.stats import StatsScreen
    from tutor.cli import main
    from tutor.notation import counted
    from tutor.progress.store import Store

    assert [counted(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]
    with Store.open(tmp_path) as store:
        store.log_answer(
            answer(correct=False, mistake="one_consumer", mistake_skill=Skill.SUM, seconds=3.0)
        )
        s = store.stats()
    assert s.streak_days == 1
    assert main(["--data-dir", str(tmp_path), "stats"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 answer, 0% right\n") and "streak 1 day ·" in out
    assert "1 answers" not in out and "1 days" not in out
    from dataclasses import replace

    line = StatsScreen(replace(s, cards_due=1)).summary()
    assert line.startswith("1 answer, 0% right") and "streak 1 day ·" in line
    assert line.endswith("· 1 card due for review")


async def test_the_mistakes_chart_says_why_a_wrong_answer_is_not_in_it(tmp_path) -> None:
    """A wrong answer no misconception explains: the chart does not just say 'none yet'."""
    from tutor.app.factory import make_app
    from tutor.app.screens.stats import NO_MISTAKES
    from tutor.progress.store import Store

    with Store.open(tmp_path) as store:
        store.log_answer(answer(correct=False, seconds=4.0))  # wrong, not diagnosed
    app = make_app(None, data_dir=str(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        chart = app.screen.query_one("#stats-mistakes")
        assert str(chart.render()) == NO_MISTAKES
