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


@bank.command("export")
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["moodle-xml", "gift", "anki", "qti"]),
    help="moodle-xml and gift for Moodle, qti for Canvas Classic Quizzes, anki for an .apkg.",
)
@lang_option
@click.option(
    "--variants",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="Concrete questions per parametrized question (seeds 0..N-1; the same text twice is kept once).",
)
@click.option("--topic", "topics", multiple=True, help="Only this topic (repeatable; default: every topic).")
@bank_option
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def export_(
    fmt: str,
    lang: str | None,
    variants: int,
    topics: tuple[str, ...],
    banks: tuple[Path, ...],
    out: Path,
    force: bool,
) -> None:
    """Write the banks for Moodle (XML or GIFT), Canvas (QTI 1.2 zip) or Anki (.apkg).

    A parametrized question becomes --variants concrete questions (seeds 0, 1, ...); texts are in
    the language of --lang. Prints what each topic holds and what a format had to leave out.
    """
    from checker.bank.export import export_bank
    from checker.files import write_new_file
    from checker.i18n import message
    from checker.inert import flat

    lang = resolve_lang(lang)
    if out.exists() and not force:
        raise click.ClickException(message("export.exists", lang, path=flat(out)))
    loaded = open_bank(banks, lang)
    known = [t.id for t in loaded.topics]
    for topic in topics:
        if topic not in known:
            raise click.BadParameter(
                message("export.unknown_topic", lang, topic=flat(topic, 80), known=", ".join(known)),
                param_hint="'--topic'",
            )
    result = export_bank(loaded, fmt, lang, variants, topics)
    if not any(t.items for t in result.topics):
        raise click.ClickException(message("export.no_questions", lang))
    try:
        write_new_file(out, result.data, overwrite=force)
    except FileExistsError:
        raise click.ClickException(message("export.exists", lang, path=flat(out))) from None
    except OSError as error:
        raise click.ClickException(
            message("export.write_failed", lang, path=flat(out), error=flat(error.strerror or error))
        ) from None
    for line in _summary_lines(result, lang):
        click.echo(line)
    items = [item for topic in result.topics for item in topic.items]
    click.echo(
        message(
            "export.wrote",
            lang,
            path=flat(out),
            format=fmt,
            lang=lang,
            questions=len({item.question.id for item in items}),
            items=len(items),
        )
    )


def _summary_lines(result, lang: str) -> list[str]:
    """One line per topic (what it holds, what was left out and why), in `lang`."""
    from checker.i18n import message, pick

    lines = []
    for topic in result.topics:
        left = [message(f"export.omit.{reason.value}", lang, count=n) for reason, n in topic.omitted.items()]
        lines.append(
            message(
                "export.summary.topic",
                lang,
                format=result.format,
                topic=f"{topic.topic.id} ({pick(topic.topic.title, lang)})",
                questions=topic.questions,
                items=len(topic.items),
                variants=sum(item.question.parametrized for item in topic.items),
                left_out=message("export.summary.left_out", lang, what="; ".join(left))
                if left
                else message("export.summary.nothing_left_out", lang),
            )
        )
    return lines
