"""The kundenspiel engine: scenario models, the loader, the rules of play and scoring.

Plain Python, no user interface: it never imports Textual, never prints, holds no globals and
never reads the clock. Everything it does is a function of its arguments.

The names below are imported when first used: a game whose scenarios come from the cache needs
the models, not the YAML loader and its checks, and every process of ``kundenspiel serve``
would otherwise pay for them before its first screen.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kundenspiel.engine import play
    from kundenspiel.engine.diagnostics import Diagnostic, Severity
    from kundenspiel.engine.loader import (
        CheckResult,
        ScenarioLoadError,
        check_bytes,
        check_file,
        load_scenario,
    )
    from kundenspiel.engine.models import Choice, Ending, Node, Rating, Scenario
    from kundenspiel.engine.scenario_files import scenario_files
    from kundenspiel.engine.state import GameState, Meters

_HOMES = {
    "play": "kundenspiel.engine.play",
    "Diagnostic": "kundenspiel.engine.diagnostics",
    "Severity": "kundenspiel.engine.diagnostics",
    "CheckResult": "kundenspiel.engine.loader",
    "ScenarioLoadError": "kundenspiel.engine.loader",
    "check_bytes": "kundenspiel.engine.loader",
    "check_file": "kundenspiel.engine.loader",
    "load_scenario": "kundenspiel.engine.loader",
    "scenario_files": "kundenspiel.engine.scenario_files",
    "Choice": "kundenspiel.engine.models",
    "Ending": "kundenspiel.engine.models",
    "Node": "kundenspiel.engine.models",
    "Rating": "kundenspiel.engine.models",
    "Scenario": "kundenspiel.engine.models",
    "GameState": "kundenspiel.engine.state",
    "Meters": "kundenspiel.engine.state",
}


def __getattr__(name: str) -> Any:
    """Import a public name's module when the name is first used (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(home)
    value = module if name == "play" else getattr(module, name)
    globals()[name] = value
    return value


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
