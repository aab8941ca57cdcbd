"""`lstm-quiz start`, `review` and `stats`: the learner's commands."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from checker.cli.options import FiniteRange, bank_option, json_option, lang_option, open_bank, resolve_lang


def _clock(ctx: click.Context):
    """The session clock; tests inject a fake one through the context object."""
    return (ctx.obj or {}).get("clock", time.monotonic)


def _now(ctx: click.Context):
    """The local time now, as an aware datetime; tests inject one through the context object."""
    from datetime import datetime

    return (ctx.obj or {}).get("now") or datetime.now().astimezone()


def _checked_exam(exam, now, lang: str):
    """The exam's date; a date in the past (or years away) is a usage error."""
    from checker.quiz.plan import PlanError, check_date

    day = exam.date()
    try:
        check_date(day, now.date())
    except PlanError as error:
        raise click.BadParameter(
            _message(error.key, lang, **error.fields), param_hint="--exam-date"
        ) from None
    return day


def _topic_questions(bank) -> dict[str, list[str]]:
    return {t.id: [q.id for q in t.questions] for t in bank.topics}


def _console(as_json: bool):
    from rich.console import Console

    # With --json, stdout carries only the JSON; the session itself is drawn on stderr.
    return Console(stderr=as_json, highlight=False)


def _run_session(ctx, variants, *, bank, lang, mode, seed, as_json, time_limit=None):
    from checker.quiz.history import History, history_path
    from checker.quiz.session import Session
    from checker.quiz.sources import LineSource, TerminalSource
    from checker.render.quiz_view import RichSessionView, session_json

    console = _console(as_json)
    clock = _clock(ctx)
    titles = {t.id: t.title for t in bank.topics}
    view = RichSessionView(console, lang, titles, exam=mode == "exam")
    if sys.stdin.isatty():
        source = TerminalSource(clock)
    else:
        from rich.text import Text

        source = LineSource(sys.stdin, echo=lambda line: console.print(Text(line, style="bold")))
    history = _writable_history(History(history_path()), lang, console)
    session = Session(
        variants,
        source=source,
        view=view,
        clock=clock,
        history=history,
        mode=mode,
        seed=seed,
        lang=lang,
        time_limit=time_limit,
        on_save_error=lambda error: _say_not_saved("history.save_failed", error, lang, console),
    )
    result = session.run()
    if result.answered and session.history is not None:
        from rich.text import Text

        console.print(Text(_message("quiz.saved", lang, path=history.path), style="dim"))
    if as_json:
        click.echo(session_json(result))
    return result


def _message(key: str, lang: str, **fields: object) -> str:
    from checker.i18n import message

    return message(key, lang, **fields)


def _writable_history(history, lang: str, console):
    """The history, or None (said once, before the first question) when answers cannot be saved."""
    problem = history.probe()
    if problem is None:
        return history
    _say_not_saved("history.not_saving", problem, lang, console)
    return None


def _say_not_saved(key: str, error: OSError, lang: str, console) -> None:
    from rich.text import Text

    from checker.quiz.history import history_path

    text = _message(key, lang, path=_shown(history_path()), why=_why(error, lang))
    console.print(Text(text, style="bold yellow"))


def _why(error: OSError, lang: str) -> str:
    from checker.inert import clean
    from checker.quiz.history import problem_reason

    reason = problem_reason(error)
    detail = clean(error.strerror or error, 200, one_line=True)
    return _message(f"history.why.{reason}", lang, error=detail)


def _shown(path: Path) -> str:
    from checker.inert import clean

    return clean(str(path), 1000, one_line=True)


def _damage_warning(damage, path: Path, lang: str) -> str:
    """All the skipped lines in one sentence: the line and reason of the first, and how many."""
    reason = _message(f"history.reason.{damage.reason}", lang, field=damage.field)
    if damage.count == 1:
        return _message("history.damaged_one", lang, path=_shown(path), line=damage.first_line, reason=reason)
    return _message(
        "history.damaged_many",
        lang,
        path=_shown(path),
        count=f"{damage.count:,}",
        line=damage.first_line,
        reason=reason,
    )


