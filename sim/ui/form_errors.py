"""A refused form, said to the person who filled it in: the field by its label, no location.

The drill domain refuses bad input with an :class:`~sim.errors.InputError` whose problems
name the field the domain's way (``drill: args.text: …``, :mod:`sim.drills.refusals`);
the command line says it by the option it was typed as (``--arg text``). A page says the
same refusal differently: a person who typed into a form knows neither ``--arg`` nor a
field's id, so each problem is said by the label of the field it is about
(``记录内容不能为空``), found the same way as the command line's option
(:func:`sim.errors.named_field`), and a problem about no field of the form is said alone.
The checks stay in the domain; only the words differ. A refusal may repeat what was typed
(``而不是 '**粗**'``): it is shown as typed, never bold, a formula or a link.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..drills.refusals import SOURCE
from ..errors import InputError, Problem, named_field
from ..messages import Message, render, text
from ..markdown import markdown_plain

#: The refusals that read better said by the field's label than said as they are,
#: with the catalogue entry that says them so (``{field}`` and the refusal's own values).
REWORDED = {
    "drill_refusal.needs_argument": "drill_form.empty",
    "drill_refusal.facilitator_name": "drill_form.empty",
    "drill_refusal.name": "drill_form.empty",
    "drill_refusal.person": "drill_form.empty",
    "drill_refusal.needs_choice": "drill_form.choose",
    "drill_text.too_long": "drill_form.too_long",
}

#: The refusals a page says in words of its own, about no field: the command line's name a
#: way to act the page does not have (``--key``).
ON_PAGE = {
    "drill_refusal.wrong_key": "drill_form.wrong_key",
}


def readable(error: InputError, language: str, fields: Mapping[str, str]) -> str:
    """Every problem of ``error`` in ``language``, one a line of a message box (Markdown's
    hard break: a bare newline would run them together); ``fields`` maps a problem's path
    (the field it is about, as the domain names it) to the label the form shows."""
    return "  \n".join(markdown_plain(_one(problem, language, fields)) for problem in error.problems)


def _one(problem: Problem, language: str, fields: Mapping[str, str]) -> str:
    message = problem.message
    key = message.key if isinstance(message, Message) else None
    if key in ON_PAGE:
        return render(Message(ON_PAGE[key], **message.values), language)
    field = named_field(problem, fields, SOURCE)
    if field is None:
        return render(message, language)
    if key in REWORDED:
        return text(REWORDED[key], language, field=field, **message.values)
    return field_said(field, message, language)


def field_said(label: str, message: object, language: str) -> str:
    """A refusal of one field of a form, named by its label (``启动响应决策：应大于或等于 0``):
    a drill's form, or the What-if page's numbers refused by the loader."""
    return text("drill_form.field", language, field=label, message=render(message, language))
