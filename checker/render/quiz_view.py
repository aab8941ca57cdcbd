"""The study session on screen (Rich) and as JSON. Pure rendering of checker.quiz data."""

from __future__ import annotations

import json

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from checker.grading import CORRECT, PARTIAL
from checker.i18n import message, pick
from checker.quiz.session import SKIPPED, TIMEOUT, Asked, SessionResult
from checker.render import cjk
from checker.variant import Variant, format_number

cjk.enable()  # Japanese breaks between characters, not only at spaces

MARKS = {
    CORRECT: ("✓", "green"),
    PARTIAL: ("◐", "yellow"),
    "wrong": ("✗", "red"),
    SKIPPED: ("→", "dim"),
    TIMEOUT: ("⏱", "red"),
}


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class RichSessionView:
    """Draws each step of a session on a Rich console."""

    def __init__(
        self, console: Console, lang: str, titles: dict[str, dict[str, str]], exam: bool = False
    ) -> None:
        self.console = console
        self.lang = lang
        self.titles = titles
        self.exam = exam
        self.clock_text = None

    def _m(self, key: str, **fields: object) -> str:
        return message(key, self.lang, **fields)

    # -- one question ----------------------------------------------------------------------------

    def question(self, item: Asked, deadline: float | None) -> None:
        variant = item.variant
        q = variant.question
        title = pick(self.titles.get(q.topic, {"en": q.topic}), self.lang)
        # one line whatever the width: where it stands first, then the topic (cut short if need be)
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append(self._m("quiz.progress", k=item.number, n=item.total))
        if not self.exam and item.answered_so_far:
            score = format_number(round(item.score_so_far, 2))
            header.append(
                f" · {self._m('quiz.score', score=score, answered=item.answered_so_far)}", style="dim"
            )
        header.append(" · ")
        header.append(f"{title}", style="bold")
        self.console.print()
        self.console.print(header, no_wrap=True, overflow="ellipsis", crop=True)
        body = [Text(variant.prompt(self.lang))]
        body.extend(_options(variant, self.lang))
        body.append(Text(_how_to_answer(variant, self.lang), style="italic dim"))
        self.console.print(Panel(Group(*body), border_style="cyan", padding=(0, 1)))
        commands = self._m("quiz.commands_exam" if self.exam else "quiz.commands")
        self.console.print(Text(commands, style="dim"))

    def invalid(self, result) -> None:
        reason = pick(result.invalid_reason or {}, self.lang)
        gap = "" if reason.endswith(("。", "？", "！")) else " "  # Japanese sentences need no space between
        self.console.print(Text(f"⚠ {reason}{gap}{self._m('quiz.try_again')}", style="yellow"))

    def hint(self, text: str | None) -> None:
        if text:
            self.console.print(Text(f"💡 {self._m('quiz.hint')}: {text}", style="cyan"))
        else:
            self.console.print(Text(self._m("quiz.no_hint"), style="dim"))

    def empty(self) -> None:
        self.console.print(Text(self._m("quiz.empty"), style="dim"))

    def notice(self, key: str, **fields: object) -> None:
        self.console.print(Text(self._m(key, **fields), style="yellow"))

    def rate_prompt(self) -> None:
        self.console.print(Text(self._m("rate.prompt"), style="dim"))

    def rated(self, rating: str | None) -> None:
        if rating:
            self.console.print(Text(self._m("rate.done", rating=rating), style="dim"))

    def feedback(self, item: Asked) -> None:
        self.console.print(_verdict_line(item, self.lang))
        grade = item.grade
        variant = item.variant
        if item.verdict != CORRECT:
            answer = Text(f"{self._m('quiz.correct_answer')}: ", style="bold")
            answer.append(variant.answer_text(self.lang))
            self.console.print(answer)
        if grade and grade.parts and item.verdict != CORRECT and variant.question.type == "shape":
            for part in grade.parts:
                mark, style = ("✓", "green") if part.correct else ("✗", "red")
                self.console.print(Text(f"  {mark} {part.name}: {part.given} → {part.expected}", style=style))
        if grade and grade.feedback:
            self.console.print(
                Panel(
                    Text(pick(grade.feedback, self.lang)),
                    title=self._m("quiz.misconception"),
                    title_align="left",
                    border_style="yellow",
                    padding=(0, 1),
                )
            )
        explanation = Text(f"{self._m('quiz.explanation')}: ", style="bold")
        explanation.append(variant.explanation(self.lang))
        self.console.print(explanation)

    # -- the end -----------------------------------------------------------------------------------

    def summary(self, result: SessionResult) -> None:
        console = self.console
        console.print()
        if result.ended != "completed":
            console.print(Text(self._m(f"quiz.ended.{result.ended}"), style="yellow"))
        if not result.answered:
            console.print(self._m("quiz.nothing_answered"))
            return
        table = Table(title=self._m("quiz.summary"), show_footer=True, header_style="bold")
        table.add_column(self._m("quiz.col_topic"), footer=self._m("quiz.total"))
        table.add_column(self._m("quiz.col_asked"), justify="right", footer=str(len(result.answered)))
        table.add_column(self._m("quiz.col_correct"), justify="right", footer=str(result.correct))
        total_percent = 100 * result.score / len(result.answered)
        table.add_column(self._m("quiz.col_percent"), justify="right", footer=f"{total_percent:.0f}%")
        for topic, asked, correct, score in result.by_topic():
            title = pick(self.titles.get(topic, {"en": topic}), self.lang)
            table.add_row(title, str(asked), str(correct), f"{100 * score / asked:.0f}%")
        console.print(table)
        console.print(
            self._m(
                "quiz.time_taken",
                time=format_duration(result.seconds),
                score=format_number(round(result.score, 2)),
                answered=len(result.answered),
                seed=result.seed,
            )
        )
        if result.missed:
            console.print()
            console.print(Text(self._m("quiz.missed"), style="bold"))
            for item in result.missed:
                line = _verdict_line(item, self.lang, short=True)
                line.append(f" {item.question.id}: ", style="dim")
                line.append(_one_line(item.variant.prompt(self.lang)))
                console.print(line)
                answer = Text(f"    {self._m('quiz.correct_answer')}: ", style="bold")
                answer.append(item.variant.answer_text(self.lang))
                console.print(answer)
                if self.exam:
                    console.print(Text(f"    {item.variant.explanation(self.lang)}", style="dim"))


