"""The question model: plain, frozen data read from the YAML banks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from checker import i18n

Text = Mapping[str, str]  # {"en": ..., "ko": ...}
Shape = tuple[int, ...]

TYPES = ("choice", "multi", "numeric", "text", "shape", "match")


@dataclass(frozen=True)
class Computed:
    """A value computed from a question's parameters: a named formula or a small expression."""

    formula: str | None = None
    args: Mapping[str, object] = field(default_factory=dict)
    expr: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Choice:
    key: str
    text: Text


@dataclass(frozen=True)
class Part:
    name: str
    answer: Shape | Computed


@dataclass(frozen=True)
class Pair:
    left: Text
    right: Text


@dataclass(frozen=True)
class Feedback:
    """A known wrong answer, the misconception it reveals and what to tell the learner."""

    answer: object  # in the question type's answer form; may be Computed
    misconception: str
    message: Text
    part: str | None = None


@dataclass(frozen=True)
class Tolerance:
    abs: float = 0.0
    rel: float = 0.0

    def accepts(self, given: float, expected: float) -> bool:
        allowed = max(self.abs, self.rel * abs(expected))
        return abs(given - expected) <= allowed + 1e-12 * max(1.0, abs(expected))


@dataclass(frozen=True)
class Param:
    """One parameter: a list of values, or an integer range low..high (both included)."""

    name: str
    choices: tuple[object, ...] = ()
    low: int | None = None
    high: int | None = None

    def count(self) -> int:
        return len(self.choices) if self.choices else int(self.high) - int(self.low) + 1

    def values(self) -> Iterator[object]:
        if self.choices:
            yield from self.choices
        else:
            yield from range(int(self.low), int(self.high) + 1)


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    type: str
    prompt: Text
    explanation: Text
    source: str = ""
    line: int = 0
    hint: Text | None = None
    difficulty: int = 2
    tags: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    shuffle: bool = True
    answer: object = None  # choice: key; multi: frozenset of keys; numeric: number | Computed;
    #                        text: tuple of aliases; shape: Shape | Computed
    parts: tuple[Part, ...] = ()
    pairs: tuple[Pair, ...] = ()
    tolerance: Tolerance | None = None
    feedback: tuple[Feedback, ...] = ()
    params: tuple[Param, ...] = ()
    derived: tuple[tuple[str, Computed], ...] = ()

    @property
    def parametrized(self) -> bool:
        return bool(self.params)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True)
class Topic:
    id: str
    title: Text
    questions: tuple[Question, ...]
    sources: tuple[str, ...] = ()
    misconceptions: Mapping[str, Text] = field(default_factory=dict)  # tag -> its title, per language


@dataclass(frozen=True)
class Bank:
    topics: tuple[Topic, ...] = ()

    def questions(self, topics: list[str] | None = None) -> list[Question]:
        chosen = [t for t in self.topics if not topics or t.id in topics]
        return [q for t in chosen for q in t.questions]

    def question(self, question_id: str) -> Question | None:
        for topic in self.topics:
            for question in topic.questions:
                if question.id == question_id:
                    return question
        return None

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def misconception_title(self, tag: str) -> Text | None:
        """The title a bank gives the misconception `tag` (any topic may name it), or None."""
        for topic in self.topics:
            title = topic.misconceptions.get(tag)
            if title is not None:
                return title
        return None


def _filled(fields: Mapping[str, object], lang: str) -> dict[str, object]:
    return {k: v.text(lang) if isinstance(v, Phrase) else v for k, v in fields.items()}


@dataclass(frozen=True)
class Phrase:
    """A translated piece of a problem message, like "question 'x': " or "choice 'a'"."""

    code: str
    fields: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", dict(self.fields))

    def __hash__(self) -> int:
        return hash((self.code, frozenset(self.fields.items())))

    def text(self, lang: str) -> str:
        return i18n.message(self.code, lang, **_filled(self.fields, lang))


@dataclass(frozen=True)
class Problem:
    """Something wrong in a bank file, reported as `path:line: message` in the reader's language.

    `code` names a template in `checker.messages_lint`; `fields` fill it in (a `Phrase` field is itself
    translated).
    """

    path: str
    line: int
    code: str
    fields: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", dict(self.fields))

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.code, frozenset(self.fields.items())))

    def text(self, lang: str) -> str:
        """The message in `lang` ("en" or "ko")."""
        return i18n.message(self.code, lang, **_filled(self.fields, lang))

    @property
    def message(self) -> str:
        """The message in English."""
        return self.text(i18n.DEFAULT_LANG)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
