"""PyYAML's syntax errors in the reader's language.

PyYAML words a syntax error in English, in two parts: what it was reading (its
*context*: "while parsing a flow node") and what went wrong (its *problem*: "expected the
node content, but found '<stream end>'"), each a fixed sentence with at most a token,
a character or a name filled in. Each sentence it can say while composing a document is
matched here to a catalogue entry (``yaml.*``), so a planner reads "读取花括号或方括号中的值时：
应为一个值，却遇到了文件结尾". A sentence not matched (a newer PyYAML's) is shown as
PyYAML wrote it, after the catalogue's words for "the parser says", never dropped.
"""

from __future__ import annotations

import re

from ..errors import echoed
from ..messages import Message

#: PyYAML's longest sentence is under 90 characters; beyond this one repeats the file.
SENTENCE_CHARS = 160

#: PyYAML's tokens (``'<stream end>'``, ``':'``) as people read them.
_TOKENS = {
    "<stream end>": "yaml.token.stream_end",
    "<stream start>": "yaml.token.stream_start",
    "<block end>": "yaml.token.block_end",
    "<block mapping start>": "yaml.token.block_mapping_start",
    "<block sequence start>": "yaml.token.block_sequence_start",
    "<document start>": "yaml.token.document_start",
    "<document end>": "yaml.token.document_end",
    "<directive>": "yaml.token.directive",
    "<scalar>": "yaml.token.scalar",
    "<alias>": "yaml.token.alias",
    "<anchor>": "yaml.token.anchor",
    "<tag>": "yaml.token.tag",
}

#: Context sentences, exactly as PyYAML writes them, and their entries.
_CONTEXTS = {
    "while scanning for the next token": "yaml.context.next_token",
    "while scanning a simple key": "yaml.context.simple_key",
    "while scanning a quoted scalar": "yaml.context.quoted",
    "while scanning a double-quoted scalar": "yaml.context.double_quoted",
    "while scanning a plain scalar": "yaml.context.plain",
    "while scanning a block scalar": "yaml.context.block_scalar",
    "while scanning a directive": "yaml.context.directive",
    "while scanning an anchor": "yaml.context.anchor",
    "while scanning an alias": "yaml.context.alias",
    "while scanning a tag": "yaml.context.tag",
    "while parsing a tag": "yaml.context.tag",
    "while scanning a tag URI": "yaml.context.tag",
    "while parsing a tag URI": "yaml.context.tag",
    "while scanning a directive prefix": "yaml.context.directive",
    "while scanning a directive handle": "yaml.context.directive",
    "while parsing a node": "yaml.context.node",
    "while parsing a block node": "yaml.context.node",
    "while parsing a flow node": "yaml.context.flow_node",
    "while parsing a block collection": "yaml.context.block_sequence",
    "while parsing a block mapping": "yaml.context.block_mapping",
    "while parsing a flow sequence": "yaml.context.flow_sequence",
    "while parsing a flow mapping": "yaml.context.flow_mapping",
    "expected a single document in the stream": "yaml.context.single_document",
}

#: Problem sentences as patterns: a named group is a value PyYAML filled in (a token
#: or a character as Python's ``repr`` writes it, or a name from the file).
_PROBLEMS = [(re.compile(pattern), key) for pattern, key in [
    (r"found character '\\t' that cannot start any token", "yaml.problem.tab"),
    (r"found character (?P<found>.+) that cannot start any token", "yaml.problem.cannot_start"),
    (r"could not find expected ':'", "yaml.problem.no_colon"),
    (r"mapping values are not allowed here", "yaml.problem.mapping_value_here"),
    (r"sequence entries are not allowed here", "yaml.problem.sequence_entry_here"),
    (r"mapping keys are not allowed here", "yaml.problem.mapping_key_here"),
    (r"found unexpected end of stream", "yaml.problem.unexpected_end"),
    (r"found unexpected document separator", "yaml.problem.unexpected_separator"),
    (r"found unknown escape character (?P<found>.+)", "yaml.problem.unknown_escape"),
    (r"expected escape sequence of (?P<n>\d+) hexadecimal numbers, but found (?P<found>.+)", "yaml.problem.hex_escape"),
    (r"expected the node content, but found (?P<found>.+)", "yaml.problem.node_content"),
    (r"expected <block end>, but found (?P<found>.+)", "yaml.problem.block_end"),
    (r"expected ',' or '\]', but got (?P<found>.+)", "yaml.problem.flow_sequence_sep"),
    (r"expected ',' or '\}', but got (?P<found>.+)", "yaml.problem.flow_mapping_sep"),
    (r"expected '<document start>', but found (?P<found>.+)", "yaml.problem.document_start"),
    (r"found undefined alias (?P<name>.+)", "yaml.problem.undefined_alias"),
    (r"found duplicate anchor (?P<name>.+); first occurrence", "yaml.problem.duplicate_anchor"),
    (r"second occurrence", "yaml.problem.second_occurrence"),
    (r"but found another document", "yaml.problem.another_document"),
    (r"found undefined tag handle (?P<found>.+)", "yaml.problem.undefined_tag_handle"),
    (r"found duplicate YAML directive", "yaml.problem.duplicate_directive"),
    (r"found incompatible YAML document \(version 1\.\* is required\)", "yaml.problem.incompatible_version"),
    (r"expected alphabetic or numeric character, but found (?P<found>.+)", "yaml.problem.alphanumeric"),
    (r"expected indentation indicator in the range 1-9, but found 0", "yaml.problem.indentation_indicator"),
    (r"expected chomping or indentation indicators, but found (?P<found>.+)", "yaml.problem.chomping"),
    (r"expected a comment or a line break, but found (?P<found>.+)", "yaml.problem.comment_or_break"),
    (r"expected ' ', but found (?P<found>.+)", "yaml.problem.space"),
    (r"expected '>', but found (?P<found>.+)", "yaml.problem.angle"),
    (r"expected '!', but found (?P<found>.+)", "yaml.problem.bang"),
    (r"expected URI, but found (?P<found>.+)", "yaml.problem.uri"),
    (r"expected URI escape sequence of 2 hexadecimal numbers, but found (?P<found>.+)", "yaml.problem.uri_escape"),
    (r"expected a digit or '\.', but found (?P<found>.+)", "yaml.problem.version_digit"),
    (r"expected a digit or ' ', but found (?P<found>.+)", "yaml.problem.version_digit"),
    (r"expected a digit, but found (?P<found>.+)", "yaml.problem.version_digit"),
]]


