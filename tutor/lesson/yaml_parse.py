"""Parse untrusted YAML with PyYAML into a ``Doc`` (``tutor.lesson.yaml_load`` calls it).

Only the YAML core types are built (mappings, lists, strings, numbers, booleans,
null); tags that would build Python objects, aliases (the classic expansion bomb),
duplicate keys and deep nesting are refused with a position. PyYAML is imported here
only: a text ``yaml_load`` finds in the data folder's cache never needs it.
"""

from __future__ import annotations

from typing import Any

import yaml

from tutor.lesson.yaml_traps import explain_syntax_error, yaml11_number
from tutor.lesson.yamlpos import MAX_NESTING, Doc, Path_, Pos, Problem, YamlProblem
from tutor.safe_text import unsafe_spots

#: libyaml's parser when PyYAML was built with it (10x faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TOO_DEEP = f"nested too deeply (over {MAX_NESTING} levels)"

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


def _pos(mark: Any) -> Pos:
    """A PyYAML mark as a 1-based ``Pos``."""
    return Pos(mark.line + 1, mark.column + 1) if mark is not None else Pos(1, 1)


def parse(text: str) -> Doc:
    """Read ``text`` (one YAML document, of an accepted size) safely.

    Raises:
        YamlProblem: syntax errors, aliases, over-deep nesting.

    """
    try:
        _scan(text)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        if _LOADER is not yaml.SafeLoader and "nesting" in str(exc.problem):
            # libyaml stops at its own depth limit (1000) before the events reach
            # ours; the pure-Python parser finds where our limit is first passed.
            _scan(text, yaml.SafeLoader)
            raise YamlProblem(Problem(_pos(exc.problem_mark), _TOO_DEEP)) from None
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(
            explain_syntax_error(text, _pos(mark), f"YAML syntax error: {what}")
        ) from None
    except yaml.reader.ReaderError as exc:
        pos = _offset_pos(text, exc.position)
        what = f"character #x{exc.character:04x}" if isinstance(exc.character, int) else "byte"
        raise YamlProblem(Problem(pos, f"{what} is not allowed in a YAML file")) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise YamlProblem(Problem(Pos(1, 1), f"YAML error: {message}")) from None
    doc = Doc(data=None, source=text)
    if node is None:
        doc.values[()] = Pos(1, 1)
        return doc
    doc.data = _build(node, (), doc)
    return doc


def _offset_pos(text: str, offset: int) -> Pos:
    """Return the ``Pos`` of character ``offset`` of ``text``."""
    before = text[:offset]
    return Pos(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _tag_problem(node: yaml.Node) -> Problem:
    """Describe a node whose tag is not a core type (``!!python/...``, a date ...)."""
    tag = node.tag
    if tag == "tag:yaml.org,2002:timestamp" and isinstance(node, yaml.ScalarNode):
        message = f"{node.value!r} reads as a date, which lessons do not use; quote it"
    else:
        prefix = "tag:yaml.org,2002:"
        short = "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag
        message = f"YAML tag {short!r} is not allowed (lessons hold plain data only)"
    return Problem(_pos(node.start_mark), message)


def _scan(text: str, loader: type | None = None) -> None:
    """Walk the event stream once: refuse aliases, deep nesting and several documents."""
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=loader or _LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                Problem(
                    _pos(event.start_mark),
                    "YAML aliases (*name) are not allowed in lessons; "
                    "text starting with * must be quoted",
                )
            )
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    Problem(_pos(event.start_mark), "a lesson file holds one YAML document")
                )
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise YamlProblem(Problem(_pos(event.start_mark), _TOO_DEEP))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


_constructor = yaml.constructor.SafeConstructor()


def _build(node: yaml.Node, path: Path_, doc: Doc) -> Any:
    """Turn a composed node into plain data, recording positions and problems."""
    doc.values[path] = _pos(node.start_mark)
    if node.tag not in _CORE_TAGS:
        doc.problems.append(_tag_problem(node))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, doc) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | float | bool) or key is None:
                doc.problems.append(Problem(_pos(key_node.start_mark), "keys must be plain names"))
                continue
            word = key_node.value if isinstance(key, bool) and not key_node.style else None
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                first = doc.keys[path + (key,)]
                hint = f"; YAML reads {word} as a boolean: quote the word" if word else ""
                doc.problems.append(
                    Problem(
                        _pos(key_node.start_mark),
                        f"duplicate key {key!r} (first at line {first.line}){hint}",
                    )
                )
                continue
            if word is not None:
                doc.key_words[path + (key,)] = word
            doc.keys[path + (key,)] = _pos(key_node.start_mark)
            out[key] = _build(value_node, path + (key,), doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    doc.styles[path] = node.style
    value = _scalar(node, doc)
    if isinstance(value, bool) and not node.style:
        doc.words[path] = node.value
    trap = None if node.style else yaml11_number(node.value, value)
    if trap is not None:  # the value is kept: nothing else is reported because of it
        doc.problems.append(Problem(_pos(node.start_mark), trap))
    if isinstance(value, str):
        _control_warning(doc, path, value)
    return value


def _control_warning(doc: Doc, path: Path_, value: str) -> None:
    """Warn, at its line:col, about the first control character of a text (and count the rest).

    The tutor never sends it to the terminal (``tutor.safe_text``), but the text will not
    read as written.
    """
    spots = unsafe_spots(value)
    if not spots:
        return
    offset, shown = spots[0]
    more = f" (and {len(spots) - 1} more)" if len(spots) > 1 else ""
    doc.warnings.append(
        Problem(
            doc.spots(path, value).at(offset),
            f"control character {shown} in a text{more}: the tutor shows it as {shown}, "
            "never sends it to the terminal; remove it",
            "warning",
        )
    )


def _scalar(node: yaml.ScalarNode, doc: Doc) -> Any:
    """Construct one scalar with PyYAML's safe constructor (core types only)."""
    if node.tag not in _CORE_TAGS:
        doc.problems.append(_tag_problem(node))
        return None
    try:
        return _constructor.construct_object(node, deep=False)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        doc.problems.append(Problem(_pos(node.start_mark), _unreadable(node.value, exc)))
        return None


def _unreadable(text: str, exc: Exception) -> str:
    """Why a scalar could not be read, in our words for a number too long for Python."""
    digits = sum(c.isdigit() for c in text)
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return f"number too large ({digits:,} digits; the largest number is about 1.8e308)"
    return f"cannot read value: {exc}"
