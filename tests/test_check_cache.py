"""Issue 19: a lesson ``check`` found clean is not checked again at its next open (a
bundled lesson with ``randomize`` ranges paid ~30-50 ms of variant builds at every open),
and the cache file in the data folder is untrusted input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tutor.authoring import gate
from tutor.authoring.check_cache import MAX_BYTES, MAX_KEYS, CheckCache, key_of
from tutor.lesson import cache_file
from tutor.lesson.find import LessonError, bundled_dir

BAD = "title: Bad\ninputs: {a: 2.0}\nexpected: {a: 5}\ngraph:\n  - L = a * a\n"


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The lessons ``check`` runs on (by path), counted through the gate."""
    seen: list[str] = []
    real = gate.check_lesson

    def counting(lesson):
        seen.append(lesson.path)
        return real(lesson)

    monkeypatch.setattr(gate, "check_lesson", counting)
    return seen


def open_twice(data: Path, name: str = "neuron-tanh") -> None:
    """Open ``name`` in two apps on one data folder, as two launches would."""
    from tutor.app.factory import make_app

    for _ in range(2):
        make_app(name, data_dir=data, keep_progress=False)


def test_a_bundled_randomized_lesson_is_checked_once_per_data_folder(tmp_path, checks):
    open_twice(tmp_path / "data")
    assert len(checks) == 1  # the second launch trusts the first one's clean verdict
    saved = json.loads((tmp_path / "data" / "cache" / "checked.json").read_text())
    source = (bundled_dir() / "neuron-tanh.yaml").read_text()
    assert saved == {"format": 1, "clean": [key_of(source)]}


def test_a_key_is_the_sha256_of_the_code_stamp_and_the_text():
    import hashlib

    text = "title: Mine\n"
    want = hashlib.sha256(f"{cache_file.code_stamp()}\n{text}".encode()).hexdigest()
    assert key_of(text) == want


def test_a_changed_lesson_or_tutor_is_checked_again(tmp_path, checks, monkeypatch):
    lesson = tmp_path / "mine.yaml"
    lesson.write_text("title: Mine\ninputs: {a: 2.0}\ngraph:\n  - L = a * a\n")
    open_twice(tmp_path / "data", str(lesson))
    lesson.write_text("title: Mine\ninputs: {a: 3.0}\ngraph:\n  - L = a * a\n")
    open_twice(tmp_path / "data", str(lesson))
    assert len(checks) == 2  # once per text
    monkeypatch.setattr(cache_file, "code_stamp", lambda: "another version")
    open_twice(tmp_path / "data", str(lesson))
    assert len(checks) == 3  # once more under other code


def test_a_lesson_with_errors_is_refused_every_time_and_never_kept(tmp_path, checks):
    from tutor.app.factory import make_app

    lesson = tmp_path / "bad.yaml"
    lesson.write_text(BAD)
    for _ in range(2):
        with pytest.raises(LessonError):
            make_app(str(lesson), data_dir=tmp_path / "data", keep_progress=False)
    assert len(checks) == 2
    assert not (tmp_path / "data" / "cache" / "checked.json").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        json.dumps({"format": 2, "clean": []}).encode(),
        json.dumps({"format": 1, "clean": ["../../etc/passwd"]}).encode(),
        json.dumps({"format": 1, "clean": [1]}).encode(),
        json.dumps({"format": 1, "clean": ["a" * 64] * (MAX_KEYS + 1)}).encode(),
        b" " * (MAX_BYTES + 1),
        b"\xff\xfe\x00",
    ],
)
def test_a_hostile_cache_file_is_ignored_and_replaced(tmp_path, checks, content):
    cache = tmp_path / "data" / "cache" / "checked.json"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(content)
    open_twice(tmp_path / "data")
    assert len(checks) == 1  # checked (nothing trusted), then remembered
    assert json.loads(cache.read_text())["clean"] == [
        key_of((bundled_dir() / "neuron-tanh.yaml").read_text())
    ]


