"""The workshop commands end to end: exit codes, German messages, files written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kundenspiel.engine import Scenario
from kundenspiel.workshop.aggregate import GroupData
from tests.workshop.cli_run import run
from tests.workshop.conftest import CODE, make_record, player, write_to_store

PIN = "4711"


def test_new_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, tmp_path, "workshop", "new", "Servicetraining März")
    assert code == 0 and "Gruppencode:" in out
    group_code = out.split("Gruppencode: ")[1].split()[0]
    code, out, _ = run(capsys, tmp_path, "workshop", "list")
    assert code == 0 and group_code in out and "Servicetraining März" in out


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(capsys, tmp_path, "export", "KR7M", "--format", "pdf")
    assert exit_.value.code == 2


def test_unknown_code_is_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path, "export", "ZZ\x1b[31m", "--format", "md")
    assert code == 1 and "gibt es hier nicht" in err and "\x1b" not in err and "Traceback" not in err


def test_export_all_formats_and_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario, mini_group: GroupData
) -> None:
    laptop = tmp_path / "laptop"
    write_to_store(laptop, mini_group)
    code, _, err = run(capsys, laptop, "export", CODE, "--format", "json")
    assert code == 1 and f"kundenspiel workshop pin {CODE}" in err  # names need a PIN, so set one first
    assert run(capsys, laptop, "workshop", "pin", CODE, stdin=f"{PIN}\n")[0] == 0
    for fmt in ("csv", "md", "html", "json"):
        target = tmp_path / f"bericht.{fmt}"
        code, _, err = run(
            capsys, laptop, "export", CODE.lower(), "--format", fmt, "-o", str(target), stdin=f"{PIN}\n"
        )
        assert code == 0, err
        assert target.stat().st_size > 0
    raw = (tmp_path / "bericht.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 5
    trainer = tmp_path / "trainer"
    code, out, _ = run(capsys, trainer, "import", str(tmp_path / "bericht.json"))
    assert code == 0 and "5 neu" in out
    code, out, _ = run(
        capsys, trainer, "import", str(tmp_path / "bericht.json"), str(tmp_path / "bericht.md")
    )
    assert code == 1 and "0 neu" in out and "5 schon vorhanden" in out
    code, out, _ = run(capsys, trainer, "export", CODE, "--format", "md")
    assert code == 0 and out.count("Person ") >= 4


def test_control_characters_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, tmp_path, "workshop", "new", "Kurs\x1b[31m rot\x07")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    code, out, _ = run(capsys, tmp_path, "workshop", "list")
    assert "\x1b" not in out


def test_broken_import_file_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "kaputt.json"
    broken.write_text('{"format": "kundenspiel-gruppe", "version": 1, "players": "x"}', encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "saves", "import", str(broken))
    assert code == 1 and "beschädigt" in err and "Traceback" not in err


def test_list_names_codes_in_use_without_a_group(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario
) -> None:
    code, out, _ = run(capsys, tmp_path, "workshop", "new", "Kurs", stdin=f"{PIN}\n")
    group_code = out.split("Gruppencode: ")[1].split()[0]
    records = [
        make_record(mini, "Ada", ["vertroesten"], code=group_code),
        make_record(mini, "Ben", ["vertroesten"], code="XPYF"),
        make_record(mini, "Cem", ["nachfragen"], code="xp-yf", minute=1),
        make_record(mini, "Cem", ["vertroesten"], code="XPYF", minute=2),
        make_record(mini, "Dana", ["vertroesten"], code="QQ"),
    ]
    write_to_store(
        tmp_path,
        GroupData(
            group_code, "Kurs", {player(n).key: player(n) for n in ("Ada", "Ben", "Cem", "Dana")}, records
        ),
    )
    code, out, _ = run(capsys, tmp_path, "workshop", "list")
    assert code == 0 and f"{group_code}   " in out and " ja   Szenario  Kurs" in out
    assert "Codes ohne Gruppe: QQ (1 Durchlauf), XPYF (3 Durchläufe)" in out


def test_an_export_counts_a_run_left_long_ago_as_given_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario
) -> None:
    from datetime import UTC, datetime

    from tests.workshop.conftest import START

    just_now = int((datetime.now(UTC) - START).total_seconds() // 60)
    records = [
        make_record(mini, "Dana", ["nachfragen"]),  # opened on the workshop day, never finished
        make_record(mini, "Emil", ["nachfragen"], minute=just_now),  # still playing
    ]
    write_to_store(
        tmp_path, GroupData(CODE, "Test", {player(n).key: player(n) for n in ("Dana", "Emil")}, records)
    )
    code, out, err = run(capsys, tmp_path, "export", CODE, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert sorted(row["Status"] for row in rows) == ["abgebrochen", "läuft noch"]
