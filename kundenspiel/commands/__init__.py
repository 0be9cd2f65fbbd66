"""Subcommands of ``kundenspiel`` beyond the game and ``check``, one module per audience.

Each module has ``register(commands)``, which adds its subparsers and sets ``handler`` on them
(a function taking the parsed arguments and returning the exit code). Modules import what
they need inside their handlers, so starting the game stays fast.
"""

from __future__ import annotations

from kundenspiel.commands import completion, guide, info, trainer, workshop

COMMAND_MODULES = (trainer, workshop, guide, info, completion)
