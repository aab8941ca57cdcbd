"""A graded class as CSV, JSON, Gradescope results.json files, a Markdown report and a Rich summary."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from checker.batch.journal import Entry
from checker.batch.report import ClassReport, StudentRow
from checker.codecheck import PASS
from checker.figures import format_number
from checker.i18n import message, pick
from checker.inert import (
    MESSAGE_LIMIT,
    PATH_LIMIT,
    TRACEBACK_LIMIT,
    clean,
    csv_cell,
    flat,
    markdown,
    markdown_code,
)
from checker.render.check_view import check_json
from checker.submission import LISTED_NOTES


def gradebook_csv(report: ClassReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "student",
            "lms_id",
            *[f"exercise{n}" for n in report.exercises],
            "total",
            "max_total",
            "status",
            "misconceptions",
            "attempt_graded",
            "attempts_set_aside",
        ]
    )
    for row in report.rows:
        scores = [format_number(row.scores[n]) if row.scores[n] is not None else "" for n in report.exercises]
        writer.writerow(  # every text cell inert (no formula, no control character); the scores are numbers
            [csv_cell(row.student), csv_cell(row.lms_id or ""), *scores, _number(row.graded_total),
             format_number(row.max_total), csv_cell(row.status), csv_cell("; ".join(row.misconceptions), 1000),
             *_attempt_cells(row)]
        )  # fmt: skip
    return out.getvalue()


def _number(value: float | None) -> str:
    return "" if value is None else format_number(value)


def _attempt_cells(row: StudentRow) -> list[str]:
    """A resubmitting student's files: the attempt graded per exercise, and the attempts set aside."""
    graded = dict.fromkeys(graded for _, graded, _ in row.attempts)
    aside = [other for _, _, other in row.attempts]
    return [csv_cell("; ".join(graded), 1000), csv_cell("; ".join(aside), 1000)]


def student_json(row: StudentRow, entries: list[Entry], lang: str, gradescope_file: str | None = None) -> str:
    """One student's line of results.json: their row and every test of their submissions (and where
    their Gradescope file is, when one was written)."""
    student = {
        "student": flat(row.student),
        "lms_id": flat(row.lms_id) if row.lms_id is not None else None,
        "status": row.status,
        "total": row.graded_total,
        "max_total": row.max_total,
        "submissions": [
            dict(
                check_json(e.result, lang),
                student=flat(e.student),
                name=flat(e.name, PATH_LIMIT),
                sha256=e.sha256,
                # a file the grader failed on has no score yet (--resume grades it), never an error's 0
                **({"status": "grader", "score": None} if e.result.grader_fault else {}),
            )
            for e in sorted(entries, key=lambda e: e.exercise)
        ],
        **({"gradescope": gradescope_file} if gradescope_file else {}),
    }
    return json.dumps(student, ensure_ascii=False)


def results_json(report: ClassReport, lines: Iterable[str], lang: str, meta: dict):
    """Every test of every submission (the instructor's file), as chunks of JSON text: `lines` gives
    each row's student_json in the report's order, so that a class of any size is written without
    holding it in memory."""
    head = json.dumps(
        {k: flat(v, PATH_LIMIT) if isinstance(v, str) else v for k, v in meta.items()}, ensure_ascii=False
    )[:-1]
    yield head + (", " if meta else "") + '"students": [\n'
    for index, line in enumerate(lines):
        yield ("," if index else "") + line + "\n"
    tail = {
        "unattributed": [
            {"file": flat(f, PATH_LIMIT), "reason": flat(_reason(r, lang))} for f, r in report.unattributed
        ],
        "duplicates": [
            {"kept": flat(k, PATH_LIMIT), "set_aside": flat(o, PATH_LIMIT)} for k, o in report.duplicates
        ],
        "attempts": [
            {
                "student": flat(st),
                "exercise": n,
                "graded": flat(k, PATH_LIMIT),
                "set_aside": flat(o, PATH_LIMIT),
            }
            for st, n, k, o in report.attempts
        ],
    }
    yield "], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n"


