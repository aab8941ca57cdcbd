"""A learner's progress (`lstm-quiz stats --html FILE`) as one page, in the class report's style: accuracy
per topic as bars, the last sessions as a chart, streak, reviews due, weakest topics and frequent
mistakes. Self-contained (inline CSS and SVG, no script), readable on a phone."""

from __future__ import annotations

import html
from datetime import date

from checker.i18n import message
from checker.quiz.stats import MIN_ANSWERS_FOR_WEAKEST, Stats
from checker.render.html_report import esc_line, meter, page
from checker.render.stats_view import _mistake, _title


def stats_html(stats: Stats, lang: str, titles: dict, named=None, today: date | None = None) -> str:
    """The page; `titles` and `named` as `print_stats` takes them."""

    def m(key: str, **fields: object) -> str:
        return html.escape(message(key, lang, **fields), quote=False)

    title = m("stats.title")
    day = (today or date.today()).isoformat()
    parts = [f"<h1>{title}</h1>", f'<p class="muted">{m("stats.html_written", day=day)}</p>']
    if not stats.answers:
        return page(title, lang, "\n".join([*parts, f"<p>{m('stats.empty')}</p>"]))
    parts.append(
        "<p><strong>"
        + m("stats.summary", answers=stats.answers, sessions=stats.sessions)
        + "</strong> · "
        + m("stats.streak", days=stats.streak_days)
        + "</p>"
    )
    parts.append(f"<p>{m('stats.due', count=stats.due)}</p>")
    parts.append(f"<h2>{m('stats.html_topics')}</h2>")
    for topic in stats.topics:
        name = html.escape(_title(topic.topic, titles, lang), quote=True)
        figure = f"{100 * topic.score:.0f}% ({topic.correct}/{topic.answered})"
        parts.append(
            f'<div class="rate"><div>{name}</div>{meter(topic.score, name, html.escape(figure))}</div>'
        )
    if stats.trend:
        parts += [f"<h2>{m('stats.trend')}</h2>", sessions_svg(stats, lang)]
    if stats.weakest:
        names = ", ".join(_title(t, titles, lang) for t in stats.weakest)
        parts.append(f"<p>{m('stats.weakest_min', topics=names, min=MIN_ANSWERS_FOR_WEAKEST)}</p>")
    if stats.misconceptions:
        parts.append(f"<h2>{m('stats.html_mistakes')}</h2><ul>")
        parts += [
            f"<li>{html.escape(_mistake(tag, named, lang))} ×{count}</li>"
            for tag, count in stats.misconceptions
        ]
        parts.append("</ul>")
    return page(title, lang, "\n".join(parts), STYLE)


STYLE = ".rate { margin: .4rem 0; overflow-wrap: anywhere; }\n"


def sessions_svg(stats: Stats, lang: str) -> str:
    """The last sessions' scores as bars, oldest first, each with its percentage and day."""
    left, top, height, step = 6, 16, 120, 44
    width = left + step * len(stats.trend) + 6
    label = html.escape(
        message("stats.html_sessions", lang, scores=", ".join(f"{100 * s.score:.0f}%" for s in stats.trend)),
        quote=True,
    )
    shapes = [
        f'<line x1="{left}" y1="{top + height}" x2="{width - 4}" y2="{top + height}" stroke="#8c959f"/>'
    ]
    for k, session in enumerate(stats.trend):
        tall = round(height * max(0.0, min(1.0, session.score)))
        x = left + k * step
        day = esc_line(session.started_at[5:10])  # MM-DD of an ISO time
        shapes.append(
            f"<g><title>{esc_line(session.started_at[:16])}: {100 * session.score:.0f}%</title>"
            f'<rect class="bar" x="{x + 4}" y="{top + height - tall}" width="{step - 8}" height="{tall}"/>'
            f'<text x="{x + step / 2}" y="{top + height - tall - 4}" text-anchor="middle">'
            f"{100 * session.score:.0f}%</text>"
            f'<text x="{x + step / 2}" y="{top + height + 14}" text-anchor="middle">{day}</text></g>'
        )
    return (
        f'<svg class="chart sessions" width="{round(1.5 * width)}" height="{round(1.5 * (top + height + 22))}" '
        f'viewBox="0 0 {width} {top + height + 22}" role="img" '
        f'aria-labelledby="sessions-title"><title id="sessions-title">{label}</title>'
        + "".join(shapes)
        + "</svg>"
    )
