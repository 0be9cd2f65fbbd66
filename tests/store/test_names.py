"""One player per name, whatever the case or Unicode encoding; folders from before stay readable."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from kundenspiel.store import PlayerRef, SaveStore, player_key
from tests.store.conftest import START, TickingClock, play, start


def test_names_differing_in_case_and_spacing_are_one_player(store: SaveStore) -> None:
    alex = store.ensure_player("Alex")
    for spelling in ["alex", "ALEX", "  Alex ", "aLeX\t"]:
        assert store.ensure_player(spelling) == alex
    assert store.players() == [alex]
    assert alex.name == "Alex"  # the spelling first used


def test_the_first_spelling_is_kept(store: SaveStore) -> None:
    first = store.ensure_player("jürgen  meier")
    assert store.ensure_player("Jürgen Meier") == first
    assert [player.name for player in store.players()] == ["jürgen meier"]


def test_umlauts_typed_on_a_mac_are_the_same_player(store: SaveStore) -> None:
    composed = store.ensure_player("Jürgen")
    decomposed = unicodedata.normalize("NFD", "Jürgen")
    assert decomposed != "Jürgen"
    assert store.ensure_player(decomposed) == composed
    assert store.find_player(decomposed) == composed


def test_keys_stay_those_of_the_name_as_stored(store: SaveStore) -> None:
    assert store.ensure_player("  Anna ").key == player_key("Anna")


def test_find_player_matches_without_creating(store: SaveStore, root: Path) -> None:
    assert store.find_player("Alex") is None
    assert store.find_player("   ") is None
    assert store.players() == []
    assert list((root / "players").iterdir()) == []
    alex = store.ensure_player("Alex")
    assert store.find_player("ALEX") == alex
    assert store.find_player(" alex ") == alex
    assert store.find_player("Alexa") is None


def test_a_new_store_finds_the_player_in_any_spelling(root: Path, clock: TickingClock) -> None:
    store = SaveStore(root, clock=clock)
    alex = store.ensure_player("Alex")
    play(store, start(store, alex), 2, clock)
    again = SaveStore(root, clock=clock).ensure_player("alex")
    assert again == alex
    assert [record.choice_ids for record in SaveStore(root).playthroughs(again.key)] == [["wahl_0", "wahl_1"]]


def legacy_folder(root: Path, names: list[str]) -> list[PlayerRef]:
    """A save folder as written before names were matched: one player per exact name."""
    (root / "players").mkdir(parents=True)
    players = [
        PlayerRef(key=player_key(name), name=name, created_at=START.replace(minute=index))
        for index, name in enumerate(names)
    ]
    for player in players:
        profile = {"profile": {"1": player.model_dump(mode="json")}}
        (root / "players" / f"{player.key}.json").write_text(json.dumps(profile))
    index = {"players": {str(i + 1): player.model_dump(mode="json") for i, player in enumerate(players)}}
    (root / "index.json").write_text(json.dumps(index))
    return players


def test_old_players_differing_only_in_case_stay_apart(root: Path, clock: TickingClock) -> None:
    lower, upper, spaced = legacy_folder(root, ["müller", "Müller", "Anna  Lena"])
    store = SaveStore(root, clock=clock)
    assert store.players() == [spaced, upper, lower]
    assert store.ensure_player("Müller") == upper
    assert store.ensure_player("müller") == lower
    assert store.find_player("Müller") == upper
    # A spelling that is neither: the one created first.
    assert store.ensure_player("MÜLLER") == lower
    assert store.find_player("MÜLLER") == lower
    # Inner spaces were kept as typed then; the name typed today still finds them.
    assert store.ensure_player("Anna  Lena") == spaced
    assert store.ensure_player("anna lena") == spaced
    assert len(store.players()) == 3
    assert store.notices() == []


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_find_player_with_an_empty_name_is_none(store: SaveStore, name: str) -> None:
    assert store.find_player(name) is None
