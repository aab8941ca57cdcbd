"""The command line's own words follow `--lang` or the locale: help, usage errors, in every language."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.cli.localize import argv_lang


def invoke(args, env=None):
    return CliRunner().invoke(main, args, env=env or {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})


@pytest.mark.parametrize(
    "args, env, lang",
    [
        (["start", "--lang", "ko"], {}, "ko"),
        (["--lang=ja", "stats"], {}, "ja"),
        (["start"], {"LANG": "ja_JP.UTF-8"}, "ja"),
        (["start", "--lang", "en"], {"LANG": "ko_KR.UTF-8"}, "en"),
        (["start", "--lang", "xx"], {"LANG": "ko_KR.UTF-8"}, "ko"),  # not a language: the locale's
        (["check", "--", "--lang", "ko"], {}, "en"),  # after `--` it is a file name
    ],
)
def test_the_language_is_read_from_the_line_before_click_parses_it(args, env, lang):
    assert argv_lang(args, env) == lang


@pytest.mark.parametrize(
    "args, words",
    [
        (["--lang", "ko", "--help"], ["사용법:", "옵션:", "명령:"]),
        (["--lang", "ja", "--help"], ["使い方:", "オプション:", "コマンド:"]),
        (["start", "--help", "--lang", "ja"], ["使い方:", "問"]),
        (["plan", "--help", "--lang", "ko"], ["시험"]),
    ],
)
def test_help_is_in_the_asked_language(args, words):
    result = invoke(args)
    assert result.exit_code == 0, result.output
    for word in words:
        assert word in result.output
    assert "Show this message and exit." not in result.output


def test_help_follows_a_japanese_locale():
    result = invoke(["--help"], env={"LANG": "ja_JP.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert "使い方:" in result.output and "Usage:" not in result.output


@pytest.mark.parametrize(
    "lang, words",
    [("ko", ["오류:", "--bogus"]), ("ja", ["エラー:", "--bogus"]), ("en", ["Error:", "No such option"])],
)
def test_a_usage_error_is_one_sentence_in_the_language_and_exit_code_2(lang, words):
    result = invoke(["start", "--bogus", "--lang", lang])
    assert result.exit_code == 2
    for word in words:
        assert word in result.output
    assert "Traceback" not in result.output


def test_an_invocation_in_korean_leaves_the_next_one_in_english():
    assert "사용법:" in invoke(["--lang", "ko", "--help"]).output
    again = invoke(["--help"])
    assert "Usage:" in again.output and "사용법:" not in again.output
    error = invoke(["start", "--bogus"])
    assert "No such option" in error.output


def test_help_asked_in_english_first_does_not_stay_english():
    # click makes a command's --help option once and keeps it: it must not keep the first language
    assert "Show this message and exit." in invoke(["start", "--help"]).output
    korean = invoke(["start", "--help", "--lang", "ko"]).output
    assert "Show this message and exit." not in korean and "사용법:" in korean


@pytest.mark.parametrize("lang", ["ko", "ja"])
@pytest.mark.parametrize(
    "args",
    [
        ["grade", ".", "--shard", "3/2"],  # a usage of our own
        ["start", "-n", "abc"],  # click's number types
        ["check", "/nonexistent/exercise1.py"],  # click's paths
        ["grade"],  # a missing argument
    ],
)
def test_a_usage_error_in_korean_or_japanese_holds_no_english_word(lang, args):
    import re

    result = invoke([*args, "--lang", lang])
    assert result.exit_code == 2
    error = result.output.strip().splitlines()[-1]  # the sentence (the usage line above is the syntax)
    words = set(re.findall(r"[A-Za-z]{3,}", error)) - {"FILE", "SUBMISSIONS"}  # the arguments' names
    words -= {w for w in re.findall(r"[A-Za-z]{3,}", " ".join(args))}  # what was typed
    assert not words, result.output
