"""The printed HTML report: A4, whole texts, no emoji font needed, German percent signs, scalable
charts with labelled axes, names only when asked, and a page count a trainer can hand out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kundenspiel.engine import Scenario
from kundenspiel.workshop.aggregate import aggregate
from kundenspiel.workshop.model import GroupDebrief, Participant
from kundenspiel.workshop.report import html_report
from tests.workshop.print_seed import TRAINEES, shipped_scenario, workshop_group

PRINTED = "druckerpatrone"
"""The shipped scenario with the most decisions and the longest texts."""


BLOCKS = {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "blockquote", "figcaption", "text"}


class Page(HTMLParser):
    """The text a reader sees (outside ``<style>``), and every ``<svg>`` start tag's attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.svgs: list[dict[str, str | None]] = []
        self.svg_texts: list[list[str]] = []
        self._in_style = False
        self._in_svg = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        if tag in BLOCKS:
            self.parts.append(" ")
        if tag == "svg":
            self._in_svg = True
            self.svgs.append(dict(attrs))
            self.svg_texts.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag == "svg":
            self._in_svg = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.parts.append(data)
            if self._in_svg:
                self.svg_texts[-1].append(data)

    @property
    def text(self) -> str:
        """All visible text with white space collapsed (a line break in the source is a space);
        no-break spaces stay."""
        return re.sub(r"[ \t\r\n]+", " ", "".join(self.parts)).strip()


def flat(text: str) -> str:
    """A scenario text as a reader sees it: one line, without the ``*`` of its emphasis, with a
    no-break space before ``%``."""
    return re.sub(r"(\d) %", "\\1\u00a0%", " ".join(text.replace("*", "").split()))


@pytest.fixture(scope="module")
def printed() -> tuple[Scenario, GroupDebrief]:
    """Twenty trainees through the scenario with the most decisions."""
    scenarios = [shipped_scenario(PRINTED)]
    return scenarios[0], aggregate(workshop_group(scenarios), scenarios)


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_the_report_prints_on_a4_and_keeps_headings_with_their_content(
    printed: tuple[Scenario, GroupDebrief],
) -> None:
    html = html_report(printed[1])
    style = html[html.index("<style>") : html.index("</style>")]
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", style)
    assert re.search(r"h1, h2, h3[^{]*\{[^}]*break-after:\s*avoid", style)
    assert re.search(r"tr, figure, svg[^{]*\{[^}]*break-inside:\s*avoid", style)
    # Decisions flow on (a card may break between its choices): no half-empty pages.
    assert not re.search(r"\.decision\s*\{[^}]*break-inside", style)


def test_no_character_needs_an_emoji_font(printed: tuple[Scenario, GroupDebrief]) -> None:
    html = html_report(printed[1], names=True)
    assert "🔒" not in html and "\ufe0f" not in html
    assert [c for c in html if ord(c) > 0xFFFF] == []
    locked = sum(c.locked for d in printed[1].scenarios[0].decisions for c in d.choices)
    assert locked and html.count('<span class="lock">gesperrt</span>') > 0


def test_every_percent_sign_follows_a_no_break_space(printed: tuple[Scenario, GroupDebrief]) -> None:
    text = parsed(html_report(printed[1])).text
    assert "\u00a0%" in text
    assert re.findall(r".{0,12}[^\u00a0\u202f]%", text) == []


def test_situation_choice_and_coaching_texts_are_printed_whole(
    printed: tuple[Scenario, GroupDebrief],
) -> None:
    scenario, debrief = printed
    text = parsed(html_report(debrief)).text
    reached = debrief.scenarios[0].decisions
    assert len(reached) >= 10
    for decision in reached:
        node = scenario.node(decision.node_id)
        assert flat(node.text) in text
        for choice in node.choices:
            assert flat(choice.text) in text
            if choice.coaching:
                assert flat(choice.coaching) in text


