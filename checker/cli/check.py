"""`lstm-quiz check` and `lstm-quiz exercise`: the code exercises."""

from __future__ import annotations

import importlib
import os
import sys
import threading
from pathlib import Path

import click

from checker.cli.options import json_option, lang_option, resolve_lang

MAX_SOURCE_BYTES = 1_000_000


def _message(key: str, lang: str, **fields: object) -> str:
    from checker.i18n import message

    return message(key, lang, **fields)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--exercise", type=click.IntRange(1, 2), help="1 (gradient_clipping) or 2 (lstm_step); default: detected."
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.5, 600),
    default=10.0,
    show_default=True,
    help="Seconds for the whole file, even if every test hangs.",
)
@click.option(
    "--sandbox",
    type=click.Choice(["fork", "spawn"]),
    default="fork",
    show_default=True,
    help="fork: one warm runner, a forked child per file (Linux); spawn: a fresh interpreter each time.",
)
@click.option("-v", "--verbose", is_flag=True, help="Also say which isolation layers were active.")
@lang_option
@json_option
def check(
    file: Path,
    exercise: int | None,
    timeout: float,
    sandbox: str,
    verbose: bool,
    lang: str | None,
    as_json: bool,
) -> None:
    """Check your exercise FILE against public and hidden tests, in a sandbox.

    Exit status: 0 when every test passes, 1 when a test fails or errors, 2 for usage errors.
    """
    from checker.sandbox import prestart

    # The runner (a fresh interpreter importing numpy) boots while this process imports numpy too.
    with prestart.take(sandbox) as runner:
        from checker.codecheck import ExerciseUnknown, check_source, detect_exercise, prepared
        from checker.inert import PATH_LIMIT, flat

        lang = resolve_lang(lang)
        shown = flat(file, PATH_LIMIT)  # a file's name is printed as plain text, whatever it holds
        source = file.read_bytes()
        if len(source) > MAX_SOURCE_BYTES:
            raise click.ClickException(_message("check.too_large", lang, file=shown, limit=MAX_SOURCE_BYTES))
        try:
            number = detect_exercise(source, file.name, exercise)
        except ExerciseUnknown:
            raise click.UsageError(_message("check.unknown_exercise", lang, file=shown)) from None
        prepared(number, 0)  # numpy and the cases, while the runner starts on the other core
        if not as_json:  # load the renderer while the sandbox works (this thread mostly waits then)
            threading.Thread(
                target=importlib.import_module, args=("checker.render.check_view",), daemon=True
            ).start()
        result = check_source(source, file.name, number, timeout=timeout, runner=runner)
    if as_json:
        from checker.render.check_view import dumps

        click.echo(dumps(result, lang))
    else:
        from rich.console import Console

        from checker.render.check_view import print_check
        from checker.specs import all_specs

        print_check(result, lang, all_specs()[number].title, Console(highlight=False), verbose)
    _exit(0 if result.status == "pass" else 1)


def _exit(code: int) -> None:
    """Exit now. In a real process, skip the interpreter's teardown of numpy and the rest (about a
    sixth of the command's time); everything this command wrote is flushed first."""
    try:
        sys.stdout.fileno(), sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # captured streams (tests): exit normally
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@click.group()
def exercise() -> None:
    """The code exercises: list them, and copy a template to fill in."""


@exercise.command("list")
@lang_option
def list_(lang: str | None) -> None:
    """The exercises and their templates."""
    from checker.i18n import pick
    from checker.specs import all_specs

    lang = resolve_lang(lang)
    for number, spec in all_specs().items():
        click.echo(f"{number}  {spec.template:<14} {spec.function}()  {pick(spec.title, lang)}")


@exercise.command("get")
@click.argument("number", type=click.IntRange(1, 2))
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@lang_option
def get(number: int, directory: Path, force: bool, lang: str | None) -> None:
    """Copy the template of exercise NUMBER into DIRECTORY (default: here)."""
    from checker.files import write_new_file
    from checker.resources import exercises_dir
    from checker.specs import FUNCTIONS

    lang = resolve_lang(lang)
    name = f"exercise{number}.py"
    target = directory / name
    if target.exists() and not force:
        raise click.ClickException(_message("exercise.exists", lang, path=target))
    directory.mkdir(parents=True, exist_ok=True)
    write_new_file(target, (exercises_dir() / name).read_bytes(), overwrite=force)
    click.echo(_message("exercise.written", lang, path=target, function=FUNCTIONS[number]))
