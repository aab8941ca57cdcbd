"""Options shared by several commands, and turning core problems into click errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from checker.i18n import LANGS, detect_lang


def lang_option(function: Callable) -> Callable:
    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default=None,
        help="Language of questions and messages (default: from the locale: ko_* → ko, else en).",
    )(function)


def resolve_lang(lang: str | None) -> str:
    return lang or detect_lang()


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
