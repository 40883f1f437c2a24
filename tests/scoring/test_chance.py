"""What guessing earns on the course's own exercises: less than under coursekit 0.1, and as docs/authoring.md says."""

from __future__ import annotations

import re
from typing import Any

import pytest
from legacy_rules import LEGACY

from coursekit.course import Course
from coursekit.notebooks.keys import Key, read_keys
from coursekit.notebooks.listing import list_exercises
from coursekit.scoring.generated import Guesses
from coursekit.scoring.kinds import KINDS
from repo import REPO, quiz_chapters
from strategies import expected_credit, expected_guess_share, rule_of

COURSE = Course.at(REPO)
CHAPTERS = quiz_chapters()


def course_exercises() -> list[tuple[dict[str, Any], Key]]:
    """Each autograded exercise as released, with its key."""
    found = []
    for chapter in CHAPTERS:
        keys = read_keys(COURSE.source_notebook(chapter))
        for shown in list_exercises(COURSE.release_notebook(chapter)):
            if shown["kind"] != "written":
                found.append((shown, keys[shown["id"]]))
    return found


def _size(shown: dict[str, Any], key: Any) -> str:
    if shown["kind"] == "buckets":
        split = "+".join(str(len(items)) for items in key.values())
        return f"{len(shown['buckets'])} buckets, {len(shown['items'])} items ({split})"
    if shown["kind"] == "multiple_choice":
        return f"{len(shown['options'])} options, {sum(key.values())} right"
    if shown["kind"] == "ordering":
        return f"{len(shown['items'])} items"
    return f"{len(shown['options'])} options"


def guess_table() -> str:
    """The table of docs/authoring.md: per kind and size, what a uniform guesser expects, before and now."""
    rows: dict[tuple[str, str], tuple[float, float, int]] = {}
    for shown, key in course_exercises():
        if shown["kind"] == "fill_in":
            continue
        guesses = KINDS[key.kind].guesses(shown)
        now = expected_credit(rule_of(key.kind), key.key, guesses)
        before = expected_credit(LEGACY[key.kind], key.key, guesses) if key.kind in LEGACY else now
        size = _size(shown, key.key)
        count = rows.get((key.kind, size), (0.0, 0.0, 0))[2]
        rows[(key.kind, size)] = (before, now, count + 1)
    lines = ["| kind | size | coursekit 0.1 | now | exercises |", "|---|---|--:|--:|--:|"]
    for (name, size), (before, now, count) in sorted(rows.items()):
        lines.append(f"| {name.replace('_', ' ')} | {size} | {before:.1%} | {now:.1%} | {count} |")
    return "\n".join(lines)


def test_guessing_earns_less_than_before_on_every_exercise() -> None:
    """Is a uniform guess's expected credit lower than under 0.1's rules for every exercise whose rule changed?"""
    for shown, key in course_exercises():
        if key.kind not in LEGACY:
            continue
        guesses = KINDS[key.kind].guesses(shown)
        now = expected_credit(rule_of(key.kind), key.key, guesses)
        before = expected_credit(LEGACY[key.kind], key.key, guesses)
        assert now < before, (shown["id"], now, before)
        assert now <= 0.2, (shown["id"], now)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_guesser_expects_little_of_any_chapter(chapter: str) -> None:
    """Does a uniform guesser expect at most 10% of each chapter's autograded points (exactly computed)?"""
    share = expected_guess_share(COURSE.release_notebook(chapter), read_keys(COURSE.source_notebook(chapter)))
    assert share <= 0.10, share


def test_the_documented_table_is_the_computed_one() -> None:
    """Does docs/authoring.md show exactly what the rules give today?"""
    text = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    documented = re.search(r"<!-- guess table[^>]*-->\n(.*?)\n<!-- end guess table -->", text, re.DOTALL)
    assert documented is not None, "docs/authoring.md has no guess table"
    assert documented.group(1) == guess_table()


def test_exact_and_sampled_expectations_agree() -> None:
    """Does the seeded Monte Carlo (used for large exercises) agree with exact enumeration where both run?"""
    shown = {"id": "x.b", "kind": "buckets", "buckets": ["A", "B", "C"], "items": list("abcdefg")}
    key = {"A": ["a", "b"], "B": ["c", "d", "e"], "C": ["f", "g"]}
    guesses = KINDS["buckets"].guesses(shown)
    exact = expected_credit(rule_of("buckets"), key, guesses)
    sampled = expected_credit(rule_of("buckets"), key, Guesses(10**9, guesses.every, guesses.draw))
    assert sampled == pytest.approx(exact, abs=0.01)
