"""The command line through click's CliRunner: output, exit codes and errors a user sees."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.i18n import LANGS

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    assert "bank" in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and "lstm-quiz" in result.output


def test_bank_list_json_has_the_documented_shape():
    result = run("bank", "list", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["total"] == sum(t["questions"] for t in data["topics"]) >= 80
    for topic in data["topics"]:
        assert set(topic) >= {"topic", "questions", "parametrized", "languages"}
        assert topic["languages"] == list(LANGS)


def test_bank_list_table_in_both_languages():
    en = run("bank", "list", "--lang", "en")
    ko = run("bank", "list", "--lang", "ko")
    assert "Questions" in en.output and "lstm-gates" in en.output
    assert "문제 수" in ko.output and "LSTM 게이트" in ko.output


def test_bank_list_includes_an_instructors_bank():
    data = json.loads(run("bank", "list", "--json", "--bank", str(FIXTURES / "good")).output)
    sample = [t for t in data["topics"] if t["topic"] == "sample"]
    assert sample and sample[0]["questions"] == 9 and sample[0]["parametrized"] == 2


def test_a_broken_extra_bank_stops_with_its_problems_not_a_traceback():
    result = CliRunner().invoke(main, ["bank", "list", "--bank", str(FIXTURES / "broken" / "syntax.yaml")])
    assert result.exit_code == 1
    assert "syntax.yaml:6: YAML syntax error" in result.output
    assert "Traceback" not in result.output


def test_lint_clean_banks_exit_0():
    result = run("bank", "lint", str(FIXTURES / "good"))
    assert result.exit_code == 0
    assert "9 question(s): no problems" in result.output


def test_lint_shipped_banks_by_default():
    result = run("bank", "lint")
    assert result.exit_code == 0, result.output


def test_lint_problems_exit_1_as_path_line_message():
    result = CliRunner().invoke(main, ["bank", "lint", str(FIXTURES / "broken")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ".yaml:" in line]
    assert len(lines) >= 12
    assert all(line.split(":")[1].isdigit() for line in lines)


def test_lint_problems_in_korean():
    result = CliRunner().invoke(main, ["bank", "lint", "--lang", "ko", str(FIXTURES / "broken")])
    assert result.exit_code == 1
    assert "fields.yaml:5: 문제 'fields-unknown-type': 알 수 없는 type 'essay'" in result.output
    assert (
        "fields.yaml:12: 문제 'fields-unknown-field': numeric 문제에 쓸 수 없는 필드 'explanaton'"
        in result.output
    )
    assert "fields.yaml:20: 경고: 이 문제 은행에는 'ko' 번역이 없는 글이 있습니다" in result.output
    assert "syntax.yaml:6: YAML 문법 오류" in result.output
    assert "question '" not in result.output and "unknown type" not in result.output


def test_a_broken_extra_bank_is_reported_in_korean():
    bank = str(FIXTURES / "broken" / "syntax.yaml")
    result = CliRunner().invoke(main, ["bank", "list", "--lang", "ko", "--bank", bank])
    assert result.exit_code == 1
    assert "syntax.yaml:6: YAML 문법 오류" in result.output


def test_lint_reports_an_id_clash_with_the_shipped_banks(tmp_path):
    from checker.bank import load_bank
    from checker.resources import quizzes_dir

    taken = load_bank([quizzes_dir()]).bank.questions()[0].id
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        f"topic: mine\ntitle: {{en: Mine, ko: 내 것, ja: 自分のもの}}\nquestions:\n  - id: {taken}\n    type: numeric\n"
        "    prompt: {en: a, ko: b, ja: c}\n    answer: 1\n    explanation: {en: a, ko: b, ja: c}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["bank", "lint", str(mine)])
    assert result.exit_code == 1
    assert f"mine.yaml:4: id '{taken}' is already used by a shipped question" in result.output


def test_missing_path_is_a_one_line_usage_error_exit_2():
    result = CliRunner().invoke(main, ["bank", "lint", "no-such-bank.yaml"])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_korean_messages_from_the_locale(monkeypatch):
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    result = run("bank", "lint", str(FIXTURES / "good"))
    assert "문제점 없음" in result.output


def test_python_dash_m_checker_from_another_folder(tmp_path):
    """`python -m checker` works like `lstm-quiz` and finds the shipped banks from any folder."""
    result = subprocess.run(
        [sys.executable, "-m", "checker", "bank", "list", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] >= 80


def test_console_script_from_another_folder(tmp_path):
    script = shutil.which("lstm-quiz") or str(Path(sys.executable).parent / "lstm-quiz")
    result = subprocess.run(
        [script, "bank", "list"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "lstm-gates" in result.stdout
