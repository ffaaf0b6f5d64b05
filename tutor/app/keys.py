"""The one table of keys, ``KEYS``.

The lesson screen's bindings, its key bar, the command palette, the help screen and every
sentence that names a key (the greeting, the last hint, three wrong tries) are built from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Key:
    """One key of the lesson screen."""

    key: str
    """Textual's name of the key (``ctrl+t``), or the keys as the help shows them."""
    action: str | None
    """The action it runs (``app.`` ones on the app), None where a widget handles the key."""
    label: str | None
    """Its word in the key bar, None to leave it out of the bar."""
    help: str
    """What it does, for the help screen."""
    title: str | None = None
    """Its name in the command palette, None to leave it out of the palette."""
    bind: bool = True
    """Bound by the lesson screen (False where the app or Textual binds it already)."""
    word: str | None = None
    """Typed alone as the answer (any case), it does the same; not where a node has that name."""

    def binding(self) -> Binding:
        """The Textual binding."""
        return Binding(self.key, self.action or "", self.label or "", show=self.label is not None)

    @property
    def shown(self) -> str:
        """The key as the help and messages write it: ``ctrl+t``, ``F1``, ``Enter``."""
        if self.key in SPELLED:
            return SPELLED[self.key]
        plain = "+" not in self.key and " " not in self.key
        return self.key[0].upper() + self.key[1:] if plain else self.key


#: Keys whose Textual name is not how a keyboard labels them.
SPELLED = {
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "space": "Space",
    "plus": "+",
    "minus": "-",
    "escape": "Esc",
    "s": "s",
}

#: Typed alone as the answer: the next hint.
ASK_HINT = "?"

#: In key-bar order: the most needed first, so a narrow terminal still shows help and quit.
KEYS: tuple[Key, ...] = (
    Key("enter", None, None, "submit the answer", bind=False),
    Key("ctrl+t", "hint", "Hint", "hint: each press shows the next tier", "Hint", word="hint"),
    Key(
        ASK_HINT, None, None, "typed alone as the answer, then Enter: the next hint too", bind=False
    ),
    Key(
        "ctrl+r",
        "reveal",
        "Reveal",
        "reveal the answer with its derivation (counts as revealed)",
        "Reveal",
        word="reveal",
    ),
    Key(
        "ctrl+n",
        "numeric",
        "Numeric",
        "numeric check: nudge the node by 0.001 and watch the output (costs what a hint costs)",
        "Numeric check",
    ),
    Key("f1", "app.help", "Help", "this help", "Help", word="help"),
    Key("ctrl+q", "app.quit", "Quit", "quit (your progress is already saved)", bind=False),
    Key("ctrl+g", "export", "Picture", "export a picture of the graph (Graphviz)", "Picture"),
    Key(
        "f3",
        "export_steps",
        None,
        "export every step of the backward pass as pictures, and a page that steps through them",
        "Backward pass as pictures",
    ),
    Key(
        "f4",
        "nudge",
        None,
        "nudge (once every gradient is found): move every input by h·grad (type h first; "
        "default 0.01) and compare the output's change with Σ grad·Δ",
        "Nudge the inputs along their gradients",
    ),
    Key(
        "f5",
        "app.train",
        None,
        "train the network (once every gradient is found, in a lesson with train): gradient "
        "descent with your own gradients, a live loss curve",
        "Train the network",
    ),
    Key(
        "f2",
        "switch_view",
        "View",
        "switch between the tree and the graph drawn as boxes and arrows (remembered)",
        "Tree or graph view",
    ),
    Key("ctrl+b", "app.prev_lesson", "Prev", "previous lesson", "Previous lesson"),
    Key("ctrl+f", "app.next_lesson", "Next", "next lesson", "Next lesson"),
    Key("ctrl+o", "restart", "Restart", "restart the lesson (asks first)", "Restart lesson"),
    Key("ctrl+l", "app.lessons", "Lessons", "the lesson list", "Lesson list"),
    Key(
        "ctrl+p",
        "app.command_palette",
        "Palette",
        "command palette (every action by name)",
        bind=False,
    ),
    Key(
        "Tab / shift+Tab",
        None,
        None,
        "move between the answer box and the graph (typing always goes to the answer box)",
        bind=False,
    ),
    Key("arrows, Enter, click", None, None, "pick another ready node in the graph", bind=False),
    Key("pageup", "scroll('feedback', -1)", None, "scroll the feedback up (earlier hints)"),
    Key("pagedown", "scroll('feedback', 1)", None, "scroll the feedback down"),
    Key("ctrl+up", "scroll('about', -1)", None, "scroll 'About this lesson' up"),
    Key("ctrl+down", "scroll('about', 1)", None, "scroll 'About this lesson' down"),
)


