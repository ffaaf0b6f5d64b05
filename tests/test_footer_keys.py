"""Footers write keys as the lesson screen's key bar and the help do: ``F1 Help`` and
``Esc Back`` (the lesson list said ``f1 Help`` and the stats screen ``esc Back``)."""

from __future__ import annotations

from textual.widgets._footer import FooterKey


def footer_keys(app) -> list[str]:
    return [str(k.render()) for k in app.screen.query(FooterKey)]


async def test_the_list_and_stats_footers_spell_keys_as_the_key_bar_does(app_for):
    app = app_for(None, keep_progress=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        shown = footer_keys(app)
        assert any(k.startswith(" F1 ") and "Help" in k for k in shown), shown
        assert any(k.startswith(" s ") for k in shown), shown  # a letter stays as typed
        assert not any(k.startswith(" f1") for k in shown), shown
        await pilot.press("s")
        await pilot.pause()
        shown = footer_keys(app)
        assert any(k.startswith(" Esc ") and "Back" in k for k in shown), shown
        assert any(k.startswith(" ^q ") for k in shown), shown
