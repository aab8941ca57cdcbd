"""`lstm-quiz check` and `lstm-quiz exercise` through click's CliRunner: what a learner sees."""

from __future__ import annotations

import json
import os
import re
import textwrap

import numpy as np
import pytest
from click.testing import CliRunner
from exams import SHIPPED
from exams import spec as spec_of

from checker.cli import main
from checker.codecheck import _format_array
from checker.i18n import message

CLIP_RIGHT = """
    import numpy as np

    def gradient_clipping(grad, threshold):
        norm = np.linalg.norm(grad)
        if norm > threshold:
            return grad * (threshold / norm)
        return grad.copy()
"""

CLIP_ELEMENTWISE = """
    import numpy as np

    def gradient_clipping(grad, threshold):
        return np.clip(grad, -threshold, threshold)
"""

LSTM_RIGHT = """
    import numpy as np

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def lstm_step(x, prev_h, prev_c, W, U, b):
        z = x @ W.T + prev_h @ U.T + b
        a, i, f, o = np.split(z, 4, axis=1)
        c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
        return c, sigmoid(o) * np.tanh(c)
"""

LSTM_PYTORCH_ORDER = """
    import numpy as np

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def lstm_step(x, prev_h, prev_c, W, U, b):
        z = x @ W.T + prev_h @ U.T + b
        i, f, g, o = np.split(z, 4, axis=1)
        c = sigmoid(f) * prev_c + sigmoid(i) * np.tanh(g)
        return c, sigmoid(o) * np.tanh(c)
"""


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write(directory, name: str, source: str):
    path = directory / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def flat(text: str) -> str:
    """The output with line wrapping undone (the report wraps long lines at the console width)."""
    return " ".join(text.split())


# -- exercise list / get ------------------------------------------------------------------------------


def test_exercise_list():
    result = run("exercise", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(SHIPPED.numbers())
    assert re.match(
        r"\s*1\s+gradient_clipping\s+exercise1\.py\s+gradient_clipping\(\)\s+Gradient clipping by norm$",
        lines[0],
    )
    assert re.match(
        r"\s*2\s+lstm_step\s+exercise2\.py\s+lstm_step\(\)\s+One LSTM step \(gate order a, i, f, o\)$",
        lines[1],
    )


def test_exercise_list_in_korean():
    result = run("exercise", "list", "--lang", "ko")
    assert result.exit_code == 0
    assert "노름 기준 기울기 클리핑" in result.output and "LSTM 한 스텝" in result.output


def test_exercise_get_writes_the_template_and_refuses_to_overwrite(tmp_path):
    folder = tmp_path / "work"
    template = SHIPPED.template(1)
    result = run("exercise", "get", "1", folder)
    assert result.exit_code == 0
    target = folder / "exercise1.py"
    assert target.read_bytes() == template
    assert "lstm-quiz check" in result.output and "gradient_clipping" in result.output

    target.write_text("# my work in progress\n", encoding="utf-8")
    again = run("exercise", "get", "1", folder)
    assert again.exit_code == 1
    assert "--force" in again.output and "exercise1.py" in again.output
    assert target.read_text(encoding="utf-8") == "# my work in progress\n"
    assert sorted(p.name for p in folder.iterdir()) == ["exercise1.py"]  # no temporary left behind

    forced = run("exercise", "get", "1", folder, "--force")
    assert forced.exit_code == 0
    assert target.read_bytes() == template


def test_exercise_get_says_in_one_line_why_it_cannot_write(tmp_path):
    (tmp_path / "exercise3.py").symlink_to(tmp_path / "nowhere" / "x.py")  # a link of the user's, to nowhere
    (tmp_path / "afile").write_text("", encoding="utf-8")
    (tmp_path / "dd" / "exercise1.py").mkdir(parents=True)  # a folder in the way
    for args, said in (
        (("3", tmp_path), "--force"),
        (("1", tmp_path / "afile" / "sub"), "Not a directory"),
        (("1", tmp_path / "dd", "--force"), "Is a directory"),
    ):
        result = run("exercise", "get", *args)
        assert result.exit_code == 1 and said in result.output and "Traceback" not in result.output
        assert not isinstance(result.exception, OSError)
    assert (tmp_path / "exercise3.py").is_symlink()


def test_exercise_get_2_and_the_refusal_in_korean(tmp_path):
    assert run("exercise", "get", "2", tmp_path).exit_code == 0
    assert (tmp_path / "exercise2.py").read_bytes() == SHIPPED.template(2)
    again = run("exercise", "get", "2", tmp_path, "--lang", "ko")
    assert again.exit_code == 1
    assert "이미 있습니다" in again.output and "--force" in again.output


@pytest.mark.parametrize("number, function", [(1, "gradient_clipping"), (2, "lstm_step")])
def test_the_untouched_template_is_not_implemented_yet(tmp_path, number, function):
    run("exercise", "get", number, tmp_path)
    result = run("check", tmp_path / f"exercise{number}.py")
    assert result.exit_code == 1
    assert f"{function} is not implemented yet" in flat(result.output)
    assert "Traceback" not in result.output


# -- check: the report ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, source, exercise",
    [("exercise1.py", CLIP_RIGHT, 1), ("exercise2.py", LSTM_RIGHT, 2)],
)
def test_a_correct_file_passes(tmp_path, name, source, exercise):
    result = run("check", write(tmp_path, name, source))
    assert result.exit_code == 0, result.output
    assert f"Exercise {exercise}:" in result.output
    assert "All tests passed" in result.output
    tests = len(spec_of(exercise).public_cases()) + len(spec_of(exercise).hidden_cases(0))
    assert f"Score {tests}/{tests}" in result.output


