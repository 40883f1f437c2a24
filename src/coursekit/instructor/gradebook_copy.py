"""Copy a whole nbgrader gradebook from one database to another: an SQLite course moved to a shared PostgreSQL
gradebook (to grade on a cluster), or a PostgreSQL gradebook backed up into an SQLite file and restored.

Every row of nbgrader's tables goes across as it is (nbgrader's ids are strings it makes, not sequences, so they
keep their meaning), parents before children, in one transaction on the target: a failed copy leaves the target
as it was.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.engine import make_url

from coursekit.errors import CoursekitError
from coursekit.nbgrader_run import scripts_on_path

__all__ = ["GradebookCopyError", "copy_gradebook"]


class GradebookCopyError(CoursekitError):
    """The copy cannot be made (the target already holds a gradebook, the source has none)."""


def copy_gradebook(source_url: str, target_url: str, *, replace: bool = False) -> dict[str, int]:
    """Copy every row; return the row count per table. The target must be empty unless `replace`, which
    first deletes what it holds."""
    from nbgrader.api import Base, Gradebook

    if make_url(source_url).get_backend_name() == "sqlite":
        database = make_url(source_url).database
        if not database or database == ":memory:" or not Path(database).is_file():
            raise GradebookCopyError(f"there is no gradebook at {source_url} to copy")
    # opening it creates nbgrader's tables (and its schema version) where they are missing
    with scripts_on_path(), Gradebook(target_url):
        pass
    tables = Base.metadata.sorted_tables
    source, target = create_engine(source_url), create_engine(target_url)
    counts: dict[str, int] = {}
    try:
        with source.connect() as reading, target.begin() as writing:
            # opening a gradebook enters its course: that row alone is not a gradebook worth keeping
            kept = [table for table in tables if table.name != "course"]
            held = sum(writing.execute(select(func.count()).select_from(table)).scalar_one() for table in kept)
            if held and not replace:
                shown = make_url(target_url).render_as_string(hide_password=True)
                raise GradebookCopyError(
                    f"{shown} already holds a gradebook ({held} rows); copy into an empty database"
                )
            for table in reversed(tables):
                writing.execute(delete(table))
            for table in tables:
                rows = [dict(row._mapping) for row in reading.execute(select(table))]
                if rows:
                    writing.execute(table.insert(), rows)
                counts[table.name] = len(rows)
    finally:
        source.dispose()
        target.dispose()
    return counts
