"""Finding lessons: one rule (``tutor.lesson.find.resolve``) for every command and the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor import cli
from tutor.app.factory import make_app, make_quiz_app
from tutor.errors import TutorError
from tutor.lesson.find import LessonNotFound, bundled_dir, resolve, resolve_all

GELU = "title: Gelu-ish\ninputs: {x: 1.0}\ngraph:\n  - y = x * sigmoid(1.702 * x)\n"
LESSON = "title: {t}\ninputs: {{a: 1}}\ngraph:\n  - L = a * 2\n"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course folder: gelu, relu-gate (named like a bundled lesson), swish; in that order."""
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "gelu.yaml").write_text(GELU)
    (folder / "relu-gate.yaml").write_text(LESSON.format(t="My relu"))
    (folder / "swish.yaml").write_text(LESSON.format(t="Swish"))
    (folder / "course.yaml").write_text("title: My course\nlessons: [swish, gelu, relu-gate]\n")
    return folder


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_solve_finds_a_folder_lesson_by_name(course, capsys, tmp_path):
    code, out, err = run(["--lessons", str(course), "solve", "gelu", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["lesson"] == "gelu"


def test_export_finds_a_folder_lesson_by_name(course, capsys, tmp_path):
    out_file = tmp_path / "g.dot"
    code, _, err = run(["export", "gelu", "-o", str(out_file), "--lessons", str(course)], capsys)
    assert code == 0, err
    assert "Gelu-ish" in out_file.read_text()


def test_run_and_quiz_use_the_same_rule(course):
    app = make_app("gelu", lesson_dirs=[course], keep_progress=False)
    assert app.ctx.paths[app.ctx.start] == course / "gelu.yaml"
    quiz = make_quiz_app(["gelu"], lesson_dirs=[course], keep_progress=False, seed=1)
    assert quiz.ctx.paths == [course / "gelu.yaml"]


def test_a_name_in_two_places_is_an_error_listing_both(course, capsys):
    code, _, err = run(["--lessons", str(course), "solve", "relu-gate"], capsys)
    assert code == 1
    assert str(course / "relu-gate.yaml") in err and "bundled:relu-gate" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(TutorError, match="names 2 lessons"):
        make_app("relu-gate", lesson_dirs=[course], keep_progress=False)


def test_either_one_can_be_picked(course):
    assert resolve("bundled:relu-gate", [course]) == bundled_dir() / "relu-gate.yaml"
    assert resolve(str(course / "relu-gate.yaml"), [course]) == course / "relu-gate.yaml"
    with pytest.raises(LessonNotFound, match="did you mean 'relu-gate'"):
        resolve("bundled:relu-gat")


def test_folders_are_searched_in_order_and_a_name_in_two_folders_is_ambiguous(course, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "gelu.yaml").write_text(GELU)
    (other / "only-here.yaml").write_text(LESSON.format(t="Here"))
    assert resolve("only-here", [course, other]) == other / "only-here.yaml"
    with pytest.raises(TutorError, match="names 2 lessons"):
        resolve("gelu", [course, other])


def test_unknown_names_suggest_folder_lessons_too(course):
    with pytest.raises(LessonNotFound, match="did you mean 'gelu'"):
        resolve("gelux", [course])


@pytest.mark.parametrize("kind", ["missing", "file", "empty"])
@pytest.mark.parametrize("command", [["list"], ["solve", "micrograd-labels"], ["quiz"]])
def test_a_bad_lessons_folder_is_an_error_naming_it(tmp_path, capsys, kind, command):
    bad = tmp_path / "nope"
    if kind == "file":
        bad.write_text("x")
    elif kind == "empty":
        bad.mkdir()
        (bad / "course.yaml").write_text("title: Empty\n")
    code, _, err = run(["--lessons", str(bad), *command, "--data-dir", str(tmp_path)], capsys)
    assert code == 1
    assert str(bad) in err and len(err.strip().splitlines()) == 1


def test_quiz_a_folder_in_course_order(course):
    for targets in ([str(course)], [str(course / "course.yaml")]):
        quiz = make_quiz_app(targets, keep_progress=False, seed=3)
        assert [p.stem for p in quiz.ctx.paths] == ["swish", "gelu", "relu-gate"]


def test_quiz_course_option(course, monkeypatch):
    seen = {}

    def fake(ctx, lessons):
        seen["paths"] = resolve_all(lessons, ctx.lesson_dirs)
        return 0

    monkeypatch.setattr("tutor.commands.run.main_quiz", fake)
    assert cli.main(["quiz", "--course", str(course)]) == 0
    assert [p.stem for p in seen["paths"]] == ["swish", "gelu", "relu-gate"]


def test_quiz_a_glob_never_reads_course_yaml_as_a_lesson(course):
    targets = sorted(str(p) for p in course.glob("*.yaml"))
    assert any(t.endswith("course.yaml") for t in targets)
    paths = resolve_all(targets)
    assert sorted(p.name for p in paths) == ["gelu.yaml", "relu-gate.yaml", "swish.yaml"]
    make_quiz_app(targets, keep_progress=False, seed=2)  # every lesson opens


def test_a_course_file_is_not_a_lesson(course, capsys):
    code, _, err = run(["solve", str(course / "course.yaml")], capsys)
    assert code == 1 and "course" in err and "Traceback" not in err


def test_a_lesson_file_by_path_is_always_a_lesson(course, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "micrograd-labels.yaml").write_text(LESSON.format(t="Mine"))
    assert resolve("./micrograd-labels.yaml") == Path("./micrograd-labels.yaml")
    with pytest.raises(TutorError, match="names 2 lessons"):
        resolve("micrograd-labels")


def test_the_documented_ambiguity_message_is_the_real_one(tmp_path, monkeypatch):
    docs = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text()
    documented = " ".join(docs.split("for instance\n   `")[1].split("`.")[0].split())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "relu-gate.yaml").write_text(LESSON.format(t="Mine"))
    with pytest.raises(TutorError) as info:
        resolve("relu-gate", ["course"])
    assert str(info.value) == documented
    assert "bundled:NAME" in docs and "quiz --course" in docs and "course.yaml" in docs
