"""Where the browser tests put the pictures docs/ shows, and how big a PNG is."""

from __future__ import annotations

import os
import struct
from pathlib import Path

from repo import REPO

__all__ = ["pictures_folder", "png_size"]


def pictures_folder(tmp_path: Path) -> Path:
    """docs/screenshots/ when COURSEKIT_UPDATE_SCREENSHOTS=1 is set, else the test's temporary folder."""
    out = REPO / "docs" / "screenshots" if os.environ.get("COURSEKIT_UPDATE_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    return out


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height
