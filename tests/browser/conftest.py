"""Fixtures for the browser tests: Chromium, JupyterLab and Notebook 7 servers, the course to hand out and grade.

Everything is package-scoped: it starts once for tests/browser and stops when its last test is done, and a
final check fails the run if any server, kernel or browser process outlived it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser, Error, Page, expect, sync_playwright

from browser.grading import GradingCourse
from browser.notebook_tab import NotebookTab
from browser.server import JupyterServer, leftovers
from repo import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 1200}
# How long a Playwright action or `expect` waits for its condition before failing: a ceiling for a slow, shared
# machine (Playwright's own defaults, 30 s and 5 s, are expected durations on a fast one). Passing tests never wait it.
PATIENCE_MS = 120_000
expect.set_options(timeout=PATIENCE_MS)
FAILURE_SHOTS: list[Path] = []
SHOTS_FOLDER = pytest.StashKey[Path]()


def safe_name(node: pytest.Item) -> str:
    """A test's name usable as a folder, workspace and nbgrader student id."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", node.name).strip("-")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Screenshot the page of a failed test at once, before its fixtures shut the kernel down."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    page = getattr(item, "funcargs", {}).get("page")
    if report.failed and report.when in ("setup", "call") and isinstance(page, Page):
        folder = item.stash[SHOTS_FOLDER]
        folder.mkdir(exist_ok=True)
        path = folder / f"{safe_name(item)}.png"
        try:
            page.screenshot(path=path, full_page=True)
        except Error as error:
            report.sections.append(("browser failure screenshot", f"could not be taken: {error}"))
        else:
            FAILURE_SHOTS.append(path)
            report.sections.append(("browser failure screenshot", str(path)))


NBGRADER_FIXTURES = {"course", "essays_course"}  # nbgrader generates, autogrades (and serves formgrader) in them


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser is a browser test, and one whose course nbgrader builds or grades an nbgrader
    test too: `-m "not nbgrader and not browser"` leaves them all out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if NBGRADER_FIXTURES & set(getattr(item, "fixturenames", ())):
                item.add_marker(pytest.mark.nbgrader)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FAILURE_SHOTS:
        terminalreporter.section("browser failure screenshots")
        for path in FAILURE_SHOTS:
            terminalreporter.write_line(str(path))


@pytest.fixture(scope="package", autouse=True)
def no_process_left(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """After the browser tests, is every server, kernel and browser they started gone?"""
    yield
    marker = f"{tmp_path_factory.getbasetemp()}/"  # every server, kernel and notebook path of this run is below it
    browsers = [
        child
        for child in psutil.Process().children(recursive=True)
        if re.search(r"chrom|headless|node|playwright", child.name(), re.IGNORECASE)
    ]
    strays = {process.pid: process for process in leftovers(marker) + browsers}
    described = []
    for process in strays.values():
        try:
            described.append(f"{process.pid} {' '.join(process.cmdline())[:160]}")
            process.kill()
        except psutil.NoSuchProcess:
            continue
    assert not described, "processes outlived the browser tests (now killed):\n" + "\n".join(described)


@pytest.fixture(scope="package", autouse=True)
def chromium_installed() -> None:
    """Fail (never skip) every browser test at once, before any server starts, when Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing, and the browser tests need it. Run `make test`: it installs Chromium "
            "(scripts/ensure-system-packages.sh) before running the tests.",
            pytrace=False,
        )


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GradingCourse]:
    """The course's release notebooks to hand out, and a private nbgrader course to grade submissions in."""
    grading = GradingCourse(REPO, tmp_path_factory.mktemp("grading") / "course")
    yield grading
    grading.close()


def start_server(
    app: str, tmp_path_factory: pytest.TempPathFactory, *, theme: str | None = None
) -> Iterator[JupyterServer]:
    name = app if theme is None else f"{app}-{theme.split()[-1].lower()}"
    root = tmp_path_factory.mktemp(f"{name}-root")
    server = JupyterServer(app, root, tmp_path_factory.mktemp(f"{name}-state"), theme=theme)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """A JupyterLab server shared by the tests; each test works in its own folder (kernels are per path)."""
    yield from start_server("lab", tmp_path_factory)


@pytest.fixture(scope="package")
def lab_dark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """A JupyterLab server whose theme is JupyterLab Dark, as a student picks it in Settings ▸ Theme."""
    yield from start_server("lab", tmp_path_factory, theme="JupyterLab Dark")


@pytest.fixture(scope="package")
def notebook7(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """A Jupyter Notebook 7 server, as `jupyter notebook` starts it."""
    yield from start_server("notebook", tmp_path_factory)


@pytest.fixture
def page(chromium: Browser, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    """A fresh browser tab in its own context (no cookies, storage or cache from other tests).

    Parametrize indirectly to pass context options, e.g. {"device_scale_factor": 2}.
    """
    request.node.stash[SHOTS_FOLDER] = tmp_path_factory.getbasetemp() / "browser-failures"
    context = chromium.new_context(viewport=VIEWPORT, **getattr(request, "param", {}))  # type: ignore[arg-type]
    context.set_default_timeout(PATIENCE_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def student(request: pytest.FixtureRequest) -> str:
    """The test's student id, also the name of its folder on the server."""
    return safe_name(request.node)


@pytest.fixture
def open_notebook(page: Page) -> Iterator[Callable[[JupyterServer, Path], NotebookTab]]:
    """Open a notebook (under the server's root) in the test's tab; shut its kernel down after the test."""
    opened: list[NotebookTab] = []

    def open_(server: JupyterServer, notebook: Path) -> NotebookTab:
        opened.append(NotebookTab(page, server, notebook))
        return opened[-1].open()

    yield open_
    for tab in opened:
        tab.server.shut_down_kernels(tab.folder.relative_to(tab.server.root).as_posix())


@pytest.fixture
def open_chapter(
    open_notebook: Callable[[JupyterServer, Path], NotebookTab], course: GradingCourse, student: str
) -> Callable[[JupyterServer, str], NotebookTab]:
    """Hand a chapter out into the student's own folder on a server, and open it."""

    def open_(server: JupyterServer, chapter: str) -> NotebookTab:
        return open_notebook(server, course.hand_out(chapter, server.root / student))

    return open_
