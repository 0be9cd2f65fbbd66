"""Import of hostile or damaged exports: checked as a whole first, every problem named by file and entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kundenspiel.cli import main
from kundenspiel.engine import Scenario
from kundenspiel.store import SaveStore, player_key
from kundenspiel.store.groups import Group, GroupStore
from kundenspiel.workshop.aggregate import GroupData, aggregate
from kundenspiel.workshop.archive import archive_json, build_archive, import_archive, read_archive
from kundenspiel.workshop.collect import read_group
from tests.conftest import MINI_SCENARIO
from tests.workshop.conftest import CODE, START, make_record, player

NOW = START.replace(hour=12)


def run(capsys: pytest.CaptureFixture[str], saves: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--saves", str(saves), "--scenarios", str(MINI_SCENARIO.parent), *args])
    out, err = capsys.readouterr()
    return code, out, err


def archive_data(data: GroupData, mini: Scenario, title: str = "Test") -> dict[str, Any]:
    """An export of ``data`` as the JSON document a laptop would write."""
    group = Group(code=CODE, title=title, created_at=START)
    text = archive_json(build_archive(data, aggregate(data, [mini]), group, NOW))
    result: dict[str, Any] = json.loads(text)
    return result


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_names_with_spaces_land_under_the_stores_key_and_import_once(tmp_path: Path, mini: Scenario) -> None:
    # An older laptop stored " Alex " unstripped, under the key of the unstripped name.
    name = " Alex "
    record = make_record(mini, name, ["vertroesten"])
    document = archive_data(GroupData(CODE, "T", {player(name).key: player(name)}, [record]), mini)
    path = write(tmp_path / "alex.json", document)
    store = SaveStore(tmp_path / "trainer")
    first = import_archive(store, read_archive(path))
    assert (first.added, first.refused) == (1, [])
    local = store.ensure_player("Alex")
    assert [p.name for p in store.players()] == ["Alex"]
    assert [r.id for r in store.playthroughs(local.key)] == [record.id]
    assert [r.player_key for r in read_group(store, CODE).group_records()] == [local.key]
    again = import_archive(store, read_archive(path))
    assert (again.added, again.unchanged) == (0, 1)
    assert not (tmp_path / "trainer" / "players" / f"{player_key(name)}.json").exists()


def _group_of_four(mini: Scenario, mini_group: GroupData) -> dict[str, Any]:
    return archive_data(mini_group, mini)


def test_time_beyond_the_calendar_refuses_that_record_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario, mini_group: GroupData
) -> None:
    document = _group_of_four(mini, mini_group)
    document["playthroughs"][1]["started_at"] = "9999-12-31T23:59:59-14:00"
    path = write(tmp_path / "laptop.json", document)
    code, out, err = run(capsys, tmp_path / "trainer", "import", str(path))
    assert code == 1 and "Traceback" not in out + err
    assert f"{path}: abgelehnt: Durchlauf Nr. 2 (id {document['playthroughs'][1]['id'][:8]})" in out
    assert "„started_at“ liegt außerhalb des Kalenders" in out
    assert "4 neu" in out and "1 abgelehnt" in out


def test_time_beyond_the_calendar_in_the_group_refuses_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario, mini_group: GroupData
) -> None:
    document = _group_of_four(mini, mini_group)
    document["group"]["created_at"] = "0001-01-01T00:00:00+14:00"
    path = write(tmp_path / "laptop.json", document)
    code, out, err = run(capsys, tmp_path / "trainer", "import", str(path))
    assert code == 1 and "Traceback" not in out + err
    assert f"{path}: " in err and "group.created_at" in err and "nichts importiert" in err
    assert not (tmp_path / "trainer" / "groups.json").exists()
    assert not list((tmp_path / "trainer" / "players").glob("*.json"))


def test_an_empty_name_refuses_its_player_and_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario, mini_group: GroupData
) -> None:
    document = _group_of_four(mini, mini_group)
    number = next(n for n, p in enumerate(document["players"], start=1) if p["name"] == "Ada")
    document["players"][number - 1]["name"] = "   "
    path = write(tmp_path / "laptop.json", document)
    code, out, err = run(capsys, tmp_path / "trainer", "import", str(path))
    assert code == 1 and "Traceback" not in out + err
    assert f"{path}: abgelehnt: Eintrag Nr. {number} in „players“ hat einen leeren Namen." in out
    assert "Der Eintrag seiner Person in „players“ ist unbrauchbar (siehe oben); nicht importiert." in out
    store = SaveStore(tmp_path / "trainer")
    assert sorted(p.name for p in store.players()) == ["Ben", "Cem", "Dana"]  # the rest came in
    assert len(read_group(store, CODE).group_records()) == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r["start_meters"].update(vertrauen=10**300),
            "„start_meters.vertrauen“ ist eine Zahl mit 301 Ziffern",
        ),
        (lambda r: r["steps"][0]["meters"].update(motivation=-1), "„steps.0.meters.motivation“ ist -1"),
        (
            lambda r: r["steps"][0]["meters"].update(befugnis=1e300),
            "ungültiger Wert bei „steps.0.meters.befugnis“",
        ),
        (lambda r: r["start_meters"].update(laune=50), "Unbekannter Wert „laune“ bei „start_meters“"),
        (lambda r: r.update(score=1000), "Die Punktzahl liegt nicht zwischen 0 und 100"),
        (lambda r: r.update(player_key="f" * 32), "Er gehört zu keinem Namen in der Datei"),
    ],
)
def test_records_the_game_cannot_produce_are_refused(
    tmp_path: Path, mini: Scenario, mini_group: GroupData, change: Any, message: str
) -> None:
    document = _group_of_four(mini, mini_group)
    change(document["playthroughs"][0])
    result = import_archive(
        SaveStore(tmp_path / "trainer"), read_archive(write(tmp_path / "x.json", document))
    )
    assert result.added == 4
    assert len(result.refused) == 1 and result.refused[0].startswith("Durchlauf Nr. 1 (id ")
    assert message in result.refused[0]


def test_unknown_scenarios_and_versions_are_imported_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario, mini_group: GroupData
) -> None:
    document = _group_of_four(mini, mini_group)
    document["playthroughs"][0]["scenario_id"] = "gibt_es_nicht"
    document["playthroughs"][1]["scenario_version"] = 7
    document["playthroughs"][2]["scenario_version"] = 7
    path = write(tmp_path / "laptop.json", document)
    code, out, _ = run(capsys, tmp_path / "trainer", "import", str(path))
    assert code == 0 and "5 neu" in out
    assert (
        f"{path}: Warnung: 1 Durchlauf im Szenario „gibt_es_nicht“, das es hier nicht gibt: trotzdem übernommen."
        in out
    )
    assert "2 Durchläufe im Szenario „mini“ in Version 7, hier liegt Version 1: trotzdem übernommen" in out


def test_a_number_too_long_for_python_is_named_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario, mini_group: GroupData
) -> None:
    text = json.dumps(_group_of_four(mini, mini_group), indent=1)
    text = text.replace('"vertrauen": 50', '"vertrauen": 1' + "0" * 4999, 1)
    line = text[: text.index("0" * 4999)].count("\n") + 1
    path = tmp_path / "lang.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, tmp_path / "trainer", "import", str(path))
    assert code == 1 and "Traceback" not in out + err and "keine JSON-Datei" not in err
    assert f"{path}: Zeile {line}: Die Zahl dort hat 5000 Ziffern" in err


def test_truncated_file_says_where_it_ends(tmp_path: Path, mini: Scenario, mini_group: GroupData) -> None:
    text = json.dumps(_group_of_four(mini, mini_group), indent=1)
    path = tmp_path / "halb.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(
        Exception, match=r"keine JSON-Datei \(Zeile \d+, Spalte \d+; vielleicht ist sie unvollständig\)"
    ):
        read_archive(path)


def test_same_code_other_title_is_kept_apart_and_found_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: Scenario, mini_group: GroupData
) -> None:
    trainer = tmp_path / "trainer"
    GroupStore(trainer).add(Group(code=CODE, title="Service März", created_at=START))
    path = write(tmp_path / "laptop.json", archive_data(mini_group, mini, title="Führung"))
    code, out, _ = run(capsys, trainer, "import", str(path))
    assert code == 0 and "5 neu" in out
    groups = GroupStore(trainer).groups()
    apart = next(g for g in groups if g.code != CODE)
    assert (apart.title, apart.imported_code) == ("Führung", CODE)
    assert (
        f"Den Gruppencode {CODE} hat hier schon die Gruppe „Service März“. Die Gruppe „Führung“ aus der "
        f"Datei ist eine andere; damit nichts vermischt wird, steht sie hier getrennt unter dem Code "
        f"{apart.code} (kundenspiel debrief {apart.code})." in out
    )
    store = SaveStore(trainer)
    assert read_group(store, CODE).group_records() == []
    assert len(read_group(store, apart.code).group_records()) == 5
    code, out, _ = run(capsys, trainer, "import", str(path))
    assert "0 neu" in out and "5 schon vorhanden" in out and apart.code in out
    stored = json.loads((trainer / "groups.json").read_text(encoding="utf-8"))["groups"]
    assert len(stored) == 2


def test_a_laptop_that_never_knew_the_group_is_no_clash(
    tmp_path: Path, mini: Scenario, mini_group: GroupData
) -> None:
    trainer = tmp_path / "trainer"
    GroupStore(trainer).add(Group(code=CODE, title="Service März", created_at=START))
    path = write(tmp_path / "laptop.json", archive_data(mini_group, mini, title=f"Gruppe {CODE}"))
    result = import_archive(SaveStore(trainer), read_archive(path))
    assert (result.added, result.warnings) == (5, [])
    assert [g.title for g in GroupStore(trainer).groups()] == ["Service März"]


def test_importing_a_group_twice_stores_it_once(
    tmp_path: Path, mini: Scenario, mini_group: GroupData
) -> None:
    path = write(tmp_path / "laptop.json", archive_data(mini_group, mini))
    store = SaveStore(tmp_path / "trainer")
    import_archive(store, read_archive(path))
    import_archive(store, read_archive(path))
    # groups() de-duplicates by code itself, so look at the file.
    stored = json.loads((tmp_path / "trainer" / "groups.json").read_text(encoding="utf-8"))
    assert [document["code"] for document in stored["groups"].values()] == [CODE]


def test_imported_group_titles_lose_control_characters_but_keep_brackets(
    tmp_path: Path, mini: Scenario, mini_group: GroupData
) -> None:
    path = write(
        tmp_path / "laptop.json", archive_data(mini_group, mini, title="[b]Kurs\x1b[31m\u202e rot\x07")
    )
    import_archive(SaveStore(tmp_path / "trainer"), read_archive(path))
    assert [g.title for g in GroupStore(tmp_path / "trainer").groups()] == ["[b]Kurs [31m rot"]


def test_an_overlong_imported_title_is_cut_to_the_limit(
    tmp_path: Path, mini: Scenario, mini_group: GroupData
) -> None:
    from kundenspiel.store.groups import TITLE_MAX_LENGTH

    path = write(tmp_path / "laptop.json", archive_data(mini_group, mini, title="Kurs " * 1000))
    import_archive(SaveStore(tmp_path / "trainer"), read_archive(path))
    (group,) = GroupStore(tmp_path / "trainer").groups()
    assert group.title.startswith("Kurs Kurs") and TITLE_MAX_LENGTH - 5 < len(group.title) <= TITLE_MAX_LENGTH


def test_a_name_in_other_case_joins_the_known_player(tmp_path: Path, mini: Scenario) -> None:
    store = SaveStore(tmp_path / "trainer")
    local = store.ensure_player("alex")
    record = make_record(mini, "ALEX", ["vertroesten"])
    document = archive_data(GroupData(CODE, "T", {player("ALEX").key: player("ALEX")}, [record]), mini)
    result = import_archive(store, read_archive(write(tmp_path / "alex.json", document)))
    assert result.added == 1
    assert [p.name for p in store.players()] == ["alex"]
    assert [r.id for r in store.playthroughs(local.key)] == [record.id]


def test_a_playthrough_played_on_here_meanwhile_is_a_conflict(
    tmp_path: Path, mini: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kundenspiel.store import PlaythroughConflict

    early = make_record(mini, "Ada", ["nachfragen"])
    store = SaveStore(tmp_path / "trainer")
    store.ensure_player("Ada")
    store.save_playthrough(early)
    later = make_record(mini, "Ada", ["nachfragen", "abgeben"]).model_copy(update={"id": early.id})
    document = archive_data(GroupData(CODE, "T", {player("Ada").key: player("Ada")}, [later]), mini)

    def played_on_meanwhile(record: object) -> None:
        raise PlaythroughConflict(early.id, 9)

    monkeypatch.setattr(store, "save_playthrough", played_on_meanwhile)
    result = import_archive(store, read_archive(write(tmp_path / "ada.json", document)))
    assert (result.added, result.updated) == (0, 0)
    assert len(result.conflicts) == 1 and "wurde hier gerade weitergespielt" in result.conflicts[0]
