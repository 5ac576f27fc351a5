"""YAML file: reads a YAML file into plain data and the line and column of every value.

Scalars are kept as the text the author wrote (``yes`` stays ``"yes"``, ``1.10`` stays
``"1.10"``); the schema decides what a value means. Only YAML's null becomes ``None``.
That avoids YAML 1.1 surprises for people who are not programmers and keeps
sub-question ids such as ``4.3`` from turning into floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.problems import InvalidInput, Problem

try:  # libyaml's parser is ~10x faster and keeps the same marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

FieldPath = tuple[str, ...]
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass
class YamlFile:
    """The data of one YAML file and where each value stands in it."""

    path: Path
    data: Any
    value_marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

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

    def problem(self, path: tuple[Any, ...], message: str, expected: str = "", *,
                severity: str = "error", key: bool = False) -> Problem:
        """A :class:`Problem` placed at ``path`` in this file."""
        line, column = self.position(path, key=key)
        return Problem(str(self.path), line, column,
                       ".".join(str(p) for p in path), message, expected, severity)  # type: ignore[arg-type]


def read_yaml(path: Path) -> YamlFile:
    """Read ``path``; raise :class:`InvalidInput` for a file that is missing, empty,
    not UTF-8, not YAML, or has a key twice in one mapping."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput([Problem(name, None, None, "", "the file does not exist",
                                    "the path of an evaluation document (.yaml)")]) from None
    except IsADirectoryError:
        raise InvalidInput([Problem(name, None, None, "", "this is a folder, not a file",
                                    "the path of an evaluation document (.yaml)")]) from None
    except OSError as error:
        raise InvalidInput([Problem(name, None, None, "", f"the file cannot be read ({error.strerror})")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InvalidInput([Problem(name, line, column, "", "the file is not UTF-8 text",
                                    "save it as UTF-8 (in most editors: Save as… › Encoding: UTF-8)")]) from None
    if not text.strip():
        raise InvalidInput([Problem(name, None, None, "", "the file is empty",
                                    "an evaluation document; `reportgen new` writes one to start from")])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        what = error.problem or "invalid YAML"
        raise InvalidInput([Problem(name, line, column, "", f"YAML syntax: {what}",
                                    "check the indentation and the `key: value` form on this line")]) from None
    except yaml.YAMLError as error:
        raise InvalidInput([Problem(name, None, None, "", f"YAML syntax: {error}")]) from None
    result = YamlFile(path, None)
    problems: list[Problem] = []
    result.data = _plain(node, (), result, problems) if node is not None else None
    if problems:
        raise InvalidInput(problems)
    return result


def _plain(node: yaml.Node, path: FieldPath, out: YamlFile, problems: list[Problem]) -> Any:
    out.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _NULL_TAG and not node.style:  # libyaml reports a plain style as ""
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path + (str(i),), out, problems) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Problem(str(out.path), line, column, ".".join(path),
                                        "a key must be a plain word or number", "`key: value`"))
                continue
            key = key_node.value
            key_path = path + (key,)
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in mapping:
                first = out.key_marks[key_path][0]
                problems.append(Problem(str(out.path), *mark, ".".join(key_path),
                                        f"`{key}` is given twice (first on line {first})",
                                        "each key once; merge the two"))
                continue
            out.key_marks[key_path] = mark
            mapping[key] = _plain(value_node, key_path, out, problems)
        return mapping
    return None  # pragma: no cover - compose yields only the three kinds