def gradescope(entries: list[Entry], lang: str) -> dict:  # noqa: C901
    """One student's results.json in the fields Gradescope documents; hidden tests stay hidden. Every
    text is plain ("output_format": "text"), cleaned and bounded."""
    tests = []
    outputs = []
    for entry in sorted(entries, key=lambda e: e.exercise):
        result = entry.result
        for note in getattr(result, "notes", ()):  # how the file was read (a notebook, a code page)
            exercise = message("grade.exercise", lang, number=entry.exercise)
            head = "    " if note.key in LISTED_NOTES else f"{exercise} ({flat(entry.name, PATH_LIMIT)}): "
            outputs.append(head + clean(pick(note, lang), MESSAGE_LIMIT))
        if result.error:
            outputs.append(
                f"{message('grade.exercise', lang, number=entry.exercise)} ({flat(entry.name, PATH_LIMIT)}): "
                + clean(pick(result.error, lang), MESSAGE_LIMIT + TRACEBACK_LIMIT)
            )
        for m in result.misconceptions:
            outputs.append(
                f"{message('grade.exercise', lang, number=entry.exercise)}: {pick(m.title, lang)} — {pick(m.explanation, lang)}"
            )
        if not result.misconceptions:  # what the probes showed, when no catalogued mistake explains it
            for finding in getattr(result, "findings", ()):
                outputs.append(
                    f"{message('grade.exercise', lang, number=entry.exercise)}: "
                    + clean(pick(finding, lang), MESSAGE_LIMIT)
                )
        for number, test in enumerate(result.tests, start=1):
            text = [clean(pick(test.message, lang), MESSAGE_LIMIT)] if test.message else []
            if test.hint:
                text.append(f"{message('grade.hint', lang)}: {pick(test.hint, lang)}")
            tests.append(
                {
                    "name": f"{message('grade.exercise', lang, number=entry.exercise)}: {pick(test.name, lang)}",
                    "number": f"{entry.exercise}.{number}",
                    "score": test.score,
                    "max_score": test.max_score,
                    "status": "passed" if test.status == PASS else "failed",
                    "output": "\n".join(text),
                    "output_format": "text",
                    "visibility": "hidden" if test.visibility == "hidden" else "visible",
                    "tags": [test.misconception] if test.misconception else [],
                }
            )
    return {
        "score": sum(e.result.score for e in entries),
        "max_score": sum(e.result.max_score for e in entries),
        "output": "\n".join(outputs),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def _reason(code: str, lang: str) -> str:
    """Why a file was not graded (a message key; older journals may hold the sentence itself)."""
    from checker.i18n import MESSAGES

    return message(code, lang) if code in MESSAGES else code


def _reason_markdown(code: str, lang: str) -> str:
    """Our sentence as it is; a sentence read from an older file as plain text."""
    from checker.i18n import MESSAGES

    return message(code, lang) if code in MESSAGES else markdown(code, MESSAGE_LIMIT)


def _bar(count: int, most: int, width: int = 30) -> str:
    return "█" * (round(width * count / most) if most else 0)


def report_markdown(report: ClassReport, lang: str, meta: dict) -> str:
    def m(key: str, **fields: object) -> str:
        return message(key, lang, **fields)

    lines = [f"# {m('grade.title', input=markdown(meta.get('input', ''), PATH_LIMIT))}", ""]
    lines.append(
        m(
            "grade.summary",
            students=len(report.rows),
            submissions=meta.get("submissions", 0),
            reused=meta.get("reused", 0),
        )
        + (f" · lstm-quiz {meta['version']}" if meta.get("version") else "")
    )
    lines += ["", f"## {m('grade.scores')}", "", "```"]
    lines += _histogram(report, 30)
    lines += ["```", "", f"## {m('grade.pass_rates')}", ""]
    lines += [
        f"| {m('grade.col_exercise')} | {m('grade.col_test')} | {m('grade.col_visibility')} | {m('grade.col_passed')} |",
        "| --- | --- | --- | --- |",
    ]
    for rate in sorted(report.rates, key=lambda r: (r.exercise, r.passed / max(r.graded, 1))):
        percent = 100 * rate.passed / rate.graded if rate.graded else 0
        lines.append(
            f"| {rate.exercise} | {markdown(pick(rate.name, lang), MESSAGE_LIMIT)} | {m('grade.visibility.hidden' if rate.visibility == 'hidden' else 'grade.visibility.visible')} | {rate.passed}/{rate.graded} ({percent:.0f}%) |"
        )
    lines += ["", f"## {m('grade.misconceptions')}", ""]
    if report.misconceptions:
        lines += [
            f"| {m('grade.col_count')} | {m('grade.col_misconception')} | {m('grade.col_reteach')} |",
            "| --- | --- | --- |",
        ]
        for item in report.misconceptions:
            tag = markdown_code(item.tag).replace("|", r"\|")  # GFM: a cell's \| is a pipe, in code too
            title = markdown(pick(item.title, lang), MESSAGE_LIMIT)
            reteach = markdown(pick(item.reteach, lang), MESSAGE_LIMIT)
            lines.append(f"| {item.count} | {title} ({tag}) | {reteach} |")
    else:
        lines.append(m("grade.none_recognised"))
    lines += ["", f"## {m('grade.problems')}", ""]
    lines += [  # what a student chose (their name, file name, what their code raised) is plain text here
        f"- {markdown(p.student)}, {p.exercise} ({markdown_code(p.name, PATH_LIMIT)}): {markdown(p.kind)} — "
        + markdown(_first_line(p.message, lang), MESSAGE_LIMIT)
        for p in report.problems
    ]
    lines += [] if report.problems else [m("grade.none")]
    missing = [r.student for r in report.rows if r.status == "missing"]
    lines += [
        "",
        f"## {m('grade.missing')}",
        "",
        ", ".join(map(markdown, missing)) if missing else m("grade.none"),
    ]
    lines += ["", f"## {m('grade.not_graded')}", ""]
    lines += [
        f"- {markdown_code(f, PATH_LIMIT)}: {_reason_markdown(reason, lang)}"
        for f, reason in report.unattributed
    ]
    earlier = {(kept, other) for _, _, kept, other in report.attempts}
    lines += [
        f"- {markdown_code(other, PATH_LIMIT)}: "
        + m(
            "grade.earlier_attempt" if (kept, other) in earlier else "grade.duplicate",
            kept=markdown_code(kept, PATH_LIMIT),
        )  # fmt: skip
        for kept, other in report.duplicates
    ]
    lines += [] if report.unattributed or report.duplicates else [m("grade.none")]
    return "\n".join(lines) + "\n"


def _first_line(text: dict | None, lang: str) -> str:
    """The first line of a message, bounded (a message can hold a student's exception text)."""
    first = pick(text, lang)[: MESSAGE_LIMIT * 8].split("\n", 1)[0] if text else ""
    return flat(first, MESSAGE_LIMIT)


def _histogram(report: ClassReport, width: int) -> list[str]:
    most = max(report.histogram) if report.histogram else 0
    lines = []
    for band, count in enumerate(report.histogram):
        low = band * 10
        lines.append(f"{low:3d}–{low + 10 if band < 9 else 100:3d}% {count:4d} {_bar(count, most, width)}")
    return lines


def print_report(report: ClassReport, lang: str, console, meta: dict) -> None:
    from rich.table import Table
    from rich.text import Text

    from checker.render import cjk

    cjk.enable()  # Japanese breaks between characters, not only at spaces

    def m(key: str, **fields: object) -> str:
        return message(key, lang, **fields)

    summary = m(
        "grade.summary",
        students=len(report.rows),
        submissions=meta.get("submissions", 0),
        reused=meta.get("reused", 0),
    )
    console.print(Text(summary, style="bold"))
    for line in _histogram(report, 40):
        console.print(Text(line))
    worst = sorted(report.rates, key=lambda r: r.passed / max(r.graded, 1))[:5]
    if worst:
        table = Table(title=m("grade.hardest"), header_style="bold")
        table.add_column(m("grade.col_exercise"))
        table.add_column(m("grade.col_test"))
        table.add_column(m("grade.col_passed"), justify="right")
        for rate in worst:
            table.add_row(str(rate.exercise), Text(pick(rate.name, lang)), f"{rate.passed}/{rate.graded}")
        console.print(table)
    if report.misconceptions:
        table = Table(title=m("grade.misconceptions"), header_style="bold")
        table.add_column(m("grade.col_count"), justify="right")
        table.add_column(m("grade.col_misconception"))
        table.add_column(m("grade.col_reteach"))
        for item in report.misconceptions[:8]:
            table.add_row(str(item.count), Text(pick(item.title, lang)), Text(pick(item.reteach, lang)))
        console.print(table)
    for p in report.problems[:20]:
        console.print(
            Text(
                f"⚠ {flat(p.student)} ex{p.exercise}: {flat(p.kind)} — {_first_line(p.message, lang)}",
                style="yellow",
            )
        )
    if len(report.problems) > 20:
        console.print(Text(m("grade.more_problems", count=len(report.problems) - 20), style="yellow"))
    for f, reason in report.unattributed[:20]:
        console.print(Text(f"? {flat(f, PATH_LIMIT)}: {flat(_reason(reason, lang))}", style="dim"))
