"""`bank lint`: the loader's problems, every parameter value evaluated, and ids that clash with the
shipped banks (an instructor's bank is used beside them)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from checker.bank.loader import LoadResult, lint, load_bank
from checker.bank.model import Problem
from checker.resources import quizzes_dir


def lint_with_shipped(paths: Sequence[Path]) -> LoadResult:
    shipped = quizzes_dir()
    if not paths:
        return lint([shipped])
    result = lint(paths)
    shipped_result = load_bank([shipped], check=False)  # only its ids are needed
    shipped_files = {p.resolve() for p in shipped_result.files}
    if any(p.resolve() in shipped_files for p in result.files):
        return result
    shipped_bank = shipped_result.bank
    for question in result.bank.questions():
        other = shipped_bank.question(question.id)
        if other is not None:
            result.problems.append(
                Problem(
                    question.source,
                    question.line,
                    "lint.shipped_id",
                    {"id": question.id, "other": other.where},
                )
            )
    result.problems.sort(key=lambda p: (p.path, p.line))
    return result
