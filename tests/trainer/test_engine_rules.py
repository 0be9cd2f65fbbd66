"""House rules for the trainer tools' engine modules: no user interface, no printing, no clock."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import REPO

MODULES = ["analysis", "explore", "graph", "path_tests", "schema", "starter"]
FORBIDDEN_IMPORTS = {"textual", "rich", "time", "datetime", "random"}


def test_trainer_engine_modules_do_not_print_or_read_the_clock() -> None:
    for name in MODULES:
        tree = ast.parse((REPO / "kundenspiel" / "engine" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"print", "input", "open"}, (name, node.lineno)
            if isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & FORBIDDEN_IMPORTS, name
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] not in FORBIDDEN_IMPORTS, name
            if isinstance(node, ast.Global):
                raise AssertionError(f"{name}: global statement at line {node.lineno}")


def test_trainer_engine_modules_import_without_textual_or_rich() -> None:
    probe = (
        "import sys\n"
        "from kundenspiel.engine import analysis, graph, path_tests, schema, starter\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})))\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == ""


def test_the_command_line_does_not_load_the_engine_before_a_handler_runs() -> None:
    probe = (
        "import sys\n"
        "import kundenspiel.cli\n"
        "kundenspiel.cli.build_parser()\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('kundenspiel.engine'))))\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == ""
