"""`lstm-quiz grade` and `lstm-quiz merge`: the instructor's batch."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
from pathlib import Path

import click

from checker.cli.options import (
    chosen_exercise,
    exercise_option,
    exercises_option,
    lang_option,
    open_registry,
    resolve_lang,
    sandbox_option,
    timeout_option,
)

FORMATS = ("csv", "json", "gradescope")
OUTPUT_NAMES = ("journal.jsonl", "gradebook.csv", "results.json", "report.md", "gradescope", "discovery.json")
SECRET_FILE = "secret.txt"
SECRET_ENV = "LSTM_QUIZ_SECRET"
MIN_SECRET_LENGTH = 16  # characters; the generated secret has 32


def _message(key: str, lang: str, **fields: object) -> str:
    from checker.i18n import message

    return message(key, lang, **fields)


class Refused(click.ClickException):
    """A usage error of one line (exit status 2): the input, OUT or the shards given cannot be used."""

    exit_code = 2


def _shown(path: object) -> str:
    from checker.inert import PATH_LIMIT, flat

    return flat(path, PATH_LIMIT)


def _reason(error: OSError) -> str:
    """An operating system error's reason, without its file name (which the message gives)."""
    return error.strerror or type(error).__name__


def _check_paths(submissions: Path, out: Path, lang: str) -> None:
    """OUT must be a folder (or not exist yet), and outside the submissions (else the next run would
    take its outputs for submissions)."""
    if out.exists() and not out.is_dir():
        raise Refused(_message("grade.out_is_file", lang, out=_shown(out)))
    if submissions.is_dir():
        inside, top = out.resolve(), submissions.resolve()
        if inside == top or top in inside.parents:
            raise Refused(
                _message("grade.out_inside", lang, out=_shown(out), submissions=_shown(submissions))
            )


def _roster(path: Path | None, lang: str) -> list[str]:
    """The roster's student ids (none without --roster); one that cannot be read is a usage error."""
    import csv

    from checker.batch.discover import read_roster

    if path is None:
        return []
    try:
        return read_roster(path)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        reason = error.strerror if isinstance(error, OSError) else type(error).__name__
        raise Refused(_message("grade.bad_roster", lang, path=_shown(path), reason=reason)) from None


def _not_a_class(error, lang: str) -> Refused:
    """discover.NotAClass as a one-line usage error."""
    fields = {k: _shown(v) if isinstance(v, (str, Path)) else v for k, v in error.fields.items()}
    if "reason" in fields and fields["reason"].startswith("grade."):
        fields["reason"] = _message(fields["reason"], lang)
    return Refused(_message(error.key, lang, **fields))


@contextlib.contextmanager
def _holding(out: Path, lang: str):
    """OUT made (if need be) and held by this run alone, for as long as the block runs. A second run is
    refused at once; a lock left by a run that has ended is taken over. OUT made here and left empty
    (the input was refused, say) is removed again."""
    from checker.batch.journal import Busy, lock_folder

    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = lock_folder(out)
    except Busy as busy:
        raise click.ClickException(
            _message("grade.out_locked", lang, out=_shown(out), pid=busy.pid or "?")
        ) from None
    except OSError as error:
        raise Refused(
            _message("grade.out_unwritable", lang, out=_shown(out), reason=_reason(error))
        ) from None
    if lock.stale is not None:
        click.echo(_message("grade.stale_lock", lang, out=_shown(out), pid=lock.stale), err=True)
    try:
        yield lock
    finally:
        lock.release()
        if created:
            with contextlib.suppress(OSError):
                out.rmdir()  # only if empty


def _output_error(error: OSError, path: Path, lang: str) -> click.ClickException:
    """A failed write of the journal or an output: one clear line (exit status 1); --resume goes on."""
    import errno

    if error.errno == errno.ENOSPC:
        return click.ClickException(_message("grade.disk_full", lang, path=_shown(path)))
    where = error.filename if isinstance(error.filename, str) else path
    return click.ClickException(
        _message("grade.write_failed", lang, path=_shown(where), reason=_reason(error))
    )


TEMPORARY = re.compile(
    r"^\.(?:gradebook\.csv|results\.json|report\.md|discovery\.json|secret\.txt)\.[a-z0-9_]{8}$"
)


def _remove_temporaries(out: Path) -> None:
    """What an interrupted write left (a temporary file made next to an output, never renamed into
    place): only our own names (tempfile's eight characters after an output's name)."""
    folders = [out, *(p for p in (out / "gradescope").glob("*") if p.is_dir())]
    for folder in folders:
        for path in folder.glob(".*"):
            if TEMPORARY.match(path.name) and path.is_file():
                with contextlib.suppress(OSError):
                    path.unlink()


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


