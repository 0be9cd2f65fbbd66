"""The trainer PIN asked before a group debrief shows names and per-person results."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from kundenspiel.safe_text import visible
from kundenspiel.ui.session import game
from kundenspiel.wording import counted


@dataclass(frozen=True)
class PinOutcome:
    """How the dialog ended: whether the PIN was right, and how many wrong ones were typed."""

    unlocked: bool
    wrong: int


class PinDialog(ModalScreen[PinOutcome]):
    """A masked field for the group's trainer PIN, checked off the UI thread (scrypt is slow on
    purpose); a wrong PIN waits a little before the next try, and the tries are limited."""

    CSS_PATH = "pin.tcss"
    BINDINGS = [Binding("escape", "cancel", "Abbrechen", key_display="Esc")]
    WRONG_PIN_DELAY = 1.5
    """Seconds a wrong PIN holds the field, so that guessing by hand takes long."""

    def __init__(self, code: str, pin_hash: str, tries_left: int) -> None:
        super().__init__()
        self.code = code
        self.pin_hash = pin_hash
        self.tries_left = tries_left
        self.wrong = 0
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="pin"):
            yield Static("Trainer-PIN", id="pin-title")
            yield Static(
                Content(
                    f"Namen und Ergebnisse einzelner Personen der Gruppe {visible(self.code)} "
                    "sind geschützt. Gib die Trainer-PIN ein."
                ),
                id="pin-explanation",
            )
            yield Input(password=True, placeholder="PIN", id="pin-input", max_length=64)
            yield Static(self._tries_text(), id="pin-message", classes="muted")

    def _tries_text(self) -> str:
        return f"Enter prüft, Esc bricht ab. {counted(self.tries_left, 'Versuch', 'Versuche')} übrig."

    def on_mount(self) -> None:
        """Type right away."""
        self.query_one("#pin-input", Input).focus()

    @on(Input.Submitted, "#pin-input")
    def submitted(self, event: Input.Submitted) -> None:
        """Check the PIN typed (an empty field is not a try)."""
        if not event.value:
            return
        field = self.query_one("#pin-input", Input)
        field.disabled = True
        self.checking = True
        self.query_one("#pin-message", Static).update("Prüfe die PIN …")
        self.check(event.value)

    @work(thread=True, exclusive=True, group="pin-check")
    def check(self, pin: str) -> None:
        """Verify (tens of milliseconds of scrypt); a wrong PIN also waits ``WRONG_PIN_DELAY``."""
        from kundenspiel.store.pin import verify_pin

        right = verify_pin(self.pin_hash, pin)
        if not right:
            time.sleep(self.WRONG_PIN_DELAY)
        self.app.call_from_thread(self.checked, right)

    def checked(self, right: bool) -> None:
        """Unlock, or say it was wrong and how many tries are left."""
        if not self.is_current:
            return  # closed with Esc while the check was under way
        self.checking = False
        if right:
            self.dismiss(PinOutcome(unlocked=True, wrong=self.wrong))
            return
        self.wrong += 1
        self.tries_left -= 1
        if self.tries_left <= 0:
            self.dismiss(PinOutcome(unlocked=False, wrong=self.wrong))
            return
        field = self.query_one("#pin-input", Input)
        field.value = ""
        field.disabled = False
        field.focus()
        self.query_one("#pin-message", Static).update(
            Content.assemble(("Die PIN stimmt nicht. ", "bold"), self._tries_text())
        )

    def action_cancel(self) -> None:
        """Back without names. A check under way counts as a wrong try: Esc during the wait after
        a wrong PIN must not be a way around the limit."""
        self.dismiss(PinOutcome(unlocked=False, wrong=self.wrong + self.checking))


def ask_pin(screen: Screen[None], code: str, tries_left: int, done: Callable[[PinOutcome], None]) -> None:
    """Read the group's PIN hash as it is now, in a worker (the trainer may just have set it),
    then ask for the PIN and call ``done``; a group without a PIN stays anonymous, and the
    trainer reads how to set one."""
    from kundenspiel.store import StoreError
    from kundenspiel.workshop.collect import find_group

    app = screen.app
    store = game(app).session.store
    if store is None:
        screen.notify("Einen Moment, die Spielstände werden noch geladen …")
        return

    def show(pin_hash: str | None) -> None:
        if not pin_hash:
            screen.notify(
                "Diese Gruppe hat keine Trainer-PIN, darum bleiben die Namen verborgen. "
                f"Leg eine fest mit: kundenspiel workshop pin {visible(code)}",
                title="Namen geschützt",
                severity="warning",
                timeout=12,
                markup=False,
            )
            return
        app.push_screen(
            PinDialog(code, pin_hash, tries_left), lambda outcome: done(outcome) if outcome else None
        )

    def read() -> None:
        try:
            group = find_group(store, code)
        except (StoreError, OSError) as error:
            message = f"Die Trainer-PIN kann nicht geprüft werden: {visible(str(error))}"
            app.call_from_thread(screen.notify, message, severity="error", timeout=12, markup=False)
            return
        app.call_from_thread(show, None if group is None else group.pin_hash)

    screen.run_worker(read, thread=True, exclusive=True, group="group-pin")
