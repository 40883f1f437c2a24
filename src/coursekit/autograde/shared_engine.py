"""One SQLAlchemy engine per gradebook in a grading worker, shared by all of nbgrader's Gradebook objects.

nbgrader opens a Gradebook several times per submission, and each one creates an engine. SQLAlchemy keeps its
cache of compiled statements on the engine, so every open compiled every query again: about a quarter of a
worker's own time. Handing nbgrader one engine per database URL keeps that cache for the worker's life.
Sessions stay one per Gradebook, as nbgrader made them.

`Gradebook.close` disposes of the engine's pooled connections. For SQLite that closes a file. For a database
server it ends a session the server started a backend process for: about nine per submission, which cost the
PostgreSQL server more CPU than the SQL it ran (measured in benchmarks/README.md). A shared server engine keeps its
pool instead, checking each connection before use, so a connection the server dropped is replaced, not failed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url

__all__ = ["share_engines"]


def share_engines() -> None:
    """Make nbgrader's Gradebook reuse the engine it made before for the same URL and settings (in this process)."""
    import nbgrader.api

    original = nbgrader.api.create_engine
    if getattr(original, "coursekit_shared", False):
        return
    engines: dict[tuple[str, str], Any] = {}

    def create_engine(url: Any, **settings: Any) -> Any:
        key = (str(url), repr(sorted(settings.items())))
        if key not in engines:
            server = make_url(url).get_backend_name() != "sqlite"
            engine = original(url, **({"pool_pre_ping": True, **settings} if server else settings))
            if server:  # this instance's dispose only: its pooled connections last as long as the process
                engine.dispose = lambda close=True: None
            engines[key] = engine
        return engines[key]

    create_engine.coursekit_shared = True  # type: ignore[attr-defined]
    nbgrader.api.create_engine = create_engine
