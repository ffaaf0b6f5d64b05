"""How each tensor op is written: the NumPy-free part of the tensor op table.

The lesson reader builds a tensor lesson's graph-line dialect before anything is
computed, so the spellings of ``tutor.tensor.ops.TOPS`` live here, where reading a lesson
does not load NumPy; ``TOPS`` takes each row's ``written`` and ``answers_only`` from here
(a test checks the two tables have the same keys and operand counts).
"""

from __future__ import annotations

from tutor.grammar.dialect import Form, OpWriting, Param, ParamType, Spelling, function, infix

__all__ = ["ANSWERS_ONLY", "LABEL_OPERANDS", "LEAKY_SLOPE", "WRITING"]

#: leaky_relu's slope when a call leaves it out (PyTorch's default).
LEAKY_SLOPE = 0.01

_AXIS = Param("axis", ParamType.AXIS, None, keyword=True)
_AXES = Param("axis", ParamType.AXES, None, keyword=True)
_AXIS_LAST = Param("axis", ParamType.AXIS, -1, keyword=True)
_KEEPDIMS = Param("keepdims", ParamType.FLAG, False, keyword=True)
_DDOF = Param("ddof", ParamType.NUMBER, 0, keyword=True)
_CLASSES = Param("k", ParamType.COUNT, required=True, what="number of classes")
_ROWS = Param("rows", ParamType.COUNT, required=True, what="number of rows")


def _row(key: str, operands: int, *spellings: Spelling) -> OpWriting:
    return OpWriting(key, operands, spellings)


def _f(key: str, operands: int = 1, *params: Param, example: str = "") -> OpWriting:
    """A function, written as its key (``example``: the help's, ``Spelling.example``)."""
    return OpWriting(key, operands, (function(key, *params, example=example),))


#: Every tensor op's spellings, in the table's order (graph lines' ops first).
_GRAPH = (
    _row("+", 2, infix("+")),
    _row("-", 2, infix("-", "subtract")),
    _row("*", 2, infix("*")),
    _row("/", 2, infix("/")),
    _row("pow", 2, infix("**")),
    _row("powc", 1, Spelling(Form.POWER, "**", (Param("exponent", ParamType.NUMBER),))),
    _row("neg", 1, Spelling(Form.PREFIX, "-", what="negate")),
    *(_f(k) for k in ("exp", "log", "sqrt", "tanh", "sigmoid", "relu", "sin", "cos", "abs")),
    _row("matmul", 2, infix("@")),
    *(_f(k, 1, _AXES, _KEEPDIMS) for k in ("sum", "mean")),
    _f("max", 1, _AXIS, _KEEPDIMS),
    _f("softmax", 1, _AXIS_LAST),
    _f("log_softmax", 1, _AXIS_LAST),
    _f("pick", 2, example="pick(dlogprobs, Yb)"),
    _f("onehot", 1, _CLASSES, example="onehot(Yb, 27)"),
    _f("take", 2, example="take(C, Xb)"),
    _f("reshape", 1, Param("shape", ParamType.SHAPE, required=True)),
    _row("transpose", 1, Spelling(Form.ATTRIBUTE, "T"), function("transpose")),
    _f("softplus"),
    _f("leaky_relu", 1, Param("slope", ParamType.NUMBER, shown=LEAKY_SLOPE)),
    # masks: comparisons as 0/1, where and sign (a dropout or causal mask in a graph line)
    _row("gt", 2, infix(">")),
    _row("ge", 2, infix(">=")),
    _row("lt", 2, infix("<")),
    _row("le", 2, infix("<=")),
    _row("eq", 2, infix("==")),
    _f("sign"),
    _f("where", 3, example="where(M, dscores, 0)"),
    _f("erf"),
    _f("maximum", 2),
    _f("minimum", 2),
    *(_f(k, 1, _AXES, _DDOF, _KEEPDIMS) for k in ("var", "std")),
    # cutting and joining (attention heads, LSTM gates), batched transposes, convolutions
    _row("slice", 1, Spelling(Form.SLICE)),
    _row(
        "concat", 2, function("concat", Param("axis", ParamType.AXIS, 0, keyword=True), chains=True)
    ),
    _row("mT", 1, Spelling(Form.ATTRIBUTE, "mT")),
    _f("conv2d", 2, example="conv2d(X, W)"),
    _f("maxpool2d", 1, Param("k", ParamType.COUNT, required=True, what="window size")),
    _f("permute", 1, Param("dims", ParamType.AXES, required=True, what="order of the axes")),
    _f("flip", 1, _AXES),
)
_ANSWERS = (
    _f("ones_like"),
    _f("zeros_like"),
    _f("ones", 0, Param("sizes", ParamType.SIZES)),
    _f("zeros", 0, Param("sizes", ParamType.SIZES)),
    _f("conv_transpose2d", 2, example="conv_transpose2d(dY, W)"),
    _f("upsample", 1, Param("k", ParamType.COUNT, required=True, what="block size")),
    _f("argmax", 1, _AXIS, example="argmax(logits, axis=1)"),
    _f("first_max_mask", 1, _AXIS, example="first_max_mask(logits, axis=1)"),
    _f("scatter_add", 2, _ROWS, example="scatter_add(demb, Xb, 27)"),
    _f("scatter", 2, _ROWS, example="scatter(demb, Xb, 27)"),
    _f("outer", 2),
    _row(
        "unsqueeze",
        1,
        Spelling(Form.SUBSCRIPT),
        function("unsqueeze", Param("axis", ParamType.AXIS, required=True)),
    ),
)

#: Op key -> how it is written.
WRITING: dict[str, OpWriting] = {w.key: w for w in (*_GRAPH, *_ANSWERS)}
#: The ops only answers may use (not graph lines).
ANSWERS_ONLY: frozenset[str] = frozenset(w.key for w in _ANSWERS)

#: The operands that hold labels, by op (they get no gradient; an op whose every operand
#: holds labels, ``onehot``, is a constant). ``TOPS`` rows take their ``labels`` from here,
#: so the lesson list can count a tensor lesson's questions without NumPy.
LABEL_OPERANDS: dict[str, tuple[int, ...]] = {
    "pick": (1,),
    "onehot": (0,),
    "take": (1,),
    "scatter_add": (1,),
    "scatter": (1,),
}