def _verdict_line(item: Asked, lang: str, short: bool = False) -> Text:
    mark, style = MARKS.get(item.verdict, ("✗", "red"))
    if short:
        return Text(mark, style=style)
    words = message(f"verdict.{item.verdict}", lang)
    if item.verdict == PARTIAL:
        words += f" ({100 * item.score:.0f}%)"
    return Text(f"{mark} {words}", style=f"bold {style}")


def _one_line(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _numbered(rows: list[tuple[str, str]]) -> Padding:
    """Numbered lines whose text, when it wraps (or holds a line break), stays indented under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for mark, text in rows:
        grid.add_row(mark, Text(text))
    return Padding(grid, (0, 0, 0, 2))


def _options(variant: Variant, lang: str) -> list:
    q = variant.question
    if q.type in ("choice", "multi"):
        return [_numbered([(f"{n})", label) for n, label in enumerate(variant.choice_labels(lang), start=1)])]
    if q.type == "match":
        letters = "abcdefghijklmnopqrstuvwxyz"
        return [
            _numbered([(f"{n}.", item) for n, item in enumerate(variant.left_items(lang), start=1)]),
            Text(""),
            _numbered([(f"{letters[i]})", item) for i, item in enumerate(variant.right_items(lang))]),
        ]
    return []


def _how_to_answer(variant: Variant, lang: str) -> str:
    q = variant.question
    if q.type == "shape" and q.parts:
        names = "; ".join(p.name for p in q.parts)
        example = "; ".join(["(1, 35, 20)", "(1, 1, 20)", "(1, 1, 20)", "(2, 4)"][: len(q.parts)])
        return message("quiz.how.parts", lang, count=len(q.parts), names=names, example=example)
    return message(f"quiz.how.{q.type}", lang)


# -- JSON ---------------------------------------------------------------------------------------------


def session_json(result: SessionResult) -> str:
    lang = result.lang
    questions = []
    for item in result.answered:
        variant = item.variant
        questions.append(
            {
                "id": variant.question.id,
                "topic": variant.question.topic,
                "type": variant.question.type,
                "seed": variant.seed,
                "parameters": variant.params,
                "prompt": variant.prompt(lang),
                "answer_given": item.response,
                "correct_answer": variant.answer_text(lang),
                "verdict": item.verdict,
                "score": item.score,
                "seconds": item.seconds,
                "hint_used": item.hint_used,
                "misconception": item.grade.misconception if item.grade else None,
                "own_rating": item.rating,
            }
        )
    asked = len(result.answered)  # every question that got a verdict, skipped ones included
    skipped = sum(item.verdict == SKIPPED for item in result.answered)
    timed_out = sum(item.verdict == TIMEOUT for item in result.answered)
    data = {
        "session": result.session,
        "mode": result.mode,
        "seed": result.seed,
        "lang": lang,
        "started_at": result.started_at,
        "seconds": result.seconds,
        "ended": result.ended,
        "questions": questions,
        "totals": {
            "planned": result.planned,
            "asked": asked,
            "answered": asked - skipped - timed_out,
            "skipped": skipped,
            "timed_out": timed_out,
            "correct": result.correct,
            "score": round(result.score, 6),
            "percent": round(100 * result.score / asked, 1) if asked else 0.0,  # a skipped question scores 0
        },
        "topics": [
            {"topic": t, "asked": n, "correct": c, "percent": round(100 * s / n, 1)}
            for t, n, c, s in result.by_topic()
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
