"""Lesson text (descriptions, hints) as Markdown, rendered to rich ``Text``, maths intact.

markdown-it-py parses the text; one rule differs from CommonMark: emphasis. A ``*`` or
``**`` run is emphasis only at a word boundary, as people write it between words:

- it *opens* when the character before it is the start, whitespace or one of ``( [ { " '``
  and the character after it is a letter, a digit, a backtick or ``(``;
- it *closes* when the character before it is a letter, a digit, a backtick or ``)`` and
  the character after it is the end, whitespace or one of ``. , ; : ! ? ) ] } " '``.

Runs of three or more stars, and every ``_``, are always literal. So ``r**3``,
``3*r**2``, ``a*b*c``, ``x_1``, ``1 - tanh(n)**2`` and ``d(r**n)/dr = n * r**(n-1)`` read
as written, while ``**bold**`` and ``*italic*`` between words still work.

Only the Markdown a lesson needs is on: paragraphs, ``#`` headings, bullet and numbered
lists, fenced code, rules (``---``), code spans, emphasis and backslash escapes. HTML,
links, images, entities, quotes, indented code and underlined headings are off, so
``<b>``, ``[x](y)``, ``&amp;``, ``> 0`` at the start of a line and four-space indents
show as written: a line indented four or more spaces past its block's text is shown on
a line of its own with its extra indentation (a formula set off in a description), never
joined to the line before.

``lint(text)`` finds where a text would still not read as written: emphasis that other
Markdown viewers (CommonMark) would show but this renderer does not, or the reverse, and
emphasis markers left unpaired. markdown-it is imported on first use (it costs about as
much as a tenth of the app's launch).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from tutor.lesson.yamlpos import MAX_BYTES

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline.state_inline import StateInline
    from markdown_it.token import Token

#: Largest text rendered and linted as Markdown: a lesson file's size limit, so every text
#: a file can hold is read the same way.
MAX_CHARS = MAX_BYTES

_OPEN_BEFORE = frozenset("([{\"'\u201c\u2018")
_OPEN_AFTER = frozenset("`(")
_CLOSE_BEFORE = frozenset("`)")
_CLOSE_AFTER = frozenset(".,;:!?)]}\"'\u2019\u201d")
_DISABLED = (
    "blockquote",
    "code",
    "html_block",
    "lheading",
    "reference",
    "autolink",
    "entity",
    "html_inline",
    "image",
    "link",
)
_EMPHASIS = {"em_open", "em_close", "strong_open", "strong_close"}


@dataclass(frozen=True, slots=True)
class Delims:
    """A run of ``*`` or ``_`` as a parser saw it."""

    src: str
    """The inline text it is in (the content of one paragraph or heading)."""
    pos: int
    """Offset of the run in that block's inline text."""
    marker: str
    """``*`` or ``_``."""
    tokens: tuple[Any, ...]
    """The run's tokens, one per marker (emphasis tokens when paired, else text)."""
    can_open: bool
    """Whether the run could open emphasis."""
    can_close: bool
    """Whether the run could close emphasis."""

    @property
    def paired(self) -> tuple[bool, ...]:
        """For each marker, whether it became emphasis."""
        return tuple(t.type in _EMPHASIS for t in self.tokens)


def scan(src: str, start: int, end: int) -> tuple[int, bool, bool]:
    """Our emphasis rule for the run at ``start``: ``(length, can_open, can_close)``."""
    marker = src[start]
    pos = start
    while pos < end and src[pos] == marker:
        pos += 1
    length = pos - start
    if marker != "*" or length > 2:
        return length, False, False
    before = src[start - 1] if start > 0 else " "
    after = src[pos] if pos < end else " "
    can_open = (before.isspace() or before in _OPEN_BEFORE) and (
        after.isalnum() or after in _OPEN_AFTER
    )
    can_close = (before.isalnum() or before in _CLOSE_BEFORE) and (
        after.isspace() or after in _CLOSE_AFTER
    )
    return length, can_open, can_close


