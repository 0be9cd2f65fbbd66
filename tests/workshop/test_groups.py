"""Groups in the save folder: codes easy to read aloud, stored safely, damage repaired."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from kundenspiel.store import StoreError
from kundenspiel.store.groups import CODE_ALPHABET, GroupStore, is_generated_code, new_code, normalize_code


def test_codes_avoid_look_alikes() -> None:
    for confusing in "0O1lI2Z5S8B6GQ":
        assert confusing not in CODE_ALPHABET
    codes = {new_code(set()) for _ in range(200)}
    assert all(len(code) == 4 and is_generated_code(code) for code in codes)


def test_new_code_skips_taken_codes() -> None:
    letters = itertools.cycle("AAAACCCC")
    assert new_code({"AAAA"}, lambda _: next(letters)) == "CCCC"


def test_normalize_code_accepts_how_people_write_codes() -> None:
    assert normalize_code(" kr-7m ") == normalize_code("KR 7M") == normalize_code("kr.7m") == "KR7M"


def test_create_and_list(tmp_path: Path) -> None:
    groups = GroupStore(tmp_path)
    first = groups.create("  Servicetraining   März ")
    second = GroupStore(tmp_path).create("Führung")
    assert first.title == "Servicetraining März" and first.code != second.code
    assert [g.code for g in GroupStore(tmp_path).groups()] == [first.code, second.code]
    assert GroupStore(tmp_path).find(first.code.lower()) == first
    assert (tmp_path / "groups.json.bak").exists()  # the previous version is kept


@pytest.mark.parametrize("title", ["", "   ", "x" * 121])
def test_bad_titles_are_refused(tmp_path: Path, title: str) -> None:
    with pytest.raises(StoreError):
        GroupStore(tmp_path).create(title)


def test_damaged_file_is_moved_aside_and_backup_restored(tmp_path: Path) -> None:
    groups = GroupStore(tmp_path)
    first = groups.create("Eins")
    groups.create("Zwei")
    (tmp_path / "groups.json").write_text("{kaputt", encoding="utf-8")
    repaired = GroupStore(tmp_path)
    assert [g.code for g in repaired.groups()] == [first.code]  # the backup before „Zwei“
    notices = repaired.notices()
    assert len(notices) == 1 and "beschädigt" in notices[0].message
    assert list(tmp_path.glob("groups.broken-*.json"))
    json.loads((tmp_path / "groups.json").read_text(encoding="utf-8"))


def _create_groups(root: str, prefix: str, count: int) -> list[str]:
    store = GroupStore(Path(root))
    return [store.create(f"{prefix} {n}").code for n in range(count)]


def test_processes_creating_groups_at_once_lose_nothing(tmp_path: Path) -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(_create_groups, str(tmp_path), f"P{p}", 5) for p in range(4)]
        created = [code for future in futures for code in future.result()]
    stored = [group.code for group in GroupStore(tmp_path).groups()]
    assert len(created) == len(set(created)) == 20
    assert sorted(stored) == sorted(created)


def test_unreadable_group_entries_are_told_once_and_kept(tmp_path: Path) -> None:
    good = {"code": "ACDE", "title": "Gut", "created_at": "2026-11-25T09:00:00+00:00"}
    beyond = {"code": "CDEF", "title": "Zeit", "created_at": "9999-12-31T23:59:59-14:00"}
    (tmp_path / "groups.json").write_text(
        json.dumps({"groups": {"1": good, "2": {"code": 7}, "3": beyond}}), encoding="utf-8"
    )
    groups = GroupStore(tmp_path)
    assert [g.code for g in groups.groups()] == ["ACDE"]
    assert [g.code for g in groups.groups()] == ["ACDE"]
    notices = groups.notices()
    assert [n.message.split("(Nr. ")[1] for n in notices] == ["2) erhalten.", "3) erhalten."]
    assert "unlesbar" in notices[0].message
    assert len(json.loads((tmp_path / "groups.json").read_text(encoding="utf-8"))["groups"]) == 3


def test_titles_are_control_free_however_they_came_in(tmp_path: Path) -> None:
    from kundenspiel.store.groups import Group

    start = "2026-11-25T09:00:00+00:00"
    hand_edited = {"code": "ACDE", "title": "Kurs\x1b[31m\u202e rot\x07", "created_at": start}
    (tmp_path / "groups.json").write_text(json.dumps({"groups": {"1": hand_edited}}), encoding="utf-8")
    groups = GroupStore(tmp_path)
    groups.add(Group.model_validate({"code": "CDEF", "title": "[b]Neu\x00[/b]", "created_at": start}))
    assert [g.title for g in groups.groups()] == ["Kurs [31m rot", "[b]Neu [/b]"]
    assert groups.create("Zwei\u202e\x9b").title == "Zwei"
