"""The exporter nbgrader's generate_feedback renders pages with (GenerateFeedback.exporter_class).

It is nbconvert's HTMLExporter with coursekit's feedback template, whichever template nbgrader asks for:
formgrader's "Generate feedback" button sets HTMLExporter.template_name to nbgrader's own, and a setting of this
class's section outranks that. Pages carry their styles inline and load nothing, so they work offline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter
from traitlets.config import Config

__all__ = ["TEMPLATES", "FeedbackPage"]

TEMPLATES = Path(__file__).parent / "static"
TEMPLATE = "coursekit_feedback"


class FeedbackPage(HTMLExporter):
    def __init__(self, config: Config | None = None, **kwargs: Any) -> None:
        merged = Config(config) if config is not None else Config()
        merged.merge(
            Config(
                {
                    type(self).__name__: {
                        "template_name": TEMPLATE,
                        "extra_template_basedirs": [str(TEMPLATES)],
                        "exclude_input_prompt": True,
                        "exclude_output_prompt": True,
                    }
                }
            )
        )
        super().__init__(config=merged, **kwargs)  # type: ignore[no-untyped-call]  # nbconvert is untyped here
