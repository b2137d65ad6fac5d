"""Pydantic's errors as a planner reads them: plain words in Chinese and in English alike."""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, Field, Strict, TypeAdapter, ValidationError

from sim.messages import figure, render
from sim.validation_text import WORDED, validation_message


class _Model(BaseModel):
    x: int = 0


class _Colour(enum.Enum):
    red = "red"


#: Each error type the catalogue words, with a field type and a value that make pydantic raise it
#: (a value in double quotes is read as JSON: the two strict parsing errors arise only there).
RAISED = {
    "float_type": (float, [1]),
    "float_parsing": (float, "forty"),
    "int_type": (int, [1]),
    "int_parsing": (int, "six"),
    "int_from_float": (int, 1.5),
    "bool_type": (bool, [1]),
    "bool_parsing": (bool, "maybe"),
    "string_type": (str, 5),
    "dict_type": (dict, [1]),
    "model_type": (_Model, [1]),
    "model_attributes_type": (_Model, [1]),
    "list_type": (list[int], 5),
    "tuple_type": (tuple[int, ...], 5),
    "set_type": (set[int], 5),
    "date_type": (dt.date, [1]),
    "date_parsing": (Annotated[dt.date, Strict()], '"2023-02-3x"'),
    "date_from_datetime_parsing": (dt.date, "soon"),
    "date_from_datetime_inexact": (dt.date, "2023-01-01T10:00:00"),
    "datetime_type": (dt.datetime, [1]),
    "datetime_parsing": (Annotated[dt.datetime, Strict()], '"2023-01-01T25:00:00"'),
    "datetime_from_date_parsing": (dt.datetime, "soon"),
    "greater_than": (Annotated[int, Field(gt=0)], 0),
    "greater_than_equal": (Annotated[int, Field(ge=1)], 0),
    "less_than": (Annotated[int, Field(lt=1_000_000)], 2_000_000),
    "less_than_equal": (Annotated[float, Field(le=100_000)], 1e9),
    "multiple_of": (Annotated[int, Field(multiple_of=5)], 7),
    "finite_number": (Annotated[float, Field(allow_inf_nan=False)], float("inf")),
    "too_short": (Annotated[list[int], Field(min_length=2)], [1]),
    "too_long": (Annotated[list[int], Field(max_length=1)], [1, 2]),
    "string_too_short": (Annotated[str, Field(min_length=2)], "a"),
    "string_too_long": (Annotated[str, Field(max_length=1)], "ab"),
    "string_pattern_mismatch": (Annotated[str, Field(pattern="^[a-z]+$")], "A"),
    "literal_error": (Literal["a", "b"], "c"),
    "enum": (_Colour, "blue"),
}


def _error(kind: str) -> dict:
    annotation, value = RAISED[kind]
    adapter = TypeAdapter(annotation)
    with pytest.raises(ValidationError) as caught:
        if isinstance(value, str) and value.startswith('"'):
            adapter.validate_json(value)
        else:
            adapter.validate_python(value, from_attributes=kind == "model_attributes_type")
    return caught.value.errors()[0]


def test_every_error_type_the_catalogue_words_is_one_pydantic_raises_and_each_is_walked_here():
    assert set(RAISED) == set(WORDED)
    assert {kind: _error(kind)["type"] for kind in RAISED} == {kind: kind for kind in RAISED}


@pytest.mark.parametrize("kind", sorted(WORDED))
def test_each_error_type_reads_in_plain_words_in_english_as_in_chinese_never_in_pydantic_s_own(kind):
    item = _error(kind)
    message = validation_message(item)
    english, chinese = render(message, "en"), render(message, "zh")
    assert "Input should" not in english and "String should" not in english
    assert english != item["msg"] and english.startswith("should ")
    assert re.search(r"[\u4e00-\u9fff]", chinese) and "should" not in chinese


def test_an_unreadable_whole_number_says_so_and_repeats_what_was_written_in_either_language():
    message = validation_message(_error("int_parsing"))
    assert (message.en, message.zh) == ("should be a whole number (got 'six')", "应为整数（实际为 'six'）")


