"""The backward pass as pictures: ``export --steps DIR`` and its stepping page."""

from __future__ import annotations

import re

import pytest

from tutor import dot
from tutor.cli import main
from tutor.graph.build import build
from tutor.lesson.find import load
from tutor.steps import backward_steps, write_steps


def graph_of(name: str):
    return build(load(name))


def test_step_0_is_the_forward_pass_and_each_step_adds_one_asked_gradient():
    graph = graph_of("micrograd-labels")
    steps = backward_steps(graph)
    assert len(steps) == len(graph.order) + 1
    assert steps[0].known == {} and steps[0].current is None
    assert steps[0].caption == f"step 0 of {len(graph.order)}: the forward pass"
    assert [s.current for s in steps[1:]] == graph.order == ["L", "d", "f", "c", "e", "a", "b"]
    for before, after in zip(steps, steps[1:], strict=False):
        assert set(before.known) < set(after.known)
        assert after.current in set(after.known) - set(before.known)
        assert set(graph.order) & (set(after.known) - set(before.known)) == {after.current}
    assert steps[3].caption == "step 3 of 7: dL/df = 4.0000"
    assert steps[-1].known == {n: graph.nodes[n].grad for n in steps[-1].known}
    assert set(graph.order) <= set(steps[-1].known)


def test_a_tensor_lesson_steps_with_norms():
    graph = graph_of("linear-layer")
    steps = backward_steps(graph)
    assert len(steps) == len(graph.order) + 1
    assert steps[1].caption == "step 1 of 7: dloss/dloss = 1"
    assert any("‖·‖" in s.caption for s in steps)


def test_export_steps_writes_one_picture_per_step_and_a_page(tmp_path, capsys):
    out = tmp_path / "steps"
    assert main(["export", "micrograd-labels", "--steps", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"micrograd-labels-step{k:02d}.svg" for k in range(8)] + [
        "micrograd-labels-steps.html"
    ]
    said = capsys.readouterr().out
    assert f"wrote 8 pictures in {out} (svg: micrograd-labels-step00.svg" in said
    assert "micrograd-labels-steps.html (open it in a browser" in said
    first = (out / "micrograd-labels-step00.svg").read_text()
    third = (out / "micrograd-labels-step03.svg").read_text()
    assert "step 0 of 7: the forward pass" in first and "grad 4.0000" not in first
    assert "step 3 of 7: dL/df = 4.0000" in third and "grad 4.0000" in third
    page = (out / "micrograd-labels-steps.html").read_text()
    assert page.count("<svg") == 8 and "<?xml" not in page and "<!DOCTYPE svg" not in page
    captions = re.findall(r'class="step" data-caption="([^"]*)"', page)
    assert captions[0] == "step 0 of 7: the forward pass" and len(captions) == 8
    assert 'max="7"' in page and "ArrowRight" in page and "<script src" not in page


def test_the_highlighted_box_is_the_gradient_just_found():
    graph = graph_of("micrograd-labels")
    for step in backward_steps(graph)[1:]:
        text = dot.to_dot(graph, step.known, step.current)
        [marked] = [ln for ln in text.splitlines() if dot.CURRENT in ln]
        assert marked.split('label="{ ')[1].startswith(f"{step.current} |")


def test_steps_are_deterministic(tmp_path):
    graph = graph_of("micrograd-labels")
    one = write_steps(graph, tmp_path / "a", "svg")
    two = write_steps(graph_of("micrograd-labels"), tmp_path / "b", "svg")
    assert [p.read_bytes() for p in one.pictures] == [p.read_bytes() for p in two.pictures]
    assert one.page is not None and two.page is not None
    assert one.page.read_bytes() == two.page.read_bytes()


def test_png_steps_keep_the_page(tmp_path):
    written = write_steps(graph_of("micrograd-labels"), tmp_path, "png")
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in written.pictures)
    assert written.page is not None and written.page.read_text().count("<svg") == 8


