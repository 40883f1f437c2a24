"""axe-core's WCAG 2.1 A and AA checks (axe-core bundled by PyPI's axe-playwright-python, nothing fetched),
on a whole page or only on our exercise widgets, reported rule by rule with the elements that break each."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

__all__ = ["WCAG_21_AA", "WIDGET_ROOTS", "describe", "violations"]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDGET_ROOTS = "[data-exercise]"  # the root of every exercise widget; the Jupyter front-end's own chrome is not ours


def describe(found: list[dict[str, Any]]) -> str:
    """One paragraph per broken rule: its id, impact and help, then each element (selector, HTML, what to fix)."""
    lines = []
    for rule in found:
        lines.append(f"{rule['id']} ({rule.get('impact') or 'no impact given'}): {rule['help']} <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            lines.append(f"  at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def violations(page: Page, *, include: str | None = None) -> str:
    """Every WCAG 2.1 A or AA violation on the page, or only inside the elements `include` selects; "" if none.

    axe reports an empty selection as a violation-free page, so a caller scoping to widgets first checks that
    they are there.
    """
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=include, options=options)  # a selector: every match
    return describe(results.response["violations"])
