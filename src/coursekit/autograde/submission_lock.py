"""One grader at a time per submission, across processes and machines that share a PostgreSQL gradebook.

nbgrader writes a submission's grades in several commits. Two graders of one submission (a Dask task run again
after its worker was lost while the old grader still finishes, or two instructors grading at once) would
interleave them. A PostgreSQL advisory lock, held on its own connection while nbgrader grades, makes the second
wait for the first; the server releases it when the holder's connection ends, so a killed grader never leaves it
held. SQLite gradebooks live on one machine, where `coursekit grade` hands each submission to one worker.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

__all__ = ["lock_key", "submission_lock"]

_engines: dict[str, Any] = {}


def lock_key(course_id: str, chapter: str, student: str) -> int:
    """A signed 64-bit key for pg_advisory_lock, the same on every machine (Python's hash() is not)."""
    digest = hashlib.blake2b(f"coursekit/{course_id}/{chapter}/{student}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextlib.contextmanager
def submission_lock(db_url: str, course_id: str, chapter: str, student: str) -> Iterator[None]:
    """Hold the submission's lock while the block runs (PostgreSQL); a no-op for other databases."""
    if make_url(db_url).get_backend_name() != "postgresql":
        yield
        return
    if db_url not in _engines:  # one small pool per worker: the lock's connection is reused, not reopened
        _engines[db_url] = create_engine(db_url, pool_size=1, pool_pre_ping=True)
    key = lock_key(course_id, chapter, student)
    with _engines[db_url].connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        connection.commit()  # end the implicit transaction: the lock is the session's, not the transaction's
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()