def test_a_wrong_file_shows_the_public_case_in_full(tmp_path):
    result = run("check", write(tmp_path, "exercise1.py", CLIP_ELEMENTWISE))
    assert result.exit_code == 1
    out = result.output
    text = flat(out)
    # the public case [3, 4] with threshold 1: its inputs, expected and actual outputs, and the errors
    assert "grad = [3. 4.]" in text and "threshold = 1." in text
    assert "expected: clipped = [0.6 0.8]" in text
    assert "got: clipped = [1. 1.]" in text
    assert "max abs error 0.4, max rel error 0.667, first mismatch at index (0,): expected 0.6, got 1" in text
    assert "Likely mistake" in out and "Clipping each element instead of the norm" in out
    assert "Hidden tests show their name, verdict and a hint only." in out


def test_a_wrong_file_shows_hidden_tests_as_name_points_and_hint_only(tmp_path):
    spec = spec_of(1)
    result = run("check", write(tmp_path, "exercise1.py", CLIP_ELEMENTWISE))
    lines = result.output.splitlines()
    for case in spec.hidden_cases(0):
        (line,) = [n for n, text in enumerate(lines) if case.name["en"] in text]
        assert "[hidden]" in lines[line] and re.search(r"\s[01]/1$", lines[line])
        if lines[line].startswith("✗"):  # grouped under the named mistake: its hint listed once below
            assert not lines[line + 1].startswith("    ") or lines[line + 1].strip() == "Hints:"
            assert f"    • {case.hint['en']}" in lines
    assert lines.count("    inputs:") == 1  # the one failing public case, no hidden one
    assert "Wrong result." not in result.output
    _assert_no_hidden_values(result.output, spec)


def test_the_named_mistake_comes_before_the_tests_and_the_hidden_failures_are_grouped(tmp_path):
    result = run("check", write(tmp_path, "exercise1.py", CLIP_ELEMENTWISE))
    lines = result.output.splitlines()
    box = next(n for n, text in enumerate(lines) if "Likely mistake" in text or "Where to look" in text)
    first_test = next(n for n, text in enumerate(lines) if text.startswith(("✓", "✗")))
    assert box < first_test
    group = next(n for n, text in enumerate(lines) if "hidden test(s) fail as well" in text)
    hints = [text for text in lines[group:] if text.startswith("    • ")]
    assert len(hints) == len(set(hints)) >= 1  # each hint once


