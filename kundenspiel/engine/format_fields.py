"""Field types of the scenario format: ids, texts, meter values, conditions, competency tags.

Each carries its own validation and JSON schema, so the models in ``models.py`` read as the
format itself.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from kundenspiel.engine.conditions import Condition, ConditionSyntaxError, parse_condition
from kundenspiel.engine.meters import METER_MAX, METER_MIN

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
# No other text type shares this limit, so error messages can tell an id from a text by it.
ID_MAX_LENGTH = 64
MAX_CHOICES_PER_NODE = 9
# Far longer than any playthrough; each step replays the whole path so far, so without a
# limit a test of 100,000 steps would keep ``check`` busy for minutes.
MAX_PATH_TEST_STEPS = 500

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
MeterValue = Annotated[StrictInt, Field(ge=METER_MIN, le=METER_MAX)]
MeterDelta = Annotated[StrictInt, Field(ge=-METER_MAX, le=METER_MAX)]
Weight = Annotated[float, Field(ge=0, le=100)]


def _parse_condition_field(value: Any) -> Condition:
    if isinstance(value, Condition):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    try:
        return parse_condition(value)
    except ConditionSyntaxError as error:
        raise PydanticCustomError(
            "condition_syntax", "{message}", {"message": error.message, "offset": error.offset}
        ) from error


ConditionField = Annotated[
    Condition,
    PlainValidator(_parse_condition_field),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Bedingung, z. B. „befugnis >= 60 und nicht rueckruf_versprochen“",
        }
    ),
]


def _tags_as_weights(value: Any) -> Any:
    """Accept ``[a, b]`` as shorthand for ``{a: 1, b: 1}``.

    A repeated tag is an error rather than silently counted once, and an entry that is not
    text is refused here (a list or mapping could not even become a key). Both errors carry
    the entry's ``index`` so the loader can point at it.
    """
    if not isinstance(value, list):
        return value
    weights: dict[str, int] = {}
    for index, tag in enumerate(value):
        if not isinstance(tag, str):
            raise PydanticCustomError(
                "competency_tag_type",
                "ein Eintrag der Liste ist keine Kompetenz-id",
                {"index": index, "tag": tag},
            )
        if tag in weights:
            raise PydanticCustomError(
                "competency_duplicate",
                "Kompetenz „{tag}“ steht doppelt in der Liste",
                {"index": index, "tag": tag},
            )
        weights[tag] = 1
    return weights


# Longer integers are described, not written out: beyond 4,300 digits Python cannot even
# convert them to text, and no message should carry a wall of digits.
SHOWN_DIGITS = 30


def shown_number(value: int | float) -> str:
    """A number as a message quotes it: written out, or described when it is very long."""
    if isinstance(value, int) and not -(10**SHOWN_DIGITS) < value < 10**SHOWN_DIGITS:
        return f"eine Zahl mit mehr als {SHOWN_DIGITS} Ziffern"
    return str(value)


def _competency_weight(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    if value == 0 or not -3 <= value <= 3:
        raise PydanticCustomError(
            "competency_weight",
            "Gewicht einer Kompetenz: -3 bis 3 und nicht 0, gefunden: {value}",
            {"value": shown_number(value)},
        )
    return value


CompetencyWeight = Annotated[
    int,
    PlainValidator(_competency_weight),
    WithJsonSchema({"type": "integer", "minimum": -3, "maximum": 3, "not": {"const": 0}}),
]
CompetencyTags = Annotated[
    dict[Identifier, CompetencyWeight],
    BeforeValidator(_tags_as_weights),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
                {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "minimum": -3, "maximum": 3},
                },
            ]
        }
    ),
]


def date_as_text(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value
