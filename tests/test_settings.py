"""config.toml: read strictly with German notices, written atomically, never through a link, a
damaged file set aside rather than overwritten, the keys the game does not know kept."""

from __future__ import annotations

import errno
import math
import os
import tomllib
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from textual.theme import BUILTIN_THEMES

from kundenspiel.settings import (
    Settings,
    encode_settings,
    read_settings,
    remember_theme,
    theme_names,
    write_settings,
)

WHEN = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "kundenspiel" / "config.toml"


def write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def set_aside_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob("config.broken-*.toml"))


def test_theme_names_are_textuals_builtin_themes_sorted() -> None:
    assert theme_names() == sorted(BUILTIN_THEMES)


def test_a_missing_file_or_folder_gives_the_defaults_silently(config: Path) -> None:
    assert read_settings(config) == (Settings(), [])
    assert not config.parent.exists()


def test_a_theme_and_other_keys_are_read(config: Path) -> None:
    write(config, 'theme = "nord"\nsound = false\n[later]\nx = 1\n')
    settings, notices = read_settings(config)
    assert notices == []
    assert settings.theme == "nord"
    assert settings.other == {"sound": False, "later": {"x": 1}}


def test_no_theme_key_is_the_default_theme_without_a_notice(config: Path) -> None:
    write(config, "# nothing yet\n")
    assert read_settings(config) == (Settings(), [])


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("theme = nord\n", "kein gültiges TOML (Zeile 1, Spalte 9)"),
        ('theme = "nord"\ntheme = "dracula"\n', "kein gültiges TOML (Zeile 2"),
        ("theme = 3\n", "„theme“ muss ein Text in Anführungszeichen sein, ist aber eine Zahl"),
        ("theme = true\n", "ist aber ein Wahrheitswert"),
        ('theme = ["nord"]\n', "ist aber eine Liste"),
        ("[theme]\nname = 'nord'\n", "ist aber eine Tabelle"),
        ('theme = "pink-unicorn"\n', "Ein Farbschema „pink-unicorn“ gibt es nicht"),
        (b'theme = "nord\xff"\n', "kein UTF-8-Text"),
    ],
    ids=["unquoted", "twice", "number", "bool", "list", "table", "unknown", "not-utf8"],
)
def test_a_damaged_file_gives_the_defaults_and_one_german_notice_naming_file_and_problem(
    config: Path, content: str | bytes, problem: str
) -> None:
    write(config, content)
    settings, notices = read_settings(config)
    assert settings.theme is None
    assert len(notices) == 1
    assert str(config) in notices[0]
    assert problem in notices[0]
    assert "beiseitegelegt" in notices[0]


def test_control_characters_in_an_unknown_theme_are_shown_escaped(config: Path) -> None:
    write(config, 'theme = "evil\\u001b[31m"\n')
    _, notices = read_settings(config)
    assert "\x1b" not in notices[0]
    assert "evil\\x1b[31m" in notices[0]


def test_a_wrong_theme_keeps_the_other_keys(config: Path) -> None:
    write(config, 'theme = "pink-unicorn"\nsound = true\n')
    settings, _ = read_settings(config)
    assert settings.other == {"sound": True}


def test_themes_registered_by_the_app_count_as_known(config: Path) -> None:
    write(config, 'theme = "hauseigen"\n')
    settings, notices = read_settings(config, known_themes=["hauseigen"])
    assert (settings.theme, notices) == ("hauseigen", [])


