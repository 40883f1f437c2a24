"""`coursekit simulate`: a seeded, realistic cohort in nbgrader's submitted/ layout."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from cohort import CHAPTERS
from coursekit.instructor.simulate import CohortSettings, SimulateError, simulate, simulated_answer
from coursekit.notebooks.keys import read_keys, reference_answer
from coursekit.notebooks.listing import list_exercises
from coursekit.scoring.rules import score_buckets

pytestmark = pytest.mark.nbgrader


def test_cohort_layout_and_reproducibility(graded_cohort: Path, tmp_path: Path) -> None:
    """Does every submission have a notebook, answers and a timestamp, and does one seed give one cohort?"""
    folders = sorted(graded_cohort.glob("submitted/*/*"))
    assert folders and all(f.name in CHAPTERS for f in folders)
    for folder in folders:
        assert {p.name for p in folder.iterdir()} == {f"{folder.name}.ipynb", "answers.json", "timestamp.txt"}
    with pytest.raises(SimulateError, match="already holds submissions"):
        simulate(course_root=graded_cohort, settings=CohortSettings(students=5, seed=7))
    first = {f: (f / "answers.json").read_text() for f in folders}
    simulate(course_root=graded_cohort, settings=CohortSettings(students=5, seed=7, late_share=0.3), replace=True)
    assert {f: (f / "answers.json").read_text() for f in folders} == first


def test_answers_follow_the_ability() -> None:
    """Do likelier students get more right, and is every simulated answer in the widget's shape?"""
    from repo import REPO

    source = REPO / "source" / "ch01" / "ch01.ipynb"
    shown = {e["id"]: e for e in list_exercises(REPO / "release" / "ch01" / "ch01.ipynb")}
    keys = read_keys(source)
    key = keys["ch01.ml-workflows"]
    rng = random.Random(1)
    strong = [
        score_buckets(simulated_answer(key, shown[key.exercise_id], 0.9, rng), key.key).fraction for _ in range(200)
    ]
    weak = [
        score_buckets(simulated_answer(key, shown[key.exercise_id], 0.3, rng), key.key).fraction for _ in range(200)
    ]
    # credit counts only knowledge beyond chance: 9 in 10 items known is most of it, 3 in 10 below chance
    assert sum(strong) / 200 > 0.6 > 0.1 > sum(weak) / 200
    for exercise_id, exercise_key in keys.items():
        answer = simulated_answer(exercise_key, shown[exercise_id], 1.0, rng)
        expected = reference_answer(exercise_key)
        if exercise_key.kind == "fill_in":
            assert answer.casefold() in {term.casefold() for term in exercise_key.key}
        else:
            assert json.dumps(answer, sort_keys=True) == json.dumps(expected, sort_keys=True)
