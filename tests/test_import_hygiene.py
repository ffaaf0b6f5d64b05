"""The core never imports Textual, the CLI or the commands: ``check`` and ``solve`` start
without the UI, and the layering (cli > commands > app > core) has no way back."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TUTOR = ROOT / "tutor"

# Runs in a fresh interpreter: imports every core module (each module outside tutor/app/),
# runs `check` on a bundled lesson and `solve --json`, then reports what got imported.
PROBE = r"""
import contextlib, importlib, io, json, pkgutil, sys

import tutor

CORE = []
for top in pkgutil.iter_modules(tutor.__path__):
    if top.name in ("app", "__main__", "cli", "commands", "lessons"):
        continue
    CORE.append("tutor." + top.name)
    if top.ispkg:
        sub = [tutor.__path__[0] + "/" + top.name]
        CORE += ["tutor." + top.name + "." + m.name for m in pkgutil.iter_modules(sub)]
CORE.sort()
present = []
for name in CORE:
    importlib.import_module(name)
    present.append(name)
after_imports = "textual" in sys.modules
UPPER = (["tutor", "cli"], ["tutor", "commands"], ["tutor", "app"])
upper_after_imports = sorted(m for m in sys.modules if m.split(".")[:2] in UPPER)

import tutor.cli
from tutor.lesson.find import bundled_dir

codes = {}
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    codes["check"] = tutor.cli.main(["check", str(bundled_dir() / "micrograd-labels.yaml")])
    codes["solve"] = tutor.cli.main(["solve", "micrograd-labels", "--json"])
print(json.dumps({
    "present": present,
    "textual_after_imports": after_imports,
    "upper_after_imports": upper_after_imports,
    "textual": sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")),
    "codes": codes,
    "output": out.getvalue()[-2000:],
}))
"""


def run_probe() -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_core_commands_never_import_textual():
    report = run_probe()
    expected = {
        "tutor.scalar.engine",
        "tutor.scalar.ops",
        "tutor.lesson.find",
        "tutor.graph.build",
        "tutor.authoring.check",
        "tutor.teach.solution",
        "tutor.teach.grading",
        "tutor.teach.hints",
        "tutor.dot",
        "tutor.progress.store",
        "tutor.session",
    }
    assert expected <= set(report["present"])
    assert report["textual_after_imports"] is False
    assert report["upper_after_imports"] == []
    assert report["textual"] == [], report["textual"]
    assert report["codes"]["check"] == 0, report["output"]
    assert report["codes"]["solve"] == 0, report["output"]
    assert '"order"' in report["output"]  # the JSON solution was really printed


TEXTUAL_IMPORT = re.compile(r"^\s*(import\s+textual\b|from\s+textual\b)", re.MULTILINE)


def core_files() -> list[Path]:
    return [p for p in sorted(TUTOR.rglob("*.py")) if (TUTOR / "app") not in p.parents]


def test_no_core_file_imports_textual():
    files = core_files()
    assert TUTOR / "scalar" / "engine.py" in files and TUTOR / "cli.py" in files
    offenders = [str(p.relative_to(ROOT)) for p in files if TEXTUAL_IMPORT.search(p.read_text())]
    assert offenders == []


def test_the_pattern_catches_both_spellings():
    assert TEXTUAL_IMPORT.search("x = 1\nimport textual.app\n")
    assert TEXTUAL_IMPORT.search("def f():\n    from textual.widgets import Static\n")
    assert not TEXTUAL_IMPORT.search("import textualize_helpers\n# textual is the UI\n")


def test_import_linter_contracts_hold():
    """The layers contract in pyproject.toml (cli > commands > app > core, exhaustive)."""
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def import_cycles(graph) -> list[list[str]]:
    """Every set of modules that reach each other through imports (strongly connected).

    Function-level imports count. ``if TYPE_CHECKING:`` imports do not (they never run; the
    design lets them go anywhere). Importing ``a.b.c`` runs ``a/__init__.py`` and
    ``a/b/__init__.py`` first, so it counts as importing those packages too: a package whose
    ``__init__`` imports a module that imports anything of the package (``tutor.app`` and
    ``tutor.app.tutor_app`` once) is a cycle, though no import names the package itself.
    """
    modules = sorted(graph.modules)
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            parts = imported.split(".")
            for end in range(len(parts), 0, -1):
                target = ".".join(parts[:end])
                if target in edges and target != module:
                    edges[module].add(target)
    # Tarjan's strongly connected components, iteratively (no recursion limit to meet).
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return sorted(cycles)


def test_no_import_cycles_even_inside_functions_or_through_a_package():
    """No module or package reaches itself through imports (see ``import_cycles``)."""
    import grimp

    graph = grimp.build_graph("tutor", exclude_type_checking_imports=True)
    assert {"tutor.app.screens.lesson", "tutor.app.widgets.tally"} <= graph.modules
    assert import_cycles(graph) == []


def test_the_app_s_parts_form_no_cycle_even_as_packages():
    """Screens, widgets and the app's modules: no two reach each other, subpackages whole."""
    import itertools

    import grimp

    graph = grimp.build_graph("tutor", exclude_type_checking_imports=True)
    parts = sorted(
        {".".join(m.split(".")[:3]) for m in graph.modules if m.startswith("tutor.app.")}
    )
    assert {"tutor.app.screens", "tutor.app.widgets", "tutor.app.tutor_app"} <= set(parts)
    both_ways = [
        (a, b)
        for a, b in itertools.combinations(parts, 2)
        if graph.chain_exists(importer=a, imported=b, as_packages=True)
        and graph.chain_exists(importer=b, imported=a, as_packages=True)
    ]
    assert both_ways == []


