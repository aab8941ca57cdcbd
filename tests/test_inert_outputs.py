"""Whatever a student chooses — a file's name, what their code raises or prints — reaches the terminal,
the JSON files, the gradebook, the class report and the Gradescope files as plain, bounded text."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from rich.console import Console

from checker.batch.journal import Entry, Journal, Summary, summarize
from checker.batch.report import build
from checker.cli import main
from checker.codecheck import CheckResult
from checker.codecheck import TestResult as CaseResult  # not collected as a test class
from checker.render.check_console import print_check
from checker.render.check_view import dumps
from checker.render.grade_view import gradebook_csv, print_report, report_markdown

SECRET = "k7Qm2VxN4pLr9TzW"
# What a terminal would obey: clear the screen, set the clipboard (OSC 52), return to the start of the
# line, an 8-bit CSI; Rich markup; a right-to-left override; a lone surrogate (not UTF-8 at all).
HOSTILE = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\rgone\x9b31m [bold red]fake[/bold red] \u202eabc \ud800"
# Anything a terminal, a JSON reader or an editor would take for something other than text.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def both(text: str) -> dict:
    return {"en": text, "ko": text}


def hostile_result(message: str = HOSTILE, stdout: str = HOSTILE, file: str = "ex\x1b[2J.py") -> CheckResult:
    raised = both(f"Raised ValueError: {message}\n✓ a forged line that looks like a passed test   1/1")
    return CheckResult(
        exercise=1,
        function="gradient_clipping",
        file=file,
        status="error",
        score=0.0,
        max_score=2.0,
        tests=(
            CaseResult(
                "a",
                both("a visible test"),
                "visible",
                "error",
                0.0,
                1.0,
                raised,
                details={
                    "traceback": f"Traceback (most recent call last):\n  {message}\nValueError: {message}"
                },
            ),
            CaseResult("b", both("a hidden test"), "hidden", "error", 0.0, 1.0, raised, hint=both("a hint")),
        ),
        stdout=stdout,
    )


def strings(value):
    """Every string in a JSON value (keys too)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def terminal() -> tuple[Console, io.StringIO]:
    """A terminal without colours: whatever control character it receives came from the text."""
    out = io.StringIO()
    return Console(file=out, force_terminal=True, color_system=None, width=120, highlight=False), out


def summary(student: str, name: str = "exercise1.py", error: dict | None = None, **fields) -> Summary:
    values = dict(exercise=1, name=name, lms_id=None, key=f"k-{student}", score=0.0, max_score=2.0,
                  status="error" if error else "fail", error_kind="import" if error else None, error=error,
                  tags=(), layout=(), marks="")  # fmt: skip
    values.update(fields)
    return Summary(student, **values)


# -- 1. the terminal and JSON -----------------------------------------------------------------------


def test_the_check_report_sends_no_escape_and_no_markup_to_the_terminal():
    console, out = terminal()
    print_check(hostile_result(), "en", both("Gradient clipping"), console, verbose=True)
    whole_file = CheckResult(1, "gradient_clipping", "x.py", "error", 0.0, 2.0, error=both(f"Loading failed: {HOSTILE}"),
                             error_kind="import")  # fmt: skip
    print_check(whole_file, "en", both("Gradient clipping"), console)
    shown = out.getvalue()
    assert not RAW.search(shown), [m.group() for m in RAW.finditer(shown)][:5]
    assert "\\x1b[2J" in shown and "\\x9b" in shown and "\\u202e" in shown  # shown, visibly escaped
    assert "[bold red]fake[/bold red]" in shown  # markup is text, never styling
    # a line the code raised stays indented under its test: it cannot pass for a test of its own
    assert not any(line.startswith("✓") for line in shown.splitlines())


def test_the_class_summary_sends_no_escape_and_no_markup_to_the_terminal():
    report = build(
        [summary(f"mallory{HOSTILE}", name=f"{HOSTILE}.py", error=both(f"The file raised: {HOSTILE}"))],
        roster=[f"[link=https://example.com]zoe[/link]{HOSTILE}"],
        unattributed=[(f"notes{HOSTILE}.txt", "grade.not_python")],
    )
    console, out = terminal()
    print_report(report, "en", console, {"submissions": 1})
    shown = out.getvalue()
    assert not RAW.search(shown), [m.group() for m in RAW.finditer(shown)][:5]
    assert "[bold red]fake[/bold red]" in shown and "\\x1b[2J" in shown