def _put(path: Path, text: str, private: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    from checker.files import write_new_file

    write_new_file(path, text.encode("utf-8"), overwrite=True, sync=private)
    if private:
        os.chmod(path, 0o600)


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
        "attempts": [
            [flat(student), int(number), flat(kept, PATH_LIMIT), flat(other, PATH_LIMIT)]
            for student, number, kept, other in discovery.get("attempts", [])
        ],
        "roster": [flat(wanted) for wanted in discovery.get("roster", [])],
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


def _students_outputs(tasks: list[tuple]) -> list[str]:
    """_student_outputs for each of a chunk of students."""
    return [_student_outputs(*task) for task in tasks]


def _chunked(items, count: int, pieces: int = 16, most: int = 64):
    """`items` (`count` of them) in lists of about count/pieces, at most `most` each."""
    size = max(1, min(most, -(-count // pieces)))
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
        if workers:  # in chunks: a round trip per student would cost more than the student's files
            chunks = workers.map(
                _students_outputs, ((chunk,) for chunk in _chunked(tasks(), len(report.rows)))
            )
            lines = (line for chunk in chunks for line in chunk)
        else:
            lines = (_student_outputs(*t) for t in tasks())
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
@exercise_option("Grade every file as this exercise (number or name).")
@exercises_option
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of student ids: the missing ones get 0.",
)
@click.option("--resume", is_flag=True, help="Continue an interrupted run in OUT (nothing graded twice).")
@click.option("--force", is_flag=True, help="Replace the outputs already in OUT.")
@timeout_option("Seconds per submission, at most.")
@click.option(
    "--shard",
    metavar="K/N",
    help="Grade only the K-th of N deterministic slices (merge them with `lstm-quiz merge`).",
)
@sandbox_option
@lang_option
def grade(
    submissions, out, formats, jobs, secret, exercise, exercise_dirs, roster, resume, force, timeout, shard,
    sandbox, lang,
) -> None:  # fmt: skip
    """Grade a class: SUBMISSIONS is a folder (one subfolder per student, or files named by student,
    as Moodle and Canvas download them) or a .zip of either."""
    from rich.console import Console
    from rich.text import Text

    from checker.batch.discover import NotAClass, check_input
    from checker.batch.engine import (
        Settings,
        Workers,
        choose_secret,
        seed_from_secret,
    )
    from checker.batch.engine import (
        shard as slice_,
    )
    from checker.batch.report import build
    from checker.inert import PATH_LIMIT, flat
    from checker.render.grade_view import print_report

    lang = resolve_lang(lang)
    which = _parse_shard(shard)
    registry = open_registry(exercise_dirs, lang)
    exercise = chosen_exercise(registry, exercise, lang)
    _check_paths(submissions, out, lang)
    try:
        check_input(submissions)
    except NotAClass as error:
        raise _not_a_class(error, lang) from None
    secret_path = out / SECRET_FILE
    if secret is None and resume and secret_path.is_file():
        secret = secret_path.read_text(encoding="utf-8").strip()  # generated for this run, as strong
    elif secret is not None or os.environ.get(SECRET_ENV) is not None:
        _refuse_weak_secret(secret if secret is not None else os.environ[SECRET_ENV], lang)
    roster_ids = _roster(roster, lang)
    console = Console(stderr=True, highlight=False)
    with _holding(out, lang):
        _check_out(out, resume, force, lang)
        _remove_temporaries(out)
        secret, generated = choose_secret(secret)
        settings = Settings(
            seed=seed_from_secret(secret),
            jobs=jobs or os.cpu_count() or 1,
            timeout=timeout,
            mode=sandbox,
            version=_version(registry, lang),
            exercise_dirs=tuple(str(p.resolve()) for p in exercise_dirs),
        )
        journal, previous = _open_journal(out, console, lang)
        done = {s.key for s in previous}
        try:  # a full disk, a folder gone read-only: one line, and --resume goes on
            with contextlib.ExitStack() as stack:
                # A fresh run has everything to grade: the workers boot while the files are found.
                workers = (
                    stack.enter_context(Workers(settings)) if settings.jobs > 1 and not previous else None
                )
                found = _discover(stack, submissions, exercise, lang, registry)
                if generated:  # kept once there is a class to grade with it
                    _put(secret_path, secret + "\n", private=True)
                    console.print(
                        Text(_message("grade.new_secret", lang, path=flat(secret_path, PATH_LIMIT)))
                    )
                journal.path.touch()  # there even if this shard has nothing to grade: merge looks for it
                chosen = slice_(found.submissions, *which) if which else found.submissions
                entries = _run(chosen, settings, journal, previous, console, lang, workers)
                del chosen, found.submissions[:]  # graded: the summaries say the rest (memory stays flat)
                stack.callback(journal.close)
                report = build(entries, roster_ids, found.students, found.unattributed, found.duplicates,
                               found.attempts, registry)  # fmt: skip
                meta = {
                    "input": flat(submissions, PATH_LIMIT),
                    "submissions": len(entries),
                    "reused": sum(1 for e in entries if e.key in done),
                    "version": settings.version,
                    "seed_fingerprint": settings.digest,
                    "shard": shard,
                }
                _put(out / "discovery.json", _discovery_json(_found_dict(found, roster_ids), meta, which))
                written = _write_outputs(
                    out, journal, entries, report, formats or FORMATS, lang, meta, workers
                )
        except OSError as error:
            raise _output_error(error, out, lang) from None
    print_report(report, lang, Console(highlight=False), meta)
    click.echo(_wrote(written, lang))


def _open_journal(out: Path, console, lang: str):
    """OUT's journal (an unfinished last line removed, and said so) and what it holds."""
    from rich.text import Text

    from checker.batch.journal import JOURNAL, Journal

    journal = Journal(out / JOURNAL)
    try:
        if journal.repair():
            console.print(
                Text(_message("grade.journal_torn", lang, path=_shown(journal.path)), style="yellow")
            )
        previous, warnings = journal.read()
    except OSError as error:
        raise _output_error(error, journal.path, lang) from None
    for warning in warnings:
        console.print(Text(f"warning: {_shown(warning)}", style="yellow"))
    return journal, previous


def _version(registry, lang: str) -> str:
    """The grader's version, and a digest of the instructor's own exercises: a result is reused only
    while the code that graded it is the same."""
    from checker.batch.engine import grader_version

    version = grader_version()
    own = [info for info in registry.infos().values() if not info.shipped]
    if own:
        import hashlib

        digest = hashlib.sha256()
        for info in own:
            for name in ("exercise.yaml", "spec.py"):
                digest.update((info.folder / name).read_bytes())
        version += "+" + digest.hexdigest()[:12]
    return version


def _discover(stack: contextlib.ExitStack, submissions: Path, exercise: int | None, lang: str, registry):
    """The class found in SUBMISSIONS (a zip extracted for as long as `stack` lasts), or a one-line
    error: a damaged zip or no student at all is a usage error; a zip that escapes, or an unreadable
    file, an error."""
    from checker.batch.discover import Input, NotAClass, check_found, discover
    from checker.inert import MESSAGE_LIMIT, clean

    try:
        root = stack.enter_context(Input(submissions))
        found = discover(root, exercise, registry)
        check_found(found, submissions)
    except NotAClass as error:
        raise _not_a_class(error, lang) from None
    except (ValueError, OSError) as error:  # a zip that escapes or is too large, a file that cannot be read
        raise click.ClickException(clean(error, MESSAGE_LIMIT)) from None  # it may quote a file's name
    return found


def _found_dict(found, roster_ids: list[str]) -> dict:
    parts = ("students", "unattributed", "duplicates", "attempts")
    return {part: getattr(found, part) for part in parts} | {"roster": roster_ids}


def _discovery_json(discovery: dict, meta: dict, which: tuple[int, int] | None) -> str:
    """discovery.json: what was found, the roster, and the run (its secret's fingerprint, never the
    secret; its shard K/N; its counts), which `merge` checks and joins."""
    run = {k: meta[k] for k in ("input", "submissions", "reused", "version", "seed_fingerprint")}
    run["shard"] = list(which or (1, 1))
    return json.dumps(dict(_clean_discovery(discovery), run=run), ensure_ascii=False, indent=2)


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

            if isinstance(error.__cause__, OSError):  # the journal cannot be written: a full disk, say
                raise _output_error(error.__cause__, journal.path, lang) from None
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
@exercises_option
@lang_option
def merge(shards, out, formats, roster, force, exercise_dirs, lang) -> None:
    """Join the journals of shard folders (from `grade --shard K/N`) into one set of outputs: the same
    as one run, roster rows included. Shards graded with another secret, or a set with one missing, are
    refused."""
    from rich.console import Console

    from checker.render.grade_view import print_report

    lang = resolve_lang(lang)
    if out.exists() and not out.is_dir():
        raise Refused(_message("grade.out_is_file", lang, out=_shown(out)))
    roster_ids = _roster(roster, lang)
    runs = [(folder, _finished_run(folder, lang)) for folder in shards]
    _check_shards(runs, lang)
    with _holding(out, lang):
        _check_out(out, False, force, lang)
        _remove_temporaries(out)
        try:
            registry = open_registry(exercise_dirs, lang)
            report, meta, written = _join(runs, out, formats or FORMATS, roster_ids, lang, registry)
        except OSError as error:
            raise _output_error(error, out, lang) from None
    print_report(report, lang, Console(highlight=False), meta)
    click.echo(_wrote(written, lang))


def _finished_run(folder: Path, lang: str) -> dict:
    """A shard folder's discovery.json, with the record of its run; refused if the folder holds no
    journal, or no record of a finished run (interrupted, or from an older version)."""
    from checker.batch.journal import JOURNAL

    if not (folder / JOURNAL).is_file():
        raise Refused(_message("merge.no_journal", lang, folder=_shown(folder)))
    try:
        info = json.loads((folder / "discovery.json").read_text(encoding="utf-8"))
        run = info["run"]
        k, n = (int(x) for x in run["shard"])
        if not (isinstance(run["seed_fingerprint"], str) and 1 <= k <= n):
            raise ValueError(run)
    except (OSError, ValueError, KeyError, TypeError):
        raise Refused(_message("merge.unfinished", lang, folder=_shown(folder))) from None
    return info


def _check_shards(runs: list[tuple[Path, dict]], lang: str) -> None:
    """One secret, one N, every K from 1 to N exactly once."""
    from collections import Counter

    def listed(pairs) -> str:
        return ", ".join(f"{_shown(folder)}: {value}" for folder, value in pairs)

    prints = [(folder, info["run"]["seed_fingerprint"]) for folder, info in runs]
    if len({fp for _, fp in prints}) > 1:
        raise Refused(_message("merge.secrets_differ", lang, folders=listed(prints)))
    splits = [(folder, tuple(int(x) for x in info["run"]["shard"])) for folder, info in runs]
    if len({n for _, (_, n) in splits}) > 1:
        raise Refused(
            _message("merge.splits_differ", lang, shards=listed((f, f"{k}/{n}") for f, (k, n) in splits))
        )
    count = splits[0][1][1]
    twice = [k for k, times in Counter(k for _, (k, _) in splits).items() if times > 1]
    if twice:
        folders = ", ".join(_shown(f) for f, (k, _) in splits if k == twice[0])
        raise Refused(_message("merge.shard_twice", lang, shard=f"{twice[0]}/{count}", folders=folders))
    missing = sorted(set(range(1, count + 1)) - {k for _, (k, _) in splits})
    if missing:
        raise Refused(_message("merge.incomplete", lang, missing=", ".join(map(str, missing)), count=count))


def _join(runs: list[tuple[Path, dict]], out: Path, formats, roster: list[str], lang: str, registry=None):
    """The shards' journals joined into OUT's, and the outputs written from it: (report, meta, written)."""
    from checker.batch.journal import JOURNAL, Journal
    from checker.batch.report import build

    entries: dict = {}
    discovery: dict = {"students": {}, "unattributed": [], "duplicates": [], "attempts": [], "roster": []}
    journals = []
    for folder, info in runs:
        shard_journal = Journal(folder / JOURNAL)
        journals.append(shard_journal)
        found, warnings = shard_journal.read()
        for warning in warnings:
            click.echo(f"warning: {_shown(warning)}", err=True)
        for summary in found:
            entries[(summary.student, summary.exercise)] = (shard_journal, summary)
        discovery["students"].update(info.get("students", {}))
        for part in ("unattributed", "duplicates", "attempts", "roster"):
            items = [tuple(x) if isinstance(x, list) else x for x in info.get(part, [])]
            discovery[part] += [x for x in items if x not in discovery[part]]
    discovery["roster"] += [r for r in roster if r not in discovery["roster"]]
    journal = Journal(out / JOURNAL)
    if journal.path.exists():
        journal.path.unlink()  # --force was given (checked before): the joined journal replaces it
    merged = []
    for key in sorted(entries):
        source, summary = entries[key]
        line = source.line_at(summary.offset).decode("utf-8").rstrip("\n")
        merged.append(dataclasses.replace(summary, offset=journal.append(line)))
    for shard_journal in journals:
        shard_journal.close()
    journal.sync()
    report = build(merged, discovery["roster"], discovery["students"], discovery["unattributed"],
                   discovery["duplicates"], discovery["attempts"], registry)  # fmt: skip
    meta = _joined_meta([info["run"] for _, info in runs], [f for f, _ in runs], len(merged))
    try:
        _put(out / "discovery.json", _discovery_json(discovery, meta, None))
        written = _write_outputs(out, journal, merged, report, formats, lang, meta)
    finally:
        journal.close()
    return report, meta, written


def _joined_meta(runs: list[dict], folders: list[Path], count: int) -> dict:
    """The meta of the joined outputs: what one run of the whole class would have said."""
    inputs = {run.get("input") for run in runs}
    versions = {run.get("version") for run in runs}
    return {
        "input": inputs.pop() if len(inputs) == 1 else _shown(", ".join(map(str, folders))),
        "submissions": count,
        "reused": sum(int(run.get("reused", 0)) for run in runs),
        "version": versions.pop() if len(versions) == 1 else None,
        "seed_fingerprint": runs[0]["seed_fingerprint"],
        "shard": None,
    }
