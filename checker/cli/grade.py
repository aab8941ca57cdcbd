"""`lstm-quiz grade` and `lstm-quiz merge`: the instructor's batch."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from pathlib import Path

import click

from checker.batch import outputs
from checker.batch.outputs import DEFAULT_FORMATS, FORMATS
from checker.cli.options import (
    allow_import_option,
    allowed_imports,
    chosen_exercise,
    exercise_option,
    exercises_option,
    lang_option,
    load_spec,
    open_registry,
    resolve_lang,
    sandbox_option,
    timeout_option,
)

SECRET_FILE = "secret.txt"
SECRET_ENV = "LSTM_QUIZ_SECRET"
MIN_SECRET_LENGTH = 16  # characters; the generated secret has 32


def _message(key: str, lang: str, **fields: object) -> str:
    from checker.i18n import message

    return message(key, lang, **fields)


class Refused(click.ClickException):
    """A usage error of one line (exit status 2): the input, OUT or the shards given cannot be used."""

    exit_code = 2


@contextlib.contextmanager
def _refusals(lang: str):
    """The library's refusals as one line: a usage error (2) or a failure (1)."""
    from checker.batch.outputs import Refusal
    from checker.specs.registry import ExerciseProblem

    try:
        yield
    except Refusal as refusal:
        fields = {k: _shown(v) if isinstance(v, Path) else v for k, v in refusal.fields.items()}
        text = _message(refusal.key, lang, **fields)
        raise (Refused(text) if refusal.usage else click.ClickException(text)) from None
    except MemoryError:  # the machine's or a limit's: what was graded is in the journal
        raise click.ClickException(_message("grade.out_of_memory", lang)) from None
    except (
        ExerciseProblem
    ) as problem:  # an exercise that loaded at first and not now (memory, a file changed)
        raise click.ClickException(_shown(problem)) from None


def _shown(path: object) -> str:
    from checker.inert import PATH_LIMIT, flat

    return flat(path, PATH_LIMIT)


def _reason(error: OSError) -> str:
    """An operating system error's reason, without its file name (which the message gives)."""
    return error.strerror or type(error).__name__


def _people(path: Path | None, lang: str):
    """The roster's people (none without --roster); one that cannot be read is a usage error."""
    import csv

    from checker.batch.discover import read_people

    if path is None:
        return []
    from checker.batch.roster import RosterEncoding

    try:
        return read_people(path)
    except RosterEncoding as error:
        key = "grade.roster_too_large" if str(error) == "too large" else "grade.roster_encoding"
        raise Refused(_message(key, lang, path=_shown(path))) from None
    except (OSError, csv.Error) as error:
        reason = error.strerror if isinstance(error, OSError) else _message("grade.roster_field", lang)
        raise Refused(_message("grade.bad_roster", lang, path=_shown(path), reason=reason)) from None


def _isolation_possible() -> bool:
    """Could this user's runners make a mount namespace of their own (sandbox/_mounts.py)? Tried in a
    process of its own; True off Linux, where there is nothing to say."""
    import sys

    if not sys.platform.startswith("linux"):
        return True
    from checker.sandbox import _mounts

    return _mounts.possible()


def _warn_without_isolation(possible: bool, lang: str) -> None:
    """Where a runner may not make a mount namespace of its own, its children see the machine's /proc
    and /sys (and, without bubblewrap, its writable mounts), where a bare lookup or a read leaves a mark
    a later child can read back (ARCHITECTURE.md): the instructor is told, and how to close it."""
    if not possible:
        click.echo(_message("grade.warning", lang, text=_message("grade.no_mount_namespace", lang)), err=True)


def _warn_unmatched(report, lms, formats, lang: str) -> None:
    """Say whom canvas.csv and moodle.csv leave out (their scores are in lms-unmatched.csv)."""
    from checker.batch.outputs import UNMATCHED
    from checker.inert import MESSAGE_LIMIT, flat
    from checker.render.lms_csv import canvas_csv, moodle_csv

    for name, render in (("canvas", canvas_csv), ("moodle", moodle_csv)):
        if name not in formats:
            continue
        left = [u.student for u in render(report, lms).unmatched]
        if left:
            names = ", ".join(left[:10]) + (" …" if len(left) > 10 else "")
            text = _message("lms.unmatched", lang, file=f"{name}.csv", count=len(left), names=names,
                            unmatched=UNMATCHED)  # fmt: skip
            click.echo(_message("grade.warning", lang, text=flat(text, MESSAGE_LIMIT)), err=True)


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


