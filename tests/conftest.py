"""What every test shares: the drill databases a test opened are closed when it ends."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture(autouse=True)
def _drill_databases_closed():
    """Stop the clock keepers a test's drill pages started and close the engines its drill
    databases were opened with (directly, through a command or through a page): each test
    opens its own database, and a process keeps an engine, with its pooled connections and
    a SQLite file's handles, and a keeper's thread until they are closed. A test that never
    reached the drill store has nothing to close."""
    yield
    keeper, store = sys.modules.get("sim.drills.keeper"), sys.modules.get("sim.drills.db")
    if keeper is not None:
        keeper.stop_all()
    if store is not None:
        store.close_databases()
