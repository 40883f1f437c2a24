"""Students who answer without knowing: a fixed trick on every exercise, or uniform random guesses (test data);
and, for fuzzing, hypothesis strategies for the answers.json a student may leave: any bytes at all.

Each guessing strategy sees a chapter as a student does (the release listing, the widgets' display order) and
gives an answers.json; `chapter_share` scores it with the project's rules, the real-nbgrader test grades it.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from coursekit.notebooks.keys import Key, read_keys, reference_answer
from coursekit.notebooks.listing import list_exercises
from coursekit.scoring.generated import Guesses, expected_score
from coursekit.scoring.kinds import KINDS
from coursekit.student.answers import MAX_BYTES
from coursekit.student.shown_order import shuffled

Shown = dict[str, Any]
Answers = dict[str, Any]


def tick_all(shown: Shown, rng: random.Random) -> Any:
    return list(shown["options"]) if shown["kind"] == "multiple_choice" else None


def longest_option(shown: Shown, rng: random.Random) -> Any:
    if shown["kind"] not in ("single_choice", "multiple_choice"):
        return None
    longest = max(shown["options"], key=len)
    return longest if shown["kind"] == "single_choice" else [longest]


def one_bucket(shown: Shown, rng: random.Random) -> Any:
    return {shown["buckets"][0]: list(shown["items"])} if shown["kind"] == "buckets" else None


def order_as_shown(shown: Shown, rng: random.Random) -> Any:
    if shown["kind"] != "ordering":
        return None
    return shuffled(shown["items"], shown["id"], away_from_written=True)


def first_option(shown: Shown, rng: random.Random) -> Any:
    """The first option as the widget shows it (options are shuffled by the exercise id)."""
    if shown["kind"] not in ("single_choice", "multiple_choice"):
        return None
    first = shuffled(shown["options"], shown["id"])[0]
    return first if shown["kind"] == "single_choice" else [first]


def every_trick(shown: Shown, rng: random.Random) -> Any:
    """One bucket for all, tick all, the longest single option, the order as shown: each where it applies."""
    if shown["kind"] == "single_choice":
        return longest_option(shown, rng)
    for trick in (one_bucket, tick_all, order_as_shown):
        answer = trick(shown, rng)
        if answer is not None:
            return answer
    return None


def uniform_guess(shown: Shown, rng: random.Random) -> Any:
    return KINDS[shown["kind"]].guesses(shown).draw(rng)


TRICKS: dict[str, Callable[[Shown, random.Random], Any]] = {
    "tick all": tick_all,
    "longest option": longest_option,
    "one bucket for all": one_bucket,
    "order as shown": order_as_shown,
    "first option shown": first_option,
    "every trick at once": every_trick,
}


def autograded(release_notebook: Path) -> list[Shown]:
    return [e for e in list_exercises(release_notebook) if e["kind"] != "written"]


def answers_by(strategy: Callable[[Shown, random.Random], Any], release_notebook: Path, seed: int = 0) -> Answers:
    """The strategy's answers.json for a chapter (unanswered exercises left out)."""
    rng = random.Random(seed)
    answers = {shown["id"]: strategy(shown, rng) for shown in autograded(release_notebook)}
    return {exercise_id: answer for exercise_id, answer in answers.items() if answer is not None}


def key_answers(source_notebook: Path) -> Answers:
    """answers.json of a student who answers every exercise of the notebook with its key."""
    return {exercise_id: reference_answer(key) for exercise_id, key in read_keys(source_notebook).items()}


def every_other(answers: Answers) -> Answers:
    """The answers of every second exercise (the 2nd, the 4th, ...) only: a student who answered half of them."""
    return {exercise_id: answer for index, (exercise_id, answer) in enumerate(answers.items()) if index % 2}


def chapter_share(answers: Answers, keys: dict[str, Key]) -> float:
    """The share of a chapter's autograded points these answers earn under the project's rules."""
    total = sum(key.points for key in keys.values())
    earned = sum(key.points * KINDS[key.kind].score(answers.get(i), key.key).fraction for i, key in keys.items())
    return earned / total


Rule = Callable[[Any, Any], float]


