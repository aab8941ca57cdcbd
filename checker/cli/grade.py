"""`lstm-quiz grade` and `lstm-quiz merge`: the instructor's batch."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
from pathlib import Path

import click

from checker.cli.options import lang_option, resolve_lang

FORMATS = ("csv", "json", "gradescope")
OUTPUT_NAMES = ("journal.jsonl", "gradebook.csv", "results.json", "report.md", "gradescope", "discovery.json")
SECRET_FILE = "secret.txt"
SECRET_ENV = "LSTM_QUIZ_SECRET"
MIN_SECRET_LENGTH = 16  # characters; the generated secret has 32


def _message(key: str, lang: str, **fields: object) -> str:
    from checker.i18n import message

    return message(key, lang, **fields)


def _wrote(written: list[Path], lang: str) -> str:
    from checker.inert import PATH_LIMIT, flat

    shown = ", ".join(flat(p, PATH_LIMIT) for p in written[:4]) + (" …" if len(written) > 4 else "")
    return _message("grade.wrote", lang, paths=shown)


def _refuse_weak_secret(secret: str, lang: str) -> None:
    """A secret chosen by hand (--seed or the environment) must be long enough not to be guessed:
    whoever knows it can compute the hidden cases. A usage error (exit status 2) on one line."""
    length = len(secret.strip())
    if length < MIN_SECRET_LENGTH:
        click.echo(
            _message("grade.weak_secret", lang, env=SECRET_ENV, length=length, minimum=MIN_SECRET_LENGTH),
            err=True,
        )
        raise click.exceptions.Exit(2)


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    match = re.fullmatch(r"(\d+)/(\d+)", value.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise click.BadParameter("use K/N with 1 ≤ K ≤ N, e.g. 3/8", param_hint="--shard")
    return int(match.group(1)), int(match.group(2))


def _check_out(out: Path, resume: bool, force: bool, lang: str) -> None:
    """Never overwrite an earlier run's files unless asked to."""
    from checker.i18n import message

    if out.exists() and not out.is_dir():
        raise click.ClickException(f"{out} is a file, not a folder")
    taken = [name for name in OUTPUT_NAMES if (out / name).exists()]
    if taken and not (resume or force):
        raise click.ClickException(message("grade.out_taken", lang, out=out, names=", ".join(taken)))


