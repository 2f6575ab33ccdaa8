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
