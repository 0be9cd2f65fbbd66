"""The debrief as Markdown for a wiki or a mail: per scenario what to talk about, every decision
with its choices (effects, coaching, locks, who, where they ended), the group's paths as a
nested list, the roster and the competency profile."""

from __future__ import annotations

from kundenspiel.wording import counted
from kundenspiel.workshop.markdown_text import md_escape, md_quote, md_table, md_text
from kundenspiel.workshop.model import Decision, FlowNode, GroupDebrief, ScenarioDebrief
from kundenspiel.workshop.report_roster import roster_rows
from kundenspiel.workshop.report_text import (
    RATING_LABELS,
    STATUS_LABELS,
    clean,
    decimal,
    no_break_before_units,
    outdated_text,
    participants_text,
    people_text,
    percent,
)
from kundenspiel.workshop.report_wording import (
    TALKING_POINTS,
    People,
    decision_meta,
    decision_numbers,
    decision_title,
    effects_text,
    endings_short,
    lock_text,
    quoted,
    scenario_meta,
    split_text,
    talking_sentences,
)


def _talking_points(scenario: ScenarioDebrief) -> list[str]:
    numbers = decision_numbers(scenario)
    lines = ["### Worüber sprechen?", ""]
    points = [p for p in scenario.talking_points if p.node_id in numbers]
    for rank, point in enumerate(points[:TALKING_POINTS], start=1):
        decision = scenario.decision(point.node_id)
        lines.append(
            f"{rank}. **{md_escape(decision_title(numbers[point.node_id], decision))}** "
            f"({md_escape(people_text(point.participants))}): {md_escape(split_text(decision))}"
        )
        lines += [f"   - {md_escape(sentence)}" for sentence in talking_sentences(decision)]
    more = [
        f"Entscheidung {numbers[p.node_id]}" for p in scenario.talking_points[TALKING_POINTS:] if p.split > 0
    ]
    if more:
        lines += ["", f"Danach: {', '.join(more)}"]
    return [*lines, ""]


def _decision(number: int, decision: Decision, people: People) -> list[str]:
    lines = [f"### {md_escape(decision_title(number, decision))}", "", *md_quote(decision.text), ""]
    lines += [md_escape(decision_meta(decision)), ""]
    rows = [
        (n, md_text(c.text), c.count, percent(c.percent), md_escape(effects_text(c.effects)), c.locked or "")
        for n, c in enumerate(decision.choices, start=1)
    ]
    header = ("Nr.", "Auswahl", "Personen", "Anteil", "Wirkung", "gesperrt gesehen")
    lines += [*md_table(header, rows, ("--:", "---", "--:", "--:", "---", "--:")), ""]
    for n, choice in enumerate(decision.choices, start=1):
        notes = []
        if choice.coaching:
            notes.append(f"Coaching: {md_text(choice.coaching)}")
        lock = lock_text(choice)
        if lock:
            notes.append(md_escape(lock))
        if choice.count:
            notes.append(f"Gewählt von: {md_escape(people.listed(choice.chosen_by))}")
        sentence = endings_short(choice)
        if sentence:
            notes.append(md_escape(sentence))
        if notes:
            lines.append(f"- **{n}.** " + " · ".join(notes))
    return [*lines, ""]


def _flow(node: FlowNode, numbers: dict[str, int], depth: int = 0) -> list[str]:
    indent = "  " * depth
    where = f"Entscheidung {numbers[node.node_id]}" if node.node_id in numbers else md_escape(node.node_id)
    lines = [f"{indent}- {where}: {md_escape(people_text(node.people))}"]
    for outcome in node.stopped:
        lines.append(f"{indent}  - {outcome.count} × hier: {md_escape(outcome.title)}")
    for branch in node.branches:
        ended = f" → Ende „{md_escape(branch.ending_title)}“" if branch.ending_title else ""
        lines.append(f"{indent}  - {branch.people} × {md_escape(quoted(branch.text, 50))}{ended}")
        if branch.next is not None:
            lines += _flow(branch.next, numbers, depth + 2)
        elif not branch.ending_title and branch.outcomes:
            endings = ", ".join(f"{o.count} × {md_escape(o.title)}" for o in branch.outcomes)
            lines.append(f"{indent}    - später: {endings}")
    return lines


