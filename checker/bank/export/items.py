"""What every export format starts from: the questions as concrete variants, their accepted answers,
and what a format had to leave out."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from checker import answers
from checker.bank.model import Bank, Question, Topic
from checker.grading import tolerance_for
from checker.variant import Variant, VariantError, format_parts, format_shape, generate


class Omission(str, Enum):
    """Why something of a question is not in an export (a message key suffix each)."""

    COMBINATION_FEEDBACK = "combination_feedback"  # feedback on a set of choices, not on one choice
    TYPED_FEEDBACK = "typed_feedback"  # feedback on a wrong typed answer, where only right ones exist
    FLASHCARD_FEEDBACK = "flashcard_feedback"  # a flashcard has no wrong answer to comment on
    NOT_EXPRESSIBLE = "not_expressible"  # a whole question the format has no way to write
    VARIANT_FAILED = "variant_failed"  # a seed whose values the bank cannot compute


@dataclass(frozen=True)
class Item:
    """One exported question: a variant of a bank question."""

    topic: Topic
    variant: Variant

    @property
    def question(self) -> Question:
        return self.variant.question

    @property
    def name(self) -> str:
        """A stable name: the question id, and the seed for a parametrized question."""
        q = self.question
        return f"{q.id} #{self.variant.seed}" if q.parametrized else q.id


@dataclass
class TopicExport:
    """A topic's items and what was left out of them, for the command's summary."""

    topic: Topic
    items: list[Item] = field(default_factory=list)
    omitted: dict[Omission, int] = field(default_factory=dict)

    @property
    def questions(self) -> int:
        return len({item.question.id for item in self.items})

    def omit(self, reason: Omission, count: int = 1) -> None:
        if count:
            self.omitted[reason] = self.omitted.get(reason, 0) + count


def variants_of(question: Question, count: int, lang: str) -> tuple[list[Variant], int]:
    """The variants to export (seed 0 for a fixed question; seeds 0..count-1 for a parametrized one,
    without two of the same text) and how many seeds failed."""
    seeds = range(count) if question.parametrized else range(1)
    found: list[Variant] = []
    seen: set[tuple[str, str]] = set()
    failed = 0
    for seed in seeds:
        try:
            variant = generate(question, seed)
        except VariantError:
            failed += 1
            continue
        key = (variant.prompt(lang), variant.answer_text(lang))
        if key not in seen:
            seen.add(key)
            found.append(variant)
    return found, failed


def collect(bank: Bank, topics: Iterable[str] | None, variants: int, lang: str) -> list[TopicExport]:
    """Every chosen topic with its items, in bank order."""
    wanted = set(topics or ())
    exports = []
    for topic in bank.topics:
        if wanted and topic.id not in wanted:
            continue
        export = TopicExport(topic)
        for question in topic.questions:
            found, failed = variants_of(question, variants, lang)
            export.items.extend(Item(topic, v) for v in found)
            export.omit(Omission.VARIANT_FAILED, failed)
        exports.append(export)
    return exports


# -- accepted answers


def numeric_margin(variant: Variant, value: float | None = None) -> float:
    """The absolute margin our grading allows around `value` (default: the variant's answer); a
    relative tolerance is turned into the absolute one it gives for this value."""
    expected = variant.answer if value is None else value
    tolerance = tolerance_for(variant.question, expected)
    return max(tolerance.abs, tolerance.rel * abs(expected))


def number_text(value: float) -> str:
    """A number as an LMS reads it: the shortest exact form, ASCII minus."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def shape_forms(shape: tuple[int, ...]) -> list[str]:
    """The ways a learner writes one shape that our grader reads: (1, 35, 20), 1,35,20, [1, 35, 20],
    1x35x20 (and without spaces)."""
    dims = [str(d) for d in shape]
    forms = [
        format_shape(shape),
        "(" + ",".join(dims) + ("," if len(dims) == 1 else "") + ")",
        ",".join(dims),
        ", ".join(dims),
        "[" + ", ".join(dims) + "]",
        "[" + ",".join(dims) + "]",
        "x".join(dims),
    ]
    return list(dict.fromkeys(forms))


def parts_forms(question: Question, shapes: tuple[tuple[int, ...], ...]) -> list[str]:
    """A several-part shape answer as the app displays it ('output (1, 35, 20); h_n (1, 1, 20)'), and
    its shapes alone joined by '; ' in each written form."""
    forms = [format_parts(question, shapes)]
    per_shape = [shape_forms(s) for s in shapes]
    for form in range(len(per_shape[0])):
        forms.append("; ".join(f[min(form, len(f) - 1)] for f in per_shape))
    return list(dict.fromkeys(forms))


def shape_answers(variant: Variant) -> list[str]:
    """Every written form of the variant's right shape answer."""
    if variant.question.parts:
        return _readable(variant.question, parts_forms(variant.question, variant.answer), variant.answer)
    return _readable(variant.question, shape_forms(variant.answer), variant.answer)


def _readable(question: Question, forms: list[str], expected: object) -> list[str]:
    """The forms our own grader reads as `expected` (an LMS must accept no answer we would refuse)."""
    names = [p.name for p in question.parts]
    kept = []
    for form in forms:
        try:
            read = answers.parse_named_shapes(form, names) if names else answers.parse_shape(form)
        except answers.AnswerError:
            continue
        if (tuple(read) if names else read) == tuple(expected):
            kept.append(form)
    return kept


def shape_feedback_answers(variant: Variant, index: int) -> list[str]:
    """The written forms of the known wrong answer `index` of a shape question (for a several-part
    question: the right answer with that one part replaced by the wrong shape)."""
    entry = variant.question.feedback[index]
    wrong = variant.feedback_answers[index]
    if not variant.question.parts:
        return _readable(variant.question, shape_forms(wrong), wrong)
    names = [p.name for p in variant.question.parts]
    if entry.part not in names:
        return []
    shapes = list(variant.answer)
    shapes[names.index(entry.part)] = wrong
    if tuple(shapes) == tuple(variant.answer):
        return []
    return _readable(variant.question, parts_forms(variant.question, tuple(shapes)), tuple(shapes))


def choice_feedback(variant: Variant, lang: str) -> tuple[dict[str, list[str]], int]:
    """Feedback per choice key, and how many feedback entries fit no single choice.

    A choice question's feedback names one choice. A multi question's names a set of choices; it goes on
    the one wrong choice that set adds to the right ones, when there is exactly one."""
    q = variant.question
    per_key: dict[str, list[str]] = {}
    left_out = 0
    for entry in q.feedback:
        if q.type == "choice":
            key = entry.answer
        else:
            extra = set(entry.answer) - set(variant.answer)
            key = next(iter(extra)) if len(extra) == 1 else None
        if key is None:
            left_out += 1
            continue
        per_key.setdefault(key, []).append(variant.render(entry.message, lang))
    return per_key, left_out


def displayed_choices(variant: Variant, lang: str) -> list[tuple[str, str]]:
    """(key, label) of each choice in the variant's display order."""
    labels = variant.choice_labels(lang)
    return [(variant.question.choices[i].key, label) for i, label in zip(variant.choice_order, labels)]


# -- text


def to_html(text: str) -> str:
    """A bank text as HTML: paragraphs, line breaks kept, indented lines (code) in <pre>; every
    character escaped."""
    blocks = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.split("\n")
        run: list[str] = []
        code = False
        for line in [*lines, None]:
            is_code = line is not None and line.startswith((" ", "\t")) and bool(line.strip())
            if line is None or (run and is_code != code):
                blocks.append(_block(run, code))
                run = []
            if line is not None:
                run.append(line)
                code = is_code
    return "".join(b for b in blocks if b)


def _block(lines: list[str], code: bool) -> str:
    if not lines or not "".join(lines).strip():
        return ""
    if code:
        return "<pre>" + html.escape(textwrap.dedent("\n".join(lines))) + "</pre>"
    return "<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>"
