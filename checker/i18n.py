"""The Korean/English message catalogue and the choice of language.

Every sentence the program says to a person lives here, in both languages, so a missing translation is
caught by one test over this table.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from checker.messages_lint import LINT_MESSAGES

LANGS = ("en", "ko")
DEFAULT_LANG = "en"

MESSAGES: dict[str, dict[str, str]] = {
    # answer parsing (an unreadable answer is never graded)
    "answer.empty": {
        "en": "The answer is empty.",
        "ko": "답이 비어 있습니다.",
    },
    "answer.too_long": {
        "en": "The answer is too long ({limit} characters at most).",
        "ko": "답이 너무 깁니다(최대 {limit}자).",
    },
    "answer.not_a_number": {
        "en": "'{text}' is not a number. Write it like 0.25, 1/4 or 2.5e-1.",
        "ko": "'{text}'은(는) 숫자가 아닙니다. 0.25, 1/4, 2.5e-1처럼 써 주세요.",
    },
    "answer.several_numbers": {
        "en": "Give one number, not several ('{text}').",
        "ko": "숫자 하나만 입력해 주세요('{text}').",
    },
    "answer.not_finite": {
        "en": "The answer must be a finite number.",
        "ko": "답은 유한한 숫자여야 합니다.",
    },
    "answer.divide_by_zero": {
        "en": "'{text}' divides by zero.",
        "ko": "'{text}'은(는) 0으로 나눕니다.",
    },
    "answer.percent": {
        "en": "Write the value as a plain number (0.25, not 25%).",
        "ko": "퍼센트가 아닌 수로 써 주세요(25%가 아니라 0.25).",
    },
    "answer.not_a_shape": {
        "en": "'{text}' is not a shape. Write it like (1, 35, 20), [1, 35, 20] or 1x35x20.",
        "ko": "'{text}'은(는) 텐서 모양이 아닙니다. (1, 35, 20), [1, 35, 20], 1x35x20처럼 써 주세요.",
    },
    "answer.bad_dim": {
        "en": "Every dimension of a shape is a whole number ≥ 0; '{text}' is not.",
        "ko": "모양의 각 차원은 0 이상의 정수여야 합니다. '{text}'은(는) 아닙니다.",
    },
    "answer.part_count": {
        "en": "Give {expected} shapes ({names}), separated by ';' — you gave {given}.",
        "ko": "모양 {expected}개({names})를 ';'로 구분해 입력해 주세요. 입력한 개수: {given}.",
    },
    "answer.choice_range": {
        "en": "Choose a number from 1 to {n}.",
        "ko": "1부터 {n}까지의 번호를 골라 주세요.",
    },
    "answer.not_a_choice": {
        "en": "'{text}' is not one of the choices. Type its number.",
        "ko": "'{text}'은(는) 보기에 없습니다. 번호를 입력해 주세요.",
    },
    "answer.one_choice": {
        "en": "Choose exactly one answer.",
        "ko": "답을 하나만 골라 주세요.",
    },
    "answer.duplicate_choice": {
        "en": "Choice {item} is given twice.",
        "ko": "보기 {item}이(가) 두 번 들어 있습니다.",
    },
    "answer.match_format": {
        "en": "Pair each number with a letter, like '1a 2c 3b', or give the letters in order, like 'acb'.",
        "ko": "'1a 2c 3b'처럼 번호마다 글자를 짝지어 주거나, 'acb'처럼 글자를 순서대로 써 주세요.",
    },
    "answer.match_range": {
        "en": "Use numbers 1–{n} and letters a–{last}.",
        "ko": "번호는 1–{n}, 글자는 a–{last}를 사용해 주세요.",
    },
    "answer.match_duplicate": {
        "en": "Item {item} is paired twice.",
        "ko": "항목 {item}이(가) 두 번 짝지어졌습니다.",
    },
    # bank commands
    "bank.no_questions": {
        "en": "No questions found in {paths}.",
        "ko": "{paths}에서 문제를 찾지 못했습니다.",
    },
    "bank.problems": {
        "en": "{count} problem(s) in the banks:",
        "ko": "문제 은행에서 {count}개의 문제점을 찾았습니다:",
    },
    "bank.clean": {
        "en": "{files} file(s), {questions} question(s): no problems.",
        "ko": "파일 {files}개, 문제 {questions}개: 문제점 없음.",
    },
    "bank.found_problems": {
        "en": "{count} problem(s) in {files} file(s).",
        "ko": "파일 {files}개에서 문제점 {count}개.",
    },
    "bank.fix_hint": {
        "en": "Run 'lstm-quiz bank lint' on these files for the full list.",
        "ko": "전체 목록은 'lstm-quiz bank lint'로 확인하세요.",
    },
    "bank.col_topic": {"en": "Topic", "ko": "주제"},
    "bank.col_title": {"en": "Title", "ko": "제목"},
    "bank.col_questions": {"en": "Questions", "ko": "문제 수"},
    "bank.col_parametrized": {"en": "Parametrized", "ko": "매개변수형"},
    "bank.col_languages": {"en": "Languages", "ko": "언어"},
    "bank.total": {"en": "Total", "ko": "합계"},
    "cli.path_missing": {
        "en": "No such file or folder: {path}",
        "ko": "파일이나 폴더가 없습니다: {path}",
    },
    # verdicts
    "verdict.correct": {"en": "Correct", "ko": "정답"},
    "verdict.partial": {"en": "Partly correct", "ko": "부분 정답"},
    "verdict.wrong": {"en": "Wrong", "ko": "오답"},
    "verdict.invalid": {"en": "Not a valid answer", "ko": "올바른 형식의 답이 아님"},
}

MESSAGES.update(LINT_MESSAGES)


def message(key: str, lang: str, /, **fields: object) -> str:
    """The sentence `key` in `lang`, with `fields` filled in."""
    text = MESSAGES[key].get(lang) or MESSAGES[key][DEFAULT_LANG]
    return text.format(**fields) if fields else text


def detect_lang(environ: Mapping[str, str] | None = None) -> str:
    """Korean when the locale says so (LC_ALL, LC_MESSAGES, LANG, in POSIX order), else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return DEFAULT_LANG


def pick(text: Mapping[str, str], lang: str) -> str:
    """One language's version of a bilingual text (`{"en": ..., "ko": ...}`)."""
    return text.get(lang) or text.get(DEFAULT_LANG) or next(iter(text.values()), "")
