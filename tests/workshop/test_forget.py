"""``kundenspiel forget NAME``: lists what goes, asks, deletes a person everywhere in the folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kundenspiel.engine import Scenario
from kundenspiel.store import SaveStore, player_key
from kundenspiel.store.groups import GROUPS_NAME, GroupStore
from kundenspiel.store.labels import stored_labels
from kundenspiel.store.pin import hash_pin
from kundenspiel.workshop.aggregate import GroupData
from kundenspiel.workshop.collect import read_group
from tests.workshop.cli_run import run
from tests.workshop.conftest import CODE, START, make_record, player, write_to_store


@pytest.fixture
def saves(tmp_path: Path, mini_group: GroupData) -> Path:
    """The mini group in a save folder, its participant numbers given out."""
    root = tmp_path / "saves"
    read_group(write_to_store(root, mini_group), CODE)
    return root


def files_mentioning(root: Path, text: str) -> list[str]:
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and text.encode() in path.read_bytes()
    )


def test_forget_lists_then_deletes_everything_about_the_person(
    saves: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ben = player_key("Ben")
    before = stored_labels(GroupStore(saves), CODE)
    assert files_mentioning(saves, "Ben") != [] and ben in before
    code, out, _ = run(capsys, saves, "forget", "Ben", "--ja")
    assert code == 0
    assert out.index("Gelöscht wird „Ben“") < out.index("2 Durchläufe mit allen Entscheidungen")
    assert "2 Durchläufe „mini“ (Gruppe KR7M)" in out and "Teilnehmernummer in 1 Gruppe (KR7M)" in out
    assert "Gelöscht: „Ben“ mit 2 Durchläufen (2 Dateien)." in out
    assert files_mentioning(saves, "Ben") == [] and files_mentioning(saves, ben) == []
    store = SaveStore(saves)
    assert [p.name for p in store.players()] == ["Ada", "Cem", "Dana", "Eve"]
    after = stored_labels(GroupStore(saves), CODE)
    assert after == {key: number for key, number in before.items() if key != ben}
    assert ben not in read_group(store, CODE).labels


def test_forget_asks_first_and_keeps_everything_unless_told_ja(
    saves: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, saves, "forget", "ben", stdin="nein\n")
    assert code == 1 and "Gelöscht wird „Ben“" in out and "Nichts gelöscht." in err
    assert "Ben" in [p.name for p in SaveStore(saves).players()]
    code, out, _ = run(capsys, saves, "forget", "ben", stdin="ja\n")
    assert code == 0 and "Ben" not in [p.name for p in SaveStore(saves).players()]


def test_odd_characters_in_a_name_are_found_and_shown_safely(
    tmp_path: Path, mini: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = "Zoë/../\x1b[31m 𝒜"
    store = write_to_store(
        tmp_path,
        GroupData(CODE, "T", {player(odd).key: player(odd)}, [make_record(mini, odd, ["vertroesten"])]),
    )
    code, out, _ = run(capsys, tmp_path, "forget", odd, "--ja")
    assert code == 0 and "\x1b" not in out and "Zoë/../\\x1b[31m 𝒜" in out
    assert store.players() == [] and list((tmp_path / "players").iterdir()) == []


def test_unknown_and_ambiguous_names_delete_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Folders from before names were matched ignoring case can hold both spellings.
    documents = {
        str(n): {"key": player_key(name), "name": name, "created_at": START.isoformat()}
        for n, name in enumerate(["alex", "Alex"], 1)
    }
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "index.json").write_text(json.dumps({"players": documents}), encoding="utf-8")
    code, _, err = run(capsys, tmp_path, "forget", "ALEX", "--ja")
    assert code == 1 and "„ALEX“ passt auf 2 Einträge: „Alex“, „alex“" in err
    code, _, err = run(capsys, tmp_path, "forget", "Bert", "--ja")
    assert code == 1 and "„Bert“ gibt es in den Spielständen" in err
    assert len(SaveStore(tmp_path).players()) == 2
    code, _, _ = run(capsys, tmp_path, "forget", "Alex", "--ja")
    assert code == 0 and [p.name for p in SaveStore(tmp_path).players()] == ["alex"]


def test_a_namesake_from_another_device_is_named_not_deleted(
    saves: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    SaveStore(saves).ensure_player("Ada (Gerät 7K3M)", device="7K3MAAAA")
    code, out, _ = run(capsys, saves, "forget", "Ada", "--ja")
    assert code == 0 and "Nicht mitgelöscht wird „Ada (Gerät 7K3M)“" in out
    assert "Ada (Gerät 7K3M)" in [p.name for p in SaveStore(saves).players()]


def test_a_person_playing_right_now_is_not_deleted(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = SaveStore(saves)
    with store.claim_player(player_key("Dana")):
        code, _, err = run(capsys, saves, "forget", "Dana", "--ja")
    assert code == 1 and "spielt gerade in einem Fenster" in err
    assert "Dana" in [p.name for p in store.players()]
    assert (saves / GROUPS_NAME).exists()


def test_deleting_a_group_removes_its_runs_and_people_with_nothing_else(
    saves: Path, mini: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    store = SaveStore(saves)
    store.save_playthrough(make_record(mini, "Ada", ["vertroesten"], code="ANDR", minute=9))
    GroupStore(saves).set_pin(CODE, hash_pin("4711"))
    code, _, err = run(capsys, saves, "workshop", "delete", CODE, "--ja", stdin="0000\n")
    assert code == 1 and "Die PIN ist falsch" in err and len(store.players()) == 5
    code, out, err = run(capsys, saves, "workshop", "delete", CODE, stdin="4711\nnein\n")
    assert code == 1 and "5 Durchläufe von 4 Personen" in out and "Nichts gelöscht." in err
    code, out, _ = run(capsys, saves, "workshop", "delete", CODE, stdin="4711\nja\n")
    assert code == 0 and "Gelöscht: Gruppe KR7M mit 5 Durchläufen; 3 Personen ganz gelöscht." in out
    # Ada played in another group too: only that run is left of her; Eve was never in this group.
    assert [p.name for p in store.players()] == ["Ada", "Eve"]
    assert [r.group_code for r in store.playthroughs(player_key("Ada"))] == ["ANDR"]
    assert GroupStore(saves).find(CODE) is None and stored_labels(GroupStore(saves), CODE) == {}
    for name in ("Ben", "Cem", "Dana"):
        assert files_mentioning(saves, name) == []
