"""Every derivative written by the tutor goes through ``tutor.notation``.

``dL/dx`` (a gradient), ``∂C/∂V`` (a local derivative) and ``dX`` (a gradient as a
variable) are written by ``partial``, ``local_partial`` and ``grad_name``; an f-string that
writes one inline elsewhere in ``tutor/`` is refused here, so the notation cannot drift.
"""

from __future__ import annotations

import re
from pathlib import Path

from tutor.notation import grad_name, local_partial, partial

ROOT = Path(__file__).resolve().parent.parent
#: ``d{x}`` or ``∂{x}`` inside an f-string (``{d}`` alone and ``dd{`` are not notation).
INLINE = re.compile(r"""\bf(["'])(?:(?!\1).)*?(?<![\w{])[d∂]\{""")


def inline_notation(root: Path) -> list[str]:
    found = []
    for path in sorted((root / "tutor").rglob("*.py")):
        if path.name == "notation.py" and path.parent.name == "tutor":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_derivative_is_written_inline_outside_notation() -> None:
    assert inline_notation(ROOT) == []


def test_the_check_catches_each_inline_form(tmp_path: Path) -> None:
    (tmp_path / "tutor").mkdir()
    (tmp_path / "tutor" / "x.py").write_text(
        'a = f"d{out}/d{name}"\nb = f"∂{c}/∂{v}"\nc = f"the d{name} row"\n'
        'd = f\'d{x}\'\nok = f"{d} and {dd}"\nfine = f"add{x}"\n'
    )
    assert [line.split(":")[1] for line in inline_notation(tmp_path)] == ["1", "2", "3", "4"]


def test_the_three_forms() -> None:
    assert partial("L", "e") == "dL/de"
    assert local_partial("d", "e") == "∂d/∂e"
    assert (grad_name("W"), grad_name("2")) == ("dW", "d(2)")


def test_count_noun_gives_the_count_and_its_agreeing_noun():
    from tutor.notation import count_noun, counted

    assert count_noun(1, "gradient") == (1, "gradient")
    assert count_noun(0, "gradient") == (0, "gradients")
    assert count_noun(34, "gradient") == (34, "gradients")
    assert count_noun(2, "named mistake") == (2, "named mistakes")  # a noun with a space
    assert counted(2, "named mistake") == "2 named mistakes"
    assert counted(1, "file") == "1 file"
