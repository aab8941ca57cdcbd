"""Question banks: the model, YAML loading with line numbers, and validation.

The names below are loaded on first use, so that importing `checker.bank.model` (as grading and
variants do) does not pull in the loader, which itself needs them.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Bank": "checker.bank.model",
    "Problem": "checker.bank.model",
    "Question": "checker.bank.model",
    "Topic": "checker.bank.model",
    "LoadResult": "checker.bank.loader",
    "lint": "checker.bank.loader",
    "load_bank": "checker.bank.loader",
    "TopicSummary": "checker.bank.summary",
    "summarize": "checker.bank.summary",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'checker.bank' has no attribute {name!r}")
