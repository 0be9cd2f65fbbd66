"""A scenario whose reactions and routes depend on earlier decisions, for the debrief's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kundenspiel.engine import GameState, Scenario, play

# The reaction to asking for authority depends on an earlier decision (feedback_when), and so
# does where it leads (next_when): the debrief must show what it would have been on *this* path.
ROUTES = """\
id: routen
version: 1
title: "Die Reklamation mit Folgen"
summary: "Eine Kundin reklamiert einen defekten Wasserkocher."
role: "Du stehst an der Servicetheke eines Elektromarkts."
sources:
  - {article: "Temporäre Partnerschaft", author: "Kaduk & Osmetz", date: 2024-07-26}
learning_goals: ["Du holst dir die Befugnis, die du für die Kundin brauchst."]
flags:
  zugehoert: "Der Kundin zugehört"
start:
  node: theke
  meters: {motivation: 60, vertrauen: 40, befugnis: 20}
scoring:
  weights: {vertrauen: 2, befugnis: 0.5}
  ending_share: 0.35
nodes:
  - id: theke
    speaker: "Frau Demir, Kundin"
    text: "„Der Wasserkocher ist nach einer Woche kaputt.“"
    choices:
      - id: umtauschen
        text: "Sofort einen neuen Wasserkocher geben."
        condition: "befugnis >= 50"
        locked_reason: "Umtausch ohne Prüfung darf nur die Filialleitung freigeben."
        next: ende_gut
      - id: nachfragen
        text: "„Erzählen Sie mir, was genau passiert ist.“"
        effects: {vertrauen: +5, motivation: +5}
        set_flags: [zugehoert]
        feedback: "Sie erzählt. Sie wirkt schon etwas ruhiger."
        next: leitung
      - id: weitergehen
        text: "Wortlos die Filialleiterin holen."
        effects: {motivation: -5}
        feedback: "Frau Demir sieht dir verwundert nach."
        next: leitung
      - id: vertroesten
        text: "„Da müssen Sie sich an den Hersteller wenden.“"
        effects: {vertrauen: -50}
        feedback: "„Dann kaufe ich hier nichts mehr.“ Sie geht."
        next: ende_schlecht
  - id: leitung
    text: "Die *Filialleiterin* ist gerade da. Sie hört kurz zu."
    choices:
      - id: befugnis_erbitten
        text: "„Darf ich so etwas künftig selbst entscheiden?“"
        effects: {befugnis: +40}
        feedback: "Sie überlegt."
        feedback_when:
          - condition: "zugehoert"
            text: "„Sie haben gut zugehört – bis 50 Euro entscheidest du ab heute selbst.“"
            otherwise: "„Erst zuhören, dann fragen.“"
        next: theke_zwei
        next_when:
          - {condition: "nicht zugehoert", next: ende_gemischt}
      - id: abgeben
        text: "Die Kundin an die Filialleiterin abgeben."
        effects: {vertrauen: +5, motivation: -10}
        feedback: "Die Filialleiterin tauscht um."
        next: ende_gemischt
  - id: theke_zwei
    speaker: "Frau Demir, Kundin"
    text: "Frau Demir wartet noch an der Theke und schaut dich fragend an, während hinter ihr die Schlange wächst."
    choices:
      - id: jetzt_umtauschen
        text: "Jetzt selbst umtauschen."
        condition: "befugnis >= 50 und zugehoert"
        effects: {vertrauen: +20}
        feedback: "„Danke, das ging ja schnell.“"
        next: ende_gut
      - id: warten
        text: "Noch einmal nachfragen, was sie sich wünscht."
        feedback: "Sie seufzt."
        next: ende_gemischt
endings:
  - {id: ende_gut, title: "Zufrieden", text: "Frau Demir kommt gern wieder.", rating: gelungen}
  - {id: ende_gemischt, title: "Gelöst, aber nicht von dir", text: "Das Problem ist weg.", rating: gemischt}
  - {id: ende_schlecht, title: "Verloren", text: "Frau Demir kauft woanders.", rating: gescheitert}
"""


def scenario_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "szenarien"
    folder.mkdir(exist_ok=True)
    (folder / "routen.yaml").write_text(ROUTES, encoding="utf-8")
    return folder


def played(scenario: Scenario, *choices: str) -> GameState:
    state = play.start(scenario)
    for choice_id in choices:
        state = play.choose(scenario, state, choice_id).state
    return state


def all_endings(scenario: Scenario) -> Iterator[GameState]:
    """Every ended playthrough the scenario allows."""
    pending = [play.start(scenario)]
    while pending:
        state = pending.pop()
        if state.ended:
            yield state
            continue
        for option in play.options(scenario, state):
            if option.available:
                pending.append(play.choose(scenario, state, option.choice.id).state)
