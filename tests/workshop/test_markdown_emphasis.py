"""Markdown keeps the scenario's emphasis while table cells stay one safe line."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from kundenspiel.engine import Scenario
from kundenspiel.workshop.aggregate import GroupData, aggregate
from kundenspiel.workshop.markdown_text import md_quote, md_text
from kundenspiel.workshop.report import html_report
from kundenspiel.workshop.tables import markdown
from tests.workshop.print_seed import shipped_scenario, workshop_group


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("von **Bürowelt Sander** in Kassel", "von **Bürowelt Sander** in Kassel"),
        ("*angeboten, abgelehnt* und _still_", "*angeboten, abgelehnt* und *still*"),
        ("5 * 3 und a_b_c", "5 \\* 3 und a\\_b\\_c"),
        ("A | B\nC", "A \\| B C"),
        ("# Überschrift <b>x</b> [link](y)", "\\# Überschrift \\<b\\>x\\</b\\> \\[link\\](y)"),
        ("**fett | mit Rohr**", "**fett \\| mit Rohr**"),
        ("** nicht fett **", "\\*\\* nicht fett \\*\\*"),
    ],
)
def test_emphasis_is_kept_and_everything_else_escaped(text: str, shown: str) -> None:
    assert md_text(text) == shown


def test_the_scenarios_own_emphasis_reaches_markdown_and_html() -> None:
    scenarios = [shipped_scenario("druckerpatrone")]
    debrief = aggregate(workshop_group(scenarios), scenarios)
    text = markdown(debrief)
    assert "**Bürowelt Sander**" in text and "\\*\\*Bürowelt" not in text
    assert "<strong>Bürowelt Sander</strong>" in html_report(debrief)


def test_a_choice_with_pipes_and_line_breaks_keeps_its_table_row(
    mini: Scenario, mini_group: GroupData
) -> None:
    debrief = aggregate(mini_group, [mini])
    scenario = debrief.scenarios[0]
    first = scenario.decisions[0]
    odd = first.choices[1].model_copy(update={"text": "Erst | fragen\n**dann** handeln\n\n# nie"})
    decision = first.model_copy(update={"choices": [first.choices[0], odd, *first.choices[2:]]})
    changed = scenario.model_copy(update={"decisions": [decision, *scenario.decisions[1:]]})
    text = markdown(debrief.model_copy(update={"scenarios": [changed]}))
    table = text[text.index("| Nr. | Auswahl") :].split("\n\n")[0].splitlines()
    assert len(table) == 2 + len(decision.choices)
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in table]
    assert set(cells) == {cells[0]}
    assert "| 2 | Erst \\| fragen **dann** handeln \\# nie |" in table[3]


def test_a_markdown_renderer_reads_the_export_as_meant(mini: Scenario, mini_group: GroupData) -> None:
    debrief = aggregate(mini_group, [mini])
    scenario = debrief.scenarios[0]
    first = scenario.decisions[0]
    odd = first.choices[1].model_copy(
        update={"text": "Erst | fragen, **dann** _handeln_\n# nie", "coaching": "a*b"}
    )
    decision = first.model_copy(update={"choices": [first.choices[0], odd, *first.choices[2:]]})
    changed = scenario.model_copy(update={"decisions": [decision, *scenario.decisions[1:]]})
    html = MarkdownIt("gfm-like").render(markdown(debrief.model_copy(update={"scenarios": [changed]})))
    assert "<td>Erst | fragen, <strong>dann</strong> <em>handeln</em> # nie</td>" in html
    assert "Coaching: a*b" in html
    assert html.count("<h1>") == 1 and "<h1>nie" not in html
    rows = html[html.index("<th>Auswahl</th>") :].split("</table>")[0]
    assert rows.count("<tr>") == len(decision.choices)  # the body rows after the header cell


@pytest.mark.parametrize("paragraph", ["- kein Punkt", "+ auch keiner", "3. keine Nummer", "12) auch nicht"])
def test_a_situation_paragraph_that_looks_like_a_list_stays_text(paragraph: str) -> None:
    quoted = md_quote(f"Erster Absatz.\n\n{paragraph}")
    html = MarkdownIt("gfm-like").render("\n".join(quoted))
    assert "<li>" not in html and "<ol" not in html and paragraph in html