def test_json_outputs_are_valid_utf8_whatever_the_code_raised_or_printed(tmp_path):
    text = dumps(hostile_result(), "en")
    data = json.loads(text.encode("utf-8"))  # a lone surrogate would not even encode
    assert not any(RAW.search(s) for s in strings(data))
    assert "\\ud800" in data["tests"][0]["message"] and "\\x1b[2J" in data["stdout"]
    # the journal keeps it too (as a JSON escape), and the whole result reads back
    journal = Journal(tmp_path / "journal.jsonl")
    offset = journal.append(Entry("eve", 1, "eve/exercise1.py", "0" * 64, "k", None, hostile_result()))
    journal.close()
    (tmp_path / "journal.jsonl").read_bytes().decode("utf-8")  # strict: valid UTF-8
    assert journal.entry_at(offset).result.stdout == HOSTILE


def test_check_prints_a_hostile_file_name_as_plain_text(tmp_path, monkeypatch):
    from checker.sandbox import prestart

    monkeypatch.setattr(
        prestart, "take", lambda mode, allow=(): contextlib.nullcontext()
    )  # no sandbox needed
    path = tmp_path / "notes\x1b]52;c;ZXZpbA==\x07[red]x.py"
    path.write_text("x = 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]52;c;ZXZpbA==\\x07[red]x.py" in result.output


# -- 2. the gradebook --------------------------------------------------------------------------------


def test_gradebook_cells_never_start_a_formula_and_hold_no_control_character(tmp_path):
    root = tmp_path / "class"
    for name in ("=SUM(A1:A2)", "@cmd", "+1", "\tTab", "\rReturn", "x\x1b[2Jy", "alice"):
        (root / name).mkdir(parents=True)
        (root / name / "notes.py").write_text("x = 1\n", encoding="utf-8")  # no exercise: nothing is run
    roster = tmp_path / "roster.csv"
    roster.write_text('student_id\n-2+3\n"=HYPERLINK(""http://example.com"",""x"")"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "grade",
            str(root),
            "-o",
            str(out),
            "-j",
            "1",
            "--seed",
            SECRET,
            "--roster",
            str(roster),
            "--format",
            "csv",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    students = {row["student"] for row in rows}
    assert {
        "'=SUM(A1:A2)",
        "'@cmd",
        "'+1",
        "'-2+3",
        '\'=HYPERLINK("http://example.com","x")',
        "alice",
    } <= students
    for row in rows:
        for column in ("student", "lms_id", "status", "misconceptions"):
            assert not row[column].startswith(FORMULA), row
        assert not any(RAW.search(cell) for cell in row.values()), row
        if row["status"] == "unread":  # files handed in, none gradable: no total, not a 0
            assert row["total"] == ""
        else:
            assert float(row["total"]) == 0  # our numbers stay numbers


def test_gradebook_cells_are_bounded():
    report = build([summary("=" + "x" * 100_000)], roster=["-" + "y" * 100_000])
    rows = list(csv.reader(io.StringIO(gradebook_csv(report))))
    assert all(len(cell) <= 201 for row in rows for cell in row)
    assert all(row[0].startswith("'") for row in rows[1:])


# -- 3. the class report -----------------------------------------------------------------------------

HEADINGS = [
    "Class report — class|of\n## 2026",
    "Scores (total, % of the maximum)",
    "Pass rate per test",
    "Most common misconceptions",
    "Submissions that errored or timed out",
    "Missing",
    "Files not graded",
]


def _tokens(text: str):
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def _shown(token) -> str:
    """The text a reader sees of an inline token."""
    return "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))


def test_the_class_report_keeps_its_structure_whatever_the_names():
    names = [
        "x\n## Missing\n- fake",
        "a|b",
        "back`tick",
        "[link](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "# head",
        "1. item",
        "> quote",
        "_em_ **strong** ~~gone~~",
        "&lt;entity&gt;",
        "  indented",
        "---",
        "\\",
    ]
    problems = [
        summary(
            "x\n## Fake problem\n| a | b |",
            name="a`b`` | c\n# d.py",
            error=both("The file raised an error while loading: ValueError: boom\n## Fake\n- item"),
        )
    ]
    report = build(
        problems,
        roster=names,
        unattributed=[
            ("x\n## Fake file\n- y.txt", "grade.not_python"),
            ("`[x](y)`|.txt", "<b>an old reason</b>"),
        ],
        duplicates=[("kept`x\n# k.py", "other|x\n> o.py")],
    )
    text = report_markdown(report, "en", {"input": "class|of\n## 2026", "submissions": 1})
    tokens = _tokens(text)
    headings = [_shown(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [h.replace("\n", "\\x0a") for h in HEADINGS]
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_block", "html_inline", "link_open", "image", "em_open", "strong_open", "s_open",
                        "blockquote_open", "ordered_list_open", "code_block", "hr"}  # fmt: skip
    assert sum(t.type == "fence" for t in tokens) == 1  # the histogram
    assert sum(t.type == "list_item_open" for t in tokens) == 1 + 2 + 1  # a problem, 2 files, a duplicate
    for row in (i for i, t in enumerate(tokens) if t.type == "tr_open"):
        cells = 0
        for t in tokens[row + 1 :]:
            if t.type == "tr_close":
                break
            cells += t.type in ("th_open", "td_open")
        assert cells == 4
    # every name is shown as written (escaped controls aside), in one paragraph after its heading
    missing = next(
        i for i, t in enumerate(tokens) if t.type == "heading_open" and _shown(tokens[i + 1]) == "Missing"
    )
    shown = _shown(tokens[missing + 4])
    expected = ", ".join(n.replace("\n", "\\x0a") for n in sorted(names, key=str.casefold))
    assert shown == expected
    items = [_shown(tokens[i + 2]) for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert items[0].startswith(
        "x\\x0a## Fake problem\\x0a| a | b |, 1 (a`b`` | c\\x0a# d.py): import — The file raised"
    )
    assert items[0].endswith("ValueError: boom")  # the first line of the message only
    assert "`[x](y)`|.txt: <b>an old reason</b>" in items


LINKS = "log in at https://evil.example/login or www.evil.com, mailto:admin@evil.com, admin@evil.com"


def test_the_class_report_starts_no_link_of_its_own():
    # GitHub links bare addresses, "www." and e-mail addresses; linkify-it is a renderer that does too
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
    md.linkify.set({"fuzzy_link": True, "fuzzy_email": True})
    report = build([summary("www.evil.com", error=both(f"ImportError: {LINKS}"))], roster=["ann@evil.com"])
    text = report_markdown(report, "en", {"input": "https://evil.example", "submissions": 1})
    tokens = md.parse(text)
    children = [c for t in tokens for c in t.children or []]
    assert not [c for c in children if c.type == "link_open"], text
    shown = "".join(c.content for c in children if c.type in ("text", "text_special"))
    assert LINKS in shown and "ann@evil.com" in shown and "www.evil.com" in shown


def test_the_class_report_is_bounded():
    huge = "x" * 1_000_000
    report = build(
        [summary(huge, name=huge, error=both(huge))],
        roster=[huge + "1"],
        unattributed=[(huge, "grade.too_large")],
    )
    text = report_markdown(report, "en", {"input": huge})
    assert max(len(line) for line in text.splitlines()) < 6_000
    assert len(text) < 20_000


# -- 4. the Gradescope files -------------------------------------------------------------------------

STUDENTS = ["Eve", "eve", "eve'x", "eve_x", " ..", "..", ".hidden", "a\u202eb", "x" * 300, "CON", "김민수",
            "e\u0301", "\u00e9", "a/b", "a\\b", "x\x1b[2J"]  # fmt: skip


def _write(out: Path, tmp_path: Path, formats: tuple[str, ...]):
    from checker.batch.outputs import write_outputs as _write_outputs

    journal = Journal(tmp_path / f"journal-{out.name}.jsonl")
    summaries = []
    for student in STUDENTS:
        plain = HOSTILE.replace("\ud800", "")  # the journal and lone surrogates are another test's
        result = hostile_result(message=plain, stdout=plain)
        entry = Entry(student, 1, f"{student}/exercise1.py", "0" * 64, f"k-{student}", None, result)
        summaries.append(replace(summarize(entry), offset=journal.append(entry)))
    journal.sync()
    out.mkdir()
    _write_outputs(out, journal, summaries, build(summaries), formats, "en", {"input": "class"})
    journal.close()


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def test_gradescope_files_are_safe_distinct_and_inside_out(tmp_path):
    out = tmp_path / "out"
    _write(out, tmp_path, ("gradescope",))
    files = sorted(out.rglob("results.json"))
    assert not (out / "results.json").exists()  # ' ..' did not write over the class's own file
    assert len(files) == len(STUDENTS)
    folders = [f.parent.name for f in files]
    for f in files:
        assert f.resolve().parent.parent == (out / "gradescope").resolve()
    for name in folders:
        assert name not in (".", "..") and not name.startswith(".") and name == name.strip(" .")
        assert not RAW.search(name) and "/" not in name and "\\" not in name
        assert len(name.encode("utf-8")) <= 80
    assert len({_fold(name) for name in folders}) == len(STUDENTS)  # even where case does not count
    assert {"eve_x", "김민수"} <= set(folders)  # a name that is already safe and alone is kept
    for f in files:
        data = json.loads(f.read_bytes().decode("utf-8"))
        assert not any(RAW.search(s) for s in strings(data))
        assert data["output_format"] == "text" and {t["output_format"] for t in data["tests"]} == {"text"}
    # the same class gives the same names, and results.json says whose file is whose
    again = tmp_path / "again"
    _write(again, tmp_path, ("gradescope", "json"))
    assert sorted(f.parent.name for f in again.rglob("results.json") if f.parent != again) == sorted(folders)
    data = json.loads((again / "results.json").read_bytes().decode("utf-8"))
    assert len(data["students"]) == len(STUDENTS)
    for student in data["students"]:
        assert (again / student["gradescope"]).is_file()
        assert not any(RAW.search(s) for s in strings(student))


# -- 5. the secret -----------------------------------------------------------------------------------


@pytest.fixture
def empty_class(tmp_path):
    root = tmp_path / "class"
    (root / "alice").mkdir(parents=True)
    (root / "alice" / "notes.txt").write_text("nothing to grade\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "args, env, words",
    [
        (["--seed", "spring-2026"], {}, "at least 16"),
        (["--seed", ""], {}, "at least 16"),
        ([], {"LSTM_QUIZ_SECRET": "hunter2"}, "LSTM_QUIZ_SECRET"),
        (["--seed", "spring-2026", "--lang", "ko"], {}, "16자 이상"),
    ],
)
def test_a_short_secret_is_refused_with_a_way_to_make_one(empty_class, tmp_path, args, env, words):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["grade", str(empty_class), "-o", str(out), "-j", "1", *args],
        env={"LSTM_QUIZ_SECRET": None, **env},
    )
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert words in result.output
    assert 'python -c "import secrets; print(secrets.token_urlsafe(24))"' in result.output
    assert "spring-2026" not in result.output and "hunter2" not in result.output
    assert not out.exists()


def test_a_long_secret_and_the_generated_one_are_accepted(empty_class, tmp_path):
    runner = CliRunner()
    given = runner.invoke(main, ["grade", str(empty_class), "-o", str(tmp_path / "a"), "-j", "1", "--seed", SECRET],
                          env={"LSTM_QUIZ_SECRET": None})  # fmt: skip
    assert given.exit_code == 0, given.output
    from_env = runner.invoke(main, ["grade", str(empty_class), "-o", str(tmp_path / "b"), "-j", "1"],
                             env={"LSTM_QUIZ_SECRET": SECRET})  # fmt: skip
    assert from_env.exit_code == 0, from_env.output
    generated = runner.invoke(main, ["grade", str(empty_class), "-o", str(tmp_path / "c"), "-j", "1"],
                              env={"LSTM_QUIZ_SECRET": None})  # fmt: skip
    assert generated.exit_code == 0, generated.output
    kept = (tmp_path / "c" / "secret.txt").read_text(encoding="utf-8").strip()
    assert len(kept) >= 16
    resumed = runner.invoke(main, ["grade", str(empty_class), "-o", str(tmp_path / "c"), "-j", "1", "--resume"],
                            env={"LSTM_QUIZ_SECRET": None})  # fmt: skip
    assert resumed.exit_code == 0, resumed.output
    assert (tmp_path / "c" / "secret.txt").read_text(encoding="utf-8").strip() == kept


# -- 6. bounds, and the names a class can hold ------------------------------------------------------


def test_what_a_submission_raised_or_printed_is_bounded():
    huge = "A" * 1_000_000
    result = hostile_result(message=huge, stdout=huge, file="f" * 100_000)
    assert len(dumps(result, "en")) < 80_000  # what the sandbox keeps of the output (64 KiB), and a little
    console, out = terminal()
    print_check(result, "en", both("Gradient clipping"), console)
    assert len(out.getvalue()) < 30_000


def test_undecodable_and_control_names_give_clean_json_and_distinct_students(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    names = [b"bad\xff", b"x\x1b[2Jy", b"a\x01b", b"a\\x01b"]  # the last one is plain text that looks escaped
    for name in names:
        folder = os.path.join(os.fsencode(root), name)
        os.mkdir(folder)
        with open(os.path.join(folder, b"notes.py"), "w", encoding="utf-8") as handle:
            handle.write("x = 1\n")
    with open(os.path.join(os.fsencode(root), b"evil\x1b]52;c;ZXZpbA==\x07\xfe.txt"), "w") as handle:
        handle.write("hi")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["grade", str(root), "-o", str(out), "-j", "1", "--seed", SECRET], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.output)
    for name in ("discovery.json", "results.json"):
        data = json.loads((out / name).read_bytes().decode("utf-8"))
        assert not any(RAW.search(s) for s in strings(data))
    students = json.loads((out / "discovery.json").read_bytes().decode("utf-8"))["students"]
    assert len(students) == len(names)
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        assert len({row["student"] for row in csv.DictReader(handle)}) == len(names)


def test_the_class_files_are_written_while_the_workers_write_the_students(tmp_path, monkeypatch):
    """With workers, the gradebook and the reports are written by a thread of the command while it
    waits on the workers for the students' files; what was written is listed as without workers."""
    import threading

    from checker.batch import outputs

    class InlineWorkers:  # the students' files made in the calling thread, as a worker's answers come
        def map(self, function, arguments):
            for args in arguments:
                yield function(*args)

    by = {}
    put = outputs.put
    monkeypatch.setattr(outputs, "put", lambda path, text, private=False: (
        by.__setitem__(Path(path).name, threading.current_thread().name), put(path, text, private)))  # fmt: skip
    formats = ("csv", "json", "gradescope", "feedback", "html")
    listed = {}
    for name, workers in (("alone", None), ("workers", InlineWorkers())):
        journal = Journal(tmp_path / f"journal-{name}.jsonl")
        summaries = []
        for student in ("ann", "bob"):
            entry = Entry(
                student, 1, f"{student}/exercise1.py", "0" * 64, f"k-{student}", None, hostile_result()
            )
            summaries.append(replace(summarize(entry), offset=journal.append(entry)))
        out = tmp_path / name
        out.mkdir()
        written = outputs.write_outputs(out, journal, summaries, build(summaries), formats, "en", {}, workers)
        journal.close()
        listed[name] = [p.relative_to(out).as_posix() for p in written]
        assert all(p.exists() for p in written)
    assert listed["alone"] == listed["workers"]
    assert listed["workers"][0] == "gradebook.csv" and listed["workers"][-2:] == ["report.md", "report.html"]
    assert by["gradebook.csv"] == by["report.html"] == "lstm-quiz-background"
    assert by["ann.html"] == threading.main_thread().name