def _journal_there(path: Path, lang: str) -> None:
    """The journal made if it is not there, never through a link: a link, a folder, a pipe or a device
    at its name is refused before anything is written (it would lead the run's records elsewhere)."""
    import os
    import stat

    from checker.files import open_own

    refused = Refused(_message("grade.journal_not_a_file", lang, path=_shown(path)))
    try:
        fd = open_own(path, os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK)  # a pipe never makes it wait
    except OSError as error:
        if _not_a_file(error):
            raise refused from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise refused
    finally:
        os.close(fd)


def _not_a_file(error: OSError) -> bool:
    """The error of a file that is no regular file: a link (never followed), a folder, a pipe."""
    import errno

    from checker.files import NotRegularFileError

    return isinstance(error, NotRegularFileError) or error.errno in (errno.EISDIR, errno.ENXIO, errno.ELOOP)


def _output_error(error: OSError, path: Path, lang: str) -> click.ClickException:
    """A failed write of the journal or an output: one clear line (exit status 1); --resume goes on."""
    import errno

    if error.errno == errno.ENOSPC:
        return click.ClickException(_message("grade.disk_full", lang, path=_shown(path)))
    where = error.filename if isinstance(error.filename, str) else path
    return click.ClickException(
        _message("grade.write_failed", lang, path=_shown(where), reason=_reason(error))
    )


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


