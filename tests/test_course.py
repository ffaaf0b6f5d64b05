"""Course files and quiz draws."""

from __future__ import annotations

import pytest

from tutor.graph.variants import draw
from tutor.lesson.course import read_course
from tutor.lesson.find import loads

LESSON = "title: {t}\ninputs: {{a: 1}}\ngraph:\n  - L = a * 2\n"


def make_folder(tmp_path, course: str | None):
    for name in ("b", "a", "c"):
        (tmp_path / f"{name}.yaml").write_text(LESSON.format(t=name))
    if course is not None:
        (tmp_path / "course.yaml").write_text(course)
    return tmp_path


def test_course_order_then_the_rest_by_name(tmp_path):
    course = read_course(make_folder(tmp_path, "title: Mine\nlessons: [c, a]\n"))
    assert course.title == "Mine"
    assert [p.stem for p in course.files] == ["c", "a", "b"]


@pytest.mark.parametrize(
    "text", ["lessons: 5\n", "lessons: true\n", "- a\n", ": :\n", "lessons: [[x]]\n"]
)
def test_a_strange_course_file_falls_back_to_names(tmp_path, text):
    course = read_course(make_folder(tmp_path, text))
    assert sorted(p.stem for p in course.files) == ["a", "b", "c"]


def test_float_draws_stay_inside_their_range():
    lesson = loads(
        "title: T\ninputs: {a: 0.105}\ngraph:\n  - L = a * 2\nrandomize:\n  a: [0.101, 0.109]\n"
    )
    values = {draw(lesson, seed)["a"] for seed in range(200)}
    assert all(0.101 <= v <= 0.109 for v in values)


# -- check of course.yaml ---------------------------------------------------------------


def check_course_text(tmp_path, text: str) -> list[str]:
    from tutor.authoring.check import check_file

    folder = make_folder(tmp_path, text)
    return [
        line.replace(str(folder / "course.yaml"), "C")
        for line in check_file(folder / "course.yaml")
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "titel: Mine\nlessons: [a, b, c]\n",
            "C:1:1: error: unknown key 'titel' (did you mean 'title'?)",
        ),
        (
            "title: Mine\nlessons: a, b, c\n",
            "C:2:10: error: 'lessons' must be a list of lesson names, not 'a, b, c' "
            "(this is one text; write [a, b, c], or one '- name' a line)",
        ),
        (
            "title: Mine\nlessons: [a, bb, c]\n",
            "C:2:14: error: no lesson file bb.yaml in this folder (did you mean 'b'?)",
        ),
        (
            "title: Mine\nlessons:\n  - a\n  - b\n  - c\n  - a.yaml\n",
            "C:6:5: error: lesson 'a.yaml' is listed twice (first at line 3)",
        ),
        (
            "title: Mine\nlessons: [a, b\n",
            "C:3:1: error: YAML syntax error: did not find expected ',' or ']'",
        ),
        (
            "title: Mine\nlessons: [a, b]\n",
            "C:2:1: warning: the course leaves out c (shown after the listed lessons)",
        ),
        (
            "title: no\nlessons: [a, b, c]\n",
            "C:1:8: error: 'title' must be a non-empty text, not False "
            "(YAML reads no as a boolean: quote the word, 'no')",
        ),
        (
            "title: Mine\nlessons: [a, 5, b, c]\n",
            "C:2:14: error: each lesson is a file name such as 'intro', not 5",
        ),
        (
            "- a\n- b\n",
            "C:1:1: error: a course file is a mapping of keys "
            "(title: My course, then lessons: [first, second]), not a list",
        ),
    ],
)
def test_check_reports_course_problems_at_their_place(tmp_path, text, want):
    assert want in check_course_text(tmp_path, text)


def test_a_good_course_file_is_clean(tmp_path):
    assert check_course_text(tmp_path, "title: Mine\nlessons: [c, a.yaml, b]\n") == []


def test_check_a_course_file_and_a_course_folder(tmp_path, capsys):
    from tutor.cli import main

    folder = make_folder(tmp_path, "title: Mine\nlessons: [a, b, x]\n")
    assert main(["check", str(folder / "course.yaml")]) == 1
    out = capsys.readouterr().out
    assert "no lesson file x.yaml" in out and "leaves out c" in out
    assert "not a valid" not in out and "missing required key" not in out  # not a lesson
    assert main(["check", str(folder)]) == 1
    assert "no lesson file x.yaml" in capsys.readouterr().out


def test_warnings_alone_pass(tmp_path, capsys):
    from tutor.cli import main

    folder = make_folder(tmp_path, "title: Mine\nlessons: [a, b]\n")
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "warning: the course leaves out c" in out
    assert out.endswith("4 files checked, no errors, 1 warning\n")


def test_the_course_title_is_shown_above_its_lessons(tmp_path, capsys):
    from tutor.authoring.catalog import course_titles
    from tutor.cli import main

    folder = make_folder(tmp_path, "title: Mine\nlessons: [c, a]\n")
    assert main(["--lessons", str(folder), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("# Mine")
    assert [line.split()[0] for line in lines[at + 1 :]] == ["c", "a", "b"]
    assert lines[0] == "# Backpropagation by hand"
    assert course_titles([folder]) == ["Backpropagation by hand", "Mine"]


def test_the_bundled_course_file_is_clean():
    from tutor.authoring.check import check_file
    from tutor.lesson.find import bundled_dir

    assert check_file(bundled_dir() / "course.yaml") == []


async def test_the_app_shows_the_course_titles_above_the_list(tmp_path):
    from tutor.app.factory import make_app

    folder = make_folder(tmp_path, "title: Mine\nlessons: [c, a]\n")
    app = make_app(lesson_dirs=[folder], keep_progress=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.sub_title == "Backpropagation by hand · Mine"
