"""Reading a scenario file into a position-keeping YAML tree, refusing hostile input early.

The raw bytes are checked first: size, binary content, encoding, tabs in the indentation.
Then one pass over libyaml's event stream (PyYAML's C parser) both checks and builds: anchors
and aliases (which make alias bombs possible; aliases are never expanded), nesting depth,
duplicate keys, tags and extra documents are reported while the tree of
:mod:`yaml_tree` containers is put together, with scalars resolved by the YAML 1.2 core schema
(so ``NO`` and ``2024-07-26`` stay text). Each problem becomes a German diagnostic with its
exact position; nothing raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.error import MarkedYAMLError, YAMLError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.reader import ReaderError

from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.yaml_input import (
    TAB_MESSAGE,
    check_tabs,
    decode_source,
    line_column,
    report_at,
    report_reader_error,
    report_syntax_error,
)
from kundenspiel.engine.yaml_scalars import NumberTooLargeError, resolve_plain
from kundenspiel.engine.yaml_tree import (
    BlockStr,
    DoubleQuotedStr,
    Position,
    Positioned,
    PositionedList,
    PositionedMap,
    SingleQuotedStr,
)

MAX_NESTING_DEPTH = 32

# libyaml's C parser when PyYAML was built with it; the pure-Python one has the same events.
_LOADER: Any = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
if _LOADER is None:
    _LOADER = yaml.SafeLoader

_CORE = "tag:yaml.org,2002:"
_CORE_SCALARS: dict[str, tuple[type, ...]] = {
    _CORE + "null": (type(None),),
    _CORE + "bool": (bool,),
    _CORE + "int": (int,),
    _CORE + "float": (float, int),
}
_QUOTED = {"'": SingleQuotedStr, '"': DoubleQuotedStr, "|": BlockStr, ">": BlockStr}
_EXPECT_KEY: Any = object()


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


@dataclass
class _Problem:
    index: int
    line: int
    column: int
    message: str


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = ("container", "flow_start", "key", "key_position", "seen")

    def __init__(self, container: Positioned, flow_start: int) -> None:
        self.container = container
        self.flow_start = flow_start
        self.key: Any = _EXPECT_KEY
        self.key_position = (0, 0)
        self.seen: dict[str, int] = {}


class _TreeReader:
    """One pass over the event stream: the safety checks and the tree with positions."""

    def __init__(self, text: str, loader: Any = _LOADER) -> None:
        self.text = text
        self.loader = loader
        self.problems: list[_Problem] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.stopped_at = len(text)  # where reading ended early (an error), as a character index
        self.error: YAMLError | None = None
        # Tabs are the one thing libyaml accepts in more places than the format allows; the
        # spans in which a tab is only text are collected when the file has a tab at all.
        self.tabs = "\t" in text
        self.tab_spans: list[tuple[int, int]] = []

    def problem(self, mark: Any, message: str) -> None:
        self.problems.append(_Problem(mark.index, mark.line, mark.column, message))

    def read(self) -> None:
        loader = None
        try:
            # The pure-Python reader checks the whole text for control characters right here.
            loader = self.loader(self.text)
            self._read_events(loader.get_event)
        except ValueError as error:
            # The pure-Python parser turns ``"\U0011ffff"`` into chr() and fails there.
            self.error = YAMLError(str(error))
        except YAMLError as error:
            self.error = error
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            if isinstance(error, ReaderError):
                position = int(error.position)
                if self.loader is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes
                    position = len(self.text.encode("utf-8")[:position].decode("utf-8", "ignore"))
                self.stopped_at = position
            elif mark is not None:
                self.stopped_at = mark.index
        finally:
            if loader is not None:
                loader.dispose()

    def _read_events(self, next_event: Any) -> None:
        documents = 0
        stack = self.stack
        while True:
            event = next_event()
            kind = type(event)
            if kind is ScalarEvent:
                self._scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None:
                    self._anchor(event)
                is_map = kind is MappingStartEvent
                if event.tag not in (None, "!", _CORE + ("map" if is_map else "seq")):
                    self._tag(event)
                mark = event.start_mark
                container: Positioned = (
                    PositionedMap(mark.line, mark.column)
                    if is_map
                    else PositionedList(mark.line, mark.column)
                )
                stack.append(_Frame(container, mark.index if event.flow_style else -1))
                if len(stack) > MAX_NESTING_DEPTH:
                    self.problem(mark, f"zu tief verschachtelt (mehr als {MAX_NESTING_DEPTH} Ebenen)")
                    self.stopped_at = mark.index
                    return
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if self.tabs and frame.flow_start >= 0:
                    self.tab_spans.append((frame.flow_start, event.end_mark.index))
                self._attach(frame.container, (frame.container.line, frame.container.column), None, None)
            elif kind is AliasEvent:
                self._anchor(event)
                self._attach(None, (event.start_mark.line, event.start_mark.column), None, None)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.problem(
                        event.start_mark, "mehr als ein YAML-Dokument („---“): eine Datei, ein Szenario"
                    )
                    self.stopped_at = event.start_mark.index
                    return
            elif kind is StreamEndEvent:
                return

    def _scalar(self, event: Any) -> None:
        if event.anchor is not None:
            self._anchor(event)
        text, style, tag = event.value, event.style or None, event.tag  # libyaml: "" for plain
        start = event.start_mark
        plain_end = None  # where a plain text ends, to look for a comment after it
        value: Any
        if style is None and tag is None:
            try:
                value = resolve_plain(text)
            except NumberTooLargeError as error:
                self.problem(start, error.message)
                value = None
            if type(value) is str:
                plain_end = event.end_mark
        elif tag is None or tag == "!" or tag == _CORE + "str":
            value = text if style is None else _QUOTED.get(style, str)(text)
            if self.tabs and style is not None:
                # A block's header line (| or > and its indicators) allows no tab.
                begin = self.text.find("\n", start.index) if style in "|>" else start.index
                self.tab_spans.append((begin if begin >= 0 else start.index, event.end_mark.index))
        else:
            try:
                value = resolve_plain(text) if style is None else text
            except NumberTooLargeError as error:
                self.problem(start, error.message)
                self._attach(None, (start.line, start.column), text, None)
                return
            expected = _CORE_SCALARS.get(tag)
            if (
                expected is None
                or not isinstance(value, expected)
                or (type(value) is bool) != (tag == _CORE + "bool")
            ):
                self._tag(event)
            elif tag == _CORE + "float" and isinstance(value, int):
                value = float(value)
        self._attach(value, (start.line, start.column), text, plain_end)

    def _attach(self, value: Any, position: Position, key_text: str | None, plain_end: Any) -> None:
        """Put a finished node into the open container (or make it the document)."""
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame.container
        if type(container) is PositionedList:
            if plain_end is not None:
                comment = self._comment_after(plain_end)
                if comment is not None:
                    container.comments[len(container)] = comment
            container.append(value)
            container.item_positions.append(position)
        elif frame.key is _EXPECT_KEY:
            if type(value) is PositionedMap or type(value) is PositionedList:
                kind = "eine Zuordnung" if type(value) is PositionedMap else "eine Liste"
                self.problems.append(
                    _Problem(
                        self._index_of(position),
                        *position,
                        f"ein Schlüssel muss ein Text sein, hier ist er {kind} – schreibe vor den "
                        "„:“ nur einen Namen; ein Text mit Klammern gehört in Anführungszeichen",
                    )
                )
            if key_text is not None:
                first_line = frame.seen.get(key_text)
                if first_line is not None:
                    self.problems.append(
                        _Problem(
                            self._index_of(position),
                            *position,
                            f"Schlüssel „{key_text}“ doppelt (zuerst in Zeile {first_line})",
                        )
                    )
                else:
                    frame.seen[key_text] = position[0] + 1
            frame.key = _hashable(value)
            frame.key_position = position
        else:
            key = frame.key
            frame.key = _EXPECT_KEY
            assert type(container) is PositionedMap
            if key in container:
                return  # a duplicate key, reported above; the first one counts
            container[key] = value
            container.key_positions[key] = frame.key_position
            container.value_positions[key] = position
            if plain_end is not None:
                comment = self._comment_after(plain_end)
                if comment is not None:
                    container.comments[key] = comment

    def _index_of(self, position: Position) -> int:
        line, column = position
        index = 0
        for _ in range(line):
            index = self.text.index("\n", index) + 1
        return index + column

    def _comment_after(self, end: Any) -> Position | None:
        """Where a comment starts right after a plain scalar on the same line, if one does."""
        text, index = self.text, end.index
        if text[index : index + 1] not in (" ", "\t"):
            return None
        after = index
        while after < len(text) and text[after] in " \t":
            after += 1
        if after > index and after < len(text) and text[after] == "#":
            return end.line, end.column + after - index
        return None

    def _anchor(self, event: Any) -> None:
        alias = type(event) is AliasEvent
        kind, sign = ("Verweis", "*") if alias else ("Anker", "&")
        self.problem(
            event.start_mark,
            f"{kind} „{sign}{event.anchor}“: Anker und Verweise sind in Szenarien nicht "
            "erlaubt – schreibe den Inhalt aus",
        )

    def _tag(self, event: Any) -> None:
        self.problem(
            event.start_mark,
            f"YAML-Tag „{_shown_tag(event.tag)}“ ist in Szenarien nicht erlaubt – "
            "schreibe den Wert ohne „!“-Angabe",
        )

    def first_bad_tab(self) -> int | None:
        """The first tab the format does not allow (outside quotes, blocks, flow brackets and
        comments), up to where reading stopped."""
        if not self.tabs:
            return None
        text = self.text
        spans = sorted(self.tab_spans)
        open_flows = [frame.flow_start for frame in self.stack if frame.flow_start >= 0]
        open_from = min(open_flows) if open_flows else len(text) + 1
        tab = text.find("\t")
        while 0 <= tab < self.stopped_at:
            if not _inside(spans, tab) and tab < open_from and not self._in_comment(spans, tab):
                return tab
            tab = text.find("\t", tab + 1)
        return None

    def _in_comment(self, spans: list[tuple[int, int]], index: int) -> bool:
        text = self.text
        line_start = text.rfind("\n", 0, index) + 1
        hash_at = text.find("#", line_start, index)
        while hash_at >= 0:
            if (hash_at == line_start or text[hash_at - 1] in " \t") and not _inside(spans, hash_at):
                return True
            hash_at = text.find("#", hash_at + 1, index)
        return False


def _inside(spans: list[tuple[int, int]], index: int) -> bool:
    return any(start <= index < end for start, end in spans)


def _hashable(key: Any) -> Any:
    """A mapping key as a dict can hold it: quotes dropped, a list or mapping key frozen."""
    if isinstance(key, str):
        return str(key)
    if isinstance(key, list):
        return tuple(_hashable(entry) for entry in key)
    if isinstance(key, dict):
        return tuple((_hashable(k), _hashable(v)) for k, v in key.items())
    return key


def parse_yaml(data: bytes, sink: DiagnosticSink) -> Any | None:
    """The file's YAML tree (:class:`PositionedMap` and friends, which know their positions),
    or None when the file cannot be read safely; every reason is reported to ``sink``."""
    text = decode_source(data, sink)
    if text is None:
        return None
    check_tabs(text, sink)
    if sink.has_errors:
        return None
    reader = _TreeReader(text)
    reader.read()
    if isinstance(reader.error, MarkedYAMLError) and "maximum nesting depth" in (reader.error.problem or ""):
        # libyaml's scanner looks ahead through deep flow brackets (up to its own limit of
        # 1000) before the parser hands out the events that reach ours; the pure-Python
        # parser streams them, so the file gets the same message as any too deep one.
        reader = _TreeReader(text, yaml.SafeLoader)
        reader.read()
    tab = reader.first_bad_tab()
    cut = tab if tab is not None else len(text) + 1
    for problem in reader.problems:
        if problem.index < cut:
            sink.error(problem.line + 1, problem.column + 1, problem.message)
    if tab is not None:
        line, column = line_column(text, tab)
        report_at(line, column, TAB_MESSAGE, text, sink)
    elif isinstance(reader.error, ReaderError) and isinstance(reader.error.character, int):
        report_reader_error(reader.error, reader.stopped_at, text, sink)
    elif isinstance(reader.error, MarkedYAMLError):
        report_syntax_error(reader.error, text, sink, libyaml=reader.loader is not yaml.SafeLoader)
    elif reader.error is not None:
        # Neither a position nor a wording we know: the parser's English would help nobody.
        sink.error(1, 1, "YAML-Fehler: die Datei kann nicht als YAML gelesen werden")
    if reader.problems or reader.error is not None or tab is not None:
        return None
    if reader.root is None:
        sink.error(1, 1, "Datei ist leer: hier fehlt das ganze Szenario")
    return reader.root
