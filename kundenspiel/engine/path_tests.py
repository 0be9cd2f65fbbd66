"""Running the path tests a trainer writes under ``tests:`` in a scenario file.

Each test plays its choices from the start with the real rules (:mod:`play`) and compares the
ending and the final meters with what the trainer expects. A failing test is an error at the
line that fails: the choice that could not be taken, the ``ending`` or the meter.
"""

from __future__ import annotations

from kundenspiel.engine import play
from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.meters import METER_LABELS
from kundenspiel.engine.models import MeterBound, PathTest, Scenario
from kundenspiel.engine.positions import KEY_MARKER, Location, PositionIndex
from kundenspiel.engine.schema_errors import suggestion
from kundenspiel.engine.state import GameState
from kundenspiel.wording import counted

MAX_PATH_TEST_STEPS_TOTAL = 10_000


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _meters_text(state: GameState) -> str:
    return ", ".join(f"{METER_LABELS[m]} {v}" for m, v in state.meters.as_dict().items())


def _bound_text(bound: MeterBound) -> str:
    if bound.min is not None and bound.max is not None:
        return f"zwischen {bound.min} und {bound.max}" if bound.min != bound.max else f"genau {bound.min}"
    if bound.min is not None:
        return f"mindestens {bound.min}"
    return f"höchstens {bound.max}"


class _PathTestRunner:
    def __init__(self, scenario: Scenario, index: PositionIndex, sink: DiagnosticSink) -> None:
        self.scenario = scenario
        self.index = index
        self.sink = sink

    def error(self, test: PathTest, location: Location, message: str) -> None:
        line, column = self.index.position(location)
        self.sink.error(line, column, f"Pfadtest „{test.name}“: {message}")

    def run(self, number: int, test: PathTest) -> None:
        base: tuple[str | int, ...] = ("tests", number)
        if not self.expectations_valid(base, test):
            return
        state = play.start(self.scenario)
        for step, choice_id in enumerate(test.choices):
            location = (*base, "choices", step)
            if state.ending_id is not None:
                self.error(
                    test,
                    location,
                    f"Schritt {step + 1}: der Durchlauf ist schon zu Ende („{state.ending_id}“), "
                    f"„{choice_id}“ kann nicht mehr gewählt werden",
                )
                return
            node = play.current_node(self.scenario, state)
            choice = node.choice(choice_id)
            if choice is None:
                known = [c.id for c in node.choices]
                self.error(
                    test,
                    location,
                    f"Schritt {step + 1}: Auswahl „{choice_id}“ gibt es in Station „{node.id}“ nicht"
                    + suggestion(choice_id, known)
                    + f" (möglich: {', '.join(known)})",
                )
                return
            if not play.is_available(choice, state):
                self.error(
                    test,
                    location,
                    f"Schritt {step + 1}: „{choice_id}“ ist in „{node.id}“ gesperrt "
                    f"(Bedingung „{choice.condition}“; {_meters_text(state)})",
                )
                return
            state = play.choose(self.scenario, state, choice_id).state
        self.check_outcome(base, test, state)

    def expectations_valid(self, base: tuple[str | int, ...], test: PathTest) -> bool:
        valid = True
        if test.ending is not None and not self.scenario.has_ending(test.ending):
            is_node = self.scenario.has_node(test.ending)
            detail = (
                "ist eine Station, kein Ende"
                if is_node
                else "gibt es nicht" + suggestion(test.ending, [e.id for e in self.scenario.endings])
            )
            self.error(test, (*base, "ending"), f"Ende „{test.ending}“ {detail}")
            valid = False
        for meter, bound in test.meters.as_dict().items():
            location = (*base, "meters", meter, KEY_MARKER)
            if bound.min is None and bound.max is None:
                self.error(test, location, f"bei „{meter}“ fehlt „min“ oder „max“")
                valid = False
            elif bound.min is not None and bound.max is not None and bound.min > bound.max:
                detail = f"„min“ ({bound.min}) ist größer als „max“ ({bound.max})"
                self.error(test, location, f"bei „{meter}“ {detail}")
                valid = False
        return valid

    def check_outcome(self, base: tuple[str | int, ...], test: PathTest, state: GameState) -> None:
        if test.ending is not None and state.ending_id != test.ending:
            reached = (
                f"erreicht wurde „{state.ending_id}“"
                if state.ending_id is not None
                else f"der Weg endet nicht, er steht in Station „{state.node_id}“"
            )
            self.error(test, (*base, "ending"), f"erwartet war Ende „{test.ending}“, {reached}")
        values = state.meters.as_dict()
        for meter, bound in test.meters.as_dict().items():
            value = values[meter]
            too_low = bound.min is not None and value < bound.min
            too_high = bound.max is not None and value > bound.max
            if too_low or too_high:
                self.error(
                    test,
                    (*base, "meters", meter, KEY_MARKER),
                    f"{METER_LABELS[meter]} ist am Ende {value}, erwartet: {_bound_text(bound)}",
                )


def run_path_tests(
    scenario: Scenario,
    index: PositionIndex,
    sink: DiagnosticSink,
    max_steps: int = MAX_PATH_TEST_STEPS_TOTAL,
) -> None:
    """Run every path test of ``scenario``; each failure becomes an error at its line.

    The tests together play at most ``max_steps`` choices; the ones beyond are skipped with a
    warning, so a file full of tests cannot keep ``check`` busy for minutes."""
    runner = _PathTestRunner(scenario, index, sink)
    steps = 0
    for number, test in enumerate(scenario.tests):
        if steps + len(test.choices) > max_steps:
            line, column = index.position(("tests", number, "name"))
            skipped = len(scenario.tests) - number
            sink.warning(
                line,
                column,
                f"Pfadtests nach {_grouped(steps)} Schritten beendet: {counted(skipped, 'Test', 'Tests')} "
                f"ab hier nicht ausgeführt (alle zusammen spielen höchstens {_grouped(max_steps)} Schritte)",
            )
            return
        steps += len(test.choices)
        runner.run(number, test)
