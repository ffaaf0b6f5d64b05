"""Benchmarks of backprop-tutor (``make bench``); prints tables, never part of the tests.

Sections:
  engine   forward + backward at 1,000 / 10,000 / 100,000 nodes: our table-of-ops engine,
           a textbook closure engine (bench/textbook.py), our design with closures
           (bench/closures.py) and PyTorch autograd when importable. Budget: ours no
           slower than the textbook engine.
  startup  whole-process time of ``python -m tutor solve micrograd-labels`` against a
           process that imports yaml and prints a one-row rich Table. Budget: within 1.5x.
  bigsolve ``solve`` of a 5,000-node lesson: the printed tables against ``--json`` on the
           same file, whole process. Budget: within 3x.
  app      app launch (process start to first screen) against a skeleton Textual app
           with the lesson screen's widgets and no tutor code. Budget: within 1.25x.
  answer   one answer in the app on a 2,000-node against a 10-node lesson. Budget: 2x.
  grade    reading and grading one answer (every misconception row compared) on a
           2,000-node against a 10-node lesson. Budget: 2x and under 20 ms.
  dot      ``tutor.dot.to_dot(graph)`` for a 2,000-node lesson. Budget: 0.5 s.
  graphview  the graph view (F2) at 60 nodes: the redraw after an answer (budget 50 ms,
           worst of 15 answers) and the first screen in graph view, in process (budget 1 s,
           with the tree view's as the ratio's baseline). bench/graphview_bench.py.
  train    the train view (F5): one makemore-ninja training step with the learner's
           formulas, alone and with its redraw (budget 100 ms). bench/train_bench.py.
  practice generating a problem per level (budget at level 5: 50 ms), and the next
           practice problem on screen after ``n`` (budget: 300 ms) beside opening the
           next bundled lesson with ctrl+f.
  tensor   makemore-ninja forward + backward: our tensor engine against PyTorch (CPU, one
           thread, its own process; skipped without torch). Budget: ours no slower. And
           ``solve makemore-ninja --json``, whole process. Budget: 0.5 s.
  tensorapp  makemore-ninja in the tutor: one wrong answer read and graded with every
           misconception (budget 50 ms), the first screen as a whole process (budget 2 s,
           with a scalar lesson's as the ratio's baseline), and switching nodes: the one
           redraw from the session (budget 100 ms), and answer-to-settled against a scalar
           lesson's.

  gpt2     the GPT-2 block lesson (issue 20): grading any asked node with every misconception
           (budget 50 ms), ``solve gpt2-block --json`` (budget 1 s) and its first screen
           (budget 2 s), whole processes interleaved with makemore-ninja's and
           micrograd-labels' as the ratios' baselines.

  reliab   the app's exit after its terminal closes (budget 1 s); one answer's save on the
           screen's thread through the write queue against a direct commit (budget: 5x
           faster), and put-to-commit.

  formula  the formula check (``tutor.teach.formula``): right and coincident wrong formulas,
           cold (the other draws built) and warm. Budgets: a scalar lesson's worst node under
           20 ms, makemore-ninja's worst node under 50 ms, both cold; a 2,000-node ladder
           warm within 2x of a 10-node one.
  formulaapp  the first answer in the app on a 2,000-node lesson, Enter to settled: a
           formula (it names a node) with the draws built when the lesson opened, as the
           app does, against one opened cold (the answer builds them) and a plain number.
           Budget: the formula within 1.5x of the number.
  check    ``check`` on a file with 19,900 placeholder problems (budget 2 s) and on a 200 KB
           mixed text (bench/check_bench.py).

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
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import closures, textbook  # noqa: E402
from bench.lessons import synthetic_lesson  # noqa: E402
from tutor.scalar import engine  # noqa: E402


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


def compile_bytecode() -> None:
    """Byte-compile the tutor and the installed packages, as pip does when it installs.

    uv installs without ``.pyc`` files, and with ``PYTHONDONTWRITEBYTECODE`` set Python
    never writes them: every process would then compile Textual from source, which is what
    the start-up sections would measure instead of the start-up itself.
    """
    import sysconfig

    for folder in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder], capture_output=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tutor")], check=False)


# -- (b) startup -------------------------------------------------------------------------


def process_times(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int, str]]:
    """Median whole-process time of each command, run in alternation (one of each per round).

    Returns:
        name -> (median seconds, last exit code, last stderr).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
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


