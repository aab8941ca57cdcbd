"""bank-topics.json: topics read clean are remembered by content, as plain JSON; anything else in the
cache is ignored and the file parsed again, never believed."""

from __future__ import annotations

import json

import pytest

from checker.bank import load_bank
from checker.bank.parsed import CACHE_NAME, HEADER, decode, encode
from checker.resources import quizzes_dir

BANK = """\
topic: cached
title: {en: Cached, ko: 캐시, ja: キャッシュ}
questions:
  - id: cached-gates
    type: numeric
    prompt: {en: How many gates has an LSTM?, ko: LSTM의 게이트는 몇 개인가요?, ja: LSTMのゲートはいくつですか。}
    answer: 3
    explanation: {en: Three., ko: 세 개., ja: 三つです。}
"""


@pytest.fixture
def bank_file(tmp_path, quiz_home):
    path = tmp_path / "cached.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def test_the_shipped_banks_read_from_the_cache_are_the_banks_parsed(quiz_home):
    parsed = load_bank([quizzes_dir()], check=False, cache=False).bank
    first = load_bank([quizzes_dir()]).bank  # parses and fills the cache
    assert (quiz_home / CACHE_NAME).exists()
    again = load_bank([quizzes_dir()]).bank  # from the cache
    assert first == parsed and again == parsed


def test_every_value_of_a_topic_survives_the_round_trip():
    topics = load_bank([quizzes_dir()], check=False, cache=False).bank.topics
    for topic in topics:
        assert decode(json.loads(json.dumps(encode(topic)))) == topic


def test_an_edited_file_is_parsed_again(bank_file):
    load_bank([bank_file])
    bank_file.write_text(BANK.replace("answer: 3", "answer: 4"), encoding="utf-8")
    assert load_bank([bank_file]).bank.question("cached-gates").answer == 4


@pytest.mark.parametrize(
    "tamper",
    [
        lambda entry: {"c": "Popen", "f": {"args": ["sh"]}},  # not a class of the model
        lambda entry: {"c": "Topic", "f": {**entry["f"], "extra": 1}},  # a field the class does not have
        lambda entry: {"c": "Question", "f": {}},  # a class of the model, but not a topic
        lambda entry: {"t": "not a list"},
        lambda entry: {"c": "Topic", "f": {**entry["f"], "questions": {"d": [[1]]}}},
    ],
)
def test_a_cache_entry_that_is_not_what_we_wrote_is_ignored(bank_file, quiz_home, tamper):
    # signed again after the change: each entry is still checked for what it holds
    expected = load_bank([bank_file]).bank
    path = quiz_home / CACHE_NAME
    saved = read_cache(path)
    saved["topics"] = {key: tamper(entry) for key, entry in saved["topics"].items()}
    write_cache(path, saved)
    result = load_bank([bank_file])
    assert not result.problems and result.bank == expected


def read_cache(path) -> dict:
    return json.loads(path.read_bytes().partition(b"\n")[2])


def write_cache(path, saved: dict, signed: bool = True) -> None:
    import hashlib

    body = json.dumps(saved).encode()
    digest = hashlib.sha256(body).hexdigest() if signed else "0" * 64
    path.write_bytes(HEADER + digest.encode() + b"\n" + body)


def test_a_cache_edited_by_hand_is_not_used(bank_file, quiz_home):
    """A question changed in bank-topics.json (well-formed, yet no question the bank file gives: a choice
    question made numeric) is never asked: the file is parsed again."""
    expected = load_bank([bank_file]).bank
    path = quiz_home / CACHE_NAME
    saved = read_cache(path)
    text = json.dumps(saved).replace('"cached-gates"', '"edited-by-hand"')
    write_cache(path, json.loads(text), signed=False)
    assert load_bank([bank_file]).bank == expected


@pytest.mark.parametrize("content", [b"", b"not json", b"[1, 2]", b'{"format": 99, "topics": {}}'])
def test_an_unreadable_cache_only_means_parsing_again(bank_file, quiz_home, content):
    quiz_home.mkdir(parents=True, exist_ok=True)
    (quiz_home / CACHE_NAME).write_bytes(content)
    result = load_bank([bank_file])
    assert not result.problems and result.bank.question("cached-gates").answer == 3


def test_a_file_with_a_problem_is_not_remembered(tmp_path, quiz_home):
    path = tmp_path / "broken.yaml"
    path.write_text(BANK.replace("    answer: 3\n", ""), encoding="utf-8")
    assert load_bank([path]).problems
    cached = quiz_home / CACHE_NAME
    topics = read_cache(cached)["topics"] if cached.exists() else {}
    assert not topics
    assert load_bank([path]).problems  # and still reported the next time
