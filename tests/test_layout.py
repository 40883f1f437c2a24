"""The package's layout: each module in the part where it runs, the kernel side light, every named path importable."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit.autograde.pool import worker_command
from coursekit.autograde.sandbox import sandbox_config
from coursekit.autograde.sandbox.forked import template_argv
from coursekit.autograde.sandbox.launcher import bwrap_command, template_command
from repo import REPO

PACKAGE = REPO / "src" / "coursekit"
TOP_LEVEL = {"__init__.py", "cli.py", "cli_parser.py", "errors.py", "course.py", "nbgrader_run.py"}
PARTS = {"student", "scoring", "notebooks", "autograde", "instructor"}
KERNEL_SIDE = ("coursekit.student", "coursekit.scoring")
# what a student's kernel must never load: slow to import, or the instructor's side of the course
HEAVY = ("nbgrader", "matplotlib", "sqlalchemy", "coursekit.autograde", "coursekit.instructor", "coursekit.notebooks")
MAX_LINES = 250


def is_heavy(module: str) -> bool:
    return any(module == heavy or module.startswith(f"{heavy}.") for heavy in HEAVY)


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_part() -> None:
    """Is each module either one of the few top-level ones or inside one of the five parts?"""
    top = {path.name for path in PACKAGE.glob("*.py")}
    assert top == TOP_LEVEL
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"}
    assert folders == PARTS
    for folder in PACKAGE.rglob("*"):
        assets = "static" in folder.relative_to(PACKAGE).parts  # scripts, styles and templates, not Python
        if folder.is_dir() and folder.name != "__pycache__" and not assets:
            assert (folder / "__init__.py").is_file(), f"{folder} is not a package"


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_module_is_small_and_says_what_it_is(path: Path) -> None:
    """Does each module open with a docstring, stay within 250 lines and, if it defines names, list them?"""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES
    defines = any(isinstance(node, (ast.FunctionDef, ast.ClassDef)) for node in tree.body)
    names = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    if defines:
        assert "__all__" in names, f"{path.name} defines functions or classes but has no __all__"


@pytest.mark.parametrize("part", KERNEL_SIDE)
def test_kernel_side_never_imports_the_instructor_side(part: str) -> None:
    """Do student/ and scoring/ name no nbgrader, matplotlib, database or instructor-side module in their code?"""
    folder = PACKAGE / part.split(".")[1]
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not is_heavy(name), f"{path} imports {name}"


def test_kernel_side_loads_nothing_heavy_in_a_fresh_interpreter() -> None:
    """After what a chapter runs (import coursekit, every widget, check, the store, hidden tests' grading
    calls), has a fresh interpreter loaded none of nbgrader, matplotlib, sqlalchemy or the instructor side?"""
    code = (
        "import json, sys\n"
        "import coursekit\n"
        "from coursekit import Buckets, FillIn, MultipleChoice, Ordering, SingleChoice, check\n"
        "from coursekit.student.answers import save_answer\n"
        "from coursekit.scoring import grade_buckets, grade_fill_in\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout)
    assert "coursekit.student.widgets.buckets" in loaded and "coursekit.scoring.grading" in loaded
    heavy = [name for name in loaded if is_heavy(name)]
    assert heavy == []


def named_paths() -> list[str]:
    """Every dotted coursekit path that a config, a kernelspec, the worker pool or a notebook names."""
    config = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    paths = set(re.findall(r"[\"'](coursekit(?:\.\w+)+)[\"']", config))
    for folder in ("source", "release"):
        for notebook_path in sorted((REPO / folder).glob("*/*.ipynb")):
            for cell in nbformat.read(notebook_path, as_version=4).cells:
                if cell.cell_type == "code":
                    for module, names in re.findall(r"from (coursekit[\w.]*) import ([\w, ]+)", cell.source):
                        paths.update(f"{module}.{name.strip()}" for name in names.split(","))
    return sorted(paths)


def launched_modules(tmp_path: Path) -> list[str]:
    """The modules that `python -m` runs for a grading worker, both kinds of grading kernel and the sandbox."""
    commands = [worker_command(REPO, sandbox=True), worker_command(REPO, sandbox=False)]
    connection_file = tmp_path / "kernel.json"
    connection_file.write_text(json.dumps({"ip": str(tmp_path / "ipc" / "kernel")}))
    commands.append(bwrap_command(connection_file=connection_file, folder=tmp_path, readonly=[], python="python"))
    commands.append(template_argv(3, tmp_path, tmp_path))
    settings = json.dumps({"readonly": []})
    commands.append(template_command(descriptor=3, home=tmp_path, folders=tmp_path, settings=settings, python="python"))
    for sandboxed in (True, False):
        home = tmp_path / f"kernels-{sandboxed}"
        home.mkdir()
        sandbox_config(home, sandboxed=sandboxed)
        commands.append(json.loads((home / "kernels" / "coursekit-grading" / "kernel.json").read_text())["argv"])
    return [command[command.index("-m") + 1] for command in commands]


def test_every_named_path_imports(tmp_path: Path) -> None:
    """Does every dotted path that nbgrader_config.py, a kernelspec, the worker pool or a chapter names import?"""
    paths = named_paths()
    assert "coursekit.instructor.plugins.PerDayLatePenalty" in paths and "coursekit.scoring.grade_buckets" in paths
    for path in paths:
        module, _, name = path.rpartition(".")
        try:
            target = importlib.import_module(path)
        except ModuleNotFoundError:
            target = getattr(importlib.import_module(module), name)
        assert target is not None, path
    launched = launched_modules(tmp_path)
    assert set(launched) == {
        "coursekit.autograde.worker", "coursekit.autograde.sandbox.launcher", "coursekit.autograde.sandbox.kernel",
        "coursekit.autograde.sandbox.template",
    }  # fmt: skip
    for module in launched:
        assert importlib.util.find_spec(module) is not None, module
