"""A refused drill input: one problem of the drill, about one of its fields.

Every check of the drill domain (:mod:`sim.drills.control`, :mod:`sim.drills.db`, the
catalogue of actions, the text checked at the door, the papers after a drill) refuses
bad input the same way: an :class:`~sim.errors.InputError` whose one problem has
:data:`SOURCE` as its file and the field it is about as its path, named the domain's
way, never a face's. The fields:

``drill`` (the drill, or that it has ended), ``key``, ``role`` (``role.<unit>``: the
person given that unit), ``person``, ``name``, ``facilitator``, ``seed``,
``settings.<setting>``, ``action``, ``args`` (``args.<name>``: one argument of the
action), ``inject``, ``hours``, ``rate``, ``at``, ``roles``, ``title.<language>``,
``body.<language>``, ``improvement``, ``status``, ``unit``, ``due``,
``objectives.<n>`` (``objectives.<n>.<language>``: its text in that language),
``scenario`` (the id of the scenario a drill plays).

Each face says the field in its own words from that one name: the command line by the
option it was typed as (``--role``, ``--arg level``; :mod:`sim.commands.drill`), a
page by the label of its form's field (:mod:`sim.ui.form_errors`), both through
:func:`sim.errors.named_field`.
"""

from __future__ import annotations

from ..errors import InputError, Problem
from ..messages import Message

#: What a refusal of the drill names as its file.
SOURCE = "drill"


def refusal(path: str, message: Message) -> Problem:
    """What is wrong with ``path`` (a field above), ``message`` (both languages): one of
    several problems refused together."""
    return Problem(SOURCE, 0, 0, path, message)


def refused(path: str, message: Message) -> InputError:
    """The drill refuses ``path`` (a field above) with ``message`` (both languages)."""
    return InputError([refusal(path, message)])
