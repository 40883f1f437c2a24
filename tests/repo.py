"""The project's own folder, for tests that copy its course (config, source/, release/) or read its docs."""

from pathlib import Path

__all__ = ["REPO"]

REPO = Path(__file__).resolve().parents[1]
