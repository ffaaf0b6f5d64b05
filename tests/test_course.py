"""Course files and quiz draws."""

from __future__ import annotations

import pytest

from tutor.course import read_course
from tutor.lesson import loads
from tutor.variants import draw

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