def _parse_shard(value: str | None, lang: str) -> tuple[int, int] | None:
    if value is None:
        return None
    match = re.fullmatch(r"(\d+)/(\d+)", value.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise click.BadParameter(_message("grade.shard_usage", lang), param_hint="--shard")
    return int(match.group(1)), int(match.group(2))


def lms_options(command):
    """--assignment and --excel: what the LMS files are written with (grade, merge)."""
    command = click.option(
        "--excel", is_flag=True, help="Write every CSV with a UTF-8 BOM, so Excel reads the names right."
    )(command)
    return click.option(
        "--assignment",
        metavar="NAME",
        help="Title of the grade column of canvas.csv and moodle.csv (default: the exercise's title, or "
        "lstm-quiz). In Canvas, 'Title (assignment id)' updates that assignment.",
    )(command)


format_option = click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help="Outputs to write (repeatable; default: csv, json, gradescope, html and feedback; canvas and moodle when "
    "asked). report.md is always written.",
)
roster_option = click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of student ids, or the class list Canvas or Moodle exports: the missing ones get 0.",
)


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
@format_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    help="Parallel graders (default and at most: the number of cores).",
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
@roster_option
@lms_options
@click.option("--resume", is_flag=True, help="Continue an interrupted run in OUT (nothing graded twice).")
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="ID",
    help="Grade this student again (repeatable), keeping everyone else's results in OUT as they are.",
)
@click.option(
    "--no-similarity",
    "no_similarity",
    is_flag=True,
    help="Do not look for similar submissions (similarity.json and the reports' section).",
)
@click.option("--force", is_flag=True, help="Replace the outputs already in OUT.")
@timeout_option("Seconds per submission, at most.")
@click.option(
    "--shard",
    metavar="K/N",
    help="Grade only the K-th of N deterministic slices (merge them with `lstm-quiz merge`).",
)
@sandbox_option
@allow_import_option
@lang_option
def grade(
    submissions, out, formats, jobs, secret, exercise, exercise_dirs, roster, assignment, excel, resume, only,
    no_similarity, force, timeout, shard, sandbox, allow_imports, lang,
) -> None:  # fmt: skip
    """Grade a class: SUBMISSIONS is a folder (one subfolder per student, or files named by student,
    as Moodle and Canvas download them) or a .zip of either."""
    from rich.console import Console
    from rich.text import Text

    from checker import entry
    from checker.background import in_background
    from checker.batch import early
    from checker.batch.discover import NotAClass, check_input
    from checker.batch.engine import (
        GRADER_FAULT,
        Settings,
        Workers,
        choose_secret,
        grading_version,
        seed_from_secret,
    )
    from checker.batch.engine import (
        shard as slice_,
    )
    from checker.batch.report import build, journal_catalogue
    from checker.batch.roster import LmsContext, default_title, roster_keys
    from checker.batch.similarity import class_similarity
    from checker.inert import PATH_LIMIT, flat
    from checker.render import cjk
    from checker.render.grade_view import print_report

    lang = resolve_lang(lang)
    given = early.secret()  # $LSTM_QUIZ_SECRET, out of the environment before any process is started
    _guard_the_grader(secret, lang)
    isolation = in_background(_isolation_possible)  # said at the end; tried while the class is graded
    allow = allowed_imports(allow_imports, lang) if allow_imports else ()
    which = _parse_shard(shard, lang)
    registry = open_registry(exercise_dirs, lang)
    for number, info in registry.infos().items():  # an instructor's spec.py that fails stops us here
        if not info.shipped:
            load_spec(registry, number, lang)
    exercise = chosen_exercise(registry, exercise, lang)
    with _refusals(lang):
        outputs.check_paths(submissions, out)
    try:
        check_input(submissions)
    except NotAClass as error:
        raise _not_a_class(error, lang) from None
    secret_path = out / SECRET_FILE
    if only:  # a regrade within a finished run: its secret, its journal, everyone else's results
        _check_only(out, shard, secret is not None or given is not None, lang)
        only = tuple(unicodedata.normalize("NFC", name) for name in only)  # as discovery names them
        resume = True
    if secret is None and resume and secret_path.is_file():
        secret = secret_path.read_text(encoding="utf-8").strip()  # generated for this run, as strong
    elif resume and secret is None and given is None and _journal_of(out).is_file():
        # graded with a secret given then: a new random one would regrade every file under other cases
        raise Refused(_message("grade.resume_needs_secret", lang, out=_shown(out), env=SECRET_ENV))
    elif secret is not None or given is not None:
        _refuse_weak_secret(secret if secret is not None else given, lang)
    people = _people(roster, lang)
    console = Console(stderr=True, highlight=False)
    cjk.enable()  # Japanese breaks between characters, not only at spaces
    with _holding(out, lang):
        with _refusals(lang):
            outputs.check_out(out, resume, force)
        outputs.remove_temporaries(out)
        secret, generated = choose_secret(secret if secret is not None else given)
        settings = Settings(
            seed=seed_from_secret(secret),
            jobs=_jobs(jobs, console, lang),
            timeout=timeout,
            mode=sandbox,
            # a file graded with other packages allowed, or another time limit, may fare otherwise:
            # its result is not reused (nor merged with this run's)
            version=grading_version(registry)
            + "".join(f"+allow:{name}" for name in sorted(allow))
            + f"+timeout:{timeout:g}",
            exercise_dirs=tuple(str(p.resolve()) for p in exercise_dirs),
            allow_imports=allow,
        )
        journal, previous = _open_journal(out, console, lang)
        _same_secret(previous, settings.digest, out, bool(only), force, lang)
        done = {s.key for s in previous if s.error_kind != GRADER_FAULT}  # a grader fault is graded again
        try:  # a full disk, a folder gone read-only: one line, and --resume goes on
            with _refusals(lang), contextlib.ExitStack() as stack:
                # A fresh run has everything to grade: the workers boot while the files are found.
                workers = None
                if settings.jobs > 1 and not previous:
                    workers = stack.enter_context(early.take(settings) or Workers(settings))
                else:
                    early.discard()
                found = _discover(stack, submissions, exercise, lang, registry)
                if generated:  # kept once there is a class to grade with it
                    outputs.put(secret_path, secret + "\n", private=True)
                    console.print(
                        Text(_message("grade.new_secret", lang, path=flat(secret_path, PATH_LIMIT)))
                    )
                _journal_there(journal.path, lang)  # even if this shard grades nothing: merge looks for it
                # The whole class, in every shard alike (a pair may lie across two shards); read while
                # the workers grade, never run.
                similar_of = (
                    None
                    if no_similarity
                    else in_background(class_similarity, list(found.submissions), registry)
                )
                class_print = outputs.class_fingerprint(found)  # of the whole class: alike in every shard
                chosen = slice_(found.submissions, *which) if which else found.submissions
                if only:
                    chosen = _only(chosen, only, lang)
                    kept = [p for p in previous if p.student not in set(only)]
                    entries = kept + _run(chosen, settings, journal, [], console, lang, workers)
                else:
                    entries = _run(chosen, settings, journal, previous, console, lang, workers)
                similar = None if similar_of is None else similar_of()
                # A shard's outputs speak of its own students: one whose files another shard grades is
                # not missing here (nor given a 0 in this shard's LMS files).
                elsewhere = (
                    {s.student for s in found.submissions} - {s.student for s in chosen} if which else set()
                )
                del chosen, found.submissions[:]  # graded: the summaries say the rest (memory stays flat)
                stack.callback(journal.close)
                roster_ids = roster_keys(people, found.students, found.lms)  # LMS names joined to the class
                report = build(entries, [r for r in roster_ids if r not in elsewhere],
                               {s: i for s, i in found.students.items() if s not in elsewhere},
                               found.unattributed, found.duplicates, found.attempts, registry,
                               found.unread, journal_catalogue(journal, entries))  # fmt: skip
                meta = {
                    "input": flat(submissions, PATH_LIMIT),
                    "submissions": len(entries),
                    "reused": sum(1 for e in entries if e.key in done),
                    "version": settings.version,
                    "seed_fingerprint": settings.digest,
                    "shard": shard,
                    "allowed_imports": list(allow),
                    "settings": {"timeout": timeout, "exercise": exercise, "allowed_imports": sorted(allow)},
                    "class_fingerprint": class_print,
                }
                outputs.put(
                    out / "discovery.json",
                    outputs.discovery_json(outputs.found_dict(found, roster_ids), meta, which, lang),
                )
                lms = LmsContext(people, found.lms, assignment or default_title(registry, report.exercises))
                written = outputs.write_outputs(
                    out,
                    journal,
                    entries,
                    report,
                    formats or DEFAULT_FORMATS,
                    lang,
                    meta,
                    workers,
                    lms,
                    excel,
                    similar,
                )
        except OSError as error:
            raise _output_error(error, out, lang) from None
    print_report(report, lang, Console(highlight=False), meta)
    click.echo(_wrote(written, lang))
    if similar is not None and similar.pairs:
        shown = out / ("report.html" if "html" in (formats or DEFAULT_FORMATS) else "report.md")
        click.echo(_message("grade.similar_found", lang, count=len(similar.pairs), path=_shown(shown)))
    _warn_unmatched(report, lms, formats, lang)
    _warn_without_isolation(isolation(), lang)
    entry.all_closed()  # the journal, every output and the workers are closed: nothing is left to tear down
    faults = sum(1 for e in entries if e.error_kind == "grader")
    if faults:  # the outputs stand, but the run is not finished: say so, and fail
        raise click.ClickException(_message("grade.grader_faults", lang, count=faults))


