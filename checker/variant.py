"""A variant: one concrete instance of a question, fixed by (question, seed).

Parameters, computed answers and the order of choices all come from a random generator seeded with the
question id and the seed, so the same seed always gives the same variant (PrairieLearn's `generate`).
"""

from __future__ import annotations

import math
import random
import re
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from checker.bank.model import Computed, Question, Shape
from checker.expr import MAX_MAGNITUDE, bounded, evaluate
from checker.figures import format_number
from checker.formulas import FORMULAS
from checker.i18n import LANGS, pick


class VariantError(ValueError):
    """A computed value failed or has the wrong kind for the question (a bank mistake)."""


@dataclass(frozen=True)
class Variant:
    question: Question
    seed: int
    values: Mapping[str, object] = field(default_factory=dict)  # params, then derived values
    answer: object = None  # resolved: key | frozenset | float | aliases | Shape | tuple of Shapes
    feedback_answers: tuple[object, ...] = ()
    choice_order: tuple[int, ...] = ()  # display position -> index in question.choices
    right_order: tuple[int, ...] = ()  # display letter -> index in question.pairs (match)

    @property
    def params(self) -> dict[str, object]:
        names = {p.name for p in self.question.params}
        return {k: v for k, v in self.values.items() if k in names}

    @cached_property
    def _fields(self) -> dict[str, object]:
        fields = dict(self.values)
        if self.question.parts:
            for part, shape in zip(self.question.parts, self.answer):
                fields[f"answer_{part.name}"] = format_shape(shape)
            fields["answer"] = format_parts(self.question, self.answer)
        elif self.question.type == "shape":
            fields["answer"] = format_shape(self.answer)
        elif self.question.type == "numeric":
            fields["answer"] = self.answer
        return fields

    def render(self, text: Mapping[str, str] | None, lang: str) -> str:
        """A bilingual bank text in `lang`, with this variant's values filled in."""
        if text is None:
            return ""
        body = pick(text, lang)
        if not self.question.params:
            return body
        return fill(body, self._fields)

    def render_all(self, text: Mapping[str, str] | None) -> dict[str, str] | None:
        return None if text is None else {lang: self.render(text, lang) for lang in LANGS}

    def prompt(self, lang: str) -> str:
        return self.render(self.question.prompt, lang)

    def explanation(self, lang: str) -> str:
        return self.render(self.question.explanation, lang)

    def hint(self, lang: str) -> str | None:
        return self.render(self.question.hint, lang) if self.question.hint else None

    def choice_labels(self, lang: str) -> list[str]:
        """Choice texts in display order (numbered 1, 2, ... on screen)."""
        return [self.render(self.question.choices[i].text, lang) for i in self.choice_order]

    def left_items(self, lang: str) -> list[str]:
        return [self.render(p.left, lang) for p in self.question.pairs]

    def right_items(self, lang: str) -> list[str]:
        """Match right-hand items in display order (lettered a, b, ... on screen)."""
        return [self.render(self.question.pairs[i].right, lang) for i in self.right_order]

    def answer_text(self, lang: str) -> str:
        """The correct answer as a learner would write it, in `lang`."""
        q = self.question
        if q.type == "choice":
            position = self.choice_order.index(_key_index(q, self.answer))
            return f"{position + 1}) {self.choice_labels(lang)[position]}"
        if q.type == "multi":
            labels = self.choice_labels(lang)
            positions = sorted(self.choice_order.index(_key_index(q, k)) for k in self.answer)
            return "; ".join(f"{p + 1}) {labels[p]}" for p in positions)
        if q.type == "numeric":
            return format_number(self.answer).replace("-", "−")  # typeset like the question text
        if q.type == "text":
            return preferred_alias(self.answer, lang)
        if q.type == "shape":
            return format_parts(q, self.answer) if q.parts else format_shape(self.answer)
        # match: the letters of the right items, in left order
        letters = [chr(ord("a") + self.right_order.index(i)) for i in range(len(q.pairs))]
        return " ".join(f"{n + 1}{letter}" for n, letter in enumerate(letters))


