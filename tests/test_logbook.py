"""Unexpected errors: the user reads German and where the details are; the log has the traceback."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.commands import trainer
from kundenspiel.folders import resolve_folders


def broken_handler(arguments: argparse.Namespace) -> int:
    raise RuntimeError("kaputt im Kern")


def test_a_crash_is_logged_with_traceback_and_told_in_german(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(trainer, "run_schema", broken_handler)
    assert main(["schema"]) == 1
    err = capsys.readouterr().err
    log_file = resolve_folders().log_file
    assert "Traceback" not in err
    assert "Ein unerwarteter Fehler ist aufgetreten (RuntimeError: kaputt im Kern)" in err
    assert f"Die Einzelheiten stehen in {log_file}" in err
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "kaputt im Kern" in logged
    assert "broken_handler" in logged


def test_the_log_is_never_written_through_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = resolve_folders().log_file
    log_file.parent.mkdir(parents=True)
    victim = tmp_path / "fremd.txt"
    victim.write_text("meins", encoding="utf-8")
    os.symlink(victim, log_file)
    monkeypatch.setattr(trainer, "run_schema", broken_handler)
    assert main(["schema"]) == 1
    err = capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "meins"
    assert "konnte nicht geschrieben werden" in err and "Traceback" not in err


def test_ctrl_c_ends_quietly(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(arguments: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(trainer, "run_schema", interrupted)
    assert main(["schema"]) == 130
    assert capsys.readouterr().err == ""
