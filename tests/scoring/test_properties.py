"""Properties every scoring rule keeps, for keys and answers hypothesis makes up."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.scoring.kinds import KINDS

LABELS = st.text(alphabet="abcdefghij", min_size=1, max_size=3)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def bucket_keys(draw: st.DrawFn) -> dict[str, list[str]]:
    items = draw(st.lists(LABELS, min_size=2, max_size=9, unique=True))
    names = draw(st.lists(st.sampled_from(["Dev", "Ops", "Data", "Infra"]), min_size=2, max_size=4, unique=True))
    key: dict[str, list[str]] = {name: [] for name in names}
    for index, item in enumerate(items):
        # every bucket gets an item first, as an author's key does
        key[names[index] if index < len(names) else draw(st.sampled_from(names))].append(item)
    return key


@st.composite
def choice_keys(draw: st.DrawFn) -> dict[str, bool]:
    options = draw(st.lists(LABELS, min_size=2, max_size=8, unique=True))
    rights = draw(st.lists(st.booleans(), min_size=len(options), max_size=len(options)))
    rights[0], rights[-1] = True, False  # at least one right and one wrong option
    return dict(zip(options, rights, strict=True))


ORDER_KEYS = st.lists(LABELS, min_size=2, max_size=7, unique=True)


def fraction(kind: str, answer: Any, key: Any) -> float:
    return KINDS[kind].score(answer, key).fraction


@given(bucket_keys(), st.data())
def test_buckets(key: dict[str, list[str]], data: st.DataObject) -> None:
    """Key 1, nothing 0, one bucket for all 0, and fixing a placement never lowers the score."""
    assert fraction("buckets", KINDS["buckets"].reference(key), key) == 1.0
    assert fraction("buckets", {}, key) == fraction("buckets", None, key) == 0.0
    items = [item for members in key.values() for item in members]
    for bucket in key:
        assert fraction("buckets", {bucket: items}, key) == 0.0
    choice = {item: data.draw(st.sampled_from([*key, None])) for item in items}
    item = data.draw(st.sampled_from(items))
    right = next(bucket for bucket, members in key.items() if item in members)
    assert fraction("buckets", _placed({**choice, item: right}), key) >= fraction("buckets", _placed(choice), key)


def _placed(choice: dict[str, str | None]) -> dict[str, list[str]]:
    answer: dict[str, list[str]] = {}
    for item, bucket in choice.items():
        if bucket is not None:
            answer.setdefault(bucket, []).append(item)
    return answer


@given(choice_keys(), st.data())
def test_multiple_choice(key: dict[str, bool], data: st.DataObject) -> None:
    """Key 1, tick none 0, tick all 0; ticking a right option or unticking a wrong one never lowers the score."""
    assert fraction("multiple_choice", KINDS["multiple_choice"].reference(key), key) == 1.0
    assert fraction("multiple_choice", [], key) == fraction("multiple_choice", list(key), key) == 0.0
    ticked = data.draw(st.lists(st.sampled_from(list(key)), unique=True))
    option = data.draw(st.sampled_from(list(key)))
    better = [o for o in ticked if o != option] + ([option] if key[option] else [])
    assert fraction("multiple_choice", better, key) >= fraction("multiple_choice", ticked, key)


@given(ORDER_KEYS, st.data())
def test_ordering(key: list[str], data: st.DataObject) -> None:
    """Key 1, nothing 0, the reverse 0, and putting a neighbouring pair right never lowers the score."""
    assert fraction("ordering", list(key), key) == 1.0
    assert fraction("ordering", [], key) == fraction("ordering", key[::-1], key) == 0.0
    order = data.draw(st.permutations(key))
    wrong = [i for i in range(len(order) - 1) if key.index(order[i]) > key.index(order[i + 1])]
    if wrong:
        i = data.draw(st.sampled_from(wrong))
        better = order[:i] + [order[i + 1], order[i]] + order[i + 2 :]
        assert fraction("ordering", better, key) >= fraction("ordering", order, key)


@given(st.lists(LABELS, min_size=2, max_size=6, unique=True), st.data())
def test_single_choice_and_fill_in(options: list[str], data: st.DataObject) -> None:
    """All or nothing: the key 1, any other option or term 0."""
    key, other = options[0], data.draw(st.sampled_from(options[1:]))
    assert fraction("single_choice", key, key) == fraction("fill_in", key.upper(), [key]) == 1.0
    assert fraction("single_choice", other, key) == fraction("fill_in", other, [key]) == 0.0


@settings(max_examples=300)
@given(JSON, bucket_keys(), choice_keys(), ORDER_KEYS)
def test_any_json_scores_in_range(answer: Any, buckets: Any, choices: Any, order: Any) -> None:
    """Does any JSON value (a damaged or hostile answers.json) score within [0, 1] without raising?"""
    keys = {"buckets": buckets, "multiple_choice": choices, "ordering": order, "single_choice": "a", "fill_in": "a"}
    for kind, key in keys.items():
        score = KINDS[kind].score(answer, key)
        assert 0.0 <= score.fraction <= 1.0
        assert isinstance(KINDS[kind].describe(answer), str)
