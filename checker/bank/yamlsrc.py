"""Reading YAML safely while remembering the line every mapping key and list item came from."""

from __future__ import annotations

from collections.abc import Callable

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

MAX_DEPTH = 50  # levels of nested mappings and lists
MAX_NODES = 100_000  # values in a file once every alias is expanded (a shipped bank has about 1,500)
MAX_VALUE_CHARS = 20_000  # characters of one value
MAX_TOTAL_CHARS = 2_000_000  # characters of all values once every alias is expanded

_CORE = "tag:yaml.org,2002:"
_MERGE = _CORE + "merge"
_TIMESTAMP = _CORE + "timestamp"
_STR = _CORE + "str"
# the tags of plain data; a timestamp (2024-01-01) is read as the text it is written as
TAGS = frozenset(_CORE + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


class _Loader(_BaseLoader):
    """A safe loader (no tags that build objects) that records lines and duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, object]] = []
        self.explicit: dict[int, int] = {}  # id of a mapping node -> how many keys it wrote itself


def _guarded(construct: Callable[[_BaseLoader, yaml.Node], object]) -> Callable[[_Loader, yaml.Node], object]:
    """A scalar constructor whose failure (`!!int abc`) is a YamlError at the scalar's line."""

    def build(loader: _Loader, node: yaml.Node) -> object:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError, ArithmeticError):
            raise YamlError(_line(node), "lint.yaml.bad_value", tag=short_tag(node.tag)) from None

    return build


for _name in ("int", "float", "bool"):
    _Loader.add_constructor(
        _CORE + _name, _guarded(yaml.constructor.SafeConstructor.yaml_constructors[_CORE + _name])
    )


def short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:set` as it is written, `!!set`."""
    return ("!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag)[:60]


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    own = loader.explicit.get(id(node), len(node.value))
    loader.flatten_mapping(node)
    merged = len(node.value) - own  # merged keys come first; a key written in the mapping overrides them
    result = LineMap()
    result.line = _line(node)
    written: set[object] = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        line = _line(key_node)
        try:
            hash(key)
        except TypeError:
            raise YamlError(line, "lint.yaml.key_not_plain") from None
        if index >= merged:
            if key in written:
                loader.duplicates.append((line, key))
            written.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList()
    result.line = _line(node)
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_lines.append(_line(item))
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


# -- bounds, checked on the parsed nodes before anything is built


def _check_node(node: yaml.Node) -> None:
    """Plain data only: a tag that builds something else, or a value too long, is a YamlError."""
    if node.tag not in TAGS and node.tag != _MERGE:  # `<<` is a merge key, or an error of its own
        raise YamlError(_line(node), "lint.yaml.tag", tag=short_tag(node.tag))
    if node.tag == _TIMESTAMP:
        node.tag = _STR  # 2024-01-01 stays the text it is written as
    if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_VALUE_CHARS:
        raise YamlError(_line(node), "lint.yaml.value_too_long", limit=MAX_VALUE_CHARS)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Sizes:
    """Height, values and characters of every node (aliases expanded), computed once per node."""

    def __init__(self) -> None:
        self.height: dict[int, int] = {}
        self.nodes: dict[int, int] = {}
        self.chars: dict[int, int] = {}

    def measure(self, root: yaml.Node, explicit: dict[int, int]) -> None:
        """Fill in every node below `root`, iteratively; raise YamlError on a node that refers to itself."""
        stack: list[tuple[yaml.Node, bool]] = [(root, False)]
        open_nodes: set[int] = set()
        while stack:
            node, finished = stack.pop()
            key = id(node)
            if finished:
                self._finish(node)
                open_nodes.discard(key)
                continue
            if key in self.height:
                continue
            if key in open_nodes:
                raise YamlError(_line(node), "lint.yaml.recursive")
            _check_node(node)
            if isinstance(node, yaml.ScalarNode):
                self.height[key], self.nodes[key], self.chars[key] = 0, 1, len(node.value)
                continue
            if isinstance(node, yaml.MappingNode):
                explicit[key] = sum(1 for k, _ in node.value if k.tag != _MERGE)
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))

    def _finish(self, node: yaml.Node) -> None:
        children = [id(c) for c in _children(node)]
        key = id(node)
        self.height[key] = 1 + max((self.height[c] for c in children), default=0)
        self.nodes[key] = min(1 + sum(self.nodes[c] for c in children), MAX_NODES + 1)
        self.chars[key] = min(sum(self.chars[c] for c in children), MAX_TOTAL_CHARS + 1)

    def too_big(self, node: yaml.Node) -> bool:
        return self.nodes[id(node)] > MAX_NODES or self.chars[id(node)] > MAX_TOTAL_CHARS


def _walk_tree(root: yaml.Node, explicit: dict[int, int]) -> bool:
    """Check depth and value lengths in one pass; False (and nothing checked for sure) when some node is
    reached twice, through an alias, and the expanded sizes must be measured."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        key = id(node)
        if key in seen:
            return False
        seen.add(key)
        if depth > MAX_DEPTH:
            raise YamlError(_line(node), "lint.yaml.too_deep", limit=MAX_DEPTH)
        if node.tag != _STR or len(node.value) > MAX_VALUE_CHARS:  # most values are plain text
            _check_node(node)
        if isinstance(node, yaml.ScalarNode):
            continue
        if isinstance(node, yaml.MappingNode):
            if any(k.tag == _MERGE for k, _ in node.value):
                explicit[key] = sum(1 for k, _ in node.value if k.tag != _MERGE)
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        else:
            stack.extend((child, depth + 1) for child in node.value)
    return True  # a tree: no larger than the file itself


def _check_bounds(root: yaml.Node, explicit: dict[int, int]) -> None:
    """Refuse nesting deeper than MAX_DEPTH and aliases that expand past MAX_NODES or MAX_TOTAL_CHARS,
    at the line of the first node too deep, or of the innermost node that is too big."""
    if _walk_tree(root, explicit):
        return
    sizes = _Sizes()
    sizes.measure(root, explicit)
    if sizes.height[id(root)] > MAX_DEPTH:
        node, depth = root, 1
        while depth <= MAX_DEPTH:
            node = max(_children(node), key=lambda c: sizes.height[id(c)])
            depth += 1
        raise YamlError(_line(node), "lint.yaml.too_deep", limit=MAX_DEPTH)
    if sizes.too_big(root):
        node = root
        while bigger := next((c for c in _children(node) if sizes.too_big(c)), None):
            node = bigger
        raise YamlError(_line(node), "lint.yaml.too_big", limit=MAX_NODES)


def _check_characters(text: str) -> None:
    """A character YAML does not allow (NUL, other controls), reported at its own line."""
    bad = _NON_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise YamlError(line, "lint.yaml.bad_character", char=f"U+{ord(bad.group()):04X}")


def _parse(loader: _Loader) -> object:
    root = loader.get_single_node()
    if root is None:
        return None
    _check_bounds(root, loader.explicit)
    return loader.construct_document(root)


def load_yaml(text: str) -> tuple[object, list[tuple[int, object]]]:
    """Parse YAML text; return (data, duplicate keys as (line, key)). Raise YamlError with a line."""
    _check_characters(text)
    loader = _Loader(text)
    try:
        return _parse(loader), loader.duplicates
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
    except RecursionError:
        raise YamlError(1, "lint.yaml.too_deep", limit=MAX_DEPTH) from None
    finally:
        loader.dispose()
