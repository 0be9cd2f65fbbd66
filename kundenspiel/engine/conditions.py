"""The small condition language that opens and closes choices.

Trainers write conditions as short German expressions, for example
``befugnis >= 60 und nicht rueckruf_versprochen`` or ``besucht(nachfrage) oder vertrauen > 70``.
They are parsed by a recursive-descent parser into a tiny syntax tree and evaluated against a
game state. Nothing here ever reaches ``eval``: the grammar can only compare meters with
integers, test flags and test visited nodes.

Grammar (``nicht`` binds tightest, then ``und``, then ``oder``)::

    condition  := or_expr
    or_expr    := and_expr ("oder" and_expr)*
    and_expr   := not_expr ("und" not_expr)*
    not_expr   := "nicht" not_expr | atom
    atom       := "(" or_expr ")" | comparison | "besucht" "(" IDENT ")" | IDENT
    comparison := METER OP INTEGER          OP: < <= > >= == !=
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from kundenspiel.engine.meters import METER_IDS, METER_LABELS, METER_MAX, METER_MIN

MAX_CONDITION_LENGTH = 500
MAX_NESTING = 20
KEYWORDS = frozenset({"und", "oder", "nicht", "besucht"})

_COMPARATORS: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_COMPARATOR_WORDS = {
    "<": "unter",
    "<=": "höchstens",
    ">": "über",
    ">=": "mindestens",
    "==": "genau",
    "!=": "ungleich",
}

_TOKEN_PATTERN = re.compile(
    r"\s*(?:(?P<number>-?\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><=|>=|==|!=|<|>)"
    r"|(?P<paren>[()]))"
)


class ConditionSyntaxError(ValueError):
    """A condition that does not follow the grammar; ``offset`` points into the source text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class EvaluationContext:
    """What a condition can look at: the meters, the flags set and the nodes visited."""

    meters: dict[str, int]
    flags: frozenset[str]
    visited: frozenset[str]


@dataclass(frozen=True)
class Comparison:
    """``meter op value``, e.g. ``befugnis >= 60``."""

    meter: str
    comparator: str
    value: int
    offset: int

    def evaluate(self, context: EvaluationContext) -> bool:
        """Compare the meter's current value with the threshold."""
        return _COMPARATORS[self.comparator](context.meters[self.meter], self.value)

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """German wording, e.g. "Entscheidungsbefugnis mindestens 60"."""
        return f"{METER_LABELS[self.meter]} {_COMPARATOR_WORDS[self.comparator]} {self.value}"

    def size(self) -> int:
        """One part: see :meth:`Condition.size`."""
        return 1

    def constant_outcome(self) -> bool | None:
        """True when the comparison holds for every possible meter value (0–100), False when
        it holds for none, None when it depends on the meter."""
        compare = _COMPARATORS[self.comparator]
        # 101 evaluations: simpler to trust than a case table over six operators.
        outcomes = {compare(meter, self.value) for meter in range(METER_MIN, METER_MAX + 1)}
        return outcomes.pop() if len(outcomes) == 1 else None

    def __str__(self) -> str:
        return f"{self.meter} {self.comparator} {self.value}"


@dataclass(frozen=True)
class FlagSet:
    """A bare identifier: true when the scenario has set that flag."""

    flag: str
    offset: int

    def size(self) -> int:
        """One part: see :meth:`Condition.size`."""
        return 1

    def evaluate(self, context: EvaluationContext) -> bool:
        """True when the flag is set."""
        return self.flag in context.flags

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """German wording naming the flag."""
        return f"„{(labels or {}).get(self.flag, self.flag)}“"


@dataclass(frozen=True)
class Visited:
    """``besucht(node)``: true when the playthrough has passed through that node."""

    node: str
    offset: int

    def size(self) -> int:
        """One part: see :meth:`Condition.size`."""
        return 1

    def evaluate(self, context: EvaluationContext) -> bool:
        """True when the node was entered earlier in this playthrough (or is the current one)."""
        return self.node in context.visited

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """German wording naming the node."""
        return f"„{(labels or {}).get(self.node, self.node)}“ besucht"


@dataclass(frozen=True)
class Not:
    """Negation."""

    operand: Expression

    def size(self) -> int:
        """The operand and the negation: see :meth:`Condition.size`."""
        return 1 + self.operand.size()

    def evaluate(self, context: EvaluationContext) -> bool:
        """Negate the operand."""
        return not self.operand.evaluate(context)

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """German wording."""
        return f"nicht {_describe_nested(self.operand, labels)}"


@dataclass(frozen=True)
class AllOf:
    """Conjunction (``und``)."""

    operands: tuple[Expression, ...]

    def size(self) -> int:
        """The operands and the operator: see :meth:`Condition.size`."""
        return 1 + sum(operand.size() for operand in self.operands)

    def evaluate(self, context: EvaluationContext) -> bool:
        """True when every operand is true."""
        return all(operand.evaluate(context) for operand in self.operands)

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """German wording."""
        return " und ".join(_describe_nested(operand, labels) for operand in self.operands)


@dataclass(frozen=True)
class AnyOf:
    """Disjunction (``oder``)."""

    operands: tuple[Expression, ...]

    def size(self) -> int:
        """The operands and the operator: see :meth:`Condition.size`."""
        return 1 + sum(operand.size() for operand in self.operands)

    def evaluate(self, context: EvaluationContext) -> bool:
        """True when at least one operand is true."""
        return any(operand.evaluate(context) for operand in self.operands)

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """German wording."""
        return " oder ".join(_describe_nested(operand, labels) for operand in self.operands)


Expression = Comparison | FlagSet | Visited | Not | AllOf | AnyOf


