"""A CheckResult as a Rich report on the terminal (`lstm-quiz check`); check_view.py holds its JSON."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from checker.codecheck import ERROR, PASS, CheckResult
from checker.figures import format_number
from checker.i18n import message, pick
from checker.inert import MESSAGE_LIMIT, TRACEBACK_LIMIT, clean, flat
from checker.render import cjk
from checker.render.check_view import ERROR_LIMIT, isolation_summary
from checker.submission import LISTED_NOTES

cjk.enable()  # Japanese breaks between characters, not only at spaces

MARKS = {PASS: ("✓", "green"), "fail": ("✗", "red"), ERROR: ("⚠", "yellow")}
MAX_SHOWN_OUTPUT = 2000


def print_check(result: CheckResult, lang: str, title: dict, console: Console, verbose: bool = False) -> None:
    def m(key: str, **fields: object) -> str:
        return message(key, lang, **fields)

    heading = Text(m("check.title", number=result.exercise, title=pick(title, lang)), style="bold")
    heading.append(f" — {flat(result.file)}", style="dim")
    console.print(heading)
    _print_notes(result, lang, console)
    if result.error:
        style = "red" if result.grader_fault else "yellow"
        console.print(
            Panel(Text(clean(pick(result.error, lang), ERROR_LIMIT)), border_style=style, padding=(0, 1))
        )
    elif result.tests:
        # the named mistake first; the hidden tests that fail after it, grouped under it
        diagnosed = bool(result.misconceptions or result.findings)
        if diagnosed:
            _print_diagnosis(result, lang, console)
        grouped = [t for t in result.tests if diagnosed and t.visibility == "hidden" and t.status != PASS]
        width = max(cell_len(_test_name(t, lang)) for t in result.tests) + 2
        for test in result.tests:
            if test not in grouped:
                _print_test(console, test, lang, width)
        if grouped:
            _print_grouped(console, grouped, lang, width)
    console.print()
    score = Text(
        m("check.score", score=format_number(result.score), max_score=format_number(result.max_score)),
        style="bold",
    )
    if result.status == PASS:
        score.append("  " + m("check.all_passed"), style="green")
    console.print(score)
    if not result.error and any(t.visibility == "hidden" and t.status != PASS for t in result.tests):
        console.print(Text(m("check.hidden_note"), style="dim"))
    if result.stdout.strip():
        shown = clean(result.stdout[:MAX_SHOWN_OUTPUT])  # escapes make it longer, never a terminal's command
        note = (
            m("check.output_truncated")
            if result.stdout_truncated or len(result.stdout) > MAX_SHOWN_OUTPUT
            else ""
        )
        console.print(
            Panel(
                Text(shown.rstrip() + ("\n" + note if note else "")),
                title=m("check.output"),
                title_align="left",
                border_style="dim",
            )
        )
    if verbose or result.grader_fault:
        console.print(Text(m("check.isolation", layers=isolation_summary(result.isolation)), style="dim"))


def _print_notes(result: CheckResult, lang: str, console: Console) -> None:
    """How the file was read (its encoding, a notebook's lines left out), before the verdict."""
    if result.notes:
        lines = [
            ("    " if getattr(n, "key", "") in LISTED_NOTES else "• ") + clean(pick(n, lang), MESSAGE_LIMIT)
            for n in result.notes
        ]
        console.print(
            Panel(
                Text("\n".join(lines)),
                title=message("submission.notes", lang),
                title_align="left",
                border_style="cyan",
                padding=(0, 1),
            )
        )


def _print_diagnosis(result: CheckResult, lang: str, console: Console) -> None:
    """The catalogued mistake (or, when none fits, the probes' evidence), each in a box."""
    for hit in result.misconceptions:
        body = Text(pick(hit.title, lang), style="bold")
        body.append("\n" + pick(hit.explanation, lang))
        _box(console, body, message("check.misconception", lang))
    if result.findings and not result.misconceptions:  # the probes' evidence, when no catalogued mistake fits
        body = Text("\n".join(f"• {clean(pick(f, lang), MESSAGE_LIMIT)}" for f in result.findings))
        _box(console, body, message("check.findings", lang))


def _box(console: Console, body: Text, title: str) -> None:
    console.print(Panel(body, title=title, title_align="left", border_style="yellow", padding=(0, 1)))


def _print_grouped(console: Console, tests, lang: str, width: int) -> None:
    """Failing hidden tests after a named mistake: one line each, their hints once."""
    console.print(Text(message("check.hidden_group", lang, count=len(tests)), style="bold"))
    for test in tests:
        mark, style = MARKS.get(test.status, ("?", ""))
        line = Text(f"{mark} ", style=style)
        name = _test_name(test, lang)
        line.append(name + " " * max(1, width - cell_len(name)))
        line.append(f"{format_number(test.score)}/{format_number(test.max_score)}", style="dim")
        console.print(line)
    hints = list(dict.fromkeys(pick(t.hint, lang) for t in tests if t.hint))
    if hints:
        console.print(Text(f"    {message('check.hints', lang)}:", style="cyan"))
        for hint in hints:
            console.print(Text(f"    • {hint}", style="cyan"))


def _print_test(console: Console, test, lang: str, width: int) -> None:
    mark, style = MARKS.get(test.status, ("?", ""))
    line = Text(f"{mark} ", style=style)
    name = _test_name(test, lang)
    line.append(name + " " * max(1, width - cell_len(name)))  # cell widths: Hangul takes two columns
    line.append(f"{format_number(test.score)}/{format_number(test.max_score)}", style="dim")
    console.print(line)
    if test.status == PASS:
        return
    indent = "    "
    if test.message:
        # every line indented: what the code raised cannot pass for a line of the report
        console.print(Text(_indent(clean(pick(test.message, lang), MESSAGE_LIMIT), indent), style=style))
    if test.hint:
        console.print(Text(f"{indent}{message('check.hint', lang)}: {pick(test.hint, lang)}", style="cyan"))
    details = test.details or {}
    if details.get("traceback"):
        console.print(
            Text(_indent(clean(details["traceback"], TRACEBACK_LIMIT).rstrip(), indent), style="dim")
        )
    for key in ("inputs", "expected", "got"):
        if key in details:
            console.print(Text(f"{indent}{message('check.' + key, lang)}:", style="bold"))
            for name, value in details[key].items():
                first, *rest = clean(value, TRACEBACK_LIMIT).splitlines() or [""]
                hang = " " * (len(name) + 3)
                console.print(
                    Text("\n".join([f"{indent}  {name} = {first}"] + [f"{indent}  {hang}{r}" for r in rest]))
                )
    if "max_abs_error" in details and details.get("first_mismatch") is not None and "got_value" in details:
        console.print(
            Text(
                indent
                + message(
                    "check.errors",
                    lang,
                    abs=details["max_abs_error"],
                    rel=details["max_rel_error"],
                    index=tuple(details["first_mismatch"]),
                    want=details["expected_value"],
                    got=details["got_value"],
                ),
                style="dim",
            )
        )


def _test_name(test, lang: str) -> str:
    name = pick(test.name, lang)
    if test.visibility == "hidden":
        name += f" [{message('check.hidden', lang)}]"
    return name


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())
