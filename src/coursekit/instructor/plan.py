"""The course plan: docs/chapters.md and the README's chapter table, generated from the chapter notebooks.

Chapters, titles, exercises and points come from source/<chapter>/<chapter>.ipynb. The few facts a notebook
cannot state about itself (the seed text it is written from, the chapter an essays assignment is due before, the
least number of autograded exercises a chapter has, notes on the seeds) are declared in one file at the course
root, course_plan.toml, which may be absent. `coursekit plan --write` renders both files from the two.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from coursekit.course import Course
from coursekit.errors import CoursekitError
from coursekit.notebooks.listing import heading_title, list_exercises, read_notebook, split_heading

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: tomli is the same parser under its former name
    import tomli as tomllib

__all__ = [
    "BEGIN",
    "CHAPTERS_PAGE",
    "END",
    "PLAN_FILE",
    "README",
    "ChapterPlan",
    "ChapterSummary",
    "Plan",
    "PlanError",
    "course_order",
    "generated_files",
    "read_plan",
    "render_page",
    "render_table",
    "stale_files",
    "summarize",
    "write_plan",
]

PLAN_FILE = "course_plan.toml"
CHAPTERS_PAGE = Path("docs") / "chapters.md"
README = Path("README.md")
BEGIN, END = "<!-- chapters:begin -->", "<!-- chapters:end -->"  # the README's generated region, markers kept
WRITE = "coursekit plan --write"
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "static"),
    autoescape=False,  # markdown, not HTML; table cells are escaped by the `cell` filter
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    keep_trailing_newline=True,
)
_TEMPLATES.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")


class PlanError(CoursekitError):
    """course_plan.toml cannot be read, or disagrees with source/; the message says where."""


@dataclass(frozen=True)
class ChapterPlan:
    """What the plan file declares about one chapter (both optional)."""

    seed: str = ""
    due_before: str = ""  # for an essays assignment: the chapter whose reading would give its answers away


@dataclass(frozen=True)
class Plan:
    """The whole plan file; an absent file is the empty plan."""

    chapters: dict[str, ChapterPlan] = field(default_factory=dict)
    min_autograded: int = 0
    notes: list[str] = field(default_factory=list)

    def of(self, chapter: str) -> ChapterPlan:
        return self.chapters.get(chapter, ChapterPlan())


def read_plan(course: Course) -> Plan:
    """The course's plan file, checked against source/: unknown keys or chapters are errors, not ignored."""
    path = course.root / PLAN_FILE
    if not path.is_file():
        return Plan()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PlanError(f"{PLAN_FILE}: {error}") from None
    _known_keys(data, {"min_autograded", "notes", "chapters"}, PLAN_FILE)
    known = course.chapters()
    chapters = {}
    for name, entry in data.get("chapters", {}).items():
        where = f"{PLAN_FILE} [chapters.{name}]"
        if name not in known:
            raise PlanError(f"{where}: no such chapter (no source/{name}/{name}.ipynb); chapters: {', '.join(known)}")
        _known_keys(entry, {"seed", "due_before"}, where)
        plan = ChapterPlan(seed=str(entry.get("seed", "")), due_before=str(entry.get("due_before", "")))
        if plan.due_before and (plan.due_before not in known or plan.due_before == name):
            raise PlanError(f"{where}: due_before = {plan.due_before!r} is not another chapter of the course")
        chapters[name] = plan
    minimum, notes = data.get("min_autograded", 0), data.get("notes", [])
    if not isinstance(minimum, int) or minimum < 0:
        raise PlanError(f"{PLAN_FILE}: min_autograded must be a whole number, not {minimum!r}")
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        raise PlanError(f"{PLAN_FILE}: notes must be a list of strings")
    return Plan(chapters=chapters, min_autograded=minimum, notes=notes)


def _known_keys(table: Any, allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed) if isinstance(table, dict) else ["(not a table)"]
    if unknown:
        raise PlanError(f"{where}: unknown {', '.join(unknown)}; known: {', '.join(sorted(allowed))}")


def course_order(course: Course, plan: Plan) -> list[str]:
    """The chapters in the order students meet them: by name, each essays assignment just before its chapter."""
    chapters = course.chapters()
    early = {name: plan.of(name).due_before for name in chapters if plan.of(name).due_before}
    order: list[str] = []
    for name in chapters:
        if name not in early:
            order += [essays for essays, before in early.items() if before == name] + [name]
    return order + [name for name in early if name not in order]  # due before another essays assignment


@dataclass(frozen=True)
class ChapterSummary:
    """One chapter as the plan pages show it."""

    name: str
    heading: str  # the notebook's title line, label included: "1. MLOps in a Nutshell"
    plan: ChapterPlan
    exercises: list[dict[str, Any]]

    @property
    def title(self) -> str:
        return heading_title(f"# {self.heading}") or self.name

    def count(self, written: bool) -> int:
        return sum(1 for e in self.exercises if (e["kind"] == "written") == written)

    def points(self, written: bool) -> float:
        return sum(float(e["points"]) for e in self.exercises if (e["kind"] == "written") == written)


def summarize(course: Course, plan: Plan) -> list[ChapterSummary]:
    """Every chapter in course order, read from its source notebook (never its keys)."""
    summaries = []
    for name in course_order(course, plan):
        path = course.source_notebook(name)
        cells = [cell for cell in read_notebook(path).cells if cell.cell_type == "markdown"]
        level, heading, _ = split_heading(cells[0].source) if cells else (0, "", "")
        summaries.append(ChapterSummary(name, heading if level else name, plan.of(name), list_exercises(path)))
    return summaries


def _number(value: float) -> str:
    return f"{value:g}"


def _render(template: str, course: Course) -> str:
    plan = read_plan(course)
    chapters = summarize(course, plan)

    def total(written: bool) -> float:
        return sum(chapter.points(written) for chapter in chapters)

    return _TEMPLATES.get_template(template).render(chapters=chapters, plan=plan, number=_number, total=total)


def render_page(course: Course) -> str:
    """docs/chapters.md: each chapter's exercises with id, kind and points, the totals, and the plan's notes."""
    return _render("chapters.md.j2", course)


def render_table(course: Course) -> str:
    """The README's chapter table (what goes between its markers)."""
    return _render("readme_chapters.md.j2", course)


def generated_files(course: Course) -> dict[Path, str]:
    """Each generated file's path (relative to the course) and the text it should hold. The README counts only
    when it holds the markers: a course without them has no table to keep."""
    files = {CHAPTERS_PAGE: render_page(course)}
    readme = course.root / README
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        files[README] = f"{head}{BEGIN}\n{render_table(course)}{END}{tail}"
    return files


def stale_files(*, course_root: Path) -> list[str]:
    """One line per generated file that differs from what the plan gives, naming it and the command to run."""
    course = Course(course_root.resolve())
    return [
        f"{path} is out of date: run `{WRITE}`"
        for path, wanted in generated_files(course).items()
        if not (course.root / path).is_file() or (course.root / path).read_text(encoding="utf-8") != wanted
    ]


def write_plan(*, course_root: Path) -> list[Path]:
    """Rewrite the generated files that changed; return them."""
    course = Course(course_root.resolve())
    written = []
    for path, wanted in generated_files(course).items():
        target = course.root / path
        if not target.is_file() or target.read_text(encoding="utf-8") != wanted:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(wanted, encoding="utf-8")
            written.append(path)
    return written
