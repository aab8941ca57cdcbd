"""Question banks: the model, YAML loading with line numbers, and validation."""

from checker.bank.loader import LoadResult, lint, load_bank
from checker.bank.model import Bank, Problem, Question, Topic
from checker.bank.summary import TopicSummary, summarize

__all__ = [
    "Bank",
    "LoadResult",
    "Problem",
    "Question",
    "Topic",
    "TopicSummary",
    "lint",
    "load_bank",
    "summarize",
]
