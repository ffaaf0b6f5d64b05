"""Section (r): ``stats`` over 10,000 recorded answers; budget 0.5 s."""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime, timedelta

from bench.run import Section, median_time, ms

#: How many distinct mistake codes the recorded answers use (the first of ``Mistake``).
CODES = 5


def fill(store_dir: str, n: int) -> None:
    """Record ``n`` answers over 60 days into a fresh store in ``store_dir``."""
    from tutor.mistakes import Mistake
    from tutor.progress import review
    from tutor.progress.store import Store
    from tutor.skills import Skill

    codes = list(Mistake)[:CODES]
    rng = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=60)
    with Store.open(store_dir) as store, store._tx() as conn:
        review.ensure_tables(conn)
        for i in range(n):
            skills = tuple(rng.sample(list(Skill), 2))
            ok = rng.random() < 0.7
            code = None if ok else rng.choice(codes)
            answer = review.Answer(
                "lesson", "x", "a", ok, skills, code, Skill.SUM if code else None, 0, 1, 12.0
            )
            review.record(conn, answer, start + timedelta(minutes=8.6 * i))


def bench_stats(runs: int, n: int = 10_000) -> Section:
    """Median time of ``Store.stats()`` (open, read, compute) over ``n`` answers."""
    from tutor.progress.store import Store

    sec = Section(f"(r) stats over {n:,} answers (median of runs)", ["step", "time", "budget"])
    with tempfile.TemporaryDirectory() as tmp:
        fill(tmp, n)

        def run() -> object:
            with Store.open(tmp) as store:
                return store.stats()

        t = median_time(run, runs)
    ok = t <= 0.5
    sec.verdicts.append((f"stats: {n:,} answers within 0.5 s", ok))
    sec.rows.append(["Store.open + stats()", ms(t), "PASS" if ok else "FAIL"])
    return sec