def _write_chunks(path: Path, chunks) -> None:
    """Write a large file piece by piece to a temporary name, then rename it into place."""
    import tempfile

    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _put(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    from checker.files import write_new_file

    write_new_file(path, text.encode("utf-8"), overwrite=True, sync=False)


def _clean_discovery(discovery: dict) -> dict:
    """discovery.json's content as clean JSON: every name one line of valid UTF-8, bounded."""
    from checker.inert import PATH_LIMIT, flat

    def text(value):
        return flat(value) if value is not None else None

    return {
        "students": {flat(student): text(lms_id) for student, lms_id in discovery["students"].items()},
        "unattributed": [
            [flat(name, PATH_LIMIT), flat(reason)] for name, reason in discovery["unattributed"]
        ],
        "duplicates": [
            [flat(kept, PATH_LIMIT), flat(other, PATH_LIMIT)] for kept, other in discovery["duplicates"]
        ],
    }


_READERS: dict = {}


def _student_outputs(journal_path: str, offsets: list[int], row, lang: str, json_line: bool,
                     gradescope_path: str | None, gradescope_name: str | None = None) -> str:  # fmt: skip
    """One student's whole results read back from the journal: their Gradescope file written, and
    their line of results.json returned (empty if not wanted). Runs in the workers when there are."""
    from checker.batch.journal import Journal
    from checker.render.grade_view import gradescope, student_json

    entries = []
    if offsets:
        status = os.stat(journal_path)
        key = (journal_path, status.st_dev, status.st_ino)  # a journal replaced since is another file
        journal = _READERS.get(key) or _READERS.setdefault(key, Journal(Path(journal_path)))
        entries = [journal.entry_at(offset) for offset in offsets]
    if gradescope_path is not None and entries:
        _put(Path(gradescope_path), json.dumps(gradescope(entries, lang), ensure_ascii=False))
    return student_json(row, entries, lang, gradescope_name) if json_line else ""


def _gradescope_paths(out: Path, students, lang: str) -> dict[str, Path]:
    """Where each student's Gradescope file goes: OUT/gradescope/<name>/results.json, the names safe
    and distinct even where case does not count (inert.file_names), and checked to stay inside."""
    from checker.inert import file_names

    base = out / "gradescope"
    inside = base.resolve()
    paths = {}
    for student, name in file_names(students).items():
        path = base / name / "results.json"
        if path.resolve().parent.parent != inside:  # a link planted in OUT, say
            raise click.ClickException(_message("grade.unsafe_path", lang, path=path, out=base))
        paths[student] = path
    return paths


def _write_outputs(
    out: Path, journal, summaries, report, formats, lang: str, meta: dict, workers=None
) -> list[Path]:
    """The gradebook, results.json, Gradescope files and report.md. Whole results are read back from
    the journal one student at a time (`summaries` say where each is), in the workers if given."""
    from checker.batch.report import GRADER
    from checker.render.grade_view import gradebook_csv, report_markdown, results_json

    written = []
    where: dict[str, list[int]] = {}
    for summary in summaries:
        where.setdefault(summary.student, []).append(summary.offset)

    def put(path: Path, text: str) -> None:
        _put(path, text)
        written.append(path)

    paths = (
        _gradescope_paths(out, [row.student for row in report.rows], lang) if "gradescope" in formats else {}
    )

    def tasks():
        for row in report.rows:
            mine = where.get(row.student, [])
            # A file the grader failed on has no score yet: no Gradescope file rather than a zero the
            # student did not earn (the report lists the file; --resume grades it and writes this one).
            path = paths.get(row.student) if mine and row.status != GRADER else None
            if path is not None:
                written.append(path)
            yield (str(journal.path), mine, row, lang, "json" in formats, str(path) if path else None,
                   path.relative_to(out).as_posix() if path else None)  # fmt: skip

    if "csv" in formats:
        put(out / "gradebook.csv", gradebook_csv(report))
    if "json" in formats or "gradescope" in formats:
        journal.sync()
        lines = workers.map(_student_outputs, tasks()) if workers else (_student_outputs(*t) for t in tasks())
        if "json" in formats:
            _write_chunks(out / "results.json", results_json(report, lines, lang, meta))
            written.append(out / "results.json")
        else:
            for _ in lines:
                pass
        while _READERS:  # this process's own readers (the workers' end with them)
            _READERS.popitem()[1].close()
    put(out / "report.md", report_markdown(report, lang, meta))
    if hasattr(os, "sync"):
        os.sync()  # one flush for all of them (each file was still written whole, then renamed)
    return written


@click.command()
@click.argument("submissions", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    default=Path("grading"),
    show_default=True,
    help="Folder for the gradebook, results, report and journal.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help="Outputs to write (repeatable; default: all). The report is always written.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    help="Parallel graders (default: the number of cores).",
)
@click.option(
    "--seed",
    "secret",
    metavar="SECRET",
    help=f"Secret for the hidden cases, at least {MIN_SECRET_LENGTH} characters (or ${SECRET_ENV}); "
    f"default: a random one, kept in OUT/{SECRET_FILE}.",
)
@click.option("--exercise", type=click.IntRange(1, 2), help="Grade every file as this exercise.")
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of student ids: the missing ones get 0.",
)
@click.option("--resume", is_flag=True, help="Continue an interrupted run in OUT (nothing graded twice).")
@click.option("--force", is_flag=True, help="Replace the outputs already in OUT.")
@click.option(
    "--timeout",
    type=click.FloatRange(0.5, 600),
    default=10.0,
    show_default=True,
    help="Seconds per submission, at most.",
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Grade only the K-th of N deterministic slices (merge them with `lstm-quiz merge`).",
)
@click.option("--sandbox", type=click.Choice(["fork", "spawn"]), default="fork", show_default=True)
@lang_option
def grade(
    submissions, out, formats, jobs, secret, exercise, roster, resume, force, timeout, shard, sandbox, lang
) -> None:
    """Grade a class: SUBMISSIONS is a folder (one subfolder per student, or files named by student,
    as Moodle and Canvas download them) or a .zip of either."""
    from rich.console import Console
    from rich.text import Text

    from checker.batch.discover import Input, discover, read_roster
    from checker.batch.engine import (
        Settings,
        Workers,
        choose_secret,
        grader_version,
        seed_from_secret,
    )
    from checker.batch.engine import (
        shard as slice_,
    )
    from checker.batch.journal import JOURNAL, Journal
    from checker.batch.report import build
    from checker.inert import MESSAGE_LIMIT, PATH_LIMIT, clean, flat
    from checker.render.grade_view import print_report

    lang = resolve_lang(lang)
    which = _parse_shard(shard)
    secret_path = out / SECRET_FILE
    if secret is None and resume and secret_path.is_file():
        secret = secret_path.read_text(encoding="utf-8").strip()  # generated for this run, as strong
    elif secret is not None or os.environ.get(SECRET_ENV) is not None:
        _refuse_weak_secret(secret if secret is not None else os.environ[SECRET_ENV], lang)
    _check_out(out, resume, force, lang)
    out.mkdir(parents=True, exist_ok=True)
    console = Console(stderr=True, highlight=False)
    secret, generated = choose_secret(secret)
    if generated:
        from checker.files import write_new_file

        write_new_file(secret_path, (secret + "\n").encode(), overwrite=True)
        os.chmod(secret_path, 0o600)
        console.print(Text(_message("grade.new_secret", lang, path=flat(secret_path, PATH_LIMIT))))
    settings = Settings(
        seed=seed_from_secret(secret),
        jobs=jobs or os.cpu_count() or 1,
        timeout=timeout,
        mode=sandbox,
        version=grader_version(),
    )
    journal = Journal(out / JOURNAL)
    previous, warnings = journal.read()
    for warning in warnings:
        console.print(Text(f"warning: {flat(warning, PATH_LIMIT)}", style="yellow"))
    done = {s.key for s in previous}
    with contextlib.ExitStack() as stack:
        # A fresh run has everything to grade: the workers boot while the files are found.
        workers = stack.enter_context(Workers(settings)) if settings.jobs > 1 and not previous else None
        try:
            root = stack.enter_context(Input(submissions))
        except (ValueError, OSError) as error:  # a zip that escapes, is too large or is damaged
            raise click.ClickException(clean(error, MESSAGE_LIMIT)) from None  # it may quote a file's name
        found = discover(root, exercise)
        chosen = slice_(found.submissions, *which) if which else found.submissions
        entries = _run(chosen, settings, journal, previous, console, lang, workers)
        del chosen, found.submissions[:]  # graded: the summaries say the rest (memory stays flat)
        stack.callback(journal.close)
        roster_ids = read_roster(roster) if roster else []
        report = build(entries, roster_ids, found.students, found.unattributed, found.duplicates)
        meta = {
            "input": flat(submissions, PATH_LIMIT),
            "submissions": len(entries),
            "reused": sum(1 for e in entries if e.key in done),
            "version": settings.version,
            "seed_fingerprint": settings.digest,
            "shard": shard,
        }
        discovery = {
            "students": found.students,
            "unattributed": found.unattributed,
            "duplicates": found.duplicates,
        }
        (out / "discovery.json").write_text(  # names are inert from discovery on; cleaned again all the same
            json.dumps(_clean_discovery(discovery), ensure_ascii=False, indent=2), encoding="utf-8")  # fmt: skip
        written = _write_outputs(out, journal, entries, report, formats or FORMATS, lang, meta, workers)
    print_report(report, lang, Console(highlight=False), meta)
    click.echo(_wrote(written, lang))


