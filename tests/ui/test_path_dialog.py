"""`w` shows the path so far: the player's own choices are marked as theirs, not put in the
mouth of the person they were talking to (issue 9, item 15)."""

from __future__ import annotations

from pathlib import Path

from kundenspiel.engine import load_scenario, play
from kundenspiel.ui.dialogs.path import PathDialog
from kundenspiel.ui.markdown import literal
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import make_app, settle
from tests.ui.test_choice_visibility import flat, screen_strips


async def test_the_path_marks_each_choice_as_the_players_own(tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIO_DIR / "druckerpatrone.yaml")
    state = play.replay(scenario, ["skript_begruessung", "historie_nachsehen"]).state
    first_node, first_choice = play.taken_choices(scenario, state)[0]
    assert first_node.speaker == "Renate Böttcher, Kundin"
    app = make_app(tmp_path / "saves")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(PathDialog(scenario, state))
        await settle(pilot)
        shown = flat(" ".join(strip.text for strip in screen_strips(app)))
    words = flat(first_choice.text)[:30]
    assert f"{first_node.speaker}: {words}" not in shown
    assert f"Gegenüber: {first_node.speaker}" in shown
    assert f"Deine Wahl: {words}" in shown
    assert shown.count("Deine Wahl:") == 2


def test_text_from_files_is_shown_as_written_not_as_markdown() -> None:
    assert (
        literal("*nicht fett* und [kein](link)\n  _so_ #1") == r"\*nicht fett\* und \[kein\](link) \_so\_ \#1"
    )
    # ESC made visible as \x1b, its backslash escaped so that Markdown shows it.
    assert literal("Name\x1b[31m") == r"Name\\x1b\[31m"