def _visible_tokens(spec) -> set[str]:
    """The numbers the report may show: the public cases' inputs and expected outputs."""
    shown = set()
    for case in spec.public_cases():
        arrays = list(case.args) + list(spec.outputs(spec.reference(*case.args)))
        for array in arrays:
            shown.update(_tokens(_format_array(array)))
    return shown


def _tokens(text: str) -> set[str]:
    return {t for t in re.split(r"[\s\[\](),:\"]+", text) if re.search(r"\d\.\d", t)}


def _assert_no_hidden_values(output: str, spec) -> None:
    shown = _visible_tokens(spec)
    secret = set()
    for case in spec.hidden_cases(0):
        for array in case.args:
            secret.update(_tokens(_format_array(array)))
            secret.update(f"{v:.4f}" for v in np.asarray(array, dtype=np.float64).ravel()[:50])
    secret = {t for t in secret - shown if len(t.strip("-")) >= 6}  # long enough not to occur by chance
    assert len(secret) > 20
    assert not secret & _tokens(output)


def test_json_has_the_documented_fields_and_no_hidden_details(tmp_path):
    spec = spec_of(2)
    result = run("check", write(tmp_path, "exercise2.py", LSTM_PYTORCH_ORDER), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) >= {
        "exercise",
        "status",
        "score",
        "max_score",
        "tests",
        "misconceptions",
        "stdout",
        "isolation",
    }
    assert data["exercise"] == 2 and data["status"] == "fail"
    assert data["score"] == 0 and data["max_score"] == len(data["tests"]) == 10
    assert [m["tag"] for m in data["misconceptions"]] == ["lstm-pytorch-gate-order"]
    assert data["misconceptions"][0]["title"] == "PyTorch's gate order (i, f, g, o)"
    assert isinstance(data["stdout"], str) and isinstance(data["isolation"], dict)
    assert data["isolation"]["mode"] in ("fork", "spawn")
    for test in data["tests"]:
        assert set(test) >= {
            "name",
            "visibility",
            "status",
            "score",
            "max_score",
            "message",
            "misconception",
        }
        assert test["status"] == "fail" and test["misconception"] == "lstm-pytorch-gate-order"
        if test["visibility"] == "hidden":
            assert "details" not in test
            assert test["hint"]
        else:
            details = test["details"]
            assert set(details) >= {"inputs", "expected", "got", "max_abs_error", "max_rel_error"}
            assert set(details["inputs"]) == {"x", "prev_h", "prev_c", "W", "U", "b"}
            assert details["first_mismatch"] and len(details["first_mismatch"]) == 2
    assert [t["visibility"] for t in data["tests"]].count("visible") == 2
    _assert_no_hidden_values(result.output, spec)