def test_without_dot_dot_text_is_written_and_no_page(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "steps"
    assert main(["export", "micrograd-labels", "--steps", str(out), "--format", "dot"]) == 0
    assert len(list(out.glob("*.dot"))) == 8 and not list(out.glob("*.html"))
    assert "no steps page: Graphviz 'dot' is not installed" in capsys.readouterr().out
    assert main(["export", "micrograd-labels", "--steps", str(tmp_path / "s2")]) == 3


@pytest.mark.parametrize(
    "args",
    [
        ["export", "micrograd-labels"],
        ["export", "micrograd-labels", "-o", "x.svg", "--steps", "d"],
    ],
)
def test_output_or_steps_one_of_them(args, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert "-o/--output" in capsys.readouterr().err


def test_an_unwritable_folder_is_one_line(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "micrograd-labels", "--steps", str(blocker / "d")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("backprop-tutor: error: cannot write into") and err.count("\n") == 1


async def test_the_app_key_writes_every_step_and_the_page(app_for, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = app_for()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("1", "enter")  # the pictures do not depend on how far the learner is
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        folder = tmp_path / "data" / "pictures" / "micrograd-labels-steps"
        assert app.pictures_dir() / "micrograd-labels-steps" == folder
        assert len(list(folder.glob("micrograd-labels-step*.svg"))) == 8
        page = folder / "micrograd-labels-steps.html"
        assert page.read_text().count("<svg") == 8
        notes = [n.message.replace("\n", "") for n in app._notifications]  # a path over lines
        assert f"8 steps saved to {folder}; open micrograd-labels-steps.html in a browser" in notes


def test_state_does_not_go_with_steps(tmp_path, capsys):
    out = tmp_path / "s"
    assert main(["export", "micrograd-labels", "--steps", str(out), "--state", "blank"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "backprop-tutor: error: --state does not go with --steps: "
        "the steps go from blank to solved\n"
    )
    assert not out.exists()


def test_export_steps_seed_draws_the_variant_export_and_the_app_draw(tmp_path, monkeypatch):
    # add-multiply-gates seed 4 draws z = 0 and is redrawn by the quiz (issue 17): the steps
    # of --seed 4 must be those of the variant export, grade and the app use.
    from tutor import steps
    from tutor.teach.quiz import variant

    seen = []
    monkeypatch.setattr(steps, "write_steps", lambda graph, *a: seen.append(graph) or 1 / 0)
    with pytest.raises(ZeroDivisionError):
        main(["export", "add-multiply-gates", "--seed", "4", "--steps", str(tmp_path)])
    want = variant(load("add-multiply-gates"), 4)
    assert {n: v.value for n, v in seen[0].nodes.items()} == {
        n: v.value for n, v in want.nodes.items()
    }


def _positions(text: str) -> dict[str, tuple[str, ...]]:
    """Each value box's centre and size as Graphviz lays ``text`` out (``dot -Tplain``)."""
    from tutor.dot import _pipe

    out = {}
    for line in _pipe(text, "plain", 20).decode().splitlines():
        parts = line.split(" ")
        if parts[0] == "node" and parts[1].startswith("v"):
            out[parts[1]] = tuple(parts[2:6])
    return out


@pytest.mark.parametrize("name", ["micrograd-labels", "two-layer-net", "linear-layer"])
def test_no_box_moves_or_grows_from_one_step_to_the_next(name):
    from tutor.dot import to_dot
    from tutor.steps import backward_steps, stable_sizes

    graph = build(load(name))
    steps = backward_steps(graph)
    sizes = stable_sizes(graph)
    title = graph.lesson.title
    laid = [
        _positions(to_dot(graph, s.known, s.current, f"{title}: {s.caption}", sizes)) for s in steps
    ]
    assert all(p == laid[0] for p in laid[1:])
    plain = [_positions(to_dot(graph, s.known, s.current)) for s in (steps[0], steps[-1])]
    assert plain[0] != plain[1]  # without the solved sizes, boxes grow as gradients fill in