def test_the_core_packages_form_no_cycle_even_as_packages():
    """grammar, scalar, tensor, lesson, graph, teach, ...: no two packages reach each other."""
    import itertools

    import grimp

    graph = grimp.build_graph("tutor", exclude_type_checking_imports=True)
    parts = sorted({".".join(m.split(".")[:2]) for m in graph.modules if m.count(".") >= 1})
    assert {"tutor.scalar", "tutor.tensor", "tutor.teach", "tutor.graph"} <= set(parts)
    both_ways = [
        (a, b)
        for a, b in itertools.combinations(parts, 2)
        if graph.chain_exists(importer=a, imported=b, as_packages=True)
        and graph.chain_exists(importer=b, imported=a, as_packages=True)
    ]
    assert both_ways == []


def test_the_cycle_check_sees_function_imports_and_package_inits():
    import grimp

    graph = grimp.ImportGraph()
    for module in ("p", "p.app", "p.app.main", "p.app.keys", "p.core", "p.a", "p.b"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    assert import_cycles(graph) == []
    graph.add_import(importer="p.b", imported="p.a")  # as a function-level import would
    assert import_cycles(graph) == [["p.a", "p.b"]]
    graph.remove_import(importer="p.b", imported="p.a")
    # p/app/__init__.py imports p.app.main, which imports p.app.keys: p.app runs first
    graph.add_import(importer="p.app", imported="p.app.main")
    graph.add_import(importer="p.app.main", imported="p.app.keys")
    assert import_cycles(graph) == [["p.app", "p.app.main"]]
    graph.remove_import(importer="p.app.main", imported="p.app.keys")
    graph.add_import(importer="p.app.main", imported="p.core")  # a package above: fine
    graph.add_import(importer="p.app.keys", imported="p.app.main")  # not imported by p.app
    assert import_cycles(graph) == []


# Scalar lessons never load NumPy (issue 11): only a lesson with a tensor input does.
SCALAR_PROBE = r"""
import contextlib, io, json, sys

import tutor.cli
from tutor.lesson.find import bundled_dir, bundled_names, load
from tutor.graph.build import build

out = io.StringIO()
codes = {}
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    codes["check"] = tutor.cli.main(["check", str(bundled_dir() / "micrograd-labels.yaml")])
    codes["solve"] = tutor.cli.main(["solve", "micrograd-labels", "--json"])
    codes["solve-table"] = tutor.cli.main(["solve", "dlbook-sin"])
    codes["export"] = tutor.cli.main(["export", "micrograd-labels", "-o", sys.argv[1]])
scalar = [n for n in bundled_names()
          if all(isinstance(v, float) for v in load(n).inputs.values())]
for name in scalar:
    build(load(name))
before = "numpy" in sys.modules
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    codes["tensor"] = tutor.cli.main(["solve", str(sys.argv[2]), "--json"])
print(json.dumps({"numpy_scalar": before, "numpy_tensor": "numpy" in sys.modules,
                  "codes": codes, "output": out.getvalue()[-2000:]}))
"""


def test_scalar_lessons_never_import_numpy(tmp_path):
    lesson = tmp_path / "t.yaml"
    lesson.write_text("title: T\ninputs:\n  x: [1.0, 2.0]\ngraph:\n  - L = sum(x * x)\n")
    proc = subprocess.run(
        [sys.executable, "-c", SCALAR_PROBE, str(tmp_path / "g.dot"), str(lesson)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(report["codes"].values()) == {0}, report["output"]
    assert report["numpy_scalar"] is False
    assert report["numpy_tensor"] is True  # the probe does see NumPy when a lesson needs it


def test_the_app_loads_numpy_only_for_tensor_lessons():
    probe = (
        "import sys, tutor.app, tutor.app.tutor_app, tutor.app.screens.lesson\n"
        "from tutor.app.factory import make_app\n"
        "make_app('micrograd-labels', keep_progress=False)\n"
        "print(sorted(m for m in ('numpy', 'fsrs', 'plotext') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
