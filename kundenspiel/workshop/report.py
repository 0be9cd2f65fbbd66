"""The HTML report of a group: one self-contained file with inline SVG charts that prints on A4.

No scripts, fonts, images or stylesheets from elsewhere: it opens offline and can be mailed.
Every text from scenarios or players is escaped, and control and bidi characters are removed
(``report_text.clean``, i.e. ``safe_text.without_controls``) so they cannot reorder what a reader
sees. Charts are plain SVG with a ``<title>`` for screen readers; colours survive black-and-white
printing because every bar also carries its number. Nothing needs an emoji or symbol font: a
lock is the word „gesperrt“ in a drawn frame.

Printing: A4 with 15 mm margins; headings stay with what follows them, a decision's heading and
situation text stay together, and a choice row or chart never splits across pages; a scenario
starts on a new page, but decisions flow on within it, so pages are filled.
"""

from __future__ import annotations

from kundenspiel.wording import counted
from kundenspiel.workshop.model import GroupDebrief, ScenarioDebrief
from kundenspiel.workshop.report_flow import flow_svg
from kundenspiel.workshop.report_sections import (
    competencies_html,
    decision_html,
    roster_html,
    table,
    talking_points_html,
)
from kundenspiel.workshop.report_svg import escape, histogram_svg, meters_svg
from kundenspiel.workshop.report_text import (
    RATING_LABELS,
    STATUS_LABELS,
    clean,
    no_break_before_units,
    outdated_text,
    participants_text,
    percent,
)
from kundenspiel.workshop.report_wording import People, scenario_meta

__all__ = ["CSS", "escape", "html_report"]

CSS = """
@page { size: A4; margin: 15mm 15mm 17mm; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 52rem; color: #1a1a1a;
       line-height: 1.4; padding: 0 1rem; font-size: 11pt; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #2a5d84; padding-bottom: .2rem; margin: 2rem 0 .6rem; }
h3 { margin: 1.1rem 0 .3rem; font-size: 1.05rem; }
h1, h2, h3, .head { break-after: avoid; page-break-after: avoid; }
.meta { color: #555; font-size: .9em; }
p { margin: .3rem 0; }
a { color: inherit; }
table { border-collapse: collapse; margin: .4rem 0 .8rem; width: 100%; }
th, td { border: 1px solid #bbb; padding: .2rem .4rem; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr, figure, svg, .head, .talk li { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; width: 2.2em; }
td.share, th.share { width: 7em; text-align: right; }
svg.bar { display: block; height: .55em; margin: .35em 0 .15em auto; max-width: 6em; }
.choice { font-weight: 600; }
.detail { font-size: .85em; color: #333; margin-top: .1rem; line-height: 1.3; }
.label { color: #555; }
.lock { display: inline-block; border: 1px solid #b3541e; color: #b3541e; border-radius: 3px;
        padding: 0 .25em; font-size: .85em; line-height: 1.2; }
blockquote { margin: .2rem 0 .5rem; padding-left: .7rem; border-left: 3px solid #bbb; color: #333; }
blockquote p { margin: .2rem 0; }
figure { margin: .4rem 0 .8rem; }
figcaption { font-size: .85rem; color: #555; }
svg { height: auto; }
svg text { font-family: system-ui, sans-serif; font-size: 12px; fill: #1a1a1a; }
.overview { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem;
            align-items: start; }
.overview > * { break-inside: avoid; }
.decision { margin-top: .6rem; }
.runs { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1rem; }
.runs table { font-size: .9em; }
tr.small td { color: #888; }
table.competencies td:nth-child(2) { width: 10em; }
table.competencies td:nth-child(n+3) { width: 6em; white-space: nowrap; text-align: right; }
.inline { display: flex; align-items: center; gap: .4em; }
.inline svg.bar { margin: 0; flex: 0 0 5em; }
.inline span { margin-left: auto; }
table.roster { font-size: .85em; }
table.roster td:nth-last-child(-n+2) { white-space: nowrap; }
section.scenario { break-before: page; page-break-before: always; }
section.scenario:first-of-type { break-before: auto; page-break-before: auto; }
section.group { break-before: page; page-break-before: always; }
section.group + section.group { break-before: auto; page-break-before: auto; }
@media print { body { margin: 0; max-width: none; padding: 0; font-size: 9pt; } h2 { margin-top: 0; } }
"""