def rule_of(kind: str) -> Rule:
    """The project's rule for a kind, as answer and key to a fraction."""
    score = KINDS[kind].score
    return lambda answer, key: score(answer, key).fraction


def expected_credit(rule: Rule, key: Any, guesses: Guesses) -> float:
    """What a uniform guesser expects from one exercise under a rule."""
    return expected_score(lambda answer: rule(answer, key), guesses)


def expected_guess_share(release_notebook: Path, keys: dict[str, Key]) -> float:
    """The exact (or, for large exercises, sampled) expected share a uniform guesser earns in a chapter."""
    total, earned = 0.0, 0.0
    for shown in autograded(release_notebook):
        key = keys[shown["id"]]
        earned += key.points * expected_credit(rule_of(key.kind), key.key, KINDS[key.kind].guesses(shown))
        total += key.points
    return earned / total


# Fuzzing what a student controls: answers.json as the bytes on disk (hypothesis strategies).
FUZZ_EXAMPLES = "COURSEKIT_FUZZ_EXAMPLES"  # set it to run the answers fuzz tests longer, on fresh inputs
# Any code point, lone surrogates too (JSON's "\ud800" decodes to one), with a few awkward ones drawn often (a
# list joined, not st.text, which would merge them into its alphabet and draw them as rarely as any other)
ANY_CHARACTER = st.characters(exclude_categories=()) | st.sampled_from(["\ud800", "\udcff", "\x00", "\u2028", "\n"])


def any_text(min_size: int = 0, max_size: int = 6) -> st.SearchStrategy[str]:
    return st.lists(ANY_CHARACTER, min_size=min_size, max_size=max_size).map("".join)


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | any_text()
JSON_NAMES = any_text(max_size=4)
ODD_NUMBERS = [b"NaN", b"-Infinity", b"1e999", b"-0.0"]  # json.loads takes all four
# Around the 1 MB cap on answers.json: a long answer just under it is read and graded, one just over is not
LONG_SIZES = [1_000, 100_000, MAX_BYTES - 40, MAX_BYTES + 1]


def fuzz_settings(default_examples: int, variable: str = FUZZ_EXAMPLES, **more: Any) -> settings:
    """Bounded, the same inputs every run by default (so CI is repeatable); the environment variable set to N
    runs N examples drawn afresh each run."""
    examples = int(os.environ.get(variable) or 0)
    return settings(max_examples=examples or default_examples, derandomize=not examples, deadline=None, **more)


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any value json.loads can give: NaN, infinities, long integers and lone surrogates included."""
    return st.recursive(
        JSON_SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_NAMES, inner, max_size=4),
        max_leaves=max_leaves,
    )


def bent(answer: Any) -> st.SearchStrategy[Any]:
    """A right answer or a near miss: text recased, cut or added to, lists reordered, cut or padded, buckets'
    items swapped or renamed, any part replaced by other JSON."""
    changed: st.SearchStrategy[Any]
    if isinstance(answer, str):
        recased = st.sampled_from([answer.upper(), f"  {answer}. ", answer[:-1], ""])
        changed = recased | any_text(1, 3).map(answer.__add__)
    elif isinstance(answer, list):
        parts = st.tuples(*map(bent, answer)).map(list)
        changed = st.one_of(
            parts.flatmap(st.permutations),
            parts.map(lambda items: items[: len(items) // 2]),
            st.tuples(parts, st.lists(json_values(3), max_size=2)).map(lambda both: both[0] + both[1]),
        )
    elif isinstance(answer, dict) and answer:
        values = st.sampled_from(list(answer.values()))
        names = st.sampled_from(list(answer)) | JSON_NAMES
        changed = st.fixed_dictionaries({name: values.flatmap(bent) for name in answer}) | st.dictionaries(
            names, values.flatmap(bent), max_size=len(answer) + 1
        )
    else:
        changed = json_values(4)
    return st.just(answer) | changed | json_values(4)


def answers_objects(references: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An object of answers: each exercise left out, answered near its reference answer or with another
    exercise's answer (the wrong shape), beside exercise ids nobody asked for."""
    others = st.sampled_from(list(references.values()))
    known = st.fixed_dictionaries({}, optional={name: bent(answer) | others for name, answer in references.items()})
    unknown = st.dictionaries(any_text(max_size=8), json_values(4), max_size=2)
    return st.tuples(unknown, known).map(lambda both: {**both[0], **both[1]})


