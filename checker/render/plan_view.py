"""The exam plan (`lstm-quiz plan`) as a Rich report with a small chart, or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.i18n import message
from checker.quiz.plan import ExamPlan, bars
from checker.render import cjk
from checker.render.stats_view import _bar, _title

cjk.enable()  # Japanese breaks between characters, not only at spaces

CHART_WIDTH = 30  # characters of the longest bar of the daily load


def plan_json(plan: ExamPlan) -> str:
    return json.dumps(plan.to_json(), ensure_ascii=False, indent=2)


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def print_plan(
    plan: ExamPlan, lang: str, titles: dict, console: Console, *, target: float, history: bool
) -> None:
    def m(key: str, **fields: object) -> str:
        return message(key, lang, **fields)

    exam = plan.exam.isoformat()
    heading = (
        m("plan.title", exam=exam, days=plan.days_left) if plan.days_left else m("plan.today", exam=exam)
    )
    console.print(Text(heading, style="bold"))
    if not history:
        console.print(Text(m("plan.no_history"), style="yellow"))
    questions = sum(t.questions for t in plan.topics)
    console.print(Text(m("plan.recall", percent=_percent(plan.recall_exam), questions=questions)))

    table = Table(header_style="bold")
    table.add_column(m("plan.col_topic"), overflow="fold")  # never a title cut short with …
    table.add_column(m("plan.col_answered"), justify="right")
    table.add_column(m("plan.col_now"), justify="right")
    table.add_column(m("plan.col_exam"), justify="right")
    table.add_column("", no_wrap=True)
    for t in plan.topics:
        style = "red" if t.recall_exam < target / 2 else ("yellow" if t.recall_exam < target else "green")
        table.add_row(
            Text(_title(t.topic, titles, lang)),
            f"{t.seen}/{t.questions}",
            _percent(t.recall_now),
            Text(_percent(t.recall_exam), style=style),
            Text(_bar(t.recall_exam), style=style),
        )
    console.print(table)

    groups = bars(plan.load)
    if plan.reviews:
        console.print(Text(m("plan.load_title", total=plan.reviews), style="bold"))
        most = max(n for _, _, n in groups)
        for first, last, count in groups:
            label = first.strftime("%m-%d") if first == last else f"{first:%m-%d}–{last:%m-%d}"
            width = round(CHART_WIDTH * count / most) if count else 0
            line = Text(f"  {label:>11} ")
            line.append("█" * width or "·", style="cyan" if count else "dim")
            line.append(f" {count}")
            console.print(line)
    else:
        console.print(Text(m("plan.load_none"), style="dim"))

    by_id = {t.topic: t for t in plan.topics}
    if plan.first:
        items = "; ".join(
            m(
                "plan.first_item",
                title=_title(topic, titles, lang),
                percent=_percent(by_id[topic].recall_exam),
                seen=by_id[topic].seen,
                questions=by_id[topic].questions,
            )
            for topic in plan.first
        )
        console.print(Text(m("plan.first", topics=items), style="bold"))
        console.print(Text(m("plan.next", exam=exam, topic=plan.first[0]), style="dim"))
    else:
        console.print(Text(m("plan.first_none", target=_percent(target)), style="green"))
