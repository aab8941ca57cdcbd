"""How a number is written for a person (a score, a count, a value in a question): what the quiz, the
checker's report and the batch's outputs share, with nothing else imported."""

from __future__ import annotations


def format_number(value: float) -> str:
    """A number as a person writes it: integers plainly, others with up to 6 significant digits."""
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"
