"""``kundenspiel info`` names every folder in use, why, and what is in it, without creating any."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.folders import resolve_folders
from tests.conftest import MINI_SCENARIO, repository_scenarios


def test_info_names_every_folder_with_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "eigene"
    own.mkdir()
    shutil.copy(MINI_SCENARIO, own / "mini.yaml")
    monkeypatch.setenv("KUNDENSPIEL_SCENARIOS", str(own))
    saves = tmp_path / "stände"
    assert main(["info", "--saves", str(saves)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("kundenspiel 0.")
    text = "\n".join(lines)
    folders = resolve_folders(saves)
    for label, path in [
        ("Spielstände:", saves),
        ("Eigene Szenarien:", own),
        ("Mitgelieferte Szenarien:", folders.shipped),
        ("Zwischenspeicher:", folders.cache),
        ("Einstellungen:", folders.config_file),
        ("Protokoll:", folders.log_file),
    ]:
        row = next(i for i, line in enumerate(lines) if line.startswith(label))
        assert lines[row].endswith(str(path)), lines[row]
    assert "noch nicht angelegt (gewählt mit Option)" in text
    assert "1 Szenario-Datei (aus $KUNDENSPIEL_SCENARIOS)" in text
    assert f"{len(repository_scenarios())} Szenario-Dateien\n" in text + "\n"
    assert not saves.exists()


def test_info_counts_players_and_playthroughs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kundenspiel.store import SaveStore

    store = SaveStore(tmp_path)
    store.ensure_player("Alex")
    assert main(["info", "--saves", str(tmp_path)]) == 0
    assert "1 Person, 0 Durchläufe (gewählt mit Option)" in capsys.readouterr().out
