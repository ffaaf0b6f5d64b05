"""Problem codes (``L3-48213``): level and seed, the short name that reproduces a problem.

Light on purpose: the lesson screen asks ``is_code`` without loading the generators.
"""

from __future__ import annotations

import re

#: A code as typed: ``L3-48213`` (any case, spaces around it allowed).
CODE = re.compile(r"\s*L(\d+)-(\d+)\s*\Z", re.IGNORECASE)
#: Longest problem code read (``L3-48213``; longer text is no code, never a huge number).
MAX_CODE = 20


def code_of(level: int, seed: int) -> str:
    """``L3-48213``."""
    return f"L{level}-{seed}"


def is_code(name: str) -> bool:
    """Whether a lesson's name is a problem code (``L3-48213``): a generated problem."""
    return len(name) <= MAX_CODE and CODE.match(name) is not None
