"""Issue 19, item 4: what a new learner met on a tour of the app at 80x24 and 120x36."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_end_dialog_shows_every_choice_after_a_long_reveal(app_for, size):
    from textual.geometry import Region
    from textual.widgets import Button

    from tutor.app.screens.complete import CompleteScreen

    app = app_for("add-multiply-gates", keep_progress=False)
    async with app.run_test(size=size) as pilot:
        while not isinstance(app.screen, CompleteScreen):
            await pilot.press("ctrl+r")  # the last reveal's derivation goes in the dialog
            await pilot.pause()
        buttons = list(app.screen.query(Button))
        assert len(buttons) == 4
        screen = Region(0, 0, *size)
        dialog = app.screen.query_one("#dialog").region
        for button in buttons:  # whole, inside the dialog and the terminal, not scrolled off
            assert screen.contains_region(button.region), (button.id, button.region)
            assert dialog.contains_region(button.region), (button.id, button.region)
            assert str(button.label).endswith(")"), button.label  # the key shown whole