@click.command()
@click.option(
    "--topic", "topics", multiple=True, metavar="TOPIC", help="Only this topic (repeatable). See `bank list`."
)
@click.option(
    "-n", "count", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many questions."
)
@click.option(
    "--seed", type=click.IntRange(0, 2**31 - 1), help="Replay the same questions, numbers and choice order."
)
@click.option("--exam", is_flag=True, help="Mock exam: a time limit, no feedback until the end.")
@click.option(
    "--seconds-per-question",
    type=FiniteRange(1, 3600),
    default=72,
    show_default=True,
    help="Exam pace: the time limit is this times the number of questions.",
)
@lang_option
@bank_option
@json_option
@click.pass_context
def start(
    ctx: click.Context,
    topics: tuple[str, ...],
    count: int,
    seed: int | None,
    exam: bool,
    seconds_per_question: float,
    lang: str | None,
    banks: tuple[Path, ...],
    as_json: bool,
) -> None:
    """Study: answer N questions, with feedback and explanations after each one.

    Type the number of a choice, a number (0.25, 1/4), a shape ((1, 35, 20)) or a word. `?` shows a
    hint, `skip` skips, `quit` ends; Ctrl-C or end of input ends the session with a summary. Every
    answer is saved to your history (see `lstm-quiz stats`). When stdin is not a terminal, answers are
    read one per line (an empty line skips).
    """
    from checker.quiz.session import new_seed, plan

    lang = resolve_lang(lang)
    bank = open_bank(banks, lang)
    known = [t.id for t in bank.topics]
    unknown = [t for t in topics if t not in known]
    if unknown:
        raise click.BadParameter(
            _message("quiz.no_questions", lang, topics=", ".join(unknown), known=", ".join(known)),
            param_hint="--topic",
        )
    seed = new_seed() if seed is None else seed
    variants = plan(bank, list(topics), count, seed)
    if len(variants) < count:
        from rich.console import Console
        from rich.text import Text

        import checker.render.quiz_view  # noqa: F401 - Japanese and Korean lines break as the session's do

        shown = Text(_message("quiz.capped", lang, asked=count, available=len(variants)))
        Console(stderr=as_json, highlight=False).print(shown)  # wrapped to the terminal, as the rest
    time_limit = seconds_per_question * len(variants) if exam else None
    _run_session(
        ctx,
        variants,
        bank=bank,
        lang=lang,
        mode="exam" if exam else "study",
        seed=seed,
        as_json=as_json,
        time_limit=time_limit,
    )


def _write_stats_page(path: Path, result, lang: str, bank) -> None:
    """stats --html: the page, written whole (a temporary file, then a rename)."""
    from checker.files import write_new_file
    from checker.i18n import message
    from checker.inert import PATH_LIMIT, flat
    from checker.render.stats_html import stats_html

    page = stats_html(result, lang, {t.id: t.title for t in bank.topics}, named=bank.misconception_title)
    try:
        write_new_file(path, page.encode("utf-8"), overwrite=True)
    except OSError as error:
        raise click.ClickException(
            f"{flat(path, PATH_LIMIT)}: {error.strerror or type(error).__name__}"
        ) from None
    click.echo(message("stats.html_wrote", lang, path=flat(path, PATH_LIMIT)), err=True)


def _read_history(lang: str):
    """The history's answers; a damaged line is a warning on stderr, never a crash."""
    from checker.quiz.history import History, history_path

    path = history_path()
    read = History(path).read()
    if read.problem is not None:
        text = _message("history.unreadable", lang, path=_shown(path), why=_why(read.problem, lang))
        click.echo(_message("quiz.history_warning", lang, text=text), err=True)
    if read.damage.count:
        text = _damage_warning(read.damage, path, lang)
        click.echo(_message("quiz.history_warning", lang, text=text), err=True)
    return read.answers


@click.command()
@lang_option
@bank_option
@json_option
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write your progress as one page to open in a browser.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def stats(
    lang: str | None, banks: tuple[Path, ...], as_json: bool, html_file: Path | None, force: bool
) -> None:
    """Your progress: accuracy per topic, recent sessions, streak, weakest topics, reviews due."""
    from checker.i18n import message
    from checker.inert import PATH_LIMIT, flat
    from checker.quiz.history import now_utc
    from checker.quiz.stats import compute
    from checker.render.stats_view import print_stats, stats_json

    lang = resolve_lang(lang)
    if html_file is not None and os.path.lexists(html_file) and not force:  # a link to nowhere too
        raise click.UsageError(message("stats.html_exists", lang, path=flat(html_file, PATH_LIMIT)))
    result = compute(_read_history(lang), now_utc())
    if as_json:
        click.echo(stats_json(result))
        return
    bank = open_bank(banks, lang)
    if html_file is not None:
        _write_stats_page(html_file, result, lang, bank)
    print_stats(
        result, lang, {t.id: t.title for t in bank.topics}, _console(False), named=bank.misconception_title
    )


