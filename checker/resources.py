"""Where the shipped banks and exercise templates are, installed or in a source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name  # inside a wheel
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name  # a source checkout or an editable install


def quizzes_dir() -> Path:
    """The folder of the banks that ship with lstm-quiz."""
    return _data_dir("quizzes")


def exercises_dir() -> Path:
    """The folder of the student exercise templates that ship with lstm-quiz."""
    return _data_dir("exercises")
