"""The topics built from bank files, remembered by content, so that a session starts without parsing YAML.

Parsing and reading the shipped banks takes most of the time to the first question. A file that read
without a problem is kept, as plain JSON (never anything that runs), in `bank-topics.json` in the data
folder, keyed like `checks`: the file's bytes, how it is shown and the reading code. A cache that cannot
be read, does not match, or holds anything but the model's own classes and plain values is ignored and
the file is parsed again; a cache that cannot be written is simply not kept. Its first line holds the
SHA-256 of the rest: a cache edited by hand, or cut short, is not used (a question in it could be
well-formed JSON and still no question a bank file could give).
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

from checker.bank import model

CACHE_NAME = "bank-topics.json"
MAX_CACHE_BYTES = 20_000_000
MAX_ENTRIES = 64
FORMAT = 2
HEADER = b"lstm-quiz bank-topics %d " % FORMAT  # then the SHA-256 of the rest, and a newline

# The classes a cached topic may hold, by name; anything else makes the entry unusable.
_CLASSES = {
    cls.__name__: cls
    for cls in (
        model.Computed,
        model.Choice,
        model.Part,
        model.Pair,
        model.Feedback,
        model.Tolerance,
        model.Param,
        model.Question,
        model.Topic,
    )
}


class _Unusable(Exception):
    """A cached value that is not what `encode` writes."""


def encode(value: Any) -> Any:
    """A topic (or any value inside one) as JSON: classes, tuples, sets and mappings tagged."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if dataclasses.is_dataclass(value) and type(value).__name__ in _CLASSES:
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"c": type(value).__name__, "f": fields}
    if isinstance(value, tuple):
        return {"t": [encode(v) for v in value]}
    if isinstance(value, frozenset):
        return {"s": [encode(v) for v in sorted(value, key=repr)]}
    if isinstance(value, dict):
        return {"d": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return {"l": [encode(v) for v in value]}
    raise TypeError(f"cannot cache {type(value).__name__}")


def decode(value: Any) -> Any:
    """The value `encode` wrote; _Unusable for anything else."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if not isinstance(value, dict) or len(value) not in (1, 2):
        raise _Unusable
    if "c" in value:
        cls = _CLASSES.get(value["c"]) if isinstance(value["c"], str) else None
        fields = value.get("f")
        if cls is None or not isinstance(fields, dict):
            raise _Unusable
        names = {f.name for f in dataclasses.fields(cls)}
        if not set(fields) <= names:
            raise _Unusable
        return cls(**{name: decode(v) for name, v in fields.items()})
    ((tag, items),) = value.items()
    if not isinstance(items, list):
        raise _Unusable
    if tag == "t":
        return tuple(decode(v) for v in items)
    if tag == "s":
        return frozenset(decode(v) for v in items)
    if tag == "l":
        return [decode(v) for v in items]
    if tag == "d" and all(isinstance(pair, list) and len(pair) == 2 for pair in items):
        return {decode(k): decode(v) for k, v in items}
    raise _Unusable


def _cache_path() -> Path | None:
    try:
        from checker.quiz.history import data_dir

        return data_dir() / CACHE_NAME
    except Exception:  # no data folder to be found: no cache on disk
        return None


def _loads(data: bytes) -> Any:
    try:
        import orjson

        return orjson.loads(data)
    except ImportError:
        import json

        return json.loads(data)


def _dumps(value: Any) -> bytes:
    try:
        import orjson

        return orjson.dumps(value)
    except ImportError:
        import json

        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _checked(data: bytes) -> bytes:
    """The cache's JSON, when its first line says so and holds its digest; else ValueError."""
    first, _, body = data.partition(b"\n")
    if first != HEADER + hashlib.sha256(body).hexdigest().encode():
        raise ValueError("not the cache as it was written")
    return body


class TopicCache:
    """The cached topics of one load: `get` before parsing a file, `put` after a clean parse, `save`."""

    def __init__(self) -> None:
        self.path = _cache_path()
        self.entries: dict[str, Any] = {}
        self.used: list[str] = []
        self.changed = False
        try:
            if self.path is not None and self.path.stat().st_size <= MAX_CACHE_BYTES:
                saved = _loads(_checked(self.path.read_bytes()))
                if (
                    isinstance(saved, dict)
                    and saved.get("format") == FORMAT
                    and isinstance(saved.get("topics"), dict)
                ):
                    self.entries = saved["topics"]
        except Exception:  # missing, unreadable, not JSON: parse every file
            self.entries = {}

    def get(self, key: str) -> model.Topic | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            topic = decode(entry)
        except (_Unusable, TypeError, ValueError, RecursionError):
            topic = None
        if not isinstance(topic, model.Topic):
            del self.entries[key]
            self.changed = True
            return None
        self.used.append(key)
        return topic

    def put(self, key: str, topic: model.Topic) -> None:
        try:
            self.entries[key] = encode(topic)
        except TypeError:  # a value the cache does not know how to keep: parse it again next time
            return
        self.used.append(key)
        self.changed = True

    def save(self) -> None:
        if not self.changed or self.path is None:
            return
        # the files of this load first, then the most recent others, up to MAX_ENTRIES
        keep = list(dict.fromkeys(self.used + list(reversed(self.entries))))[:MAX_ENTRIES]
        body = _dumps({"format": FORMAT, "topics": {k: self.entries[k] for k in keep if k in self.entries}})
        data = HEADER + hashlib.sha256(body).hexdigest().encode() + b"\n" + body
        if len(data) > MAX_CACHE_BYTES:
            return
        try:
            from checker.files import write_new_file

            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_new_file(self.path, data, overwrite=True, sync=False)
        except Exception:  # a read-only or full data folder only means parsing again next time
            pass
