"""Finding bank files, loading them into one Bank, and the deeper checks of `bank lint`."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.bank.model import Bank, Phrase, Problem, Question, Topic
from checker.bank.schema import read_bank_file
from checker.bank.yamlsrc import YamlError, load_yaml
from checker.variant import VariantError, build

BANK_SUFFIXES = (".yaml", ".yml")
MAX_COMBINATIONS = 2000  # every combination up to this many, else a seeded sample of this many
MAX_FILE_BYTES = 5_000_000


@dataclass
class LoadResult:
    bank: Bank
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """The bank files named, or found (sorted) in the folders named."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES and p.is_file()))
        else:
            files.append(path)
    return files


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_file(path: Path, problems: list[Problem]) -> Topic | None:
    shown = _display(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(shown, 1, "lint.file.too_large", {"limit": MAX_FILE_BYTES}))
            return None
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(shown, 1, "lint.file.not_utf8"))
        return None
    except OSError as error:
        problems.append(Problem(shown, 1, "lint.file.unreadable", {"reason": str(error.strerror or error)}))
        return None
    try:
        data, duplicates = load_yaml(text)
    except YamlError as error:
        problems.append(Problem(shown, error.line, error.code, error.fields))
        return None
    for line, key in duplicates:
        problems.append(Problem(shown, line, "lint.yaml.duplicate_key", {"key": str(key)}))
    return read_bank_file(data, shown, problems)


def load_bank(paths: Sequence[Path]) -> LoadResult:
    """Load every bank file under `paths` into one Bank; problems are collected, never raised."""
    problems: list[Problem] = []
    files = bank_files(paths)
    topics: dict[str, Topic] = {}
    seen: dict[str, Question] = {}
    for path in files:
        topic = load_file(path, problems)
        if topic is None:
            continue
        kept = []
        for question in topic.questions:
            first = seen.get(question.id)
            if first is not None:
                problems.append(
                    Problem(
                        question.source,
                        question.line,
                        "lint.duplicate_id",
                        {"id": question.id, "first": first.where},
                    )
                )
                continue
            seen[question.id] = question
            kept.append(question)
        if topic.id in topics:  # several files may add to one topic (e.g. an instructor's bank)
            old = topics[topic.id]
            topics[topic.id] = Topic(
                old.id, old.title, old.questions + tuple(kept), old.sources + topic.sources
            )
        else:
            topics[topic.id] = Topic(topic.id, topic.title, tuple(kept), topic.sources)
    return LoadResult(Bank(tuple(topics.values())), problems, files)


# -- lint: variants


def parameter_combinations(question: Question) -> Iterable[dict[str, object]]:
    """Every combination of parameter values, or a reproducible sample when there are too many."""
    names = [p.name for p in question.params]
    total = math.prod(p.count() for p in question.params)
    if total <= MAX_COMBINATIONS:
        for combo in itertools.product(*(list(p.values()) for p in question.params)):
            yield dict(zip(names, combo))
        return
    # the corners first (all lowest, all highest values), then a seeded sample
    yield {p.name: next(iter(p.values())) for p in question.params}
    yield {p.name: (p.choices[-1] if p.choices else p.high) for p in question.params}
    rng = random.Random(question.id)
    for _ in range(MAX_COMBINATIONS - 2):
        yield {
            p.name: rng.choice(p.choices) if p.choices else rng.randint(p.low, p.high)
            for p in question.params
        }


def check_variants(question: Question) -> list[Problem]:
    """Build the question for every allowed parameter value; report the first failure."""
    for params in parameter_combinations(question) if question.params else [{}]:
        try:
            variant = build(question, 0, params)
            texts = [question.prompt, question.explanation, question.hint]
            texts += [c.text for c in question.choices] + [f.message for f in question.feedback]
            texts += [p.left for p in question.pairs] + [p.right for p in question.pairs]
            for text in texts:
                variant.render_all(text)
            clash = _feedback_equal_to_answer(variant)
        except (VariantError, KeyError, ValueError, TypeError, IndexError) as error:
            return [_variant_problem(question, params, "lint.variant.fails", error=str(error))]
        if clash:
            return [_variant_problem(question, params, "lint.variant.feedback_correct", tag=clash)]
    return []


def _variant_problem(question: Question, params: dict[str, object], code: str, **fields: object) -> Problem:
    """A problem of `question` with these parameter values, starting "question 'x' for a=1, b=2: "."""
    values = ", ".join(f"{k}={v}" for k, v in params.items())
    if values:
        where = Phrase("lint.where.variant", {"id": question.id, "values": values})
    else:
        where = Phrase("lint.where.question", {"id": question.id})
    return Problem(question.source, question.line, code, {"where": where, **fields})


def _feedback_equal_to_answer(variant) -> str | None:
    """The misconception tag of a feedback entry whose 'wrong' answer would be graded correct."""
    from checker.grading import tolerance_for  # grading imports the bank model: import it late

    question = variant.question
    for entry, given in zip(question.feedback, variant.feedback_answers):
        if question.type == "numeric":
            if tolerance_for(question, variant.answer).accepts(given, variant.answer):
                return entry.misconception
        elif question.type == "shape":
            expected = variant.answer
            if question.parts:
                names = [p.name for p in question.parts]
                expected = variant.answer[names.index(entry.part)]
            if tuple(given) == tuple(expected):
                return entry.misconception
    return None


def lint(paths: Sequence[Path]) -> LoadResult:
    """Load the banks and also evaluate every parametrized question over its parameter values."""
    result = load_bank(paths)
    for question in result.bank.questions():
        result.problems.extend(check_variants(question))
    result.problems.sort(key=lambda p: (p.path, p.line))
    return result
