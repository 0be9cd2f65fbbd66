"""A saved playthrough stays valid through wording fixes, not through changes of how it plays."""

from __future__ import annotations

import pytest

from kundenspiel.engine import Scenario
from kundenspiel.engine.fingerprint import content_fingerprint, fits, structure_fingerprint
from tests.conftest import CheckText


def scenario_of(check_text: CheckText, text: str) -> Scenario:
    result = check_text(text)
    assert result.scenario is not None, [str(d) for d in result.diagnostics]
    return result.scenario


def before_and_after(check_text: CheckText, text: str, change: tuple[str, str]) -> tuple[Scenario, Scenario]:
    old, new = change
    assert old in text
    return scenario_of(check_text, text), scenario_of(check_text, text.replace(old, new, 1))


WORDING_FIXES = {
    "a typo in a situation": ("ist nach einer Woche kaputt", "ist nach einer einzigen Woche kaputt"),
    "an option's wording": (
        "Sofort einen neuen Wasserkocher geben.",
        "Gleich einen neuen Wasserkocher geben.",
    ),
    "feedback": ("Sie wirkt schon etwas ruhiger.", "Sie wirkt ruhiger."),
    "coaching": ("Echtes Zuhören ist selbst schon Kundenerlebnis.", "Zuhören ist schon Kundenerlebnis."),
    "the title": ('title: "Die Reklamation"', 'title: "Die Reklamation am Montag"'),
    "a lock's reason": ("darf nur die Filialleitung freigeben.", "gibt nur die Filialleitung frei."),
    "a version bump": ("version: 1", "version: 2"),
    "a competency's label": ('zuhoeren: "Zuhören"', 'zuhoeren: "Aktiv zuhören"'),
}

PLAY_CHANGES = {
    "an effect": ("effects: {vertrauen: +20}", "effects: {vertrauen: +25}"),
    "a condition": ('condition: "befugnis >= 50"', 'condition: "befugnis >= 40"'),
    "a target": (
        "        competencies: [zuhoeren]\n        next: leitung",
        "        competencies: [zuhoeren]\n        next: ende_schlecht",
    ),
    "a competency tag": ("competencies: [entscheiden]", "competencies: [zuhoeren]"),
    "a start meter": ("vertrauen: 40\n", "vertrauen: 45\n"),
    "an ending's rating": ("    rating: gescheitert", "    rating: gemischt"),
}


@pytest.mark.parametrize("change", WORDING_FIXES.values(), ids=WORDING_FIXES.keys())
def test_a_wording_fix_keeps_saved_runs_valid(
    check_text: CheckText, mini_text: str, change: tuple[str, str]
) -> None:
    before, after = before_and_after(check_text, mini_text, change)
    assert content_fingerprint(before) != content_fingerprint(after)
    assert after.fingerprint() == before.fingerprint()
    assert fits(before.fingerprint(), after)


@pytest.mark.parametrize("change", PLAY_CHANGES.values(), ids=PLAY_CHANGES.keys())
def test_a_change_of_how_it_plays_marks_saved_runs(
    check_text: CheckText, mini_text: str, change: tuple[str, str]
) -> None:
    before, after = before_and_after(check_text, mini_text, change)
    assert after.fingerprint() != before.fingerprint()
    assert not fits(before.fingerprint(), after)


def test_reordering_nodes_and_options_keeps_saved_runs_valid(mini: Scenario) -> None:
    shuffled = mini.model_copy(
        update={
            "nodes": [
                node.model_copy(update={"choices": list(reversed(node.choices))})
                for node in reversed(mini.nodes)
            ],
            "endings": list(reversed(mini.endings)),
        }
    )
    assert structure_fingerprint(shuffled) == structure_fingerprint(mini)


def test_saves_from_before_structural_fingerprints_still_fit_an_unchanged_scenario(
    check_text: CheckText, mini_text: str
) -> None:
    scenario = scenario_of(check_text, mini_text)
    legacy = content_fingerprint(scenario)
    assert not legacy.startswith("s1:")
    assert fits(legacy, scenario)
    fixed = scenario_of(check_text, mini_text.replace("kaputt", "defekt", 1))
    # A save of the old kind recorded the wording too, so a later fix cannot be told apart.
    assert not fits(legacy, fixed)
