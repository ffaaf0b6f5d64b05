"""The one core's ratchets: scalar or tensor is decided once, and expressions are read once.

The README's Architecture section quotes these counts; the tests keep them from growing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: "Is it a tensor?" asked outside the two kinds: the old ``getattr(graph, "tensor")``, a
#: comparison of a kind's name or a lesson's kind with "tensor" or "scalar", a choice
#: ``"tensor" if … else …``, an ``is_tensor…()`` helper, or an ``isinstance`` test against
#: a NumPy array.
SWITCH = re.compile(
    r"getattr\([^)]*[\"']tensor[\"']"
    r"|[\"']tensor[\"']\s+if\b"
    r"|\b(kind|name)\s*(==|!=)\s*[\"'](tensor|scalar)[\"']"
    r"|\bis_tensor\w*\("
    r"|isinstance\([^)]*ndarray"
)
#: The one place that decides: the reader, from what the file holds (a tensor input).
DECIDER = "tutor/lesson/reader.py"
KINDS = ("tutor/scalar/", "tutor/tensor/")


def tensor_switches(root: Path) -> dict[str, int]:
    """Files outside the kinds that ask whether a lesson is a tensor one, and how often."""
    found: dict[str, int] = {}
    for path in sorted(root.glob("tutor/**/*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(KINDS):
            continue
        n = sum(1 for line in path.read_text().splitlines() if SWITCH.search(line))
        if n:
            found[rel] = n
    return found


def parse_sites(root: Path) -> list[str]:
    """Every ``ast.parse(`` call in tutor/ (docstrings and comments aside)."""
    sites = []
    for path in sorted(root.glob("tutor/**/*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if "ast.parse(" in code and "``" not in code:
                sites.append(f"{path.relative_to(root).as_posix()}:{number}")
    return sites


def test_only_the_reader_decides_whether_a_lesson_is_a_tensor_one() -> None:
    assert tensor_switches(ROOT) == {DECIDER: 1}


def test_the_switch_count_finds_each_spelling(tmp_path: Path) -> None:
    (tmp_path / "tutor" / "scalar").mkdir(parents=True)
    (tmp_path / "tutor" / "x.py").write_text(
        'if getattr(graph, "tensor", False):\n'
        "    pass\n"
        'if graph.kind.name == "tensor":\n'
        "    pass\n"
        "if is_tensor_file(p) or isinstance(v, np.ndarray):\n"
        "    pass\n"
        'if kind == "b":\n'
        "    pass\n"
        'kind = "tensor" if tensor else "scalar"\n'
    )
    (tmp_path / "tutor" / "scalar" / "k.py").write_text('if name == "tensor":\n    pass\n')
    assert tensor_switches(tmp_path) == {"tutor/x.py": 4}


def test_expressions_are_parsed_in_one_place() -> None:
    sites = parse_sites(ROOT)
    assert len(sites) == 1 and sites[0].startswith("tutor/grammar/"), sites


def test_the_parse_count_finds_a_call(tmp_path: Path) -> None:
    (tmp_path / "tutor").mkdir()
    (tmp_path / "tutor" / "x.py").write_text(
        "import ast\n# ast.parse( in a comment\ntree = ast.parse(text)\n"
    )
    assert parse_sites(tmp_path) == ["tutor/x.py:3"]


def test_each_kind_says_its_constant_texts_once_in_one_frozen_record() -> None:
    import dataclasses

    from tutor.kind import KindTexts
    from tutor.scalar.kind import SCALAR
    from tutor.tensor.kind import TENSOR

    scalar, tensor = SCALAR.texts, TENSOR.texts
    assert isinstance(scalar, KindTexts) and isinstance(tensor, KindTexts)
    for field in dataclasses.fields(KindTexts):  # every text differs between the kinds
        assert getattr(scalar, field.name) != getattr(tensor, field.name), field.name
    with pytest.raises(dataclasses.FrozenInstanceError):
        scalar.answer_noun = "answer"  # type: ignore[misc]
    for kind in (SCALAR, TENSOR):  # no second copy of them as properties of the kind
        assert not any(hasattr(type(kind), f.name) for f in dataclasses.fields(KindTexts))
