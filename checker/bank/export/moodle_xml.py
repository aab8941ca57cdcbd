"""Moodle XML: one category per topic, every question type Moodle has a match for.

A multi question's choices weigh +100/k (k right ones) and -100/k: Moodle adds the weights of what was
ticked and keeps the sum in 0..100, which is our net-correct rule exactly for k in 1..10
and 20 (the fractions Moodle lists); another k takes the nearest listed fraction.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checker.bank.export.items import (
    Item,
    Omission,
    TopicExport,
    choice_feedback,
    displayed_choices,
    number_text,
    numeric_margin,
    shape_answers,
    shape_feedback_answers,
    to_html,
)
from checker.grading import tolerance_for
from checker.i18n import pick

# The grades Moodle accepts for an answer (question/format.php), as percentages.
MOODLE_FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                    14.28571, 12.5, 11.11111, 10, 5, 0)  # fmt: skip

TYPES = {
    "choice": "multichoice",
    "multi": "multichoice",
    "numeric": "numerical",
    "text": "shortanswer",
    "shape": "shortanswer",
    "match": "matching",
}


def fraction(share: float) -> str:
    """The listed Moodle grade nearest to `share` (a signed percentage), as Moodle writes it."""
    nearest = min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(share)))
    value = -nearest if share < 0 else nearest
    return f"{value:g}" if float(value).is_integer() else f"{value:.5f}"


def _text(parent: ET.Element, tag: str, body: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = body
    return element


def _answer(parent: ET.Element, share: str, body: str, feedback: str = "", fmt: str = "html") -> ET.Element:
    answer = ET.SubElement(parent, "answer", {"fraction": share, "format": fmt})
    ET.SubElement(answer, "text").text = body
    _text(answer, "feedback", feedback)
    return answer


def _escape_wildcard(text: str) -> str:
    """Moodle reads '*' in a short answer as a wildcard; '\\*' is a plain star."""
    return text.replace("*", "\\*")


def _feedback_html(messages: list[str]) -> str:
    return "".join(to_html(m) for m in messages)


def _choices(element: ET.Element, item: Item, lang: str, export: TopicExport) -> None:
    variant, q = item.variant, item.question
    per_key, left_out = choice_feedback(variant, lang)
    export.omit(Omission.COMBINATION_FEEDBACK, left_out)
    single = q.type == "choice"
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true" if q.shuffle else "false"
    ET.SubElement(element, "answernumbering").text = "123"
    right = {variant.answer} if single else set(variant.answer)
    for key, label in displayed_choices(variant, lang):
        if key in right:
            share = fraction(100 / len(right))
        else:
            share = "0" if single else fraction(-100 / len(right))
        _answer(element, share, to_html(label), _feedback_html(per_key.get(key, [])))


def _numerical(element: ET.Element, item: Item, lang: str) -> None:
    variant = item.variant
    _numeric_answer(element, "100", variant.answer, numeric_margin(variant), "")
    for entry, wrong in zip(item.question.feedback, variant.feedback_answers):
        tolerance = tolerance_for(item.question, wrong)
        margin = max(tolerance.abs, tolerance.rel * abs(wrong))
        _numeric_answer(element, "0", wrong, margin, to_html(variant.render(entry.message, lang)))


def _numeric_answer(element: ET.Element, share: str, value: float, margin: float, feedback: str) -> None:
    answer = _answer(element, share, number_text(value), feedback, fmt="moodle_auto_format")
    ET.SubElement(answer, "tolerance").text = number_text(margin)


def _shortanswer(element: ET.Element, item: Item, lang: str) -> None:
    variant, q = item.variant, item.question
    ET.SubElement(element, "usecase").text = "0"  # case-insensitive
    right = shape_answers(variant) if q.type == "shape" else list(variant.answer)
    for text in right:
        _answer(element, "100", _escape_wildcard(text), fmt="moodle_auto_format")
    taken = {t.casefold() for t in right}
    for index, entry in enumerate(q.feedback):
        wrong = (
            shape_feedback_answers(variant, index)
            if q.type == "shape"
            else list(variant.feedback_answers[index])
        )
        message = to_html(variant.render(entry.message, lang))
        for text in wrong:
            if text.casefold() not in taken:
                taken.add(text.casefold())
                _answer(element, "0", _escape_wildcard(text), message, fmt="moodle_auto_format")


def _matching(element: ET.Element, item: Item, lang: str) -> None:
    variant = item.variant
    ET.SubElement(element, "shuffleanswers").text = "true"
    rights = [variant.render(p.right, lang) for p in item.question.pairs]
    for left, right in zip(variant.left_items(lang), rights):
        sub = _text(element, "subquestion", to_html(left))
        ET.SubElement(ET.SubElement(sub, "answer"), "text").text = right


def _question(quiz: ET.Element, item: Item, lang: str, export: TopicExport) -> None:
    variant, q = item.variant, item.question
    element = ET.SubElement(quiz, "question", {"type": TYPES[q.type]})
    name = ET.SubElement(element, "name")
    ET.SubElement(name, "text").text = item.name
    _text(element, "questiontext", to_html(variant.prompt(lang)))
    _text(element, "generalfeedback", to_html(variant.explanation(lang)))
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = f"{q.id}-{variant.seed}"[:100]
    if q.type in ("choice", "multi"):
        _choices(element, item, lang, export)
    elif q.type == "numeric":
        _numerical(element, item, lang)
    elif q.type == "match":
        _matching(element, item, lang)
    else:
        _shortanswer(element, item, lang)


def _category(quiz: ET.Element, export: TopicExport, lang: str) -> None:
    title = pick(export.topic.title, lang).replace("/", "//")  # '/' separates Moodle's category levels
    element = ET.SubElement(quiz, "question", {"type": "category"})
    _text(element, "category", f"$course$/top/lstm-quiz/{title}", None)
    _text(element, "info", "", "html")
    ET.SubElement(element, "idnumber").text = f"lstm-quiz-{export.topic.id}"


def write(exports: list[TopicExport], lang: str) -> bytes:
    """The Moodle XML file of these topics' items."""
    quiz = ET.Element("quiz")
    for export in exports:
        _category(quiz, export, lang)
        for item in export.items:
            _question(quiz, item, lang, export)
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8") + b"\n"
