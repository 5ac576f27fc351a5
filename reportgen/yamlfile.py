"""YAML file: reads a YAML file into plain data plus the line and column of every value.

Scalars are kept as the text the author wrote (``yes`` stays ``"yes"``, ``1.10`` stays
``"1.10"``); the schema decides what a value means. Only YAML's null becomes ``None``.
That avoids YAML 1.1 surprises for people who are not programmers and keeps
sub-question ids such as ``4.3`` from turning into floats.

The data is built from libyaml's event stream rather than its node graph, so that
nesting, aliases and their expansion are bounded (:mod:`reportgen.limits`) before they
can cost memory or recursion. Characters that YAML itself refuses (control characters
pasted from another program) are removed before parsing, with a warning; every position
is reported in the file as the author sees it, as if they were still there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen import limits
from reportgen.characters import UNUSABLE
from reportgen.messages import say
from reportgen.problems import InvalidInput, Problem

try:  # libyaml's parser is ~10x faster and keeps the same marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

FieldPath = tuple[str, ...]
_NULL_TAG = "tag:yaml.org,2002:null"
_NULL_WORDS = ("", "~", "null", "Null", "NULL")
_TEXT_TAGS = (None, "!", "tag:yaml.org,2002:str", _NULL_TAG)  # `!!str`, `!!null`; any other tag is refused
# A line that starts like a list item: "- ", "* ", "+ ", "1. ", "1) ".
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S")
# A comment after a plain value that looks like part of the text: `#` glued to a word (`#1`).
_COMMENT_IN_TEXT = re.compile(r"[ \t]+#(\S+)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Positions:
    """Maps an index in the text YAML parsed to the line and column in the file as written."""

    def __init__(self, original: str, removed: list[int]):
        self.removed = removed  # indices in ``original`` of the characters taken out
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(original)]

    def original_index(self, index: int) -> int:
        shift = bisect.bisect_right(self.removed, index)
        while bisect.bisect_right(self.removed, index + shift) != shift:
            shift = bisect.bisect_right(self.removed, index + shift)
        return index + shift

    def of_original(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def __call__(self, index: int) -> tuple[int, int]:
        """The 1-based (line, column) of ``index`` of the parsed text."""
        return self.of_original(self.original_index(index))


@dataclass
class YamlFile:
    """The data of one YAML file and where each value stands in it."""

    path: Path
    data: Any
    value_marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    # What was read, as parsed, and where each text value's source lies in it (start, end index).
    text: str = ""
    spans: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    # Warnings found while reading: removed characters, values YAML read otherwise than they look.
    notes: list[Problem] = field(default_factory=list)
    positions: _Positions | None = None

    def position(self, path: tuple[Any, ...], *, key: bool = False) -> tuple[int | None, int | None]:
        """The 1-based (line, column) of the value at ``path``, or of its closest ancestor.

        With ``key=True`` the position of the mapping key is preferred, which is
        where an unknown or misspelt key should be reported.
        """
        steps: FieldPath = tuple(str(p) for p in path)
        if key and steps in self.key_marks:
            return self.key_marks[steps]
        while steps:
            if steps in self.value_marks:
                return self.value_marks[steps]
            steps = steps[:-1]
        return self.value_marks.get((), (None, None))

    def position_of(self, path: tuple[Any, ...], needle: str) -> tuple[int | None, int | None]:
        """Where ``needle`` first stands in the source of the text at ``path`` (else where the value starts)."""
        steps = tuple(str(p) for p in path)
        span = self.spans.get(steps)
        if span and self.positions is not None:
            found = self.text.find(needle, *span)
            if found >= 0:
                return self.positions(found)
        return self.position(path)

    def written(self, path: tuple[Any, ...]) -> str:
        """The text of the value at ``path`` as it stands in the file ("" for a list or a set of fields)."""
        span = self.spans.get(tuple(str(p) for p in path))
        return self.text[span[0]:span[1]] if span else ""

    def field_name(self, path: tuple[Any, ...]) -> str:
        """``path`` as a person reads it: dotted, list positions counted from 1."""
        shown: list[str] = []
        node = self.data
        for step in path:
            if isinstance(node, list) and str(step).isdigit():
                index = int(step)
                shown.append(str(index + 1))
                node = node[index] if index < len(node) else None
            else:
                shown.append(str(step))
                node = node.get(str(step)) if isinstance(node, dict) else None
        return ".".join(shown)

    def problem(self, path: tuple[Any, ...], message: str, expected: str = "", *,
                severity: str = "error", key: bool = False,
                at: tuple[int | None, int | None] | None = None) -> Problem:
        """A :class:`Problem` placed at ``path`` in this file (or at ``at``, a line and column)."""
        line, column = at or self.position(path, key=key)
        return Problem(str(self.path), line, column, self.field_name(path), message, expected,
                       severity)  # type: ignore[arg-type]


def read_yaml(path: Path) -> YamlFile:
    """Read ``path``; raise :class:`InvalidInput` for a file that is missing, empty, too large,
    not UTF-8, not YAML, nested or aliased beyond :mod:`reportgen.limits`, or has a key twice in
    one mapping. Warnings found while reading are in the result's ``notes``."""
    return parse_yaml(_read_bytes(path), path)


