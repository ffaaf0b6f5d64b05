"""Benchmarks of backprop-tutor (``make bench``); prints tables, never part of the tests.

Sections:
  engine   forward + backward at 1,000 / 10,000 / 100,000 nodes: our table-of-ops engine,
           a textbook closure engine (bench/textbook.py), our design with closures
           (bench/closures.py) and PyTorch autograd when importable. Budget: ours no
           slower than the textbook engine.
  startup  whole-process time of ``python -m tutor solve micrograd-labels`` against a bare
           ``python -c "import yaml, rich.table"``. Budget: within 1.5x.
  app      app launch (process start to first screen) against a minimal Textual app.
           Budget: within 1.5x.
  answer   one answer in the app on a 2,000-node against a 10-node lesson. Budget: 2x.
  dot      ``tutor.dot.to_dot(graph)`` for a 2,000-node lesson. Budget: 0.5 s.

Usage: ``python bench/run.py [--quick] [--runs N] [--only SECTION ...] [--strict]``.
Every time is the median of several runs, measured with the garbage collector enabled
(as users run). ``--strict`` exits 1 when a budget fails.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import closures, textbook  # noqa: E402
from bench.lessons import synthetic_lesson  # noqa: E402
from tutor import engine  # noqa: E402


@dataclass
class Section:
    """What one section printed: a table, verdicts and notes."""

    title: str
    """Heading of the table."""
    columns: list[str]
    """Column headings."""
    rows: list[list[str]] = field(default_factory=list)
    """Table rows, already formatted."""
    notes: list[str] = field(default_factory=list)
    """Lines printed under the table."""
    verdicts: list[tuple[str, bool]] = field(default_factory=list)
    """(what, passed) for each budget checked."""


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in seconds; gc stays enabled, collected between runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def interleaved(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median time of each function, run in rounds (one run of each per round).

    Interleaving spreads any background load over every contender alike; gc stays
    enabled and is collected before each run, so each run pays for its own garbage.
    """
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            gc.collect()
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def without_gc(fn: Callable[[], object]) -> Callable[[], object]:
    """``fn`` run with the cyclic garbage collector disabled (to show what gc costs)."""

    def run() -> object:
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()

    return run