def test_a_link_is_not_followed(config: Path, tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere.toml", 'theme = "nord"\n')
    config.parent.mkdir(parents=True)
    config.symlink_to(target)
    settings, notices = read_settings(config)
    assert settings.theme is None
    assert "symbolischer Link" in notices[0]


def test_a_folder_in_the_files_place_is_reported(config: Path) -> None:
    config.mkdir(parents=True)
    _, notices = read_settings(config)
    assert "Ordner" in notices[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_files_place_does_not_hang_the_start(config: Path) -> None:
    config.parent.mkdir(parents=True)
    os.mkfifo(config)
    _, notices = read_settings(config)
    assert "keine gewöhnliche Datei" in notices[0]


def test_a_huge_file_is_not_read(config: Path) -> None:
    write(config, "# " + "x" * (2 << 20) + "\n")
    _, notices = read_settings(config)
    assert "zu groß" in notices[0]


def test_writing_creates_the_folder_and_the_file_reads_back(config: Path) -> None:
    write_settings(config, Settings(theme="nord"))
    assert read_settings(config) == (Settings(theme="nord"), [])
    assert config.read_text(encoding="utf-8").startswith("# kundenspiel")
    assert [path.name for path in config.parent.iterdir()] == ["config.toml"]  # no temp, no backup


def test_every_kind_of_toml_value_survives_a_rewrite(config: Path) -> None:
    other = {
        "text": 'Anführungszeichen " und \\ und \t, Zeile\nneu, \x01 \x7f, Emoji 🙂',
        "spät": "Schlüssel mit Umlaut",
        "mit leerzeichen": 1,
        "": "leerer Schlüssel",
        "ganz": -7,
        "komma": 0.1,
        "groß": 1e300,
        "unendlich": -math.inf,
        "an": True,
        "zeit": datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=UTC),
        "ortszeit": datetime(2026, 1, 2, 3, 4, 5),
        "tag": date(2026, 1, 2),
        "uhr": time(3, 4, 5),
        "liste": [1, "zwei", [3.5], {"innen": "tabelle"}],
        "leer": [],
        "tabelle": {"a": 1, "b": {"c": "tief", "d": {"e": []}}, "f": [{"g": 1}]},
        "leere tabelle": {},
    }
    text = encode_settings(Settings(theme="rose-pine-dawn", other=other))
    assert tomllib.loads(text) == {"theme": "rose-pine-dawn", **other}


def test_nan_is_written_as_toml_nan() -> None:
    loaded = tomllib.loads(encode_settings(Settings(other={"x": math.nan})))
    assert math.isnan(loaded["x"])


def test_writing_replaces_a_link_without_touching_its_target(config: Path, tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere.toml", "geheim = 1\n")
    config.parent.mkdir(parents=True)
    config.symlink_to(target)
    write_settings(config, Settings(theme="nord"))
    assert target.read_text() == "geheim = 1\n"
    assert not config.is_symlink()
    assert read_settings(config)[0].theme == "nord"


def test_remembering_keeps_the_other_keys_and_the_fresh_edits(config: Path) -> None:
    write(config, 'theme = "nord"\nsound = false\n[sprache]\nname = "de"\n')
    assert remember_theme(config, "dracula", WHEN) == []
    assert tomllib.loads(config.read_text()) == {
        "theme": "dracula",
        "sound": False,
        "sprache": {"name": "de"},
    }
    assert set_aside_files(config) == []


def test_a_damaged_file_is_set_aside_byte_for_byte_before_the_new_one_is_written(config: Path) -> None:
    damaged = b'theme = "nord\n\xff kaputt'
    write(config, damaged)
    notices = remember_theme(config, "dracula", WHEN)
    aside = set_aside_files(config)
    assert len(aside) == 1
    assert aside[0].read_bytes() == damaged
    assert aside[0].name.startswith("config.broken-2026")
    assert str(aside[0]) in notices[0]
    assert read_settings(config) == (Settings(theme="dracula"), [])


def test_a_second_damaged_file_in_the_same_second_does_not_replace_the_first(config: Path) -> None:
    write(config, "eins = \n")
    remember_theme(config, "nord", WHEN)
    write(config, "zwei = \n")
    remember_theme(config, "nord", WHEN)
    assert sorted(path.read_text() for path in set_aside_files(config)) == ["eins = \n", "zwei = \n"]


def test_a_valid_toml_with_a_wrong_theme_is_set_aside_and_its_other_keys_kept(config: Path) -> None:
    write(config, "theme = 42\nsound = true\n")
    remember_theme(config, "nord", WHEN)
    assert [path.read_text() for path in set_aside_files(config)] == ["theme = 42\nsound = true\n"]
    assert tomllib.loads(config.read_text()) == {"theme": "nord", "sound": True}


def test_a_link_is_set_aside_as_the_link_and_its_target_never_written(config: Path, tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere.toml", 'theme = "nord"\n')
    config.parent.mkdir(parents=True)
    config.symlink_to(target)
    remember_theme(config, "dracula", WHEN)
    assert target.read_text() == 'theme = "nord"\n'
    (aside,) = set_aside_files(config)
    assert aside.is_symlink()
    assert aside.readlink() == target
    assert not config.is_symlink()
    assert read_settings(config)[0].theme == "dracula"


def test_a_full_disk_raises_and_leaves_the_old_file(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(config, 'theme = "nord"\n')

    def no_space(*args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(OSError):
        remember_theme(config, "dracula", WHEN)
    monkeypatch.undo()
    assert config.read_text() == 'theme = "nord"\n'
    assert [path.name for path in config.parent.iterdir()] == ["config.toml"]
