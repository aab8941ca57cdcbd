"""What grading a file produces: plain, typed data for every renderer and for the journal.

Statuses and error kinds are enums (their values are the strings the journal has always held).
Messages are keys with fields (Message), turned into sentences only where they are shown
(render/, through i18n.pick); the journal stores the key and the fields. Journals written before
held each message as its sentences per language ({"en": ..., "ko": ...}): those are read as they are.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field
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


class NotAResult(ValueError):
    """Data that is not what result_to_dict writes (a damaged or hand-edited journal line): refused
    whole, so that nothing unchecked reaches a gradebook or a renderer."""


def message_from_json(value: object) -> Message | dict | None:
    """A stored message: {"key", "fields"} (now), or sentences per language (before). A key the
    catalogue does not hold, or fields that do not fill its sentences, raise NotAResult: such a
    message could only fail where it is shown."""
    if value is None:
        return None
    if isinstance(value, dict) and "key" in value:
        return _keyed(value)
    if (
        isinstance(value, dict)
        and value
        and all(k in _langs() and isinstance(v, str) for k, v in value.items())
    ):
        return dict(value)
    raise NotAResult("not a message")


def _keyed(value: dict) -> Message:
    """A message as Message.to_json writes it: a known key, and plain fields that fill its sentence in
    every language."""
    key, fields = value.get("key"), value.get("fields", {})
    if set(value) - {"key", "fields"} or not isinstance(key, str) or not isinstance(fields, dict):
        raise NotAResult("not a message")
    if not all(type(v) in _FIELD_TYPES for v in fields.values()):
        raise NotAResult(f"{key}: a field that is not a plain value")
    message = Message(key, tuple(sorted(fields.items())))
    if not _renders(key, tuple((name, type(v)) for name, v in message.fields), message.fields):
        raise NotAResult(f"{key}: not a message of the catalogue, or fields that do not fill it")
    return message


_FIELD_TYPES = (str, int, float, bool, type(None))  # what a message's fields hold (names, numbers, code)


def _langs() -> tuple[str, ...]:
    from checker.i18n import LANGS

    return LANGS


def _renders(key: str, shape: tuple, fields: tuple) -> bool:
    """Every language's sentence of `key` can be made from `fields`. Whether it can depends only on
    the fields' names and types (the sentences' format specs are by type), so it is decided once per
    `shape`."""
    known = _RENDERS.get((key, shape))
    if known is None:
        known = _RENDERS[(key, shape)] = _try_render(key, dict(fields))
    return known


_RENDERS: dict = {}


def _try_render(key: str, fields: dict) -> bool:
    from checker.i18n import DEFAULT_LANG, MESSAGES

    texts = MESSAGES.get(key)
    if texts is None and key.startswith("diag."):  # the diagnosis's findings live in their own table
        from checker.diagnosis.messages import MESSAGES as FINDINGS

        texts = FINDINGS.get(key)
    if texts is None:
        return False
    try:
        for lang in _langs():
            (texts.get(lang) or texts[DEFAULT_LANG]).format(**fields)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError, OverflowError):
        return False
    return True


def _message_json(value: Message | dict | None):
    return value.to_json() if isinstance(value, Message) else value


def _enum(kind: type[Enum], value: object):
    if value is None:
        return None
    if not isinstance(value, str):
        raise NotAResult(f"{kind.__name__}: not a string")
    return kind(value)  # an unknown value: ValueError


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


# -- reading a result back (a journal line) ------------------------------------------------------------
# Every field is checked against what result_to_dict writes before it is used: its type, and for numbers
# that they are finite and in range. A score is its tests' points, never above its maximum.

EXERCISE_LIMIT = 999  # an exercise's number is 1 to 999 (as exercise.yaml allows)
SCORE_LIMIT = 1_000_000  # points of one file: far beyond any exercise, far below what a class's sum overflows
SECONDS_LIMIT = 1e9
_CLOSE = 1e-9  # a sum of float points read back may differ from the total in its last digits


def result_from_dict(data: object) -> CheckResult:
    """The inverse of result_to_dict (and the reader of journals written before messages had keys).
    Anything else raises NotAResult (a ValueError)."""
    data = _record(data, CheckResult)
    tests = tuple(_test(t) for t in _items(data.get("tests", ())))
    result = CheckResult(
        exercise=_whole(data["exercise"], 1, EXERCISE_LIMIT),
        function=_text(data["function"]),
        file=_text(data["file"]),
        status=_enum(Status, data["status"]),
        score=_number(data["score"], SCORE_LIMIT),
        max_score=_number(data["max_score"], SCORE_LIMIT),
        tests=tests,
        misconceptions=tuple(_misconception(m) for m in _items(data.get("misconceptions", ()))),
        findings=tuple(_keyed_only(f) for f in _items(data.get("findings", ()))),  # none before
        error=message_from_json(data.get("error")),
        error_kind=_enum(ErrorKind, data.get("error_kind")),
        stdout=_text(data.get("stdout", "")),
        stdout_truncated=_flag(data.get("stdout_truncated", False)),
        isolation=_plain(data.get("isolation", {}), mapping=True),
        grader_fault=_flag(data.get("grader_fault", False)),
        seconds=_number(data.get("seconds", 0.0), SECONDS_LIMIT),
        notes=tuple(_keyed_only(n) for n in _items(data.get("notes", ()))),  # none before
    )
    _check_scores(result)
    return result


def _check_scores(result: CheckResult) -> None:
    """The file's score is the sum of its tests' (0 when none ran), at most its maximum, and it passes
    exactly when every test does."""
    tests = result.tests
    if result.score > result.max_score:
        raise NotAResult("a score above its maximum")
    if tests:
        if not _close(result.score, sum(t.score for t in tests)):
            raise NotAResult("a score that is not its tests' sum")
        if not _close(result.max_score, sum(t.max_score for t in tests)):
            raise NotAResult("a maximum that is not its tests' sum")
    elif result.score != 0:
        raise NotAResult("a score without tests")
    if (result.status == Status.PASS) != (bool(tests) and all(t.status == Status.PASS for t in tests)):
        raise NotAResult("a status that is not its tests'")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _CLOSE * max(1.0, abs(b))


def _test(data: object) -> TestResult:
    data = _record(data, TestResult)
    test = TestResult(
        id=_text(data["id"]),
        name=_per_language(data["name"]),
        visibility=_one_of(data["visibility"], ("visible", "hidden")),
        status=_enum(Status, data["status"]),
        score=_number(data["score"], SCORE_LIMIT),
        max_score=_number(data["max_score"], SCORE_LIMIT),
        message=message_from_json(data.get("message")),
        hint=_optional(data.get("hint"), _per_language),
        misconception=_optional(data.get("misconception"), _text),
        details=_optional(data.get("details"), _details),
        seconds=_number(data.get("seconds", 0.0), SECONDS_LIMIT),
    )
    # a test scores all its points or none
    if test.score != (test.max_score if test.status == Status.PASS else 0.0):
        raise NotAResult(f"test {test.id}: a score that is not its points")
    return test


def _misconception(data: object) -> MisconceptionHit:
    data = _record(data, MisconceptionHit)
    return MisconceptionHit(
        tag=_text(data["tag"]),
        title=_per_language(data["title"]),
        explanation=_per_language(data["explanation"]),
    )


# A failing visible test's details (codecheck._details, or a traceback): what each key holds.
_DETAIL_TABLES = ("inputs", "expected", "got")  # each array's name -> the array as text
_MISMATCH = ("output", "max_abs_error", "max_rel_error", "first_mismatch")  # all of them, or none
_VALUES = ("expected_value", "got_value")  # the first mismatch's values, when there is one


def _details(data: object) -> dict:
    if not isinstance(data, dict):
        raise NotAResult("details: not a mapping")
    if set(data) - {"traceback", *_DETAIL_TABLES, *_MISMATCH, *_VALUES}:
        raise NotAResult("details: an unknown key")
    mismatch, values = [k in data for k in _MISMATCH], [k in data for k in _VALUES]
    if any(mismatch) != all(mismatch) or any(values) and not all(values + mismatch):
        raise NotAResult("details: a partial mismatch")  # shown together, so written together
    for key in _DETAIL_TABLES:
        if key in data and not (
            isinstance(data[key], dict) and all(isinstance(v, str) for v in data[key].values())
        ):
            raise NotAResult(f"details: {key}")
    if not all(isinstance(data.get(k, ""), str) for k in ("traceback", "output")):
        raise NotAResult("details: a text that is not one")
    if not all(_any_float(data[k]) for k in ("max_abs_error", "max_rel_error", *_VALUES) if k in data):
        raise NotAResult("details: an error that is not a number")
    index = data.get("first_mismatch", [])
    if not (isinstance(index, list) and all(type(i) is int and 0 <= i < 2**63 for i in index)):
        raise NotAResult("details: first_mismatch")
    return data


def _any_float(value: object) -> bool:
    """A number as a comparison reports it: any float (nan and infinities too: an output held them)."""
    return type(value) is float or (type(value) is int and abs(value) < 2**53)


def _record(data: object, kind: type) -> dict:
    """`data` as a mapping of `kind`'s fields: no other key, none of those without a default missing."""
    known, required = _fields_of(kind)
    if not isinstance(data, dict) or not data.keys() <= known or not required <= data.keys():
        raise NotAResult(f"{kind.__name__}: not its fields")
    return data