def parse_yaml(raw: bytes, path: Path) -> YamlFile:
    """:func:`read_yaml` of bytes that ``path`` names (a document carried inside a report, say)."""
    name = str(path)
    if len(raw) > limits.MAX_FILE_BYTES:
        raise InvalidInput([Problem(name, None, None, "", say("file_too_large", max=limits.MAX_FILE_BYTES // 1_000_000),
                                    say("file_too_large_expected"))])
    try:
        original = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InvalidInput([Problem(name, line, column, "", say("file_not_utf8"),
                                    say("file_not_utf8_expected"))]) from None
    text, removed = _without_unusable(original)
    if not text.strip():
        raise InvalidInput([Problem(name, None, None, "", say("file_empty"), say("file_empty_expected"))])
    result = YamlFile(path, None, text=text, positions=_Positions(original, removed))
    result.notes += _removal_warnings(name, original, removed, result.positions)
    builder = _Builder(result)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.take(event)
    except yaml.MarkedYAMLError as error:
        raise InvalidInput([_syntax_problem(name, error, text, result.positions)]) from None
    except yaml.YAMLError:
        raise InvalidInput([Problem(name, None, None, "", say("yaml_unreadable"), say("yaml_other_expected"))]) from None
    if builder.problems:
        raise InvalidInput(builder.problems)
    result.data = builder.root
    result.notes += [result.problem(path, message, expected, severity="warning", at=at)
                     for path, at, message, expected in builder.notes]
    return result


def _read_bytes(path: Path) -> bytes:
    name = str(path)
    expected = say("file_expected")
    try:
        with path.open("rb") as stream:
            raw = stream.read(limits.MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput([Problem(name, None, None, "", say("file_missing"), expected)]) from None
    except IsADirectoryError:
        raise InvalidInput([Problem(name, None, None, "", say("file_is_folder"), expected)]) from None
    except OSError as error:
        raise InvalidInput([Problem(name, None, None, "", say("file_unreadable", reason=error.strerror or error),
                                    "")]) from None
    return raw  # at most one byte over the bound, which parse_yaml refuses


def _without_unusable(text: str) -> tuple[str, list[int]]:
    """``text`` without the characters YAML (and a PDF or Word file) cannot hold, and where they were."""
    removed = [m.start() for m in UNUSABLE.finditer(text)]
    return (UNUSABLE.sub("", text), removed) if removed else (text, removed)


def _removal_warnings(name: str, original: str, removed: list[int], positions: _Positions) -> list[Problem]:
    """One warning per line that had characters removed, at the first of them."""
    by_line: dict[int, list[int]] = {}
    for index in removed:
        by_line.setdefault(positions.of_original(index)[0], []).append(index)
    warnings = []
    for line, indices in by_line.items():
        codes = ", ".join(sorted({f"U+{ord(original[i]):04X}" for i in indices}))
        column = positions.of_original(indices[0])[1]
        warnings.append(Problem(name, line, column, "", say("characters_removed", count=len(indices), codes=codes),
                                say("characters_removed_expected"), "warning"))
    return warnings


@dataclass
class _Frame:
    """A list or mapping being built."""

    container: list[Any] | dict[str, Any]
    path: FieldPath
    anchor: str | None
    values_before: int
    characters_before: int
    discard: bool = False            # inside a value given under a duplicate key: read, then dropped
    key: str | None = None           # a mapping's key whose value comes next
    discard_value: bool = False      # that key was a duplicate


class _Builder:
    """Plain data from libyaml's events, with the limits of :mod:`reportgen.limits` enforced as it goes."""

    def __init__(self, out: YamlFile):
        self.out = out
        self.name = str(out.path)
        self.positions = out.positions
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # anchor → (value, its values, its characters)
        self.open_anchors: set[str] = set()
        self.unused_anchors: dict[str, tuple[FieldPath, int]] = {}  # anchor → where it stands, until an alias uses it
        self.aliases = 0
        self.values = 0
        self.characters = 0
        self.documents = 0
        self.root: Any = None
        self.problems: list[Problem] = []
        self.notes: list[tuple[FieldPath, tuple[int, int], str, str]] = []

    # --- events ---

    def take(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail(event.start_mark, say("yaml_second_document"), say("yaml_second_document_expected"))
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._open(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self._close()
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif isinstance(event, yaml.StreamEndEvent):
            for name, (path, index) in self.unused_anchors.items():  # `- &Co text` loses `&Co`
                self._note(path, self.positions(index), say("anchor_unused", name=name), say("yaml_starts_with_expected"))

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        if event.tag not in _TEXT_TAGS:
            self._fail(event.start_mark, say("yaml_starts_with", char="!"), say("yaml_starts_with_expected"))
        plain = event.style in (None, "")
        is_null = event.tag == _NULL_TAG or (plain and event.tag is None and event.value in _NULL_WORDS)
        value = None if is_null else event.value
        if self._is_key_position():
            path = self.stack[-1].path + (event.value,)
            self._key(event.value, event.start_mark)
        else:
            path, discard = self._next_path()
            if not discard:
                self._mark(path, event.start_mark)
                self.out.spans[path] = (event.start_mark.index, event.end_mark.index)
                if value is not None:
                    self._look_for_surprises(event, path, value)
            self._add(value)
        self._count(1, len(event.value), event.start_mark)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, len(event.value))
            self.unused_anchors[event.anchor] = (path, event.start_mark.index)

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        if self._is_key_position():
            self._fail(event.start_mark, say("key_not_plain"), say("key_not_plain_expected"))
        if len(self.stack) >= limits.MAX_DEPTH:
            self._fail(event.start_mark, say("yaml_too_deep", max=limits.MAX_DEPTH), say("yaml_too_deep_expected"))
        path, discard = self._next_path()
        if not discard:
            self._mark(path, event.start_mark)
        self._count(1, 0, event.start_mark)
        container: list[Any] | dict[str, Any] = [] if isinstance(event, yaml.SequenceStartEvent) else {}
        if event.anchor:
            self.open_anchors.add(event.anchor)
            self.unused_anchors[event.anchor] = (path, event.start_mark.index)
        self.stack.append(_Frame(container, path, event.anchor, self.values, self.characters, discard))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, self.values - frame.values_before + 1,
                                          self.characters - frame.characters_before)
        self._add(frame.container)

    def _alias(self, event: yaml.AliasEvent) -> None:
        self.aliases += 1
        if self.aliases > limits.MAX_ALIASES:
            self._fail(event.start_mark, say("yaml_too_many_aliases", max=limits.MAX_ALIASES), say("yaml_alias_expected"))
        if event.anchor in self.open_anchors:
            self._fail(event.start_mark, say("yaml_alias_to_itself", name=event.anchor), say("yaml_alias_expected"))
        if event.anchor not in self.anchors:
            self._fail(event.start_mark, say("yaml_starts_with", char="*"), say("yaml_starts_with_expected"))
        value, values, characters = self.anchors[event.anchor]
        self.unused_anchors.pop(event.anchor, None)
        if self._is_key_position():
            if not isinstance(value, str):
                self._fail(event.start_mark, say("key_not_plain"), say("key_not_plain_expected"))
            self._key(value, event.start_mark)
        else:
            path, discard = self._next_path()
            if not discard:
                self._mark(path, event.start_mark)
            self._add(value)  # shared, not copied: the count below bounds what later steps walk
        self._count(values, characters, event.start_mark)

    # --- building ---

    def _is_key_position(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None

    def _next_path(self) -> tuple[FieldPath, bool]:
        """The path of the value that comes next, and whether it is to be dropped."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if isinstance(top.container, list):
            return top.path + (str(len(top.container)),), top.discard
        return top.path + (str(top.key),), top.discard or top.discard_value

    def _key(self, key: str, mark: yaml.Mark) -> None:
        top = self.stack[-1]
        key_path = top.path + (key,)
        if key in top.container and not top.discard:
            first = self.out.key_marks[key_path][0]
            self.problems.append(Problem(self.name, *self.positions(mark.index), self.out.field_name(key_path),
                                         say("key_twice", field=key, line=first), say("key_twice_expected")))
            top.discard_value = True
        elif not top.discard:
            self.out.key_marks[key_path] = self.positions(mark.index)
        top.key = key

    def _add(self, value: Any) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
            return
        if not top.discard_value:
            top.container[str(top.key)] = value
        top.key, top.discard_value = None, False

    def _mark(self, path: FieldPath, mark: yaml.Mark) -> None:
        self.out.value_marks[path] = self.positions(mark.index)

    def _count(self, values: int, characters: int, mark: yaml.Mark) -> None:
        """Counts what the document holds with every alias expanded; later steps walk all of it."""
        self.values += values
        self.characters += characters
        if self.values > limits.MAX_VALUES or self.characters > limits.MAX_FILE_BYTES:
            expected = say("yaml_alias_expected") if self.aliases else say("file_too_large_expected")
            if self.values > limits.MAX_VALUES:
                self._fail(mark, say("yaml_too_many_values", max=limits.MAX_VALUES), expected)
            self._fail(mark, say("yaml_too_much_text", max=limits.MAX_FILE_BYTES // 1_000_000), expected)

    def _fail(self, mark: yaml.Mark, message: str, expected: str) -> None:
        raise InvalidInput(self.problems + [Problem(self.name, *self.positions(mark.index), "", message, expected)])

    # --- values that YAML reads otherwise than they look ---

    def _look_for_surprises(self, event: yaml.ScalarEvent, path: FieldPath, value: str) -> None:
        text = self.out.text
        start, end = event.start_mark.index, event.end_mark.index
        newline = text.find("\n", start, end)
        if event.style != "|" and newline >= 0:
            offset = newline + 1
            for line in text[offset:end].split("\n"):
                if _LIST_ITEM.match(line) and not (event.style == ">" and self._kept_as_line(line, value)):
                    indent = len(line) - len(line.lstrip(" \t"))
                    self._note(path, self.positions(offset + indent), say("list_item_folded", start=_beginning(line.strip())),
                               say("list_item_folded_expected"))
                offset += len(line) + 1
        if event.style in (None, ""):
            comment = _COMMENT_IN_TEXT.match(text, end)
            if comment:
                self._note(path, self.positions(comment.start(1) - 1), say("comment_cuts_text", word=comment.group(1)[:20]),
                           say("comment_cuts_text_expected"))

    @staticmethod
    def _kept_as_line(line: str, value: str) -> bool:
        """In a folded (`>`) text, a more indented line keeps its line break and is not joined."""
        return re.search(r"(?:^|\n)[ \t]*" + re.escape(line.strip()), value) is not None

    def _note(self, path: FieldPath, at: tuple[int, int], message: str, expected: str) -> None:
        # Made a Problem once the data is complete: naming the field counts list positions in it.
        self.notes.append((path, at, message, expected))


def _beginning(text: str, length: int = 30) -> str:
    return text if len(text) <= length else text[:length].rstrip() + "…"


# --- syntax errors in plain words ---

def _syntax_problem(name: str, error: yaml.MarkedYAMLError, text: str, positions: _Positions) -> Problem:
    """A syntax error as its usual cause, placed on the line where the mistake is."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    index = mark.index if mark else 0
    char = text[index] if index < len(text) else ""
    if context.startswith(("while scanning an alias", "while scanning an anchor", "while scanning a tag")) \
            and error.context_mark is not None:
        index = error.context_mark.index
        key, values = "yaml_starts_with", {"char": text[index]}
    elif "tab" in problem or char == "\t":
        key, values = "yaml_tab", {}
    elif "cannot start any token" in problem:
        key, values = "yaml_starts_with", {"char": char}
    elif "unknown escape" in problem:
        key, values = "yaml_escape", {}
    elif "mapping values are not allowed" in problem:
        key, values = ("yaml_indent_more", {}) if _indented_key(text, index) else ("yaml_colon", {})
    elif "block sequence entries are not allowed" in problem:
        key, values = "yaml_list_on_new_line", {}
    elif "quoted scalar" in context and error.context_mark is not None:
        index = error.context_mark.index
        key, values = "yaml_unclosed_quote", {"char": text[index]}
    elif "flow sequence" in context or "flow mapping" in context:
        index = error.context_mark.index if error.context_mark is not None else index
        key, values = "yaml_unclosed_bracket", {"open": text[index], "close": "]" if text[index] == "[" else "}"}
    elif "could not find expected ':'" in problem and error.context_mark is not None:
        index = error.context_mark.index  # the line that lacks the colon, not the next one
        key, values = "yaml_no_colon", {}
    elif "did not find expected" in problem or "expected <block end>" in problem:
        before = text[text.rfind("\n", 0, index) + 1: index].rstrip()
        key, values = ("yaml_after_quote", {}) if before.endswith(('"', "'")) else ("yaml_indent", {})
        if key == "yaml_indent":
            index = _misaligned_line(text, index)
    else:
        key, values = "yaml_other", {}
    line, column = positions(index)
    return Problem(name, line, column, "", say(key, **values), say(f"{key}_expected", **values))


def _lines_above(text: str, index: int) -> Iterator[tuple[int, str]]:
    """(start index, line) of each line above the one holding ``index``, nearest first, blank and comment lines left out."""
    end = text.rfind("\n", 0, index)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip() and not line.lstrip().startswith("#"):
            yield start, line
        end = start - 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented_key(text: str, index: int) -> bool:
    """Whether the `: ` at ``index`` ends a plain `key` at the start of a line indented deeper than the line above."""
    start = text.rfind("\n", 0, index) + 1
    line = text[start:index]
    if not re.fullmatch(r" +[^\s:#'\"]+", line):
        return False
    above = next(_lines_above(text, index), None)
    return above is not None and _indent(line) > _indent(above[1])


def _misaligned_line(text: str, index: int) -> int:
    """The line to blame when libyaml finds a line at an unexpected indentation.

    libyaml notices a line indented *less* than its siblings only at the next sibling,
    which then looks wrong itself. When the nearest line above that is indented less
    holds a value of its own (so it is not this line's parent), that line is the one.
    """
    start = text.rfind("\n", 0, index) + 1
    indent = _indent(text[start:])
    for above_start, line in _lines_above(text, index):
        if _indent(line) < indent:
            content = line.split(" #")[0].rstrip()
            if not content.endswith(":") and not content.lstrip().startswith("- ") and ":" in content:
                return above_start + _indent(line)
            break
    return start + indent