def _overview(scenario: ScenarioDebrief) -> list[str]:
    lines: list[str] = []
    rows: list[tuple[object, ...]]
    if scenario.endings:
        rows = [
            (md_escape(e.title), RATING_LABELS.get(e.rating, ""), e.count, percent(e.percent))
            for e in scenario.endings
        ]
        lines += [
            "### Enden",
            "",
            *md_table(("Ende", "Wertung", "Anzahl", "Anteil"), rows, ("---", "---", "--:", "--:")),
            "",
        ]
    if any(scenario.score_histogram):
        rows = [(_bin_label(i), n) for i, n in enumerate(scenario.score_histogram)]
        lines += ["### Punkte", "", *md_table(("Punkte", "Personen"), rows, ("---", "--:")), ""]
    if scenario.meters:
        rows = [
            (m.label, decimal(m.mean), decimal(m.spread), f"{m.minimum}–{m.maximum}") for m in scenario.meters
        ]
        header = ("Wert", "Mittel", "Streuung", "Spanne")
        lines += ["### Werte am Ende", "", *md_table(header, rows, ("---", "--:", "--:", "--:")), ""]
    return lines


def _scenario(scenario: ScenarioDebrief, people: People) -> list[str]:
    lines = [f"## {md_escape(scenario.title)}", "", md_escape(scenario_meta(scenario)) + ".", ""]
    if scenario.outdated:
        lines += [f"_{outdated_text(scenario.outdated)} nicht mehr zur aktuellen Fassung des Szenarios._", ""]
    if scenario.talking_points:
        lines += _talking_points(scenario)
    lines += _overview(scenario)
    if scenario.flow is not None:
        numbers = decision_numbers(scenario)
        lines += ["### Wege der Gruppe", "", *_flow(scenario.flow, numbers), ""]
    for number, decision in enumerate(scenario.decisions, start=1):
        lines += _decision(number, decision, people)
    if scenario.competencies:
        lines += ["### Kompetenzen", "", *_competencies(scenario), ""]
    if scenario.runs:
        rows = [
            (
                md_escape(people(run.participant)),
                STATUS_LABELS.get(run.status, run.status),
                md_escape(run.ending_title or "–"),
                "–" if run.score is None else run.score,
            )
            for run in scenario.runs
        ]
        header = ("Teilnehmende", "Status", "Ende", "Punkte")
        lines += ["### Teilnehmende", "", *md_table(header, rows, ("---", "---", "---", "--:")), ""]
    return lines


def _competencies(source: ScenarioDebrief | GroupDebrief) -> list[str]:
    """The profile weakest first; small samples in italics with a note below."""
    rows = []
    for c in source.competencies:
        label = f"_{md_escape(c.label)}_ (wenige)" if c.small_sample else md_escape(c.label)
        rows.append((label, c.positive, c.negative, percent(c.rating), c.participants))
    header = ("Kompetenz", "gezeigt", "dagegen", "Anteil", "Personen")
    lines = md_table(header, rows, ("---", "--:", "--:", "--:", "--:"))
    if any(c.small_sample for c in source.competencies):
        lines += ["", "_(wenige): weniger als 3 Personen – kaum aussagekräftig._"]
    return lines


def _bin_label(index: int) -> str:
    return f"{index * 10}–{index * 10 + 9}" if index < 9 else "90–100"


def markdown(debrief: GroupDebrief, names: bool = False) -> str:
    """The debrief as Markdown: per scenario, per decision, roster, competencies."""
    people = People(debrief, names)
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
        lines += _scenario(scenario, people)
    if debrief.roster:
        header, rows = roster_rows(debrief, people)
        escaped = [[md_escape(cell) for cell in row] for row in rows]
        lines += [
            "## Teilnehmerliste",
            "",
            *md_table([md_escape(h) for h in header], escaped, ["---"] * len(header)),
            "",
        ]
    if debrief.competencies:
        lines += ["## Kompetenzprofil der Gruppe", "", *_competencies(debrief), ""]
    # The cells are clean already; this also covers texts from scenario files.
    return no_break_before_units(clean("\n".join(lines), keep_newlines=True)).rstrip() + "\n"
