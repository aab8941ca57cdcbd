"""Grading a typed answer against a variant: a pure function of (variant, answer text).

The result is plain data in both languages, so the terminal, JSON and history all use the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker import answers
from checker.answers import AnswerError
from checker.bank.model import Question, Tolerance
from checker.i18n import LANGS, message
from checker.variant import Variant, format_number, format_shape

CORRECT, PARTIAL, WRONG, INVALID = "correct", "partial", "wrong", "invalid"
DEFAULT_RELATIVE_TOLERANCE = 0.01


@dataclass(frozen=True)
class PartResult:
    """One graded part: a shape of a several-shape question, or one pair of a match question."""

    name: str
    expected: str
    given: str | None
    correct: bool


@dataclass(frozen=True)
class Grade:
    verdict: str  # correct | partial | wrong | invalid
    score: float  # 0..1; 0 when invalid
    response: str  # what was typed
    given: object = None  # the parsed answer, JSON-safe
    correct_answer: dict[str, str] = field(default_factory=dict)  # per language
    feedback: dict[str, str] | None = None  # targeted message for a known wrong answer
    misconception: str | None = None
    parts: tuple[PartResult, ...] = ()
    invalid_reason: dict[str, str] | None = None  # per language, when the answer is unreadable

    @property
    def is_valid(self) -> bool:
        return self.verdict != INVALID


def tolerance_for(question: Question, expected: float) -> Tolerance:
    """The question's tolerance, or the default: exact for whole numbers, 1% otherwise."""
    if question.tolerance is not None:
        return question.tolerance
    if float(expected).is_integer():
        return Tolerance()
    return Tolerance(rel=DEFAULT_RELATIVE_TOLERANCE)


def _verdict(score: float) -> str:
    if score >= 1.0 - 1e-9:
        return CORRECT
    return PARTIAL if score > 0 else WRONG


def _invalid(variant: Variant, response: str, error: AnswerError) -> Grade:
    return Grade(
        verdict=INVALID,
        score=0.0,
        response=response,
        correct_answer={},
        invalid_reason={lang: message(error.code, lang, **error.fields) for lang in LANGS},
    )


def grade(variant: Variant, response: str) -> Grade:
    """Grade `response` (the text a learner typed) for `variant`."""
    try:
        score, given, parts, matched = _GRADERS[variant.question.type](variant, response)
    except AnswerError as error:
        return _invalid(variant, response, error)
    feedback = misconception = None
    if matched is not None:
        entry = variant.question.feedback[matched]
        feedback = variant.render_all(entry.message)
        misconception = entry.misconception
    return Grade(
        verdict=_verdict(score),
        score=round(score, 6),
        response=response,
        given=given,
        correct_answer={lang: variant.answer_text(lang) for lang in LANGS},
        feedback=feedback,
        misconception=misconception,
        parts=tuple(parts),
    )


def _first_feedback(variant: Variant, matches) -> int | None:
    for index, (entry, expected) in enumerate(zip(variant.question.feedback, variant.feedback_answers)):
        if matches(entry, expected):
            return index
    return None


def _labels(variant: Variant) -> list[list[str]]:
    """Every name of each displayed choice, in every language."""
    per_lang = [variant.choice_labels(lang) for lang in LANGS]
    return [list(names) for names in zip(*per_lang)]


def _grade_choice(variant: Variant, response: str):
    position = answers.parse_choice(response, _labels(variant))
    key = variant.question.choices[variant.choice_order[position]].key
    score = 1.0 if key == variant.answer else 0.0
    matched = None if score else _first_feedback(variant, lambda e, a: a == key)
    return score, key, (), matched


def _grade_multi(variant: Variant, response: str):
    positions = set(answers.parse_choices(response, _labels(variant)))
    keys = frozenset(variant.question.choices[variant.choice_order[p]].key for p in positions)
    right = len(keys & variant.answer)
    wrong = len(keys - variant.answer)
    score = max(0.0, (right - wrong) / len(variant.answer))  # net-correct
    matched = None if score == 1 else _first_feedback(variant, lambda e, a: a == keys)
    return score, sorted(keys), (), matched


def _grade_numeric(variant: Variant, response: str):
    value = answers.parse_number(response)
    tolerance = tolerance_for(variant.question, variant.answer)
    score = 1.0 if tolerance.accepts(value, variant.answer) else 0.0
    matched = None
    if not score:
        matched = _first_feedback(variant, lambda e, a: tolerance_for(variant.question, a).accepts(value, a))
    return score, value, (), matched


def _grade_text(variant: Variant, response: str):
    answers.parse_text(response)  # an empty answer is invalid
    score = 1.0 if answers.text_matches(response, variant.answer) else 0.0
    matched = None
    if not score:
        matched = _first_feedback(variant, lambda e, a: answers.text_matches(response, a))
    return score, response.strip(), (), matched


def _grade_shape(variant: Variant, response: str):
    question = variant.question
    if not question.parts:
        shape = answers.parse_shape(response)
        score = 1.0 if shape == variant.answer else 0.0
        matched = None if score else _first_feedback(variant, lambda e, a: a == shape)
        return score, list(shape), (), matched
    names = [p.name for p in question.parts]
    shapes = answers.parse_named_shapes(response, names)
    parts = [
        PartResult(name, format_shape(expected), format_shape(given), given == expected)
        for name, expected, given in zip(names, variant.answer, shapes)
    ]
    score = sum(p.correct for p in parts) / len(parts)
    given_by_name = dict(zip(names, shapes))
    wrong_parts = {p.name for p in parts if not p.correct}
    matched = _first_feedback(variant, lambda e, a: e.part in wrong_parts and given_by_name[e.part] == a)
    return score, [list(s) for s in shapes], tuple(parts), matched


def _grade_match(variant: Variant, response: str):
    n = len(variant.question.pairs)
    chosen = answers.parse_match(response, n, n)
    parts = []
    for left in range(n):
        expected_letter = chr(ord("a") + variant.right_order.index(left))
        given = chosen.get(left)
        given_letter = None if given is None else chr(ord("a") + given)
        correct = given is not None and variant.right_order[given] == left
        parts.append(PartResult(str(left + 1), expected_letter, given_letter, correct))
    score = sum(p.correct for p in parts) / n
    given = {str(k + 1): chr(ord("a") + v) for k, v in sorted(chosen.items())}
    return score, given, tuple(parts), None


_GRADERS = {
    "choice": _grade_choice,
    "multi": _grade_multi,
    "numeric": _grade_numeric,
    "text": _grade_text,
    "shape": _grade_shape,
    "match": _grade_match,
}

__all__ = ["Grade", "PartResult", "grade", "tolerance_for", "format_number"]
