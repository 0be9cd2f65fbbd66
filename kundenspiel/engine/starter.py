"""A commented German starter scenario for ``kundenspiel new``.

The starter is a complete, small scenario (two stations, three endings, a locked choice, a
flag, competencies and path tests) that passes ``kundenspiel check --strict`` as it is, so a
trainer starts from something that works and changes it step by step.
"""

from __future__ import annotations

import re

from kundenspiel.engine.format_fields import ID_MAX_LENGTH, ID_PATTERN

_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}

SCHEMA_FILE_NAME = "kundenspiel.schema.json"
"""The schema's file beside the scenarios; the starter's first line points editors to it."""

STARTER_TEMPLATE = """\
# yaml-language-server: $schema={schema_file}
# Szenario „{scenario_id}“ – eine Vorlage zum Weiterschreiben.
#
# Den Leitfaden zeigt „kundenspiel guide“. Prüfe nach jeder Änderung:
#   kundenspiel check --strict {scenario_id}
# Alles hinter „#“ ist ein Kommentar und wird nicht gelesen. Lösche die Kommentare,
# sobald du sie nicht mehr brauchst.

# Die id bleibt gleich dem Dateinamen und wird nach der Veröffentlichung nie geändert.
id: {scenario_id}
# Erhöhe die Version um 1, wenn sich ein veröffentlichtes Szenario inhaltlich ändert.
version: 1
title: "Ein neues Szenario"
summary: "Ein Kunde ruft an, weil seine Bestellung nicht angekommen ist. Du willst helfen."
role: "Du arbeitest im Kundenservice eines Versandhändlers."
# Woher die Idee stammt: Artikel, Autorin oder Autor und Datum (oder „ohne Datum“).
sources:
  - article: "Temporäre Partnerschaft"
    author: "Kaduk & Osmetz, managerSeminare"
    date: "2024-07-26"
# Zwei bis vier Lernziele, aus Sicht der Teilnehmenden.
learning_goals:
  - "Du hörst zu, bevor du eine Lösung anbietest."
  - "Du holst dir die Befugnis, die du für eine faire Lösung brauchst."
# Kompetenzen und Merker: id (ohne Umlaute) → Anzeigename.
competencies:
  zuhoeren: "Zuhören"
  befugnis_einfordern: "Befugnis einfordern"
flags:
  rueckruf_zugesagt: "Rückruf zugesagt"
# Wo der Durchlauf beginnt und mit welchen Messwerten (0 bis 100).
start:
  node: anruf
  meters:
    motivation: 50
    vertrauen: 40
    befugnis: 20
nodes:
  - id: anruf
    speaker: "Herr Brandt, Kunde"
    text: "„Meine Bestellung sollte gestern kommen. Wo ist sie?“"
    choices:
      # Gesperrt, solange die Befugnis fehlt: Die Teilnehmenden sehen die faire Lösung.
      - id: neu_senden
        text: "„Ich schicke Ihnen die Bestellung heute noch einmal, kostenlos.“"
        condition: "befugnis >= 50"
        locked_reason: "Eine Neusendung darf nur die Teamleitung freigeben."
        effects: {{vertrauen: +25, motivation: +5}}
        feedback: "„Das ist ein Wort. Danke!“"
        coaching: "Wer entscheiden darf, löst das Problem im ersten Kontakt."
        competencies: [befugnis_einfordern]
        next: ende_geloest
      - id: nachfragen
        text: "„Das ist ärgerlich. Ich sehe nach, wo Ihr Paket steckt.“"
        effects: {{vertrauen: +10}}
        set_flags: [rueckruf_zugesagt]
        feedback: "Du findest das Paket: Es liegt im Verteilzentrum fest."
        coaching: "Wer selbst nachsieht, nimmt den Kunden ernst und hat Fakten in der Hand."
        competencies: [zuhoeren]
        next: teamleitung
      - id: abwimmeln
        text: "„Da müssen Sie sich an den Paketdienst wenden.“"
        effects: {{vertrauen: -20, motivation: -5}}
        feedback: "„Dann bestelle ich woanders.“ Er legt auf."
        coaching: "Wer weiterreicht, lässt den Kunden mit dem Problem allein."
        competencies: {{zuhoeren: -1}}
        next: ende_verloren
  - id: teamleitung
    speaker: "Frau Yilmaz, Teamleiterin"
    text: "„Was brauchst du?“"
    choices:
      - id: befugnis_erbitten
        text: "„Darf ich in solchen Fällen selbst neu senden?“"
        condition: "rueckruf_zugesagt"
        effects: {{befugnis: +40, motivation: +10}}
        feedback: "„Ja, bis 100 Euro entscheidest du das ab heute selbst.“"
        coaching: "Mit Befugnis redet der Kunde nie mit jemandem, der nicht entscheiden kann."
        competencies: {{befugnis_einfordern: 2}}
        next: ende_geloest
      - id: abgeben
        text: "„Kannst du das übernehmen?“"
        effects: {{motivation: -10}}
        feedback: "Frau Yilmaz übernimmt. Der Kunde bedankt sich – bei ihr."
        coaching: "Gelöst, aber nicht von dir: Beim nächsten Mal fehlt dir wieder die Befugnis."
        competencies: {{befugnis_einfordern: -1}}
        next: ende_vertagt
endings:
  - id: ende_geloest
    title: "Gelöst"
    text: "Herr Brandt bekommt seine Bestellung morgen."
    rating: gelungen
  - id: ende_vertagt
    title: "Gelöst, aber nicht von dir"
    text: "Das Problem ist weg, aber du konntest selbst nichts entscheiden."
    rating: gemischt
  - id: ende_verloren
    title: "Kunde verloren"
    text: "Herr Brandt bestellt künftig woanders."
    rating: gescheitert
# Pfadtests: Der Prüfer spielt die Auswahlen ab Start und vergleicht Ende und Messwerte.
# Schlägt einer fehl, meldet „kundenspiel check“ die Zeile.
tests:
  - name: "Befugnis geholt"
    choices: [nachfragen, befugnis_erbitten]
    ending: ende_geloest
    meters:
      befugnis: {{min: 60}}
      vertrauen: {{min: 50, max: 50}}
  - name: "Abgegeben"
    choices: [nachfragen, abgeben]
    ending: ende_vertagt
    meters:
      motivation: {{max: 40}}
  - name: "Abgewimmelt"
    choices: [abwimmeln]
    ending: ende_verloren
"""


