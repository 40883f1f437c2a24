"""Chapter 3's figures: containers sharing one image, Docker's layer cache, and a multi-stage build."""

from __future__ import annotations

from collections.abc import Callable

from course_figures.svg import MUTED, Drawing

__all__ = ["FIGURES", "containers_share_an_image", "layer_cache", "multi_stage_build"]


def containers_share_an_image() -> str:
    """Three running containers, each with its own thin read/write layer, on one stack of read-only image layers."""
    drawing = Drawing(
        760,
        430,
        "Three containers share one image",
        "Three containers run from the same image. Each container has its own thin, dashed read/write container "
        "layer at the top. Below them, one image made of four read-only layers, the base image layer at the bottom, "
        "is stored once and shared by all three containers; a union file system shows the layers of each container "
        "as one file tree.",
    )
    drawing.text(24, 30, "Running containers: one per docker run", size=13, anchor="start", colour=MUTED)
    for n in range(3):
        x = 40 + n * 240
        drawing.box(x, 44, 200, 104, colour="blue")
        drawing.text(x + 100, 68, f"Container {n + 1}", size=15, weight="bold")
        drawing.box(x + 14, 84, 172, 50, ["container layer:", "thin, read/write"], colour="rose", size=13, dashed=True)
        drawing.arrow([(x + 100, 148), (x + 100, 190)], colour=MUTED)
    drawing.box(40, 196, 680, 200, colour="grey")
    drawing.text(56, 220, "Image: read-only layers, stored once and shared", size=14, anchor="start", weight="bold")
    layers = [
        "Layer 4: files added by another Dockerfile line",
        "Layer 3: files added by another Dockerfile line",
        "Layer 2: files added by a Dockerfile line",
        "Layer 1: the base image (operating system files)",
    ]
    for n, label in enumerate(layers):
        drawing.box(60, 234 + n * 38, 640, 32, label, colour="green" if n < 3 else "amber", size=13)
    drawing.text(
        380, 418, "A union file system shows each container the layers as one file tree", size=12, colour=MUTED
    )
    return drawing.render()


def _cache_column(drawing: Drawing, x: float, edited: int, heading: str, result: str) -> None:
    """Five Dockerfile lines top to bottom: reused above the edited line, rebuilt from it on."""
    drawing.text(x + 150, 40, heading, size=14, weight="bold")
    for line in range(1, 6):
        y = 56 + (line - 1) * 46
        if line < edited:
            colour, label = "green", f"Line {line}: layer reused from the cache"
        elif line == edited:
            colour, label = "rose", f"Line {line}, edited: layer rebuilt"
        else:
            colour, label = "amber", f"Line {line}: layer rebuilt"
        drawing.box(x, y, 300, 38, label, colour=colour, size=13, dashed=line == edited)
    drawing.text(x + 150, 306, result, size=13, colour=MUTED, italic=True)


def layer_cache() -> str:
    """The same five-line Dockerfile edited near its top and near its bottom, and which layers each edit rebuilds."""
    drawing = Drawing(
        760,
        330,
        "Which layers an edit rebuilds",
        "Two copies of a five-line Dockerfile. On the left, line 2 is edited: line 1's layer is reused from the "
        "cache, and the layers of lines 2 to 5 are all rebuilt. On the right, line 5 is edited: the layers of lines "
        "1 to 4 are reused, and only line 5's layer is rebuilt.",
    )
    _cache_column(drawing, 40, 2, "An edit near the top", "4 of 5 layers rebuilt")
    _cache_column(drawing, 420, 5, "An edit near the bottom", "1 of 5 layers rebuilt")
    return drawing.render()


def multi_stage_build() -> str:
    """A build stage with the tools, a final stage with the program only, and the registry the final image goes to."""
    drawing = Drawing(
        760,
        280,
        "A multi-stage build",
        "A first stage, the build stage, holds the compiler, the build tools, the source code and intermediate "
        "files; it is discarded after the build. Only the built program is copied from it into the second, final "
        "stage, a small runtime image, which is pushed to a container registry and run in production.",
    )
    drawing.box(24, 44, 250, 170, colour="amber")
    drawing.text(149, 70, "Stage 1: build", size=15, weight="bold")
    drawing.text(149, 100, ["compiler, build tools", "source code", "intermediate files", "the built program"], size=13)
    drawing.text(149, 240, "thrown away after the build", size=12, colour=MUTED, italic=True)
    drawing.arrow([(274, 129), (340, 129)], colour=MUTED)
    drawing.text(307, 112, "copy", size=12, colour=MUTED, italic=True)
    drawing.box(344, 64, 210, 130, colour="green")
    drawing.text(449, 92, "Stage 2: final image", size=15, weight="bold")
    drawing.text(449, 122, ["small runtime", "the built program", "nothing else"], size=13)
    drawing.text(449, 240, "what runs in production", size=12, colour=MUTED, italic=True)
    drawing.arrow([(554, 129), (600, 129)], colour=MUTED)
    drawing.text(577, 112, "push", size=12, colour=MUTED, italic=True)
    drawing.box(604, 84, 136, 90, ["Container", "registry", "(e.g. gcr.io)"], colour="blue", size=13)
    return drawing.render()


FIGURES: dict[str, Callable[[], str]] = {
    "ch03-containers-share-an-image": containers_share_an_image,
    "ch03-layer-cache": layer_cache,
    "ch03-multi-stage-build": multi_stage_build,
}
