"""A graded class as CSV, JSON, Gradescope results.json files, a Markdown report and a Rich summary."""

from __future__ import annotations

import csv
import io
import json

from checker.batch.journal import Entry
from checker.batch.report import ClassReport
from checker.codecheck import PASS
from checker.i18n import pick
from checker.render.check_view import check_json
from checker.variant import format_number


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
        ]
    )
    for row in report.rows:
        scores = [format_number(row.scores[n]) if row.scores[n] is not None else "" for n in report.exercises]
        writer.writerow(
            [row.student, row.lms_id or "", *scores, format_number(row.total), format_number(row.max_total), row.status,
             "; ".join(row.misconceptions)]
        )  # fmt: skip
    return out.getvalue()


def results_json(entries: list[Entry], report: ClassReport, lang: str, meta: dict) -> str:
    """Every test of every submission (the instructor's file)."""
    data = {
        **meta,
        "students": [
            {
                "student": row.student,
                "lms_id": row.lms_id,
                "status": row.status,
                "total": row.total,
                "max_total": row.max_total,
                "submissions": [
                    dict(check_json(e.result, lang), student=e.student, name=e.name, sha256=e.sha256)
                    for e in sorted(entries, key=lambda e: e.exercise)
                    if e.student == row.student
                ],
            }
            for row in report.rows
        ],
        "unattributed": [{"file": f, "reason": r} for f, r in report.unattributed],
        "duplicates": [{"kept": k, "set_aside": o} for k, o in report.duplicates],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def gradescope(entries: list[Entry], lang: str) -> dict:
    """One student's results.json in the fields Gradescope documents; hidden tests stay hidden."""
    tests = []
    outputs = []
    for entry in sorted(entries, key=lambda e: e.exercise):
        result = entry.result
        if result.error:
            outputs.append(f"Exercise {entry.exercise} ({entry.name}): {pick(result.error, lang)}")
        for m in result.misconceptions:
            outputs.append(f"Exercise {entry.exercise}: {pick(m.title, lang)} — {pick(m.explanation, lang)}")
        for number, test in enumerate(result.tests, start=1):
            text = [pick(test.message, lang)] if test.message else []
            if test.hint:
                text.append(f"Hint: {pick(test.hint, lang)}")
            tests.append(
                {
                    "name": f"Exercise {entry.exercise}: {pick(test.name, lang)}",
                    "number": f"{entry.exercise}.{number}",
                    "score": test.score,
                    "max_score": test.max_score,
                    "status": "passed" if test.status == PASS else "failed",
                    "output": "\n".join(text),
                    "visibility": "hidden" if test.visibility == "hidden" else "visible",
                    "tags": [test.misconception] if test.misconception else [],
                }
            )
    return {
        "score": sum(e.result.score for e in entries),
        "max_score": sum(e.result.max_score for e in entries),
        "output": "\n".join(outputs),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def _bar(count: int, most: int, width: int = 30) -> str:
    return "█" * (round(width * count / most) if most else 0)


def report_markdown(report: ClassReport, lang: str, meta: dict) -> str:
    lines = [f"# Class report — {meta.get('input', '')}", ""]
    students = len(report.rows)
    lines.append(
        f"{students} students · {meta.get('submissions', 0)} submissions graded "
        f"({meta.get('reused', 0)} reused from the journal) · grader {meta.get('version', '')}"
    )
    lines += ["", "## Scores (total, % of the maximum)", "", "```"]
    most = max(report.histogram) if report.histogram else 0
    for band, count in enumerate(report.histogram):
        low = band * 10
        label = f"{low:3d}–{low + 10 if band < 9 else 100:3d}%"
        lines.append(f"{label} {count:4d} {_bar(count, most)}")
    lines += [
        "```",
        "",
        "## Pass rate per test",
        "",
        "| exercise | test | visibility | passed |",
        "| --- | --- | --- | --- |",
    ]
    for rate in sorted(report.rates, key=lambda r: (r.exercise, r.passed / max(r.graded, 1))):
        percent = 100 * rate.passed / rate.graded if rate.graded else 0
        lines.append(
            f"| {rate.exercise} | {pick(rate.name, lang)} | {rate.visibility} | {rate.passed}/{rate.graded} ({percent:.0f}%) |"
        )
    lines += ["", "## Most common misconceptions", ""]
    if report.misconceptions:
        lines += ["| count | misconception | what to re-teach |", "| --- | --- | --- |"]
        for m in report.misconceptions:
            lines.append(f"| {m.count} | {pick(m.title, lang)} (`{m.tag}`) | {pick(m.reteach, lang)} |")
    else:
        lines.append("None recognised.")
    lines += ["", "## Submissions that errored or timed out", ""]
    if report.problems:
        for p in report.problems:
            first = pick(p.message, lang).splitlines()[0] if p.message else ""
            lines.append(f"- {p.student}, exercise {p.exercise} (`{p.name}`): {p.kind} — {first}")
    else:
        lines.append("None.")
    missing = [r.student for r in report.rows if r.status == "missing"]
    lines += ["", "## Missing", "", ", ".join(missing) if missing else "None."]
    lines += ["", "## Files not graded", ""]
    if report.unattributed or report.duplicates:
        lines += [f"- `{f}`: {reason}" for f, reason in report.unattributed]
        lines += [
            f"- `{other}`: a second file for the same student and exercise; graded `{kept}`"
            for kept, other in report.duplicates
        ]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def print_report(report: ClassReport, lang: str, console, meta: dict) -> None:
    from rich.table import Table
    from rich.text import Text

    students = len(report.rows)
    console.print(
        Text(
            f"{students} students · {meta.get('submissions', 0)} submissions · {meta.get('reused', 0)} reused",
            style="bold",
        )
    )
    most = max(report.histogram) if report.histogram else 0
    for band, count in enumerate(report.histogram):
        low = band * 10
        console.print(
            Text(f"{low:3d}–{low + 10 if band < 9 else 100:3d}% {count:4d} {_bar(count, most, 40)}")
        )
    worst = sorted(report.rates, key=lambda r: r.passed / max(r.graded, 1))[:5]
    if worst:
        table = Table(title="Hardest tests", header_style="bold")
        table.add_column("ex.")
        table.add_column("test")
        table.add_column("passed", justify="right")
        for rate in worst:
            table.add_row(str(rate.exercise), pick(rate.name, lang), f"{rate.passed}/{rate.graded}")
        console.print(table)
    if report.misconceptions:
        table = Table(title="Most common misconceptions", header_style="bold")
        table.add_column("count", justify="right")
        table.add_column("misconception")
        table.add_column("re-teach")
        for m in report.misconceptions[:8]:
            table.add_row(str(m.count), pick(m.title, lang), pick(m.reteach, lang))
        console.print(table)
    for p in report.problems[:20]:
        first = pick(p.message, lang).splitlines()[0] if p.message else ""
        console.print(Text(f"⚠ {p.student} ex{p.exercise}: {p.kind} — {first}", style="yellow"))
    if len(report.problems) > 20:
        console.print(Text(f"… and {len(report.problems) - 20} more (see the report file)", style="yellow"))
    for f, reason in report.unattributed[:20]:
        console.print(Text(f"? {f}: {reason}", style="dim"))
