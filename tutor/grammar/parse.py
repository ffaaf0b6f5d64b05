"""``parse(text, dialect)``: the one place in ``tutor`` where Python's parser reads a text.

The text is scanned (``tutor.grammar.scan``), parsed with ``ast`` and converted under the
dialect's whitelist into the tree of ``tutor.grammar.tree``; nothing is ever evaluated as
Python. Every call of an unknown function is reported at once (``ParseError.more``). The
conversion is ``tutor.grammar.ast_reader``'s; the shared messages are in
``tutor.grammar.errors``, and what Python's parser refuses is explained by
``tutor.grammar.advice`` (the same words in every dialect).
"""

from __future__ import annotations

import ast
import keyword
import re
import warnings

from tutor.grammar.advice import syntax_advice
from tutor.grammar.ast_reader import AstReader
from tutor.grammar.dialect import Dialect
from tutor.grammar.errors import ParseError, too_deep, unknown_function
from tutor.grammar.scan import scan
from tutor.grammar.tree import Expr
from tutor.safe_text import quote

__all__ = ["keyword_advice", "parse"]

#: What a keyword used as a name could be called instead.
_KEYWORD_NAMES = {"lambda": "lam", "in": "inp", "is": "is_", "if": "if_", "as": "as_"}
#: A word that could be a name (not the exponent of a number: ``1e5``).
_WORD = re.compile(r"(?<![\w.])[A-Za-z_]\w*")


def parse(text: str, dialect: Dialect) -> Expr:
    """Parse ``text`` in ``dialect`` into an expression tree.

    Raises:
        ParseError: with a message a learner or an author can act on, and its column.

    """
    scan(text)
    shift = len(text) - len(text.lstrip())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        _keyword(text)
        _leading_zero(text)
        col = max((exc.offset or 1) - 1, 0)
        error = syntax_advice(text.strip(), exc.msg, col, dialect)
        raise ParseError(error.message, error.col + shift) from None
    except (RecursionError, MemoryError):
        raise too_deep() from None
    except ValueError as exc:
        raise ParseError(f"cannot read {quote(text.strip())}: {exc}") from None
    _unknown_functions(tree, shift, dialect, text)
    try:
        return AstReader(dialect, shift).expr(tree.body, 0)
    except RecursionError:
        raise too_deep() from None


#: A whole number written with a leading zero (``09``, ``-007``), which Python refuses.
_LEADING_ZERO = re.compile(r"(?<![\w.])0+([0-9]+)(?![\w.])")


def _leading_zero(text: str) -> None:
    """Raise ``ParseError`` at a number written with a leading zero (``09``): say what to write.

    Python's own message ("use an 0o prefix for octal integers") points at the wrong fix.
    """
    found = _LEADING_ZERO.search(text)
    if found is not None:
        number, plain = found.group(), str(int(found.group()))
        raise ParseError(
            f"{number} has a leading zero (YAML 1.1 reads such numbers as octal, Python "
            f"refuses them): write {plain}",
            found.start(),
        )


def keyword_advice(name: str) -> str:
    """``'lambda' is a Python keyword; use another name, e.g. 'lam'``."""
    instead = _KEYWORD_NAMES.get(name, name + "_")
    return f"{name!r} is a Python keyword; use another name, e.g. {instead!r}"


def _keyword(text: str) -> None:
    """After a syntax error: blame a Python keyword used as a name, if there is one."""
    for match in _WORD.finditer(text):
        if keyword.iskeyword(match.group()) and match.group() not in ("True", "False", "None"):
            raise ParseError(keyword_advice(match.group()), match.start())


#: A name followed by ``(``: the texts of the calls (a quick look before walking the tree).
_CALLED = re.compile(r"([A-Za-z_]\w*)\s*\(")


def _unknown_functions(tree: ast.Expression, shift: int, dialect: Dialect, text: str) -> None:
    """Report every call of an unknown function at once, in reading order."""
    known = set(dialect.function_names)
    if all(m.group(1) in known for m in _CALLED.finditer(text)):
        return  # every call is of a known function (the common case: no tree walk)
    unknown = sorted(
        (node.col_offset + shift, node.func.id)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id not in known
    )
    if unknown:
        errors = [ParseError(unknown_function(name, dialect), col) for col, name in unknown]
        raise ParseError(errors[0].message, errors[0].col, tuple(errors[1:]))
