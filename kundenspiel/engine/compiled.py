"""Conditions turned into plain Python closures, for the explorer's inner loop.

Exploring evaluates the conditions of every choice in every state, hundreds of thousands of
times. Walking the syntax tree of :mod:`conditions` and building an
:class:`~kundenspiel.engine.conditions.EvaluationContext` for each state costs more than the
comparisons themselves, so the explorer evaluates closures over the state's own parts (the
meters as a tuple in :data:`METER_IDS` order, the flags, the visited nodes) instead. They mean
exactly what :meth:`Condition.evaluate` means; no text is ever compiled or evaluated.
"""

from __future__ import annotations

from collections.abc import Callable

from kundenspiel.engine.conditions import (
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    Expression,
    FlagSet,
    Not,
    Visited,
)
from kundenspiel.engine.meters import METER_IDS

Test = Callable[[tuple[int, ...], frozenset[str], frozenset[str]], bool]


def compile_condition(condition: Condition) -> Test:
    """A closure ``test(meters, flags, visited)`` with the meaning of ``condition``."""
    return _compile(condition.expression)


def _compile(expression: Expression) -> Test:
    if isinstance(expression, Comparison):
        return _comparison(METER_IDS.index(expression.meter), expression.comparator, expression.value)
    if isinstance(expression, FlagSet):
        flag = expression.flag
        return lambda meters, flags, visited: flag in flags
    if isinstance(expression, Visited):
        node = expression.node
        return lambda meters, flags, visited: node in visited
    if isinstance(expression, Not):
        inner = _compile(expression.operand)
        return lambda meters, flags, visited: not inner(meters, flags, visited)
    parts = tuple(_compile(operand) for operand in expression.operands)
    # Plain loops: all() and any() over a generator cost a generator per call, here the
    # largest share of the explorer's time.
    if isinstance(expression, AllOf):

        def all_of(meters: tuple[int, ...], flags: frozenset[str], visited: frozenset[str]) -> bool:
            for part in parts:  # noqa: SIM110
                if not part(meters, flags, visited):
                    return False
            return True

        return all_of
    assert isinstance(expression, AnyOf)

    def any_of(meters: tuple[int, ...], flags: frozenset[str], visited: frozenset[str]) -> bool:
        for part in parts:  # noqa: SIM110
            if part(meters, flags, visited):
                return True
        return False

    return any_of


def _comparison(index: int, comparator: str, value: int) -> Test:
    # One closure per operator: looking the operator up at every call would cost as much as
    # the comparison.
    if comparator == "<":
        return lambda meters, flags, visited: meters[index] < value
    if comparator == "<=":
        return lambda meters, flags, visited: meters[index] <= value
    if comparator == ">":
        return lambda meters, flags, visited: meters[index] > value
    if comparator == ">=":
        return lambda meters, flags, visited: meters[index] >= value
    if comparator == "==":
        return lambda meters, flags, visited: meters[index] == value
    assert comparator == "!="
    return lambda meters, flags, visited: meters[index] != value
