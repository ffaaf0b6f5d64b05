"""Lesson texts shared by several test modules (the seeds' numbers and reuse shapes)."""

# The micrograd walk-through: grads L 1, d -2, f 4, c -2, e -2, a 6, b -4.
MICROGRAD = """\
title: Labels
inputs:
  a: 2.0
  b: -3.0
  c: 10.0
  f: -2.0
graph:
  - e = a * b
  - d = e + c
  - L = d * f
"""

# a feeds both p and q: dL/da = dL/dp * w + dL/dq * 1 = 1 * (-2) + (-6) * 1 = -8
REUSE = """
title: Reuse
inputs: {a: 3, w: -2}
graph:
  - p = a * w
  - q = a + w
  - L = p * q
"""

# x uses a twice: dL/da = c * (a + a) = 2 * 6 = 12
TWICE = """
title: Twice
inputs: {a: 3, c: 2}
graph:
  - x = a * a
  - L = x * c
"""


def scalar_bundled() -> list[str]:
    """The bundled lessons with scalar inputs only (tensor lessons have their own tests)."""
    from tutor.lesson import bundled_names, load

    return [
        n for n in bundled_names() if all(isinstance(v, float) for v in load(n).inputs.values())
    ]
