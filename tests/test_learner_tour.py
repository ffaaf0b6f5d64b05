"""Issue 19, item 4: what a new learner met on a tour of the app at 80x24 and 120x36."""

from __future__ import annotations

from textual.widgets import Markdown


async def test_the_help_says_how_to_close_it_where_a_small_terminal_shows_it(app_for):
    app = app_for(keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        assert app.screen.query_one(Markdown).virtual_region.height > box.region.height
        assert "Escape" in str(box.border_subtitle)  # on the border, in view at once
        assert box.region.bottom <= 24
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query("#help-box")
