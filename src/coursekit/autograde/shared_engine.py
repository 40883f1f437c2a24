"""One SQLAlchemy engine per gradebook in a grading worker, shared by all of nbgrader's Gradebook objects.

nbgrader opens a Gradebook several times per submission, and each one creates an engine. SQLAlchemy keeps its
cache of compiled statements on the engine, so every open compiled every query again: about a quarter of a
worker's own time. Handing nbgrader one engine per database URL keeps that cache for the worker's life.
`Gradebook.close` disposes of the engine's pooled connections, which leaves the engine and its cache usable;
sessions stay one per Gradebook, as nbgrader made them.
"""

from __future__ import annotations

from typing import Any

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
            engines[key] = original(url, **settings)
        return engines[key]

    create_engine.coursekit_shared = True  # type: ignore[attr-defined]
    nbgrader.api.create_engine = create_engine
