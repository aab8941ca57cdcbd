"""A damaged history or an unwritable data folder never crashes `stats`, `review` or `start`, never
hangs them, and never loses what the history already holds (issue 10, section 2)."""

from __future__ import annotations

import errno
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import correct_response

from checker.bank import load_bank
from checker.cli import main
from checker.quiz.session import plan
from checker.resources import quizzes_dir

BANK = load_bank([quizzes_dir()]).bank
GOOD = {
    "session": "s1",
    "at": "2026-01-10T09:00:00+00:00",
    "mode": "study",
    "qid": "gates-forget-role",
    "topic": "gates",
    "seed": 1,
    "verdict": "wrong",
    "score": 0.0,
    "seconds": 5.0,
    "response": "2",
    "hint": False,
    "misconception": None,
    "params": {},
    "kind": "answer",
    "v": 1,
}


def line(**changes: object) -> bytes:
    return json.dumps({**GOOD, **changes}).encode() + b"\n"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


DAMAGED = {
    "string score": line(score="1.0"),
    "list id": line(qid=["a"]),
    "null seconds": line(seconds=None),
    "year 1 with an offset": line(at="0001-01-01T00:00:00+05:00"),
    "year 9999 with an offset": line(at="9999-12-31T23:59:59-05:00"),
    "year 9999 in UTC": line(at="9999-12-31T23:00:00+00:00"),
    "no time zone": line(at="2026-01-10T09:00:00"),
    "nested 100,000 deep": nested(100_000).encode() + b"\n",
    "nested 100,000 deep in a field": line()[:-2] + b',"params":' + nested(100_000).encode() + b"}\n",
    "duplicate key": line()[:-2] + b',"qid":"other"}\n',
    "random bytes": random.Random(7).randbytes(300).replace(b"\n", b" ") + b"\n",
    "invalid UTF-8": line(response="X").replace(b'"X"', b'"\xff\xfe"'),
    "dict session": line(session={"a": 1}),
    "list topic": line(topic=["gates"]),
    "list misconception": line(misconception=["m"]),
    "NaN score": line(score=float("nan")),
    "infinite score": line()[:-2] + b',"score":1e999}\n',
    "score above 1": line(score=7.5),
    "unknown verdict": line(verdict="great"),
    "bool seed": line(seed=True),
    "lone surrogate in the topic": line(topic="\ud800"),
    "a number": b"12\n",
    "an array": b"[1, 2]\n",
}


def write_history(home: Path, *lines: bytes) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "history.jsonl"
    path.write_bytes(b"".join(lines))
    return path


def invoke(args: list[str], input_text: str = ""):
    return CliRunner().invoke(main, args, input=input_text)


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", list(DAMAGED))
def test_stats_skips_a_damaged_line_with_the_documented_warning(quiz_home, case):
    write_history(quiz_home, line(), DAMAGED[case], line(verdict="correct", score=1.0))
    result = invoke(["stats", "--json", "--lang", "en"])
    no_traceback(result)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["answers"] == 2
    assert "history.jsonl:2: skipped a damaged line" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("case", list(DAMAGED))
def test_stats_report_and_review_survive_a_damaged_line(quiz_home, case):
    write_history(quiz_home, line(), DAMAGED[case])
    shown = invoke(["stats", "--lang", "en"])
    no_traceback(shown)
    assert shown.exit_code == 0 and "1 answer(s) in 1 session(s)" in shown.output
    review = invoke(["review", "--cram", "-n", "1", "--seed", "3", "--lang", "en"], "quit\n")
    no_traceback(review)
    assert review.exit_code == 0


@pytest.mark.parametrize("topic", ["[/]", "[bold]x", "\x1b[2J\u202e"])
def test_an_odd_but_valid_topic_is_shown_as_text(quiz_home, topic):
    write_history(quiz_home, line(topic=topic), line(topic=topic, misconception="[/]"))
    shown = invoke(["stats", "--lang", "en"])
    no_traceback(shown)
    assert shown.exit_code == 0 and "2 answer(s) in 1 session(s)" in shown.output
    assert "\x1b" not in shown.output and "\u202e" not in shown.output
    if topic.isprintable():
        assert topic in shown.output  # as typed, not read as markup


