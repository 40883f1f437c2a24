"""nbgrader's cell-metadata check, with its JSON schema checked once per worker instead of once per cell.

`CheckCellMetadata` runs twice per graded notebook, and its validator calls `jsonschema.validate` for every
cell, which first checks the schema itself against the JSON Schema meta-schema: about a tenth of a second per
notebook spent proving the same schema valid again. This check holds each cell to the same schema and the same
rules (nbgrader's own validator, given a schema validator built once); the worker puts it in nbgrader's
preprocessor lists in place of the original.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import Any

import jsonschema
from nbformat.notebooknode import NotebookNode
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import CheckCellMetadata

__all__ = ["SchemaOnceCheckCellMetadata", "with_schema_once"]

NBGRADER_NAMES = {
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.checkcellmetadata.CheckCellMetadata",
}
_validators: dict[int, Any] = {}


class _SchemaCheckedOnce(BaseMetadataValidator):  # type: ignore[misc]
    """Checks a cell's nbgrader metadata with a validator whose schema was checked when it was built."""

    def validate_cell(self, cell: NotebookNode) -> None:
        if "nbgrader" not in cell.metadata:
            return
        metadata = cell.metadata["nbgrader"]
        if metadata.get("schema_version", 0) != self.schema_version:
            super().validate_cell(cell)  # raises nbgrader's own "too old" or "too new" error
        if self.schema_version not in _validators:
            kind = jsonschema.validators.validator_for(self.schema)
            kind.check_schema(self.schema)
            _validators[self.schema_version] = kind(self.schema)
        error = jsonschema.exceptions.best_match(_validators[self.schema_version].iter_errors(metadata))
        if error is not None:
            raise error


class _Validator(MetadataValidator, _SchemaCheckedOnce):  # type: ignore[misc]
    """nbgrader's current validator (its rules for grade, solution and task cells) over `_SchemaCheckedOnce`."""


class SchemaOnceCheckCellMetadata(CheckCellMetadata):  # type: ignore[misc]
    """nbgrader's CheckCellMetadata, with the schema validator built once."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        try:
            _Validator().validate_nb(nb)
        except ValidationError:  # worded as nbgrader words it
            self.log.error(traceback.format_exc())
            message = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(message)
            raise ValidationError(message) from None
        return nb, resources


def with_schema_once(preprocessors: Sequence[Any]) -> list[Any]:
    """A preprocessor list with nbgrader's CheckCellMetadata (a class or its dotted name) replaced by this one."""
    return [
        SchemaOnceCheckCellMetadata if entry is CheckCellMetadata or entry in NBGRADER_NAMES else entry
        for entry in preprocessors
    ]