#: The start-up baseline: import yaml and print a one-row rich Table (what ``solve`` needs
#: at the least: the YAML loader, rich's console and one table).
ONE_ROW_TABLE = (
    "import yaml\n"
    "from rich.console import Console\n"
    "from rich.table import Table\n"
    "table = Table(title='t')\n"
    "table.add_column('a')\n"
    "table.add_row('1')\n"
    "Console().print(table)\n"
)


def bench_startup(runs: int) -> Section:
    """Section (b): ``solve`` startup against importing yaml and printing a rich table."""
    sec = Section(
        "(b) startup: whole process (median of runs)", ["command", "time", "ratio", "budget"]
    )
    py = sys.executable
    commands = {
        "bare": [py, "-c", ONE_ROW_TABLE],
        "imports": [py, "-c", "import yaml, rich.table"],
        "pass": [py, "-c", "pass"],
    }
    has_solve = importlib.util.find_spec("tutor.teach.solution") is not None
    if has_solve:
        imports = (
            "import tutor.cli, tutor.teach.solution, tutor.lesson.find, tutor.graph.build, "
            "rich.table"
        )
        commands["solve imports"] = [py, "-c", imports]
        commands["solve"] = [py, "-m", "tutor", "solve", "micrograd-labels"]
    result = process_times(commands, runs)
    bare = result["bare"][0]
    sec.rows.append(["python: import yaml, print a one-row rich Table", ms(bare), "1.00x", ""])
    for name, text in (
        ("imports", '(python -c "import yaml, rich.table": no printing)'),
        ("pass", "(python -c pass)"),
        ("solve imports", "(solve's imports only)"),
    ):
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
    sec.verdicts.append(("startup: solve within 1.5x of importing yaml and printing a table", ok))
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


def bench_big_solve(runs: int, n: int = 5000) -> Section:
    """Section (b2): ``solve`` on an ``n``-node lesson, the table against ``--json`` (same file)."""
    sec = Section(
        f"(b2) solve of a {n:,}-node lesson: whole process, table vs --json (median of runs)",
        ["command", "time", "ratio", "budget"],
    )
    path = Path(tempfile.mkdtemp()) / f"big{n}.yaml"
    path.write_text(synthetic_lesson(n))
    py = sys.executable
    commands = {
        "json": [py, "-m", "tutor", "solve", str(path), "--json"],
        "table": [py, "-m", "tutor", "solve", str(path)],
    }
    result = process_times(commands, runs)
    js, (table, code, err) = result["json"][0], result["table"]
    ok = code == 0 and table <= 3 * js
    sec.rows.append([f"solve big{n}.yaml --json", ms(js), "1.00x", ""])
    sec.rows.append(
        [f"solve big{n}.yaml (tables)", ms(table), f"{table / js:.2f}x", "PASS" if ok else "FAIL"]
    )
    sec.verdicts.append((f"solve's table of a {n:,}-node lesson within 3x of --json", ok))
    if code != 0:
        sec.notes.append(f"solve exited with code {code}: {err.strip()[-200:]}")
    return sec


# -- (c) hooks for the lead -----------------------------------------------------------------


