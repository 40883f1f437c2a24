"""The worker's cell-metadata check accepts and rejects exactly what nbgrader's CheckCellMetadata does."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.preprocessors import CheckCellMetadata

from coursekit.autograde.metadata_check import SchemaOnceCheckCellMetadata, _Validator, with_schema_once
from tiny_course import tiny_notebook


def _grading(notebook: Any, grade_id: str) -> Any:
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _points_as_text(notebook: Any) -> None:
    _grading(notebook, "sort-test").metadata.nbgrader.points = "two"


def _unknown_key(notebook: Any) -> None:
    _grading(notebook, "sort-test").metadata.nbgrader.bonus = True


def _old_schema(notebook: Any) -> None:
    _grading(notebook, "sort-test").metadata.nbgrader.schema_version = 1


def _newer_schema(notebook: Any) -> None:
    _grading(notebook, "sort-test").metadata.nbgrader.schema_version = 9


def _no_grade_id(notebook: Any) -> None:
    del _grading(notebook, "pick-test").metadata.nbgrader["grade_id"]


def _markdown_grade_not_solution(notebook: Any) -> None:
    _grading(notebook, "essay").metadata.nbgrader.solution = False


def _duplicate_ids(notebook: Any) -> None:
    notebook.cells.append(copy.deepcopy(_grading(notebook, "pick-test")))


MUTATIONS: dict[str, Callable[[Any], None]] = {
    "valid": lambda notebook: None,
    "points as text": _points_as_text,
    "unknown key": _unknown_key,
    "old schema": _old_schema,
    "newer schema": _newer_schema,
    "no grade id": _no_grade_id,
    "markdown grade cell not a solution": _markdown_grade_not_solution,
    "duplicate grade ids": _duplicate_ids,
}


def _outcome(validate: Callable[[Any], None], notebook: Any) -> str:
    try:
        validate(notebook)
    except Exception as error:  # the outcome compared is whatever either raises
        return f"{type(error).__name__}: {error}"
    return "valid"


@pytest.mark.parametrize("mutation", MUTATIONS, ids=list(MUTATIONS))
def test_same_verdict_and_words_as_nbgrader(mutation: str) -> None:
    """Does each notebook, valid or broken one way, get nbgrader's verdict and nbgrader's error message?"""
    notebook = nbformat.from_dict(tiny_notebook())
    MUTATIONS[mutation](notebook)
    expected = _outcome(MetadataValidator().validate_nb, copy.deepcopy(notebook))
    assert _outcome(_Validator().validate_nb, copy.deepcopy(notebook)) == expected
    assert (expected == "valid") == (mutation == "valid")  # every broken notebook is rejected


def test_the_preprocessor_rejects_as_nbgrader_does() -> None:
    """Does the preprocessor raise nbgrader's ValidationError with nbgrader's message?"""
    notebook = nbformat.from_dict(tiny_notebook())
    _points_as_text(notebook)
    with pytest.raises(ValidationError) as theirs:
        CheckCellMetadata().preprocess(copy.deepcopy(notebook), {})
    with pytest.raises(ValidationError) as ours:
        SchemaOnceCheckCellMetadata().preprocess(copy.deepcopy(notebook), {})
    assert str(ours.value) == str(theirs.value)


def test_with_schema_once_replaces_nbgrader_check_by_class_or_name() -> None:
    """Is nbgrader's check replaced wherever it is named, and every other preprocessor kept in its place?"""
    listed = ["nbgrader.preprocessors.ClearOutput", "nbgrader.preprocessors.CheckCellMetadata", CheckCellMetadata]
    assert with_schema_once(listed) == [listed[0], SchemaOnceCheckCellMetadata, SchemaOnceCheckCellMetadata]
