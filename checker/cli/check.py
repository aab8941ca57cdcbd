"""`lstm-quiz check` and `lstm-quiz exercise`: the code exercises."""

from __future__ import annotations

import importlib
import os
import sys
import threading
from pathlib import Path

import click

from checker.cli.options import (
    allow_import_option,
    allowed_imports,
    chosen_exercise,
    exercise_option,
    exercises_option,
    json_option,
    lang_option,
    load_spec,
    open_registry,
    resolve_lang,
    sandbox_option,
    timeout_option,
)

MAX_SOURCE_BYTES = 1_000_000


class FileRefused(click.ClickException):
    """FILE cannot be graded at all (too large, unreadable, not a program): exit status 1, as for a
    file that fails; with --json, an object saying so on standard output, not only a line on stderr."""

    def __init__(self, message: str, kind: str, shown: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.shown = shown


def _refused_json(error: FileRefused) -> str:
    import json

    return json.dumps(
        {
            "file": error.shown,
            "status": "error",
            "score": 0.0,
            "error": error.message,
            "error_kind": error.kind,
        },
        ensure_ascii=False,
        indent=2,
    )


def _message(key: str, lang: str, **fields: object) -> str:
    from checker.i18n import message

    return message(key, lang, **fields)


def _read(file: Path, limit: int, shown: str, lang: str) -> bytes:
    """FILE's bytes: a regular file (a pipe or a device would never end), read no further than its
    limit; anything else one line."""
    from checker.files import NotAFile, read_regular

    try:
        data = read_regular(file, limit)
    except NotAFile:
        raise click.UsageError(_message("check.not_a_file", lang, file=shown)) from None
    except OSError as error:
        raise FileRefused(
            _message("check.unreadable", lang, file=shown, reason=error.strerror), "unreadable", shown
        ) from None
    if data is None:
        raise FileRefused(_message("check.too_large", lang, file=shown, limit=limit), "too-large", shown)
    return data


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@exercise_option("The exercise (number or name, see `lstm-quiz exercise list`); default: detected.")
@exercises_option
@timeout_option("Seconds for the whole file, even if every test hangs.")
@sandbox_option
@click.option("-v", "--verbose", is_flag=True, help="Also say which isolation layers were active.")
@allow_import_option
@lang_option
@json_option
def check(**options) -> None:
    """Check your exercise FILE against public and hidden tests, in a sandbox.

    Exit status: 0 when every test passes, 1 when a test fails or errors, 2 for usage errors.
    """
    try:
        _check(**options)
    except FileRefused as error:
        if not options["as_json"]:
            raise
        click.echo(_refused_json(error))
        _exit(1)


def _check(
    file: Path,
    exercise: str | None,
    exercise_dirs: tuple[Path, ...],
    timeout: float,
    sandbox: str,
    allow_imports: tuple[str, ...],
    verbose: bool,
    lang: str | None,
    as_json: bool,
) -> None:
    from checker.sandbox import prestart, secrecy

    secrecy.not_dumpable()  # a child that runs as this user may not read this process's memory

    # The runner (a fresh interpreter importing numpy) boots while this process imports numpy too.
    allow = allowed_imports(allow_imports, resolve_lang(lang)) if allow_imports else ()
    with prestart.take(sandbox, allow) as runner:
        from checker.codecheck import Exam
        from checker.i18n import pick
        from checker.inert import PATH_LIMIT, flat
        from checker.policy import CHECK
        from checker.specs.registry import ExerciseUnknown
        from checker.submission import check_submission, read_submission, size_limit

        lang = resolve_lang(lang)
        registry = open_registry(exercise_dirs, lang)
        forced = chosen_exercise(registry, exercise, lang)
        shown = flat(file, PATH_LIMIT)  # a file's name is printed as plain text, whatever it holds
        limit = size_limit(file.name)  # a notebook may be larger: its outputs are never read
        data = _read(file, limit, shown, lang)
        source = read_submission(data, file.name)  # a notebook's code cells, a code page's text
        if source.code is not None and len(source.code) > MAX_SOURCE_BYTES:
            raise FileRefused(
                _message("check.too_large", lang, file=shown, limit=MAX_SOURCE_BYTES), "too-large", shown
            )
        try:
            number = registry.detect(source.code if source.code is not None else data, file.name, forced)
        except ExerciseUnknown:
            if source.refusal is not None:  # no exercise to grade against: the reason is the answer
                raise FileRefused(f"{shown}: {pick(source.refusal, lang)}", "refused", shown) from None
            raise click.UsageError(
                _message("check.unknown_exercise", lang, file=shown, choices=registry.described())
            ) from None
        spec = load_spec(registry, number, lang)
        exam = Exam(spec, 0)  # numpy and the cases, while the runner starts on the other core
        if not as_json:  # load the renderer while the sandbox works (this thread mostly waits then)
            threading.Thread(
                target=importlib.import_module, args=("checker.render.check_console",), daemon=True
            ).start()
        result = check_submission(source, file.name, exam, policy=CHECK.with_budget(timeout), runner=runner)
    if as_json:
        from checker.render.check_view import dumps

        click.echo(dumps(result, lang))
    else:
        from rich.console import Console

        from checker.render.check_console import print_check

        print_check(result, lang, spec.title, Console(highlight=False), verbose)
    _exit(0 if result.status == "pass" else 1)


def _exit(code: int) -> None:
    """Exit with `code`. Run as a command, the process then skips the interpreter's teardown of numpy
    and the rest (about a sixth of the command's time): the runner is closed and everything this
    command wrote is flushed first (see entry.all_closed)."""
    from checker import entry

    entry.all_closed()
    sys.exit(code)


@click.group()
def exercise() -> None:
    """The code exercises: list them, and copy a template to fill in."""


@exercise.command("list")
@exercises_option
@lang_option
def list_(exercise_dirs: tuple[Path, ...], lang: str | None) -> None:
    """The exercises and their templates."""
    from checker.i18n import pick

    lang = resolve_lang(lang)
    infos = open_registry(exercise_dirs, lang).infos()
    rows = [
        (str(n), i.name, i.student_file, f"{i.function}()", pick(i.title, lang)) for n, i in infos.items()
    ]
    widths = [max((len(row[k]) for row in rows), default=0) for k in range(4)]
    for row in rows:
        number, *middle, title = row
        cells = [number.rjust(widths[0])] + [cell.ljust(width) for cell, width in zip(middle, widths[1:])]
        click.echo("  ".join([*cells, title]).rstrip())


@exercise.command("get")
@click.argument("which", metavar="N|NAME")
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@exercises_option
@lang_option
def get(which: str, directory: Path, force: bool, exercise_dirs: tuple[Path, ...], lang: str | None) -> None:
    """Copy the template of exercise N (a number or a name, see `exercise list`) into DIRECTORY
    (default: here)."""
    from checker.files import write_new_file
    from checker.i18n import message
    from checker.inert import flat

    lang = resolve_lang(lang)
    registry = open_registry(exercise_dirs, lang)
    try:
        number = registry.resolve(which)
    except KeyError:
        raise click.BadParameter(
            message("exercise.unknown", lang, value=which, choices=registry.described()),
            param_hint="'N|NAME'",
        ) from None
    info = registry.info(number)
    target = directory / info.student_file
    if os.path.lexists(target) and not force:  # a link, even one to nowhere, is the user's
        raise click.ClickException(_message("exercise.exists", lang, path=target))
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_new_file(target, registry.template(number), overwrite=force)
    except FileExistsError:  # made a moment ago
        raise click.ClickException(_message("exercise.exists", lang, path=target)) from None
    except OSError as error:  # a read-only folder, a file where a folder should be, a folder in the way
        raise click.ClickException(
            _message("export.write_failed", lang, path=target, error=flat(error.strerror or error))
        ) from None
    command = f"lstm-quiz check {target}"
    if not info.shipped:  # the check must find the instructor's exercise too
        command += f" --exercises {info.folder.parent}"
    click.echo(_message("exercise.written", lang, path=target, function=info.function, command=command))
