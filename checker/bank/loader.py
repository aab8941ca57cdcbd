"""Finding bank files, loading them into one Bank, and the deeper checks of `bank lint`."""

from __future__ import annotations

import itertools
import math
import random
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.bank import checks
from checker.bank.model import Bank, Phrase, Problem, Question, Topic
from checker.bank.schema import read_bank_file
from checker.bank.yamlsrc import YamlError, load_yaml
from checker.i18n import LANGS
from checker.resources import quizzes_dir
from checker.variant import VariantError, checked_build, corners

BANK_SUFFIXES = (".yaml", ".yml")
WARNING = "lint.warn."  # the message keys of warnings
MAX_COMBINATIONS = 2000  # every combination up to this many, else a seeded sample of this many
MAX_FILE_BYTES = 5_000_000


@dataclass
class LoadResult:
    bank: Bank
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # lint's advice; never stops a bank


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
    return _read_file(path, problems)[0]


def _read_file(path: Path, problems: list[Problem], topics=None) -> tuple[Topic | None, bytes]:
    """The topic of one bank file (None when it cannot be read at all) and the bytes it was read from;
    `topics`, a TopicCache, may hold it already."""
    shown = _display(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would never end
            problems.append(Problem(shown, 1, "lint.file.unreadable", {"reason": "not a regular file"}))
            return None, b""
        if info.st_size > MAX_FILE_BYTES:
            problems.append(Problem(shown, 1, "lint.file.too_large", {"limit": MAX_FILE_BYTES}))
            return None, b""
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, 1, "lint.file.unreadable", {"reason": str(error.strerror or error)}))
        return None, b""
    required = LANGS if _shipped(path) else ("en",)
    if topics is None:
        return read_text(decode(data, shown, problems), shown, problems, required=required), data
    key = checks.digest(data, f"topic|{shown}")
    topic = topics.get(key)
    if topic is None:
        before = len(problems)
        topic = read_text(decode(data, shown, problems), shown, problems, required=required)
        if topic is not None and len(problems) == before:
            topics.put(key, topic)
    return topic, data


def _shipped(path: Path) -> bool:
    """A bank of lstm-quiz's own, which must speak every language."""
    try:
        return path.resolve().parent == quizzes_dir().resolve()
    except OSError:
        return False


def decode(data: bytes, shown: str, problems: list[Problem]) -> str | None:
    """The file's text, or None with a problem at the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(Problem(shown, line, "lint.file.not_utf8"))
        return None


def read_text(
    text: str | None, shown: str, problems: list[Problem], *, required: tuple[str, ...] = LANGS
) -> Topic | None:
    """The topic of one bank file's text; every problem is appended to `problems`."""
    if text is None:
        return None
    try:
        data, duplicates = load_yaml(text)
    except YamlError as error:
        problems.append(Problem(shown, error.line, error.code, error.fields))
        return None
    for line, key in duplicates:
        problems.append(Problem(shown, line, "lint.yaml.duplicate_key", {"key": str(key)}))
    return read_bank_file(data, shown, problems, required=required)


def load_bank(paths: Sequence[Path], *, check: bool = True, cache: bool = True) -> LoadResult:
    """Load every bank file under `paths` into one Bank; problems are collected, never raised.

    With `check`, every question is also built for its parameter values and its texts filled in, as
    `bank lint` does, so a bank that loads clean cannot fail in the middle of a session; with `cache`,
    a file whose content already passed is not checked again (see `checker.bank.checks`).
    """
    problems: list[Problem] = []
    files = bank_files(paths)
    if cache:  # a file read clean before is not parsed again (see checker.bank.parsed)
        from checker.bank.parsed import TopicCache

        topics = TopicCache()
        read = [_read_file(path, problems, topics) for path in files]
        topics.save()
    else:
        read = [_read_file(path, problems) for path in files]
    if check:
        # a shipped bank as it was linted before release needs no check here (the tests lint it)
        unchecked = [
            (t, data)
            for (t, data), path in zip(read, files)
            if t is not None and not (cache and checks.shipped_and_linted(path, data))
        ]
        problems.extend(_check_files(unchecked, cache=cache))
    bank = _merge([t for t, _ in read if t is not None], problems)
    warnings = [p for p in problems if p.code.startswith(WARNING)]  # advice: the bank loads all the same
    problems = [p for p in problems if not p.code.startswith(WARNING)]
    return LoadResult(bank, problems, files, warnings)