def answers_files(references: Mapping[str, Any]) -> st.SearchStrategy[bytes | None]:
    """answers.json's bytes as a kernel, an editor or an attack may leave them (None: no file): JSON in every
    spelling, duplicate keys, NaN and Infinity, any top-level value, deep nesting, answers near the size cap,
    numbers around Python's digit limit, damaged files, random bytes."""
    objects = answers_objects(references)
    exercise = st.sampled_from(list(references))
    limit = sys.get_int_max_str_digits()  # 4300: int() refuses a longer number, and so does json.loads
    digits = st.integers(1, 40) | st.integers(limit - 5, limit + 5)
    depth = st.integers(1, 40) | st.integers(900, 1_100) | st.just(3_000)  # json.loads stops near 1000
    return st.one_of(
        st.none(),
        st.tuples(objects, st.booleans(), st.sampled_from([None, 1])).map(lambda a: _dumped(*a)),
        objects.map(_with_duplicate_keys),
        json_values().map(lambda value: _dumped(value, True, None)),
        st.tuples(exercise, depth).map(lambda a: _answer_bytes(a[0], b"[" * a[1] + b"]" * a[1])),
        st.tuples(exercise, st.sampled_from(LONG_SIZES), st.booleans()).map(lambda a: _long_answer(*a)),
        st.tuples(exercise, st.sampled_from(ODD_NUMBERS)).map(lambda a: _answer_bytes(*a)),
        st.tuples(exercise, digits).map(lambda a: _answer_bytes(a[0], b"9" * a[1])),
        _damaged(objects),
        st.binary(max_size=40),
    )


def readable_answers(raw: bytes | None) -> dict[str, Any] | None:
    """What a correct reader makes of answers.json's bytes: its object of answers ({} when there is no file), or
    None when it cannot be read (over MAX_BYTES, not UTF-8, not JSON, too deep or long to parse, not an object)."""
    if raw is None:
        return {}
    try:
        stored = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_BYTES else None
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    return stored if isinstance(stored, dict) else None


def _dumped(value: Any, ascii_only: bool, indent: int | None) -> bytes:
    # without ensure_ascii a lone surrogate is written as such: bytes that are not UTF-8, as a careless editor writes
    return json.dumps(value, ensure_ascii=ascii_only, indent=indent).encode("utf-8", "surrogatepass")


def _with_duplicate_keys(answers: dict[str, Any]) -> bytes:
    pairs = [*((name, None) for name in answers), *answers.items()]  # each id twice: json.loads keeps the last
    return ("{" + ", ".join(f"{json.dumps(name)}: {json.dumps(value)}" for name, value in pairs) + "}").encode()


def _answer_bytes(exercise_id: str, value: bytes) -> bytes:
    return b"{" + json.dumps(exercise_id).encode() + b": " + value + b"}"


def _long_answer(exercise_id: str, size: int, as_list: bool) -> bytes:
    """A file of `size` bytes (a list: up to 7 more), nearly all of it one answer."""
    room = max(0, size - len(_answer_bytes(exercise_id, b'""')))
    if as_list:  # many short items rather than one long text
        return _answer_bytes(exercise_id, b"[" + b'"item",' * -(-room // 7) + b'"item"]')
    return _answer_bytes(exercise_id, b'"' + (b"{} " * (room // 3 + 1))[:room] + b'"')


@st.composite
def _damaged(draw: st.DrawFn, objects: st.SearchStrategy[dict[str, Any]]) -> bytes:
    """A file of answers cut short, with a byte changed, behind a byte-order mark or in UTF-16."""
    raw = _dumped(draw(objects), True, None)
    at, byte = draw(st.integers(0, len(raw) - 1)), draw(st.integers(0, 255))
    kinds = [raw[:at], raw[:at] + bytes([byte]) + raw[at + 1 :], b"\xef\xbb\xbf" + raw, raw.decode().encode("utf-16")]
    return draw(st.sampled_from(kinds))
