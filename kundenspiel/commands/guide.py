"""``kundenspiel guide``: the trainers' guide, in a viewer or as Markdown for a pipe or a file.

The guide travels with the package (see :mod:`kundenspiel.package_data`), so it is there after a
``pipx install`` as well as in a checkout. The handler imports Textual only when it starts the
viewer, so starting the game stays fast.
"""

from __future__ import annotations

import argparse
import sys

from kundenspiel.commands.common import EXIT_OK, EXIT_PROBLEMS, emit


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``guide`` subcommand; its handler returns the exit code."""
    guide = commands.add_parser(
        "guide",
        help="den Leitfaden für Trainerinnen und Trainer zeigen",
        description=(
            "Zeigt den Leitfaden zum Szenario-Format mit Inhaltsverzeichnis im Terminal. "
            "Leitest du die Ausgabe um (z. B. „kundenspiel guide > leitfaden.md“ oder "
            "„kundenspiel guide | less“) oder gibst du --text an, kommt der Leitfaden als "
            "Markdown-Text."
        ),
    )
    guide.add_argument(
        "--text",
        action="store_true",
        help="den Leitfaden als Markdown-Text ausgeben statt ihn anzuzeigen",
    )
    guide.set_defaults(handler=run_guide)


def run_guide(arguments: argparse.Namespace) -> int:
    """``kundenspiel guide [--text]``: the viewer on a terminal, else the Markdown."""
    from kundenspiel.commands.common import os_reason
    from kundenspiel.package_data import guide_path, guide_text
    from kundenspiel.safe_text import visible

    try:
        text = guide_text()
    except (OSError, UnicodeDecodeError) as error:
        shown = visible(str(guide_path()))
        if isinstance(error, FileNotFoundError):
            problem = f"Der Leitfaden fehlt in dieser Installation (gesucht: {shown})."
        elif isinstance(error, OSError):
            problem = f"Der Leitfaden lässt sich nicht lesen ({shown}: {os_reason(error)})."
        else:
            problem = f"Der Leitfaden ist beschädigt ({shown}: kein gültiges UTF-8)."
        print(f"kundenspiel guide: {problem} Installiere kundenspiel bitte neu.", file=sys.stderr)
        return EXIT_PROBLEMS
    if arguments.text or not sys.stdout.isatty():
        emit(text)
        return EXIT_OK
    from kundenspiel.ui.guide import GuideApp

    GuideApp(text).run()
    return EXIT_OK
