"""The kundenspiel engine: scenario models, the loader, the rules of play and scoring.

Plain Python, no user interface: it never imports Textual, never prints, holds no globals and
never reads the clock. Everything it does is a function of its arguments.
"""

from kundenspiel.engine import play
from kundenspiel.engine.diagnostics import Diagnostic, Severity
from kundenspiel.engine.loader import (
    CheckResult,
    ScenarioLoadError,
    check_bytes,
    check_file,
    load_scenario,
    scenario_files,
)
from kundenspiel.engine.models import Choice, Ending, Node, Rating, Scenario
from kundenspiel.engine.state import GameState, Meters

__all__ = [
    "CheckResult",
    "Choice",
    "Diagnostic",
    "Ending",
    "GameState",
    "Meters",
    "Node",
    "Rating",
    "Scenario",
    "ScenarioLoadError",
    "Severity",
    "check_bytes",
    "check_file",
    "load_scenario",
    "play",
    "scenario_files",
]
