"""backprop-tutor: learn backpropagation by doing it, in the terminal.

For micrograd users: ``from tutor import Value``, build a graph as in micrograd, then
``tutor.to_lesson(L)`` gives its lesson's YAML and ``tutor.study(L)`` opens the tutor
on it. These names are imported on first use, so ``import tutor`` stays light.
"""

from __future__ import annotations

import importlib

__all__ = ["Value", "__version__", "study", "to_lesson"]

#: name -> (module, attribute), imported on first use. By name, not by import
#: statement: the package's face sits above every layer (like ``__main__``), but the
#: import graph counts ``import tutor.lessons`` in tutor/lesson.py as an import of this
#: module, so static imports here would read as cycles and as the core reaching the app.
_LAZY = {
    "Value": ("tutor.scalar.engine", "Value"),
    "to_lesson": ("tutor.authoring.writer", "from_value"),
    "study": ("tutor.commands.practice", "study"),
}


def __getattr__(name: str) -> object:
    """``Value``, ``to_lesson``, ``study`` and ``__version__``, imported when first asked for."""
    if name == "__version__":  # from the package metadata (tutor.version)
        return importlib.import_module("tutor.version").version()
    if name not in _LAZY:
        raise AttributeError(f"module 'tutor' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    return getattr(importlib.import_module(module), attribute)