#: The train view's keys, in key-bar order.
TRAIN_KEYS: tuple[Key, ...] = (
    Key("space", "run", "Run/pause", "run the lesson's steps, or pause"),
    Key("s", "step", "Step", "one step"),
    Key("plus", "lr(2)", "lr×2", "double the learning rate"),
    Key("minus", "lr(0.5)", "lr÷2", "halve the learning rate"),
    Key("escape", "app.pop_screen", "Back", "back to the lesson (it is unchanged)"),
    Key("f1", "app.help", "Help", "this help"),
)


def train_key(action: str) -> Key:
    """The train view's key that runs ``action``."""
    return next(k for k in TRAIN_KEYS if k.action == action)


def train_bindings() -> list[BindingType]:
    """The train view's bindings."""
    return [k.binding() for k in TRAIN_KEYS]


def train_bar() -> list[Binding]:
    """The train view's key bar (each key written as the help writes it: ``+``, ``Esc``)."""
    return [Binding(k.shown, k.action or "", k.label or "") for k in TRAIN_KEYS if k.label]


def key_for(action: str) -> Key:
    """The key that runs ``action``."""
    return next(k for k in KEYS if k.action == action)


def bindings() -> list[BindingType]:
    """The lesson screen's bindings."""
    return [k.binding() for k in KEYS if k.bind and k.action]


def bar() -> list[Binding]:
    """The key bar's keys, in order."""
    return [k.binding() for k in KEYS if k.label and k.action]


def help_rows(table: tuple[Key, ...] = KEYS) -> str:
    """The help screen's table of keys (the lesson screen's, or another), in Markdown.

    The words typed for a key (``hint``, ``reveal``, ``help``) follow the ``?`` row.
    """
    rows = [f"| {k.shown} | {k.help} |" for k in table]
    said = [k for k in table if k.word]
    if said:
        words = ", ".join(k.word or "" for k in said)
        shown = ", ".join(k.shown for k in said)
        row = (
            f"| {words} | typed alone as the answer, then Enter: the same as {shown}, in "
            "that order (where the lesson has a node of that name, the word is graded as "
            "that node) |"
        )
        at = next((i + 1 for i, k in enumerate(table) if k.key == ASK_HINT), len(rows))
        rows.insert(at, row)
    return "\n".join(["| key | action |", "|---|---|", *rows])


def words(names: Iterable[str] = ()) -> dict[str, str]:
    """The words typed as an answer that run a key's action (``hint``: ``screen.hint``).

    A word that is the name of one of ``names`` (a lesson's nodes, in any case) is left
    out: typed, it is graded as that node.
    """
    taken = {n.lower() for n in names}
    return {
        k.word: k.action if k.action.startswith("app.") else f"screen.{k.action}"
        for k in KEYS
        if k.word and k.action and k.word not in taken
    }


def mention(*actions: str) -> str:
    """``ctrl+t hint, ctrl+r reveal, F1 help`` for the given actions."""
    return ", ".join(f"{key_for(a).shown} {(key_for(a).label or '').lower()}" for a in actions)


def stuck() -> str:
    """What to say after several wrong tries."""
    hint, reveal = key_for("hint").shown, key_for("reveal").shown
    return f"Press {hint} for a hint or {reveal} to reveal the answer."


#: The lesson keys a quiz turns off: it goes through its lessons in order, each once.
QUIZ_OFF = ("app.prev_lesson", "app.next_lesson", "app.lessons", "restart")


def quiz_off() -> str:
    """What to say when a key a quiz turns off is pressed (it did nothing, silently)."""
    shown = [key_for(a).shown for a in QUIZ_OFF]
    return (
        "In a quiz the lessons come in order and each counts once: "
        f"{', '.join(shown[:-1])} and {shown[-1]} are off until it ends."
    )