def _journal_of(out: Path) -> Path:
    from checker.batch.journal import JOURNAL

    return out / JOURNAL


def _check_only(out: Path, shard: str | None, secret_given: bool, lang: str) -> None:
    """--only regrades within a finished run in OUT (not a shard of one), with that run's secret."""
    from checker.batch.journal import JOURNAL

    if shard:
        raise click.UsageError(_message("grade.only_with_shard", lang))
    if not (out / JOURNAL).is_file():
        raise click.UsageError(_message("grade.only_needs_run", lang, out=_shown(out)))
    if not secret_given and not (out / SECRET_FILE).is_file():
        raise click.UsageError(_message("grade.only_needs_secret", lang, env=SECRET_ENV))


def _only(chosen, ids: tuple[str, ...], lang: str):
    """The submissions of the students named by --only; an id the class does not have is a usage error."""
    known = sorted({s.student for s in chosen})
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise click.UsageError(
            _message(
                "grade.only_unknown",
                lang,
                ids=", ".join(map(_shown, unknown)),
                known=_shown(", ".join(known[:10])),
            )
        )
    return [s for s in chosen if s.student in set(ids)]


def _warn(warning: str, lang: str) -> None:
    click.echo(_message("grade.warning", lang, text=_shown(warning)), err=True)


def _jobs(asked: int | None, console, lang: str) -> int:
    """Parallel graders: as asked, at most one per usable CPU. More would only take turns on the CPUs,
    and a file kept off the CPU long enough would seem to hang (its time limit is judged per file)."""
    from rich.text import Text

    from checker.batch import early

    usable = early.usable_cpus()
    if asked is None:
        return usable
    if asked > usable:
        console.print(Text(_message("grade.jobs_capped", lang, asked=asked, cpus=usable), style="yellow"))
        return usable
    return asked


def _open_journal(out: Path, console, lang: str):
    """OUT's journal (an unfinished last line removed, and said so) and what it holds."""
    import os
    import stat

    from rich.text import Text

    from checker.batch.journal import JOURNAL, Journal

    journal = Journal(out / JOURNAL)
    try:  # looked at, not opened: a pipe at its name would hold the run waiting for a writer
        mode = os.lstat(journal.path).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    except OSError as error:
        raise _output_error(error, journal.path, lang) from None
    if not stat.S_ISREG(mode):
        raise Refused(_message("grade.journal_not_a_file", lang, path=_shown(journal.path)))
    try:
        if journal.repair():
            console.print(
                Text(_message("grade.journal_torn", lang, path=_shown(journal.path)), style="yellow")
            )
        previous, damaged = journal.read()
    except OSError as error:
        if _not_a_file(error):
            raise Refused(_message("grade.journal_not_a_file", lang, path=_shown(journal.path))) from None
        raise _output_error(error, journal.path, lang) from None
    for number in damaged:
        text = _message("grade.journal_damaged", lang, path=_shown(journal.path), line=number)
        console.print(Text(text, style="yellow"))
    return journal, previous