def _merge(read: list[Topic], problems: list[Problem]) -> Bank:
    """One Bank of the topics read; a question id seen before is a problem and left out."""
    topics: dict[str, Topic] = {}
    seen: dict[str, Question] = {}
    for topic in read:
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
                old.id,
                old.title,
                old.questions + tuple(kept),
                old.sources + topic.sources,
                {**topic.misconceptions, **old.misconceptions},
            )
        else:
            topics[topic.id] = Topic(topic.id, topic.title, tuple(kept), topic.sources, topic.misconceptions)
    return Bank(tuple(topics.values()))


def _check_files(read: list[tuple[Topic, bytes]], *, cache: bool) -> list[Problem]:
    """The variant problems of every question read; files known clean are skipped when `cache`."""
    keys = [checks.digest(data, f"combinations={MAX_COMBINATIONS}") for _, data in read]
    clean = checks.known_clean(keys) if cache else set()
    found: list[Problem] = []
    passed = []
    for (topic, _), key in zip(read, keys):
        if key in clean:
            continue
        problems = [p for question in topic.questions for p in check_variants(question)]
        found.extend(problems)
        if not problems:
            passed.append(key)
    if cache:
        checks.remember_clean(passed)
    return found


# -- lint: variants


def parameter_combinations(question: Question) -> Iterable[dict[str, object]]:
    """Every combination of parameter values, or a reproducible sample when there are too many."""
    names = [p.name for p in question.params]
    total = math.prod(p.count() for p in question.params)
    if total <= MAX_COMBINATIONS:
        for combo in itertools.product(*(list(p.values()) for p in question.params)):
            yield dict(zip(names, combo))
        return
    yield from corners(question)  # all lowest, all highest values, then a seeded sample
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
            variant = checked_build(question, 0, params)
            clash = _feedback_equal_to_answer(variant)
        except (VariantError, KeyError, ValueError, TypeError, IndexError, ArithmeticError) as error:
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
    """Load the banks, evaluating every parametrized question over its parameter values, every time;
    and the advice on questions that load but teach badly (`warnings`)."""
    result = load_bank(paths, cache=False)
    result.problems.sort(key=lambda p: (p.path, p.line))
    broken = {(p.path, p.line) for p in result.problems}
    result.warnings += [
        w for q in result.bank.questions() for w in advice(q) if (w.path, w.line) not in broken
    ]
    result.warnings += untitled_misconceptions(result.bank)
    return result


def untitled_misconceptions(bank: Bank) -> list[Problem]:
    """A warning for each misconception a feedback names that no topic gives a title (`stats` would
    show the bare tag), at its first use."""
    found, seen = [], set()
    for question in bank.questions():
        for entry in question.feedback:
            tag = entry.misconception
            if tag and tag not in seen and bank.misconception_title(tag) is None:
                seen.add(tag)
                found.append(
                    Problem(question.source, question.line, "lint.warn.untitled_misconception", {"tag": tag})
                )
    return found


# A space between two Japanese characters: a line break inside a folded YAML block turned into one.
_JA_SPACE = re.compile(
    r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e] +[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]"
)

# A Korean prompt speaks one register (해요체): these endings belong to others.
_KO_OTHER_REGISTER = re.compile(r"입니까|일까요|시오[.?]?\s*$|시오[.?]|[인는은]가\?")


def advice(question: Question) -> list[Problem]:
    """What lint warns about in a question that loads: a right choice that is the only long one, a space
    between two Japanese characters, and a Korean prompt in another register than the banks' 해요체."""
    from checker.bank.distractors import WIDE_MARGIN, giveaway_langs

    found = []
    try:
        langs = giveaway_langs(question)
    except VariantError:
        langs = []  # a family that cannot be built is already a problem of its own
    if langs:
        found.append(
            Problem(
                question.source,
                question.line,
                "lint.warn.giveaway",
                {"id": question.id, "langs": ", ".join(langs), "margin": WIDE_MARGIN},
            )
        )
    texts = [question.prompt, question.explanation, question.hint, *(c.text for c in question.choices)]
    texts += [f.message for f in question.feedback] + [t for p in question.pairs for t in (p.left, p.right)]
    for text in texts:
        match = _JA_SPACE.search((text or {}).get("ja", ""))
        if match:
            found.append(
                Problem(
                    question.source,
                    question.line,
                    "lint.warn.ja_space",
                    {"id": question.id, "found": match.group(0)},
                )
            )
            break
    korean = question.prompt.get("ko", "")
    match = _KO_OTHER_REGISTER.search(korean)
    if match:
        found.append(
            Problem(
                question.source,
                question.line,
                "lint.warn.ko_register",
                {"id": question.id, "found": match.group(0)},
            )
        )
    return found
