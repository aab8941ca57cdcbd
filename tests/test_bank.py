"""Loading and linting banks: every problem reported with its file and line; the shipped banks are clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.bank import lint, load_bank, summarize
from checker.bank.loader import check_variants
from checker.bank.model import Phrase, Problem
from checker.i18n import LANGS
from checker.messages_lint import LINT_MESSAGES
from checker.resources import quizzes_dir

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"


def _problems(*paths: Path) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in lint(list(paths)).problems]


@pytest.mark.parametrize(
    "where, fragment",
    [
        ("syntax.yaml:6", "YAML syntax error"),
        ("fields.yaml:5", "unknown type 'essay'"),
        ("fields.yaml:12", "unknown field 'explanaton'"),
        ("fields.yaml:8", "missing field 'explanation'"),
        ("fields.yaml:13", "missing field 'answer'"),
        ("fields.yaml:29", "answer 'c' is not among the choices (a, b)"),
        ("fields.yaml:36", "unknown formula 'sigmoid_derivative'"),
        ("fields.yaml:38", "for batch=0, hidden_size=4: formula 'lstm_h_n_shape' fails"),
        ("fields.yaml:50", "uses {y}, which is not a param"),
        ("fields.yaml:52", "'{t-1}' is not a plain name"),
        ("fields.yaml:56", "is not a known function"),
    ],
)
def test_each_mistake_is_reported_at_its_line(where, fragment):
    found = _problems(BROKEN / "syntax.yaml", BROKEN / "fields.yaml")
    assert any(line.startswith(where + ":") and fragment in line for line in found), found


def test_all_problems_are_collected_not_just_the_first():
    found = _problems(BROKEN / "fields.yaml")
    assert len(found) >= 10  # and the missing Korean of line 20, a warning
    # the broken questions are left out, but the file's good parts still load
    assert load_bank([BROKEN / "fields.yaml"]).bank.topics[0].id == "broken-fields"


def test_duplicate_ids_across_files_name_both_places():
    found = _problems(BROKEN / "duplicate.yaml", FIXTURES / "good" / "sample.yaml")
    assert any(
        re.match(r"sample\.yaml:4: duplicate id 'sample-choice' \(first defined at .*duplicate\.yaml:4\)", p)
        for p in found
    ), found


def test_duplicate_yaml_keys_are_reported(tmp_path):
    bank = tmp_path / "dup.yaml"
    bank.write_text(
        "topic: t\ntitle: {en: T, ko: T, ja: T}\nquestions:\n  - id: q\n    type: numeric\n    answer: 1\n"
        "    answer: 2\n    prompt: {en: a, ko: b, ja: c}\n    explanation: {en: a, ko: b, ja: c}\n",
        encoding="utf-8",
    )
    assert "dup.yaml:7: duplicate key 'answer'" in _problems(bank)


def test_feedback_that_is_actually_correct_is_caught(tmp_path):
    bank = tmp_path / "clash.yaml"
    bank.write_text(
        """topic: t
title: {en: T, ko: T, ja: T}
questions:
  - id: q-clash
    type: numeric
    params:
      z: [0.2, 0.5]
    prompt: {en: "z={z}", ko: "z={z}", ja: "z={z}"}
    answer: {expr: "1 - z"}
    explanation: {en: x, ko: x, ja: x}
    feedback:
      - answer: {expr: "z"}
        misconception: swapped
        message: {en: swapped, ko: 바뀜, ja: 入れ替わり}
