"""Whether a single-choice question gives its answer away by its length.

A learner who always picks the longest choice should do no better than a learner who guesses: the
bank-wide rate of that strategy is measured per language (`longest_choice_rate`), and a question whose
right choice is the only long one, by a wide margin, is a lint warning (`giveaway_langs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from checker.bank.model import Question
from checker.i18n import LANGS

# The right choice is a giveaway when it is at least this many times as long as every other choice.
WIDE_MARGIN = 1.2
# The seeds whose variants are measured (parameters and shuffles change the texts a little).
SEEDS = (0, 1, 2)


def _lengths(question: Question, seed: int, lang: str) -> tuple[int, list[int]]:
    """The answer's position among the displayed choices, and every choice's length."""
    from checker.variant import _key_index, generate

    variant = generate(question, seed)
    labels = variant.choice_labels(lang)
    position = variant.choice_order.index(_key_index(question, variant.answer))
    return position, [len(" ".join(label.split())) for label in labels]


def longest_choice_score(question: Question, lang: str) -> float:
    """What 'pick the longest choice' scores on `question` in `lang` (a tie shares its chance)."""
    total = 0.0
    for seed in SEEDS:
        position, lengths = _lengths(question, seed, lang)
        longest = max(lengths)
        if lengths[position] == longest:
            total += 1 / lengths.count(longest)
    return total / len(SEEDS)


def giveaway_langs(question: Question) -> list[str]:
    """The languages in which the right choice is the only long one, by `WIDE_MARGIN` or more."""
    if question.type != "choice" or len(question.choices) < 2:
        return []
    found = []
    for lang in LANGS:
        position, lengths = _lengths(question, SEEDS[0], lang)
        others = lengths[:position] + lengths[position + 1 :]
        if lengths[position] >= WIDE_MARGIN * max(others):
            found.append(lang)
    return found


def longest_choice_rate(questions: Iterable[Question]) -> dict[str, tuple[float, int]]:
    """Per language: the mean score of 'pick the longest' over single-choice questions, and their count."""
    chosen: Sequence[Question] = [q for q in questions if q.type == "choice" and len(q.choices) >= 2]
    if not chosen:
        return {lang: (0.0, 0) for lang in LANGS}
    return {
        lang: (sum(longest_choice_score(q, lang) for q in chosen) / len(chosen), len(chosen))
        for lang in LANGS
    }


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m checker.bank.distractors [FILE|DIR ...]`: the rates and the giveaways of some banks."""
    import sys
    from pathlib import Path

    from checker.bank.loader import load_bank
    from checker.resources import quizzes_dir

    paths = [Path(a) for a in (sys.argv[1:] if argv is None else argv)] or [quizzes_dir()]
    bank = load_bank(paths, check=False, cache=False).bank
    questions = list(bank.questions())
    for lang, (rate, count) in longest_choice_rate(questions).items():
        print(f"{lang}: picking the longest choice scores {rate:.0%} over {count} single-choice questions")
    for question in questions:
        langs = giveaway_langs(question)
        if langs:
            print(
                f"{question.source}:{question.line}: {question.id}: the answer is the longest by far ({', '.join(langs)})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
