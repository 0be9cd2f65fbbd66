"""What F1 explains on the group debrief and in its presenter mode (German, for the trainer)."""

from __future__ import annotations

GROUP_DEBRIEF_HELP = """# Hilfe zur Gruppenauswertung

Die Auswertung liest die Spielstände der Gruppe alle paar Sekunden neu: Die Zahlen wachsen,
solange die Teilnehmenden noch spielen.

## Tasten

| Taste | Wirkung |
|---|---|
| **1–5** | Reiter wählen: Überblick, Entscheidungen, Kompetenzen, Personen, Worüber sprechen? |
| **n** / **b** | nächste / vorige Entscheidung (in der Reihenfolge der Geschichte) |
| **s** | nächstes Szenario der Gruppe |
| **p** | Präsentation: eine Entscheidung pro Bild, groß, für den Beamer |
| **a** | Namen zeigen oder verbergen – beim ersten Mal fragt die Auswertung nach der Trainer-PIN |
| **Enter** | im Reiter Personen: den Weg der markierten Person zeigen |
| **v** | im Reiter Personen: zwei Wege nebeneinander (v, ↓, v) |
| **↑ ↓** | blättern, in der Tabelle eine Person wählen (die Maus geht auch) |
| **r** | sofort neu lesen |
| **Esc** | zurück |
| **F1** | diese Hilfe |
| **Strg+P** | Befehle: alles, was gerade geht, zum Suchen und Auswählen |
| **q** / **Strg+Q** | beenden |

## Namen und Trainer-PIN

Ohne PIN ist die Auswertung anonym: Alle erscheinen als „Person 1“, „Person 2“ … (in der
Reihenfolge, in der sie dazukamen). Mit **a** und der Trainer-PIN der Gruppe siehst du die
Namen, bis du die Auswertung verlässt. Hat die Gruppe keine PIN, legst du eine fest mit
`kundenspiel workshop pin CODE`.

## Was die Zahlen bedeuten

- **Anteile** zählen Personen, nicht Entscheidungen: Wer eine Situation mehrmals erlebt,
  zählt mit der ersten Wahl; weitere Besuche sind gesondert vermerkt.
- **gesperrt für N**: So viele sahen diese Auswahl gesperrt, dahinter steht die Bedingung.
- **Worüber sprechen?**: die Entscheidungen, bei denen die Gruppe am weitesten auseinanderlag,
  und wo die einzelnen Wege endeten.
- **Kompetenzen** stehen vom schwächsten zum stärksten; graue Zeilen beruhen auf weniger als
  drei Personen.

## Präsentation

| Taste | Wirkung |
|---|---|
| **Leertaste** | auflösen: zeigen, wie die Gruppe gewählt hat (noch einmal: verbergen) |
| **→** / **n** | nächste Entscheidung |
| **←** / **b** | vorige Entscheidung |
| **Esc** | zurück zur Auswertung |

_Schließen mit Esc._
"""
