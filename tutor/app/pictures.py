"""Pictures of the open lesson, written off the UI thread: ctrl+g and F3.

ctrl+g draws the graph as it stands (``tutor.dot.export_state``); F3 draws every step of the
backward pass and a page that steps through them (``tutor.steps.write_steps``). Both say on
screen where they wrote, or why they could not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

from tutor.session import Session


def export_picture(app: App[Any], session: Session, folder: Path) -> None:
    """Write a picture of the current state into ``folder``, off the UI thread."""
    from tutor import dot

    fmt = "png" if dot.dot_available() else "dot"
    graph, known, current = session.graph, dict(session.known), session.current
    name, step = graph.lesson.name, session.answered_count

    def work() -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = dot.export_state(graph, known, current, folder, name, step, fmt, 20)
        except (OSError, dot.DotMissing, dot.RenderError) as exc:
            app.call_from_thread(
                app.notify, str(exc), title="Export failed", severity="error", markup=False
            )
            return
        extra = "" if fmt == "png" else " (Graphviz 'dot' not found: wrote DOT text instead)"
        message = f"Picture saved to {path}{extra}"
        app.call_from_thread(app.notify, message, title="Exported", markup=False)

    app.run_worker(work, thread=True, group="export", exit_on_error=False)


def export_steps(app: App[Any], session: Session, folder: Path) -> None:
    """Write every step of the backward pass under ``folder``, off the UI thread."""
    from tutor import dot
    from tutor.steps import write_steps

    graph = session.graph
    folder = folder / f"{graph.lesson.name}-steps"
    fmt = "svg" if dot.dot_available() else "dot"

    def work() -> None:
        try:
            written = write_steps(graph, folder, fmt, timeout=20)
        except (OSError, dot.DotMissing, dot.RenderError) as exc:
            app.call_from_thread(
                app.notify, str(exc), title="Export failed", severity="error", markup=False
            )
            return
        n = len(written.pictures)
        if written.page is None:
            message = f"{n} steps saved to {folder} as DOT text (Graphviz 'dot' not found)"
        else:
            message = f"{n} steps saved to {folder}; open {written.page.name} in a browser"
        app.call_from_thread(app.notify, message, title="Exported", markup=False)

    app.notify(f"Drawing the backward pass into {folder}...", markup=False)
    app.run_worker(work, thread=True, group="export", exit_on_error=False)
