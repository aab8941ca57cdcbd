"""GIFT, Moodle's text format: each question on lines of its own, what it cannot say as a comment.

Texts are HTML ([html]) with GIFT's special characters escaped, newlines written as \\n (a line that
starts with spaces would lose them, and a blank line ends a question).
"""

from __future__ import annotations

import html

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
from checker.bank.export.moodle_xml import fraction
from checker.grading import tolerance_for
from checker.i18n import message, pick
from checker.inert import flat

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"} | {"\n": "\\n", "\r": ""})


def escape(text: str) -> str:
    """`text` with GIFT's special characters (~ = # { } : and the backslash) escaped, on one line."""
    return text.translate(_SPECIAL)


def _html(text: str) -> str:
    return escape(to_html(text))


def _inline(text: str) -> str:
    """A choice label: HTML-escaped, no paragraph around it."""
    return escape(html.escape(text, quote=False))


def _weight(share: str) -> str:
    return "=" if share == "100" else f"~%{share}%"


def _feedback(messages: list[str]) -> str:
    return "#" + _html("\n\n".join(messages)) if messages else ""


def _choices(item: Item, lang: str, export: TopicExport, notes: list[str]) -> list[str]:
    variant = item.variant
    per_key, left_out = choice_feedback(variant, lang)
    if left_out:
        export.omit(Omission.COMBINATION_FEEDBACK, left_out)
        notes.append(message("export.gift.combination_feedback", lang, name=item.name, count=left_out))
    single = item.question.type == "choice"
    right = {variant.answer} if single else set(variant.answer)
    lines = []
    for key, label in displayed_choices(variant, lang):
        if single:
            mark = "=" if key in right else "~"
        else:
            mark = _weight(fraction(100 / len(right) if key in right else -100 / len(right)))
        lines.append(f"{mark}{_inline(label)}{_feedback(per_key.get(key, []))}")
    return lines


def _numeric(item: Item, lang: str) -> list[str]:
    variant = item.variant
    lines = [f"={number_text(variant.answer)}:{number_text(numeric_margin(variant))}"]
    for entry, wrong in zip(item.question.feedback, variant.feedback_answers):
        tolerance = tolerance_for(item.question, wrong)
        margin = max(tolerance.abs, tolerance.rel * abs(wrong))
        text = _feedback([variant.render(entry.message, lang)])
        lines.append(f"=%0%{number_text(wrong)}:{number_text(margin)}{text}")
    return lines


def _short(item: Item, lang: str) -> list[str]:
    variant, q = item.variant, item.question
    right = shape_answers(variant) if q.type == "shape" else list(variant.answer)
    lines = [f"={_plain(text)}" for text in right]
    taken = {t.casefold() for t in right}
    for index, entry in enumerate(q.feedback):
        wrong = (
            shape_feedback_answers(variant, index)
            if q.type == "shape"
            else list(variant.feedback_answers[index])
        )
        text = _feedback([variant.render(entry.message, lang)])
        for answer in wrong:
            if answer.casefold() not in taken:
                taken.add(answer.casefold())
                lines.append(f"=%0%{_plain(answer)}{text}")
    return lines


def _plain(answer: str) -> str:
    """A short answer as Moodle compares it: a star is a wildcard unless escaped."""
    return escape(answer.replace("*", "\\*"))


def _match(item: Item, lang: str, notes: list[str]) -> list[str] | None:
    variant = item.variant
    rights = [variant.render(p.right, lang) for p in item.question.pairs]
    if any("->" in r for r in rights):  # GIFT splits a pair at '->' and has no escape for it
        notes.append(message("export.gift.arrow", lang, name=item.name))
        return None
    return [f"={_html(left)} -> {escape(right)}" for left, right in zip(variant.left_items(lang), rights)]


def _question(item: Item, lang: str, export: TopicExport) -> list[str]:
    variant, q = item.variant, item.question
    notes: list[str] = []
    if q.type in ("choice", "multi"):
        answers = _choices(item, lang, export, notes)
        opening = "{"
    elif q.type == "numeric":
        answers, opening = _numeric(item, lang), "{#"
    elif q.type == "match":
        answers, opening = _match(item, lang, notes), "{"
    else:
        answers, opening = _short(item, lang), "{"
    comments = [f"// {flat(note, 500)}" for note in notes]
    if answers is None:
        export.omit(Omission.NOT_EXPRESSIBLE)
        return comments
    head = f"::{escape(item.name)}::[html]{_html(variant.prompt(lang))}{opening}"
    body = [f"\t{line}" for line in answers] + [f"\t####{_html(variant.explanation(lang))}", "}"]
    return [*comments, head, *body]


def write(exports: list[TopicExport], lang: str) -> bytes:
    """The GIFT file of these topics' items (UTF-8)."""
    blocks: list[list[str]] = []
    for export in exports:
        title = flat(pick(export.topic.title, lang), 500).replace("/", "//")
        blocks.append([f"$CATEGORY: $course$/top/lstm-quiz/{title}"])
        for item in export.items:
            lines = _question(item, lang, export)
            if lines:
                blocks.append(lines)
    return ("\n\n".join("\n".join(block) for block in blocks) + "\n").encode("utf-8")
