"""coursekit: interactive exercises whose answers survive nbgrader's autograding.

Widgets are imported on first use, so hidden tests (`coursekit.scoring`) and the command line start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from coursekit.scoring.kinds import KINDS

if TYPE_CHECKING:
    from coursekit.student.selfcheck import check
    from coursekit.student.widgets import Buckets, FillIn, MultipleChoice, Ordering, SingleChoice

__all__ = [
    "Buckets",
    "FillIn",
    "MultipleChoice",
    "Ordering",
    "SingleChoice",
    "__version__",
    "check",
]
__version__ = "0.2.0"

_LAZY = {kind.widget: kind.widget_module for kind in KINDS.values()} | {"check": "coursekit.student.selfcheck"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'coursekit' has no attribute {name!r}")