def test_charts_scale_with_the_page_and_the_histogram_has_labelled_axes(
    printed: tuple[Scenario, GroupDebrief],
) -> None:
    page = parsed(html_report(printed[1]))
    assert page.svgs
    for attributes in page.svgs:
        assert re.fullmatch(r"0 0 \d+ \d+", attributes.get("viewbox") or "")
        assert attributes.get("width") == "100%"
        assert re.fullmatch(r"max-width: \d+px", attributes.get("style") or "")
    histogram = next(texts for texts in page.svg_texts if texts[0].startswith("Punkteverteilung"))
    assert "Punkte" in histogram and "Personen" in histogram
    assert {str(n) for n in range(0, 101, 10)} <= set(histogram) and histogram[-1] == "100"


def test_names_appear_only_when_asked(printed: tuple[Scenario, GroupDebrief]) -> None:
    debrief = printed[1]
    anonymous = parsed(html_report(debrief)).text
    assert [name for name in TRAINEES if re.search(rf"\b{name}\b", anonymous)] == []
    named = parsed(html_report(debrief, names=True)).text
    chosen = next(c for d in debrief.scenarios[0].decisions for c in d.choices if len(c.chosen_by) >= 2)
    who = ", ".join(debrief.participant(number).name for number in chosen.chosen_by)
    assert f"Gewählt von: {who}" in named
    assert f"Gewählt von: {', '.join(f'Person {n}' for n in chosen.chosen_by)}" in anonymous


def test_the_flow_of_paths_counts_everyone(printed: tuple[Scenario, GroupDebrief]) -> None:
    debrief = printed[1]
    page = parsed(html_report(debrief))
    flow = next(texts for texts in page.svg_texts if texts[0].startswith("Wege der Gruppe"))
    root = debrief.scenarios[0].flow
    assert root is not None and f"E1 · {root.people}" in flow
    for branch in root.branches:
        if branch.choice_id is not None:
            number = [c.choice_id for c in debrief.scenarios[0].decisions[0].choices].index(
                branch.choice_id
            ) + 1
            assert f"A{number} · {branch.people}" in flow


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("chromium fehlt: in CI muss der Bericht wirklich gedruckt werden")
    return found


def test_the_printed_report_fills_a_reasonable_number_of_a4_pages(
    tmp_path: Path, printed: tuple[Scenario, GroupDebrief]
) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium is not installed: the report is not printed to PDF here")
    debrief = printed[1]
    source, pdf = tmp_path / "bericht.html", tmp_path / "bericht.pdf"
    source.write_text(html_report(debrief, names=True), encoding="utf-8")
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}", source.as_uri()],
        check=True,
        capture_output=True,
        timeout=180,
    )
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    boxes = {
        tuple(round(float(v)) for v in m) for m in re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", data)
    }
    assert boxes == {(595, 842)}  # A4 in points
    decisions = len(debrief.scenarios[0].decisions)
    # Measured: 17 pages for 17 decisions; with every card kept on one page it was 21, on Letter 18.
    assert 0.5 * decisions <= pages <= decisions + 3


def test_a_large_group_names_forty_people_per_choice_and_counts_the_rest(
    printed: tuple[Scenario, GroupDebrief],
) -> None:
    debrief = printed[1]
    crowd = [Participant(number=n, name=f"Teilnehmerin {n}") for n in range(1, 101)]
    scenario = debrief.scenarios[0]
    first = scenario.decisions[0]
    everyone = first.choices[0].model_copy(update={"chosen_by": list(range(1, 101)), "count": 100})
    decision = first.model_copy(update={"choices": [everyone, *first.choices[1:]]})
    changed = scenario.model_copy(update={"decisions": [decision, *scenario.decisions[1:]]})
    large = debrief.model_copy(update={"participants": crowd, "scenarios": [changed]})
    text = parsed(html_report(large, names=True)).text
    assert "Teilnehmerin 40 und 60 weitere" in text and "Teilnehmerin 41," not in text
