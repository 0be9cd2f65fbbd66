"""Workshop debrief: how a group played, aggregated, exported and merged.

Plain Python (no Textual): ``collect`` reads a group's playthroughs from a save folder,
``aggregate`` turns them into a ``GroupDebrief`` (pydantic), and ``archive``, ``tables`` and
``report`` write it as JSON, CSV, Markdown and HTML. The debrief screens only display a
``GroupDebrief``.

Which playthrough counts: per participant and scenario exactly one, so nobody is counted twice —
the first one that reached an ending (the first attempt is what the group discusses); without
one, the open playthrough changed last; only when everything was given up, the last abandoned one.

Locked choices are counted by replaying each choice log with the engine: at every decision the
engine says which choices were shown locked at that moment (hidden ones are not shown, so they
do not count). "Hit a locked choice" means: saw it locked when deciding there.
"""
