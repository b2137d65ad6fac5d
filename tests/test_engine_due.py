"""Due events and timers wait exactly as SimPy's own events do: same queue, same order.

The engine's duties wait on these instead of processes; a run stays identical only if
they take their turn among timeouts and process starts due at the same moment as
SimPy's events would, and are counted as scheduled events like any other.
"""

from __future__ import annotations

import simpy

from simpy.core import URGENT

from sim.engine.due import LAST, Due, Timer


def test_waits_due_at_the_same_time_run_in_the_order_they_were_scheduled():
    env = simpy.Environment()
    order = []
    timer = Timer(env)
    env.timeout(1.0).callbacks.append(lambda _: order.append("timeout a"))
    timer.after(1.0, lambda _: order.append("timer"))
    Due(env, 1.0, lambda _: order.append("due"))
    env.timeout(1.0).callbacks.append(lambda _: order.append("timeout b"))
    env.run()
    assert order == ["timeout a", "timer", "due", "timeout b"]
    assert env.now == 1.0


def test_urgent_waits_come_before_ordinary_ones_as_a_process_start_does():
    env = simpy.Environment()
    order = []

    def process():
        order.append("process")
        yield env.timeout(0)

    env.timeout(0).callbacks.append(lambda _: order.append("timeout"))
    Timer(env).after(0, lambda _: order.append("urgent timer"), urgent=True)
    env.process(process())
    Due(env, 0, lambda _: order.append("urgent due"), URGENT)
    env.run()
    assert order == ["urgent timer", "process", "urgent due", "timeout"]


def test_a_last_wait_sees_its_instant_settled():
    """Events due at the same time, even those scheduled while it passes, come first."""
    env = simpy.Environment()
    order = []

    def chain(_):
        order.append("timeout")
        env.timeout(0).callbacks.append(lambda _: order.append("scheduled during the instant"))

    Due(env, 1.0, lambda _: order.append("last"), LAST)
    env.timeout(1.0).callbacks.append(chain)
    env.timeout(1.5).callbacks.append(lambda _: order.append("later"))
    env.run()
    assert order == ["timeout", "scheduled during the instant", "last", "later"]


def test_a_timer_waits_again_once_processed_and_every_wait_is_a_scheduled_event():
    env = simpy.Environment()
    times = []
    timer = Timer(env)

    def tick(_):
        times.append(env.now)
        if len(times) < 3:
            timer.after(2.5, tick)

    timer.after(1.0, tick)
    env.run()
    assert times == [1.0, 3.5, 6.0]
    assert next(env._eid) == 3
