"""The group code a trainee types at sign-in: checked against the groups this save folder knows,
and the questions asked when it looks mistyped or differs from a resumed playthrough's code.

Both questions are ``ConfirmDialog``s (buttons for the mouse, Enter and Esc for the keyboard);
what they ask is written here so the start screen and the play screen stay short.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from kundenspiel.safe_text import visible
from kundenspiel.ui.dialogs.confirm import ConfirmDialog

if TYPE_CHECKING:
    from kundenspiel.engine.models import MeterDisplay
    from kundenspiel.store import PlaythroughRecord
    from kundenspiel.store.groups import Group
    from kundenspiel.ui.session import Session


@dataclass(frozen=True)
class GroupCheck:
    """What this save folder says about a typed code: the group it names, if it knows it, and
    whether it knows any group at all (a trainee's own laptop knows none and cannot check)."""

    code: str | None
    group: Group | None = None
    groups_known: bool = False
    problem: str | None = None
    """Why the groups could not be read (German); the code is then taken as typed."""

    @property
    def unknown(self) -> bool:
        """True when the folder knows groups and the typed code is none of them: likely a typo."""
        return self.code is not None and self.groups_known and self.group is None

    @property
    def meter_display(self) -> MeterDisplay | None:
        """How the group's trainer wants the meters shown (None: as each scenario says)."""
        return self.group.meter_display if self.group else None

    def note(self) -> str:
        """The German line shown after signing in with a code; empty without one."""
        if self.code is None:
            return ""
        if self.group is not None:
            return f"Gruppe {self.code}: {visible(self.group.title)}"
        if self.problem is not None:
            return f"Gruppe {self.code}: Der Code ließ sich nicht prüfen ({visible(self.problem)})."
        if not self.groups_known:
            return (
                f"Gruppe {self.code}: Auf diesem Rechner ist keine Gruppe angelegt, deshalb lässt "
                "sich der Code hier nicht prüfen. Deine Trainerin oder dein Trainer ordnet deine "
                "Durchläufe beim Import zu."
            )
        return f"Gruppe {self.code}: Diese Gruppe gibt es hier nicht; du spielst trotzdem mit dem Code."


def check_group_code(saves_root: Path, code: str | None) -> GroupCheck:
    """Look the code up in the save folder's ``groups.json`` (blocking I/O: run it in a worker).
    A folder whose groups cannot be read does not stop the sign-in; the note says so."""
    from kundenspiel.store import StoreError
    from kundenspiel.store.groups import GroupStore, normalize_code

    if code is None:
        return GroupCheck(None)
    try:
        groups = GroupStore(saves_root).groups()
    except (StoreError, OSError) as error:
        return GroupCheck(code, problem=str(error).rstrip("."))
    wanted = normalize_code(code)
    group = next((group for group in groups if group.code == wanted), None)
    return GroupCheck(code, group, groups_known=bool(groups))


def ask_unknown_code(app: App[None], code: str, answered: Callable[[bool], None]) -> None:
    """Warn that this folder knows no group with ``code``; ``answered(True)`` goes on with it,
    ``answered(False)`` goes back to correct it."""
    question = (
        f"Gruppe {code} gibt es hier nicht. Vielleicht hast du dich vertippt: Mit einem falschen "
        "Code fehlen deine Durchläufe in der Auswertung deiner Gruppe. Prüf den Code auf dem "
        "Zettel oder an der Tafel – oder spiel trotzdem mit diesem Code weiter."
    )
    app.push_screen(
        ConfirmDialog("Gruppe unbekannt", question, yes="Trotzdem weiter", no="Code korrigieren"),
        lambda go_on: answered(bool(go_on)),
    )


def ask_group_switch(app: App[None], current: str, typed: str, answered: Callable[[bool], None]) -> None:
    """The resumed playthrough belongs to group ``current``, the trainee signed in with ``typed``:
    ``answered(True)`` moves it to ``typed``, ``answered(False)`` keeps it where it is."""
    question = (
        f"Dieser Durchlauf gehört zu Gruppe {current}. Du hast dich mit dem Code {typed} "
        f"angemeldet. Zu Gruppe {typed} wechseln? Dann zählt der Durchlauf in deren Auswertung "
        f"und nicht mehr bei {current}."
    )
    app.push_screen(
        # Short button labels: both fit side by side in the dialog at 80 columns.
        ConfirmDialog("Andere Gruppe", question, yes="Wechseln", no=f"Bei {current} bleiben"),
        lambda switch: answered(bool(switch)),
    )


def settle_group_code(
    app: App[None], record: PlaythroughRecord, session: Session, move: Callable[[str], None]
) -> None:
    """A resumed playthrough takes the code entered at this sign-in: ``move(code)`` at once when
    it has none, after asking when it has another (once per sign-in: a „stay“ is remembered in
    the session); nothing happens where ``needs_code`` says no."""
    from kundenspiel.ui.screens.play_record import needs_code

    sign_in_code = session.group_code
    if sign_in_code is None or not needs_code(record, sign_in_code) or record.id in session.kept_group:
        return
    current = record.group_code
    if current is None:
        move(sign_in_code)
        return

    def answered(switch: bool) -> None:
        if switch:
            move(sign_in_code)
        else:
            session.kept_group.add(record.id)

    ask_group_switch(app, visible(current), visible(sign_in_code), answered)
