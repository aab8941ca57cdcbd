"""What grading a file produces: plain, typed data for every renderer and for the journal.

Statuses and error kinds are enums (their values are the strings the journal has always held).
Messages are keys with fields (Message), turned into sentences only where they are shown
(render/, through i18n.pick); the journal stores the key and the fields. Journals written before
held each message as its sentences per language ({"en": ..., "ko": ...}): those are read as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    """A test's or a file's verdict."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"

    def __str__(self) -> str:
        return self.value


class ErrorKind(str, Enum):
    """Why a whole file failed (None when its tests ran)."""

    SYNTAX = "syntax"
    IMPORT = "import"
    EXIT = "exit"
    MISSING = "missing"
    NOT_IMPLEMENTED = "not-implemented"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    MEMORY = "memory"
    GRADER = "grader"  # the grader failed, not the file: never charged, graded again on --resume

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Message:
    """A sentence to be: an i18n key and the fields that fill it in (hashable, so a class's repeated
    messages can be shared)."""

    key: str
    fields: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **fields: object) -> Message:
        return cls(key, tuple(sorted(fields.items())))

    def text(self, lang: str) -> str:
        from checker.i18n import message

        return message(self.key, lang, **dict(self.fields))

    # Read like the sentences per language it stands for (message["en"], message.items()), which is
    # what results held before: a mapping of the languages to this message's sentence in each.
    def __getitem__(self, lang: str) -> str:
        from checker.i18n import LANGS

        if lang not in LANGS:
            raise KeyError(lang)
        return self.text(lang)

    def __iter__(self):
        from checker.i18n import LANGS

        return iter(LANGS)

    def __len__(self) -> int:
        from checker.i18n import LANGS

        return len(LANGS)

    def __contains__(self, lang: object) -> bool:
        from checker.i18n import LANGS

        return lang in LANGS

    def keys(self):
        return list(self)

    def values(self):
        return [self[lang] for lang in self]

    def items(self):
        return [(lang, self[lang]) for lang in self]

    def get(self, lang: str, default=None):
        return self[lang] if lang in self else default  # noqa: SIM401 - this is get itself

    def to_json(self) -> dict:
        return {"key": self.key, "fields": dict(self.fields)}


Text = Mapping[str, str]  # a text given in each language (an exercise's names and hints; old journals)


def message_from_json(value: object) -> Message | dict | None:
    """A stored message: {"key", "fields"} (now), or sentences per language (before)."""
    if value is None:
        return None
    if (
        isinstance(value, dict)
        and isinstance(value.get("key"), str)
        and isinstance(value.get("fields", {}), dict)
    ):
        fields = value.get("fields", {})
        return Message(value["key"], tuple(sorted((str(k), v) for k, v in fields.items())))
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return dict(value)
    raise ValueError("not a message")


def _message_json(value: Message | dict | None):
    return value.to_json() if isinstance(value, Message) else value


def _enum(kind: type[Enum], value: object):
    return None if value is None else kind(value)


@dataclass(frozen=True)
class TestResult:
    id: str
    name: dict  # per language (the exercise's text)
    visibility: str  # visible | hidden
    status: Status
    score: float
    max_score: float
    message: Message | dict | None = None
    hint: dict | None = None  # hidden tests: what to think about (the exercise's text, per language)
    misconception: str | None = None
    details: dict | None = None  # visible tests only: inputs, expected, got, errors, first mismatch
    seconds: float = 0.0


@dataclass(frozen=True)
class MisconceptionHit:
    tag: str
    title: dict
    explanation: dict


@dataclass(frozen=True)
class CheckResult:
    exercise: int
    function: str
    file: str
    status: Status
    score: float
    max_score: float
    tests: tuple[TestResult, ...] = ()
    misconceptions: tuple[MisconceptionHit, ...] = ()
    findings: tuple[Message, ...] = ()  # what the diagnosis's probes showed, most specific first
    error: Message | dict | None = None  # a problem with the whole file
    error_kind: ErrorKind | None = None
    stdout: str = ""
    stdout_truncated: bool = False
    isolation: dict = field(default_factory=dict)
    grader_fault: bool = False
    seconds: float = 0.0
    notes: tuple[Message, ...] = ()  # how the submitted file was read (its encoding, what was left out)


def result_to_dict(result: CheckResult) -> dict:
    """A CheckResult as plain JSON-safe data (the journal's form). Written out field by field:
    dataclasses.asdict deep-copies everything and costs more than the grading it records."""
    data = dict(result.__dict__)
    data["status"] = result.status.value if isinstance(result.status, Enum) else result.status
    data["error_kind"] = result.error_kind.value if isinstance(result.error_kind, Enum) else result.error_kind
    data["error"] = _message_json(result.error)
    tests = []
    for t in result.tests:
        test = dict(t.__dict__)
        test["status"] = t.status.value if isinstance(t.status, Enum) else t.status
        test["message"] = _message_json(t.message)
        tests.append(test)
    data["tests"] = tests
    data["misconceptions"] = [dict(m.__dict__) for m in result.misconceptions]
    data["findings"] = [f.to_json() for f in result.findings]
    data["notes"] = [n.to_json() for n in result.notes]
    return data


def result_from_dict(data: dict) -> CheckResult:
    """The inverse of result_to_dict (and the reader of journals written before messages had keys)."""
    fields = dict(data)
    fields["status"] = Status(data["status"])
    fields["error_kind"] = _enum(ErrorKind, data.get("error_kind"))
    fields["error"] = message_from_json(data.get("error"))
    tests = []
    for t in data.get("tests", ()):
        test = dict(t)
        test["status"] = Status(t["status"])
        test["message"] = message_from_json(t.get("message"))
        tests.append(TestResult(**test))
    fields["tests"] = tuple(tests)
    fields["misconceptions"] = tuple(MisconceptionHit(**m) for m in data.get("misconceptions", ()))
    fields["findings"] = tuple(message_from_json(f) for f in data.get("findings", ()))  # none before
    fields["notes"] = tuple(message_from_json(n) for n in data.get("notes", ()))  # none before
    return CheckResult(**fields)
