"""Progress (`lstm-quiz stats`) as a Rich report or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.i18n import message, pick
from checker.inert import NAME_LIMIT, clean
from checker.quiz.stats import MIN_ANSWERS_FOR_WEAKEST, Stats
from checker.render import cjk

cjk.enable()  # Japanese breaks between characters, not only at spaces


def stats_json(stats: Stats) -> str:
    return json.dumps(stats.to_json(), ensure_ascii=False, indent=2)


def _bar(fraction: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _title(topic: str, titles: dict, lang: str) -> str:
    """A topic's title from the bank; a topic the bank does not know (only in the history) shown inert."""
    known = titles.get(topic)
    return pick(known, lang) if known else clean(topic, NAME_LIMIT, one_line=True)


def _mistake(tag: str, named, lang: str) -> str:
    """A misconception by the title a bank gives it in `lang`; a tag no bank names, shown inert."""
    title = named(tag) if named else None
    return pick(title, lang) if title else clean(tag, NAME_LIMIT, one_line=True)


def print_stats(stats: Stats, lang: str, titles: dict, console: Console, named=None) -> None:
    """`named(tag)` gives a misconception's title per language (the bank's), or None."""

    def m(key: str, **fields: object) -> str:
        return message(key, lang, **fields)

    if not stats.answers:
        console.print(m("stats.empty"))
        return
    table = Table(title=m("stats.title"), header_style="bold")
    table.add_column(m("stats.col_topic"), overflow="fold")  # never a title cut short with …
    table.add_column(m("stats.col_answered"), justify="right")
    table.add_column(m("stats.col_correct"), justify="right")
    table.add_column(m("stats.col_percent"), justify="right")
    table.add_column("", no_wrap=True)
    for t in stats.topics:
        title = Text(_title(t.topic, titles, lang))
        table.add_row(title, str(t.answered), str(t.correct), f"{100 * t.score:.0f}%", _bar(t.score))
    console.print(table)
    console.print(Text(m("stats.summary", answers=stats.answers, sessions=stats.sessions)))
    if stats.trend:
        trend = Text(f"{m('stats.trend')}: ")
        trend.append("  ".join(f"{100 * s.score:.0f}%" for s in stats.trend))
        console.print(trend)
    console.print(Text(m("stats.streak", days=stats.streak_days)))
    if stats.weakest:
        names = ", ".join(_title(t, titles, lang) for t in stats.weakest)
        console.print(Text(m("stats.weakest_min", topics=names, min=MIN_ANSWERS_FOR_WEAKEST)))
    console.print(Text(m("stats.due", count=stats.due)))
    if stats.misconceptions:
        items = "; ".join(f"{_mistake(tag, named, lang)} ×{count}" for tag, count in stats.misconceptions)
        console.print(Text(m("stats.misconceptions", items=items), style="dim"))
