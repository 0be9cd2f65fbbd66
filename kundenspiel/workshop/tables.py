"""CSV and Markdown exports of a ``GroupDebrief``.

CSV is written for German Excel, which opens a double-clicked file with the Windows code page and
splits on the list separator of the German locale: so UTF-8 *with* BOM (Excel then reads umlauts
right), ``;`` as separator, CRLF line ends, decimal comma. Text cells that start (after any white
space, which LibreOffice may trim on import) with ``= + - @``, a tab or a CR get a leading
apostrophe, so a player named ``=HYPERLINK(…)`` is shown as text, never run as a formula.

Control and bidi characters from names, titles or codes never reach a document: cells and
Markdown text go through ``safe_text.without_controls``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from kundenspiel.engine.meters import METER_IDS, METER_LABELS
from kundenspiel.safe_text import without_controls
from kundenspiel.wording import counted
from kundenspiel.workshop.model import GroupDebrief, ScenarioDebrief

CSV_TABLES = ("durchlaeufe", "entscheidungen")
STATUS_LABELS = {"laufend": "läuft noch", "beendet": "beendet", "abgebrochen": "abgebrochen"}
RATING_LABELS = {"gelungen": "Gelungen", "gemischt": "Gemischt", "gescheitert": "Gescheitert"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """``safe_text.without_controls`` with a fast path: nearly every text is printable as it is,
    and ``str.isprintable`` (C speed) is False for every character ``without_controls`` removes.
    A report of 1,000 trainees has thousands of cells, and the character-by-character check on
    each made the HTML export 15× slower."""
    if text.isprintable():
        return text
    if keep_newlines:
        return "\n".join(line if line.isprintable() else without_controls(line) for line in text.split("\n"))
    return without_controls(text)


def participants_text(count: int) -> str:
    """„1 teilnehmende Person“, „4 Teilnehmende“."""
    return counted(count, "teilnehmende Person", "Teilnehmende")


def outdated_text(count: int) -> str:
    """„1 Durchlauf passt“, „3 Durchläufe passen“ (the sentence goes on with „nicht mehr …“)."""
    return counted(count, "Durchlauf passt", "Durchläufe passen")


def decimal(value: float | None, digits: int = 1) -> str:
    """A number with a German decimal comma; empty for None."""
    if value is None:
        return ""
    return f"{value:.{digits}f}".replace(".", ",")


def _cell(value: object) -> str:
    # Line breaks inside a quoted cell are valid CSV; Excel shows them as lines of the cell.
    text = clean("" if value is None else str(value), keep_newlines=True)
    return "'" + text if text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([value if isinstance(value, int) else _cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def csv_runs(debrief: GroupDebrief, names: bool = False) -> str:
    """One row per participant and scenario (the playthrough that counts)."""
    header = [
        "Gruppe",
        "Teilnehmende",
        "Szenario",
        "Szenario-Titel",
        "Status",
        "Entscheidungen",
        "Ende",
        "Wertung",
        "Punkte",
        *(f"{METER_LABELS[m]} am Ende" for m in METER_IDS),
        "Passt nicht mehr zum Szenario",
    ]
    rows: list[list[object]] = []
    for scenario in debrief.scenarios:
        ratings = {e.ending_id: e.rating for e in scenario.endings}
        for run in scenario.runs:
            final = run.path[-1].meters if run.path and run.status == "beendet" else {}
            rows.append(
                [
                    debrief.code,
                    debrief.participant(run.participant).shown(names),
                    scenario.scenario_id,
                    scenario.title,
                    STATUS_LABELS.get(run.status, run.status),
                    len(run.path),
                    run.ending_title or run.ending_id or "",
                    RATING_LABELS.get(ratings.get(run.ending_id or "", ""), ""),
                    "" if run.score is None else run.score,
                    *(final.get(m, "") for m in METER_IDS),
                    "ja" if run.outdated else "nein",
                ]
            )
    return _csv(header, rows)


def csv_decisions(debrief: GroupDebrief, names: bool = False) -> str:
    """One row per decision taken: who, where, which choice, what was locked, the meters after."""
    header = [
        "Gruppe",
        "Teilnehmende",
        "Szenario",
        "Nr.",
        "Situation",
        "Auswahl-ID",
        "Auswahl",
        "Gesperrt gesehen",
        "Gesperrte Antworten",
        *(f"{METER_LABELS[m]} danach" for m in METER_IDS),
    ]
    rows: list[list[object]] = []
    for scenario in debrief.scenarios:
        for run in scenario.runs:
            who = debrief.participant(run.participant).shown(names)
            for number, entry in enumerate(run.path, start=1):
                rows.append(
                    [
                        debrief.code,
                        who,
                        scenario.scenario_id,
                        number,
                        entry.node_id,
                        entry.choice_id,
                        entry.choice_text,
                        len(entry.locked),
                        " | ".join(entry.locked),
                        *(entry.meters.get(m, "") for m in METER_IDS),
                    ]
                )
    return _csv(header, rows)


def csv_table(debrief: GroupDebrief, table: str, names: bool = False) -> str:
    """The CSV table named ``table`` (one of ``CSV_TABLES``)."""
    return csv_decisions(debrief, names) if table == "entscheidungen" else csv_runs(debrief, names)


# --- Markdown -------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no control characters, pipes and markup
    characters escaped."""
    flat = " ".join(clean(text).split())
    for char in "\\|*_`[]<>#":
        flat = flat.replace(char, "\\" + char)
    return flat


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]], align: Sequence[str]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)
    return lines