def _key_index(question: Question, key: str) -> int:
    return next(i for i, c in enumerate(question.choices) if c.key == key)


CONVERSIONS = (None, "s", "r", "a")
_CONVERT: dict[str, Callable[[object], str]] = {"s": str, "r": repr, "a": ascii}
MAX_FORMAT_WIDTH = 100  # the largest width or precision a format spec may ask for
_SPEC_NUMBER = re.compile(r"[0-9]+")


def format_spec_problem(spec: str) -> str | None:
    """The message key of what is wrong with a format spec (after the ':'), or None when it is fine."""
    if "{" in spec or "}" in spec:
        return "lint.names.spec_nested"
    if any(len(run) > 3 or int(run) > MAX_FORMAT_WIDTH for run in _SPEC_NUMBER.findall(spec)):
        return "lint.names.spec_too_wide"
    return None


@lru_cache(maxsize=1024)
def _parsed(template: str) -> tuple[tuple[str, str | None, str, str | None], ...]:
    """A template's pieces (literal text, field, format spec, conversion), each field checked."""
    pieces = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is not None and (conversion not in CONVERSIONS or format_spec_problem(spec or "")):
            raise ValueError(f"the field {{{name}}} has a format that is not allowed")
        pieces.append((literal, name, spec or "", conversion))
    return tuple(pieces)


def fill(template: str, fields: Mapping[str, object]) -> str:
    """str.format restricted to plain names and bounded formats; booleans print as True/False."""
    pieces = _parsed(template)
    if len(pieces) == 1 and pieces[0][1] is None:
        return pieces[0][0]
    out = []
    for literal, name, spec, conversion in pieces:
        out.append(literal)
        if name is None:
            continue
        value = fields[name]
        if conversion:
            value = _CONVERT[conversion](value)
        if not spec and isinstance(value, float):
            text = format_number(value)  # 0.19661193324148185 reads as 0.196612
        else:
            text = format(value, spec)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and text.startswith("-"):
            text = "−" + text[1:]  # a typeset minus sign, as in the rest of the text (answers accept both)
        out.append(text)
    return "".join(out)


def format_shape(shape: Shape) -> str:
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(d) for d in shape) + ")"


def format_parts(question: Question, shapes: tuple[Shape, ...]) -> str:
    return "; ".join(f"{p.name} {format_shape(s)}" for p, s in zip(question.parts, shapes))


_SCRIPTS = {
    "ko": (("\uac00", "\ud7a3"),),  # Hangul syllables
    "ja": (("\u3040", "\u30ff"),),  # Hiragana and Katakana (kanji alone could be Chinese or Korean hanja)
}


def preferred_alias(aliases: tuple[str, ...], lang: str) -> str:
    """The first alias written in the learner's script (Hangul for ko, kana for ja), else the first one."""
    ranges = _SCRIPTS.get(lang, ())
    for alias in aliases:
        if any(low <= ch <= high for ch in alias for low, high in ranges):
            return alias
    return aliases[0]


# -- computation


def compute(value: Computed, values: Mapping[str, object]) -> object:
    """Evaluate a formula call or an expression with the variant's values."""
    try:
        if value.expr is not None:
            return evaluate(value.expr, values)
        formula = FORMULAS[value.formula]
        kwargs = {name: values[name] for name in formula.parameters if name in values}
        for arg, given in value.args.items():
            kwargs[arg] = values[given] if isinstance(given, str) else given
        return bounded(formula.function(**kwargs))
    except VariantError:
        raise
    except Exception as error:  # a formula rejecting its inputs is a bank mistake, reported by lint
        what = value.expr if value.expr is not None else f"formula '{value.formula}'"
        raise VariantError(f"{what} fails: {error}") from None


def _as_number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise VariantError(f"{what} must be a number, got {value!r}")
    if abs(value) > MAX_MAGNITUDE or not math.isfinite(value):
        raise VariantError(f"{what} is not a finite number")
    return value


