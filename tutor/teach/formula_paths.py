"""What a formula that is wrong with random upstream gradients got wrong, path by path.

With random upstream gradients (``tutor.teach.formula``) the catalogue's predictors, which
read the graph's true gradients, cannot be asked. But the right answer is then the sum of
one term per use of the node, each known, so two mistakes can still be named:

- a path left out (``one_consumer``): the answer is the sum of every term but one's;
- a path with the wrong sign (``sign``): one term enters with the opposite sign (or the
  whole gradient does).

These are the mistakes a path whose true gradient is 0 at every input hides (the max
branch into the logits of a cross-entropy, batchnorm's mean path), and the messages are
the catalogue rows' own. So is a third kind:

- a path taken by a classic wrong VJP of its op (an op row's slip: ``max_route``, a max's
  gradient spread over its row; ``pick_spread``, a pick's over every entry): the rows
  whose predictor follows the terms' upstream gradients (``TensorPredictor.upstream``)
  are asked with the random ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tutor.kind import KindName
from tutor.mistakes import Mistake, Prediction
from tutor.notation import term_words
from tutor.teach import misconceptions as mc
from tutor.teach.predictor_kinds import READINGS, TensorPredictor

__all__ = ["path_mistakes"]


def _join(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def path_mistakes(
    graph: Any,
    name: str,
    uses: list[tuple[str, int]],
    terms: list[Any],
    got: Any,
    upstream: Mapping[str, Any],
) -> tuple[mc.Match, ...]:
    """The paths ``got`` leaves out, flips or takes by a slip, named as the catalogue does.

    ``terms`` are the uses' VJPs of the random ``upstream`` gradients (by consumer).
    """
    kind, tol = graph.kind, graph.tolerance
    base = READINGS[kind.name]().base(graph, name)
    total = sum(terms[1:], terms[0])
    if _same(kind, got, -total, tol):  # the whole of it with the wrong sign
        row = mc.BY_CODE[Mistake.SIGN]
        advice = {"advice": "check the sign of each term of the chain rule."}
        return (mc.Match(row.code, row.name, row.text(Prediction(got, advice), base)),)
    if len(uses) < 2:
        return _slipped(graph, name, upstream, total, got, base)
    consumers = list(dict.fromkeys(c for c, _ in uses))
    both = "both " if len(consumers) == 2 else ""
    why = f"{name} feeds {both}{_join(consumers)}" if len(consumers) > 1 else (
        f"{consumers[0]} uses {name} {len(uses)} times"
    )  # fmt: skip
    what = "consumer" if len(consumers) > 1 else "use"
    found: list[mc.Match] = []
    for (cname, i), term in zip(uses, terms, strict=True):
        c = graph.nodes[cname]
        if _same(kind, got, total - term, tol):
            row = mc.BY_CODE[Mistake.ONE_CONSUMER]
            fill = {"why": why, "what": what, "missing": cname}
            found.append(
                mc.Match(row.code, row.name, row.text(Prediction(got, fill, "missing"), base))
            )
        elif _same(kind, got, total - 2 * term, tol):
            row = mc.BY_CODE[Mistake.SIGN]
            fill = term_words(graph.output, cname, c.formula, name, c.symbols[i])
            found.append(
                mc.Match(row.code, row.name, row.text(Prediction(got, fill, "term"), base))
            )
    return tuple(found[:1]) or _slipped(graph, name, upstream, total, got, base)


def _slipped(
    graph: Any, name: str, upstream: Mapping[str, Any], total: Any, got: Any, base: dict[str, str]
) -> tuple[mc.Match, ...]:
    """The first catalogue row whose slip, on the random ``upstream``, gives ``got``."""
    kind, tol = graph.kind, graph.tolerance
    which: KindName = kind.name
    ts: list[Any] | None = None
    for row in mc.TABLE:
        predictor = row.predictors[which]
        if not isinstance(predictor, TensorPredictor) or not predictor.upstream:
            continue
        ts = READINGS[which]().terms(graph, name, upstream) if ts is None else ts
        for p in predictor(graph, name, ts, right=total):
            if _same(kind, got, p.value, tol) and not _same(kind, p.value, total, tol):
                return (mc.Match(row.code, row.name, row.text(p, base)),)
    return ()


def _same(kind: Any, got: Any, want: Any, tol: Any) -> bool:
    """Whether ``got`` is ``want`` (same shape, within the tolerance)."""
    return bool(kind.shape(got) == kind.shape(want) and kind.close(got, want, tol))
