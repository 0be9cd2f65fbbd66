"""What every game screen shares: access to the session."""

from __future__ import annotations

from textual.screen import Screen

from kundenspiel.ui.session import Session, game


class GameScreen(Screen[None]):
    """A screen of the game, with typed access to the shared session."""

    @property
    def session(self) -> Session:
        """The game's shared session."""
        return game(self.app).session
