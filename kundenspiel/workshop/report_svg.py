"""Inline SVG charts of the HTML report: score histogram, meters, competencies, share bars.

Every chart has a ``viewBox`` and ``width: 100%`` with a ``max-width`` of its drawn size, so it
shrinks on a narrow page instead of spilling over the margin, and never grows blurry past its
design. Text is plain ASCII/Latin (no emoji or symbol font needed); every bar also carries its
number, so a black-and-white printout loses nothing.
"""

from __future__ import annotations

from html import escape as html_escape

from kundenspiel.workshop.model import CompetencyEntry, MeterStats, ScenarioDebrief
from kundenspiel.workshop.report_text import clean, decimal, percent

BAR_COLOR = "#2a5d84"
WEAK_COLOR = "#9aa5ad"
TRACK_COLOR = "#e6e6e6"
LOCK_COLOR = "#b3541e"


def escape(text: str) -> str:
    """Text for HTML: without control characters, with ``& < > " '`` escaped."""
    return html_escape(clean(text))


def svg(width: int, height: int, title: str, body: list[str], css_class: str = "chart") -> str:
    """An SVG element drawn in a ``width`` × ``height`` box that scales down with the page."""
    return (
        # Font set on the element itself, so the chart keeps its look when copied out of the report.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width: {width}px" '
        'font-family="system-ui, sans-serif" font-size="12" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def share_bar(value: float, title: str, *, weak: bool = False) -> str:
    """A small horizontal bar for a share of 0–100, to sit in a table cell beside its number."""
    length = max(0.0, min(100.0, value))
    color = WEAK_COLOR if weak else BAR_COLOR
    body = [
        f'<rect x="0" y="1" width="100" height="8" fill="{TRACK_COLOR}"/>',
        f'<rect x="0" y="1" width="{length:.1f}" height="8" fill="{color}"/>',
    ]
    return svg(100, 10, title, body, css_class="bar")


def histogram_svg(scenario: ScenarioDebrief) -> str:
    """Score distribution: ten columns of ten points each, both axes labelled."""
    counts = scenario.score_histogram
    top = max(counts) or 1
    width, height, left, base = 460, 190, 44, 140
    column = (width - left - 10) / len(counts)
    middle = round(base / 2 + 10)
    body = [
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#888"/>',
        f'<line x1="{left}" y1="20" x2="{left}" y2="{base}" stroke="#888"/>',
        f'<text x="{left - 6}" y="{base + 4}" text-anchor="end">0</text>',
        f'<text x="{left - 6}" y="{base - 106}" text-anchor="end">{top}</text>',
        f'<text x="{left + (width - left) / 2:.0f}" y="{height - 8}" text-anchor="middle">Punkte</text>',
        f'<text x="12" y="{middle}" text-anchor="middle" transform="rotate(-90 12 {middle})">Personen</text>',
    ]
    for index, count in enumerate(counts):
        bar = 110 * count / top
        x = left + index * column
        body.append(
            f'<rect x="{x + 3:.1f}" y="{base - bar:.1f}" width="{column - 6:.1f}" height="{bar:.1f}" '
            f'fill="{BAR_COLOR}"/>'
        )
        if count:
            body.append(
                f'<text x="{x + column / 2:.1f}" y="{base - bar - 4:.1f}" text-anchor="middle">{count}</text>'
            )
        body.append(f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle">{index * 10}</text>')
    body.append(
        f'<text x="{left + len(counts) * column:.1f}" y="{base + 16}" text-anchor="middle">100</text>'
    )
    return svg(width, height, f"Punkteverteilung {scenario.title}", body)


def meters_svg(meters: list[MeterStats]) -> str:
    """Mean of each meter at the end, with its spread (one standard deviation) as a whisker."""
    width, row, left, scale = 620, 26, 190, 2.6
    body: list[str] = []
    for index, meter in enumerate(meters):
        y = 2 + index * row
        body.append(f'<text x="0" y="{y + 15}">{escape(meter.label)}</text>')
        body.append(f'<rect x="{left}" y="{y + 4}" width="{100 * scale}" height="14" fill="{TRACK_COLOR}"/>')
        body.append(
            f'<rect x="{left}" y="{y + 4}" width="{meter.mean * scale:.1f}" height="14" fill="{BAR_COLOR}"/>'
        )
        low, high = max(0.0, meter.mean - meter.spread), min(100.0, meter.mean + meter.spread)
        body.append(
            f'<line x1="{left + low * scale:.1f}" y1="{y + 11}" x2="{left + high * scale:.1f}" y2="{y + 11}" '
            'stroke="#1a1a1a" stroke-width="2"/>'
        )
        body.append(
            f'<text x="{left + 8 + 100 * scale}" y="{y + 15}">'
            f"Mittel {decimal(meter.mean)} ± {decimal(meter.spread)}</text>"
        )
    return svg(width, row * len(meters) + 4, "Werte am Ende", body)


def competencies_svg(entries: list[CompetencyEntry], thin: int = 3) -> str:
    """Share of positive points per competency in the given order; rows of fewer than ``thin``
    people drawn grey, with the number of people after the bar."""
    width, row, left, bar_width = 640, 24, 250, 220
    body: list[str] = []
    for index, entry in enumerate(entries):
        y = 2 + index * row
        weak = entry.participants < thin
        fill = ' fill="#777"' if weak else ""
        rating = entry.rating
        body.append(f'<text x="0" y="{y + 15}"{fill}>{escape(_short(entry.label, 38))}</text>')
        body.append(f'<rect x="{left}" y="{y + 4}" width="{bar_width}" height="14" fill="{TRACK_COLOR}"/>')
        length = bar_width * (rating or 0) / 100
        body.append(
            f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="14" '
            f'fill="{WEAK_COLOR if weak else BAR_COLOR}"/>'
        )
        body.append(
            f'<text x="{left + bar_width + 8}" y="{y + 15}"{fill}>'
            f"{escape(percent(rating))} · n = {entry.participants}</text>"
        )
    return svg(width, row * len(entries) + 4, "Kompetenzprofil", body)


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
