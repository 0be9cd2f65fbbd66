"""The player's settings in ``config.toml``: for now the colour theme chosen in the game.

Plain Python and cheap to import (the command line checks ``--theme`` with it before Textual is
loaded). The file is meant to be edited by hand, so it is TOML, and every problem with it is
reported in German with the file and what is wrong; the game then starts with the defaults and
never overwrites the damaged file silently: it is set aside first (``config.broken-….toml``).

Nothing here writes through a symbolic link: a link at the file's place counts as damaged, is
not followed when reading, and is set aside as the link itself before a new file is written.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

# Textual's built-in themes (textual.theme.BUILTIN_THEMES, Textual 8.2.8), written out so that
# checking a name does not import Textual; tests/test_settings.py keeps the two in step.
_BUILTIN_THEMES = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)
HEADER = (
    "# kundenspiel: deine Einstellungen. Das Spiel schreibt diese Datei, wenn du ein Farbschema\n"
    "# wählst (Strg+P → „Farbschema wählen“, F2 für hell/dunkel); du kannst sie auch selbst ändern.\n"
)
MAX_BYTES = 1 << 20
"""A settings file is a few lines; anything bigger is not one (and is not read into memory)."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# O_NONBLOCK: a FIFO planted in the file's place must not hang the start in open().
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_TYPE_NAMES = {
    bool: "ein Wahrheitswert",
    int: "eine Zahl",
    float: "eine Zahl",
    list: "eine Liste",
    dict: "eine Tabelle",
    datetime: "ein Zeitpunkt",
    date: "ein Datum",
    time: "eine Uhrzeit",
}


def theme_names() -> list[str]:
    """The names of Textual's built-in colour themes, sorted: what ``--theme`` accepts."""
    return sorted(_BUILTIN_THEMES)


@dataclass(frozen=True)
class Settings:
    """What ``config.toml`` holds: the theme (None: Textual's default) and any other keys,
    which the game does not use but keeps when it rewrites the file."""

    theme: str | None = None
    other: Mapping[str, Any] = field(default_factory=dict)


class _UnusableFileError(Exception):
    """The file exists but cannot be used; the message says why, in German."""


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None if it (or its folder) does not exist; never through a link."""
    if not _NOFOLLOW and os.path.islink(path):
        raise _UnusableFileError("Die Datei ist ein symbolischer Link, ihm folgt kundenspiel nicht")
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        # ELOOP on Linux, other codes elsewhere: a link is a link.
        if os.path.islink(path):
            raise _UnusableFileError(
                "Die Datei ist ein symbolischer Link, ihm folgt kundenspiel nicht"
            ) from None
        if error.errno == errno.EISDIR:
            raise _UnusableFileError("Das ist ein Ordner, keine Datei") from None
        raise
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise _UnusableFileError("Das ist ein Ordner, keine Datei")
        if not stat.S_ISREG(mode):
            raise _UnusableFileError("Das ist keine gewöhnliche Datei")
        chunks = []
        size = 0
        while size <= MAX_BYTES and (chunk := os.read(descriptor, 1 << 16)):
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:
            raise _UnusableFileError("Die Datei ist zu groß für eine Einstellungsdatei (über 1 MB)")
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _toml_problem(error: tomllib.TOMLDecodeError) -> str:
    where = _TOML_POSITION.search(str(error))
    position = f" (Zeile {where[1]}, Spalte {where[2]})" if where else ""
    return (
        f'Die Datei ist kein gültiges TOML{position}. Texte stehen in Anführungszeichen, z. B. theme = "nord"'
    )


def _type_name(value: object) -> str:
    return next((name for kind, name in _TYPE_NAMES.items() if isinstance(value, kind)), "kein Text")


def _parse(raw: bytes, known_themes: Iterable[str]) -> tuple[Settings, str | None]:
    """The settings in ``raw`` and what is wrong with them (None if nothing)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Settings(), "Die Datei ist kein UTF-8-Text"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(), _toml_problem(error)
    theme = data.pop("theme", None)
    if theme is None:
        return Settings(other=data), None
    if not isinstance(theme, str):
        return Settings(
            other=data
        ), f"„theme“ muss ein Text in Anführungszeichen sein, ist aber {_type_name(theme)}"
    if theme not in set(known_themes):
        return (
            Settings(other=data),
            f"Ein Farbschema „{_visible(theme)}“ gibt es nicht; Strg+P → „Farbschema wählen“ zeigt alle",
        )
    return Settings(theme=theme, other=data), None


