"""The one loader: a YAML file in, a validated :class:`Scenario` and every problem out.

Checking runs in three passes, each reporting all it finds: the YAML itself
(:mod:`yaml_source`), the schema (pydantic, translated to German), and the references between
parts (ids, flags, competencies). When those pass, :mod:`lint` looks at the story as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kundenspiel.engine import lint
from kundenspiel.engine.content_checks import check_content
from kundenspiel.engine.diagnostics import Diagnostic, DiagnosticSink
from kundenspiel.engine.models import Scenario
from kundenspiel.engine.path_tests import run_path_tests
from kundenspiel.engine.positions import PositionIndex
from kundenspiel.engine.references import ReferenceChecker, ScenarioParts

# Re-exported: scenario_files has moved out so that listing files does not import the loader.
from kundenspiel.engine.scenario_files import scenario_files as scenario_files
from kundenspiel.engine.schema_errors import german_message
from kundenspiel.engine.yaml_input import MAX_FILE_BYTES, too_large_message
from kundenspiel.engine.yaml_source import parse_yaml
from kundenspiel.engine.yaml_traps import check_cut_texts

# Errors the models raise about one entry of a list; ``ctx["index"]`` says which entry.
ENTRY_ERRORS = frozenset({"competency_duplicate", "competency_tag_type"})


class ScenarioLoadError(Exception):
    """A scenario file with errors; ``diagnostics`` lists every one of them."""

    def __init__(self, path: str, diagnostics: list[Diagnostic]) -> None:
        errors = [d for d in diagnostics if d.is_error]
        first = errors[0].format() if errors else path
        super().__init__(f"{len(errors)} Fehler in {path}; erster: {first}")
        self.path = path
        self.diagnostics = diagnostics


@dataclass
class CheckResult:
    """What checking one file found: the scenario if it is usable, and every diagnostic."""

    path: str
    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    internal_error: Exception | None = None
    """A bug of kundenspiel's that stopped the check (the diagnostics say so in German); the
    caller logs it with its traceback."""

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that make the file unusable."""
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics a trainer should still look at."""
        return [d for d in self.diagnostics if not d.is_error]


def check_bytes(data: bytes, path: str, *, expected_id: str | None = None) -> CheckResult:
    """Check a scenario given as bytes; ``path`` is only used in the messages."""
    sink = DiagnosticSink(path)
    tree = parse_yaml(data, sink)
    if tree is None:
        return CheckResult(path, None, sink.sorted())
    index = PositionIndex(tree)
    check_cut_texts(tree, sink)
    if not isinstance(tree, dict):
        sink.error(1, 1, "die Datei muss ein Szenario als Zuordnung enthalten (id:, title:, …)")
        return CheckResult(path, None, sink.sorted())
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(tree)
    except ValidationError as error:
        _report_schema_errors(error, index, sink)
    parts = ScenarioParts.of_scenario(scenario) if scenario else ScenarioParts.salvage(tree)
    ReferenceChecker(parts, index, sink).run()
    check_content(parts, index, sink)
    if scenario is not None and expected_id is not None and scenario.id != expected_id:
        line, column = index.position(("id",))
        sink.warning(line, column, f"id „{scenario.id}“ passt nicht zum Dateinamen „{expected_id}“")
    if scenario is not None and not sink.has_errors:
        lint.check_story(scenario, index, sink)
    usable = scenario if not sink.has_errors else None
    if usable is not None:
        # A failing path test is an error for ``check``, but the scenario still plays: the
        # tests state the author's expectations, and saves must survive an edit the tests
        # have not caught up with.
        run_path_tests(usable, index, sink)
    return CheckResult(path, usable, sink.sorted())


def _report_schema_errors(error: ValidationError, index: PositionIndex, sink: DiagnosticSink) -> None:
    for detail in error.errors():
        location = detail["loc"]
        message = german_message(detail, Scenario)
        context = detail.get("ctx") or {}
        if detail["type"] == "condition_syntax":
            line, column = index.position_in_text(location, int(context.get("offset", 0)))
        elif detail["type"] in ENTRY_ERRORS:
            line, column = index.position((*location, int(context["index"])))
        else:
            line, column = index.position(location, at_key=detail["type"] == "extra_forbidden")
        sink.error(line, column, message)


def check_file(path: Path) -> CheckResult:
    """Check one scenario file; unreadable files become diagnostics too."""
    shown = str(path)
    sink = DiagnosticSink(shown)
    internal: Exception | None = None
    try:
        if path.is_dir():
            sink.error(1, 1, "das ist ein Ordner, keine Datei")
        elif path.stat().st_size > MAX_FILE_BYTES:
            sink.error(1, 1, too_large_message(path.stat().st_size))
        else:
            data = path.read_bytes()
            try:
                return check_bytes(data, shown, expected_id=path.stem)
            except Exception as error:  # a bug in a check: report the file, go on
                sink.error(1, 1, internal_error_message(error))
                internal = error
    except FileNotFoundError:
        sink.error(1, 1, "Datei nicht gefunden")
    except PermissionError:
        sink.error(1, 1, "keine Leseberechtigung für diese Datei")
    except OSError as error:
        sink.error(1, 1, f"Datei kann nicht gelesen werden: {error.strerror or error}")
    return CheckResult(shown, None, sink.sorted(), internal)


def internal_error_message(error: Exception) -> str:
    """The diagnostic for a file whose check failed inside kundenspiel itself."""
    return (
        f"die Datei konnte nicht vollständig geprüft werden (interner Fehler {type(error).__name__}) – "
        "bitte melde das zusammen mit dieser Datei und dem Protokoll (das nennt „kundenspiel info“)"
    )


def load_scenario(path: Path) -> Scenario:
    """Load a scenario for play; :class:`ScenarioLoadError` lists every error if it has any."""
    result = check_file(path)
    if result.scenario is None:
        raise ScenarioLoadError(result.path, result.diagnostics)
    return result.scenario