def bench_app_launch(runs: int, big: int = 5000) -> Section | None:
    """Section (c): whole-process launch to the first screen against a skeleton Textual app
    with the lesson screen's widgets (budget 1.25x), and a ``big``-node lesson's (2 s)."""
    from bench.app_bench import launch_times

    sec = Section(
        "(c) app launch: process start to first screen, then exit (median of interleaved runs)",
        ["app", "time", "ratio", "budget"],
    )
    paints: dict[str, float] = {}
    times = launch_times(max(3, runs), big, paints)
    minimal = times["minimal Textual app"]
    base = times["skeleton of the lesson screen"]
    ours = times["backprop-tutor run micrograd-labels"]
    ok = ours <= 1.25 * base
    sec.rows.append(["minimal Textual app (one Static)", ms(minimal), f"{minimal / base:.2f}x", ""])
    sec.rows.append(["skeleton: the lesson screen's widgets", ms(base), "1.00x", ""])
    sec.rows.append(
        [
            "backprop-tutor run micrograd-labels",
            ms(ours),
            f"{ours / base:.2f}x",
            "1.25x: PASS" if ok else "1.25x: FAIL",
        ]
    )
    sec.verdicts.append(("first screen within 1.25x of the lesson screen's skeleton", ok))
    frozen = times["skeleton, with gc.freeze() after its imports"]
    sec.rows.append(
        [
            "  like for like: the skeleton with the same gc.freeze()",
            ms(frozen),
            f"{ours / frozen:.2f}x",
            "(not the budget)",
        ]
    )
    sec.notes.append(
        "The tutor's run command freezes its imported objects out of the garbage collector's "
        "passes (gc.freeze) before it builds the app; the skeleton as the budget defines it "
        "does not. The like-for-like row gives the skeleton the same freeze."
    )
    fresh = times["backprop-tutor run micrograd-labels, new data folder"]
    sec.rows.append(
        [
            "  the first launch on a new data folder (nothing cached yet)",
            ms(fresh),
            f"{fresh / base:.2f}x",
            "(not the budget)",
        ]
    )
    sec.notes.append(
        "A launch on a data folder that has opened the lesson before reads the lesson's "
        "verdict, YAML and rendered description from DATA/cache (the rows above); the "
        "first launch on a new folder checks, parses and renders them, and keeps them."
    )
    skeleton, lesson = "skeleton of the lesson screen", "backprop-tutor run micrograd-labels"
    if skeleton in paints and lesson in paints:  # the first frame only: not the budget
        ratio = paints[lesson] / paints[skeleton]
        sec.rows.append(
            [
                "  to the first frame: the skeleton / micrograd-labels",
                f"{ms(paints[skeleton])} / {ms(paints[lesson])}",
                f"{ratio:.2f}x",
                "(not the budget)",
            ]
        )
        sec.notes.append(
            "The first frame is the lesson screen drawn once: its description and first "
            "feedback line are drawn just after it. The budget is on the settled screen."
        )
    big_ok = times["big"] <= 2.0
    sec.rows.append(
        [
            f"backprop-tutor run big{big}.yaml ({big:,} nodes)",
            ms(times["big"]),
            f"{times['big'] / base:.2f}x",
            "2 s: PASS" if big_ok else "2 s: FAIL",
        ]
    )
    sec.verdicts.append((f"first screen of a {big:,}-node lesson within 2 s", big_ok))
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


# -- (e) grading --------------------------------------------------------------------------


def grade_once(graph, node: str, text: str, known: dict[str, float]) -> Callable[[], object]:
    """Read and grade one answer at ``node``, as the app does on Enter (no screen)."""
    from tutor.teach.grading import grade, parse_answer

    def run() -> object:
        return grade(graph, node, parse_answer(text, graph), known, 0)

    return run


def bench_grading(runs: int, n: int = 2000) -> Section:
    """Section (e): grading one answer (every misconception row compared) at 10 and n nodes.

    The answer fits no misconception, so every row's predictions are computed and compared:
    the most work one answer costs. Both lessons are timed in rounds (interleaved), 200
    answers a run, medians. Budget: within 2x of the 10-node lesson and under 20 ms.
    """
    from tutor.graph import build as graph_mod
    from tutor.lesson import find as lesson_mod
    from tutor.teach.grading import grade

    sec = Section(
        f"(e) grading one answer (misconception table), 10 vs {n:,} nodes",
        ["lesson", "per answer", "ratio", "budget"],
    )
    batch = 200
    fns = {}
    for size in (10, n):
        g = graph_mod.build(lesson_mod.loads(synthetic_lesson(size), "synthetic"))
        known = {name: g.nodes[name].grad for name in g.order}
        node = "x1"  # the same node (two consumers, a tanh above) in both ladders
        assert not grade(g, node, 1.2345 * 2).mistakes  # an unexplained answer
        one = grade_once(g, node, "1.2345*2", known)
        fns[str(size)] = lambda one=one: [one() for _ in range(batch)]
    times = interleaved(fns, max(runs, 9))
    small, large = times["10"] / batch, times[str(n)] / batch
    ok = large <= 2 * small and large < 0.020
    sec.rows.append(["10 nodes", f"{small * 1e6:.0f} µs", "1.00x", ""])
    sec.rows.append(
        [f"{n:,} nodes", f"{large * 1e6:.0f} µs", f"{large / small:.2f}x", "PASS" if ok else "FAIL"]
    )
    sec.verdicts.append((f"grading at {n:,} nodes within 2x of 10 nodes and under 20 ms", ok))
    return sec


