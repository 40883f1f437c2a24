"""A Canvas gradebook export read as a roster: who is enrolled, and which assignments Canvas already has.

Canvas exports the gradebook (Grades > Export > Export Entire Gradebook) as a header row, an optional row marking
assignments posted manually, a "Points Possible" row, then one row per student, the Test Student last. The
columns up to Section name the student (Student, ID, SIS User ID, SIS Login ID, Section; SIS User ID, Integration
ID and Root Account only where the account shows them); custom columns follow, then one column per assignment,
headed `Title (canvas id)`, then read-only totals. Rows are told apart as Canvas's own importer does.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.errors import CoursekitError

__all__ = ["MATCH_COLUMNS", "CanvasRosterError", "Roster", "read_roster", "split_title_and_id"]

# --canvas-match choices: the roster column holding what nbgrader calls each student
MATCH_COLUMNS = {"sis-login": "SIS Login ID", "sis-user": "SIS User ID", "id": "ID"}

_TITLE_AND_ID = re.compile(r"^(.*)\s\((\d+)\)$")  # "ch01 (123456)", as Canvas heads an assignment it has
_NOT_A_STUDENT = re.compile(r"^\s*(Muted|Manual Posting.*)?\s*$", re.IGNORECASE)  # the posting-policy row
_EXPORT = "export it again from Canvas (Grades > Export > Export Entire Gradebook) and pass that file"


class CanvasRosterError(CoursekitError):
    """The roster is not a Canvas gradebook export, or does not say who is who; the message says what to do."""


@dataclass(frozen=True)
class Roster:
    """The students and assignments of a Canvas gradebook export."""

    path: Path
    identity: list[str]  # the header's student columns, Student through Section, as Canvas names them
    students: list[list[str]]  # each student's cells in those columns, as exported
    assignments: list[str] = field(default_factory=list)  # headers of assignments Canvas has: "Title (id)"
    points: dict[str, str] = field(default_factory=dict)  # assignment header to its Points Possible cell
    grades: list[dict[str, str]] = field(default_factory=list)  # per student: assignment header to its cell

    def column(self, name: str) -> int:
        """Where the identity column `name` is; a CanvasRosterError naming the other --canvas-match choices if
        the export lacks it (Canvas leaves SIS columns out for users who may not see SIS data)."""
        if name not in self.identity:
            others = [option for option, column in MATCH_COLUMNS.items() if column in self.identity]
            raise CanvasRosterError(
                f"{self.path} has no {name!r} column (its student columns: {', '.join(self.identity)}): ask a "
                f"Canvas admin for an export that includes it, or match on another column with --canvas-match "
                f"{' or '.join(others) or 'id'}"
            )
        return self.identity.index(name)


def split_title_and_id(header: str) -> tuple[str, str]:
    """An assignment header's title and Canvas id; the id is empty when the header has none."""
    found = _TITLE_AND_ID.match(header.strip())
    return (found.group(1).strip(), found.group(2)) if found else (header.strip(), "")


def read_roster(path: Path) -> Roster:
    """The roster in a Canvas gradebook export (comma- or semicolon-separated, with or without a byte order
    mark); a CanvasRosterError if it is not one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CanvasRosterError(f"{path}: no such file; {_EXPORT}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CanvasRosterError(f"{path} cannot be read ({error}); {_EXPORT}") from None
    first_line = text.partition("\n")[0]
    # Canvas offers semicolons for locales that write decimal commas
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))  # a note may span lines
    header = [cell.strip() for cell in rows[0]] if rows else []
    if len(header) < 3 or "Section" not in header or "ID" not in header:
        raise CanvasRosterError(
            f"{path} is not a Canvas gradebook export: its first row should start with the columns Student, ID, "
            f"SIS User ID, SIS Login ID, Section; {_EXPORT}"
        )
    width = header.index("Section") + 1
    assignments = [(index, cell) for index, cell in enumerate(header) if index >= width and split_title_and_id(cell)[1]]
    students: list[list[str]] = []
    points: dict[str, str] = {}
    grades: list[dict[str, str]] = []
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        if "Points Possible" in cells[0]:
            points = {name: cells[index].strip() for index, name in assignments}
        elif not all(_NOT_A_STUDENT.match(cell) for cell in cells):
            students.append(cells[:width])
            grades.append({name: cells[index].strip() for index, name in assignments})
    return Roster(path, header[:width], students, [name for _, name in assignments], points, grades)
