"""Options shared by several commands, and turning core problems into click errors."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import click

from checker.i18n import LANGS, detect_lang


def lang_option(function: Callable) -> Callable:
    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default=None,
        help="Language of questions and messages (default: from the locale: ko_* → ko, ja_* → ja, else en).",
    )(function)


def resolve_lang(lang: str | None) -> str:
    """A command's --lang, else the one given before the command (`lstm-quiz --lang ja start`), else
    the locale's."""
    if lang:
        return lang
    context = click.get_current_context(silent=True)
    while context is not None:
        if context.params.get("lang"):
            return context.params["lang"]
        context = context.parent
    return detect_lang()


def json_option(function: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(function)


def bank_option(function: Callable) -> Callable:
    return click.option(
        "--bank",
        "banks",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="A folder (or file) of your own banks, added to the shipped ones. Repeatable.",
    )(function)


def open_bank(extra: tuple[Path, ...], lang: str):
    """The shipped banks plus `extra`; a bank with problems stops the command with a short list."""
    from checker.bank import load_bank
    from checker.i18n import message
    from checker.resources import quizzes_dir

    result = load_bank([quizzes_dir(), *extra])
    if result.problems:
        shown = "\n".join(f"  {p.path}:{p.line}: {p.text(lang)}" for p in result.problems[:10])
        more = f"\n  … (+{len(result.problems) - 10})" if len(result.problems) > 10 else ""
        raise click.ClickException(
            f"{message('bank.problems', lang, count=len(result.problems))}\n{shown}{more}\n"
            f"{message('bank.fix_hint', lang)}"
        )
    return result.bank


# -- the code exercises ------------------------------------------------------------------------------


def exercises_option(function: Callable) -> Callable:
    return click.option(
        "--exercises",
        "exercise_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="A folder of your own exercises (each a folder holding exercise.yaml, spec.py and "
        "template.py), beside the shipped ones. Repeatable.",
    )(function)


def exercise_option(help_text: str) -> Callable:
    def decorate(function: Callable) -> Callable:
        return click.option("--exercise", metavar="N|NAME", help=help_text)(function)

    return decorate


class FiniteRange(click.FloatRange):
    """A number in a range, never nan (every comparison with nan is false, so FloatRange lets it by)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            from click import types

            message = types._("{value} is not in the range {range}.")  # click's own words, translated
            self.fail(message.format(value=value, range=self._describe_range()), param, ctx)
        return number


def timeout_option(help_text: str) -> Callable:
    def decorate(function: Callable) -> Callable:
        return click.option(
            "--timeout", type=FiniteRange(0.5, 600), default=10.0, show_default=True, help=help_text
        )(function)

    return decorate


def sandbox_option(function: Callable) -> Callable:
    return click.option(
        "--sandbox",
        type=click.Choice(["fork", "spawn"]),
        default="fork",
        show_default=True,
        help="fork: one warm runner, a forked child per file (Linux); spawn: a fresh interpreter each time.",
    )(function)


def open_registry(exercise_dirs: tuple[Path, ...], lang: str):
    """The shipped exercises and `exercise_dirs`; an unusable exercise folder stops the command."""
    from checker.i18n import message
    from checker.specs.registry import ExerciseProblem, Registry

    registry = Registry(exercise_dirs)
    try:
        registry.infos()
    except ExerciseProblem as error:
        raise click.ClickException(message("exercise.unusable", lang, problem=str(error))) from None
    return registry


def chosen_exercise(registry, value: str | None, lang: str) -> int | None:
    """--exercise as a number (None if not given); a value no exercise has is a usage error."""
    from checker.i18n import message

    if value is None:
        return None
    try:
        return registry.resolve(value)
    except KeyError:
        raise click.BadParameter(
            message("exercise.unknown", lang, value=value, choices=registry.described()),
            param_hint="'--exercise'",
        ) from None


def load_spec(registry, number: int, lang: str):
    """The exercise's spec; one whose spec.py cannot be used stops the command."""
    from checker.i18n import message
    from checker.specs.registry import ExerciseProblem

    try:
        return registry.spec(number)
    except ExerciseProblem as error:
        raise click.ClickException(message("exercise.unusable", lang, problem=str(error))) from None


def allow_import_option(function: Callable) -> Callable:
    return click.option(
        "--allow-import",
        "allow_imports",
        multiple=True,
        metavar="NAME",
        help="Let submissions import this installed package too (read-only, that package only). Repeatable.",
    )(function)


def allowed_imports(names: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """The packages named by --allow-import, each installed and not the grader; else a usage error."""
    from checker.i18n import message
    from checker.sandbox.client import SandboxError, package_home

    for name in names:
        try:
            package_home(name)
        except SandboxError:
            raise click.BadParameter(
                message("check.allow_unknown", lang, name=name), param_hint="--allow-import"
            ) from None
    return tuple(dict.fromkeys(names))
