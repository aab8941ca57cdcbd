"""`lstm-quiz gradescope-autograder`: the zip Gradescope takes as a programming assignment's autograder."""

from __future__ import annotations

import os
from pathlib import Path

import click

from checker.cli.options import (
    chosen_exercise,
    exercise_option,
    exercises_option,
    lang_option,
    load_spec,
    open_registry,
    resolve_lang,
    timeout_option,
)

SECRET_ENV = "LSTM_QUIZ_SECRET"  # as `grade`: one course, one secret
MIN_SECRET_LENGTH = 16


def _message(key: str, lang: str, **fields: object) -> str:
    from checker.i18n import message

    return message(key, lang, **fields)


def _secret(given: str | None, lang: str) -> tuple[str, bool]:
    """(secret, generated): --secret, else $LSTM_QUIZ_SECRET, else a new random one. One chosen by hand
    must be long enough not to be guessed: a usage error otherwise."""
    import secrets

    chosen = given if given is not None else os.environ.get(SECRET_ENV)
    if chosen is None:
        return secrets.token_urlsafe(24), True
    if len(chosen.strip()) < MIN_SECRET_LENGTH:
        raise click.BadParameter(
            _message("autograder.weak_secret", lang, length=len(chosen.strip()), minimum=MIN_SECRET_LENGTH),
            param_hint="--secret",
        )
    return chosen.strip(), False


@click.command("gradescope-autograder")
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    default=Path("autograder.zip"),
    show_default=True,
    help="The zip file to write.",
)
@exercise_option("Grade every file as this exercise (number or name).")
@exercises_option
@click.option(
    "--secret",
    metavar="SECRET",
    help=f"Secret for the hidden cases, at least {MIN_SECRET_LENGTH} characters (or ${SECRET_ENV}); "
    "default: a new random one, kept in the zip.",
)
@timeout_option("Seconds per submission, at most.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@lang_option
def gradescope_autograder(
    out: Path,
    exercise: str | None,
    exercise_dirs: tuple[Path, ...],
    secret: str | None,
    timeout: float,
    force: bool,
    lang: str | None,
) -> None:
    """Write the zip Gradescope takes as a programming assignment's autograder: it installs lstm-quiz
    and grades each submission with the course's own hidden cases."""
    from checker.autograder import autograder_zip, requirements
    from checker.files import write_new_file
    from checker.inert import PATH_LIMIT, flat

    lang = resolve_lang(lang)
    registry = open_registry(exercise_dirs, lang)
    number = chosen_exercise(registry, exercise, lang)
    for each, info in registry.infos().items():  # an instructor's spec.py that fails stops us here
        if not info.shipped or each == number:
            load_spec(registry, each, lang)
    shown = flat(out, PATH_LIMIT)
    if out.is_dir():
        raise click.UsageError(_message("autograder.is_folder", lang, path=shown))
    if out.exists() and not force:
        raise click.ClickException(_message("autograder.exists", lang, path=shown))
    if not requirements():
        raise click.ClickException(_message("autograder.no_requirements", lang))
    chosen, generated = _secret(secret, lang)
    data = autograder_zip(registry, number, lang, chosen, timeout)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_new_file(out, data, overwrite=force, private=True)
    except FileExistsError:  # made a moment ago by someone else
        raise click.ClickException(_message("autograder.exists", lang, path=shown)) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise click.ClickException(
            _message("autograder.write_failed", lang, path=shown, reason=reason)
        ) from None
    what = (
        _message("autograder.one_exercise", lang, number=number, name=registry.info(number).name)
        if number is not None
        else _message("autograder.every_exercise", lang)
    )
    language = _message(f"autograder.language.{lang}", lang)
    click.echo(
        _message(
            "autograder.wrote", lang, path=shown, size=-(-len(data) // 1024), what=what, language=language
        )
    )
    click.echo(_message("autograder.keep_private", lang, path=shown), err=True)
    if generated:
        click.echo(_message("autograder.new_secret", lang), err=True)