def bench_reliability(runs: int) -> Section:
    """Section ``reliab``: leaving a closed terminal; saving off the screen's thread."""
    from bench import reliability_bench as rb

    sec = Section("reliability: a closed terminal, and saving off the screen's thread",
                  ["what", "median", "budget"])  # fmt: skip
    exits = sorted(rb.exit_after_hangup() for _ in range(runs))
    worst_ok = statistics.median(exits) < 1.0
    sec.rows.append([f"exit after the terminal closes ({runs} runs, max {ms(exits[-1])})",
                     ms(statistics.median(exits)), "PASS" if worst_ok else "FAIL"])  # fmt: skip
    sec.verdicts.append(("reliab: the app exits within 1 s of its terminal closing", worst_ok))
    direct, queued, commit = rb.save_times(max(runs, 50))
    ok = queued * 5 <= direct
    sec.rows.append(["one answer saved directly (commit on the caller's thread)", ms(direct), ""])
    sec.rows.append(["one answer through the write queue (the screen's share)", ms(queued),
                     "PASS" if ok else "FAIL"])  # fmt: skip
    sec.rows.append(["  its put to commit, on the writer thread", ms(commit), ""])
    sec.verdicts.append(("reliab: the screen's share of a save at least 5x below a commit", ok))
    return sec


def bench_formula(runs: int, n: int = 2000) -> Section:
    """Section (h): the formula check (answers that name nodes), cold and warm."""
    from bench import formula_bench as fb

    sec = Section(
        "(h) the formula check: answers that name nodes (cold: the draws built too)",
        ["what", "cold", "warm", "budget"],
    )
    found = fb.times(max(runs, 5))
    for tensor, budget in ((False, 0.020), (True, 0.050)):
        rows = {k: v for k, v in found.items() if (k[0] == "makemore-ninja") == tensor}
        worst = max(rows, key=lambda k: rows[k][0])
        cold, warm, _ = rows[worst]
        ok = cold < budget
        what = f"{'makemore-ninja' if tensor else 'scalar lessons'}, worst: {worst[0]} {worst[1]}"
        sec.rows.append([what, ms(cold), ms(warm), "PASS" if ok else "FAIL"])
        sec.verdicts.append((f"formula: {what.split(',')[0]} graded under {ms(budget)}", ok))
    ladder = fb.ladder_times(max(runs, 5), n)
    small, large = ladder["10"], ladder[str(n)]
    ok = large[1] <= 2 * small[1] + 0.0005 and large[1] < 0.020
    sec.rows.append(["ladder, 10 nodes", ms(small[0]), ms(small[1]), ""])
    sec.rows.append(
        [
            f"ladder, {n:,} nodes (warm within 2x)",
            ms(large[0]),
            ms(large[1]),
            "PASS" if ok else "FAIL",
        ]
    )
    sec.verdicts.append((f"formula: {n:,}-node ladder, warm, within 2x and under 20 ms", ok))
    return sec


def bench_first_formula(runs: int, n: int = 2000) -> Section:
    """Section (h2): the first formula answer in the app, draws built at open or not."""
    from bench import formula_bench as fb

    sec = Section(
        f"(h2) the first answer in the app, {n:,} nodes (Enter to settled, interleaved)",
        ["first answer", "time", "ratio", "budget"],
    )
    found = fb.first_answer_times(max(runs, 5), n)
    number = found["number"]
    ok = found["prepared"] <= 1.5 * number
    rows = {
        "number": "a number",
        "prepared": "a formula, the draws built at open (the app)",
        "cold": "a formula, opened cold (the answer builds the draws)",
    }
    for mode, what in rows.items():
        verdict = ("PASS" if ok else "FAIL") if mode == "prepared" else ""
        sec.rows.append([what, ms(found[mode]), f"{found[mode] / number:.2f}x", verdict])
    sec.verdicts.append(("formulaapp: the first formula answer within 1.5x of a number", ok))
    return sec


