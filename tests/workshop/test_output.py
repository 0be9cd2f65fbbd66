"""What the workshop commands print and write: control characters never raw, every store notice
shown, German counts, CSV cells that never run as formulas, no writing through links."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.engine import Scenario
from kundenspiel.safe_text import is_unsafe_char
from kundenspiel.store import SaveStore
from kundenspiel.store.groups import Group, GroupStore
from kundenspiel.store.pin import hash_pin
from kundenspiel.workshop.aggregate import GroupData, aggregate
from kundenspiel.workshop.tables import csv_decisions, csv_runs, markdown
from tests.conftest import MINI_SCENARIO
from tests.workshop.conftest import CODE, START, make_record, player, write_to_store

HOSTILE = "Ada\x1b[2J\x07\x00\x9b\u202eX"
PIN = "4711"


def run(capsys: pytest.CaptureFixture[str], saves: Path, *args: str) -> tuple[int, str, str]:
    # Exports with names read the trainer PIN from standard input (one line) when not on a terminal.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(f"{PIN}\n"))
        code = main(["--saves", str(saves), "--scenarios", str(MINI_SCENARIO.parent), *args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_safe(text: str, *, allowed: str = "\n") -> None:
    unsafe = sorted({f"U+{ord(c):04X}" for c in text if is_unsafe_char(c) and c not in allowed})
    assert unsafe == [], f"raw control characters: {unsafe}"


def hostile_folder(root: Path, mini: Scenario) -> SaveStore:
    data = GroupData(
        CODE, "T", {player(HOSTILE).key: player(HOSTILE)}, [make_record(mini, HOSTILE, ["vertroesten"])]
    )
    store = write_to_store(root, data)
    GroupStore(root).add(Group(code=CODE, title="Kurs", created_at=START, pin_hash=hash_pin(PIN)))
    return store


def test_workshop_list_shows_control_characters_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "groups.json").write_text(
        json.dumps(
            {
                "groups": {
                    "1": {
                        "code": "AB\x07C",
                        "title": "Kurs\x1b[31m\u202e rot",
                        "created_at": START.isoformat(),
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    code, out, err = run(capsys, tmp_path, "workshop", "list")
    assert code == 0
    assert_safe(out + err)
    assert "AB\\x07C" in out and "Kurs [31m rot" in out


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "json"])
def test_exports_carry_no_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario, fmt: str
) -> None:
    saves = tmp_path / "saves"
    hostile_folder(saves, mini)
    code, out, err = run(capsys, saves, "export", CODE, "--format", fmt, "--namen")
    assert code == 0, err
    # The BOM is what makes Excel read UTF-8; CSV lines end in CRLF.
    assert_safe(out.removeprefix("\ufeff") + err, allowed="\n\r")
    target = tmp_path / f"bericht.{fmt}"
    code, _, err = run(capsys, saves, "export", CODE, "--format", fmt, "--namen", "-o", str(target))
    assert code == 0, err
    written = target.read_text(encoding="utf-8")
    assert_safe(written.removeprefix("\ufeff"), allowed="\n\r")
    if fmt == "json":  # the archive keeps the data exact
        assert [p["name"] for p in json.loads(written)["players"]] == [HOSTILE]
    else:  # only the control characters are gone
        assert "Ada[2J" in written.replace("\\", "") and "\u202e" not in written


def test_import_messages_show_names_with_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario
) -> None:
    laptop = tmp_path / "laptop"
    hostile_folder(laptop, mini)
    export = tmp_path / "laptop.json"
    assert run(capsys, laptop, "export", CODE, "--format", "json", "-o", str(export))[0] == 0
    # The trainer has the same playthrough with other choices: a conflict naming the player.
    trainer = tmp_path / "trainer"
    original = make_record(mini, HOSTILE, ["vertroesten"])
    other = original.model_copy(update={"steps": make_record(mini, HOSTILE, ["nachfragen"]).steps})
    write_to_store(trainer, GroupData(CODE, "T", {player(HOSTILE).key: player(HOSTILE)}, [other]))
    code, out, err = run(capsys, trainer, "import", str(export))
    assert code == 1 and "Konflikt" in out
    assert_safe(out + err)
    assert "Ada\\x1b[2J\\x07\\x00\\x9b\\u202eX" in out


def test_error_messages_show_paths_with_escapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, tmp_path / "saves", "import", str(tmp_path / "x\x1b[31m.json"))
    assert code == 1 and "gibt es nicht" in err
    assert_safe(out + err)
    assert "x\\x1b[31m.json" in err


def _damage_groups(saves: Path) -> None:
    GroupStore(saves).create("Eins")
    (saves / "groups.json").write_text("{kaputt", encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("workshop", "list"),
        ("workshop", "new", "Zwei"),
        ("export", "ZZZZ", "--format", "md"),
        ("debrief", "ZZZZ"),  # an unknown code: ends before the debrief screen would open
        ("import", "fehlt.json"),
    ],
)
def test_every_command_tells_about_a_repaired_group_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    saves = tmp_path / "saves"
    _damage_groups(saves)
    if args[0] == "import":  # import reads the group list only with a usable file
        args = ("import", str(_any_export(tmp_path, capsys)))
    _, _, err = run(capsys, saves, *args)
    assert "Hinweis: Die Gruppenliste war beschädigt" in err


def _any_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    laptop = tmp_path / "laptop"
    code = GroupStore(laptop).create("Laptop", pin_hash=hash_pin(PIN)).code
    target = tmp_path / "laptop.json"
    assert run(capsys, laptop, "export", code, "--format", "json", "-o", str(target))[0] == 0
    return target


def test_workshop_list_tells_about_a_repaired_player_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario
) -> None:
    saves = tmp_path / "saves"
    store = hostile_folder(saves, mini)
    player_file = saves / "players" / f"{store.players()[0].key}.json"
    player_file.write_text("{kaputt", encoding="utf-8")
    code, _, err = run(capsys, saves, "workshop", "list")
    assert code == 0
    assert "Hinweis: Der Spielstand von" in err and "beschädigt" in err


def test_counts_are_singular_for_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario
) -> None:
    laptop = tmp_path / "laptop"
    original = make_record(mini, "Ada", ["vertroesten"])
    write_to_store(laptop, GroupData(CODE, "T", {player("Ada").key: player("Ada")}, [original]))
    GroupStore(laptop).set_pin(CODE, hash_pin(PIN))
    export = tmp_path / "laptop.json"
    code, _, err = run(capsys, laptop, "export", CODE, "--format", "json", "-o", str(export))
    assert code == 0 and "(1 teilnehmende Person)" in err
    trainer = tmp_path / "trainer"
    other = original.model_copy(update={"steps": make_record(mini, "Ada", ["nachfragen"]).steps})
    write_to_store(trainer, GroupData(CODE, "T", {player("Ada").key: player("Ada")}, [other]))
    broken = tmp_path / "kaputt.json"
    broken.write_text("[", encoding="utf-8")
    code, out, _ = run(capsys, trainer, "import", str(export), str(broken))
    assert code == 1
    assert f"{export}: Gruppe {CODE} – 0 neu, 0 aktualisiert, 0 schon vorhanden, 1 Konflikt\n" in out
    assert "1 Konflikt, 1 Datei nicht lesbar." in out
    text = markdown(aggregate(GroupData(CODE, "T", {player("Ada").key: player("Ada")}, [original]), [mini]))
    assert "1 teilnehmende Person · 1 Szenario" in text
    assert "1 teilnehmende Person: 1 beendet, 0 laufen noch, 0 abgebrochen ·" in text
    assert "1 Person · 1 sah etwas gesperrt ·" in text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t=", "\r=", " =", "  +", " \t@"])
def test_csv_cells_never_start_a_formula(mini: Scenario, start: str) -> None:
    name = f'{start}HYPERLINK("http://x")'
    code = f"{start}K7"
    data = GroupData(
        code, "T", {player(name).key: player(name)}, [make_record(mini, name, ["vertroesten"], code=code)]
    )
    debrief = aggregate(data, [mini])
    for text in (csv_runs(debrief, names=True), csv_decisions(debrief, names=True)):
        row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))[1]
        group, name_cell = row[0], row[1]
        assert name_cell.startswith("'") and "HYPERLINK" in name_cell
        for cell in (group, name_cell):
            assert cell.startswith("'") or not cell.lstrip().startswith(("=", "+", "-", "@"))
            assert "\t" not in cell and "\r" not in cell


def test_export_never_writes_through_a_symlink(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario
) -> None:
    saves = tmp_path / "saves"
    hostile_folder(saves, mini)
    victim = tmp_path / "victim.txt"
    victim.write_text("geheim", encoding="utf-8")
    link = tmp_path / "bericht.html"
    link.symlink_to(victim)
    code, _, err = run(capsys, saves, "export", CODE, "--format", "html", "-o", str(link))
    assert code == 1 and "symbolischer Link" in err
    assert victim.read_text(encoding="utf-8") == "geheim" and link.is_symlink()


def test_export_replaces_an_existing_file_and_leaves_no_temp_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario
) -> None:
    saves = tmp_path / "saves"
    hostile_folder(saves, mini)
    target = tmp_path / "out" / "bericht.md"
    target.parent.mkdir()
    target.write_text("alt", encoding="utf-8")
    code, _, err = run(capsys, saves, "export", CODE, "--format", "md", "-o", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# Gruppenauswertung")
    assert [p.name for p in target.parent.iterdir()] == ["bericht.md"]


def test_workshop_list_survives_a_date_at_the_end_of_the_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    (tmp_path / "groups.json").write_text(
        json.dumps(
            {"groups": {"1": {"code": "ACDE", "title": "Alt", "created_at": "0001-01-01T00:00:00+00:00"}}}
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("TZ", "America/New_York")  # west of UTC: year 1 becomes year 0
    time.tzset()
    try:
        code, out, err = run(capsys, tmp_path, "workshop", "list")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert code == 0 and "ACDE" in out and "Traceback" not in err


def test_an_unwritable_output_folder_is_a_german_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario
) -> None:
    saves = tmp_path / "saves"
    hostile_folder(saves, mini)
    code, _, err = run(
        capsys, saves, "export", CODE, "--format", "md", "-o", str(tmp_path / "fehlt" / "b.md")
    )
    assert code == 1 and "Traceback" not in err
    assert "b.md lässt sich nicht schreiben (den Ordner gibt es nicht)." in err