def test_a_yaml_list_where_a_mapping_belongs_reads_alike_however_pydantic_names_the_type():
    said = {render(validation_message(_error(kind)), "en") for kind in ("dict_type", "model_type",
                                                                         "model_attributes_type")}
    assert said == {"should be a mapping (key: value)"}


def test_a_bound_in_a_message_is_written_as_people_write_numbers_in_each_language():
    message = validation_message(_error("less_than"))
    assert (message.en, message.zh) == ("should be less than 1,000,000", "应小于 100万")
    assert validation_message(_error("less_than_equal")).en == "should be at most 100,000"


@pytest.mark.parametrize(("value", "zh", "en"), [
    (1e6, "100万", "1,000,000"),
    (1e9, "10亿", "1,000,000,000"),
    (2.5e9, "25亿", "2,500,000,000"),
    (2.5e8, "25,000万", "250,000,000"),
    (1e12, "1万亿", "1,000,000,000,000"),
    (3e16, "30,000万亿", "30,000,000,000,000,000"),
    (100_000, "10万", "100,000"),
    (8760, "8760", "8,760"),
    (12_345, "12,345", "12,345"),
    (0.05, "0.05", "0.05"),
    (1.0, "1", "1"),
    (-5, "-5", "-5"),
])
def test_a_number_is_never_written_in_exponent_form_and_groups_its_digits_as_each_language_does(value, zh, en):
    assert (figure(value, "zh"), figure(value, "en")) == (zh, en)


class _Lights(enum.Enum):
    red = "red"
    green = "green"


@pytest.mark.parametrize("annotation", [Literal["a", "b", "c"], _Lights])
def test_the_values_allowed_are_listed_in_each_language_s_own_words_with_what_was_written(annotation):
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(annotation).validate_python("blue")
    message = validation_message(caught.value.errors()[0])
    zh, en = message.in_language("zh"), message.in_language("en")
    assert " or " not in zh and "以下之一" in zh and "、" in zh and "blue" in zh
    assert en.startswith("should be one of ") and "', '" in en and "blue" in en


@pytest.mark.parametrize("annotation, value, said", [
    (Annotated[list[int], Field(min_length=1)], [], "should have 1 or more items, not 0"),
    (Annotated[list[int], Field(max_length=1)], [1, 2], "should have 1 or fewer items, not 2"),
    (Annotated[str, Field(min_length=1)], "", "should have 1 or more characters"),
    (Annotated[str, Field(max_length=1)], "ab", "should have 1 or fewer characters"),
])
def test_a_count_of_items_or_characters_reads_right_whether_the_bound_is_one_or_many(annotation, value, said):
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(annotation).validate_python(value)
    said_here = validation_message(caught.value.errors()[0]).en
    assert said_here == said or said_here.startswith(f"{said}: ")  # a list's length may say why it is bounded


def test_an_unknown_key_made_by_a_comma_in_unquoted_text_inside_braces_says_to_quote_the_text():
    from sim.errors import InputError
    from sim.inputs.loader import load_plan_text
    from pathlib import Path

    plan = Path(__file__).resolve().parent.parent / "plans" / "guyang-blackout-2023.yaml"
    text = plan.read_text(encoding="utf-8").replace('en: "Major large-area blackout"}', "en: Major, large-area blackout}", 1)
    with pytest.raises(InputError) as raised:
        load_plan_text(text, str(plan))
    said = str(raised.value)
    assert "severity_levels.0.name.large-area blackout" in said
    assert "a comma in unquoted text inside braces {…} made a key of the words after it; put the text in quotes" in said


def test_an_unknown_key_of_one_word_is_still_told_to_check_its_spelling():
    from sim.messages import Message

    item = {"type": "extra_forbidden", "loc": ("units", 0, "nmae"), "input": "x", "msg": "Extra inputs are not permitted"}
    assert validation_message(item) == Message("input.unknown_key", key="'nmae'")
