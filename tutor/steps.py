"""The backward pass as pictures, one per step, and one page that steps through them.

Step 0 is the forward pass: every value, no gradient. Each later step adds one gradient
the learner is asked, in the tutor's order, framed as the current node is (with the
gradients the tutor fills in once they are ready, as the lesson screen does). The
pictures are the export's DOT (``tutor.dot.to_dot``) rendered by Graphviz, every box
kept at its size in the solved picture (``stable_sizes``), so that no box moves from one
step to the next; the page
(``LESSON-steps.html``) holds every step's SVG inline and steps through them with
buttons, the arrow keys or Play, needing nothing but a browser. Same lesson, same files:
nothing in them depends on the time or the machine (Graphviz's own version comment
aside).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.dot import RENDER_TIMEOUT, dot_available, pipe_text, plain_sizes, render, to_dot
from tutor.graph.model import Graph
from tutor.notation import partial
from tutor.session import Session


@dataclass(frozen=True, slots=True)
class Step:
    """One picture of the backward pass."""

    number: int
    """0 for the forward pass, then 1, 2, ... one per asked gradient."""
    current: str | None
    """The node whose gradient this step adds (highlighted); None at step 0."""
    known: dict[str, Any]
    """Every gradient shown in this picture, by node name."""
    caption: str
    """What the step adds, in one line: ``step 2 of 7: dL/dd = -2.0000``."""


@dataclass(frozen=True, slots=True)
class Written:
    """What ``write_steps`` wrote."""

    pictures: list[Path]
    """One file per step, in order."""
    page: Path | None
    """The self-contained HTML page that steps through them (None: DOT text only, no
    Graphviz to draw the page's pictures)."""


def backward_steps(graph: Graph[Any]) -> list[Step]:
    """The forward pass, then one step per asked gradient in the order the tutor asks."""
    session = Session(graph)
    total = len(session.asked)
    steps = [Step(0, None, {}, f"step 0 of {total}: the forward pass")]
    while session.current is not None:
        name = session.current
        session.reveal()
        value = graph.kind.show_brief(graph.nodes[name].grad)
        words = partial(graph.output, name)
        caption = f"step {len(steps)} of {total}: {words} = {value}"
        steps.append(Step(len(steps), name, dict(session.known), caption))
    return steps


def _safe(name: str) -> str:
    """A lesson name as a file name's stem."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "lesson"


def write_steps(
    graph: Graph[Any],
    directory: Path,
    fmt: str = "svg",
    title: str | None = None,
    timeout: float | None = RENDER_TIMEOUT,
    progress: Callable[[int, int], None] | None = None,
) -> Written:
    """Write ``LESSON-stepNN.FMT`` for every step and ``LESSON-steps.html`` into ``directory``.

    The folder is made if missing; files of the same names are replaced (the same lesson
    gives the same files). ``progress(done, total)`` is called after each picture.

    Raises:
        DotMissing, RenderError, OSError: as ``tutor.dot.render``.

    """
    directory.mkdir(parents=True, exist_ok=True)
    stem = _safe(graph.lesson.name)
    heading = title or graph.lesson.title
    steps = backward_steps(graph)
    drawn = fmt != "dot" or dot_available()
    sizes = stable_sizes(graph, timeout) if drawn else None
    pictures: list[Path] = []
    svgs: list[str] = []
    for step in steps:
        text = to_dot(graph, step.known, step.current, f"{heading}: {step.caption}", sizes)
        path = directory / f"{stem}-step{step.number:02d}.{fmt}"
        render(text, path, fmt, timeout)
        pictures.append(path)
        if drawn:
            svg = path.read_text(encoding="utf-8") if fmt == "svg" else pipe_text(text, timeout)
            svgs.append(svg)
        if progress is not None:
            progress(step.number + 1, len(steps))
    if not drawn:
        return Written(pictures, None)
    page = directory / f"{stem}-steps.html"
    page.write_text(stepper_page(heading, steps, svgs), encoding="utf-8")
    return Written(pictures, page)


def stable_sizes(
    graph: Graph[Any], timeout: float | None = RENDER_TIMEOUT
) -> dict[str, tuple[float, float]]:
    """Every box's size in the solved picture (the widest labels): each step keeps it.

    A box whose gradient is still ``?`` is drawn as wide as it will be once found, so
    Graphviz lays every step out the same and nothing shifts as the gradients fill in.
    """
    return plain_sizes(graph, to_dot(graph, None, None), timeout)


_XML_HEAD = re.compile(r"\A.*?(?=<svg)", re.S)

_SCRIPT = """
const steps = document.querySelectorAll('.step');
const label = document.getElementById('where');
const slider = document.getElementById('slider');
let at = 0, timer = null;
function show(k) {
  at = Math.max(0, Math.min(steps.length - 1, k));
  steps.forEach((s, i) => { s.hidden = i !== at; });
  label.textContent = steps[at].dataset.caption;
  slider.value = at;
}
function play() {
  const button = document.getElementById('play');
  if (timer) { clearInterval(timer); timer = null; button.textContent = 'Play'; return; }
  if (at === steps.length - 1) show(0);
  button.textContent = 'Pause';
  timer = setInterval(() => { if (at === steps.length - 1) play(); else show(at + 1); }, 1200);
}
document.getElementById('first').onclick = () => show(0);
document.getElementById('prev').onclick = () => show(at - 1);
document.getElementById('next').onclick = () => show(at + 1);
document.getElementById('last').onclick = () => show(steps.length - 1);
document.getElementById('play').onclick = play;
slider.oninput = () => show(Number(slider.value));
document.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowRight') show(at + 1);
  else if (e.key === 'ArrowLeft') show(at - 1);
  else if (e.key === 'Home') show(0);
  else if (e.key === 'End') show(steps.length - 1);
  else if (e.key === ' ') { e.preventDefault(); play(); }
});
show(0);
"""

_STYLE = (
    "body{font-family:sans-serif;margin:1em}"
    "#bar{position:sticky;top:0;background:#fff;padding:.5em 0}"
    "#bar button{font-size:1em;margin-right:.3em}#where{margin-left:1em;font-weight:bold}"
    ".step svg{max-width:100%;height:auto}"
)


def stepper_page(title: str, steps: list[Step], svgs: list[str]) -> str:
    """One HTML page holding every step's SVG inline, shown one at a time."""
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{html.escape(title)}: the backward pass</title>\n",
        f"<style>{_STYLE}</style>\n</head>\n<body>\n",
        f'<h1>{html.escape(title)}</h1>\n<div id="bar">',
        '<button id="first">|&lt;</button><button id="prev">&lt; Back</button>',
        '<button id="play">Play</button><button id="next">Next &gt;</button>',
        '<button id="last">&gt;|</button>',
        f'<input id="slider" type="range" min="0" max="{len(steps) - 1}" value="0">',
        '<span id="where"></span></div>\n',
    ]
    for step, svg in zip(steps, svgs, strict=True):
        caption = html.escape(step.caption, quote=True)
        body = _XML_HEAD.sub("", svg, count=1)
        parts.append(f'<div class="step" data-caption="{caption}">\n{body}</div>\n')
    parts.append(f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(parts)
