"""A finger on a touch screen: Chromium's own touch input (DevTools protocol), as a tablet sends it.

The page's browser context needs `has_touch=True`. Chromium turns these touches into pointer events of type
"touch" (and never into HTML5 drag-and-drop), as on a phone or tablet.
"""

from __future__ import annotations

from playwright.sync_api import Locator

from browser.answering import drag_ends

__all__ = ["touch_drag"]

STEPS = 8


def touch_drag(source: Locator, target: Locator) -> None:
    """Put a finger on an item's label, slide it to the centre of the target, and lift it."""
    page = source.page
    (x0, y0), (x1, y1) = drag_ends(source, target)
    session = page.context.new_cdp_session(page)
    try:
        session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
        for step in range(1, STEPS + 1):
            x, y = x0 + (x1 - x0) * step / STEPS, y0 + (y1 - y0) * step / STEPS
            session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        session.detach()
