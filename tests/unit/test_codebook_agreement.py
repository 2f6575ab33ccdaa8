"""Agreement per code rolled up to each parent, computed in one pass: the same figures as rolling up by
hand (each parent's group relabelled as the parent and measured alone), and u-alpha per text in the same
pass as the corpus's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.export.agreement import Span, agreement
from jingtui.export.unitizing import Continuum, unitizing_alpha

TREE = {"a": None, "a1": "a", "a2": "a", "a11": "a1", "b": None, "b1": "b"}
GROUPS = {"a": frozenset({"a", "a1", "a2", "a11"}), "a1": frozenset({"a1", "a11"}), "b": frozenset({"b", "b1"})}


@st.composite
def spans(draw):
    lengths = {f"t{i}": draw(st.integers(1, 120)) for i in range(draw(st.integers(1, 4)))}
    out: tuple[list[Span], list[Span]] = ([], [])
    for who in (0, 1):
        for _ in range(draw(st.integers(0, 12))):
            article = draw(st.sampled_from(sorted(lengths)))
            start = draw(st.integers(0, lengths[article] - 1))
            end = draw(st.integers(start + 1, lengths[article] + 3))
            out[who].append(Span(article, draw(st.sampled_from(sorted(TREE))), start, end))
    return out[0], out[1], lengths


@given(spans())
@settings(max_examples=60, deadline=None)
def test_roll_up_in_one_pass_equals_each_parent_measured_alone(data):
    a, b, lengths = data
    report = agreement(a, b, lengths, labels=list(TREE), groups=GROUPS)
    for parent, members in GROUPS.items():
        def mapped(spans, members=members, parent=parent):
            return [Span(s.article, parent, s.start, s.end) for s in spans if s.label in members]

        alone = agreement(mapped(a), mapped(b), lengths, labels=[parent], articles=report.articles)
        assert report.by_parent[parent].to_dict() == alone.by_label[parent].to_dict()


@given(spans())
@settings(max_examples=60, deadline=None)
def test_u_alpha_of_each_text_in_the_corpus_pass_equals_the_text_alone(data):
    a, b, lengths = data
    continua, offset = [], 0
    for article in sorted(lengths):
        units = tuple(tuple((s.start + offset, s.end + offset, s.label) for s in side if s.article == article)
                      for side in (a, b))
        continua.append(Continuum(offset, offset + lengths[article], units))
        offset += lengths[article]
    report = unitizing_alpha(continua, list(TREE), per_text=True)
    for i, continuum in enumerate(continua):
        present = [c for c in TREE if any(u[2] == c for coder in continuum.coders for u in coder)]
        assert report.by_text[i] == unitizing_alpha([continuum], present).alpha


@given(spans())
@settings(max_examples=60, deadline=None)
def test_u_alpha_of_codes_and_parents_equals_unitizing_alpha_on_the_continua(data):
    """agreement() hands u-alpha each code's merged units, and a parent's merged from its members': the figures
    are those of unitizing_alpha over plain continua (offsets, every unit as drawn)."""
    a, b, lengths = data
    report = agreement(a, b, lengths, labels=list(TREE), groups=GROUPS)

    def continua(relabel):
        out, offset = [], 0
        for article in report.articles:
            units = tuple(tuple((s.start + offset, s.end + offset, code) for s in side if s.article == article
                                for code in relabel(s.label)) for side in (a, b))
            out.append(Continuum(offset, offset + lengths[article], units))
            offset += lengths[article]
        return out

    by_code = unitizing_alpha(continua(lambda label: [label]), report.labels)
    assert report.overall.u_alpha == by_code.alpha
    assert report.unitizing is not None and report.unitizing.by_category == by_code.by_category
    assert {c: s.u_alpha for c, s in report.by_label.items()} == {
        c: by_code.by_category[c].alpha if c in by_code.by_category else None for c in report.by_label}
    by_parent = unitizing_alpha(continua(lambda label: [p for p, members in GROUPS.items() if label in members]),
                                list(GROUPS))
    assert {p: s.u_alpha for p, s in report.by_parent.items()} == {
        p: by_parent.by_category[p].alpha if p in by_parent.by_category else None for p in GROUPS}