""",
        encoding="utf-8",
    )
    found = _problems(bank)
    assert any("for z=0.5" in p and "'swapped' names an answer that is correct" in p for p in found), found


NO_JA = (
    "topic: t\ntitle: {en: T, ko: T, ja: T}\nquestions:\n  - id: q\n    type: numeric\n"
    "    prompt:\n      en: Value?\n      ko: 값은?\n    answer: 1\n"
    "    explanation: {en: x, ko: x, ja: x}\n"
)


def test_a_shipped_bank_must_have_every_language(tmp_path):
    from checker.bank.loader import read_text

    problems = []
    read_text(NO_JA, "no-ja.yaml", problems)  # the shipped banks' rule: every language required
    assert [f"{p.path}:{p.line}: {p.message}" for p in problems] == [
        "no-ja.yaml:7: question 'q': missing Japanese translation (ja) of prompt"
    ]
    assert problems[0].text("ko") == "문제 'q': prompt의 일본어 번역(ja)이 없습니다"


def test_an_instructors_bank_without_a_language_loads_with_one_warning_and_falls_back_to_english(tmp_path):
    bank = tmp_path / "no-ja.yaml"
    bank.write_text(NO_JA, encoding="utf-8")
    result = lint([bank])
    assert result.problems == []
    warnings = [(Path(w.path).name, w.line, w.code, w.fields.get("lang")) for w in result.warnings]
    assert warnings == [("no-ja.yaml", 7, "lint.warn.missing_lang", "ja")]
    from checker.variant import generate

    variant = generate(result.bank.question("q"), 1)
    assert variant.prompt("ja") == "Value?" and variant.prompt("ko") == "값은?"


def test_an_instructors_bank_still_needs_english(tmp_path):
    bank = tmp_path / "no-en.yaml"
    bank.write_text(NO_JA.replace("      en: Value?\n", ""), encoding="utf-8")
    assert any("missing English translation (en) of prompt" in p for p in _problems(bank))


def test_the_broken_fixture_lacking_korean_gets_a_warning_not_a_problem():
    result = lint([BROKEN / "fields.yaml"])
    assert not any("Korean translation" in p.message for p in result.problems)
    assert ("lint.warn.missing_lang", 20, "ko") in [
        (w.code, w.line, w.fields.get("lang")) for w in result.warnings
    ]


def test_missing_file_and_non_mapping(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("- just\n- a list\n", encoding="utf-8")
    assert _problems(empty) == ["empty.yaml:1: a bank file must be a mapping with topic, title and questions"]


# -- the messages in Korean -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "where, english, korean",
    [
        ("syntax.yaml:6", "YAML syntax error", "YAML 문법 오류"),
        ("fields.yaml:5", "unknown type 'essay'", "문제 'fields-unknown-type': 알 수 없는 type 'essay'"),
        ("fields.yaml:12", "unknown field 'explanaton'", "쓸 수 없는 필드 'explanaton'"),
        ("fields.yaml:8", "missing field 'explanation'", "필드 'explanation'이(가) 없습니다"),
        (
            "fields.yaml:29",
            "answer 'c' is not among the choices (a, b)",
            "답 'c'이(가) 보기(a, b)에 없습니다",
        ),
        ("fields.yaml:38", "for batch=0, hidden_size=4:", "(batch=0, hidden_size=4일 때)"),
        ("fields.yaml:50", "uses {y}, which is not a param", "{y}은(는) param이나 derived 값이 아닙니다"),
    ],
)
def test_each_mistake_is_reported_in_korean_at_the_same_line(where, english, korean):
    problems = lint([BROKEN]).problems
    en = [f"{Path(p.path).name}:{p.line}: {p.text('en')}" for p in problems]
    ko = [f"{Path(p.path).name}:{p.line}: {p.text('ko')}" for p in problems]
    assert any(line.startswith(where + ":") and english in line for line in en), en
    assert any(line.startswith(where + ":") and korean in line for line in ko), ko
    assert not any(english in line for line in ko), ko


def test_every_problem_has_a_korean_text_and_an_english_one():
    problems = lint([BROKEN]).problems
    assert len(problems) >= 11
    for problem in problems:
        assert problem.message == problem.text("en")
        assert problem.text("ko") != problem.message
        assert any("가" <= c <= "힣" for c in problem.text("ko")), problem.text("ko")


def test_a_problem_is_comparable_hashable_data():
    where = Phrase("lint.where.question", {"id": "q"})
    a = Problem("x.yaml", 3, "lint.question.difficulty", {"where": where})
    b = Problem(
        "x.yaml", 3, "lint.question.difficulty", {"where": Phrase("lint.where.question", {"id": "q"})}
    )
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Problem("x.yaml", 3, "lint.question.difficulty", {"where": ""})
    assert str(a) == "x.yaml:3: question 'q': difficulty must be 1, 2 or 3"
    assert a.text("ko") == "문제 'q': difficulty는 1, 2, 3 중 하나여야 합니다"
    first = Problem("a.yaml", 9, "lint.file.not_utf8")
    assert sorted([a, first], key=lambda p: (p.path, p.line)) == [first, a]


def test_lint_messages_without_fields_have_no_braces():
    """A message with no fields is shown as written, so `{{` would not become `{`."""
    for key, texts in LINT_MESSAGES.items():
        for text in texts.values():
            if "{" not in text.replace("{{", "").replace("}}", ""):
                assert "{" not in text and "}" not in text, key


def test_the_good_fixture_is_clean_and_summarized():
    result = lint([FIXTURES / "good"])
    assert result.problems == []
    (summary,) = summarize(result.bank)
    assert (summary.topic, summary.questions, summary.parametrized) == ("sample", 9, 2)
    assert summary.languages == LANGS


# -- the shipped banks -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return lint([quizzes_dir()])


def test_shipped_banks_lint_clean(shipped):
    assert [str(p) for p in shipped.problems] == []


def test_shipped_banks_cover_the_syllabus(shipped):
    summaries = summarize(shipped.bank)
    assert sum(s.questions for s in summaries) >= 80
    assert sum(s.parametrized for s in summaries) >= 15
    big_topics = [s for s in summaries if s.questions >= 8]
    assert len(big_topics) >= 8
    for s in summaries:
        assert s.languages == LANGS, s.topic
    types = {q.type for q in shipped.bank.questions()}
    assert types == {"choice", "multi", "numeric", "text", "shape", "match"}


def test_shipped_parametrized_questions_evaluate_for_every_value(shipped):
    for question in shipped.bank.questions():
        if question.parametrized:
            assert check_variants(question) == []
