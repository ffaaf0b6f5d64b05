from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lesson_texts import MICROGRAD as PLAIN
from lesson_texts import REUSE, TWICE, graph_of, scalar_bundled

from tutor.graph.build import GraphError, build
from tutor.lesson.find import load, loads
from tutor.scalar.ops import OPS
from tutor.teach.hints import hint, hint_tiers, numeric_check, reveal, solution_rows, table_rows


@pytest.fixture(scope="module")
def plain():
    return graph_of(PLAIN)


@pytest.fixture(scope="module")
def sin_graph():
    return build(load("dlbook-sin"))


# -- tiers -----------------------------------------------------------------------------------


def test_tiers_in_order_without_a_lesson_hint(plain):
    tiers = hint_tiers(plain, "e")
    assert [h.title for h in tiers] == ["Chain rule", "Local derivatives", "Plug in the numbers"]
    assert [h.tier for h in tiers] == [0, 1, 2]


def test_the_lessons_own_hint_comes_first():
    g = graph_of(PLAIN + "hints:\n  e: Look at the plus node.\n")
    tiers = hint_tiers(g, "e")
    assert tiers[0].title == "Lesson hint" and tiers[0].text == "Look at the plus node."
    assert [h.title for h in tiers[1:]] == [
        "Chain rule",
        "Local derivatives",
        "Plug in the numbers",
    ]
    assert len(hint_tiers(g, "a")) == 3  # no hint of its own for a


def test_chain_rule_names_consumers_and_known_upstream(plain):
    text = hint_tiers(plain, "e", {"L": 1.0, "d": -2.0})[0].text
    assert "e has one consumer, d" in text
    assert "dL/de = dL/dd * ∂d/∂e" in text
    assert "You found dL/dd already." in text
    assert not any(ch.isdigit() for ch in text)  # the pattern tier states no number
    unknown = hint(plain, "a", 0, {}).text
    assert "dL/de is not known yet: answer e first." in unknown


def test_chain_rule_for_a_child_of_the_output(plain):
    text = hint(plain, "d", 0, {"L": 1.0}).text
    assert "dL/dd = dL/dL * ∂L/∂d" in text
    assert "dL/dL is the output's gradient with respect to itself." in text


def test_chain_rule_with_several_consumers_and_uses():
    text = hint(graph_of(REUSE), "a", 0, {"p": 1.0}).text
    assert "a has two consumers, p and q" in text
    assert "dL/da = dL/dp * ∂p/∂a + dL/dq * ∂q/∂a" in text
    assert "You found dL/dp already." in text and "dL/dq is not known yet" in text
    twice = hint(graph_of(TWICE), "a", 0, {}).text
    assert "x uses it twice: one term per use" in twice
    assert "dL/da = dL/dx * ∂x/∂a + dL/dx * ∂x/∂a" in twice


def test_local_derivatives_in_symbols_with_the_rule(plain):
    e = hint(plain, "e", 1, {}).text
    assert "d = e + c, so the local derivative ∂d/∂e = 1." in e
    assert f"Rule of thumb: {OPS['+'].rule}." in e
    d = hint(plain, "d", 1, {}).text
    assert "L = d * f, so the local derivative ∂L/∂d = f." in d
    assert f"Rule of thumb: {OPS['*'].rule}." in d
    assert (
        "x = a * a, so the local derivative ∂x/∂a = a + a" in hint(graph_of(TWICE), "a", 1, {}).text
    )


def test_numbers_plugged_in(plain):
    assert hint(plain, "e", 2, {}).text == "dL/de = (-2) * (1)"
    assert hint(plain, "a", 2, {}).text == "dL/da = (-2) * (-3)"
    assert hint(graph_of(REUSE), "a", 2, {}).text == "dL/da = (1) * (-2) + (-6) * (1)"


