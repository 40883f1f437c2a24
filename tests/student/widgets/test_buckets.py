"""Buckets: synced state, saving, restoring, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import traitlets

from coursekit import Buckets

ITEMS = [
    "Model selection",
    "Monitoring",
    "Data Labelling",
    "Model Deployment",
    "Model Training",
    "Model maintenance",
]


def make(exercise_id: str = "ch01.ml-workflows") -> Buckets:
    return Buckets(exercise_id, buckets=["ML Development", "Operations"], items=ITEMS)


def test_synced_state(workdir: Path) -> None:
    """Does the front end receive the id, buckets, all items, an empty answer and a status?"""
    state = make().get_state()
    assert state["exercise_id"] == "ch01.ml-workflows"
    assert state["buckets"] == ["ML Development", "Operations"]
    assert sorted(state["items"]) == sorted(ITEMS)
    assert state["value"] == {}
    assert state["status"] == "0 of 6 items placed."
    assert state["problem"] == ""
    assert "render" in state["_esm"] and "ck-exercise" in state["_css"]


def test_display_order_is_fixed_by_id_not_by_author(workdir: Path) -> None:
    """Is the display order the same on every run for one id, and different from the author's order?"""
    for index in range(20):
        shown = make(f"ch01.b{index}").items
        assert sorted(shown) == sorted(ITEMS)
        assert shown != ITEMS, f"ch01.b{index} shows the items as the author wrote them"
        assert make(f"ch01.b{index}").items == shown  # a new widget for the same id (a restart): the same order
    # on every run, on any machine: the order depends on the id alone (not on hash seeds or the process)
    assert make("ch01.ml-workflows").items == [
        "Model selection",
        "Model Training",
        "Monitoring",
        "Model maintenance",
        "Data Labelling",
        "Model Deployment",
    ]


def test_value_is_saved_and_restored_after_restart(workdir: Path) -> None:
    """Does an answer set like an interaction land in answers.json and show again in a new widget?"""
    widget = make()
    widget.value = {
        "Operations": ["Monitoring"],
        "ML Development": ["Model Training", "Model selection"],
    }
    saved = json.loads((workdir / "answers.json").read_text())
    assert saved == {
        "ch01.ml-workflows": {
            "ML Development": ["Model Training", "Model selection"],
            "Operations": ["Monitoring"],
        }
    }
    again = make()
    assert again.value == saved["ch01.ml-workflows"]
    assert again.status == "3 of 6 items placed."


def test_empty_buckets_are_dropped(workdir: Path) -> None:
    """Are unplaced items absent and empty buckets left out of the stored answer?"""
    widget = make()
    widget.value = {"ML Development": [], "Operations": ["Monitoring"]}
    assert widget.value == {"Operations": ["Monitoring"]}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"Operations": ["Coffee"]}, "unknown item 'Coffee'"),
        ({"Kitchen": ["Monitoring"]}, "unknown bucket 'Kitchen'"),
        ({"Operations": ["Monitoring"], "ML Development": ["Monitoring"]}, "is in two buckets"),
        ({"Operations": "Monitoring"}, "must be a list"),
    ],
)
def test_invalid_values_raise_clear_errors(workdir: Path, value: dict[str, object], message: str) -> None:
    """Does an unknown item or bucket raise a TraitError that says what is wrong, saving nothing?"""
    widget = make()
    with pytest.raises(traitlets.TraitError, match=message):
        widget.value = value
    assert not (workdir / "answers.json").exists()


def test_bad_construction_is_refused(workdir: Path) -> None:
    """Are repeated items and a malformed id refused when the exercise is written?"""
    with pytest.raises(ValueError, match="repeated: a"):
        Buckets("ch01.x", buckets=["A"], items=["a", "a"])
    with pytest.raises(ValueError, match="exercise id"):
        Buckets("ch01 x", buckets=["A"], items=["a"])


def test_stale_saved_answer_warns_and_is_kept(workdir: Path) -> None:
    """When a saved answer no longer fits (item renamed), is it reported and left in the file?"""
    (workdir / "answers.json").write_text(json.dumps({"ch01.ml-workflows": {"Operations": ["Old item"]}}))
    with pytest.warns(UserWarning, match="no longer fits"):
        widget = make()
    assert widget.value == {}
    assert "Old item" in (workdir / "answers.json").read_text()


def test_static_views_show_the_answer(workdir: Path) -> None:
    """Do text/plain and text/html (used by nbconvert and feedback) show the saved answer?"""
    widget = make()
    widget.value = {"Operations": ["Monitoring"]}
    data, _ = widget._repr_mimebundle_()
    assert data["text/plain"] == "ch01.ml-workflows: Operations: Monitoring"
    assert "<strong>Operations</strong>: Monitoring" in data["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in data
