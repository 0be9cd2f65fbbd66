"""Exports: JSON round trip and import, CSV for Excel, Markdown, HTML with charts."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kundenspiel.engine import Scenario
from kundenspiel.store import SaveStore
from kundenspiel.store.groups import Group, GroupStore
from kundenspiel.workshop.aggregate import GroupData, aggregate
from kundenspiel.workshop.archive import (
    ArchiveError,
    archive_json,
    build_archive,
    import_archive,
    read_archive,
)
from kundenspiel.workshop.collect import read_group
from kundenspiel.workshop.report import html_report
from kundenspiel.workshop.tables import csv_decisions, csv_runs, markdown
from tests.workshop.conftest import CODE, START, make_record, player, write_to_store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def export_file(tmp_path: Path, data: GroupData, mini: Scenario, name: str = "export.json") -> Path:
    debrief = aggregate(data, [mini])
    path = tmp_path / name
    path.write_text(
        archive_json(build_archive(data, debrief, Group(code=CODE, title="Test", created_at=START), NOW)),
        encoding="utf-8",
    )
    return path


def test_json_round_trip_gives_the_same_debrief(
    tmp_path: Path, mini: Scenario, mini_group: GroupData
) -> None:
    source = write_to_store(tmp_path / "laptop", mini_group)
    GroupStore(source.root).add(Group(code=CODE, title="Test", created_at=START))
    data = read_group(source, CODE)
    path = export_file(tmp_path, data, mini)
    target = SaveStore(tmp_path / "trainer")
    result = import_archive(target, read_archive(path))
    assert (result.added, result.updated, result.conflicts) == (5, 0, [])  # Ben has two playthroughs
    assert GroupStore(target.root).find(CODE) is not None
    assert aggregate(read_group(target, CODE), [mini]) == aggregate(data, [mini])


def test_importing_twice_adds_nothing(tmp_path: Path, mini: Scenario, mini_group: GroupData) -> None:
    path = export_file(tmp_path, mini_group, mini)
    store = SaveStore(tmp_path / "trainer")
    import_archive(store, read_archive(path))
    before = sorted((tmp_path / "trainer" / "players").glob("*.json"))
    contents = [p.read_bytes() for p in before]
    again = import_archive(store, read_archive(path))
    assert (again.added, again.updated, again.unchanged, again.conflicts) == (0, 0, 5, [])
    assert [p.read_bytes() for p in before] == contents
    assert len(GroupStore(store.root).groups()) == 1


def test_newer_copy_updates_and_conflicts_are_reported(tmp_path: Path, mini: Scenario) -> None:
    early = make_record(mini, "Ada", ["nachfragen"])
    players = {player("Ada").key: player("Ada")}
    first = export_file(tmp_path, GroupData(CODE, "T", players, [early]), mini, "early.json")
    later = early.model_copy(
        update={"steps": make_record(mini, "Ada", ["nachfragen", "abgeben"]).steps, "status": "beendet"}
    )
    second = export_file(tmp_path, GroupData(CODE, "T", players, [later]), mini, "later.json")
    other = early.model_copy(update={"steps": make_record(mini, "Ada", ["vertroesten"]).steps})
    third = export_file(tmp_path, GroupData(CODE, "T", players, [other]), mini, "other.json")
    store = SaveStore(tmp_path / "trainer")
    assert import_archive(store, read_archive(first)).added == 1
    assert import_archive(store, read_archive(second)).updated == 1
    assert import_archive(store, read_archive(first)).unchanged == 1  # older copy: nothing changes
    clash = import_archive(store, read_archive(third))
    assert len(clash.conflicts) == 1 and "Ada" in clash.conflicts[0]
    kept = store.playthroughs(player("Ada").key)
    assert [s.choice_id for s in kept[0].steps] == ["nachfragen", "abgeben"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "keine JSON-Datei"),
        (b"\xff\xfe", "keine JSON-Datei"),
        (b"[1, 2]", "kein Gruppenexport"),
        (b'{"format": "kundenspiel-gruppe", "version": 99}', "Version 99"),
        (b'{"format": "kundenspiel-gruppe", "version": 1, "group": {}}', "beschädigt"),
    ],
)
def test_broken_import_files_give_a_german_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "kaputt.json"
    path.write_bytes(content)
    with pytest.raises(ArchiveError, match=message):
        read_archive(path)
    with pytest.raises(ArchiveError, match="gibt es nicht"):
        read_archive(tmp_path / "fehlt.json")


def test_csv_reads_back_with_umlauts_and_semicolons(mini: Scenario, mini_group: GroupData) -> None:
    debrief = aggregate(mini_group, [mini])
    text = csv_runs(debrief)
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert len(rows) == 4
    assert rows[0]["Teilnehmende"] == "Person 1" and rows[0]["Szenario-Titel"] == "Die Reklamation"
    assert {row["Status"] for row in rows} == {"beendet", "läuft noch"}
    named = list(csv.DictReader(io.StringIO(csv_runs(debrief, names=True)[1:], newline=""), delimiter=";"))
    assert [row["Teilnehmende"] for row in named] == ["Ada", "Ben", "Cem", "Dana"]
    decisions = list(csv.DictReader(io.StringIO(csv_decisions(debrief)[1:], newline=""), delimiter=";"))
    assert len(decisions) == 3 + 2 + 1 + 1
    assert decisions[0]["Gesperrte Antworten"] == "Sofort einen neuen Wasserkocher geben."
    assert decisions[0]["Auswahl"] == "„Erzählen Sie mir, was genau passiert ist.“"
    # The generated runs take one second per step.
    assert {row["Sekunden bis zur Wahl"] for row in decisions} == {"1,0"}


def test_csv_never_starts_a_cell_with_a_formula(mini: Scenario) -> None:
    name = '=HYPERLINK("x")'
    data = GroupData(CODE, "T", {player(name).key: player(name)}, [make_record(mini, name, ["vertroesten"])])
    rows = list(
        csv.reader(io.StringIO(csv_runs(aggregate(data, [mini]), names=True)[1:], newline=""), delimiter=";")
    )
    assert rows[1][1] == "'" + name


class Collector(HTMLParser):
    """Collects tags, headings and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        for attribute in ("src", "href"):
            if values.get(attribute):
                self.sources.append(str(values[attribute]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_has_charts_for_every_scenario(mini: Scenario, mini_group: GroupData) -> None:
    from kundenspiel.engine import load_scenario
    from tests.conftest import SCENARIO_DIR

    other = load_scenario(SCENARIO_DIR / "keine_befugnis.yaml")
    from tests.ui.seed import first_available_path

    records = [
        *mini_group.records,
        make_record(other, "Ada", first_available_path("keine_befugnis"), minute=20),
    ]
    debrief = aggregate(GroupData(CODE, "Täst <b>", mini_group.players, records), [mini, other])
    parser = Collector()
    parser.feed(html_report(debrief))
    text = "".join(parser.text)
    assert [i for i in parser.ids if i.startswith("szenario-")] == [
        "szenario-mini",
        "szenario-keine_befugnis",
    ]
    assert "Die Reklamation" in text and other.title in text
    # Per scenario a histogram and a flow; a share bar for every choice of every decision.
    charts = parser.tags.count("svg")
    choices = sum(len(d.choices) for s in debrief.scenarios for d in s.decisions)
    assert charts >= 2 * 2 + choices
    assert "Täst <b>" in text and "<b>" not in [t for t in parser.tags if t == "b"]
    # Self-contained: the only links are to the report's own decisions.
    assert parser.sources and all(source.removeprefix("#") in parser.ids for source in parser.sources)
    assert "Ada" not in text  # anonymous unless asked


def test_markdown_lists_every_decision(mini: Scenario, mini_group: GroupData) -> None:
    text = markdown(aggregate(mini_group, [mini]))
    assert text.count("### Entscheidung") == 3
    # Shares of people: Ben's abandoned first run does not count, his finished one does.
    assert "| 2 | „Erzählen Sie mir, was genau passiert ist.“ | 3 | 75\u00a0% |" in text
    assert "Person 4" in text and "Dana" not in text
    # The facilitator's lines per choice: coaching, the lock's condition and who saw it, who, endings.
    assert (
        "- **1.** Coaching: Wer entscheiden darf, kann den echten Bedarf sofort erfüllen. · "
        "4 Personen sahen sie gesperrt; wählbar nur bei: Entscheidungsbefugnis mindestens 50.\n"
    ) in text
    assert "Gewählt von: Person 1, Person 2, Person 4 · Endeten 50\u00a0% bei „Zufrieden“" in text
    assert "Von denen, die „Erzählen Sie mir, was genau passiert ist.“ wählten (2 beendet), endeten" in text


def test_json_export_is_readable_and_carries_names(
    tmp_path: Path, mini: Scenario, mini_group: GroupData
) -> None:
    data = json.loads(export_file(tmp_path, mini_group, mini).read_text(encoding="utf-8"))
    assert data["format"] == "kundenspiel-gruppe" and data["group"]["code"] == CODE
    assert {p["name"] for p in data["players"]} == {"Ada", "Ben", "Cem", "Dana"}  # Eve is in another group
    assert len(data["debrief"]["scenarios"]) == 1
