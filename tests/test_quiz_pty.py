"""The quiz in a real pseudo-terminal: what a person sees and types."""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import pty
import re
import select
import subprocess
import sys
import time

import pytest
from conftest import correct_response, wrong_response

from checker.bank import load_bank
from checker.quiz.session import plan
from checker.resources import quizzes_dir

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


class Terminal:
    """A program running in a pseudo-terminal, 80 columns wide."""

    def __init__(self, args, env):
        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))

        def controlling_terminal() -> None:  # as a shell does: Ctrl-C then sends SIGINT
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            preexec_fn=controlling_terminal,
            close_fds=True,
        )
        os.close(slave)
        self.screen = ""
        # one decoder across reads: a character may arrive in two (readline writes its prompt piecemeal)
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def _pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            self.screen += self.decoder.decode(data)

    def expect(self, text: str, timeout: float = 20.0, start: int = 0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            plain = self.plain()
            index = plain.find(text, start)
            if index >= 0:
                return index + len(text)
            self._pump(0.1)
        raise AssertionError(f"{text!r} did not appear on the screen:\n{self.plain()[-3000:]}")

    def plain(self) -> str:
        return ANSI.sub("", self.screen)

    def wait_reading(self, timeout: float = 20.0) -> None:
        """Until the program is blocked reading its terminal (Linux: the system call it waits in). A
        signal that lands between a prompt and the read after it waits for the next key in CPython's
        readline: a window of microseconds for a person, yet a test's Ctrl-C sent the moment the prompt
        shows can land in it on a loaded machine."""
        import platform

        waiting = {"x86_64": {"0", "7", "23", "270", "271"}, "aarch64": {"63", "72", "73"}}.get(
            platform.machine()
        )  # read, poll, select, pselect6, ppoll
        end = time.monotonic() + timeout
        while waiting and time.monotonic() < end:
            try:
                with open(f"/proc/{self.process.pid}/syscall") as handle:
                    call = handle.read().split(" ", 1)[0]
            except OSError:
                return  # no way to tell here: as before
            if call in waiting:
                return
            self._pump(0.05)

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\r").encode("utf-8"))

    def close(self) -> int:
        """Wait for the program to end, reading everything it still prints."""
        end = time.monotonic() + 20
        while self.process.poll() is None and time.monotonic() < end:
            self._pump(0.1)
        for _ in range(20):  # what is left in the terminal's buffer
            before = len(self.screen)
            self._pump(0.05)
            if len(self.screen) == before:
                break
        code = self.process.wait(timeout=5)
        os.close(self.master)
        return code


@pytest.fixture
def env(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    environment.update(
        LSTM_QUIZ_HOME=str(tmp_path / "home"), TERM="xterm-256color", LANG="C.UTF-8", COLUMNS="80"
    )
    environment.pop("NO_COLOR", None)
    return environment


def test_a_learner_answers_and_sees_feedback_and_summary(env, tmp_path):
    bank = load_bank([quizzes_dir()]).bank
    variants = plan(bank, [], 2, 77)
    term = Terminal(
        [sys.executable, "-m", "checker", "start", "-n", "2", "--seed", "77", "--lang", "en"], env
    )
    try:
        at = term.expect("Question 1 of 2")
        at = term.expect("› ", start=at)
        term.type(correct_response(variants[0]))
        at = term.expect("✓ Correct", start=at)
        at = term.expect("h: I guessed (rate Hard)", start=at)  # a right answer may be rated by hand
        term.type("h")
        at = term.expect("Rated Hard", start=at)
        at = term.expect("Question 2 of 2", start=at)
        at = term.expect("› ", start=at)
        term.type(wrong_response(variants[1]))
        at = term.expect("✗ Wrong", start=at)
        at = term.expect("Why:", start=at)
        at = term.expect("Summary", start=at)
        term.expect("Time:", start=at)
        assert term.close() == 0
    finally:
        if term.process.poll() is None:
            term.process.kill()
    screen = term.plain()
    assert "\x1b[" in term.screen  # a real terminal gets colour
    assert "Total" in screen and "To review" in screen
    lines = [line for line in screen.splitlines() if line.strip()]
    assert max(len(line) for line in lines) <= 80
    saved = [json.loads(line) for line in (tmp_path / "home" / "history.jsonl").read_text().splitlines()]
    assert [a.get("rating") for a in saved] == ["Hard", None]


def test_korean_in_a_terminal(env):
    term = Terminal([sys.executable, "-m", "checker", "start", "-n", "1", "--seed", "3", "--lang", "ko"], env)
    try:
        term.expect("1문제 중 1번")
        term.expect("› ")
        term.type("skip")
        term.expect("건너뜀")
        term.expect("결과 요약")
        assert term.close() == 0
    finally:
        if term.process.poll() is None:
            term.process.kill()


def test_japanese_from_the_locale_in_a_terminal(env):
    env = {**env, "LANG": "ja_JP.UTF-8"}
    term = Terminal([sys.executable, "-m", "checker", "start", "-n", "1", "--seed", "3"], env)
    try:
        term.expect("全 1 問中 1 問目")
        term.expect("› ")
        term.type("skip")
        term.expect("スキップ")
        term.expect("結果のまとめ")
        assert term.close() == 0
    finally:
        if term.process.poll() is None:
            term.process.kill()


def test_ctrl_c_ends_with_a_summary(env, tmp_path):
    bank = load_bank([quizzes_dir()]).bank
    variants = plan(bank, [], 3, 9)
    term = Terminal([sys.executable, "-m", "checker", "start", "-n", "3", "--seed", "9", "--lang", "en"], env)
    try:
        term.expect("› ")
        term.type(correct_response(variants[0]))
        at = term.expect("h: I guessed")
        term.type("")  # Enter: the automatic rating stands
        at = term.expect("Question 2 of 3", start=at)
        term.expect("› ", start=at)
        term.wait_reading()
        os.write(term.master, b"\x03")  # Ctrl-C
        term.expect("Session interrupted.")
        term.expect("Summary")
        assert term.close() == 0
    finally:
        if term.process.poll() is None:
            term.process.kill()
    assert "Traceback" not in term.plain()
    lines = (tmp_path / "home" / "history.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1


def test_exam_countdown_and_time_up(env):
    args = [
        sys.executable,
        "-m",
        "checker",
        "start",
        "--exam",
        "-n",
        "1",
        "--seconds-per-question",
        "3",
        "--seed",
        "2",
        "--lang",
        "en",
    ]
    term = Terminal(args, env)
    try:
        term.expect("[0:0")  # the countdown in front of the prompt
        term.expect("Time is up", timeout=20)
        term.expect("Summary")
        assert term.close() == 0
    finally:
        if term.process.poll() is None:
            term.process.kill()
    shown = re.findall(r"\[0:0(\d)\]", term.plain())
    assert len(set(shown)) >= 2  # it counted down


def test_an_instructor_sees_the_progress_and_the_class_report_in_korean(env, tmp_path):
    # a class big enough that the progress bar is drawn before the report
    good = "import numpy as np\ndef gradient_clipping(g, t):\n    n = np.linalg.norm(g)\n    return g * (t / n) if n > t else g.copy()\n"
    for k in range(150):
        folder = tmp_path / "class" / f"s{k:03d}"
        folder.mkdir(parents=True)
        (folder / "exercise1.py").write_text(f"{good}# {k}\n", encoding="utf-8")
    term = Terminal(
        [sys.executable, "-m", "checker", "grade", str(tmp_path / "class"), "-o", str(tmp_path / "out"),
         "-j", "2", "--seed", "k7Qm2VxN4pLr9TzW", "--lang", "ko"],
        env,
    )  # fmt: skip
    try:
        at = term.expect("채점 중", timeout=60)
        term.expect("/s", start=at, timeout=60)  # the rate
        term.expect("학생 150명", timeout=60)  # the report
    finally:
        assert term.close() == 0


@contextlib.contextmanager
def _eos_question(env, exam: bool):
    """The question whose answer is EOS, at its prompt (in the mock exam, or not); the session is seen
    to its summary afterwards."""
    args = [sys.executable, "-m", "checker", "start", "--topic", "seq2seq", "-n", "1", "--seed", "2"]
    args += ["--lang", "en"] + (["--exam", "--seconds-per-question", "120"] if exam else [])
    term = Terminal(args, env)
    try:
        at = term.expect("› ")
        term.wait_reading()
        yield term, at
        term.expect("Summary", start=at)
        term.close()
    finally:
        if term.process.poll() is None:
            term.process.kill()


@pytest.mark.parametrize(("exam", "saved"), [(False, "EOS"), (True, "ESO")])
def test_arrow_keys_edit_the_answer_or_are_ignored_never_typed(env, tmp_path, exam, saved):
    """E, S, Left, O: at the usual prompt the cursor moves (EOS, graded right); the exam's own line
    editor leaves the keys out (ESO). Neither records the key's control sequence as part of the answer."""
    with _eos_question(env, exam) as (term, at):
        os.write(term.master, b"ES\x1b[DO\r")
        if not exam:  # after a right answer: Enter for the next (none: the summary)
            term.expect("Enter: next", start=at)
            term.wait_reading()
            term.type("")
    answer = _the_answer_saved(tmp_path)
    assert answer["response"] == saved
    assert answer["verdict"] == ("correct" if saved == "EOS" else "wrong")


def _the_answer_saved(tmp_path) -> dict:
    (answer,) = [json.loads(line) for line in (tmp_path / "home" / "history.jsonl").read_text().splitlines()]
    return answer


def _read_so_far(pid: int) -> int:
    with open(f"/proc/{pid}/io") as io:
        return int(next(line for line in io if line.startswith("rchar:")).split()[1])


def test_the_esc_key_alone_costs_the_exam_answer_nothing(env, tmp_path):
    """Esc pressed on its own (read alone, as a key's sequence never is), then EOS: the answer is EOS."""
    with _eos_question(env, exam=True) as (term, _):
        before = _read_so_far(term.process.pid)
        os.write(term.master, b"\x1b")
        end = time.monotonic() + 20
        while _read_so_far(term.process.pid) == before and time.monotonic() < end:
            term._pump(0.05)  # until the program has read the Esc by itself
        os.write(term.master, b"EOS\r")
    assert _the_answer_saved(tmp_path)["response"] == "EOS"