def test_output_has_a_pattern_and_a_numbers_tier(plain):
    tiers = hint_tiers(plain, "L")
    assert [h.kind for h in tiers] == ["pattern", "numbers"]
    assert "1" not in tiers[0].text
    assert tiers[1].text.startswith("dL/dL = 1")


def test_hint_index_is_clamped(plain):
    tiers = hint_tiers(plain, "e")
    assert hint(plain, "e", 99, {}) == tiers[-1]
    assert hint(plain, "e", -1, {}) == tiers[0]
    assert hint(plain, "L", 3, {}).text.startswith("dL/dL = 1")  # the last tier repeats


def test_hint_text_uses_the_graphs_names():
    g = graph_of("title: n\ninputs: {w: 2, z: 3}\ngraph:\n  - h = w * z\n  - loss = tanh(h)\n")
    text = hint(g, "h", 1, {}).text
    assert "loss = tanh(h), so the local derivative ∂loss/∂h = 1 - tanh(h)**2." in text
    assert "dloss/dh = (1) * (" in hint(g, "h", 2, {}).text


# -- reveal and numeric check ---------------------------------------------------------------------


def test_reveal_gives_the_derivation(plain):
    text = reveal(plain, "a")
    lines = text.splitlines()
    assert lines[0] == "dL/da = dL/de * ∂e/∂a"
    assert "de/da = b = -3   since e = a * b" in text
    assert "dL/de = -2" in text
    assert "dL/da = (-2) * (-3) = 6" in text
    assert lines[-1] == "Answer: dL/da = 6"
    assert reveal(plain, "L").splitlines()[-1] == "Answer: dL/dL = 1"


def test_reveal_with_reuse():
    text = reveal(graph_of(TWICE), "a")
    assert "dx/da (use 1) = a = 3" in text and "dx/da (use 2) = a = 3" in text
    assert text.splitlines()[-1] == "Answer: dL/da = 12"


def test_numeric_check_for_e(plain):
    text = numeric_check(plain, "e")
    assert text.startswith("Nudging e by +0.001 moves L by -0.002000;")
    assert "nudging it by -0.001 moves L by +0.002000" in text
    assert text.endswith("So dL/de is about (-0.002000 - (+0.002000)) / 0.002 = -2.000.")


def test_numeric_check_on_bundled_micrograd_and_values_restored():
    g = build(load("micrograd-labels"))
    before = {n: v.data for n, v in g.values.items()}
    assert "dL/de is about" in numeric_check(g, "e") and numeric_check(g, "e").endswith("-2.000.")
    assert numeric_check(g, "a").endswith("= 6.000.")
    assert {n: v.data for n, v in g.values.items()} == before


def test_numeric_check_outside_the_domain():
    g = graph_of("title: s\ninputs: {x: 0.0005}\ngraph:\n  - y = sqrt(x)\n")
    assert "no numeric check here" in numeric_check(g, "x")
    assert g.values["y"].data == pytest.approx(math.sqrt(0.0005))


# -- the Deep Learning book's table -------------------------------------------------------------


def test_table_rows_match_the_seed(sin_graph):
    c36 = math.cos(36)
    (u4,) = table_rows(sin_graph, "u4")
    assert (u4.V, u4.C, u4.op, u4.dCdV, u4.inputs) == ("u4", "u5", "sin(u4)", "cos(u4)", "u4 = 36")
    assert u4.G_value == pytest.approx(c36) and u4.contribution_value == pytest.approx(c36)
    assert u4.G == "-0.1280"
    (u3,) = table_rows(sin_graph, "u3")
    assert (u3.C, u3.op, u3.dCdV, u3.inputs) == ("u4", "u3**2", "2 * u3", "u3 = 6")
    assert u3.contribution == "-0.1280 * 12 = -1.5356"
    assert u3.G_value == pytest.approx(12 * c36)
    (u1,) = table_rows(sin_graph, "u1")
    assert (u1.C, u1.op, u1.dCdV, u1.inputs) == ("u3", "u1 + u2", "1", "u1 = 4, u2 = 2")
    assert u1.G_value == pytest.approx(12 * c36)
    assert u1.contribution == "-1.5356 * 1 = -1.5356"


