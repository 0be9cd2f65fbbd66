"""The catalog: broken files stay visible, and the validated-scenario cache is only a shortcut."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kundenspiel import catalog
from kundenspiel.catalog import load_catalog
from kundenspiel.engine import CheckResult, check_bytes
from kundenspiel.logbook import logger
from tests.conftest import MINI_SCENARIO


def test_playable_and_broken_files(tmp_path: Path) -> None:
    shutil.copy(MINI_SCENARIO, tmp_path / "mini.yaml")
    (tmp_path / "kaputt.yaml").write_text("id: [\n", encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert [s.id for s in catalog.playable] == ["mini"]
    assert [e.path.name for e in catalog.broken] == ["kaputt.yaml"]
    assert catalog.broken[0].errors[0].line == 2
    assert catalog.find("mini") is not None
    assert catalog.find("kaputt") is None


def test_missing_folder_gives_an_empty_catalog(tmp_path: Path) -> None:
    assert load_catalog(tmp_path / "fehlt").entries == ()


def test_own_scenarios_join_the_shipped_ones_and_replace_the_same_id(tmp_path: Path) -> None:
    shipped, own = tmp_path / "shipped", tmp_path / "own"
    shipped.mkdir()
    own.mkdir()
    shutil.copy(MINI_SCENARIO, shipped / "mini.yaml")
    text = MINI_SCENARIO.read_text(encoding="utf-8")
    (shipped / "zweites.yaml").write_text(text.replace("id: mini", "id: zweites"), encoding="utf-8")
    (own / "mini.yaml").write_text(text.replace("title: ", "title: Angepasst – ", 1), encoding="utf-8")
    catalog = load_catalog([shipped, own, tmp_path / "fehlt"])
    assert [(s.id, s.title.startswith("Angepasst")) for s in catalog.playable] == [
        ("zweites", False),
        ("mini", True),
    ]
    assert catalog.replaced == ((shipped / "mini.yaml", own / "mini.yaml"),)
    # Only a later folder replaces: the shipped folder alone keeps its own scenario.
    assert catalog.find("mini") is not None and load_catalog(shipped).replaced == ()


def test_cache_returns_the_same_scenario_and_notices_edits(tmp_path: Path) -> None:
    folder, cache = tmp_path / "scenarios", tmp_path / "cache"
    folder.mkdir()
    shutil.copy(MINI_SCENARIO, folder / "mini.yaml")
    first = load_catalog(folder, cache).playable[0]
    assert len(list(cache.glob("*.json"))) == 1
    second = load_catalog(folder, cache).playable[0]
    assert second == first
    assert second.fingerprint() == first.fingerprint()
    edited = MINI_SCENARIO.read_text(encoding="utf-8").replace('"Die Reklamation"', '"Neu"')
    (folder / "mini.yaml").write_text(edited, encoding="utf-8")
    assert load_catalog(folder, cache).playable[0].title == "Neu"
    assert len(list(cache.glob("*.json"))) == 2


def test_a_damaged_cache_entry_falls_back_to_a_full_check(tmp_path: Path) -> None:
    folder, cache = tmp_path / "scenarios", tmp_path / "cache"
    folder.mkdir()
    shutil.copy(MINI_SCENARIO, folder / "mini.yaml")
    load_catalog(folder, cache)
    for entry in cache.glob("*.json"):
        entry.write_text("{kaputt", encoding="utf-8")
    assert [s.id for s in load_catalog(folder, cache).playable] == ["mini"]


def test_broken_files_are_never_cached(tmp_path: Path) -> None:
    folder, cache = tmp_path / "scenarios", tmp_path / "cache"
    folder.mkdir()
    (folder / "kaputt.yaml").write_text("id: [\n", encoding="utf-8")
    load_catalog(folder, cache)
    assert not cache.exists() or not list(cache.glob("*.json"))


def test_an_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(MINI_SCENARIO, folder / "mini.yaml")
    blocker = tmp_path / "cache"
    blocker.write_text("eine Datei, kein Ordner", encoding="utf-8")
    assert [s.id for s in load_catalog(folder, blocker).playable] == ["mini"]


def test_a_cache_hit_skips_the_check_and_an_edit_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = tmp_path / "scenarios", tmp_path / "cache"
    folder.mkdir()
    shutil.copy(MINI_SCENARIO, folder / "mini.yaml")
    first = load_catalog(folder, cache).playable[0]
    checked: list[str] = []

    def refuse(data: bytes, path: str, *, expected_id: str | None = None) -> CheckResult:
        checked.append(Path(path).name)
        raise AssertionError("an unchanged file must come from the cache")

    monkeypatch.setattr(catalog, "check_bytes", refuse)
    monkeypatch.setattr(catalog, "check_file", refuse)
    second = load_catalog(folder, cache)
    assert checked == []
    assert second.playable == [first]
    assert not second.broken

    monkeypatch.undo()
    real_check = check_bytes

    def counting(data: bytes, path: str, *, expected_id: str | None = None) -> CheckResult:
        checked.append(Path(path).name)
        return real_check(data, path, expected_id=expected_id)

    monkeypatch.setattr(catalog, "check_bytes", counting)
    edited = MINI_SCENARIO.read_text(encoding="utf-8").replace('"Die Reklamation"', '"Neu"')
    (folder / "mini.yaml").write_text(edited, encoding="utf-8")
    assert load_catalog(folder, cache).playable[0].title == "Neu"
    assert checked == ["mini.yaml"]
    assert load_catalog(folder, cache).playable[0].title == "Neu"
    assert checked == ["mini.yaml"]  # the edited file is cached in its turn


def test_an_unexpected_error_in_one_file_leaves_the_others_playable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # The error log does not propagate to the root logger, where caplog listens by default.
    monkeypatch.setattr(logger, "handlers", [caplog.handler])
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(MINI_SCENARIO, folder / "mini.yaml")
    shutil.copy(MINI_SCENARIO, folder / "zweite.yaml")
    real_check = check_bytes

    def fragile(data: bytes, path: str, *, expected_id: str | None = None) -> CheckResult:
        if path.endswith("mini.yaml"):
            raise RuntimeError("a bug in a check")
        return real_check(data, path, expected_id=expected_id)

    monkeypatch.setattr(catalog, "check_bytes", fragile)
    result = load_catalog(folder, tmp_path / "cache")
    assert [e.path.name for e in result.broken] == ["mini.yaml"]
    (error,) = result.broken[0].errors
    assert (error.line, error.column) == (1, 1)
    assert "interner Fehler RuntimeError" in error.message
    assert [e.path.name for e in result.entries if e.scenario is not None] == ["zweite.yaml"]
    assert "RuntimeError: a bug in a check" in caplog.text


def test_cache_is_never_written_through_a_planted_link(tmp_path: Path) -> None:
    folder, cache = tmp_path / "scenarios", tmp_path / "cache"
    folder.mkdir()
    cache.mkdir()
    shutil.copy(MINI_SCENARIO, folder / "mini.yaml")
    victim = tmp_path / "opfer.txt"
    victim.write_text("unverändert", encoding="utf-8")
    # The name the old code used for its temporary file.
    data = (folder / "mini.yaml").read_bytes()
    key = catalog._cache_key(data)
    (cache / f"{key}.{os.getpid()}.tmp").symlink_to(victim)
    assert [s.id for s in load_catalog(folder, cache).playable] == ["mini"]
    assert victim.read_text(encoding="utf-8") == "unverändert"
    assert not (cache / f"{key}.json").is_symlink()