@pytest.mark.parametrize("case", ["list id", "nested 100,000 deep", "random bytes", "year 9999 in UTC"])
def test_start_appends_after_a_damaged_history_and_keeps_it(quiz_home, case):
    path = write_history(quiz_home, line(), DAMAGED[case])
    before = path.read_bytes()
    variants = plan(BANK, [], 1, 5)
    result = invoke(["start", "-n", "1", "--seed", "5", "--lang", "en"], correct_response(variants[0]) + "\n")
    no_traceback(result)
    assert result.exit_code == 0
    after = path.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 1


def test_many_damaged_lines_are_one_warning(quiz_home):
    noise = random.Random(1)
    junk = [noise.randbytes(noise.randrange(1, 80)).replace(b"\n", b"") + b"\n" for _ in range(3_213)]
    write_history(quiz_home, line(), *junk[:10], b"\n", *junk[10:], line())
    result = invoke(["stats", "--json", "--lang", "en"])
    no_traceback(result)
    assert json.loads(result.stdout)["answers"] == 2
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1
    assert "3,213 damaged lines skipped; first at line 2" in warnings[0]


def test_a_history_of_random_bytes_is_read_as_empty(quiz_home):
    write_history(quiz_home, random.Random(2).randbytes(200_000))
    result = invoke(["stats", "--json", "--lang", "en"])
    no_traceback(result)
    assert json.loads(result.stdout)["answers"] == 0
    assert len(result.stderr.splitlines()) == 1


def test_a_korean_summary(quiz_home):
    write_history(quiz_home, b"x\n" * 1500, line())
    result = invoke(["stats", "--json", "--lang", "ko"])
    assert "1,500" in result.stderr and "경고" in result.stderr


# -- the data folder cannot be written ---------------------------------------------------------------


def study(answers: int = 2, lang: str = "en"):
    variants = plan(BANK, [], answers, 9)
    text = "".join(correct_response(v) + "\n" for v in variants)
    return invoke(["start", "-n", str(answers), "--seed", "9", "--lang", lang], text)


def assert_studied_without_saving(result, answers: int = 2) -> None:
    no_traceback(result)
    assert result.exit_code == 0
    out = result.output
    notice = out.find("will not be saved")
    assert notice != -1, out
    assert notice < out.find("Question 1 of")  # said before the first question
    assert out.count("will not be saved") == 1
    assert out.count("✓ Correct") == answers  # the learner still studies
    assert "Progress saved" not in out


def test_a_file_where_the_data_folder_should_be(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.write_bytes(b"mine")
    monkeypatch.setenv("LSTM_QUIZ_HOME", str(home))
    assert_studied_without_saving(study())
    assert home.read_bytes() == b"mine"


def test_a_file_where_a_parent_folder_should_be(tmp_path, monkeypatch):
    (tmp_path / "file").write_bytes(b"mine")
    monkeypatch.setenv("LSTM_QUIZ_HOME", str(tmp_path / "file" / "home"))
    assert_studied_without_saving(study())


def test_history_that_is_a_folder(quiz_home):
    (quiz_home / "history.jsonl").mkdir(parents=True)
    assert_studied_without_saving(study())
    for command in (["stats", "--json"], ["review"]):
        result = invoke([*command, "--lang", "en"])
        no_traceback(result)
        assert result.exit_code == 0 and "cannot read your history" in result.stderr


def test_data_folder_is_dev_null(monkeypatch):
    monkeypatch.setenv("LSTM_QUIZ_HOME", "/dev/null")
    assert_studied_without_saving(study())


def test_history_linked_to_dev_null(quiz_home):
    quiz_home.mkdir()
    (quiz_home / "history.jsonl").symlink_to("/dev/null")
    assert_studied_without_saving(study())  # /dev/null would swallow every answer silently
    assert (quiz_home / "history.jsonl").is_symlink()


def _simulate_read_only(home: Path, monkeypatch, code: int) -> None:
    real_open, real_mkdir = os.open, os.mkdir

    def refuse_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(home)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    def refuse_mkdir(path, *args, **kwargs):
        if str(path).startswith(str(home)):
            raise OSError(code, os.strerror(code), str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_open)
    monkeypatch.setattr(os, "mkdir", refuse_mkdir)


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS])
def test_read_only_data_folder_simulated(quiz_home, monkeypatch, code):
    path = write_history(quiz_home, line())
    _simulate_read_only(quiz_home, monkeypatch, code)
    result = study()
    assert_studied_without_saving(result)
    assert "not writable" in result.output
    assert path.read_bytes() == line()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_data_folder(quiz_home):
    write_history(quiz_home, line())
    quiz_home.chmod(0o500)
    (quiz_home / "history.jsonl").chmod(0o400)
    try:
        assert_studied_without_saving(study())
    finally:
        quiz_home.chmod(0o700)