def test_json_of_a_passing_file_has_no_details(tmp_path):
    result = run("check", write(tmp_path, "exercise1.py", CLIP_RIGHT), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["status"] == "pass" and data["score"] == data["max_score"] == 11
    assert data["misconceptions"] == []
    assert all("details" not in t and t["misconception"] is None for t in data["tests"])


def test_korean_report(tmp_path):
    result = run("check", write(tmp_path, "exercise1.py", CLIP_ELEMENTWISE), "--lang", "ko")
    assert result.exit_code == 1
    out = result.output
    assert "연습 문제 1: 노름 기준 기울기 클리핑" in out
    assert "clipped의 값이 틀렸습니다." in out
    assert "예상되는 실수" in out and "노름이 아니라 원소별로 클리핑함" in out
    assert "숨은 테스트는 이름, 판정, 힌트만 보여 줍니다." in out
    assert "[숨김]" in out and "점수 " in out
    assert "hidden" not in out and "Likely mistake" not in out


def test_korean_json_and_a_korean_pass(tmp_path):
    data = json.loads(
        run("check", write(tmp_path, "ex2.py", LSTM_PYTORCH_ORDER), "--json", "--lang", "ko").output
    )
    assert data["misconceptions"][0]["title"] == "PyTorch의 게이트 순서(i, f, g, o)를 씀"
    assert data["tests"][0]["message"] == "c의 값이 틀렸습니다."
    result = run("check", write(tmp_path, "exercise2.py", LSTM_RIGHT), "--lang", "ko")
    assert result.exit_code == 0 and "모든 테스트를 통과했습니다." in result.output


# -- check: which exercise ------------------------------------------------------------------------


def test_the_exercise_is_told_by_the_functions_defined(tmp_path):
    result = run("check", write(tmp_path, "my_homework.py", LSTM_RIGHT))
    assert result.exit_code == 0 and "Exercise 2:" in result.output
    # the functions win over a misleading name
    result = run("check", write(tmp_path, "exercise1.py", LSTM_RIGHT))
    assert result.exit_code == 0 and "Exercise 2:" in result.output


def test_the_exercise_is_told_by_the_file_name(tmp_path):
    path = write(tmp_path, "exercise2.py", "def helper(x):\n    return x\n")
    result = run("check", path)
    assert result.exit_code == 1
    assert "Exercise 2:" in result.output
    assert "does not define lstm_step()" in flat(result.output)


def test_the_exercise_is_told_by_the_option(tmp_path):
    result = run("check", write(tmp_path, "attempt.py", CLIP_RIGHT), "--exercise", "1")
    assert result.exit_code == 0 and "Exercise 1:" in result.output
    result = run("check", write(tmp_path, "exercise2.py", "x = 1\n"), "--exercise", "1")
    assert result.exit_code == 1
    assert "Exercise 1:" in result.output and "does not define gradient_clipping()" in flat(result.output)


@pytest.mark.parametrize(
    "name, source",
    [
        ("notes.py", "def helper():\n    pass\n"),
        ("both.py", "def gradient_clipping(g, t):\n    pass\n\ndef lstm_step(*a):\n    pass\n"),
        ("broken.py", "def (:\n"),
    ],
)
def test_an_unclear_file_is_a_usage_error_that_says_use_exercise(tmp_path, name, source):
    result = run("check", write(tmp_path, name, source))
    assert result.exit_code == 2
    text = flat(result.output)
    assert "Cannot tell which exercise" in text and "--exercise" in text
    assert all(f"{n} ({i.function})" in text for n, i in SHIPPED.infos().items())  # the choices, named
    assert "Traceback" not in result.output


def test_the_unclear_file_message_in_korean(tmp_path):
    result = run("check", write(tmp_path, "notes.py", "pass\n"), "--lang", "ko")
    assert result.exit_code == 2
    assert "어느 연습 문제인지 알 수 없습니다" in flat(result.output)


@pytest.mark.parametrize("which", ["999", "no_such_exercise"])
def test_an_unknown_exercise_is_a_usage_error_that_lists_them(tmp_path, which):
    result = run("check", write(tmp_path, "exercise1.py", CLIP_RIGHT), "--exercise", which)
    assert result.exit_code == 2
    assert "1 (gradient_clipping)" in flat(result.output) and "Traceback" not in result.output


def test_an_exercise_can_be_named_by_its_name(tmp_path):
    result = run("check", write(tmp_path, "mine.py", CLIP_RIGHT), "--exercise", "gradient_clipping")
    assert result.exit_code == 0, result.output


def test_a_missing_file_is_a_one_line_error(tmp_path):
    result = run("check", tmp_path / "no-such-file.py")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert "no-such-file.py" in errors[0] and "does not exist" in errors[0]
    assert "Traceback" not in result.output


def test_a_directory_is_a_usage_error(tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert "is a directory" in result.output
    assert "Traceback" not in result.output


def test_a_pipe_or_a_device_is_a_usage_error_not_a_wait_or_a_memory_bomb(tmp_path):
    """Reading a named pipe would wait forever and /dev/zero would fill the memory: only a regular file
    is read."""
    pipe = tmp_path / "exercise1.py"
    os.mkfifo(pipe)
    for path in (pipe, "/dev/zero"):
        result = run("check", path, "--exercise", "1")
        assert result.exit_code == 2 and "not a regular file" in result.output, result.output
        assert "Traceback" not in result.output


def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    import types

    import checker.files

    path = tmp_path / "exercise1.py"
    with open(path, "wb") as handle:
        handle.truncate(3 << 30)  # 3 GB, sparse: reading it whole would take 3 GB of memory
    result = run("check", path)
    assert result.exit_code == 1 and "is larger than" in result.output and "Traceback" not in result.output
    # A file that grows past its size while it is read is read no further than the limit either.
    asked: list[int] = []
    spy = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os) if not name.startswith("__")})
    spy.read = lambda fd, size: asked.append(size) or os.read(fd, size)
    spy.fstat = lambda fd: types.SimpleNamespace(st_mode=os.fstat(fd).st_mode, st_size=0)
    monkeypatch.setattr(checker.files, "os", spy)
    assert checker.files.read_regular(path, 5000) is None
    assert sum(asked) == 5001