#: Why a scalar could not be read as its tag says (a date, ``!!int``, an unknown tag): the
#: constructors' sentences, and Python's own for ``int()`` and ``float()``.
_VALUE_PROBLEMS = [(re.compile(pattern), key) for pattern, key in [
    (r"day is out of range for month", "yaml.value.no_such_day"),
    (r"(?P<field>year|month|day|hour|minute|second) must be in (?P<low>\d+)\.\.(?P<high>\d+)", "yaml.value.field_range"),
    (r"year (?P<year>-?\d+) is out of range", "yaml.value.year_range"),
    (r"invalid literal for int\(\) with base \d+: .*", "yaml.value.not_an_integer"),
    (r"could not convert string to float: .*", "yaml.value.not_a_number"),
    (r"could not determine a constructor for the tag (?P<tag>.+)", "yaml.value.unknown_tag"),
    (r"'NoneType' object has no attribute 'groupdict'", "yaml.value.not_a_timestamp"),
    (r"failed to (?:convert|decode) base64 data: .*", "yaml.value.not_base64"),
    (r"expected a (?P<wanted>mapping|sequence|scalar) node, but found (?P<found>mapping|sequence|scalar)",
     "yaml.value.wrong_node"),
]]


#: A key typed with the full-width colon of a Chinese input method (``id： x``): a key as
#: the files write them (letters, digits, ``_``, ``.``, ``-``) at the start of a line, after
#: any ``- `` of a list item, then ``：`` where its ``:`` would be.
_FULL_WIDTH_KEY = re.compile(r"[ \t]*(?:-[ \t]+)*(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?P<colon>：)")

#: How many lines before a syntax error's own line may hold the key that caused it: the
#: text after a key typed with "：" runs on into the next line, where the parser stops.
FULL_WIDTH_REACH = 2


def full_width_key(line: str) -> tuple[int, str] | None:
    """Where a line (or a plain text) that starts with a key typed with the full-width
    colon has that colon (0-based) and the key; ``None`` for any other line."""
    match = _FULL_WIDTH_KEY.match(line)
    return (match.start("colon"), match["key"]) if match else None


def full_width_colon(key: str) -> Message:
    """Why a line that starts with ``key：`` is no ``key: value``, and what to type instead."""
    return Message("yaml.full_width_colon", key=echoed(key, quoted=False))


def value_reason(reason: str) -> Message:
    """Why a value could not be read, from PyYAML's or Python's sentence (``day is out of
    range for month``), in both languages; an unknown one as the parser said it."""
    for pattern, key in _VALUE_PROBLEMS:
        match = pattern.fullmatch(reason)
        if match:
            values = match.groupdict()
            for name in ("field", "wanted", "found"):
                if name in values:
                    values[name] = Message(f"yaml.word.{values[name]}")
            if "tag" in values:
                values["tag"] = echoed(values["tag"], quoted=False)
            return Message(key, **values)
    return parser_said(reason)


def syntax_detail(context: str | None, problem: str | None) -> Message:
    """PyYAML's context and problem sentences as one message in both languages."""
    parts = [_sentence(part, _CONTEXTS.get(part)) for part in (context,) if part]
    parts += [_sentence(part) for part in (problem,) if part]
    if not parts:
        return Message("yaml.invalid")
    if len(parts) == 1:
        return parts[0]
    return Message("yaml.while", context=parts[0], problem=parts[1])


def _sentence(sentence: str, key: str | None = None) -> Message:
    if key is not None:
        return Message(key)
    for pattern, key in _PROBLEMS:
        match = pattern.fullmatch(sentence)
        if match:
            return Message(key, **{name: _value(name, value) for name, value in match.groupdict().items()})
    return parser_said(sentence)


def parser_said(sentence: str) -> Message:
    """A sentence of PyYAML's this module does not know, as PyYAML wrote it (bounded: it
    may repeat a value from the file)."""
    return Message("yaml.parser_said", text=echoed(sentence, quoted=False, limit=SENTENCE_CHARS))


def _value(name: str, value: str) -> Message | str:
    """A token by what people call it; a character or a name from the file, shortened."""
    if name == "found":
        token = value.strip("'\"")
        if token in _TOKENS:
            return Message(_TOKENS[token])
        if len(token) == 1 and token in ":-?,[]{}":
            return Message("yaml.token.mark", mark=token)
    return echoed(value, quoted=False)
