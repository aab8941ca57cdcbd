"""Rendering bank summaries as a Rich table or JSON."""

from __future__ import annotations

import json

from checker.bank.summary import TopicSummary
from checker.i18n import message, pick


def summary_json(summaries: list[TopicSummary]) -> str:
    data = {
        "total": sum(s.questions for s in summaries),
        "parametrized": sum(s.parametrized for s in summaries),
        "topics": [s.to_json() for s in summaries],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def print_summary(summaries: list[TopicSummary], lang: str, console=None) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    table = Table(show_footer=True, header_style="bold", box=box.SIMPLE_HEAD)
    table.add_column(message("bank.col_topic", lang), footer=message("bank.total", lang), no_wrap=True)
    table.add_column(message("bank.col_title", lang))
    table.add_column(
        message("bank.col_questions", lang),
        justify="right",
        footer=str(sum(s.questions for s in summaries)),
    )
    table.add_column(
        message("bank.col_parametrized", lang),
        justify="right",
        footer=str(sum(s.parametrized for s in summaries)),
    )
    table.add_column(message("bank.col_languages", lang))
    for s in summaries:
        table.add_row(
            s.topic,
            pick(s.title, lang),
            str(s.questions),
            str(s.parametrized),
            ", ".join(s.languages),
        )
    console.print(table)
