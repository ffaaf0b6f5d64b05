"""The answer box: an ``Input`` that hands its text over and empties itself on Enter.

In Textual's ``Input`` a printable key is handled by the box itself, but a bound key
(Enter, Backspace, the arrows) travels up to the app and back before its action runs, so
the keys typed after it overtake it: ``1`` Enter ``f`` Enter submitted ``1f`` and then
nothing, and Backspace deleted characters typed after it. And the screen cleared the box
only once it had graded, wiping what was typed meanwhile. This box runs its own bindings
in its own message queue, in the order the keys came, and Enter takes the text and empties
the box in that same step, so every key after Enter lands in the next answer.

The box does not blink its cursor: a blinking cursor redraws twice a second, which is the
idle screen's whole CPU use.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import events
from textual.widgets import Input

from tutor.app.keys import ASK_HINT

__all__ = ["ASK_HINT", "AnswerBox"]


class AnswerBox(Input):
    """The lesson screen's answer box: Enter submits its text and empties it at once."""

    def __init__(
        self,
        placeholder: str = "",
        words: Mapping[str, str] | None = None,
        *,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.cursor_blink = False
        self.sent = ""
        """The text last submitted."""
        self.words = dict(words or {})
        """Words that, typed alone (any case), run an action instead (``keys.words``)."""

    async def _on_key(self, event: events.Key) -> None:
        """A key bound in the box runs here, in turn with the printable keys around it."""
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)

    async def action_submit(self) -> None:
        """Post the text as ``Submitted`` and empty the box, before anything grades it.

        A lone ``?`` asks for the next hint, as the hint key does (it was graded: "cannot
        read '?': invalid syntax"); a lone ``hint``, ``reveal`` or ``help`` runs its key's
        action (they were graded as unknown names), unless a node has that name.
        """
        text = self.value
        self.sent = text
        self.value = ""
        said = text.strip()
        action = "screen.hint" if said == ASK_HINT else self.words.get(said.lower())
        if action is not None:
            await self.run_action(action)
            return
        self.post_message(self.Submitted(self, text, None))

    def give_back(self, text: str) -> None:
        """Put an unreadable answer back, selected (typing replaces it).

        Only into an empty box with nothing submitted since: keys typed after Enter are the
        learner's next answer, never merged with the old one nor replaced by it.
        """
        if not self.value and self.sent == text:
            self.value = text
            self.select_all()