def invalid_id_message(scenario_id: str) -> str | None:
    """Why ``scenario_id`` cannot name a scenario (German), or None when it can."""
    if re.fullmatch(ID_PATTERN, scenario_id) and len(scenario_id) <= ID_MAX_LENGTH:
        return None
    if len(scenario_id) > ID_MAX_LENGTH:
        return f"die id ist zu lang ({len(scenario_id)} Zeichen, höchstens {ID_MAX_LENGTH})"
    message = (
        f"„{scenario_id}“ ist keine gültige id: erlaubt sind Kleinbuchstaben a–z, Ziffern und „_“, "
        "am Anfang ein Buchstabe (keine Umlaute, keine Leerzeichen)"
    )
    proposal = suggest_id(scenario_id)
    return f"{message} – zum Beispiel „{proposal}“" if proposal else message


def suggest_id(text: str) -> str | None:
    """A valid id close to ``text`` (umlauts spelled out, spaces as ``_``), or None."""
    spelled = "".join(_UMLAUTS.get(character, character) for character in text).lower()
    cleaned = re.sub(r"[^a-z0-9]+", "_", spelled).strip("_")
    cleaned = re.sub(r"^[0-9_]+", "", cleaned)[:ID_MAX_LENGTH].rstrip("_")
    return cleaned if cleaned and re.fullmatch(ID_PATTERN, cleaned) else None


def starter_scenario(scenario_id: str) -> str:
    """The starter file's text for a valid ``scenario_id``."""
    if invalid_id_message(scenario_id) is not None:
        raise ValueError(f"invalid scenario id: {scenario_id!r}")
    return STARTER_TEMPLATE.format(scenario_id=scenario_id, schema_file=SCHEMA_FILE_NAME)
