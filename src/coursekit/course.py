"""A course folder and its paths, as nbgrader lays them out (one place for every path the tools use)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

__all__ = ["Course", "Submission"]

CONFIG_FILE = "nbgrader_config.py"


@dataclass(frozen=True, order=True)
class Submission:
    """One student's submission of one chapter."""

    chapter: str
    student: str

    @property
    def label(self) -> str:
        return f"{self.chapter}/{self.student}"


@dataclass(frozen=True)
class Course:
    """The course folder: nbgrader_config.py, source/, release/, submitted/, autograded/, feedback/."""

    root: Path

    @classmethod
    def at(cls, root: str | Path) -> Course:
        path = Path(root).resolve()
        if not (path / CONFIG_FILE).is_file():
            raise FileNotFoundError(f"{path} is not a course folder: it has no {CONFIG_FILE}")
        return cls(path)

    def config(self) -> Config:
        """The course's nbgrader configuration, as nbgrader itself reads it."""
        config = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        config.CourseDirectory.root = str(self.root)
        return config

    @property
    def db_url(self) -> str:
        return str(self.config().CourseDirectory.db_url)

    @property
    def sqlite_file(self) -> Path | None:
        """The gradebook's file when it is SQLite (the default), else None."""
        url = make_url(self.db_url)
        return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None

    def has_gradebook(self) -> bool:
        """Is there a gradebook yet? (Opening a missing one would create it: an SQLite file, or nbgrader's tables
        in an empty database.)"""
        if self.sqlite_file is not None:
            return self.sqlite_file.is_file()
        from sqlalchemy import create_engine, inspect
        from sqlalchemy.exc import OperationalError

        from coursekit.errors import CoursekitError

        engine = create_engine(self.db_url)
        try:
            return "assignment" in inspect(engine).get_table_names()
        except OperationalError as error:
            shown = make_url(self.db_url).render_as_string(hide_password=True)
            reason = " ".join(str(error.orig).split())  # the driver's message spans lines
            raise CoursekitError(
                f"cannot reach the gradebook at {shown}: {reason} Check COURSEKIT_DB_URL and that the database "
                "server runs."
            ) from None
        finally:
            engine.dispose()

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def chapters(self) -> list[str]:
        """Chapters are the folders of source/ holding a notebook named like the folder."""
        if not self.source.is_dir():
            return []
        return sorted(d.name for d in self.source.iterdir() if (d / f"{d.name}.ipynb").is_file())

    def source_notebook(self, chapter: str) -> Path:
        return self.source / chapter / f"{chapter}.ipynb"

    def release_notebook(self, chapter: str) -> Path:
        return self.release / chapter / f"{chapter}.ipynb"

    def submission_folder(self, submission: Submission) -> Path:
        return self.submitted / submission.student / submission.chapter

    def autograded_folder(self, submission: Submission) -> Path:
        return self.autograded / submission.student / submission.chapter

    def submissions(self, chapters: list[str] | None = None) -> list[Submission]:
        """Every submitted/<student>/<chapter>/ folder of a known chapter, sorted."""
        wanted = set(chapters or self.chapters())
        if not self.submitted.is_dir():
            return []
        return sorted(
            Submission(chapter.name, student.name)
            for student in self.submitted.iterdir()
            if student.is_dir()
            for chapter in student.iterdir()
            if chapter.is_dir() and chapter.name in wanted
        )