def test_output_row(sin_graph):
    (row,) = table_rows(sin_graph, "u5")
    assert (row.V, row.C, row.G, row.G_value, row.contribution_value) == ("u5", "-", "1", 1.0, None)


def test_solution_rows_follow_the_asked_order(sin_graph):
    rows = solution_rows(sin_graph)
    assert [r.V for r in rows] == ["u5", "u4", "u3", "u1", "u2"]
    micro = build(load("micrograd-labels"))
    assert [r.V for r in solution_rows(micro)] == ["L", "d", "f", "c", "e", "a", "b"]


def test_rows_for_a_node_with_several_consumers():
    g = graph_of(REUSE)
    rows = table_rows(g, "a")
    assert [(r.C, r.op, r.dCdV) for r in rows] == [("p", "a * w", "w"), ("q", "a + w", "1")]
    assert [r.contribution for r in rows] == ["1 * (-2) = -2", "-6 * 1 = -6"]
    assert all(r.G == "-8" and r.G_value == -8.0 for r in rows)


def test_a_consumer_using_a_node_twice_gets_one_row():
    (row,) = table_rows(graph_of(TWICE), "a")
    assert (row.C, row.op, row.dCdV, row.inputs) == ("x", "a * a", "a + a", "a = 3")
    assert row.contribution == "2 * 6 = 12" and row.G_value == 12.0


def test_constants_are_left_out_of_inputs():
    g = graph_of("title: k\ninputs: {x: 2}\ngraph:\n  - y = 3 * x\n  - L = y ** 2\n")
    (row,) = table_rows(g, "x")
    assert (row.op, row.dCdV, row.inputs) == ("3 * x", "3", "x = 2")


# -- properties ----------------------------------------------------------------------------------

_UNARY = ["tanh", "sin", "cos", "exp", "sigmoid"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["+", "*", "-"] + _UNARY), st.integers(0, 9), st.integers(0, 9)),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.integers(-3, 3), min_size=2, max_size=2),
)
def test_contributions_add_up_and_every_hint_renders(steps, xs):
    lines, names = [], ["x0", "x1"]
    for i, (op, j, k) in enumerate(steps):
        a, b = names[j % len(names)], names[k % len(names)]
        name = f"n{i}"
        lines.append(f"  - {name} = {op}({a})" if op in _UNARY else f"  - {name} = {a} {op} {b}")
        names.append(name)
    text = f"title: p\ninputs: {{x0: {xs[0]}, x1: {xs[1]}}}\ngraph:\n" + "\n".join(lines) + "\n"
    try:
        g = build(loads(text))
    except GraphError:  # exp(exp(9)) overflows: not a graph to give hints on
        assume(False)
    for name in g.order:
        rows = table_rows(g, name)
        if name != g.output:
            total = sum(r.contribution_value or 0.0 for r in rows)
            assert total == pytest.approx(g.nodes[name].grad, rel=1e-9, abs=1e-12)
        for tier in hint_tiers(g, name, {}):
            assert tier.text
        assert reveal(g, name).splitlines()[-1].startswith(f"Answer: d{g.output}/d{name} = ")


# -- tiers that teach before they tell -----------------------------------------------------


def _numbers_in(text: str) -> list[float]:
    import re

    return [float(m) for m in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?!\w|\.\d)", text)]