def _same_secret(previous, digest: str, out: Path, only: bool, force: bool, lang: str) -> None:
    """Going on with a run under another secret would grade its files against other hidden cases than
    the ones already graded: refused (for --resume, unless --force asks to grade every file again; for
    --only always, since the rest of the class keeps its results)."""
    seeds = {summary.seed for summary in previous if summary.seed is not None}
    if not seeds or digest in seeds or (force and not only):
        return
    key = "grade.only_other_secret" if only else "grade.resume_other_secret"
    raise Refused(_message(key, lang, out=_shown(out), env=SECRET_ENV))


def _guard_the_grader(secret: str | None, lang: str) -> None:
    """Before any submission runs: this process's memory, environment and descriptors closed to its
    own user (a child runs as that user when the grader is not root), the secret of --seed blanked
    from the command line everyone may read, and no grading at all where the sandbox cannot keep a
    child out of the grader's files, unless waived."""
    from checker.sandbox import secrecy

    secrecy.not_dumpable()
    if secret:
        secrecy.hide_argument(secret)
    if not secrecy.file_isolation() and not secrecy.isolation_waived():
        raise click.ClickException(_message("grade.no_isolation", lang, variable=secrecy.ISOLATION_OFF))


def _discover(stack: contextlib.ExitStack, submissions: Path, exercise: int | None, lang: str, registry):
    """The class found in SUBMISSIONS (a zip extracted for as long as `stack` lasts), or a one-line
    error: a damaged zip or no student at all is a usage error; a zip that escapes, or an unreadable
    file, an error."""
    from checker.batch.discover import Input, NotAClass, check_found, discover
    from checker.inert import MESSAGE_LIMIT, clean

    try:
        given = Input(submissions, registry)
        root = stack.enter_context(given)
        found = discover(
            root, exercise, registry, given.skipped
        )  # with the members that could not be written
        check_found(found, submissions)
    except NotAClass as error:
        raise _not_a_class(error, lang) from None
    except (ValueError, OSError) as error:  # a zip that escapes or is too large, a file that cannot be read
        raise click.ClickException(clean(error, MESSAGE_LIMIT)) from None  # it may quote a file's name
    return found


@contextlib.contextmanager
def _stops_as_interrupts():
    """SIGTERM (`kill`, `timeout`, a job scheduler) and SIGHUP (a closed terminal) end grading as Ctrl-C
    does: the workers stopped, the journal synced, one line saying --resume goes on."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before = {name: signal.signal(getattr(signal, name), signal.default_int_handler) for name in names}
    try:
        yield
    finally:
        for name, handler in before.items():
            signal.signal(getattr(signal, name), handler)


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
            with _stops_as_interrupts():
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
@format_option
@roster_option
@lms_options
@click.option("--force", is_flag=True, help="Replace the outputs already in OUT.")
@exercises_option
@lang_option
def merge(shards, out, formats, roster, assignment, excel, force, exercise_dirs, lang) -> None:
    """Join the journals of shard folders (from `grade --shard K/N`) into one set of outputs: the same
    as one run, roster rows included. Shards graded with another secret, or a set with one missing, are
    refused."""
    from rich.console import Console

    from checker.batch import merge as merging
    from checker.render.grade_view import print_report

    lang = resolve_lang(lang)
    if out.exists() and not out.is_dir():
        raise Refused(_message("grade.out_is_file", lang, out=_shown(out)))
    people = _people(roster, lang)
    with _refusals(lang):
        runs = [(folder, merging.finished_run(folder)) for folder in shards]
        merging.check_shards(runs)
    with _holding(out, lang):
        with _refusals(lang):
            outputs.check_out(out, False, force)
        outputs.remove_temporaries(out)
        try:
            registry = open_registry(exercise_dirs, lang)
            with _refusals(lang):
                report, meta, written, lms = merging.join(
                    runs,
                    out,
                    formats or DEFAULT_FORMATS,
                    people,
                    lang,
                    registry,
                    warn=lambda text: _warn(text, lang),
                    assignment=assignment,
                    excel=excel,
                )
            unknown = sorted(set(report.exercises) - set(registry.numbers()))
            if unknown:  # graded with an instructor's exercises that were not given here
                _warn(_message("merge.unknown_exercises", lang, numbers=", ".join(map(str, unknown))), lang)
        except OSError as error:
            raise _output_error(error, out, lang) from None
    print_report(report, lang, Console(highlight=False), meta)
    click.echo(_wrote(written, lang))
    _warn_unmatched(report, lms, formats, lang)
