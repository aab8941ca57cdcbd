"""A variant: one concrete instance of a question, fixed by (question, seed).

Parameters, computed answers and the order of choices all come from a random generator seeded with the
question id and the seed, so the same seed always gives the same variant (PrairieLearn's `generate`).
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from checker.bank.model import Computed, Question, Shape
from checker.expr import evaluate
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
        return fill(body, self._fields())

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


def fill(template: str, fields: Mapping[str, object]) -> str:
    """str.format restricted to plain names; booleans print as Python does (True/False)."""
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        value = fields[name]
        if conversion:
            value = repr(value) if conversion == "r" else str(value)
        if not spec and isinstance(value, float):
            text = format_number(value)  # 0.19661193324148185 reads as 0.196612
        else:
            text = format(value, spec or "")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and text.startswith("-"):
            text = "−" + text[1:]  # a typeset minus sign, as in the rest of the text (answers accept both)
        out.append(text)
    return "".join(out)


def format_number(value: float) -> str:
    """A number as a person writes it: integers plainly, others with up to 6 significant digits."""
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def format_shape(shape: Shape) -> str:
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(d) for d in shape) + ")"


def format_parts(question: Question, shapes: tuple[Shape, ...]) -> str:
    return "; ".join(f"{p.name} {format_shape(s)}" for p, s in zip(question.parts, shapes))


def preferred_alias(aliases: tuple[str, ...], lang: str) -> str:
    """The first alias written in the learner's script (Hangul for ko), else the first one."""
    if lang == "ko":
        for alias in aliases:
            if any("\uac00" <= ch <= "\ud7a3" for ch in alias):
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
        return formula.function(**kwargs)
    except VariantError:
        raise
    except Exception as error:  # a formula rejecting its inputs is a bank mistake, reported by lint
        what = value.expr if value.expr is not None else f"formula '{value.formula}'"
        raise VariantError(f"{what} fails: {error}") from None


def _as_number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise VariantError(f"{what} must be a number, got {value!r}")
    if not math.isfinite(value):
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


def generate(question: Question, seed: int) -> Variant:
    """The variant of `question` for `seed`: the same seed always gives the same variant."""
    rng = random.Random(f"{question.id}/{seed}")
    return build(question, seed, draw_params(question, rng))