@click.command()
@click.option(
    "-n", "count", type=click.IntRange(1, 1000), default=10, show_default=True, help="At most this many."
)
@click.option("--cram", is_flag=True, help="Drill your weakest questions even when none is due.")
@click.option(
    "--exam-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Also review what you would likely forget by the day of your exam, least likely first.",
)
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Fix the numbers of parametrized questions.")
@lang_option
@bank_option
@json_option
@click.pass_context
def review(
    ctx: click.Context,
    count: int,
    cram: bool,
    exam_date,
    seed: int | None,
    lang: str | None,
    banks: tuple[Path, ...],
    as_json: bool,
) -> None:
    """Spaced repetition (FSRS): the questions you missed or are about to forget, when they are due."""
    from checker.quiz.history import now_utc
    from checker.quiz.schedule import build_cards, due_cards, next_due, weakest_cards
    from checker.quiz.session import new_seed, variants_for

    lang = resolve_lang(lang)
    exam = _checked_exam(exam_date, _now(ctx), lang) if exam_date else None
    bank = open_bank(banks, lang)
    records = _read_history(lang)
    if not records:
        click.echo(_message("review.no_history", lang))
        return
    if exam is not None:
        _review_for_exam(ctx, bank, records, exam, count, seed, lang, as_json)
        return
    now = now_utc()
    cards = build_cards(records, now)
    chosen = [c.qid for c in due_cards(cards, now) if bank.question(c.qid)][:count]
    due = len(chosen)
    if cram:
        chosen += [c.qid for c in weakest_cards(cards, exclude=chosen) if bank.question(c.qid)][: count - due]
    if not chosen:
        upcoming = next_due(cards)
        when = upcoming.astimezone().strftime("%Y-%m-%d %H:%M") if upcoming else None
        extra = _message("review.next", lang, when=when) if when else ""
        click.echo(_message("review.nothing_due", lang, next=extra))
        return
    if not as_json:
        click.echo(_message("review.plan", lang, due=due, extra=len(chosen) - due))
    seed = new_seed() if seed is None else seed
    variants = variants_for([bank.question(q) for q in chosen], seed)
    _run_session(ctx, variants, bank=bank, lang=lang, mode="review", seed=seed, as_json=as_json)


@click.command()
@click.option(
    "--exam-date",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The day of your exam.",
)
@lang_option
@bank_option
@json_option
@click.pass_context
def plan(ctx: click.Context, exam_date, lang: str | None, banks: tuple[Path, ...], as_json: bool) -> None:
    """Your road to the exam day: each topic's predicted recall on that morning (FSRS), the reviews due
    each day until then, and the topics to study first."""
    from checker.quiz.plan import make_plan
    from checker.quiz.schedule import Replay, replay_of
    from checker.render.plan_view import plan_json, print_plan

    lang = resolve_lang(lang)
    now = _now(ctx)
    exam = _checked_exam(exam_date, now, lang)
    bank = open_bank(banks, lang)
    records = _read_history(lang)
    replay = replay_of(records) if records else Replay()
    result = make_plan(replay, _topic_questions(bank), now, exam)
    if as_json:
        click.echo(plan_json(result))
        return
    print_plan(
        result,
        lang,
        {t.id: t.title for t in bank.topics},
        _console(False),
        target=replay.scheduler.desired_retention,
        history=bool(records),
    )


def _review_for_exam(ctx, bank, records, exam, count, seed, lang, as_json) -> None:
    """`review --exam-date`: what is due now, then what would fall below the desired recall by the
    exam morning, least likely to be recalled first."""
    from checker.quiz.plan import at_risk, exam_morning
    from checker.quiz.schedule import replay_of
    from checker.quiz.session import new_seed, variants_for

    now = _now(ctx)
    replay = replay_of(records)
    known = [q.id for q in bank.questions()]
    due_now = sum(1 for q in known if q in replay.cards and replay.cards[q].card.due <= now)
    chosen = at_risk(replay, known, exam_morning(exam, now.tzinfo), now)[:count]
    target = f"{100 * replay.scheduler.desired_retention:.0f}%"
    if not chosen:
        click.echo(_message("review.exam_nothing", lang, exam=exam.isoformat(), target=target))
        return
    due = min(due_now, len(chosen))
    if not as_json:
        click.echo(
            _message("review.exam_plan", lang, exam=exam.isoformat(), due=due, extra=len(chosen) - due)
        )
    seed = new_seed() if seed is None else seed
    variants = variants_for([bank.question(q) for q in chosen], seed)
    _run_session(ctx, variants, bank=bank, lang=lang, mode="review", seed=seed, as_json=as_json)