def _run(chosen, settings, journal, previous, console, lang, workers=None):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from checker.batch.engine import GraderFault, grade_all

    columns = [
        TextColumn(_message("grade.progress", lang)),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}/s"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("grading", total=len(chosen), rate="–")
        started = [None]

        def tick(entry, reused: bool) -> None:
            import time

            now = time.monotonic()
            started[0] = started[0] or now
            completed = progress.tasks[0].completed + 1
            elapsed = now - started[0]
            progress.update(task, advance=1, rate=f"{completed / elapsed:.0f}" if elapsed > 0.5 else "–")

        try:
            return grade_all(chosen, settings, journal, previous, tick, workers)
        except KeyboardInterrupt:
            raise click.ClickException(_message("grade.interrupted", lang, path=journal.path)) from None
        except GraderFault as error:  # its message can name a student's file
            from checker.inert import MESSAGE_LIMIT, clean

            raise click.ClickException(
                f"{clean(error, MESSAGE_LIMIT)}\n" + _message("grade.interrupted", lang, path=journal.path)
            ) from None
        finally:
            journal.sync()


@click.command()
@click.argument(
    "shards", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "-o", "--out", type=click.Path(path_type=Path), required=True, help="Folder for the joined outputs."
)
@click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True)
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the outputs already in OUT.")
@lang_option
def merge(shards, out, formats, roster, force, lang) -> None:
    """Join the journals of shard folders (from `grade --shard K/N`) into one set of outputs."""
    from rich.console import Console

    from checker.batch.discover import read_roster
    from checker.batch.journal import JOURNAL, Journal
    from checker.batch.report import build
    from checker.inert import PATH_LIMIT, flat
    from checker.render.grade_view import print_report

    lang = resolve_lang(lang)
    _check_out(out, False, force, lang)
    entries: dict = {}
    students: dict = {}
    unattributed: list = []
    duplicates: list = []
    journals = []
    for folder in shards:
        shard_journal = Journal(folder / JOURNAL)
        journals.append(shard_journal)
        found, warnings = shard_journal.read()
        for warning in warnings:
            click.echo(f"warning: {flat(warning, PATH_LIMIT)}", err=True)
        for summary in found:
            entries[(summary.student, summary.exercise)] = (shard_journal, summary)
        info_path = folder / "discovery.json"
        if info_path.exists():
            info = json.loads(info_path.read_text(encoding="utf-8"))
            students.update(info.get("students", {}))
            unattributed += [tuple(x) for x in info.get("unattributed", []) if tuple(x) not in unattributed]
            duplicates += [tuple(x) for x in info.get("duplicates", []) if tuple(x) not in duplicates]
    out.mkdir(parents=True, exist_ok=True)
    journal = Journal(out / JOURNAL)
    if journal.path.exists():
        journal.path.unlink()  # --force was given (checked above): the joined journal replaces it
    merged = []
    for key in sorted(entries):
        source, summary = entries[key]
        line = source.line_at(summary.offset).decode("utf-8").rstrip("\n")
        merged.append(dataclasses.replace(summary, offset=journal.append(line)))
    for shard_journal in journals:
        shard_journal.close()
    journal.sync()
    report = build(merged, read_roster(roster) if roster else [], students, unattributed, duplicates)
    meta = {
        "input": flat(", ".join(map(str, shards)), PATH_LIMIT),
        "submissions": len(merged),
        "reused": len(merged),
    }
    try:
        written = _write_outputs(out, journal, merged, report, formats or FORMATS, lang, meta)
    finally:
        journal.close()
    print_report(report, lang, Console(highlight=False), meta)
    click.echo(_wrote(written, lang))
