"""The lesson screen's first layout already holds the whole screen (issue 19, Fast).

The description used to be rendered after the first paint: its new height made Textual lay
the whole screen out again (about 16 ms of a launch), so the settled screen came later.
Asserted by structure, not time: what the first layout of the lesson screen held.
"""

from __future__ import annotations

from textual.screen import Screen

from tutor.app.screens.lesson import LessonScreen
from tutor.app.widgets.description import Description

SIZE = (120, 36)


async def test_the_first_layout_of_a_lesson_screen_holds_its_description(app_for, monkeypatch):
    seen: list[str] = []
    real = Screen._refresh_layout

    def recorded(self, *args, **kwargs):
        if isinstance(self, LessonScreen) and not seen:
            seen.append(str(self.query_one(Description).content))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", recorded)
    app = app_for("micrograd-labels")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one(Description).content)
    assert "The micrograd walk-through" in shown
    assert seen == [shown], "the description was drawn after the screen's first layout"
    assert "**" not in shown  # rendered, not the Markdown source
