"""German messages for pydantic validation errors, with "meintest du …?" suggestions."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from kundenspiel.engine.format_fields import ID_MAX_LENGTH, shown_number

# Trainers often write keys in German; these are the likeliest ones.
GERMAN_KEY_HINTS = {
    "titel": "title",
    "zusammenfassung": "summary",
    "beschreibung": "summary",
    "rolle": "role",
    "quellen": "sources",
    "quelle": "sources",
    "lernziele": "learning_goals",
    "kompetenzen": "competencies",
    "merker": "flags",
    "knoten": "nodes",
    "stationen": "nodes",
    "enden": "endings",
    "ende": "endings",
    "auswahl": "choices",
    "optionen": "choices",
    "entscheidungen": "choices",
    "bedingung": "condition",
    "grund": "locked_reason",
    "wirkung": "effects",
    "wirkungen": "effects",
    "rueckmeldung": "feedback",
    "rückmeldung": "feedback",
    "weiter": "next",
    "bewertung": "rating",
    "sprecher": "speaker",
    "autor": "author",
    "artikel": "article",
    "datum": "date",
    "versteckt": "hidden",
}


def _shown(value: Any) -> str:
    """A value as a message quotes it: numbers kept short, texts cut after 40 characters."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return shown_number(value)
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _input_kind(value: Any) -> str:
    if value is None:
        return "nichts (leerer Wert)"
    if isinstance(value, bool):
        return f"den Wahrheitswert {str(value).lower()}"
    if isinstance(value, int | float):
        shown = shown_number(value)
        return shown if shown.startswith("eine ") else f"die Zahl {shown}"
    if isinstance(value, str):
        return f"den Text „{_shown(value)}“"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "eine Zuordnung (Schlüssel: Wert)"
    if isinstance(value, tuple):  # a list or mapping used as a key
        return "eine Liste oder Zuordnung"
    return "einen Wert, der hier nicht passt"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for argument in typing.get_args(annotation):
        found.extend(_models_in(argument))
    return found


def allowed_keys(root: type[BaseModel], location: Sequence[str | int]) -> list[str]:
    """The keys the model at ``location`` accepts (empty when it is not a model)."""
    model: type[BaseModel] | None = root
    for part in location:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        models = _models_in(field.annotation)
        model = models[0] if models else None
    return list(model.model_fields) if model is not None else []


def suggestion(word: str, candidates: Sequence[str]) -> str:
    """`` – meintest du „x“?`` when a candidate is close, else an empty string."""
    hinted = GERMAN_KEY_HINTS.get(word.lower())
    if hinted in candidates:
        return f" – meintest du „{hinted}“?"
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" – meintest du „{close[0]}“?" if close else ""


def german_message(error: ErrorDetails, root: type[BaseModel]) -> str:
    """Translate one pydantic error into a German sentence a trainer understands."""
    kind = error["type"]
    location = error["loc"]
    value = error.get("input")
    context: dict[str, Any] = dict(error.get("ctx") or {})
    field_name = str(location[-1]) if location else "Datei"
    found = _input_kind(value)
    if kind == "invalid_key":
        hint = (
            " – trennt hier ein Komma zwei Einträge, das zu einer Zahl gehören sollte? "
            "Kommazahlen gibt es in Szenarien nicht"
            if isinstance(value, int | float) and not isinstance(value, bool)
            else ""
        )
        return f"hier wird ein Schlüssel (Text) erwartet, gefunden: {found}{hint}"
    if kind == "missing":
        return f"Pflichtangabe „{field_name}“ fehlt"
    if kind == "extra_forbidden":
        keys = allowed_keys(root, location[:-1])
        return f"unbekannter Schlüssel „{field_name}“{suggestion(field_name, keys)}"
    if kind in {"string_type", "string_sub_type"}:
        return f"hier wird ein Text erwartet, gefunden: {found}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"hier wird eine ganze Zahl erwartet, gefunden: {found}"
    if kind in {"float_type", "float_parsing"}:
        return f"hier wird eine Zahl erwartet, gefunden: {found}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"hier wird true oder false erwartet, gefunden: {found}"
    if kind in {"list_type"}:
        return f"hier wird eine Liste (Einträge mit „-“) erwartet, gefunden: {found}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"hier wird eine Zuordnung (Schlüssel: Wert) erwartet, gefunden: {found}"
    if kind == "string_pattern_mismatch":
        return (
            f"„{_shown(value)}“ ist keine gültige id: erlaubt sind Kleinbuchstaben a–z, Ziffern und „_“, "
            "am Anfang ein Buchstabe (keine Umlaute, keine Leerzeichen)"
        )
    if kind == "string_too_short":
        return "dieser Text darf nicht leer sein"
    if kind == "string_too_long":
        limit = context.get("max_length")
        what = "diese id" if limit == ID_MAX_LENGTH else "dieser Text"
        return f"{what} ist zu lang (höchstens {limit} Zeichen)"
    if kind == "too_short":
        return f"hier {_entries(context.get('min_length'), 'mindestens')} nötig"
    if kind == "too_long":
        return f"hier {_entries(context.get('max_length'), 'höchstens')} erlaubt"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bounds = {
            "greater_than_equal": f"mindestens {context.get('ge')}",
            "less_than_equal": f"höchstens {context.get('le')}",
            "greater_than": f"größer als {context.get('gt')}",
            "less_than": f"kleiner als {context.get('lt')}",
        }[kind]
        if _shown(value).startswith("eine "):
            return f"{_shown(value)} ist hier nicht erlaubt: der Wert muss {bounds} sein"
        return f"Wert {_shown(value)} ist nicht erlaubt: er muss {bounds} sein"
    if kind == "enum":
        expected = str(context.get("expected", "")).replace("'", "")
        return f"„{_shown(value)}“ ist nicht erlaubt; möglich: {expected.replace(' or ', ', ')}"
    if kind == "condition_syntax":
        return f"Bedingung: {error['msg']}"
    if kind == "competency_duplicate":
        tag = context.get("tag")
        return f"Kompetenz „{tag}“ steht doppelt in der Liste – für mehr Gewicht schreibe „{{{tag}: 2}}“"
    if kind == "competency_tag_type":
        return f"hier wird eine Kompetenz-id erwartet, gefunden: {_input_kind(context.get('tag'))}"
    if kind == "competency_weight":
        return f"Gewicht einer Kompetenz: -3 bis 3 und nicht 0, gefunden: {_shown(context.get('value'))}"
    if kind == "weights_all_zero":
        return error["msg"]
    return f"ungültiger Wert ({error['msg']})"


def _entries(count: Any, bound: str) -> str:
    """``ist mindestens ein Eintrag`` or ``sind mindestens 2 Einträge``: German needs the
    singular (and its verb) for one."""
    if count == 1:
        return f"ist {bound} ein Eintrag"
    return f"sind {bound} {count} Einträge"


def is_union_noise(error: ErrorDetails) -> bool:
    """Pydantic reports each union branch; our models avoid unions except ``X | None``."""
    return any(isinstance(part, str) and part in {"none", "NoneType"} for part in error["loc"])


__all__ = ["allowed_keys", "german_message", "is_union_noise", "suggestion"]
