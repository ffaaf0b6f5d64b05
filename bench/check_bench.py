"""Section (c): ``check`` on hostile-sized texts; budget: 19,900 placeholder problems in 2 s.

Issue 18, item 17: every problem's line:col used to be found by walking the text from its
start (127 s for that file); now each text is walked once. The second row is a text near
the file's size limit (over 100,000 characters used to go unchecked), to show the time is
linear in the text's length.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.run import Section, ms

GRAPH = "inputs:\n  x: 2.0\ngraph:\n  - y = x * x\noutput: y\nrandomize:\n  x: [1, 4]\n"


def _files(folder: Path) -> dict[str, Path]:
    """The files timed, by what the row says."""
    many = " ".join("{" + "abcdefg"[i % 7] + "}" for i in range(19_900))
    words = ["{a}", "a*b*c", "2.5", "r**3", "`x`", "{{", "_y_", "2*x"]
    mixed = " ".join(words[i % len(words)] for i in range(36_000))
    out = {
        "19,900 placeholder problems (80 KB description)": f'title: t\ndescription: "{many}"\n',
        "mixed text, 200 KB (placeholders, Markdown, stale numbers)": (
            f"title: t\ndescription: |\n  {mixed}\n"
        ),
    }
    paths = {}
    for i, (what, head) in enumerate(out.items()):
        path = folder / f"f{i}.yaml"
        path.write_text(head + GRAPH, encoding="utf-8")
        paths[what] = path
    return paths


def bench_check(runs: int) -> Section:
    """Median whole-file ``check_file`` time for each file; budget 2 s for the first."""
    from tutor.authoring.check import check_file

    sec = Section("(c) check on hostile texts (median of runs)", ["file", "problems", "time",
                                                                   "budget"])  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for i, (what, path) in enumerate(_files(Path(folder)).items()):
            times, found = [], 0
            for _ in range(max(3, runs // 2)):
                t0 = time.perf_counter()
                found = len(check_file(path))
                times.append(time.perf_counter() - t0)
            t = sorted(times)[len(times) // 2]
            verdict = ""
            if i == 0:
                ok = t < 2.0
                sec.verdicts.append(("check: 19,900 placeholder problems within 2 s", ok))
                verdict = "PASS" if ok else "FAIL"
            sec.rows.append([what, f"{found:,}", ms(t), verdict])
    sec.notes.append("Before item 17 (main at 00d6f85): the first file took 99 s, the second "
                     "skipped its text (over 100,000 characters).")  # fmt: skip
    return sec
