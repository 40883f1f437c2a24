"""A small SVG builder for the course's figures: boxes, text and arrows on a light card.

Figures are drawn by code so they can be changed like the text around them and carry no downloaded asset. Each
figure is a white card with dark ink, so it reads the same in JupyterLab's light and dark themes, and carries a
title and a description for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

__all__ = ["INK", "MUTED", "PALETTE", "Drawing"]

INK = "#1f2933"
MUTED = "#52606d"
# Fill and stroke pairs with enough contrast for INK text (WCAG AA) on every fill.
PALETTE = {
    "blue": ("#dbeafe", "#1d4ed8"),
    "green": ("#dcfce7", "#15803d"),
    "amber": ("#fef3c7", "#b45309"),
    "rose": ("#ffe4e6", "#be123c"),
    "violet": ("#ede9fe", "#6d28d9"),
    "grey": ("#f1f5f9", "#475569"),
}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
LINE = 1.3  # line height, in font sizes


@dataclass
class Drawing:
    """One figure: `width` x `height` user units, with a title and a description for assistive technology."""

    width: int
    height: int
    title: str
    description: str
    _parts: list[str] = field(default_factory=list)

    def text(
        self,
        x: float,
        y: float,
        lines: str | list[str],
        *,
        size: float = 14,
        anchor: str = "middle",
        weight: str = "normal",
        colour: str = INK,
        italic: bool = False,
    ) -> None:
        """Text whose first line's baseline is at y; several lines stack downwards."""
        rows = [lines] if isinstance(lines, str) else lines
        style = ' font-style="italic"' if italic else ""
        spans = "".join(
            f'<tspan x="{x:g}" dy="{0 if n == 0 else size * LINE:g}">{escape(row)}</tspan>'
            for n, row in enumerate(rows)
        )
        self._parts.append(
            f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" text-anchor="{anchor}" font-weight="{weight}"'
            f' fill="{colour}"{style}>{spans}</text>'
        )

    def box(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        lines: str | list[str] | None = None,
        *,
        colour: str = "grey",
        size: float = 14,
        weight: str = "normal",
        dashed: bool = False,
    ) -> None:
        """A rounded box in a palette colour, its text centred in it."""
        fill, stroke = PALETTE[colour]
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        self._parts.append(
            f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" rx="8" fill="{fill}"'
            f' stroke="{stroke}" stroke-width="2"{dash}/>'
        )
        rows = [lines] if isinstance(lines, str) else list(lines or [])
        if rows:
            block = size * LINE * (len(rows) - 1)
            first = y + height / 2 - block / 2 + size * 0.35
            self.text(x + width / 2, first, rows, size=size, weight=weight)

    def arrow(
        self, points: list[tuple[float, float]], *, colour: str = MUTED, dashed: bool = False, label: str = ""
    ) -> None:
        """A line through `points` with an arrowhead at the last one, and an optional label at its middle."""
        path = " ".join(f"{'M' if n == 0 else 'L'}{x:g},{y:g}" for n, (x, y) in enumerate(points))
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        self._parts.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash} marker-end="url(#head)"/>'
        )
        if label:
            (x1, y1), (x2, y2) = points[len(points) // 2 - 1], points[len(points) // 2]
            self.text((x1 + x2) / 2, (y1 + y2) / 2 - 8, label, size=12, colour=MUTED, italic=True)

    def render(self) -> str:
        """The figure as a standalone SVG document."""
        head = (
            '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8"'
            f' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{MUTED}"/></marker></defs>'
        )
        card = f'<rect width="{self.width}" height="{self.height}" rx="12" fill="#ffffff" stroke="#cbd2d9"/>'
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" width="{self.width}"'
            f' height="{self.height}" role="img" aria-labelledby="title desc" font-family="{FONT}">'
            f'<title id="title">{escape(self.title)}</title><desc id="desc">{escape(self.description)}</desc>'
            f"{head}{card}{''.join(self._parts)}</svg>\n"
        )
