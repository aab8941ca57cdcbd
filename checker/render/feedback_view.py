"""One student's feedback (OUT/feedback/<name>.html and .md): their score, each exercise and test, the
diagnosis, what to read again and notes, in one language. `feedback` gathers it as plain data (the
sentences in that language, what the student chose cleaned and bounded); `feedback_markdown` and
`feedback_html` only escape and lay it out, so both files say the same.

A hidden test shows its name, points, status and hint, never a message: nothing computed from its
inputs reaches these files (and no program output, which in a batch may come from the hidden cases)."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from checker.codecheck import PASS
from checker.figures import format_number
from checker.i18n import message, pick
from checker.inert import MESSAGE_LIMIT, NAME_LIMIT, PATH_LIMIT, TRACEBACK_LIMIT, clean, flat
from checker.inert import markdown as _markdown
from checker.render.html_report import esc as _esc
from checker.render.html_report import esc_line, page
from checker.submission import LISTED_NOTES

ERROR_LIMIT = MESSAGE_LIMIT + TRACEBACK_LIMIT  # a whole-file error: the exception and its traceback
# A class's feedback files repeat the same texts (test names, hints, messages): each is escaped once.
markdown = functools.lru_cache(maxsize=2048)(_markdown)
esc = functools.lru_cache(maxsize=2048)(_esc)


@dataclass(frozen=True)
class TestView:
    name: str
    hidden: bool
    status: str  # pass | fail | error
    score: float
    max_score: float
    message: str | None  # visible tests only
    hint: str | None


@dataclass(frozen=True)
class ExerciseView:
    number: int
    heading: str  # "Exercise 2: One LSTM step", or "Exercise 2" when its title is not known
    file: str
    read: tuple[tuple[str, bool], ...]  # how the file was read (a code page, a notebook): (note, a sub-item?)
    score: float
    max_score: float
    error: str | None  # the whole file could not be tested
    mistakes: tuple[tuple[str, str], ...]  # a named mistake: (title, explanation)
    findings: tuple[str, ...]  # where to look, when no catalogued mistake fits
    tests: tuple[TestView, ...]  # shown one by one, in the exercise's order
    grouped: tuple[TestView, ...]  # failing hidden tests that follow from the diagnosis
    group_hints: tuple[str, ...]


@dataclass(frozen=True)
class Feedback:
    lang: str
    student: str
    total: float
    max_total: float
    exercises: tuple[ExerciseView, ...]
    read_again: tuple[str, ...]
    notes: tuple[str, ...]


def feedback(row, entries: Sequence, lang: str, titles: Mapping[int, Mapping[str, str]] | None = None,
             version: str = "") -> Feedback:  # fmt: skip
    """What one student reads, from their gradebook row and their journal entries."""
    titles = titles or {}
    views = tuple(
        _exercise(e, lang, titles.get(e.exercise)) for e in sorted(entries, key=lambda e: e.exercise)
    )
    read_again: list[str] = []
    for view in views:
        if view.error or view.score < view.max_score:
            read_again.append(message("feedback.read_exercise", lang, exercise=view.heading))
            read_again += [title for title, _ in view.mistakes]
    notes = [
        message("feedback.not_submitted", lang, number=n)
        for n, score in sorted(row.scores.items())
        if score is None and n not in {v.number for v in views}
    ]
    notes += [
        message(
            "feedback.set_aside",
            lang,
            number=n,
            graded=flat(graded, PATH_LIMIT),
            aside=flat(aside, PATH_LIMIT),
        )
        for n, graded, aside in row.attempts
    ]
    tests = [t for v in views for t in (*v.tests, *v.grouped)]
    if any(t.hidden and t.status != PASS for t in tests):
        notes.append(message("check.hidden_note", lang))
    if any(t.status != PASS for t in tests) or any(v.error for v in views):
        notes.append(message("feedback.check_yourself", lang))
    if version:
        notes.append(message("feedback.written", lang, version=flat(version)))
    return Feedback(
        lang=lang,
        student=flat(row.student),
        total=sum(v.score for v in views),
        max_total=row.max_total,
        exercises=views,
        read_again=tuple(dict.fromkeys(read_again)),
        notes=tuple(notes),
    )


def _exercise(entry, lang: str, title: Mapping[str, str] | None) -> ExerciseView:
    result = entry.result
    # the named mistake first; the hidden tests that fail after it, grouped under it (as `check` shows)
    diagnosed = bool(result.misconceptions or result.findings)
    views = [
        (_test(t, lang), diagnosed and t.visibility == "hidden" and t.status != PASS) for t in result.tests
    ]
    hints = tuple(dict.fromkeys(v.hint for v, in_group in views if in_group and v.hint))
    grouped = tuple(replace(v, hint=None) for v, in_group in views if in_group)  # their hints once, below
    return ExerciseView(
        number=entry.exercise,
        heading=message("check.title", lang, number=entry.exercise, title=pick(title, lang))
        if title
        else message("grade.exercise", lang, number=entry.exercise),
        file=flat(entry.name, PATH_LIMIT),
        read=tuple((clean(pick(n, lang), MESSAGE_LIMIT), n.key in LISTED_NOTES) for n in result.notes),
        score=result.score,
        max_score=result.max_score,
        error=clean(pick(result.error, lang), ERROR_LIMIT) if result.error else None,
        mistakes=tuple((pick(m.title, lang), pick(m.explanation, lang)) for m in result.misconceptions),
        findings=()
        if result.misconceptions
        else tuple(clean(pick(f, lang), MESSAGE_LIMIT) for f in result.findings),
        tests=tuple(v for v, in_group in views if not in_group),
        grouped=grouped,
        group_hints=hints,
    )


def _test(test, lang: str) -> TestView:
    hidden = test.visibility != "visible"
    shown = None
    if not hidden and test.status != PASS and test.message:
        shown = clean(pick(test.message, lang), MESSAGE_LIMIT)
    return TestView(
        name=pick(test.name, lang),
        hidden=hidden,
        status=str(test.status),
        score=test.score,
        max_score=test.max_score,
        message=shown,  # a hidden test's message is never taken, whatever it says
        hint=pick(test.hint, lang) if test.hint and test.status != PASS else None,
    )


# -- Markdown ----------------------------------------------------------------------------------------


def _md_block(text: str) -> list[str]:
    """Text as a fenced block, the fence longer than any run of backticks in it."""
    run = max((len(part) for part in re.findall("`+", text)), default=0)
    fence = "`" * max(3, run + 1)
    return [fence + "text", text, fence]


def _md_one(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """A text of several lines on one Markdown line (a table cell), escaped."""
    return markdown(" · ".join(part for part in text.splitlines() if part.strip()), limit)


def feedback_markdown(fb: Feedback) -> str:
    def m(key: str, **fields: object) -> str:
        return markdown(message(key, fb.lang, **fields), MESSAGE_LIMIT)

    lines = [
        f"# {m('feedback.title', student=fb.student)}",
        "",
        f"**{m('feedback.total', score=format_number(fb.total), max_score=format_number(fb.max_total))}**",
    ]
    for view in fb.exercises:
        lines += ["", f"## {markdown(view.heading, NAME_LIMIT)}", ""]
        points = m(
            "feedback.points", score=format_number(view.score), max_score=format_number(view.max_score)
        )
        lines.append(f"{m('feedback.file', name=view.file)} · {points}")
        if view.read:
            lines += ["", *(f"{'  ' if sub else ''}- {markdown(n, MESSAGE_LIMIT)}" for n, sub in view.read)]
        if view.error:
            lines += ["", m("feedback.file_error"), "", *_md_block(view.error)]
        if view.mistakes:
            lines += ["", f"### {m('check.misconception')}", ""]
            lines += [
                f"- **{markdown(t, NAME_LIMIT)}** — {markdown(x, MESSAGE_LIMIT)}" for t, x in view.mistakes
            ]
        elif view.findings:
            lines += ["", f"### {m('check.findings')}", ""]
            lines += [f"- {markdown(f, MESSAGE_LIMIT)}" for f in view.findings]
        if view.tests:
            lines += ["", f"### {m('feedback.tests')}", "", *_md_table(view.tests, fb.lang)]
        if view.grouped:
            lines += [
                "",
                m("check.hidden_group", count=len(view.grouped)),
                "",
                *_md_table(view.grouped, fb.lang),
            ]
            if view.group_hints:
                lines += ["", f"{m('check.hints')}:", ""]
                lines += [f"- {markdown(h, MESSAGE_LIMIT)}" for h in view.group_hints]
    lines += ["", f"## {m('feedback.read_again')}", ""]
    lines += [f"- {markdown(r, MESSAGE_LIMIT)}" for r in fb.read_again] or [m("feedback.all_read")]
    if fb.notes:
        lines += ["", f"## {m('feedback.notes')}", ""]
        lines += [f"- {markdown(n, MESSAGE_LIMIT)}" for n in fb.notes]
    return "\n".join(lines) + "\n"


def _md_table(tests: Sequence[TestView], lang: str) -> list[str]:
    """The tests as a table; the notes column only when some test has a message or a hint."""
    columns = _columns(tests)
    rows = [
        "| " + " | ".join(markdown(message(c, lang)) for c in columns) + " |",
        "|" + " --- |" * len(columns),
    ]
    for t in tests:
        cells = [markdown(_name(t, lang), NAME_LIMIT), _points(t), markdown(_status(t, lang))]
        if len(columns) == 4:
            notes = [_md_one(t.message)] if t.message else []
            if t.hint:
                notes.append(f"{markdown(message('check.hint', lang))}: {markdown(t.hint, MESSAGE_LIMIT)}")
            cells.append(" — ".join(notes))
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _columns(tests: Sequence[TestView]) -> tuple[str, ...]:
    columns = ("feedback.col_test", "feedback.col_points", "feedback.col_status")
    return columns + ("feedback.col_notes",) if any(t.message or t.hint for t in tests) else columns


def _points(test: TestView) -> str:
    return f"{format_number(test.score)}/{format_number(test.max_score)}"


def _name(test: TestView, lang: str) -> str:
    return test.name + (f" [{message('check.hidden', lang)}]" if test.hidden else "")


def _status(test: TestView, lang: str) -> str:
    return message(f"feedback.status.{test.status}", lang)


# -- HTML --------------------------------------------------------------------------------------------

FEEDBACK_STYLE = (
    ".pass { color: #1a7f37; } .fail { color: #cf222e; } .error { color: #9a6700; }\n"
    ".msg { white-space: pre-wrap; }\n"
    ".box { border-left: 4px solid #bf8700; background: #fff8c5; padding: .4rem .8rem; margin: .8rem 0; }\n"
    "pre.file-error { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; padding: .5rem; }\n"
    "ul.read { color: #57606a; } ul.read li.sub { margin-left: 1.2rem; list-style: circle; }"
)


def feedback_html(fb: Feedback) -> str:
    def m(key: str, **fields: object) -> str:
        return html.escape(message(key, fb.lang, **fields), quote=False)

    title = m("feedback.title", student=fb.student)
    total = m("feedback.total", score=format_number(fb.total), max_score=format_number(fb.max_total))
    parts = [f"<h1>{title}</h1>", f"<p><strong>{total}</strong></p>"]
    for view in fb.exercises:
        parts.append(f'<section id="exercise-{view.number}"><h2>{esc(view.heading, NAME_LIMIT)}</h2>')
        points = m(
            "feedback.points", score=format_number(view.score), max_score=format_number(view.max_score)
        )
        parts.append(
            f'<p class="muted">{m("feedback.file", name="")}<code>{esc_line(view.file, PATH_LIMIT)}</code> · {points}</p>'
        )
        if view.read:
            parts.append(_html_notes(view.read))
        if view.error:
            parts.append(
                f'<p>{m("feedback.file_error")}</p><pre class="file-error">{esc(view.error, ERROR_LIMIT)}</pre>'
            )
        if view.mistakes:
            items = "".join(
                f"<p><strong>{esc(t, NAME_LIMIT)}</strong><br>{esc(x)}</p>" for t, x in view.mistakes
            )
            parts.append(f'<div class="box"><h3>{m("check.misconception")}</h3>{items}</div>')
        elif view.findings:
            items = "".join(f"<li>{esc(f)}</li>" for f in view.findings)
            parts.append(f'<div class="box"><h3>{m("check.findings")}</h3><ul>{items}</ul></div>')
        if view.tests:
            parts.append(f"<h3>{m('feedback.tests')}</h3>" + _html_table(view.tests, fb.lang))
        if view.grouped:
            parts.append(
                f"<p>{m('check.hidden_group', count=len(view.grouped))}</p>"
                + _html_table(view.grouped, fb.lang)
            )
            if view.group_hints:
                hints = "".join(f"<li>{esc(h)}</li>" for h in view.group_hints)
                parts.append(f"<p>{m('check.hints')}:</p><ul>{hints}</ul>")
        parts.append("</section>")
    parts.append(f"<h2>{m('feedback.read_again')}</h2>")
    parts.append(
        "<ul>" + "".join(f"<li>{esc(r)}</li>" for r in fb.read_again) + "</ul>"
        if fb.read_again
        else f"<p>{m('feedback.all_read')}</p>"
    )
    if fb.notes:
        parts.append(
            f"<h2>{m('feedback.notes')}</h2><ul>" + "".join(f"<li>{esc(n)}</li>" for n in fb.notes) + "</ul>"
        )
    return page(title, fb.lang, "\n".join(parts), FEEDBACK_STYLE)


def _html_notes(read: Sequence[tuple[str, bool]]) -> str:
    """How the file was read; the lines left out indented under the note that counts them."""
    items = "".join(f'<li class="sub">{esc(t)}</li>' if sub else f"<li>{esc(t)}</li>" for t, sub in read)
    return f'<ul class="read">{items}</ul>'


def _html_table(tests: Sequence[TestView], lang: str) -> str:
    """The tests as a table that scrolls sideways on a narrow screen; notes as in _md_table."""
    columns = _columns(tests)
    numeric = ("feedback.col_points", "feedback.col_status")
    head = "".join(
        f"<th{' class=n' if c in numeric else ''}>{html.escape(message(c, lang))}</th>" for c in columns
    )
    rows = []
    for t in tests:
        status = html.escape(t.status, quote=True)
        row = (
            f"<tr><td>{esc(_name(t, lang), NAME_LIMIT)}</td><td class=n>{_points(t)}</td>"
            f'<td class="n {status}">{html.escape(_status(t, lang))}</td>'
        )
        if len(columns) == 4:
            notes = f'<div class="msg">{esc(t.message)}</div>' if t.message else ""
            if t.hint:
                notes += f"<div>{html.escape(message('check.hint', lang))}: {esc(t.hint)}</div>"
            row += f"<td>{notes}</td>"
        rows.append(row + "</tr>")
    return f'<div class="scroll"><table><tr>{head}</tr>' + "".join(rows) + "</table></div>"
