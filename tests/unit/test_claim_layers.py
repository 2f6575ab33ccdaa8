"""claim_layers: the sliding-maximum version gives the layers of the plain definition."""

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from jingtui.app.painting import claim_layers


def reference_layers(claims):
    """The definition: layer 1 when the claim overlaps one of the last 50 layer-0 claims drawn before it."""
    result, placed = [], []
    for claim in sorted(claims, key=lambda c: (c.start, -(c.end - c.start))):
        layer = 1 if any(s < claim.end and claim.start < e for s, e in placed[-50:]) else 0
        result.append((claim.id, layer))
        if layer == 0:
            placed.append((claim.start, claim.end))
    return result


spans = st.tuples(st.integers(0, 400), st.integers(-2, 120))


@settings(max_examples=100, deadline=None)
@given(st.lists(spans, max_size=160))
def test_layers_match_the_definition(items):
    claims = [SimpleNamespace(id=i, start=a, end=a + n) for i, (a, n) in enumerate(items)]
    assert [(c.id, layer) for c, layer in claim_layers(claims)] == reference_layers(claims)


def test_a_claim_inside_another_is_on_the_second_layer():
    long = SimpleNamespace(id="long", start=0, end=10_000)
    short = [SimpleNamespace(id=i, start=20_000 + 10 * i, end=20_000 + 10 * i + 5) for i in range(60)]
    inside = SimpleNamespace(id="inside", start=5, end=8)
    layers = dict((c.id, layer) for c, layer in claim_layers([long, inside, *short]))
    assert layers["inside"] == 1 and layers["long"] == 0 and all(layers[i] == 0 for i in range(60))