def test_no_tier_before_numbers_states_the_gradient():
    from tutor.graph.variants import variant
    from tutor.teach.hints import lesson_hint_tier

    for lesson_name in scalar_bundled():
        loaded = load(lesson_name)
        for seed in [None, 1, 2, 3] if loaded.randomize else [None]:
            g = variant(loaded, seed)
            for name in g.order:
                grad = g.nodes[name].grad
                tiers = hint_tiers(g, name, {n: g.nodes[n].grad for n in g.order})
                # the tier each hint is in (a lesson's plain hint: by its content)
                kinds = [lesson_hint_tier(h.text) if h.kind == "lesson" else h.kind for h in tiers]
                first_numbers = kinds.index("numbers")
                assert kinds == sorted(kinds, key=("pattern", "local", "numbers").index)
                for h in tiers[:first_numbers]:
                    if h.kind == "pattern" or h.kind == "lesson":
                        assert not _numbers_in(h.text), (name, h)  # no number at all
                    else:  # local: symbols; a number only inside a symbol or rule
                        symbols = " ".join(
                            s for c in g.nodes[name].consumers for s in g.nodes[c].symbols
                        )
                        rules = " ".join(OPS[k].rule for k in OPS)
                        for x in _numbers_in(h.text):
                            if math.isclose(abs(x), abs(grad), rel_tol=1e-3) and x not in (0, 1):
                                assert f"{x:g}" in symbols + rules, (lesson_name, name, h.text)


def test_a_plain_lesson_hint_goes_where_its_content_belongs():
    from tutor.teach.hints import lesson_hint_tier

    assert lesson_hint_tier("f = q * z, so df/dz is the other input, q = x + y = 3.") == "numbers"
    assert lesson_hint_tier("u3 = u1 + u2 is a sum, so u1 gets u3's gradient times 1.") == "numbers"
    assert lesson_hint_tier("q = x + y is an add gate. It passes q's gradient through.") == "local"
    assert lesson_hint_tier("x feeds z1 and z2. Add what comes back along each path.") == "pattern"
    g = build(load("add-multiply-gates"))
    assert [h.kind for h in hint_tiers(g, "z")] == ["pattern", "local", "lesson", "numbers"]
    assert [h.kind for h in hint_tiers(g, "x")] == ["pattern", "lesson", "local", "numbers"]


def test_hints_given_per_tier():
    g = graph_of(
        PLAIN
        + "hints:\n  e: {pattern: Which node does e feed?, numbers: 'dL/dd is -2, times 1.'}\n"
        + "  a: Look at the multiply gate.\n"
    )
    tiers = hint_tiers(g, "e")
    assert [(h.kind, h.title) for h in tiers] == [
        ("lesson", "Lesson hint"),
        ("pattern", "Chain rule"),
        ("local", "Local derivatives"),
        ("lesson", "Lesson hint"),
        ("numbers", "Plug in the numbers"),
    ]
    assert tiers[0].text == "Which node does e feed?" and tiers[3].text == "dL/dd is -2, times 1."
    assert tiers[-1].last and not any(h.last for h in tiers[:-1])
    assert [h.kind for h in hint_tiers(g, "a")][:3] == ["pattern", "lesson", "local"]


@pytest.mark.parametrize(
    ("hints_yaml", "fragment"),
    [
        ("  e: {patern: x}\n", "unknown hint tier 'patern' (did you mean 'pattern'?)"),
        ("  e: {numbers: ''}\n", "numbers hint for 'e' must be a text"),
        ("  e: {}\n", "hints for 'e' are empty"),
        ("  e: [1, 2]\n", "hint for 'e' must be a text or a mapping of tier: text"),
    ],
)
def test_bad_hints_per_tier_are_refused_with_their_place(hints_yaml, fragment):
    from tutor.lesson.find import LessonError

    with pytest.raises(LessonError) as info:
        loads(PLAIN + "hints:\n" + hints_yaml)
    assert fragment in str(info.value)
    assert ":12:" in str(info.value)  # the line of e's hints


def test_check_refuses_hints_per_tier_for_unknown_nodes(tmp_path):
    from tutor.authoring.check import check_file

    path = tmp_path / "l.yaml"
    path.write_text(PLAIN + "hints:\n  zz: {pattern: hello}\n")
    assert any("hint for unknown node 'zz'" in line for line in check_file(path))
