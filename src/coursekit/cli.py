"""The `coursekit` command line: a thin layer over plain functions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _exercises(args: argparse.Namespace) -> int:
    from coursekit.listing import NotebookError, list_exercises

    try:
        exercises = list_exercises(args.notebook)
    except NotebookError as error:
        print(f"coursekit exercises: {error}", file=sys.stderr)
        return 2
    print(json.dumps(exercises, indent=2, ensure_ascii=False))
    return 0


def _release(args: argparse.Namespace) -> int:
    from coursekit.release import ReleaseError, release

    try:
        built = release(course_root=Path(args.course), chapters=args.chapter or ())
    except ReleaseError as error:
        print(f"coursekit release: {error}", file=sys.stderr)
        return 2
    for notebook in built:
        print(f"released {notebook}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coursekit", description="Interactive exercises graded with nbgrader."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    listing = commands.add_parser("exercises", help="list a notebook's exercises as JSON (never keys)")
    listing.add_argument("notebook", help="a source or release notebook")
    listing.set_defaults(run=_exercises)
    releasing = commands.add_parser("release", help="regenerate release/ from source/ with nbgrader")
    releasing.add_argument("chapter", nargs="*", help="chapters to release (default: all)")
    releasing.add_argument("--course", default=".", help="course folder (default: the current one)")
    releasing.set_defaults(run=_release)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
