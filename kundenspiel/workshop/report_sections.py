"""Sections of the HTML report for the facilitator: what to talk about, each decision as a card
(whole situation text, every choice with its share, effects, coaching, lock and who took it),
competencies weakest first, the roster."""

from __future__ import annotations

from kundenspiel.workshop.model import ChoiceShare, CompetencyEntry, Decision, GroupDebrief, ScenarioDebrief
from kundenspiel.workshop.report_roster import roster_rows
from kundenspiel.workshop.report_svg import escape, share_bar
from kundenspiel.workshop.report_text import emphasis_runs, paragraphs, people_text, percent
from kundenspiel.workshop.report_wording import (
    TALKING_POINTS,
    People,
    decision_meta,
    decision_numbers,
    decision_title,
    effects_text,
    endings_short,
    lock_text,
    split_text,
    talking_sentences,
)


def rich(text: str) -> str:
    """A scenario text on one line as HTML, its ``**…**``/``_…_`` emphasis as ``strong``/``em``."""
    parts = []
    for style, run in emphasis_runs(" ".join(text.split())):
        parts.append(f"<{style}>{escape(run)}</{style}>" if style else escape(run))
    return "".join(parts)


def rich_paragraphs(text: str) -> str:
    """A scenario text as HTML paragraphs, whole, with its emphasis."""
    return "".join(f"<p>{rich(paragraph)}</p>" for paragraph in paragraphs(text))


def table(header: list[str], rows: list[list[str]], numeric: set[int], css_class: str = "") -> str:
    """A table of already escaped cells; ``numeric`` columns right-aligned."""
    head = "".join(
        f'<th class="num">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<table{attribute}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def talking_points_html(scenario: ScenarioDebrief) -> list[str]:
    """„Worüber sprechen?“: the decisions that split the group most, with where choices led."""
    numbers = decision_numbers(scenario)
    points = [p for p in scenario.talking_points if p.node_id in numbers]
    if not points:
        return []
    items = []
    for point in points[:TALKING_POINTS]:
        decision = scenario.decision(point.node_id)
        sentences = "".join(f"<li>{escape(sentence)}</li>" for sentence in talking_sentences(decision))
        items.append(
            f'<li><a href="#{escape(scenario.scenario_id)}-{escape(point.node_id)}">'
            f"{escape(decision_title(numbers[point.node_id], decision))}</a> "
            f'<span class="meta">({escape(people_text(point.participants))}; '
            f"Aufteilung {escape(split_text(decision))})</span>"
            + (f"<ul>{sentences}</ul>" if sentences else "")
            + "</li>"
        )
    more = [
        f'<a href="#{escape(scenario.scenario_id)}-{escape(p.node_id)}">Entscheidung {numbers[p.node_id]}</a>'
        for p in points[TALKING_POINTS:]
        if p.split > 0
    ]
    after = f"<p>Danach: {', '.join(more)}</p>" if more else ""
    return [
        '<div class="talk"><h3>Worüber sprechen?</h3>',
        '<p class="meta">Die Entscheidungen, bei denen sich die Gruppe am stärksten aufgeteilt hat, '
        "zuerst.</p>",
        f"<ol>{''.join(items)}</ol>{after}</div>",
    ]


def _choice_details(choice: ChoiceShare, people: People) -> str:
    lines = [f'<span class="label">Wirkung:</span> {escape(effects_text(choice.effects))}']
    if choice.coaching:
        lines.append(f'<span class="label">Coaching:</span> {rich(choice.coaching)}')
    lock = lock_text(choice)
    if lock:
        marker = (
            '<span class="lock">gesperrt</span>' if choice.locked else '<span class="label">Bedingung:</span>'
        )
        lines.append(f"{marker} {escape(lock)}")
    if choice.count:
        who = escape(people.listed(choice.chosen_by))
        lines[0] += f' · <span class="label">Gewählt von:</span> {who}'
    sentence = endings_short(choice)
    if sentence:
        lines.append(escape(sentence))
    return "".join(f'<div class="detail">{line}</div>' for line in lines)


def decision_html(scenario: ScenarioDebrief, number: int, decision: Decision, people: People) -> list[str]:
    """One decision: heading, whole situation text, then a row per choice with a share bar."""
    anchor = f"{escape(scenario.scenario_id)}-{escape(decision.node_id)}"
    rows = []
    for index, choice in enumerate(decision.choices, start=1):
        bar = share_bar(choice.percent, f"Anteil {percent(choice.percent)}")
        rows.append(
            "<tr>"
            f'<td class="num">{index}</td>'
            f'<td><div class="choice">{rich(choice.text)}</div>{_choice_details(choice, people)}</td>'
            f'<td class="share">{bar}<div>{escape(percent(choice.percent))}</div>'
            f'<div class="meta">{escape(people_text(choice.count))}</div></td>'
            "</tr>"
        )
    return [
        f'<div class="decision" id="{anchor}"><div class="head">',
        f"<h3>{escape(decision_title(number, decision))}</h3>",
        f'<p class="meta">{escape(decision_meta(decision))}</p>',
        f"<blockquote>{rich_paragraphs(decision.text)}</blockquote></div>",
        '<table class="choices"><thead><tr><th class="num">Nr.</th><th>Antwort</th>'
        '<th class="share">Anteil</th></tr></thead>',
        f"<tbody>{''.join(rows)}</tbody></table></div>",
    ]


def competencies_html(entries: list[CompetencyEntry]) -> str:
    """The profile as a table in the given (weakest-first) order; small samples greyed out."""
    rows = []
    for entry in entries:
        weak = entry.small_sample
        bar = share_bar(float(entry.rating or 0), f"Anteil {percent(entry.rating)}", weak=weak)
        cells = [
            escape(entry.label) + (' <span class="meta">(wenige)</span>' if weak else ""),
            f'<div class="inline">{bar}<span>{escape(percent(entry.rating))}</span></div>',
            f"+{entry.positive} / −{entry.negative}",
            str(entry.participants),
        ]
        css = ' class="small"' if weak else ""
        rows.append(f"<tr{css}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    note = (
        '<p class="meta">Grau: weniger als 3 Personen – kaum aussagekräftig.</p>'
        if any(e.small_sample for e in entries)
        else ""
    )
    return (
        '<table class="competencies"><thead><tr><th>Kompetenz (schwächste zuerst)</th><th>Anteil positiv</th>'
        "<th>Punkte</th><th>Personen</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note}"
    )


def roster_html(debrief: GroupDebrief, people: People) -> list[str]:
    """The roster section: who joined, where each one stands, when they were active."""
    if not debrief.roster:
        return []
    header, rows = roster_rows(debrief, people)
    escaped = [[escape(cell) for cell in row] for row in rows]
    return [
        '<section class="group"><h2>Teilnehmerliste</h2>',
        table([escape(h) for h in header], escaped, set(), css_class="roster"),
        "</section>",
    ]