def _emphasis_rule(commonmark: bool) -> Callable[[StateInline, bool], bool]:
    """An inline rule for ``*`` and ``_``: ours, or CommonMark's (for ``lint``)."""
    from markdown_it.rules_inline.state_inline import Delimiter

    def tokenize(state: StateInline, silent: bool) -> bool:
        start = state.pos
        marker = state.src[start]
        if silent or marker not in "*_":
            return False
        if commonmark:
            scanned = state.scanDelims(start, marker == "*")
            length, can_open, can_close = scanned.length, scanned.can_open, scanned.can_close
        else:
            length, can_open, can_close = scan(state.src, start, state.posMax)
        tokens = []
        for _ in range(length):
            token = state.push("text", "", 0)
            token.content = marker
            tokens.append(token)
            state.delimiters.append(
                Delimiter(
                    marker=ord(marker),
                    length=length,
                    token=len(state.tokens) - 1,
                    end=-1,
                    open=can_open,
                    close=can_close,
                )
            )
        runs = state.env.get("runs")
        if runs is not None:
            runs.append(Delims(state.src, start, marker, tuple(tokens), can_open, can_close))
        state.pos += length
        return True

    return tokenize


@functools.cache
def parser(commonmark: bool = False) -> MarkdownIt:
    """The configured markdown-it parser (``commonmark``: CommonMark's emphasis rule)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.disable(list(_DISABLED))
    md.inline.ruler.at("emphasis", _emphasis_rule(commonmark))
    return md


# -- rendering -----------------------------------------------------------------------------


def render(source: str, breaks: bool = False) -> Text:
    """Render lesson Markdown as rich ``Text``.

    Args:
        source: the Markdown text.
        breaks: keep every line break (generated hints); otherwise lines of a paragraph
            flow together, as Markdown wants (descriptions).

    """
    if len(source) > MAX_CHARS:
        return Text(source)
    out = Text()
    written = False  # anything appended yet
    gap = ""  # separator owed before the next block's text: "", "\n" or "\n\n"
    prefix: list[str] = []  # list markers waiting for their item's first line
    numbers: list[int | None] = []  # per open list: next number, None for bullets
    base = ""
    indents: list[int] = []  # per line of the paragraph: its extra indentation (0: none)

    def owe(sep: str) -> str:
        return max(gap, sep, key=len) if written else ""

    lines = source.split("\n")
    for token in parser().parse(source):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if not numbers:
                gap = owe("\n\n")
            start = token.attrGet("start")
            numbers.append(None if kind == "bullet_list_open" else int(start or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif kind == "list_item_open":
            gap = owe("\n")
            number = numbers[-1] if numbers else None
            if number is not None:
                numbers[-1] = number + 1
            mark = "•" if number is None else f"{number}."
            prefix.append("  " * len(numbers) + mark + " ")
        elif kind in ("paragraph_open", "heading_open"):
            if not prefix:
                gap = owe("\n" if token.hidden else "\n\n")
            base = "bold underline" if kind == "heading_open" else ""
            indents = _indents(lines, token.map, bool(numbers))
        elif kind in ("inline", "fence", "code_block", "hr"):
            if kind != "inline":
                gap = owe("\n\n")
            out.append(gap + "".join(prefix))
            gap, written = "", True
            prefix.clear()
            if kind == "inline":
                if indents and indents[0]:
                    out.append(" " * indents[0])
                _inline(out, token.children or [], base, breaks, indents)
                indents = []
            elif kind == "hr":
                out.append("─" * 20, "dim")
            else:
                out.append(token.content.rstrip("\n"), "cyan")
    out.rstrip()
    return out


#: Extra indentation (past the block's text) from which a line is kept as written.
INDENTED = 4


def _indent(line: str) -> int:
    """Columns of leading whitespace (a tab counts 4)."""
    text = line.replace("\t", "    ")
    return len(text) - len(text.lstrip(" "))


def _indents(lines: list[str], where: list[int] | None, in_list: bool) -> list[int]:
    """Per source line of a block: its extra indentation if kept as written, else 0.

    A line is kept as written when it is indented at least ``INDENTED`` columns past the
    block's text.

    The block's text starts at column 0, or in a list item at the least indentation of
    its lines (the item's continuation lines; the first holds the marker).
    """
    if where is None:
        return []
    block = lines[where[0] : where[1]]
    widths = [_indent(line) for line in block]
    base = 0
    if in_list:
        rest = widths[1:] or widths
        base = min(rest)
        if base >= INDENTED and len(widths) > 1:
            base = min(widths[1:])
    extra = [w - base if w - base >= INDENTED else 0 for w in widths]
    return extra if any(extra) else []


def _inline(
    out: Text, children: list[Token], base: str, breaks: bool, indents: list[int] | None = None
) -> None:
    """Append one inline block's tokens with their styles.

    ``indents``: per source line, the extra indentation of a line kept as written; a
    line break next to such a line is kept, with the indentation.
    """
    styles: list[str] = [base] if base else []
    line = 0
    for child in children:
        kind = child.type
        style = " ".join(styles)
        if kind == "text":
            out.append(child.content, style)
        elif kind == "code_inline":
            out.append(child.content, "bold cyan")
        elif kind == "softbreak":
            line += 1
            here = indents[line] if indents and line < len(indents) else 0
            before = indents[line - 1] if indents and line - 1 < len(indents) else 0
            if here or before:
                out.append("\n" + " " * here, style)
            else:
                out.append("\n" if breaks else " ", style)
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "em_open":
            styles.append("italic")
        elif kind == "strong_open":
            styles.append("bold")
        elif kind in ("em_close", "strong_close") and styles:
            styles.pop()
        else:
            out.append(child.content, style)


# -- lint ------------------------------------------------------------------------------------


def lint(source: str) -> list[tuple[int, str]]:
    """Where ``source`` would not read as written: ``(offset in source, message)`` pairs.

    Reported, for each run of ``*`` or ``_`` (not inside a code span):

    - it is emphasis in CommonMark (as GitHub and editors' previews show it) but shown
      as written here (``a*b*c``, ``_x_``), or the reverse;
    - it could open or close emphasis here (at a word boundary) but has no partner, so
      it shows as written (``**bold`` never closed).
    """
    if len(source) > MAX_CHARS or ("*" not in source and "_" not in source):
        return []
    ours: dict[str, Any] = {"runs": []}
    theirs: dict[str, Any] = {"runs": []}
    tokens = parser().parse(source, ours)
    inline = [t for t in tokens if t.type == "inline"]
    parser(True).parse(source, theirs)
    index = {id(t.content): i for i, t in enumerate(inline)}
    other = {(r.src, r.pos): r for r in theirs["runs"]}
    found: list[tuple[int, str]] = []
    offsets = _Offsets(source)
    for run in ours["runs"]:
        if id(run.src) not in index:
            continue
        cm = other.get((run.src, run.pos))
        mine, cm_opens = any(run.paired), cm is not None and _opens(cm)
        text = run.marker * len(run.tokens)
        if cm_opens and not mine:
            message = (
                f"{text!r} shows as written here, but other Markdown viewers make it "
                "emphasis: put the formula in `backticks`, or spaces around the operator"
            )
        elif mine and _opens(run) and not (cm is not None and any(cm.paired)):
            message = f"{text!r} is emphasis here but shows as written in other Markdown viewers"
        elif not mine and (run.can_open or run.can_close):
            what = (
                "opens emphasis that is never closed"
                if run.can_open
                else ("closes emphasis that was never opened")
            )
            escaped = "".join("\\" + c for c in text)
            message = f"{text!r} {what}, so it shows as written: pair it, or write {escaped}"
        else:
            continue
        found.append((offsets.at(inline[index[id(run.src)]], run.pos), message))
    return found


def _opens(run: Delims) -> bool:
    """Whether the run opens emphasis (its first token is an opening tag)."""
    return run.tokens[0].type in ("em_open", "strong_open")


class _Offsets:
    """Offsets in ``source`` of offsets in its inline blocks' texts (``at(block, pos)``).

    The source's and each block's line starts are found once, and where each block line
    sits in its source line is found once, so placing every run of a text is linear in
    its length.
    """

    def __init__(self, source: str) -> None:
        self.lines = source.split("\n")
        self.before = [0]
        for line in self.lines:
            self.before.append(self.before[-1] + len(line) + 1)
        self.blocks: dict[int, tuple[list[str], list[int]]] = {}
        self.starts: dict[tuple[int, int], int] = {}

    def at(self, block: Token, pos: int) -> int:
        """Offset in the source of offset ``pos`` of ``block``'s inline text."""
        split = self.blocks.get(id(block))
        if split is None:
            parts = block.content.split("\n")
            ends = [0]
            for part in parts:
                ends.append(ends[-1] + len(part) + 1)
            split = self.blocks[id(block)] = (parts, ends)
        parts, ends = split
        row = bisect.bisect_right(ends, pos) - 1
        col = pos - ends[row]
        first = (block.map[0] if block.map else 0) + row
        if first >= len(self.lines):
            return 0
        key = (id(block), row)
        start = self.starts.get(key)
        if start is None:
            start = self.starts[key] = self.lines[first].find(parts[row]) if parts[row] else 0
        return self.before[first] + max(start, 0) + col