@functools.cache
def _fields_of(kind: type) -> tuple[frozenset[str], frozenset[str]]:
    """A dataclass's fields, and those without a default."""
    fields = kind.__dataclass_fields__
    required = (name for name, f in fields.items() if f.default is MISSING and f.default_factory is MISSING)
    return frozenset(fields), frozenset(required)


def _items(value: object) -> list:
    if not isinstance(value, (list, tuple)):
        raise NotAResult("not a list")
    return list(value)


def _keyed_only(value: object) -> Message:
    """A finding or a note: always a key and its fields (they came after sentences per language)."""
    if not isinstance(value, dict) or "key" not in value:
        raise NotAResult("not a message with a key")
    return _keyed(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise NotAResult("not a text")
    return value


def _per_language(value: object) -> dict:
    """A text per language (an exercise's test names, hints, a mistake's title)."""
    if not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
        raise NotAResult("not a text per language")
    return value


def _one_of(value: object, choices: tuple[str, ...]) -> str:
    if value not in choices or not isinstance(value, str):
        raise NotAResult(f"not one of {choices}")
    return value


def _optional(value: object, read):
    return None if value is None else read(value)


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise NotAResult("not true or false")
    return value


def _whole(value: object, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise NotAResult(f"not a whole number from {low} to {high}")
    return value


def _number(value: object, high: float) -> float:
    """A number from 0 to `high`: never a bool, a text, nan or an infinity (comparisons with nan are
    false, so it fails the range as well)."""
    if type(value) not in (int, float) or not 0 <= value <= high:
        raise NotAResult(f"not a number from 0 to {high}")
    return float(value)


def _plain(value: object, depth: int = 3, mapping: bool = False) -> object:
    """JSON data of a few levels (the sandbox's isolation record): texts, numbers, flags, lists and
    mappings."""
    if mapping and not isinstance(value, dict):
        raise NotAResult("not a mapping")
    if isinstance(value, (dict, list)):
        if depth <= 0:
            raise NotAResult("nested too deeply")
        for item in value.values() if isinstance(value, dict) else value:
            _plain(item, depth - 1)
    elif type(value) in (int, float) and not abs(value) < 2**63:
        raise NotAResult("a number out of range")
    elif type(value) not in _FIELD_TYPES:
        raise NotAResult("not plain data")
    return value
