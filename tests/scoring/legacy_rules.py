"""The scoring rules of coursekit 0.1, kept to show that today's rules give guessing less (test data).

0.1 gave each item in its bucket an equal share, multiple choice (right - wrong picks) / right options, and
orderings (longest run in the right relative order - 1) / (items - 1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any


def _str_list(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def buckets(answer: Any, key: Mapping[str, Sequence[str]]) -> float:
    if type(answer) is not dict or not all(_str_list(items) for items in answer.values()):
        return 0.0
    placed: dict[str, list[str]] = {}
    for bucket, items in answer.items():
        for item in items:
            placed.setdefault(item, []).append(bucket)
    cells = [(bucket, item) for bucket, items in key.items() for item in items]
    return sum(placed.get(item, []) == [bucket] for bucket, item in cells) / len(cells)


def multiple_choice(answer: Any, key: Mapping[str, bool]) -> float:
    if not _str_list(answer) or not answer:
        return 0.0
    wanted = {option for option, right in key.items() if right}
    picked = set(answer)
    return max(0.0, (len(picked & wanted) - len(picked - wanted)) / len(wanted))


def ordering(answer: Any, key: Sequence[str]) -> float:
    if not _str_list(answer) or not answer:
        return 0.0
    position = {item: index for index, item in enumerate(key)}
    ranks = [position[item] for item in dict.fromkeys(item for item in answer if item in position)]
    best = [1] * len(ranks)
    for i, value in enumerate(ranks):
        for j in range(i):
            if ranks[j] < value:
                best[i] = max(best[i], best[j] + 1)
    return max(0.0, (max(best, default=0) - 1) / (len(key) - 1))


LEGACY: dict[str, Callable[[Any, Any], float]] = {
    "buckets": buckets,
    "multiple_choice": multiple_choice,
    "ordering": ordering,
}
