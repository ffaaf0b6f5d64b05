"""Read untrusted YAML into a ``Doc``: plain Python with every key's and value's position.

Only the YAML core types are built (mappings, lists, strings, numbers, booleans,
null); tags that would build Python objects, aliases (the classic expansion bomb),
duplicate keys, oversized files and deep nesting are refused with a position
(``tutor.lesson.yaml_parse``, through PyYAML).

Inside ``kept_in(folder)`` (the app, with its data folder), a text read before without
a problem comes back from the cache there (``tutor.lesson.doc_cache``) without PyYAML,
whose import is about 7 ms of the app's launch; anything else is parsed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.lesson.yamlpos import MAX_BYTES as MAX_BYTES  # the size limit, named here too
from tutor.lesson.yamlpos import MAX_NESTING as MAX_NESTING  # the nesting limit, too
from tutor.lesson.yamlpos import Doc, Pos, Problem, YamlProblem

if TYPE_CHECKING:
    from tutor.lesson.doc_cache import DocCache

_kept: ContextVar[DocCache | None] = ContextVar("kept", default=None)


@contextmanager
def kept_in(folder: Path | None) -> Iterator[None]:
    """Keep the documents read in the block without a problem in ``folder``, and read them back.

    With None, nothing is kept or read back.
    """
    cache = None
    if folder is not None:
        from tutor.lesson.doc_cache import DocCache

        cache = DocCache(folder)
    token = _kept.set(cache)
    try:
        yield
    finally:
        _kept.reset(token)


def load(text: str) -> Doc:
    """Read ``text`` (one YAML document) safely.

    Raises:
        YamlProblem: syntax errors, aliases, over-deep nesting, too large a file.

    """
    size = len(text.encode("utf-8", "replace"))
    if size > MAX_BYTES:
        raise YamlProblem(Problem(Pos(1, 1), f"file too large ({size} bytes, at most {MAX_BYTES})"))
    cache = _kept.get()
    if cache is not None:
        kept = cache.get(text)
        if kept is not None:
            return kept
    from tutor.lesson.yaml_parse import parse  # PyYAML

    doc = parse(text)
    if cache is not None:
        cache.put(text, doc)
    return doc