def _overview_html(scenario: ScenarioDebrief) -> list[str]:
    histogram = (
        f"<figure><h3>Punkteverteilung</h3>{histogram_svg(scenario)}"
        "<figcaption>Personen je 10 Punkte (beendete Durchläufe)</figcaption></figure>"
    )
    endings = ""
    if scenario.endings:
        rows = [
            [escape(e.title), RATING_LABELS.get(e.rating, ""), str(e.count), escape(percent(e.percent))]
            for e in scenario.endings
        ]
        endings = (
            "<div><h3>Enden</h3>" + table(["Ende", "Wertung", "Anzahl", "Anteil"], rows, {2, 3}) + "</div>"
        )
    parts = [f'<div class="overview">{histogram}{endings}</div>']
    if scenario.meters:
        parts += [f"<figure><h3>Werte am Ende</h3>{meters_svg(scenario.meters)}</figure>"]
    return parts


def _scenario_html(scenario: ScenarioDebrief, people: People) -> list[str]:
    parts = [f'<section class="scenario" id="szenario-{escape(scenario.scenario_id)}">']
    parts.append(f"<h2>{escape(scenario.title)}</h2>")
    parts.append(f'<p class="meta">{escape(scenario_meta(scenario))}</p>')
    if scenario.outdated:
        parts.append(f"<p><em>{outdated_text(scenario.outdated)} nicht mehr zur aktuellen Fassung.</em></p>")
    parts += talking_points_html(scenario)
    flow = flow_svg(scenario)
    if flow is not None:
        parts.append(
            f"<figure><h3>Wege der Gruppe</h3>{flow}<figcaption>E3 · 18: Entscheidung 3, von 18 Personen auf "
            "diesem Weg erreicht; A2 · 8: Antwort 2, von 8 Personen gewählt. Punkte: grün gelungen, gelb "
            "gemischt, rot gescheitert.</figcaption></figure>"
        )
    # After the tall flow: the smaller overview fills what is left of its page.
    parts += _overview_html(scenario)
    if scenario.decisions:
        parts.append("<h3>Entscheidungen in der Reihenfolge der Geschichte</h3>")
    for number, decision in enumerate(scenario.decisions, start=1):
        parts += decision_html(scenario, number, decision, people)
    if scenario.competencies:
        parts += ["<h3>Kompetenzen</h3>", competencies_html(scenario.competencies)]
    if scenario.runs:
        rows = [
            [
                escape(people(run.participant)),
                STATUS_LABELS.get(run.status, run.status),
                escape(run.ending_title or "–"),
                "–" if run.score is None else str(run.score),
            ]
            for run in scenario.runs
        ]
        header = ["Teilnehmende", "Status", "Ende", "Punkte"]
        # Side by side from a dozen rows on: half the height, and the columns are narrow anyway.
        halves = [rows[: (len(rows) + 1) // 2], rows[(len(rows) + 1) // 2 :]] if len(rows) > 12 else [rows]
        tables = "".join(table(header, half, {3}) for half in halves)
        parts += ["<h3>Teilnehmende</h3>", f'<div class="runs">{tables}</div>']
    parts.append("</section>")
    return parts


def html_report(debrief: GroupDebrief, names: bool = False) -> str:
    """The whole report as one HTML document; names only with ``names`` (the caller checks the
    group's PIN), else „Person n“."""
    people = People(debrief, names)
    title = f"Gruppenauswertung: {debrief.title}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="de"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">Gruppencode <strong>{escape(debrief.code)}</strong> · '
        f"{participants_text(len(debrief.participants))} · "
        f"{counted(len(debrief.scenarios), 'Szenario', 'Szenarien')}</p>",
    ]
    if not debrief.scenarios:
        parts.append("<p>Noch keine Durchläufe in dieser Gruppe.</p>")
    for scenario in debrief.scenarios:
        parts += _scenario_html(scenario, people)
    parts += roster_html(debrief, people)
    if debrief.competencies:
        parts += [
            '<section class="group"><h2>Kompetenzprofil der Gruppe</h2>',
            competencies_html(debrief.competencies),
            "</section>",
        ]
    parts.append("</body></html>")
    # Every text was cleaned when escaped; this pass guarantees it for the whole document.
    return no_break_before_units(clean("\n".join(parts), keep_newlines=True)) + "\n"
