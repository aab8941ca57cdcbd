from __future__ import annotations

import os

# Tests must not depend on the developer's locale or colour settings.
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)
os.environ["LANG"] = "C.UTF-8"
os.environ["NO_COLOR"] = "1"
# Nor on the user's data folder: whatever a test does not point elsewhere lands in a folder of its own.
os.environ["LSTM_QUIZ_HOME"] = __import__("tempfile").mkdtemp(prefix="lstm-quiz-tests-")


import pytest  # noqa: E402

from checker.variant import Variant, format_number, format_shape  # noqa: E402


def correct_response(variant: Variant) -> str:
    """What a learner who knows the answer types for this variant."""
    q = variant.question
    keys = [q.choices[i].key for i in variant.choice_order]
    if q.type == "choice":
        return str(keys.index(variant.answer) + 1)
    if q.type == "multi":
        return ", ".join(str(keys.index(k) + 1) for k in sorted(variant.answer, key=keys.index))
    if q.type == "numeric":
        return repr(float(variant.answer))
    if q.type == "text":
        return variant.answer[0]
    if q.type == "shape":
        if q.parts:
            return "; ".join(format_shape(s) for s in variant.answer)
        return format_shape(variant.answer)
    return variant.answer_text("en")  # match: "1b 2a 3c"


def wrong_response(variant: Variant) -> str:
    """A readable answer that is certainly wrong for this variant."""
    q = variant.question
    if q.type == "choice":
        keys = [q.choices[i].key for i in variant.choice_order]
        return str(next(i for i, k in enumerate(keys) if k != variant.answer) + 1)
    if q.type == "multi":
        keys = [q.choices[i].key for i in variant.choice_order]
        wrong = [i + 1 for i, k in enumerate(keys) if k not in variant.answer]
        return str(wrong[0]) if wrong else "1"
    if q.type == "numeric":
        return format_number(variant.answer * 3 + 7)
    if q.type == "text":
        return "definitely not this"
    if q.type == "shape":
        bad = "(999, 999)"
        return "; ".join([bad] * len(q.parts)) if q.parts else bad
    n = len(q.pairs)
    letters = [chr(ord("a") + variant.right_order.index(i)) for i in range(n)]
    return "".join(letters[1:] + letters[:1])  # every pair shifted: all wrong


@pytest.fixture
def quiz_home(tmp_path, monkeypatch):
    """A private data folder for the history, as LSTM_QUIZ_HOME."""
    home = tmp_path / "home"
    monkeypatch.setenv("LSTM_QUIZ_HOME", str(home))
    return home


@pytest.fixture(scope="module")
def runner():
    """A warm sandbox runner shared by a test module's checks (a module may define its own)."""
    from checker.sandbox.client import Runner

    with Runner() as started:
        yield started
