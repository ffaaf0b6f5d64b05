"""The version of backprop-tutor, from the installed package's metadata.

``pyproject.toml`` is the one place the version is written. An installed tutor reads it
from the package metadata (``importlib.metadata``); a source tree run without installing
(``python -m tutor`` from a checkout) reads ``pyproject.toml`` beside the package. Both are
looked up when first asked for, so ``import tutor`` and the commands start without them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: The distribution's name in ``pyproject.toml`` (``[project] name``).
DISTRIBUTION = "backprop-tutor"
#: Shown when neither the metadata nor ``pyproject.toml`` says (PEP 440: a local version).
UNKNOWN = "0+unknown"


def _source_tree_version(pyproject: Path) -> str | None:
    """``[project] version`` of ``pyproject`` when it describes this distribution, else None."""
    import tomllib

    try:
        with pyproject.open("rb") as handle:
            project = tomllib.load(handle).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if not isinstance(project, dict) or project.get("name") != DISTRIBUTION:
        return None
    version = project.get("version")
    return version if isinstance(version, str) else None


@cache
def version() -> str:
    """The package metadata's version, else the source tree's, else ``0+unknown``."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    found = _source_tree_version(Path(__file__).resolve().parent.parent / "pyproject.toml")
    return found or UNKNOWN