def test_a_full_disk_is_said_once_and_the_session_goes_on(quiz_home, monkeypatch):
    path = write_history(quiz_home, line())
    real_write = os.write

    def full(fd, data):
        if os.path.realpath(f"/proc/self/fd/{fd}") == str(path.resolve()):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    result = study(3)
    no_traceback(result)
    assert result.exit_code == 0
    assert result.output.count("disk is full") == 1
    assert result.output.count("✓ Correct") == 3
    assert "Progress saved" not in result.output
    assert path.read_bytes() == line()


def test_a_disk_that_fills_midway_through_a_line_leaves_no_torn_line(quiz_home, monkeypatch):
    """Part of the line reached the disk before it filled: that part is taken back, so no later read
    reports a damaged line that the append-only history would keep for ever."""
    path = write_history(quiz_home, line())
    real_write = os.write

    def fills(fd, data):
        if os.path.realpath(f"/proc/self/fd/{fd}") == str(path.resolve()):
            if len(data) > 10:
                return real_write(fd, bytes(data)[:10])  # ten bytes fit, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", fills)
    result = study(2)
    no_traceback(result)
    assert result.output.count("disk is full") == 1
    monkeypatch.undo()
    assert path.read_bytes() == line()
    assert "damaged" not in invoke(["stats", "--lang", "en"]).output


def test_a_failed_append_never_cuts_another_sessions_line(quiz_home, monkeypatch):
    """Another session's answer written just before this one's failed: it stays whole."""
    path = write_history(quiz_home, line())
    real_write = os.write
    theirs = line(qid="their-answer")

    def full_after_theirs(fd, data):
        if os.path.realpath(f"/proc/self/fd/{fd}") == str(path.resolve()):
            with open(path, "ab") as other:  # the other session's append, complete
                other.write(theirs)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_after_theirs)
    no_traceback(study(1))
    monkeypatch.undo()
    assert path.read_bytes().startswith(line() + theirs)


def test_a_short_write_is_completed(quiz_home, monkeypatch):
    path = write_history(quiz_home, line())
    real_write = os.write

    def halves(fd, data):
        data = bytes(data)
        return real_write(fd, data[: max(1, len(data) // 2)])

    monkeypatch.setattr(os, "write", halves)
    result = study(2)
    no_traceback(result)
    monkeypatch.undo()
    read = [json.loads(x) for x in path.read_bytes().splitlines()]
    assert len(read) == 3


# -- FIFOs: run as a process, so that a hang fails the test instead of stopping the suite ------------


def run_process(args: list[str], home: Path, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, LSTM_QUIZ_HOME=str(home), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        input=stdin.encode(),
        capture_output=True,
        env=env,
        timeout=120,  # a guard against a hang, not a measurement
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_history_does_not_hang(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    os.mkfifo(home / "history.jsonl")
    variants = plan(BANK, [], 1, 9)
    started = run_process(
        ["start", "-n", "1", "--seed", "9", "--lang", "en"], home, correct_response(variants[0])
    )
    assert started.returncode == 0, started.stderr
    assert b"will not be saved" in started.stdout and b"Traceback" not in started.stderr
    for command in (["stats", "--json"], ["review"]):
        result = run_process([*command, "--lang", "en"], home)
        assert result.returncode == 0, result.stderr
        assert b"cannot read your history" in result.stderr