# -- (d) dot -------------------------------------------------------------------------------


def bench_dot(runs: int, n: int = 2000) -> Section:
    """Section (d): DOT text for an ``n``-node lesson; budget 0.5 s."""
    from tutor.graph import build as graph_mod
    from tutor.lesson import find as lesson_mod

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


# -- (e) practice ------------------------------------------------------------------------------


def bench_practice(runs: int) -> Section:
    """Section (e): generating problems per level; the next practice problem on screen."""
    from bench.app_bench import next_lesson_time, next_problem_time
    from tutor.practice import problems as practice

    sec = Section(
        "(e) practice: generating a problem (median and slowest over 41 seeds), and the "
        "next problem on screen",
        ["what", "median", "slowest", "budget"],
    )
    for level in practice.LEVELS:
        times = []
        for seed in range(41):
            gc.collect()
            t0 = time.perf_counter()
            practice.generate(level, seed)
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        verdict = ""
        if level == 5:
            ok = med <= 0.05
            sec.verdicts.append(("practice: a level-5 problem generated within 50 ms", ok))
            verdict = "PASS" if ok else "FAIL"
        sec.rows.append([f"generate a level-{level} problem", ms(med), ms(max(times)), verdict])
    finish, show_next = next_problem_time(5, max(5, runs))
    baseline = next_lesson_time(max(5, runs))
    ok = show_next <= 0.3
    sec.rows.append(["last answer -> end dialog (draws the next problem)", ms(finish), "", ""])
    sec.rows.append(
        [
            "n -> next level-5 problem on screen (settled)",
            ms(show_next),
            "",
            "PASS" if ok else "FAIL",
        ]
    )
    sec.rows.append(["baseline: ctrl+f -> next bundled lesson settled", ms(baseline), "", ""])
    sec.verdicts.append(("practice: the next problem on screen within 300 ms", ok))
    sec.notes.append(
        "Headless app (run_test), medians. The next problem is drawn when a lesson is done "
        "(so the end dialog can offer it); the screen times are mostly Textual mounting "
        "and painting the lesson screen, as the ctrl+f baseline shows. Load average: "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    return sec


# -- (f) tensors -------------------------------------------------------------------------------


def tensor_times(runs: int, rounds: int = 5) -> tuple[float, float | None]:
    """Median times of makemore-ninja, ours and PyTorch's, each process timing ``runs`` runs.

    The two alternate, one process each per round, so load on a shared machine falls on
    both alike; the result is the median over rounds. PyTorch's is None without torch.
    """
    has_torch = importlib.util.find_spec("torch") is not None
    times: dict[str, list[float]] = {"ours": [], "torch": []}
    script = str(ROOT / "bench" / "tensor_bench.py")
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    for _ in range(rounds):
        for who in ("ours", "torch") if has_torch else ("ours",):
            proc = subprocess.run(
                [sys.executable, "-W", "ignore", script, who, str(runs)],
                capture_output=True,
                text=True,
                env=env,
            )
            try:
                times[who].append(float(proc.stdout.strip().splitlines()[-1]))
            except (ValueError, IndexError):
                pass
    ours = statistics.median(times["ours"])
    return ours, statistics.median(times["torch"]) if times["torch"] else None


def bench_tensor(runs: int) -> Section:
    """Section (f): makemore-ninja, ours against PyTorch, and ``solve --json``."""
    from bench import tensor_bench

    sec = Section(
        "(f) makemore-ninja (batch 32, 64 hidden, ~30 tensor ops): forward + backward "
        "(median, gc on)",
        ["what", "time", "ratio", "budget"],
    )
    ours, theirs = tensor_times(runs * 10)
    times = {"build": median_time(tensor_bench.ours_build(), runs * 5)}
    ratio = f"{ours / theirs:.2f}x" if theirs else ""
    ok = theirs is None or ours <= theirs
    sec.rows.append(["ours: tutor.tensor.engine, as in the lecture", ms(ours), ratio,
                     "" if theirs is None else ("PASS" if ok else "FAIL")])  # fmt: skip
    sec.rows.append(["ours: graph.build (also names, VJP symbols, nodes)", ms(times["build"]),
                     f"{times['build'] / theirs:.2f}x" if theirs else "", ""])  # fmt: skip
    if theirs is None:
        sec.notes.append("torch is not installed: the PyTorch row is skipped.")
    else:
        sec.rows.append(["PyTorch (CPU, 1 thread, every grad retained)", ms(theirs), "1.00x", ""])
        sec.verdicts.append(("tensor: makemore-ninja forward+backward no slower than PyTorch", ok))
    py = sys.executable
    result = process_times(
        {
            "json": [py, "-m", "tutor", "solve", "makemore-ninja", "--json"],
            "numpy": [py, "-c", "import numpy"],
        },
        max(5, runs),
    )
    solve, code, _ = result["json"]
    ok = code == 0 and solve < 0.5
    sec.rows.append(["python -m tutor solve makemore-ninja --json", ms(solve), "",
                     "PASS" if ok else "FAIL"])  # fmt: skip
    sec.rows.append(['(python -c "import numpy")', ms(result["numpy"][0]), "", ""])
    sec.verdicts.append(("tensor: solve makemore-ninja --json under 0.5 s", ok))
    return sec


# -- (g) tensor lessons in the tutor ------------------------------------------------------------


def bench_tensor_app(runs: int) -> Section:
    """Section (g): grading a makemore-ninja answer, its first screen, switching nodes."""
    from bench import tensor_app_bench as tab

    sec = Section(
        "(g) makemore-ninja in the tutor: grading, first screen, switching nodes (medians)",
        ["what", "time", "ratio", "budget"],
    )
    graded = tab.grading_times(runs)
    worst = max(graded, key=lambda n: graded[n])
    ok = graded[worst] < 0.050
    sec.rows.append([f"grade one wrong answer, every misconception (worst: {worst})",
                     ms(graded[worst]), "", "PASS" if ok else "FAIL"])  # fmt: skip
    sec.verdicts.append(("tensorapp: one makemore-ninja answer graded under 50 ms", ok))
    first = tab.first_screen_times(max(3, runs // 2))
    base = first["micrograd-labels"]
    ok = first[tab.NAME] < 2.0
    sec.rows.append(["first screen: makemore-ninja (whole process)", ms(first[tab.NAME]),
                     f"{first[tab.NAME] / base:.2f}x", "PASS" if ok else "FAIL"])  # fmt: skip
    sec.rows.append(["first screen: micrograd-labels (baseline)", ms(base), "1.00x", ""])
    sec.verdicts.append(("tensorapp: makemore-ninja's first screen within 2 s", ok))
    switch = tab.switching_times()
    redraw = switch["redraw, worst"]
    ok = redraw < 0.100
    for what, t in switch.items():
        ratio = ""
        if what.startswith("answer"):
            ratio = f"{t / switch['same, micrograd-labels (baseline)']:.2f}x"
        budget = ("PASS" if ok else "FAIL") if what == "redraw, worst" else ""
        sec.rows.append([what, ms(t), ratio, budget])
    sec.verdicts.append(("tensorapp: switching nodes (the redraw) under 100 ms", ok))
    sec.notes.append(
        "Grading reads the expression with NumPy and consults every row of the misconception "
        "table. The first screen is a whole process (Python, Textual, NumPy, the lesson). "
        "Switching: the one redraw from the session as the change triggers it; 'settled' "
        "adds Textual's layout and painting under the headless pilot. Load average: "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    return sec


# -- (i) the GPT-2 block lesson ---------------------------------------------------------------


def bench_gpt2(runs: int) -> Section:
    """Section (i): gpt2-block graded at every asked node, solve --json, first screen."""
    from bench import gpt2_bench
    from bench.tensor_app_bench import FIRST_SCREEN

    sec = Section(
        "(i) gpt2-block (58 nodes): grading, solve --json, first screen (medians)",
        ["what", "time", "ratio", "budget"],
    )
    cold, warm = gpt2_bench.grading_times(runs)
    worst = max(cold, key=lambda n: cold[n])
    ok = cold[worst] < 0.050
    sec.rows.append([f"grade a wrong answer, every misconception, cold (worst of {len(cold)}: "
                     f"{worst})", ms(cold[worst]), "", "PASS" if ok else "FAIL"])  # fmt: skip
    sec.rows.append(["grade, cold, median node", ms(statistics.median(cold.values())), "", ""])
    hot = max(warm.values())
    sec.rows.append(["grade again (warm), worst node", ms(hot), "", ""])
    sec.verdicts.append(("gpt2: any gpt2-block node graded under 50 ms", ok))
    py = sys.executable
    result = process_times(
        {
            "solve": [py, "-m", "tutor", "solve", gpt2_bench.NAME, "--json"],
            "solve-base": [py, "-m", "tutor", "solve", "makemore-ninja", "--json"],
            "screen": [py, "-c", FIRST_SCREEN, gpt2_bench.NAME],
            "screen-base": [py, "-c", FIRST_SCREEN, "micrograd-labels"],
        },
        max(3, runs // 2),
    )
    for key, what, budget in (("solve", "solve gpt2-block --json", 1.0),
                              ("screen", "first screen: gpt2-block", 2.0)):  # fmt: skip
        t, code, _ = result[key]
        base = result[f"{key}-base"][0]
        ok = code == 0 and t < budget
        sec.rows.append([f"{what} (whole process)", ms(t), f"{t / base:.2f}x",
                         "PASS" if ok else "FAIL"])  # fmt: skip
        sec.verdicts.append((f"gpt2: {what} under {budget:g} s", ok))
    sec.rows.append(["solve makemore-ninja --json (baseline)", ms(result["solve-base"][0]),
                     "1.00x", ""])  # fmt: skip
    sec.rows.append(["first screen: micrograd-labels (baseline)", ms(result["screen-base"][0]),
                     "1.00x", ""])  # fmt: skip
    sec.notes.append("Load average: " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
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


SECTIONS = (
    "engine",
    "startup",
    "bigsolve",
    "app",
    "answer",
    "grade",
    "dot",
    "graphview",
    "train",
    "practice",
    "tensor",
    "stats",
    "tensorapp",
    "gpt2",
    "formula",
    "formulaapp",
    "check",
    "reliab",
)


def _graphview_bench():  # noqa: ANN202 - the module, imported when its section runs
    from bench import graphview_bench

    return graphview_bench


def _train_bench():  # noqa: ANN202 - the module, imported when its section runs
    from bench import train_bench

    return train_bench


def _review_bench():  # noqa: ANN202 - the module, imported when its section runs
    from bench import review_bench

    return review_bench


def _check_bench():  # noqa: ANN202 - the module, imported when its section runs
    from bench import check_bench

    return check_bench


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
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs{load}\n")
    if {"startup", "bigsolve", "app"} & set(chosen):
        compile_bytecode()
    makers: dict[str, Callable[[], Section | None]] = {
        "engine": lambda: bench_engine(sizes, runs),
        "startup": lambda: bench_startup(3 if args.quick else 10),
        "bigsolve": lambda: bench_big_solve(3 if args.quick else 5, 1000 if args.quick else 5000),
        "app": lambda: bench_app_launch(runs, 1000 if args.quick else 5000),
        "answer": lambda: bench_answering(runs),
        "grade": lambda: bench_grading(runs),
        "dot": lambda: bench_dot(runs, 200 if args.quick else 2000),
        "graphview": lambda: _graphview_bench().bench_graph_view(runs),
        "train": lambda: _train_bench().bench_train(runs),
        "practice": lambda: bench_practice(runs),
        "tensor": lambda: bench_tensor(runs),
        "stats": lambda: _review_bench().bench_stats(runs, 1_000 if args.quick else 10_000),
        "tensorapp": lambda: bench_tensor_app(runs),
        "gpt2": lambda: bench_gpt2(runs),
        "formula": lambda: bench_formula(runs),
        "formulaapp": lambda: bench_first_formula(runs),
        "check": lambda: _check_bench().bench_check(runs),
        "reliab": lambda: bench_reliability(max(runs, 3)),
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
