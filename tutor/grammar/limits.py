"""The limits of the expression front end: every dialect, every caller, one set of numbers."""

from __future__ import annotations

#: Longest expression accepted (characters).
MAX_LENGTH = 2000
#: Longest name of a node, input or lesson key accepted (characters).
MAX_NAME = 100
#: Deepest nesting accepted (operators and calls).
MAX_DEPTH = 40
#: Most dimensions a shape written in an expression may have (and the largest axis).
MAX_DIMS = 8
#: Largest size written in an expression (a reshape size, a class or row count).
MAX_DIM_SIZE = 100_000
#: Most operands of a call that joins several (``concat(a, b, c, axis=1)``).
MAX_JOINED = 16
#: Most numbers in a literal list (``[[1, 0], [0, 1]]``).
MAX_LITERAL = 1000
