"""Hostile or broken files get one clear diagnostic, quickly, and never a traceback."""

from __future__ import annotations

import time

import pytest

from kundenspiel.engine.yaml_input import MAX_FILE_BYTES
from kundenspiel.engine.yaml_source import MAX_NESTING_DEPTH
from tests.conftest import CheckText, formatted

ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_before_it_expands(check_text: CheckText) -> None:
    started = time.perf_counter()
    result = check_text(ALIAS_BOMB)
    elapsed = time.perf_counter() - started
    lines = formatted(result)
    assert lines[0] == (
        "probe.yaml:1:4: error: Anker „&a“: Anker und Verweise sind in Szenarien nicht erlaubt"
        " – schreibe den Inhalt aus"
    )
    assert any(line.startswith("probe.yaml:2:8: error: Verweis „*a“") for line in lines)
    assert result.scenario is None
    # Generous bound: an expanding bomb would take minutes and gigabytes, not seconds.
    assert elapsed < 5


def test_merge_keys_need_aliases_and_are_refused(check_text: CheckText) -> None:
    result = check_text("basis: &basis {id: a}\nnodes:\n  - <<: *basis\n")
    assert [line.split(": ")[0] for line in formatted(result)] == ["probe.yaml:1:8", "probe.yaml:3:9"]


def test_file_over_one_mebibyte_is_refused_without_parsing(check_text: CheckText) -> None:
    result = check_text("# " + "x" * MAX_FILE_BYTES + "\n")
    assert formatted(result) == [
        "probe.yaml:1:1: error: Datei ist zu groß: 1.048.579 Bytes; erlaubt sind höchstens "
        "1.048.576 Bytes (1 MiB)"
    ]


def test_oversized_bytes_get_the_same_message_without_a_file() -> None:
    from kundenspiel.engine import check_bytes

    result = check_bytes(b"x" * (MAX_FILE_BYTES + 1), "gross.yaml")
    assert [d.format() for d in result.diagnostics] == [
        "gross.yaml:1:1: error: Datei ist zu groß: 1.048.577 Bytes; erlaubt sind höchstens "
        "1.048.576 Bytes (1 MiB)"
    ]


def test_competency_list_with_a_nested_list_is_an_error_not_a_crash(
    check_text: CheckText, mini_text: str
) -> None:
    result = check_text(mini_text.replace("competencies: [zuhoeren]", "competencies: [[zuhoeren]]"))
    assert formatted(result) == [
        "probe.yaml:43:24: error: hier wird eine Kompetenz-id erwartet, gefunden: eine Liste"
    ]


def test_binary_content(check_text: CheckText) -> None:
    result = check_text(b"id: a\ntitle: \x00\x01\x02\xff")
    assert formatted(result) == [
        "probe.yaml:2:8: error: Binärdatei (enthält Null-Bytes): keine Szenario-Datei"
    ]


def test_non_utf8_text_names_line_and_column(check_text: CheckText) -> None:
    result = check_text("id: a\ntitle: Gr\xfc\xdfe\n".encode("latin-1"))
    assert formatted(result) == [
        "probe.yaml:2:10: error: kein gültiges UTF-8 (Byte 0xFC): bitte die Datei als UTF-8 speichern"
    ]


def test_control_character_is_named_at_its_position(check_text: CheckText) -> None:
    result = check_text('id: a\ntitle: "Gr\x0cüße"\n')
    assert formatted(result) == [
        "probe.yaml:2:11: error: unerlaubtes Steuerzeichen U+000C (unsichtbar, oft aus kopiertem Text): bitte löschen"
    ]


def test_utf8_byte_order_mark_is_accepted(check_text: CheckText, mini_text: str) -> None:
    result = check_text(b"\xef\xbb\xbf" + mini_text.encode())
    assert result.diagnostics == []


def test_tabs_in_indentation_are_reported_per_line(check_text: CheckText) -> None:
    result = check_text("id: a\nstart:\n\tnode: b\n  meters:\n  \tx: 1\n")
    assert formatted(result) == [
        "probe.yaml:3:1: error: Tabulator in der Einrückung: YAML erlaubt nur Leerzeichen",
        "probe.yaml:5:3: error: Tabulator in der Einrückung: YAML erlaubt nur Leerzeichen",
    ]


@pytest.mark.parametrize(
    "content",
    ["[" * 5000, "{a: " * 5000, "".join("  " * level + "-\n" for level in range(200))],
    ids=["flow-lists", "flow-maps", "block-lists"],
)
def test_deep_nesting_is_refused(check_text: CheckText, content: str) -> None:
    result = check_text(content)
    lines = formatted(result)
    assert len(lines) == 1
    assert f"zu tief verschachtelt (mehr als {MAX_NESTING_DEPTH} Ebenen)" in lines[0]


def test_huge_condition_is_refused(check_text: CheckText, mini_text: str) -> None:
    text = mini_text.replace('"befugnis >= 50"', '"' + "nicht " * 400 + 'rueckruf"')
    lines = formatted(check_text(text))
    assert lines == ["probe.yaml:31:21: error: Bedingung: zu lang (2408 Zeichen, höchstens 500)"]


def test_directory_and_missing_file(tmp_path: pytest.TempPathFactory, check_text: CheckText) -> None:
    from pathlib import Path

    from kundenspiel.engine import check_file

    folder = Path(str(tmp_path)) / "ordner.yaml"
    folder.mkdir()
    assert check_file(folder).diagnostics[0].message == "das ist ein Ordner, keine Datei"
    missing = check_file(Path(str(tmp_path)) / "fehlt.yaml")
    assert missing.diagnostics[0].format().endswith("fehlt.yaml:1:1: error: Datei nicht gefunden")


@pytest.mark.parametrize(
    "content",
    [
        "[1, 2",
        "id: [",
        "? [a, b]\n: c\n",
        "!!python/object:os.system {}\n",
        "id: !!binary aGVsbG8=\n",
        "%YAML 1.1\n---\nid: a\n",
        "id: a\n...\n---\nid: b\n",
        "\x1b[31mred\x1b[0m: 1\n",
        "'" * 10_000,
        "a:\n" + "  " * 3 + "b: c\n d: e\n",
    ],
)
def test_garbage_never_raises(check_text: CheckText, content: str) -> None:
    result = check_text(content)
    assert result.scenario is None
    assert result.errors, "garbage must produce at least one error"
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
