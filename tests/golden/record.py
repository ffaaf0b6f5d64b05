"""Record PyTorch's numbers as the golden files in ``tests/golden/from-torch/`` (``make golden``).

Run it with a Python that has torch, NumPy and PyYAML (``make golden TORCH_PY=...``); without
torch it says so in one line and exits with 1. The project's ``tutor`` package is imported
from this checkout by path, only to build each lesson's graph (its leaf numbers and which op
each node applies); every number written is computed by torch ops (``reference.py``), in
float64 on the CPU with one thread. makemore-ninja is computed twice, by walking its graph
and as written in the lecture, and nothing is written unless the two agree.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
USAGE = (
    "point TORCH_PY at a Python that has torch, numpy and pyyaml: "
    "make golden TORCH_PY=/path/to/python"
)


def _say(line: str) -> int:
    """One line on stderr, and the exit status 1."""
    print(f"make golden: {line}", file=sys.stderr)
    return 1


def main() -> int:
    """Record every area's golden file; 0 when written, 1 (and one line) when it cannot."""
    if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
        del sys.path[0]  # this folder's modules are imported as the ``golden`` package
    try:
        import torch
    except ImportError:
        return _say(f"torch is not importable by {sys.executable}; {USAGE}")
    try:
        import numpy as np
        import yaml  # noqa: F401  (the lesson loader needs it)
    except ImportError as exc:
        return _say(f"{exc.name} is not importable by {sys.executable}; {USAGE}")
    sys.path[:0] = [str(ROOT), str(TESTS)]
    from golden import reference, store
    from tutor.graph.build import build
    from tutor.lesson.find import load

    def lesson_graph(name: str) -> tuple[Path, Any]:
        path = ROOT / "lessons" / f"{name}.yaml"
        return path, build(load(str(path)))

    torch.set_num_threads(1)
    areas = {
        area: {name: (case.fingerprint, case.compute(torch)) for name, case in planned.items()}
        for area, planned in reference.plan(lesson_graph).items()
    }
    assert tuple(areas) == store.AREAS
    walked = areas["lessons"]["makemore-ninja"][1]
    lecture = reference.makemore_lecture(torch, lesson_graph("makemore-ninja")[1])
    for node, want in lecture.grads.items():
        if not np.allclose(walked.grads[node], want, rtol=1e-9, atol=1e-12):
            return _say(f"makemore-ninja: the graph walk and the lecture disagree on {node}")
    header = {
        "about": "PyTorch's numbers for the tests; written by `make golden`, not by hand",
        "recorded_by": "tests/golden/record.py",
        "torch": str(torch.__version__),
        "numpy": str(np.__version__),
    }
    store.FOLDER.mkdir(exist_ok=True)
    for area, recorded in areas.items():
        path = store.path(area)
        text = store.dumps(header, recorded)
        same = path.is_file() and path.read_text(encoding="utf-8") == text
        if not same:
            path.write_text(text, encoding="utf-8")
        state = "unchanged" if same else "written"
        size = len(text.encode()) / 1024
        print(f"{path.relative_to(ROOT)}: {len(recorded)} cases, {size:.0f} KiB, {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
