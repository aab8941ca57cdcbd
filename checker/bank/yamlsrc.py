"""Reading YAML safely while remembering the line every mapping key and list item came from."""

from __future__ import annotations

import yaml

from checker.i18n import DEFAULT_LANG, message


class LineMap(dict):
    """A YAML mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[object, int] = {}

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that knows its own line and the line of each item (1-based)."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class YamlError(Exception):
    """Unreadable YAML at `line`: the message `code` of `checker.messages_lint`, filled in with `fields`."""

    def __init__(self, line: int, code: str, **fields: object) -> None:
        super().__init__(message(code, DEFAULT_LANG, **fields))
        self.line = line
        self.code = code
        self.fields = fields


# libyaml's parser when PyYAML was built with it (about 10x faster); the safe constructors either way.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """A safe loader (no tags that build objects) that records lines and duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, object]] = []


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    result = LineMap()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise YamlError(line, "lint.yaml.key_not_plain") from None
        if key in result:
            loader.duplicates.append((line, key))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList()
    result.line = node.start_mark.line + 1
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_lines.append(item.start_mark.line + 1)
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_yaml(text: str) -> tuple[object, list[tuple[int, object]]]:
    """Parse YAML text; return (data, duplicate keys as (line, key)). Raise YamlError with a line."""
    loader = _Loader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    except YamlError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and "end of stream" in (error.problem or ""):
            mark = error.context_mark  # an unclosed quote or bracket: point at where it opened
        line = mark.line + 1 if mark else 1
        problem = error.problem or error.context
        if error.context and error.problem:
            problem = f"{error.problem} ({error.context})"
        if not problem:
            raise YamlError(line, "lint.yaml.invalid") from None
        raise YamlError(line, "lint.yaml.syntax", problem=problem) from None
    except yaml.YAMLError as error:
        raise YamlError(1, "lint.yaml.error", error=str(error)) from None
    finally:
        loader.dispose()
