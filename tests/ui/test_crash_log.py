"""A bug inside the running app: the traceback goes to the log, the player reads German."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

CRASHING_APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kundenspiel.logbook import log_errors_to
    from kundenspiel.ui.shell import ShellApp

    log_errors_to(Path(sys.argv[1]))

    class Broken(ShellApp):
        def on_mount(self) -> None:
            raise RuntimeError("kaputt beim Start")

    app = Broken()
    app.run(headless=True)
    sys.exit(app.return_code)
    """
)


def test_a_crash_in_the_app_is_logged_and_told_in_german(tmp_path: Path) -> None:
    log_file = tmp_path / "protokoll" / "kundenspiel.log"
    ran = subprocess.run(
        [sys.executable, "-c", CRASHING_APP, str(log_file)], capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 1
    shown = " ".join(ran.stderr.split())
    assert "Traceback" not in ran.stderr and "Traceback" not in ran.stdout
    assert "Ein unerwarteter Fehler ist aufgetreten (RuntimeError: kaputt beim Start)" in shown
    assert f"Die Einzelheiten stehen in {log_file}" in shown
    logged = log_file.read_text(encoding="utf-8")
    assert (
        "Traceback (most recent call last)" in logged
        and "in on_mount\nRuntimeError: kaputt beim Start" in logged
    )
