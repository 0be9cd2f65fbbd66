"""The HTML report of a group: one self-contained file with inline SVG charts that prints well.

No scripts, fonts, images or stylesheets from elsewhere: it opens offline and can be mailed.
Every text from scenarios or players is escaped, and control and bidi characters are removed
(``tables.clean``, i.e. ``safe_text.without_controls``) so they cannot reorder what a reader
sees. Charts are plain SVG with a ``<title>`` for screen readers; colours survive black-and-white
printing because every bar also carries its number.
"""

from __future__ import annotations

from html import escape as html_escape

from kundenspiel.wording import counted
from kundenspiel.workshop.model import CompetencyEntry, Decision, GroupDebrief, MeterStats, ScenarioDebrief
from kundenspiel.workshop.tables import (
    RATING_LABELS,
    STATUS_LABELS,
    clean,
    decimal,
    outdated_text,
    participants_text,
)

CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1a1a1a;
       line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #2a5d84; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin-bottom: .3rem; }
.meta { color: #555; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
blockquote { margin: .3rem 0 .6rem; padding-left: .8rem; border-left: 3px solid #bbb; color: #333; }
figure { margin: .5rem 0 1rem; }
figcaption { font-size: .9rem; color: #555; }
svg text { font-family: system-ui, sans-serif; font-size: 12px; fill: #1a1a1a; }
.decision, figure, table { break-inside: avoid; page-break-inside: avoid; }
section.scenario { break-before: page; page-break-before: always; }
section.scenario:first-of-type { break-before: auto; page-break-before: auto; }
@media print { body { margin: 0; max-width: none; } h2 { margin-top: 0; } }
"""
BAR_COLOR = "#2a5d84"
LOCK_COLOR = "#b3541e"
RATING_COLORS = {"gelungen": "#2e7d32", "gemischt": "#b8860b", "gescheitert": "#b71c1c"}


def escape(text: str) -> str:
    """Text for HTML: without control characters, with ``& < > " '`` escaped."""
    return html_escape(clean(text))


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        # Font set on the element itself, so the chart keeps its size when copied out of the report.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        'font-family="system-ui, sans-serif" font-size="12" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def histogram_svg(scenario: ScenarioDebrief) -> str:
    """Score distribution: ten columns of ten points each."""
    counts = scenario.score_histogram
    top = max(counts) or 1
    width, height, base = 420, 170, 140
    body = [f'<line x1="20" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#888"/>']
    column = (width - 40) / len(counts)
    for index, count in enumerate(counts):
        bar = 110 * count / top
        x = 20 + index * column
        body.append(
            f'<rect x="{x + 3:.1f}" y="{base - bar:.1f}" width="{column - 6:.1f}" height="{bar:.1f}" '
            f'fill="{BAR_COLOR}"/>'
        )
        if count:
            body.append(
                f'<text x="{x + column / 2:.1f}" y="{base - bar - 4:.1f}" text-anchor="middle">{count}</text>'
            )
        body.append(
            f'<text x="{x + column / 2:.1f}" y="{base + 16}" text-anchor="middle">{index * 10}</text>'
        )
    return _svg(width, height, f"Punkteverteilung {scenario.title}", body)


def _hbars(title: str, rows: list[tuple[str, float, str, int]], scale: float) -> str:
    """Horizontal bars: label, value (0..scale), text after the bar, locked count (0 for none)."""
    label_width, bar_width, row_height = 300, 260, 24
    height = row_height * len(rows) + 6
    body: list[str] = []
    for index, (label, value, after, locked) in enumerate(rows):
        y = 4 + index * row_height
        length = bar_width * value / scale if scale else 0
        body.append(f'<text x="0" y="{y + 15}">{escape(_short(label, 44))}</text>')
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{bar_width}" height="14" fill="#eee"/>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="14" fill="{BAR_COLOR}"/>'
        )
        extra = f" · 🔒 {locked}×" if locked else ""
        body.append(f'<text x="{label_width + bar_width + 8}" y="{y + 15}">{escape(after + extra)}</text>')
    return _svg(label_width + bar_width + 150, height, title, body)


def decision_svg(decision: Decision) -> str:
    """A bar per choice with count and share; how often it was seen locked after the lock sign."""
    rows = [
        (f"{number}. {c.text}", c.percent, f"{c.count} ({decimal(c.percent)} %)", c.locked)
        for number, c in enumerate(decision.choices, start=1)
    ]
    return _hbars(f"Aufteilung bei {decision.node_id}", rows, 100.0)


def meters_svg(meters: list[MeterStats]) -> str:
    """Mean of each meter at the end, with its spread as a whisker."""
    width, row = 620, 30
    body: list[str] = []
    for index, meter in enumerate(meters):
        y = 4 + index * row
        scale = 2.6
        body.append(f'<text x="0" y="{y + 16}">{escape(meter.label)}</text>')
        body.append(f'<rect x="180" y="{y + 4}" width="{100 * scale}" height="14" fill="#eee"/>')
        body.append(
            f'<rect x="180" y="{y + 4}" width="{meter.mean * scale:.1f}" height="14" fill="{BAR_COLOR}"/>'
        )
        low, high = max(0.0, meter.mean - meter.spread), min(100.0, meter.mean + meter.spread)
        body.append(
            f'<line x1="{180 + low * scale:.1f}" y1="{y + 11}" x2="{180 + high * scale:.1f}" y2="{y + 11}" '
            'stroke="#1a1a1a" stroke-width="2"/>'
        )
        body.append(
            f'<text x="{190 + 100 * scale}" y="{y + 16}">'
            f"⌀ {decimal(meter.mean)} ± {decimal(meter.spread)}</text>"
        )
    return _svg(width, row * len(meters) + 6, "Werte am Ende", body)


def competencies_svg(entries: list[CompetencyEntry]) -> str:
    """Share of positive points per competency."""
    rows = [
        (
            c.label,
            float(c.rating or 0),
            f"{c.rating if c.rating is not None else '–'} % (+{c.positive}/−{c.negative})",
            0,
        )
        for c in entries
    ]
    return _hbars("Kompetenzprofil", rows, 100.0)


def _table(header: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    head = "".join(
        f'<th class="num">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _scenario_html(scenario: ScenarioDebrief, debrief: GroupDebrief, names: bool) -> list[str]:
    parts = [f'<section class="scenario" id="szenario-{escape(scenario.scenario_id)}">']
    parts.append(f"<h2>{escape(scenario.title)}</h2>")
    mean = f" · Durchschnitt {decimal(scenario.score_mean)} Punkte" if scenario.score_mean is not None else ""
    parts.append(
        f'<p class="meta">{participants_text(scenario.participants)}: {scenario.finished} beendet, '
        f"{scenario.in_progress} {'läuft' if scenario.in_progress == 1 else 'laufen'} noch, "
        f"{scenario.abandoned} abgebrochen{mean}</p>"
    )
    if scenario.outdated:
        parts.append(f"<p><em>{outdated_text(scenario.outdated)} nicht mehr zur aktuellen Fassung.</em></p>")
    parts.append("<h3>Punkteverteilung</h3>")
    parts.append(f"<figure>{histogram_svg(scenario)}<figcaption>Anzahl je 10 Punkte</figcaption></figure>")
    if scenario.endings:
        rows = [
            [escape(e.title), RATING_LABELS.get(e.rating, ""), str(e.count), f"{decimal(e.percent)} %"]
            for e in scenario.endings
        ]
        parts += ["<h3>Enden</h3>", _table(["Ende", "Wertung", "Anzahl", "Anteil"], rows, {2, 3})]
    if scenario.meters:
        parts += ["<h3>Werte am Ende</h3>", f"<figure>{meters_svg(scenario.meters)}</figure>"]
    for number, decision in enumerate(scenario.decisions, start=1):
        who = f" – {escape(decision.speaker)}" if decision.speaker else ""
        parts.append(f'<div class="decision"><h3>Entscheidung {number}{who}</h3>')
        parts.append(f"<blockquote>{escape(_short(decision.text.replace('*', ''), 400))}</blockquote>")
        parts.append(
            f"<figure>{decision_svg(decision)}<figcaption>"
            f"{counted(decision.decisions, 'Entscheidung', 'Entscheidungen')}, "
            f"{decision.with_locked} davon mit gesperrter Auswahl (🔒)</figcaption></figure>"
        )
        # The chart shortens long choices; the table keeps every word for the printout.
        rows = [
            [str(n), escape(c.text), str(c.count), f"{decimal(c.percent)} %", str(c.locked or "")]
            for n, c in enumerate(decision.choices, start=1)
        ]
        parts += [
            _table(["Nr.", "Auswahl", "Anzahl", "Anteil", "gesperrt gesehen"], rows, {0, 2, 3, 4}),
            "</div>",
        ]
    if scenario.competencies:
        parts += ["<h3>Kompetenzen</h3>", f"<figure>{competencies_svg(scenario.competencies)}</figure>"]
    if scenario.runs:
        rows = [
            [
                escape(debrief.participant(run.participant).shown(names)),
                STATUS_LABELS.get(run.status, run.status),
                escape(run.ending_title or "–"),
                "–" if run.score is None else str(run.score),
            ]
            for run in scenario.runs
        ]
        parts += ["<h3>Teilnehmende</h3>", _table(["Teilnehmende", "Status", "Ende", "Punkte"], rows, {3})]
    parts.append("</section>")
    return parts


def html_report(debrief: GroupDebrief, names: bool = False) -> str:
    """The whole report as one HTML document."""
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
        parts += _scenario_html(scenario, debrief, names)
    if debrief.competencies:
        parts += [
            '<section class="group"><h2>Kompetenzprofil der Gruppe</h2>',
            f"<figure>{competencies_svg(debrief.competencies)}</figure></section>",
        ]
    parts.append("</body></html>")
    # Every text was cleaned when escaped; this pass guarantees it for the whole document.
    return clean("\n".join(parts), keep_newlines=True) + "\n"