def read_settings(path: Path, known_themes: Iterable[str] | None = None) -> tuple[Settings, list[str]]:
    """The settings in ``path`` and German notices about it (blocking, but one small file).

    A missing file or folder gives the defaults without a notice; a damaged file (not TOML, a
    wrong type, an unknown theme, a link, a folder) gives the defaults (keeping the other keys
    where the TOML itself is fine) and one notice naming the file and the problem.
    """
    try:
        raw = _read_bytes(path)
    except _UnusableFileError as unusable:
        return Settings(), [_notice(path, str(unusable))]
    except OSError as error:
        return Settings(), [_notice(path, f"Die Datei lässt sich nicht lesen ({_reason(error)})")]
    if raw is None:
        return Settings(), []
    settings, problem = _parse(raw, theme_names() if known_themes is None else known_themes)
    return settings, [] if problem is None else [_notice(path, problem)]


def _notice(path: Path, problem: str) -> str:
    return (
        f"Deine Einstellungen in {_shown(path)} gelten nicht: {problem}. Das Spiel nutzt das "
        "Standard-Farbschema; wählst du eines, wird die Datei vorher beiseitegelegt."
    )


def _visible(text: str) -> str:
    from kundenspiel.safe_text import visible

    return visible(text)


def _shown(path: Path) -> str:
    return _visible(str(path))


def _reason(error: OSError) -> str:
    from kundenspiel.commands.common import os_reason

    return os_reason(error)


def _string(text: str) -> str:
    escaped = (
        _ESCAPES.get(char) or (f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char)
        for char in text
    )
    return '"' + "".join(escaped) + '"'


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(value: object) -> str:
    """One TOML value on one line (tables inside arrays or tables become inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _table_lines(prefix: str, table: Mapping[str, Any]) -> Iterator[str]:
    """``[prefix]`` with its plain values, then its sub-tables as ``[prefix.name]``."""
    yield f"\n[{prefix}]"
    for key, value in table.items():
        if not isinstance(value, dict):
            yield f"{_key(key)} = {_value(value)}"
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _table_lines(f"{prefix}.{_key(key)}", value)


def encode_settings(settings: Settings) -> str:
    """The TOML text for ``settings``: a comment, the theme, then the other keys as they were."""
    lines = [HEADER.rstrip("\n")]
    if settings.theme is not None:
        lines.append(f"theme = {_string(settings.theme)}")
    other = {key: value for key, value in settings.other.items() if key != "theme"}
    # TOML wants every plain key of the top level before the first [table].
    lines += [f"{_key(key)} = {_value(value)}" for key, value in other.items() if not isinstance(value, dict)]
    for key, value in other.items():
        if isinstance(value, dict):
            lines += _table_lines(_key(key), value)
    return "\n".join(lines) + "\n"


def write_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` to ``path`` in one step (temp file, fsync, rename), creating the folder
    if needed; a link at ``path`` is replaced, never written through. OSError on disk problems."""
    from kundenspiel.store.files import replace_atomically

    payload = encode_settings(settings).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, payload, keep_backup=False)


def _aside_names(path: Path, when: datetime) -> Iterator[Path]:
    base = f"{path.stem}.broken-{when.astimezone().strftime('%Y%m%d-%H%M%S')}"
    counter = 1
    while True:
        yield path.with_name(f"{base}{'' if counter == 1 else f'-{counter}'}{path.suffix}")
        counter += 1


def set_aside(path: Path, when: datetime) -> Path:
    """Rename a damaged settings file to ``<stem>.broken-<YYYYmmdd-HHMMSS><suffix>`` (``-2``,
    ``-3`` … if taken) and return the new name. Nothing existing is overwritten, and a link is
    moved as the link, its target never touched."""
    for target in _aside_names(path, when):
        try:
            # link() refuses an existing name, where rename() would silently replace it.
            os.link(path, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            if os.path.lexists(target):
                continue
            os.rename(path, target)  # a folder, or a file system without hard links
        else:
            path.unlink()
        return target
    raise AssertionError("unreachable: _aside_names never ends")


def remember_theme(path: Path, theme: str, when: datetime) -> list[str]:
    """Store ``theme`` in ``path``, keeping the file's other keys; return German notices.

    The file is read again first, as it may have been edited (or repaired) since the start; if it
    is damaged now, it is set aside before the new one is written, and a notice says where it
    went. OSError (a full disk, a read-only folder) when it cannot be written.
    """
    current, problems = read_settings(path)
    notices = []
    if problems and os.path.lexists(path):
        aside = set_aside(path, when)
        notices.append(f"Die fehlerhafte Einstellungsdatei liegt jetzt unter {_shown(aside)}.")
    write_settings(path, Settings(theme=theme, other=current.other))
    return notices
