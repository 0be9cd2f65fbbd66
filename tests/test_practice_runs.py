"""Practice runs: branched off a playthrough at a decision, saved apart, kept through exports and
imports, and left out of every workshop figure."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest

from kundenspiel.engine import Scenario, play
from kundenspiel.store import PlaythroughRecord, SaveStore, StepRecord
from kundenspiel.store.groups import Group
from kundenspiel.workshop.aggregate import GroupData, aggregate, counted_run
from kundenspiel.workshop.archive import archive_json, build_archive, import_archive, read_archive
from kundenspiel.workshop.collect import read_group
from tests.workshop.conftest import CODE, MINI_GROUP, START, make_record, player


def practice_of(
    scenario: Scenario, source: PlaythroughRecord, decision: int, then: list[str], minute: int
) -> PlaythroughRecord:
    """A practice run of ``source`` from ``decision``, played on with ``then`` as the game would."""
    now = START + timedelta(minutes=minute)
    record = source.practice_branch(
        decision,
        new_id=f"{source.id[:8]}-practice-{minute}",
        now=now,
        scenario_version=scenario.version,
        content_hash=scenario.fingerprint(),
    )
    state = play.replay(scenario, record.choice_ids).state
    for choice_id in then:
        step = play.choose(scenario, state, choice_id)
        state = step.state
        record = record.with_step(
            StepRecord(node_id=step.node.id, choice_id=choice_id, meters=state.meters.as_dict(), at=now), now
        )
        if step.ending is not None:
            score = play.score(scenario, state).total
            record = record.finished(step.ending.id, score, step.ending.rating.value, now)
    return record


def group(mini: Scenario, extra: Sequence[PlaythroughRecord] = ()) -> GroupData:
    records = [make_record(mini, name, choices, minute=m, abandoned=a) for name, choices, m, a in MINI_GROUP]
    names = {name for name, *_ in MINI_GROUP} | {"Fritz"}
    return GroupData(CODE, "Test", {player(n).key: player(n) for n in names}, [*records, *extra])


ADA = ["nachfragen", "befugnis_erbitten", "jetzt_umtauschen"]


def test_a_file_from_before_practice_runs_loads_as_a_first_run(mini: Scenario) -> None:
    document = make_record(mini, "Ada", ADA).model_dump(mode="json")
    del document["practice_of"], document["practice_from"]
    record = PlaythroughRecord.model_validate(document)
    assert (record.practice_of, record.practice_from, record.is_practice) == (None, None, False)


def test_a_branch_shares_the_steps_before_its_decision_and_leaves_the_source_alone(mini: Scenario) -> None:
    source = make_record(mini, "Ada", ADA)
    before = source.model_dump()
    branch = practice_of(mini, source, 3, [], minute=30)
    assert source.model_dump() == before
    assert branch.id != source.id and branch.practice_of == source.id and branch.practice_from == 3
    assert branch.steps == source.steps[:2]
    assert (branch.status, branch.score, branch.ending_id, branch.revision) == ("laufend", None, None, 0)
    assert (branch.player_key, branch.group_code) == (source.player_key, source.group_code)
    assert branch.at_practice_start and not source.at_practice_start
    for decision in (0, 4):
        with pytest.raises(ValueError, match="decision must be 1 to 3"):
            practice_of(mini, source, decision, [], minute=30)


def test_playing_a_practice_run_on_keeps_it_marked(mini: Scenario) -> None:
    source = make_record(mini, "Ben", ["nachfragen", "abgeben"])
    played = practice_of(mini, source, 2, ["befugnis_erbitten", "jetzt_umtauschen"], minute=30)
    assert played.is_practice and played.practice_from == 2 and not played.at_practice_start
    assert played.choice_ids == ADA and played.status == "beendet"
    assert played.abandoned(START).is_practice


def test_the_store_saves_a_practice_run_beside_the_first_one_unchanged(
    tmp_path: Path, mini: Scenario
) -> None:
    store = SaveStore(tmp_path / "saves")
    store.ensure_player("Ada")
    first = make_record(mini, "Ada", ADA)
    store.save_playthrough(first)
    practice = store.new_practice_run(
        first, 2, scenario_version=mini.version, content_hash=mini.fingerprint()
    )
    assert practice.practice_of == first.id and practice.steps == first.steps[:1]
    stored = {r.id: r for r in store.playthroughs(first.player_key)}
    assert stored == {first.id: first, practice.id: practice}


def test_counted_run_never_picks_a_practice_run(mini: Scenario) -> None:
    first = make_record(mini, "Ada", ["nachfragen"], minute=1, abandoned=True)
    practice = practice_of(mini, first, 1, ADA, minute=10)
    assert practice.status == "beendet"
    # A finished practice run would win over a first run given up, if it counted.
    assert counted_run([practice, first]) == first
    assert counted_run([practice]) is None


def test_workshop_figures_are_the_same_with_or_without_practice_runs(mini: Scenario) -> None:
    base = group(mini)
    ada = next(r for r in base.records if r.player_key == player("Ada").key)
    ben_done = next(r for r in base.records if r.player_key == player("Ben").key and r.status == "beendet")
    elsewhere = make_record(mini, "Fritz", ["nachfragen"], minute=40, code=None)
    practices = [
        practice_of(mini, ada, 1, ["vertroesten"], minute=20),
        practice_of(mini, ben_done, 2, ["befugnis_erbitten", "jetzt_umtauschen"], minute=21),
        # Only a practice run in the group, its first run outside it: still no participant.
        practice_of(mini, elsewhere, 1, ["vertroesten"], minute=41).model_copy(update={"group_code": CODE}),
    ]
    with_practice = group(mini, practices)
    assert aggregate(with_practice, [mini]) == aggregate(base, [mini])
    summary = aggregate(with_practice, [mini]).scenario("mini")
    assert summary.participants == 4
    assert {e.ending_id: e.count for e in summary.endings}["ende_schlecht"] == 1


def test_export_and_import_keep_practice_runs_and_their_marks(tmp_path: Path, mini: Scenario) -> None:
    base = group(mini)
    ada = next(r for r in base.records if r.player_key == player("Ada").key)
    practice = practice_of(mini, ada, 2, ["abgeben"], minute=20)
    data = group(mini, [practice])
    archive = build_archive(
        data, aggregate(data, [mini]), Group(code=CODE, title="Test", created_at=START), START
    )
    assert practice in archive.playthroughs
    path = tmp_path / "export.json"
    path.write_text(archive_json(archive), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["debrief"]["scenarios"][0]["participants"] == 4

    store = SaveStore(tmp_path / "trainer")
    result = import_archive(store, read_archive(path))
    assert (result.added, result.conflicts, result.refused) == (len(data.group_records()), [], [])
    imported = {r.id: r for r in read_group(store, CODE).group_records()}
    assert imported[practice.id].practice_of == ada.id and imported[practice.id].practice_from == 2
    assert imported[practice.id] == practice
    again = import_archive(store, read_archive(path))
    assert (again.added, again.updated) == (0, 0)
    assert aggregate(read_group(store, CODE), [mini]) == aggregate(base, [mini])
