"""The README's practice usage and levels agree with the practice tables (issue 19: it
said ``practice [--level 1-5]`` and listed levels to 6 while ``--help`` said 1-7)."""

from __future__ import annotations

import re
from pathlib import Path

from tutor.practice.problems import LEVELS, TOPICS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_usage_line_gives_every_level():
    assert f"practice [--level {min(LEVELS)}-{max(LEVELS)}]" in README


def test_the_levels_paragraph_names_every_level_with_its_topics():
    paragraph = README.split("**Practice without end.**", 1)[1].split("\n\n", 1)[0]
    text = " ".join(paragraph.split())
    for level in LEVELS:
        found = re.search(rf"\b{level} [^`]*\(`([^`]*)`\)", text)
        assert found is not None, level
        assert found.group(1).split() == list(TOPICS[level]), level