def _as_shape(value: object, what: str) -> Shape:
    ok = isinstance(value, (tuple, list)) and all(
        isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in value
    )
    if not ok:
        raise VariantError(f"{what} must be a shape (a list of whole numbers), got {value!r}")
    return tuple(value)


def _resolve(value: object, values: Mapping[str, object]) -> object:
    return compute(value, values) if isinstance(value, Computed) else value


def draw_params(question: Question, rng: random.Random) -> dict[str, object]:
    values: dict[str, object] = {}
    for param in question.params:
        if param.choices:
            values[param.name] = rng.choice(param.choices)
        else:
            values[param.name] = rng.randint(int(param.low), int(param.high))
    return values


def build(question: Question, seed: int, params: Mapping[str, object]) -> Variant:
    """The variant with these parameter values (choice order still drawn from the seed)."""
    rng = random.Random(f"{question.id}/{seed}/order")
    values = dict(params)
    for name, computed in question.derived:
        values[name] = compute(computed, values)
    answer: object = question.answer
    if question.type == "numeric":
        answer = _as_number(_resolve(question.answer, values), "the answer")
    elif question.type == "shape" and question.parts:
        answer = tuple(_as_shape(_resolve(p.answer, values), f"part '{p.name}'") for p in question.parts)
    elif question.type == "shape":
        answer = _as_shape(_resolve(question.answer, values), "the answer")
    feedback = []
    for entry in question.feedback:
        given = _resolve(entry.answer, values)
        if question.type == "numeric":
            given = _as_number(given, "a feedback answer")
        elif question.type == "shape":
            given = _as_shape(given, "a feedback answer")
        feedback.append(given)
    choice_order = list(range(len(question.choices)))
    if question.shuffle:
        rng.shuffle(choice_order)
    right_order = list(range(len(question.pairs)))
    rng.shuffle(right_order)
    return Variant(
        question=question,
        seed=seed,
        values=values,
        answer=answer,
        feedback_answers=tuple(feedback),
        choice_order=tuple(choice_order),
        right_order=tuple(right_order),
    )


def question_texts(question: Question) -> Iterator[Mapping[str, str] | None]:
    """Every bilingual text of a question that a variant fills in."""
    yield question.prompt
    yield question.explanation
    yield question.hint
    yield from (c.text for c in question.choices)
    yield from (f.message for f in question.feedback)
    yield from (p.left for p in question.pairs)
    yield from (p.right for p in question.pairs)


def checked_build(question: Question, seed: int, params: Mapping[str, object]) -> Variant:
    """`build`, then fill in every text in every language: any bank mistake is a VariantError."""
    variant = build(question, seed, params)
    if question.params:
        try:
            for text in question_texts(question):
                variant.render_all(text)
        except (KeyError, ValueError, TypeError, IndexError, ArithmeticError) as error:
            raise VariantError(str(error)) from None
    return variant


def corners(question: Question) -> list[dict[str, object]]:
    """Every parameter at its first value, then every one at its last (lint always checks both)."""
    first = {p.name: next(iter(p.values())) for p in question.params}
    last = {p.name: (p.choices[-1] if p.choices else p.high) for p in question.params}
    return [first, last]


MAX_DRAWS = 8  # a variant that fails is drawn again, then the corners, before giving up


def _candidates(question: Question, rng: random.Random) -> Iterator[dict[str, object]]:
    yield draw_params(question, rng)
    if question.params:
        for _ in range(MAX_DRAWS - 1):
            yield draw_params(question, rng)
        yield from corners(question)


def generate(question: Question, seed: int) -> Variant:
    """The variant of `question` for `seed`: the same seed always gives the same variant.

    Lint checks every parameter value, or a sample and the corners when there are too many; should a
    value it did not check fail, the variant is drawn again (the same way for the same seed)."""
    rng = random.Random(f"{question.id}/{seed}")
    first: VariantError | None = None
    for params in _candidates(question, rng):
        try:
            return checked_build(question, seed, params)
        except VariantError as error:
            first = first or error
    raise first or VariantError(question.id)
