"""Checks that every id a scenario mentions exists, is declared and is unique.

They run on the parts of a file that passed the schema, so one broken choice does not hide
the problems in the rest of the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from kundenspiel.engine.conditions import KEYWORDS, Condition
from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.format_fields import Identifier, ShortText
from kundenspiel.engine.meters import METER_IDS
from kundenspiel.engine.models import Choice, Ending, Passage, Scenario
from kundenspiel.engine.positions import KEY_MARKER, Location, PositionIndex
from kundenspiel.engine.schema_errors import suggestion

_LABELS = TypeAdapter(dict[Identifier, ShortText])


@dataclass
class NodeParts:
    """A node's id and those of its choices (and text passages) that validated, with their
    positions in the file."""

    id: str
    choices: list[tuple[int, Choice]]
    passages: list[tuple[int, Passage]] = field(default_factory=list)


@dataclass
class ScenarioParts:
    """The pieces of a scenario that validated, so references can be checked even when
    other parts of the file are broken."""

    nodes: list[tuple[int, NodeParts]]
    endings: list[tuple[int, Ending]]
    complete: bool
    flags: dict[str, str] | None
    competencies: dict[str, str] | None
    start_node: str | None
    start_flags: list[tuple[int, str]]
    raw_ids: set[str]
    # Ending ids also of endings that failed the schema, to tell an ending from a node.
    raw_ending_ids: set[str] = field(default_factory=set)

    @classmethod
    def of_scenario(cls, scenario: Scenario) -> ScenarioParts:
        return cls(
            nodes=[
                (index, NodeParts(node.id, list(enumerate(node.choices)), list(enumerate(node.text_when))))
                for index, node in enumerate(scenario.nodes)
            ],
            endings=list(enumerate(scenario.endings)),
            flags=dict(scenario.flags),
            competencies=dict(scenario.competencies),
            start_node=scenario.start.node,
            start_flags=list(enumerate(scenario.start.flags)),
            raw_ids=set(),
            complete=True,
        )

    @classmethod
    def salvage(cls, tree: dict[str, Any]) -> ScenarioParts:
        def valid_endings(items: Any) -> list[tuple[int, Ending]]:
            kept = []
            for index, raw in enumerate(items if isinstance(items, list) else []):
                try:
                    kept.append((index, Ending.model_validate(raw)))
                except ValidationError:
                    continue
            return kept

        def valid_nodes(items: Any) -> list[tuple[int, NodeParts]]:
            kept = []
            for index, raw in enumerate(items if isinstance(items, list) else []):
                if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                    continue
                choices = []
                raw_choices = raw.get("choices")
                for choice_index, raw_choice in enumerate(
                    raw_choices if isinstance(raw_choices, list) else []
                ):
                    try:
                        choices.append((choice_index, Choice.model_validate(raw_choice)))
                    except ValidationError:
                        continue
                passages = []
                raw_passages = raw.get("text_when")
                for passage_index, raw_passage in enumerate(
                    raw_passages if isinstance(raw_passages, list) else []
                ):
                    try:
                        passages.append((passage_index, Passage.model_validate(raw_passage)))
                    except ValidationError:
                        continue
                kept.append((index, NodeParts(str(raw["id"]), choices, passages)))
            return kept

        def labels(raw: Any) -> dict[str, str] | None:
            try:
                return dict(_LABELS.validate_python(raw if raw is not None else {}))
            except ValidationError:
                return None

        start = tree.get("start")
        start_node = start.get("node") if isinstance(start, dict) else None
        start_flags = start.get("flags") if isinstance(start, dict) else None
        raw_ids: set[str] = set()
        raw_ending_ids: set[str] = set()
        for key in ("nodes", "endings"):
            items = tree.get(key)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    raw_ids.add(str(item["id"]))
                    if key == "endings":
                        raw_ending_ids.add(str(item["id"]))
        return cls(
            nodes=valid_nodes(tree.get("nodes")),
            endings=valid_endings(tree.get("endings")),
            flags=labels(tree.get("flags")),
            competencies=labels(tree.get("competencies")),
            start_node=start_node if isinstance(start_node, str) else None,
            start_flags=[(i, f) for i, f in enumerate(start_flags or []) if isinstance(f, str)]
            if isinstance(start_flags, list)
            else [],
            raw_ids=raw_ids,
            raw_ending_ids=raw_ending_ids,
            complete=False,
        )


class ReferenceChecker:
    """Checks that every id a scenario mentions exists, and that ids are unique."""

    def __init__(self, parts: ScenarioParts, index: PositionIndex, sink: DiagnosticSink) -> None:
        self.parts = parts
        self.index = index
        self.sink = sink
        self.node_ids = {node.id for _, node in parts.nodes}
        self.ending_ids = {ending.id for _, ending in parts.endings}
        self.known_ids = self.node_ids | self.ending_ids | parts.raw_ids
        self.all_ending_ids = self.ending_ids | parts.raw_ending_ids

    def error(self, location: Location, message: str, *, at_key: bool = False) -> None:
        line, column = self.index.position(location, at_key=at_key)
        self.sink.error(line, column, message)

    def warning(self, location: Location, message: str, *, at_key: bool = False) -> None:
        line, column = self.index.position(location, at_key=at_key)
        self.sink.warning(line, column, message)

    def run(self) -> None:
        self.check_unique_ids()
        self.check_flag_names()
        self.check_start()
        for node_index, node in self.parts.nodes:
            self.check_node(node_index, node)
        for ending_index, ending in self.parts.endings:
            for passage_index, passage in enumerate(ending.text_when):
                location = ("endings", ending_index, "text_when", passage_index, "condition")
                self.check_condition(location, passage.condition)
        if self.parts.complete:
            self.check_unused_declarations()

    def check_unique_ids(self) -> None:
        seen: dict[str, Location] = {}
        groups: list[tuple[str, Iterable[tuple[int, NodeParts | Ending]]]] = [
            ("nodes", self.parts.nodes),
            ("endings", self.parts.endings),
        ]
        for key, items in groups:
            for index, item in items:
                location = (key, index, "id")
                if item.id in seen:
                    first_line, _ = self.index.position(seen[item.id])
                    self.error(location, f"id „{item.id}“ gibt es schon (Zeile {first_line})")
                else:
                    seen[item.id] = location
        for node_index, node in self.parts.nodes:
            choice_lines: dict[str, int] = {}
            for choice_index, choice in node.choices:
                choice_location = ("nodes", node_index, "choices", choice_index, "id")
                if choice.id in choice_lines:
                    self.error(
                        choice_location,
                        f"Auswahl-id „{choice.id}“ gibt es in „{node.id}“ schon "
                        f"(Zeile {choice_lines[choice.id]})",
                    )
                else:
                    choice_lines[choice.id] = self.index.position(choice_location)[0]

    def check_flag_names(self) -> None:
        for flag in self.parts.flags or {}:
            if flag in METER_IDS or flag in KEYWORDS:
                self.error(
                    ("flags", flag, KEY_MARKER),
                    f"„{flag}“ ist als Merker-Name reserviert (Messwert oder Schlüsselwort)",
                )

    def check_start(self) -> None:
        start_node = self.parts.start_node
        if start_node is not None and start_node not in self.known_ids:
            self.error(
                ("start", "node"),
                f"Start-Station „{start_node}“ gibt es nicht" + suggestion(start_node, sorted(self.node_ids)),
            )
        elif start_node in self.ending_ids:
            self.error(("start", "node"), f"„{start_node}“ ist ein Ende, keine Station zum Starten")
        for index, flag in self.parts.start_flags:
            self.check_flag(("start", "flags", index), flag)

    def check_flag(self, location: Location, flag: str) -> None:
        declared = self.parts.flags
        if declared is not None and flag not in declared:
            self.error(location, self.unknown_flag_message(flag))

    def unknown_flag_message(self, flag: str) -> str:
        declared = sorted(self.parts.flags or {})
        return f"Merker „{flag}“ ist nicht unter „flags“ angelegt" + suggestion(flag, declared)

    def check_node(self, node_index: int, node: NodeParts) -> None:
        for passage_index, passage in node.passages:
            self.check_condition(
                ("nodes", node_index, "text_when", passage_index, "condition"), passage.condition
            )
        for choice_index, choice in node.choices:
            base: tuple[str | int, ...] = ("nodes", node_index, "choices", choice_index)
            targets = [
                ((*base, "next_when", i, "next"), route.next) for i, route in enumerate(choice.next_when)
            ]
            for location, target in [*targets, ((*base, "next"), choice.next)]:
                if target not in self.known_ids:
                    self.error(
                        location,
                        f"Ziel „{target}“ gibt es nicht (weder Station noch Ende)"
                        + suggestion(target, sorted(self.node_ids | self.ending_ids)),
                    )
            for key in ("set_flags", "clear_flags"):
                for flag_index, flag in enumerate(getattr(choice, key)):
                    self.check_flag((*base, key, flag_index), flag)
            for where, condition in choice.located_conditions():
                self.check_condition((*base, *where), condition)
            self.check_competency_tags(base, list(choice.competencies))
            if choice.feedback is None:
                self.warning(
                    (*base, "id"),
                    f"Auswahl „{choice.id}“ hat kein „feedback“: die Spielerin sieht keine Reaktion",
                )
            if choice.coaching is None:
                self.warning(
                    (*base, "id"),
                    f"Auswahl „{choice.id}“ hat kein „coaching“: in der Auswertung fehlt das Warum",
                )

    def check_condition(self, location: Location, condition: Condition) -> None:
        for reference in condition.flag_references():
            if self.parts.flags is not None and reference.flag not in self.parts.flags:
                line, column = self.index.position_in_text(location, reference.offset)
                self.sink.error(line, column, "Bedingung: " + self.unknown_flag_message(reference.flag))
        for visited in condition.node_references():
            line, column = self.index.position_in_text(location, visited.offset)
            if visited.node not in self.known_ids:
                self.sink.error(
                    line,
                    column,
                    f"Bedingung: Station „{visited.node}“ gibt es nicht"
                    + suggestion(visited.node, sorted(self.node_ids)),
                )
            elif visited.node not in self.node_ids and visited.node in self.all_ending_ids:
                # Conditions are only evaluated at nodes, before any ending is entered.
                self.sink.error(
                    line,
                    column,
                    f"Bedingung: „{visited.node}“ ist ein Ende, keine Station: "
                    f"besucht({visited.node}) ist nie wahr",
                )

    def check_competency_tags(self, base: tuple[str | int, ...], tags: list[str]) -> None:
        declared = self.parts.competencies
        if declared is None:
            return
        raw = self.index.value((*base, "competencies"))
        for tag in tags:
            if tag in declared:
                continue
            if isinstance(raw, list) and tag in raw:
                location: Location = (*base, "competencies", raw.index(tag))
            else:
                location = (*base, "competencies", tag, KEY_MARKER)
            self.error(
                location,
                f"Kompetenz „{tag}“ ist nicht unter „competencies“ angelegt"
                + suggestion(tag, sorted(declared)),
            )

    def check_unused_declarations(self) -> None:
        used_competencies: set[str] = set()
        used_flags = {flag for _, flag in self.parts.start_flags}
        set_flags = set(used_flags)
        conditions = [passage.condition for _, ending in self.parts.endings for passage in ending.text_when]
        for _, node in self.parts.nodes:
            conditions += [passage.condition for _, passage in node.passages]
            for _, choice in node.choices:
                used_competencies.update(choice.competencies)
                set_flags.update(choice.set_flags)
                used_flags.update(choice.set_flags, choice.clear_flags)
                conditions += [condition for _, condition in choice.located_conditions()]
        used_flags.update(ref.flag for condition in conditions for ref in condition.flag_references())
        for competency in self.parts.competencies or {}:
            if competency not in used_competencies:
                self.warning(
                    ("competencies", competency, KEY_MARKER),
                    f"Kompetenz „{competency}“ wird an keiner Auswahl vergeben",
                )
        for flag in self.parts.flags or {}:
            if flag not in used_flags:
                self.warning(("flags", flag, KEY_MARKER), f"Merker „{flag}“ wird nie benutzt")
            elif flag not in set_flags:
                self.warning(
                    ("flags", flag, KEY_MARKER),
                    f"Merker „{flag}“ wird nirgends gesetzt: Bedingungen darauf sind nie wahr",
                )