def test_a_forged_key_of_a_bad_lesson_would_be_trusted_only_for_that_very_text(tmp_path):
    # the cache can only vouch for a text it names by its hash: any edit is checked again
    cache = CheckCache(tmp_path / "checked.json")
    cache.add(key_of(BAD))
    assert cache.known(key_of(BAD)) and not cache.known(key_of(BAD + "\n"))


def test_the_cache_keeps_the_newest_keys_and_stays_small(tmp_path):
    cache = CheckCache(tmp_path / "checked.json")
    for i in range(MAX_KEYS + 20):
        cache._keys = cache.keys()  # as read
        cache.add(f"{i:064x}")
    again = CheckCache(tmp_path / "checked.json")
    assert len(again.keys()) == MAX_KEYS and again.known(f"{MAX_KEYS + 19:064x}")
    assert not again.known(f"{0:064x}")
    assert os.path.getsize(tmp_path / "checked.json") <= MAX_BYTES


def test_an_unwritable_cache_is_silent(tmp_path, checks):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cache").write_text("a file where the folder would be")
    open_twice(tmp_path / "data")
    assert len(checks) == 2  # nothing kept, nothing raised: checked at each open


# A second launch on one data folder, in a fresh interpreter: what the first screen imported.
FIRST_SCREEN = r"""
import json, sys
from tutor.app.factory import make_app

async def leave(pilot):
    await pilot.pause()
    pilot.app.exit()

app = make_app(sys.argv[1], data_dir=sys.argv[2], keep_progress=sys.argv[3] == "keep")
app.run(headless=True, size=(120, 36), auto_pilot=leave)
WATCHED = ("tutor.", "markdown_it", "_hashlib", "yaml")
print(json.dumps(sorted(m for m in sys.modules if m.startswith(WATCHED))))
"""


def _first_screen_modules(tmp_path: Path, keep: str) -> set[str]:
    """The tutor modules a second launch on one data folder imported for its first screen."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    for _ in range(2):  # the second launch finds the lesson's clean verdict
        proc = subprocess.run(
            [sys.executable, "-c", FIRST_SCREEN, "neuron-tanh", str(tmp_path / "data"), keep],
            cwd=root, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
    loaded = set(json.loads(proc.stdout.splitlines()[-1]))
    assert "tutor.app.screens.lesson" in loaded  # the screen was shown
    return loaded


#: Loaded at the first answer, by a quiz's redraws, or by check, never for the first screen:
#: grading and the formula check, the misconception catalogue (through the review's names)
#: and the checks a clean lesson skips.
LAZY = (
    "tutor.teach.grading",
    "tutor.teach.formula",
    "tutor.teach.coincidences",
    "tutor.teach.misconceptions",
    "tutor.progress.review",
    "tutor.authoring.number_checks",
    "tutor.authoring.text_checks",
    "tutor.app.widgets.graph_view",  # the graph view and its layout: F2, the nudge
    "tutor.layout",
    "tutor.layout_draw",
    "markdown_it",  # the description was rendered at the first launch and kept (render_cache)
    "tutor.lesson.markdown",
    "_hashlib",  # OpenSSL: the caches' keys are CPython's own SHA-256 (cache_file)
    "yaml",  # the lesson and course files were read at the first launch and kept (doc_cache)
    "tutor.lesson.yaml_parse",
)


def test_the_first_screen_of_a_checked_lesson_imports_no_grading_or_catalogue(tmp_path):
    loaded = _first_screen_modules(tmp_path, "keep")
    assert "tutor.progress.queued" in loaded  # progress is kept, through the write queue
    assert [m for m in LAZY if m in loaded] == []


def test_with_progress_off_the_first_screen_imports_no_write_queue(tmp_path):
    loaded = _first_screen_modules(tmp_path, "off")
    lazy = (*LAZY, "tutor.progress.queued", "tutor.progress.recovery", "tutor.progress.store")
    lazy = (*lazy, "tutor.progress.writes")  # nothing to save before the first answer
    assert [m for m in lazy if m in loaded] == []