def runs_for(n: int, runs: int) -> int:
    """More runs for small graphs (their times are short and noisy): 41 at 1,000 nodes."""
    return min(41, max(5, runs * 30_000 // n))


def ms(seconds: float) -> str:
    """Seconds as milliseconds text."""
    return f"{seconds * 1000:.1f} ms"


# -- (a) engine ------------------------------------------------------------------------


def wide_graph(value_cls: type, n: int):
    """Sum of tanh(x_i * w_i) with a balanced tree of adds: ~n nodes, depth ~log2(n).

    Every engine, including the textbook one with its recursive sort, can handle it.
    """
    m = max(1, n // 5)
    terms = [
        (value_cls(0.01 * (i % 17) - 0.08) * value_cls(0.02 * (i % 13) - 0.1)).tanh()
        for i in range(m)
    ]
    while len(terms) > 1:
        pairs = [terms[i] + terms[i + 1] for i in range(0, len(terms) - 1, 2)]
        if len(terms) % 2:
            pairs.append(terms[-1])
        terms = pairs
    return terms[0]


def forward_backward(value_cls: type, n: int) -> Callable[[], object]:
    """A closure that builds the wide graph with ``value_cls`` and runs backward."""

    def run() -> object:
        out = wide_graph(value_cls, n)
        out.backward()
        return out

    return run


def torch_forward_backward(n: int) -> Callable[[], object] | None:
    """The same scalar graph on PyTorch autograd, or None without torch."""
    if importlib.util.find_spec("torch") is None:
        return None
    import torch

    torch.set_num_threads(1)  # scalar ops gain nothing from threads; keep the other rows fair

    class T:
        """Minimal scalar wrapper so ``wide_graph`` can build torch tensors."""

        __slots__ = ("t",)

        def __init__(self, x, _t=None) -> None:
            self.t = _t if _t is not None else torch.tensor(float(x), requires_grad=True)

        def __mul__(self, o):
            return T(0, self.t * o.t)

        def __add__(self, o):
            return T(0, self.t + o.t)

        def tanh(self):
            return T(0, torch.tanh(self.t))

        def backward(self) -> None:
            self.t.backward()

    return forward_backward(T, n)


def torch_time(n: int, runs: int) -> float | None:
    """Median torch time in a separate process: importing torch in this one fills the heap
    with objects that make every other engine's garbage collection slower."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from bench import run; "
        "fn = run.torch_forward_backward(int(sys.argv[2])); "
        "print(run.median_time(fn, int(sys.argv[3])))"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code, str(ROOT), str(n), str(runs)],
        capture_output=True,
        text=True,
    )
    try:
        return float(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def chain_depth_check() -> list[str]:
    """Which engines survive a 100,000-deep chain ``x = x * 1.0000001``, and how fast."""
    notes = []
    for name, cls in (
        ("ours", engine.Value),
        ("closures", closures.Value),
        ("textbook", textbook.Value),
    ):
        leaf = cls(1.0)
        x = leaf
        t0 = time.perf_counter()
        try:
            for _ in range(100_000):
                x = x * 1.0000001
            x.backward()
            took = time.perf_counter() - t0
            notes.append(f"100,000-deep chain, {name}: ok in {ms(took)} (d/dx = {leaf.grad:.6f})")
        except RecursionError:
            notes.append(
                f"100,000-deep chain, {name}: RecursionError "
                f"(recursion limit {sys.getrecursionlimit()})"
            )
        del x, leaf
        gc.collect()
    return notes


def bench_engine(sizes: list[int], runs: int) -> Section:
    """Section (a): forward + backward times and ratios, ours vs the others."""
    sec = Section(
        "(a) forward + backward, sum of tanh(x*w) over a balanced add tree (median, gc on)",
        [
            "nodes",
            "ours",
            "textbook",
            "closures",
            "torch",
            "textbook/ours",
            "closures/ours",
            "ours, gc off",
            "budget",
        ],
    )
    has_torch = importlib.util.find_spec("torch") is not None
    for n in sizes:
        fns = {
            "ours": forward_backward(engine.Value, n),
            "textbook": forward_backward(textbook.Value, n),
            "closures": forward_backward(closures.Value, n),
            "ours, gc off": without_gc(forward_backward(engine.Value, n)),
        }
        t = interleaved(fns, runs_for(n, runs))
        ours, text, clos, ours_nogc = t["ours"], t["textbook"], t["closures"], t["ours, gc off"]
        tor = torch_time(n, runs_for(n, runs)) if has_torch else None
        ok = ours <= text
        sec.verdicts.append((f"engine {n:,} nodes: ours <= textbook", ok))
        sec.rows.append(
            [
                f"{n:,}",
                ms(ours),
                ms(text),
                ms(clos),
                ms(tor) if tor is not None else "n/a",
                f"{text / ours:.2f}x",
                f"{clos / ours:.2f}x",
                ms(ours_nogc),
                "PASS" if ok else "FAIL",
            ]
        )
    sec.notes.append(
        "Ratios above 1 mean ours is faster. The graph is wide (depth ~log2 n) "
        "because the textbook engine's recursive sort dies near depth 1,000."
    )
    if not has_torch:
        sec.notes.append("torch is not installed: the PyTorch column is skipped.")
    sec.notes.extend(chain_depth_check())
    sec.notes.append(release_note(sizes[-1]))
    return sec


def release_note(n: int) -> str:
    """How long dropping a graph takes: closures leave cycles for the garbage collector."""
    parts = []
    for name, cls in (
        ("ours", engine.Value),
        ("closures", closures.Value),
        ("textbook", textbook.Value),
    ):
        out = wide_graph(cls, n)
        out.backward()
        gc.collect()
        t0 = time.perf_counter()
        del out
        freed = gc.collect()
        parts.append(f"{name} {ms(time.perf_counter() - t0)} ({freed:,} objects left to gc)")
    return f"Dropping a {n:,}-node graph: " + "; ".join(parts)


# -- (b) startup -------------------------------------------------------------------------


def process_times(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int, str]]:
    """Median whole-process time of each command, run in alternation (one of each per round).

    Returns:
        name -> (median seconds, last exit code, last stderr).
    """
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    for argv in commands.values():
        subprocess.run(argv, cwd=ROOT, env=env, capture_output=True)  # warm the caches
    times: dict[str, list[float]] = {name: [] for name in commands}
    last: dict[str, tuple[int, str]] = {}
    for _ in range(runs):
        for name, argv in commands.items():
            t0 = time.perf_counter()
            proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
            times[name].append(time.perf_counter() - t0)
            last[name] = (proc.returncode, proc.stderr)
    return {name: (statistics.median(ts), *last[name]) for name, ts in times.items()}


def bench_startup(runs: int) -> Section:
    """Section (b): ``solve`` startup against importing yaml and rich.table."""
    sec = Section(
        "(b) startup: whole process (median of runs)", ["command", "time", "ratio", "budget"]
    )
    py = sys.executable
    commands = {"bare": [py, "-c", "import yaml, rich.table"], "pass": [py, "-c", "pass"]}
    has_solve = importlib.util.find_spec("tutor.solve") is not None
    if has_solve:
        imports = "import tutor.cli, tutor.solve, tutor.lesson, tutor.graph, rich.table"
        commands["imports"] = [py, "-c", imports]
        commands["solve"] = [py, "-m", "tutor", "solve", "micrograd-labels"]
    result = process_times(commands, runs)
    bare = result["bare"][0]
    sec.rows.append(['python -c "import yaml, rich.table"', ms(bare), "1.00x", ""])
    for name, text in (("pass", "(python -c pass)"), ("imports", "(solve's imports only)")):
        if name in result:
            sec.rows.append([text, ms(result[name][0]), f"{result[name][0] / bare:.2f}x", ""])
    if not has_solve:
        sec.notes.append(
            "tutor/solve.py does not exist yet: `solve` startup not measured "
            "(re-run `make bench` once it lands)."
        )
        return sec
    solve, code, err = result["solve"]
    ok = code == 0 and solve <= 1.5 * bare
    sec.verdicts.append(("startup: solve within 1.5x of import yaml, rich.table", ok))
    sec.rows.append(
        [
            "python -m tutor solve micrograd-labels",
            ms(solve),
            f"{solve / bare:.2f}x",
            "PASS" if ok else "FAIL",
        ]
    )
    if code != 0:
        last = err.strip().splitlines()[-1] if err.strip() else ""
        sec.notes.append(f"solve exited with code {code}: {last}")
    return sec


# -- (c) hooks for the lead -----------------------------------------------------------------


def bench_app_launch(runs: int) -> Section | None:
    """Section (c): whole-process launch to the first screen against a minimal Textual app."""
    from bench.app_bench import launch_times

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tutor")], check=False)
    sec = Section(
        "(c) app launch: process start to first screen, then exit (median of runs)",
        ["app", "time", "ratio", "budget"],
    )
    times = launch_times(max(3, runs))
    base = times["minimal Textual app"]
    ours = times["backprop-tutor run micrograd-labels"]
    ok = ours <= 1.5 * base
    sec.rows.append(["minimal Textual app (one Static)", ms(base), "1.00x", ""])
    sec.rows.append(
        [
            "backprop-tutor run micrograd-labels",
            ms(ours),
            f"{ours / base:.2f}x",
            "PASS" if ok else "FAIL",
        ]
    )
    sec.verdicts.append(("app launch within 1.5x of a minimal Textual app", ok))
    return sec


def bench_answering(runs: int) -> Section | None:
    """Section (d): one right answer, Enter to settled screen, at 10 and 2,000 nodes."""
    from bench.app_bench import answer_time

    sec = Section(
        "(d) answering: Enter to settled screen, headless app (median of 9 answers)",
        ["lesson", "time", "ratio", "budget"],
    )
    small = answer_time(synthetic_lesson(10))
    large = answer_time(synthetic_lesson(2000))
    ok = large <= 2 * small
    sec.rows.append(["10 nodes", ms(small), "1.00x", ""])
    sec.rows.append(["2,000 nodes", ms(large), f"{large / small:.2f}x", "PASS" if ok else "FAIL"])
    sec.verdicts.append(("an answer at 2,000 nodes within 2x of one at 10", ok))
    return sec


# -- (d) dot -------------------------------------------------------------------------------


def bench_dot(runs: int, n: int = 2000) -> Section:
    """Section (d): DOT text for an ``n``-node lesson; budget 0.5 s."""
    from tutor import graph as graph_mod
    from tutor import lesson as lesson_mod

    sec = Section(f"(d) {n:,}-node lesson (median of runs)", ["step", "time", "budget"])
    text = synthetic_lesson(n)
    load = median_time(lambda: lesson_mod.loads(text, "synthetic"), runs)
    les = lesson_mod.loads(text, "synthetic")
    build = median_time(lambda: graph_mod.build(les), runs)
    sec.rows.append(["lesson.loads (YAML + parse + checks)", ms(load), ""])
    sec.rows.append(["graph.build (forward + backward + nodes)", ms(build), ""])
    if importlib.util.find_spec("tutor.dot") is None:
        sec.notes.append("tutor/dot.py does not exist yet: DOT generation not measured.")
        return sec
    from tutor import dot

    g = graph_mod.build(les)
    t = median_time(lambda: dot.to_dot(g), runs)
    ok = t <= 0.5
    sec.verdicts.append((f"dot: to_dot on {n:,} nodes within 0.5 s", ok))
    sec.rows.append(["dot.to_dot(graph)", ms(t), "PASS" if ok else "FAIL"])
    return sec


# -- output ------------------------------------------------------------------------------------


def show(sec: Section) -> None:
    """Print a section as a rich table (plain text when rich is missing)."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        print(f"\n{sec.title}\n" + " | ".join(sec.columns))
        for row in sec.rows:
            print(" | ".join(row))
        for note in sec.notes:
            print(f"  {note}")
        return
    table = Table(title=sec.title, title_justify="left")
    for i, col in enumerate(sec.columns):
        table.add_column(col, justify="left" if i == 0 else "right")
    for row in sec.rows:
        table.add_row(*row)
    console = Console(width=max(120, Console().width))
    console.print(table)
    for note in sec.notes:
        console.print(f"  {note}", highlight=False)
    console.print()


SECTIONS = ("engine", "startup", "app", "answer", "dot", "stats")


def _review_bench():  # noqa: ANN202 - the module, imported when its section runs
    from bench import review_bench

    return review_bench


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections, print their tables and a PASS/FAIL summary."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes, few runs (a smoke test)")
    p.add_argument("--runs", type=int, default=7, help="runs per measurement (median)")
    p.add_argument("--only", nargs="+", choices=SECTIONS, help="sections to run")
    p.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    args = p.parse_args(argv)
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    runs = 3 if args.quick else args.runs
    chosen = args.only or list(SECTIONS)
    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs\n")
    makers: dict[str, Callable[[], Section | None]] = {
        "engine": lambda: bench_engine(sizes, runs),
        "startup": lambda: bench_startup(3 if args.quick else 10),
        "app": lambda: bench_app_launch(runs),
        "answer": lambda: bench_answering(runs),
        "dot": lambda: bench_dot(runs, 200 if args.quick else 2000),
        "stats": lambda: _review_bench().bench_stats(runs, 1_000 if args.quick else 10_000),
    }
    verdicts: list[tuple[str, bool]] = []
    for name in chosen:
        sec = makers[name]()
        if sec is None:
            print(f"({name}: not written yet; see the hook in bench/run.py)\n")
            continue
        show(sec)
        verdicts.extend(sec.verdicts)
    for what, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {what}")
    failed = [w for w, ok in verdicts if not ok]
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
