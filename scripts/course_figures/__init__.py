"""The course's figures, by the name a notebook's markdown shows them under: `![alt text](attachment:NAME.svg)`.

Each chapter's figures live in a module of their own (`ch02.py`, ...) holding `FIGURES`, a dict from name to a
function that draws the figure as SVG text; every `ch*` module here is collected.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

__all__ = ["FIGURES"]


def _collect() -> dict[str, Callable[[], str]]:
    figures: dict[str, Callable[[], str]] = {}
    for module in sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith("ch")):
        for name, draw in importlib.import_module(f"{__name__}.{module}").FIGURES.items():
            if name in figures:
                raise ValueError(f"two figures are named {name!r}; names are shared by the whole course")
            figures[name] = draw
    return figures


FIGURES = _collect()
