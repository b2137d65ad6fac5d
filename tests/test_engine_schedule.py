"""The scheduling door: due events, timers, plan processes and pools wait exactly as
SimPy's own events do — same queue, same order — and its run loop stops where SimPy's does.

The engine's work waits on these instead of SimPy processes; a run stays identical only
if they take their turn among timeouts and process starts due at the same moment as
SimPy's events would, and are counted as scheduled events like any other.
"""

from __future__ import annotations


import simpy
from simpy.core import URGENT

from sim.engine import schedule
from sim.engine.schedule import LAST, Due, Pool, Process, Timer


def test_waits_due_at_the_same_time_run_in_the_order_they_were_scheduled():
    env = schedule.environment()
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
    env = schedule.environment()
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
    env = schedule.environment()
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
    env = schedule.environment()
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


def test_a_timer_step_that_returns_its_next_hour_waits_there_under_the_door_and_under_simpys_run():
    def log_run(runner):
        env = schedule.environment()
        times = []
        timer = Timer(env)

        def tick(_):
            times.append(env.now)
            if env.now < 5.0:
                timer.callbacks = (tick,)
                return env.now + 2.0
            return None

        timer.after(1.0, tick)
        env.timeout(3.0).callbacks.append(lambda _: times.append("timeout at 3"))
        runner(env, 10.0)
        return times, next(env._eid)

    door_run = log_run(schedule.run)
    assert door_run == log_run(lambda env, t: env.run(until=t))
    assert door_run[0] == [1.0, "timeout at 3", 3.0, 5.0]


def test_the_door_stops_where_simpy_stops_an_urgent_event_at_the_stop_already_queued_runs():
    def log_run(runner):
        env = schedule.environment()
        order = []
        env.timeout(2.0).callbacks.append(lambda _: order.append("ordinary at 2"))
        Due(env, 2.0, lambda _: order.append("urgent at 2"), URGENT)
        env.timeout(1.0).callbacks.append(lambda _: order.append("at 1"))
        runner(env, 2.0)
        after = env.now
        runner(env, 3.0)
        return order, after, next(env._eid)

    simpy_run = log_run(lambda env, t: env.run(until=t))
    door_run = log_run(schedule.run)
    assert door_run == simpy_run
    assert door_run[0] == ["at 1", "urgent at 2", "ordinary at 2"] and door_run[1] == 2.0


def test_a_plan_process_takes_a_decision_given_at_once_and_one_given_later_on_the_same_path():
    env = schedule.environment()
    seen = []

    def steps(answers):
        for answer in answers:
            decided = yield answer
            seen.append((env.now, decided))
            yield 1.5  # the step's hours

    Process(env, steps([True, schedule.answer_later(env, 4.0, "later")]))
    schedule.run(env, 10.0)
    assert seen == [(0.0, True), (4.0, "later")]


def test_a_plan_process_starts_ahead_of_ordinary_events_as_a_simpy_process_does():
    def order_with(start):
        env = schedule.environment()
        order = []
        env.timeout(0).callbacks.append(lambda _: order.append("timeout"))

        def process():
            order.append("process")
            yield env.timeout(0)
            order.append("process resumed")

        start(env, process())
        env.timeout(0).callbacks.append(lambda _: order.append("timeout after"))
        env.run()
        return order

    assert order_with(Process) == order_with(lambda env, generator: env.process(generator))


def test_a_plan_process_waiting_for_an_event_that_already_happened_goes_straight_on():
    env = schedule.environment()
    arrived = schedule.signal(env)
    arrived.succeed("report")
    env.run()
    seen = []

    def waits():
        seen.append((yield arrived))

    Process(env, waits())
    env.run()
    assert seen == ["report"]


def test_a_pool_serves_in_the_order_asked_and_a_request_it_cannot_serve_holds_up_those_behind():
    env = schedule.environment()
    pool = Pool(env, 2)
    served = []
    for name, amount in (("a", 1), ("b", 2), ("c", 1)):
        pool.get(amount).callbacks.append(lambda _, name=name: served.append((env.now, name)))
    Due(env, 1.0, lambda _: pool.put(1))
    Due(env, 2.0, lambda _: pool.put(2))
    env.run()
    assert served == [(0.0, "a"), (1.0, "b"), (2.0, "c")]


def test_a_withdrawn_request_leaves_the_line_or_gives_back_what_it_was_served():
    env = schedule.environment()
    pool = Pool(env, 1)
    first, second, third = pool.get(1), pool.get(1), pool.get(1)
    served = []
    third.callbacks.append(lambda _: served.append(env.now))
    Due(env, 1.0, lambda _: pool.withdraw(second, 1))  # still waiting: leaves the line
    Due(env, 2.0, lambda _: pool.withdraw(first, 1))  # served at 0: its crew comes back
    env.run()
    assert served == [2.0] and pool.level == 0 and not pool.waiting


def _mixed_instant(env, order):
    """Waits due at hour 1 scheduled before it (on the heap) and during it (in the lanes)."""
    def at_one(_):
        order.append("first at 1")
        Due(env, 0, lambda _: order.append("ordinary, scheduled during 1"))
        Timer(env).first((lambda _: order.append("urgent, scheduled during 1"),))
        env.timeout(0).callbacks.append(lambda _: order.append("timeout, scheduled during 1"))

    Due(env, 1.0, at_one)
    Due(env, 1.0, lambda _: order.append("ordinary, scheduled before"))
    Due(env, 1.0, lambda _: order.append("last, scheduled before"), LAST)
    Due(env, 2.0, lambda _: order.append("at 2"))


EXPECTED_MIXED = ["first at 1", "urgent, scheduled during 1", "ordinary, scheduled before",
                  "ordinary, scheduled during 1", "timeout, scheduled during 1", "last, scheduled before", "at 2"]


def test_waits_scheduled_during_an_instant_take_the_place_simpy_gives_them_among_those_scheduled_before():
    env = schedule.environment()
    order = []
    _mixed_instant(env, order)
    schedule.run(env, 3.0)
    assert order == EXPECTED_MIXED


def test_simpys_own_run_keeps_the_same_order_on_the_engines_clock():
    env = schedule.environment()
    order = []
    _mixed_instant(env, order)
    env.run()
    assert order == EXPECTED_MIXED


def test_a_simpy_environment_gives_that_order_too():
    """The order above is SimPy's own, not the engine's invention."""
    env = simpy.Environment()
    order = []

    def at_one(_):
        order.append("first at 1")
        env.timeout(0).callbacks.append(lambda _: order.append("ordinary, scheduled during 1"))
        urgent = env.event()
        urgent.callbacks.append(lambda _: order.append("urgent, scheduled during 1"))
        urgent._ok, urgent._value = True, None
        env.schedule(urgent, URGENT)
        env.timeout(0).callbacks.append(lambda _: order.append("timeout, scheduled during 1"))

    env.timeout(1.0).callbacks.append(at_one)
    env.timeout(1.0).callbacks.append(lambda _: order.append("ordinary, scheduled before"))
    last = env.event()
    last.callbacks.append(lambda _: order.append("last, scheduled before"))
    last._ok, last._value = True, None
    env.schedule(last, LAST, 1.0)
    env.timeout(2.0).callbacks.append(lambda _: order.append("at 2"))
    env.run()
    assert order == EXPECTED_MIXED


def test_the_next_pending_hour_counts_what_is_due_now():
    env = schedule.environment()
    Due(env, 5.0, lambda _: None)
    assert schedule.upcoming(env) == 5.0
    Timer(env).first((lambda _: None,))
    assert schedule.upcoming(env) == 0.0