def test_a_file_that_cannot_be_read_is_a_one_line_error(tmp_path):
    result = run("check", "/proc/self/mem", "--exercise", "1")  # a regular file whose reading fails
    assert result.exit_code == 1 and "cannot be read" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_usage_error_leaves_no_sandbox_folder_behind(tmp_path):
    """`lstm-quiz check` starts its sandbox early; a command that ends at once must clean it up."""
    import os
    import subprocess
    import sys

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    result = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(tmp_path / "missing.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("number, function", [(1, "gradient_clipping"), (2, "lstm_step")])
def test_an_endless_loop_lets_three_tests_hang_then_the_rest_are_not_run(tmp_path, number, function):
    source = f"def {function}(*args):\n    while True:\n        pass\n"
    result = run("check", write(tmp_path, f"exercise{number}.py", source), "--lang", "en", "--json")
    data = json.loads(result.output)
    messages = [t["message"]["en"] if isinstance(t["message"], dict) else t["message"] for t in data["tests"]]
    hung = [n for n, m in enumerate(messages) if "Did not finish" in m]
    assert hung == [0, 1, 2]  # counted across the public and the hidden tests, as the README says
    assert all("Not run" in m for m in messages[3:])


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan", "inf"])
@pytest.mark.parametrize(
    "command", [["check", "exercise1.py"], ["grade", "class"], ["gradescope-autograder"]]
)
def test_a_timeout_that_is_not_a_number_of_seconds_is_a_usage_error(tmp_path, monkeypatch, command, value):
    """nan passes every range check by comparing false: it is refused as out of range, before anything
    is graded or built (it used to end `check` in a traceback and make every file a grader fault)."""
    (tmp_path / "class" / "bob").mkdir(parents=True)
    (tmp_path / "class" / "bob" / "exercise1.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "exercise1.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*command, "--timeout", value])
    assert result.exit_code == 2, result.output
    assert "is not in the range" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "grading").exists()


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_with_json_a_file_that_cannot_be_graded_still_gets_a_json_verdict(tmp_path, lang):
    """A tool reading `check --json` gets an object for a file refused unread, not an empty stdout."""
    large = tmp_path / "exercise2.py"
    with open(large, "wb") as handle:
        handle.truncate(2_000_000)
    result = run("check", large, "--json", "--lang", lang)
    assert result.exit_code == 1, result.output
    answer = json.loads(result.stdout)
    assert answer["status"] == "error" and answer["error_kind"] == "too-large" and answer["score"] == 0.0
    said = message("check.too_large", lang, file=str(large), limit=1_000_000)
    assert answer["file"] == str(large) and answer["error"] == said
    # without --json, the line it always was
    plain = run("check", large, "--lang", lang)
    assert plain.exit_code == 1 and not plain.stdout.strip().startswith("{") and said in plain.output
