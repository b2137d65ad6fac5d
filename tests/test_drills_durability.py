"""A drill survives its process being killed: everything committed is there, and it goes on.

A child process drives a drill as fast as it can — participants' actions and clock
moves — and prints each action's sequence number only after its commit returned. The
test kills it with SIGKILL in mid-run, reopens the database and checks that every
printed action is stored exactly as printed, that no half-written action exists (the
sequence numbers are 1…n without a gap and the drill's counter is n), that the clock
stands where the last logged clock move put it, and that the drill replays and
carries on to its end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from drill_fixtures import db_url  # noqa: F401  (fixture)
from sim.drills import control, db
from sim.drills.replay import replay
from sim.engine.recorder import dumps

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"

DRIVER = """
import sys
from sim.drills import control, db
url, drill, fac_key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
keys = dict(zip(("power_company", "industry_tech"), sys.argv[4:6]))
engine = db.open_database(url)
i = 0
while True:
    if i % 3 == 2:
        action = control.advance(engine, drill, key=fac_key, hours=0.01)
    else:
        role = "power_company" if i % 2 else "industry_tech"
        action = control.act(engine, drill, role=role, key=keys[role], kind="note", args={"text": f"situation report {i}"})
    print(action.seq, action.kind, repr(action.at_h), flush=True)
    i += 1
"""

#: Committed actions to see before the kill (the drill is well under way, far from its end).
BEFORE_KILL = 30


def test_a_killed_driver_loses_nothing_and_the_drill_resumes(db_url):
    engine = db.open_database(db_url)
    drill = control.create(engine, SCENARIO, name="Durable", roles={"power_company": "Ann", "industry_tech": "Bo"})
    child = subprocess.Popen([sys.executable, "-c", DRIVER, db_url, str(drill.id), drill.facilitator_key,
                              drill.keys["power_company"], drill.keys["industry_tech"]], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    printed = []
    deadline = time.monotonic() + 120
    while len(printed) < BEFORE_KILL:
        line = child.stdout.readline()
        assert line, f"the driver stopped early: {child.stderr.read()}"
        printed.append(line.split())
        assert time.monotonic() < deadline, "the driver is too slow"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(30)
    assert child.returncode == -signal.SIGKILL
    printed += [line.split() for line in child.stdout.read().splitlines() if line.strip()]
    child.stdout.close()
    child.stderr.close()

    engine.dispose()
    engine = db.open_database(db_url)
    record = db.load_drill(engine, drill.id)
    stored = {a.seq: a for a in record.actions}
    for seq, kind, at_h in printed:
        action = stored[int(seq)]
        assert (action.kind, repr(action.at_h)) == (kind, at_h)
    seqs = sorted(stored)
    assert seqs == list(range(1, len(seqs) + 1))
    with engine.connect() as connection:
        counter = connection.execute(select(db.drills.c.next_seq).where(db.drills.c.id == drill.id)).scalar_one()
    assert counter == seqs[-1]
    last_move = [a for a in record.actions if a.kind == "clock"][-1]
    assert record.clock.now() == last_move.args["to_h"] and not record.clock.running
    assert len(printed) >= BEFORE_KILL

    assert dumps(replay(record).result) == dumps(replay(db.load_drill(engine, drill.id)).result)
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="warning_step", args={"step": "warning.propose"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert state.ended and state.result["summary"]["warning_issued_at_h"] is None  # the bureau never assessed
    propose = next(i for i in evaluation.items if i.key == "warning.propose")
    assert propose.done_h == record.clock.now()  # acted at the clock where the killed drill stood
    assert propose.status == ("on_time" if propose.done_h <= propose.allowed_h else "late")
