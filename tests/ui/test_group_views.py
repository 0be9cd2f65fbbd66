"""The group debrief's text charts, drawn without an app: what a trainer reads per decision, in
„Worüber sprechen?“ and in the competency profile (issue 12)."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

from kundenspiel.ui.widgets.group_charts import competency_view
from kundenspiel.ui.widgets.group_decision import decision_view
from kundenspiel.ui.widgets.group_talk import flow_view, talking_points_view
from kundenspiel.workshop.model import (
    ChoiceEnding,
    ChoiceShare,
    CompetencyEntry,
    Decision,
    FlowBranch,
    FlowNode,
    FlowOutcome,
    ScenarioDebrief,
    TalkingPoint,
)


def drawn(renderable: RenderableType, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def ending(title: str, count: int, percent: float) -> ChoiceEnding:
    return ChoiceEnding(ending_id=title.lower(), title=title, rating="gelungen", count=count, percent=percent)


OFFER = ChoiceShare(
    choice_id="angebot",
    text="Ich biete Ihnen einen Gutschein an.",
    count=4,
    percent=80.0,
    locked=0,
    chosen_by=[1, 2, 4, 5],
    effects={"vertrauen": 10, "motivation": -5},
    coaching="Ein Gutschein beruhigt, löst aber nichts.",
    finished=4,
    endings=[ending("Zufriedene Kundin", 3, 75.0), ending("Stiller Abschied", 1, 25.0)],
)
REFUND = ChoiceShare(
    choice_id="erstatten",
    text="Ich erstatte den Betrag sofort.",
    count=1,
    percent=20.0,
    locked=3,
    chosen_by=[3],
    lock_condition="Entscheidungsbefugnis mindestens 50",
    lock_reason="Dafür fehlt dir die Befugnis.",
)
DECISION = Decision(
    node_id="kasse",
    speaker="Frau Demir",
    text="Die Kundin legt den Kassenbon auf den Tresen.",
    decisions=6,
    participants=5,
    with_locked=3,
    choices=[OFFER, REFUND],
    revisits=1,
    median_seconds=80.0,
    split=0.2,
)
CALM = Decision(
    node_id="start",
    speaker=None,
    text="Montagmorgen.",
    decisions=5,
    participants=5,
    with_locked=0,
    choices=[
        OFFER.model_copy(update={"choice_id": "gruss", "text": "Guten Morgen!", "count": 5, "percent": 100.0})
    ],
    split=0.0,
)


def scenario(**changes: object) -> ScenarioDebrief:
    base = ScenarioDebrief(
        scenario_id="test",
        title="Test",
        known=True,
        participants=5,
        finished=4,
        in_progress=1,
        abandoned=0,
        outdated=0,
        score_histogram=[0] * 10,
        score_mean=None,
        meters=[],
        endings=[],
        decisions=[CALM, DECISION],
        competencies=[],
        runs=[],
    )
    return base.model_copy(update=changes)


def test_a_decision_shows_shares_of_people_who_effects_coaching_and_the_lock() -> None:
    # Wrapped at 80 columns: compared as one line.
    text = " ".join(drawn(decision_view(DECISION, 2, 9, lambda number: f"Person {number}", 80)).split())
    assert "Entscheidung 2 von 9 – Frau Demir" in text
    assert "5 Personen kamen hierher, 1× erneut besucht" in text
    assert "Bedenkzeit im Median 1:20 min" in text
    assert "80 % · 4 Personen" in text and "20 % · 1 Person" in text
    assert "Person 1, Person 2, Person 4, Person 5" in text
    assert "▲ Kundenvertrauen +10" in text and "▼ Mitarbeitermotivation −5" in text
    assert "Coaching: Ein Gutschein beruhigt, löst aber nichts." in text
    assert "gesperrt für 3: Entscheidungsbefugnis mindestens 50" in text


def test_who_chose_comes_from_the_caller_names_only_when_it_gives_them() -> None:
    names = {1: "Alex", 2: "Bea", 3: "Cem", 4: "Dana", 5: "Emil"}
    text = drawn(decision_view(DECISION, 2, 9, names.__getitem__, 120), width=120)
    assert "Alex, Bea, Dana, Emil" in text and "Person" not in text.split("Alex")[1].split("\n")[0]


def test_talking_points_rank_the_divided_decision_first_and_link_choices_to_endings() -> None:
    points = [
        TalkingPoint(node_id="kasse", participants=5, split=0.2, evenness=0.7, leading_choice_id="angebot"),
        TalkingPoint(node_id="start", participants=5, split=0.0, evenness=0.0, leading_choice_id="gruss"),
    ]
    text = drawn(talking_points_view(scenario(talking_points=points), 100), width=100)
    assert text.index("1. Entscheidung 2 – Frau Demir") < text.index("2. Entscheidung 1 – Montagmorgen")
    assert "die meisten (80 %) wählten „Ich biete Ihnen einen Gutschein an.“, 20 % etwas anderes" in text
    assert (
        "Von denen, die „Ich biete Ihnen einen Gutschein an.“ wählten, endeten 75 % bei „Zufriedene" in text
    )


def test_the_flow_is_a_tree_with_head_counts() -> None:
    left = FlowOutcome(kind="abgebrochen", ending_id=None, title="abgebrochen", rating="", count=1)
    flow = FlowNode(
        node_id="start",
        step=1,
        people=5,
        stopped=[],
        branches=[
            FlowBranch(
                choice_id="gruss",
                text="Guten Morgen!",
                people=4,
                outcomes=[],
                next=FlowNode(node_id="kasse", step=2, people=4, stopped=[left], branches=[]),
            ),
            FlowBranch(
                choice_id="weg", text="Wortlos weg.", people=1, outcomes=[], ending_title="Stiller Abschied"
            ),
        ],
    )
    text = drawn(flow_view(scenario(flow=flow), 100), width=100)
    lines = text.splitlines()
    assert any("1. Montagmorgen. (5)" in line for line in lines)
    assert any("„Guten Morgen!“ 4" in line for line in lines)
    assert any("2. Frau Demir:" in line and "(4)" in line and "1× abgebrochen" in line for line in lines)
    assert any("„Wortlos weg.“ 1" in line and "Ende „Stiller Abschied“" in line for line in lines)


def test_competencies_keep_the_weakest_first_order_and_grey_out_small_samples() -> None:
    entries = [
        CompetencyEntry(
            competency_id="a", label="Zuhören", positive=1, negative=3, participants=2, small_sample=True
        ),
        CompetencyEntry(competency_id="b", label="Grenzen setzen", positive=3, negative=1, participants=5),
    ]
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(competency_view(entries, 100))
    text = console.export_text(clear=False)
    assert text.index("Zuhören") < text.index("Grenzen setzen")
    assert "25 % (+1/−3, 2 Personen)" in text and "75 % (+3/−1, 5 Personen)" in text
    assert "weniger als 3 Personen" in text
    dim = {segment.text.strip() for segment in console._record_buffer if segment.style and segment.style.dim}
    assert "Zuhören" in dim and "Grenzen setzen" not in dim