def _md_scenario(scenario: ScenarioDebrief, debrief: GroupDebrief, names: bool) -> list[str]:
    lines = [
        f"## {md_escape(scenario.title)}",
        "",
        f"{participants_text(scenario.participants)}: {scenario.finished} beendet, "
        f"{scenario.in_progress} {'läuft' if scenario.in_progress == 1 else 'laufen'} noch, "
        f"{scenario.abandoned} abgebrochen."
        + (
            f" Durchschnitt: {decimal(scenario.score_mean)} Punkte."
            if scenario.score_mean is not None
            else ""
        ),
        "",
    ]
    rows: list[tuple[object, ...]]
    if scenario.outdated:
        lines += [
            f"_{outdated_text(scenario.outdated)} nicht mehr zur aktuellen Fassung des Szenarios._",
            "",
        ]
    if scenario.endings:
        lines += ["### Enden", ""]
        rows = [
            (md_escape(e.title), RATING_LABELS.get(e.rating, ""), e.count, f"{decimal(e.percent)} %")
            for e in scenario.endings
        ]
        lines += [*_md_table(("Ende", "Wertung", "Anzahl", "Anteil"), rows, ("---", "---", "--:", "--:")), ""]
    if any(scenario.score_histogram):
        lines += ["### Punkte", ""]
        rows = [(_bin_label(i), n) for i, n in enumerate(scenario.score_histogram)]
        lines += [*_md_table(("Punkte", "Anzahl"), rows, ("---", "--:")), ""]
    if scenario.meters:
        lines += ["### Werte am Ende", ""]
        rows = [
            (m.label, decimal(m.mean), decimal(m.spread), f"{m.minimum}–{m.maximum}") for m in scenario.meters
        ]
        lines += [
            *_md_table(("Wert", "Mittel", "Streuung", "Spanne"), rows, ("---", "--:", "--:", "--:")),
            "",
        ]
    for number, decision in enumerate(scenario.decisions, start=1):
        who = f" – {md_escape(decision.speaker)}" if decision.speaker else ""
        lines += [f"### Entscheidung {number}{who}", "", f"> {md_escape(decision.text)}", ""]
        rows = [
            (md_escape(c.text), c.count, f"{decimal(c.percent)} %", c.locked or "") for c in decision.choices
        ]
        lines += _md_table(
            ("Auswahl", "Anzahl", "Anteil", "gesperrt gesehen"), rows, ("---", "--:", "--:", "--:")
        )
        lines += [
            "",
            f"{counted(decision.decisions, 'Entscheidung', 'Entscheidungen')}, {decision.with_locked} "
            "davon mit gesperrter Auswahl.",
            "",
        ]
    if scenario.runs:
        lines += ["### Teilnehmende", ""]
        rows = [
            (
                md_escape(debrief.participant(run.participant).shown(names)),
                STATUS_LABELS.get(run.status, run.status),
                md_escape(run.ending_title or "–"),
                "–" if run.score is None else run.score,
            )
            for run in scenario.runs
        ]
        lines += [
            *_md_table(("Teilnehmende", "Status", "Ende", "Punkte"), rows, ("---", "---", "---", "--:")),
            "",
        ]
    return lines


def _bin_label(index: int) -> str:
    return f"{index * 10}–{index * 10 + 9}" if index < 9 else "90–100"


def markdown(debrief: GroupDebrief, names: bool = False) -> str:
    """The debrief as Markdown for a wiki: per scenario, per decision, competencies."""
    lines = [
        f"# Gruppenauswertung: {md_escape(debrief.title)}",
        "",
        f"Gruppencode **{md_escape(debrief.code)}** · {participants_text(len(debrief.participants))} · "
        f"{counted(len(debrief.scenarios), 'Szenario', 'Szenarien')}",
        "",
    ]
    if not debrief.scenarios:
        lines += ["Noch keine Durchläufe in dieser Gruppe.", ""]
    for scenario in debrief.scenarios:
        lines += _md_scenario(scenario, debrief, names)
    if debrief.competencies:
        lines += ["## Kompetenzprofil der Gruppe", ""]
        rows: list[tuple[object, ...]] = [
            (
                md_escape(c.label),
                c.positive,
                c.negative,
                "–" if c.rating is None else f"{c.rating} %",
                c.participants,
            )
            for c in debrief.competencies
        ]
        header = ("Kompetenz", "gezeigt", "dagegen", "Anteil", "Teilnehmende")
        lines += [*_md_table(header, rows, ("---", "--:", "--:", "--:", "--:")), ""]
    # The cells are clean already; this also covers texts from scenario files.
    return clean("\n".join(lines), keep_newlines=True).rstrip() + "\n"