def _describe_nested(expression: Expression, labels: Mapping[str, str] | None) -> str:
    text = expression.describe(labels)
    return f"({text})" if isinstance(expression, AllOf | AnyOf) else text


@dataclass(frozen=True)
class Condition:
    """A parsed condition together with the text the trainer wrote."""

    source: str
    expression: Expression

    def evaluate(self, context: EvaluationContext) -> bool:
        """Evaluate against a game state's meters, flags and visited nodes."""
        return self.expression.evaluate(context)

    def size(self) -> int:
        """How many parts (comparisons, flags, visits, ``und``/``oder``/``nicht``) the
        condition has: an upper bound of the steps one evaluation takes."""
        return self.expression.size()

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """A German rendering, used as the default reason when a choice is locked.

        ``labels`` maps flag and node ids to the German names the scenario gives them.
        """
        return self.expression.describe(labels)

    def flag_references(self) -> Iterator[FlagSet]:
        """Every flag the condition tests, with its offset in the source."""
        yield from (item for item in _walk(self.expression) if isinstance(item, FlagSet))

    def node_references(self) -> Iterator[Visited]:
        """Every node the condition tests with ``besucht(...)``."""
        yield from (item for item in _walk(self.expression) if isinstance(item, Visited))

    def meter_references(self) -> Iterator[Comparison]:
        """Every meter comparison in the condition."""
        yield from (item for item in _walk(self.expression) if isinstance(item, Comparison))

    def __str__(self) -> str:
        return self.source


def _walk(expression: Expression) -> Iterator[Expression]:
    yield expression
    if isinstance(expression, Not):
        yield from _walk(expression.operand)
    elif isinstance(expression, AllOf | AnyOf):
        for operand in expression.operands:
            yield from _walk(operand)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    offset: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(source):
        if source[position:].strip() == "":
            break
        match = _TOKEN_PATTERN.match(source, position)
        if match is None or match.lastgroup is None:
            offset = position + (len(source[position:]) - len(source[position:].lstrip()))
            raise ConditionSyntaxError(f"unerwartetes Zeichen „{source[offset]}“ in der Bedingung", offset)
        kind = match.lastgroup
        tokens.append(_Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    tokens.append(_Token("end", "", len(source)))
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.current
        self.index += 1
        return token

    def is_word(self, word: str) -> bool:
        return self.current.kind == "name" and self.current.text == word

    def expect_paren(self, paren: str, what: str) -> None:
        if self.current.kind == "paren" and self.current.text == paren:
            self.advance()
            return
        raise ConditionSyntaxError(f"„{paren}“ erwartet {what}", self.current.offset)

    def parse(self) -> Expression:
        expression = self.parse_or()
        if self.current.kind != "end":
            raise ConditionSyntaxError(
                f"unerwartet: „{self.current.text}“ (fehlt „und“ oder „oder“ davor?)",
                self.current.offset,
            )
        return expression

    def parse_or(self) -> Expression:
        operands = [self.parse_and()]
        while self.is_word("oder"):
            self.advance()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else AnyOf(tuple(operands))

    def parse_and(self) -> Expression:
        operands = [self.parse_not()]
        while self.is_word("und"):
            self.advance()
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else AllOf(tuple(operands))

    def parse_not(self) -> Expression:
        if self.is_word("nicht"):
            self.advance()
            return Not(self.nested(self.parse_not))
        return self.parse_atom()

    def nested(self, parse: Callable[[], Expression]) -> Expression:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionSyntaxError("zu tief verschachtelt", self.current.offset)
        try:
            return parse()
        finally:
            self.depth -= 1

    def parse_atom(self) -> Expression:
        token = self.current
        if token.kind == "paren" and token.text == "(":
            self.advance()
            inner = self.nested(self.parse_or)
            self.expect_paren(")", "zum Schließen der Klammer")
            return inner
        if token.kind != "name" or token.text in {"und", "oder", "nicht"}:
            found = f"„{token.text}“" if token.text else "das Ende"
            raise ConditionSyntaxError(
                f"hier fehlt ein Messwert, ein Merker oder besucht(...), gefunden: {found}",
                token.offset,
            )
        self.advance()
        if token.text == "besucht":
            self.expect_paren("(", "nach „besucht“")
            node = self.current
            if node.kind != "name":
                raise ConditionSyntaxError("besucht(...) braucht eine Stations-id", node.offset)
            self.advance()
            self.expect_paren(")", "nach der Stations-id")
            return Visited(node.text, node.offset)
        if self.current.kind == "op":
            return self.parse_comparison(token)
        if token.text in METER_IDS:
            raise ConditionSyntaxError(
                f"„{token.text}“ ist ein Messwert: vergleiche ihn, z. B. „{token.text} >= 50“",
                token.offset,
            )
        return FlagSet(token.text, token.offset)

    def parse_comparison(self, meter: _Token) -> Comparison:
        comparator = self.advance()
        if meter.text not in METER_IDS:
            raise ConditionSyntaxError(
                f"unbekannter Messwert „{meter.text}“ (möglich: {', '.join(METER_IDS)})",
                meter.offset,
            )
        value = self.current
        if value.kind != "number":
            raise ConditionSyntaxError(
                f"nach „{comparator.text}“ wird eine ganze Zahl erwartet", value.offset
            )
        self.advance()
        return Comparison(meter.text, comparator.text, int(value.text), meter.offset)


def parse_condition(source: str) -> Condition:
    """Parse a condition, raising :class:`ConditionSyntaxError` with an offset on bad input."""
    if len(source) > MAX_CONDITION_LENGTH:
        raise ConditionSyntaxError(f"zu lang ({len(source)} Zeichen, höchstens {MAX_CONDITION_LENGTH})", 0)
    if not source.strip():
        raise ConditionSyntaxError("leer", 0)
    return Condition(source, _Parser(source).parse())
