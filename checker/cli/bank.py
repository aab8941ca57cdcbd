"""`lstm-quiz bank ...`: list and lint question banks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.options import bank_option, json_option, lang_option, open_bank, resolve_lang


@click.group()
def bank() -> None:
    """List the question banks, and check banks you write."""


@bank.command("list")
@bank_option
@json_option
@lang_option
def list_(banks: tuple[Path, ...], as_json: bool, lang: str | None) -> None:
    """Topics with their question counts, parametrized counts and languages."""
    from checker.bank import summarize
    from checker.render import bank_view

    lang = resolve_lang(lang)
    summaries = summarize(open_bank(banks, lang))
    if as_json:
        click.echo(bank_view.summary_json(summaries))
    else:
        bank_view.print_summary(summaries, lang)


@bank.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@lang_option
def lint_(paths: tuple[Path, ...], lang: str | None) -> None:
    """Check bank files (default: the shipped banks); print every problem as path:line: message.

    Exits 1 when there is any problem, 0 when the banks are clean. Warnings (a right choice that is the
    only long one, a Korean prompt in another register) are printed and do not change the exit code.
    """
    from checker.bank.lint import lint_with_shipped
    from checker.i18n import message

    lang = resolve_lang(lang)
    result = lint_with_shipped(list(paths))
    for problem in result.problems:
        click.echo(f"{problem.path}:{problem.line}: {problem.text(lang)}")
    for warning in result.warnings:
        click.echo(f"{warning.path}:{warning.line}: {message('bank.warning', lang)}: {warning.text(lang)}")
    questions = len(result.bank.questions())
    if result.problems:
        click.echo(
            message("bank.found_problems", lang, count=len(result.problems), files=len(result.files)),
            err=True,
        )
        sys.exit(1)
    if not result.files or not questions:
        raise click.ClickException(
            message("bank.no_questions", lang, paths=", ".join(map(str, paths)) or ".")
        )
    click.echo(message("bank.clean", lang, files=len(result.files), questions=questions), err=True)
