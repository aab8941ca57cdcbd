"""What lint warns about in a bank that loads but teaches badly, and the shipped banks held to it:
no answer given away by its length, one Korean register, every misconception titled, and the course's
coverage (topics, questions, three languages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.bank import load_bank
from checker.bank.distractors import longest_choice_rate
from checker.bank.loader import lint
from checker.cli import main
from checker.i18n import LANGS
from checker.resources import quizzes_dir

SHIPPED = lint([quizzes_dir()])

# A small bank with one of each thing lint warns about.
WARNED = """\
topic: warned
title: {en: Warned, ko: 경고, ja: 警告}
misconceptions:
  titled-mistake: {en: A titled mistake, ko: 제목 있는 실수, ja: タイトルのある間違い}
questions:
  - id: warned-long
    type: choice
    prompt: {en: Which one?, ko: 어느 것인가요?, ja: どれですか。}
    choices:
      - {key: right, text: "the right answer, spelt out at a length no other choice comes near"}
      - {key: a, text: "short"}
      - {key: b, text: "brief"}
      - {key: c, text: "terse"}
    answer: right
    explanation: {en: Because., ko: 그래서요., ja: だからです。}
    feedback:
      - answer: a
        misconception: untitled-mistake
        message: {en: No., ko: 아니요., ja: いいえ。}
      - answer: b
        misconception: titled-mistake
        message: {en: No., ko: 아니요., ja: いいえ。}
  - id: warned-register
    type: numeric
    prompt: {en: How many gates has an LSTM?, ko: LSTM의 게이트는 몇 개입니까?, ja: LSTMのゲートはいくつですか。}
    answer: 3
    explanation: {en: Three., ko: 세 개., ja: 三つです。}
"""


@pytest.fixture
def warned(tmp_path) -> Path:
    path = tmp_path / "warned.yaml"
    path.write_text(WARNED, encoding="utf-8")
    return path


def test_lint_warns_about_a_giveaway_a_register_and_an_untitled_misconception(warned):
    result = lint([warned])
    assert not result.problems
    found = {(w.code, w.fields.get("id") or w.fields.get("tag")) for w in result.warnings}
    assert found == {
        ("lint.warn.giveaway", "warned-long"),
        ("lint.warn.ko_register", "warned-register"),
        ("lint.warn.untitled_misconception", "untitled-mistake"),
    }
    assert all(w.path.endswith("warned.yaml") and w.line > 1 for w in result.warnings)


def test_warnings_are_printed_with_their_line_and_do_not_fail_lint(warned):
    result = CliRunner().invoke(main, ["bank", "lint", str(warned), "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if ": warning: " in line]
    assert len(lines) == 3 and all(line.startswith(str(warned) + ":") for line in lines)
    assert "picks the longest choice" in result.output


def test_a_titled_misconception_is_named_by_its_title(warned):
    bank = load_bank([warned]).bank
    assert bank.misconception_title("titled-mistake")["ja"] == "タイトルのある間違い"
    assert bank.misconception_title("untitled-mistake") is None


# -- the shipped banks --------------------------------------------------------------------------------


def test_the_shipped_banks_load_without_a_problem_or_a_warning():
    assert not SHIPPED.problems, [p.text("en") for p in SHIPPED.problems[:5]]
    assert not SHIPPED.warnings, [f"{w.path}:{w.line}: {w.text('en')}" for w in SHIPPED.warnings[:5]]


@pytest.mark.parametrize("lang", LANGS)
def test_picking_the_longest_choice_does_not_pay_in_any_language(lang):
    rate, count = longest_choice_rate(SHIPPED.bank.questions())[lang]
    assert count >= 40
    assert rate <= 0.30, f"{lang}: picking the longest choice scores {rate:.0%}"


def test_the_course_is_covered():
    topics = SHIPPED.bank.topics
    assert len(topics) >= 15
    assert sum(len(t.questions) for t in topics) >= 200
    assert all(len(t.questions) >= 10 for t in topics), {t.id: len(t.questions) for t in topics}
    for topic in topics:
        assert set(topic.title) == set(LANGS)
        for question in topic.questions:
            assert set(question.prompt) == set(LANGS) and set(question.explanation) == set(LANGS)


def test_every_misconception_the_shipped_banks_name_has_a_title_in_every_language():
    bank = SHIPPED.bank
    tags = {f.misconception for q in bank.questions() for f in q.feedback if f.misconception}
    assert len(tags) >= 100
    for tag in sorted(tags):
        title = bank.misconception_title(tag)
        assert title is not None and set(title) == set(LANGS), tag


IMPOSSIBLE = """\
topic: impossible
title: {en: Impossible, ko: 불가능, ja: 不可能}
questions:
  - id: impossible-proj
    type: numeric
    params:
      hidden_size: [10, 20]
      proj_size: [0, 5, 20]
    prompt:
      en: "nn.LSTM(8, {hidden_size}, proj_size={proj_size}): how many parameters?"
      ko: "nn.LSTM(8, {hidden_size}, proj_size={proj_size})의 파라미터는 몇 개인가요?"
      ja: "nn.LSTM(8, {hidden_size}, proj_size={proj_size}) のパラメータ数はいくつですか。"
    answer: {formula: lstm_param_count, args: {input_size: 8}}
    explanation: {en: Count., ko: 세어요., ja: 数えます。}
"""


def test_lint_stops_a_family_that_would_teach_a_model_torch_cannot_build(tmp_path):
    path = tmp_path / "impossible.yaml"
    path.write_text(IMPOSSIBLE, encoding="utf-8")
    problems = lint([path]).problems
    assert problems and all(p.path.endswith("impossible.yaml") for p in problems)
    assert any("proj_size" in p.text("en") and "smaller than hidden_size" in p.text("en") for p in problems)


FOLDED_JAPANESE = """\
topic: folded
title: {en: Folded, ko: 접힘, ja: 折り返し}
questions:
  - id: folded-ja
    type: numeric
    prompt:
      en: How many gates has an LSTM?
      ko: LSTM의 게이트는 몇 개인가요?
      ja: >-
        LSTM のゲートは
        いくつですか。
    answer: 3
    explanation: {en: Three., ko: 세 개., ja: 三つです。}
"""


def test_a_line_break_folded_into_a_space_inside_japanese_is_a_warning(tmp_path):
    path = tmp_path / "folded.yaml"
    path.write_text(FOLDED_JAPANESE, encoding="utf-8")
    warnings = lint([path]).warnings
    assert [(w.code, w.fields["found"]) for w in warnings] == [("lint.warn.ja_space", "は い")]
    # "LSTM のゲート": a space beside Latin letters is fine


def test_the_manifest_of_linted_banks_is_the_shipped_banks_as_they_are():
    """Sessions trust a shipped bank without checking it again only when its bytes are these; after
    editing a bank and seeing `lstm-quiz bank lint` pass: cd quizzes && sha256sum *.yaml > linted.sha256"""
    import hashlib

    from checker.bank.checks import MANIFEST

    folder = quizzes_dir()
    listed = {}
    for line in (folder / MANIFEST).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    actual = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.yaml"))}
    assert listed == actual


def test_only_a_shipped_bank_byte_for_byte_is_trusted(tmp_path):
    from checker.bank.checks import shipped_and_linted

    shipped = quizzes_dir() / "gru.yaml"
    data = shipped.read_bytes()
    assert shipped_and_linted(shipped, data)
    assert not shipped_and_linted(shipped, data + b"\n# edited\n")
    copy = tmp_path / "gru.yaml"
    copy.write_bytes(data)
    assert not shipped_and_linted(copy, data)  # the same bytes elsewhere are someone's own bank
