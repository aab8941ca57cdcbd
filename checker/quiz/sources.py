"""Where answers come from: a script on stdin, or a person at a terminal (with an exam countdown)."""

from __future__ import annotations

import os
import re
import select
import sys
from collections.abc import Callable
from typing import IO, TextIO

from checker.quiz.session import AnswerTimeout, Clock


class LineSource:
    """Answers read one per line from a stream that is not a terminal (a script, a pipe, CliRunner)."""

    interactive = False

    def __init__(self, stream: TextIO, echo: Callable[[str], None] | None = None) -> None:
        self.stream = stream
        self.echo = echo  # show the scripted answer after the prompt, as a person would see it

    def read(self, prompt: str, deadline: float | None) -> str | None:
        line = self.stream.readline()
        if not line:
            return None
        line = line.rstrip("\r\n")
        if self.echo:
            self.echo(f"{prompt}{line}")
        return line


class TerminalSource:
    """Answers typed at a terminal. With a deadline, the prompt shows the time left, second by second."""

    interactive = True

    def __init__(self, clock: Clock, stdin: IO[str] | None = None, out: TextIO | None = None) -> None:
        self.clock = clock
        self.stdin = stdin or sys.stdin
        self.out = out or sys.stdout

    def read(self, prompt: str, deadline: float | None) -> str | None:
        if deadline is None:
            _line_editing()
            try:
                return without_escapes(input(prompt))
            except EOFError:
                return None
        return _read_with_countdown(prompt, deadline, self.clock, self.stdin, self.out)


def _line_editing() -> None:
    """The arrow keys, Home and End edit the answer being typed (and Up recalls an earlier one), as at
    a shell's prompt: input() does so once readline is loaded, where Python has it."""
    try:
        import readline  # noqa: F401
    except ImportError:
        pass


# A terminal's control sequences (an arrow key is ESC [ D, or ESC O D): where no line editor reads
# them, they are keys, never part of an answer.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?", re.DOTALL)


def without_escapes(text: str) -> str:
    """`text` without the control sequences a terminal sends for keys (and without lone ESCs)."""
    return _ESCAPES.sub("", text) if "\x1b" in text else text


def _format_left(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))
    return f"{seconds // 60:d}:{seconds % 60:02d}"


_KEYS_AFTER_ESC = "\r\n\x7f\b\x04\x15\x1b"  # Enter, Backspace, Ctrl-D, Ctrl-U, Esc again


def _escape_going_on(sequence: str) -> str:
    """The control sequence read so far while it is still going on ('' once it has ended): ESC, then
    [ or O and what follows up to a final character, or one other character."""
    if len(sequence) < 2:
        return sequence
    if sequence[1] == "[":
        return sequence if len(sequence) == 2 or not "@" <= sequence[-1] <= "~" else ""
    if sequence[1] == "O":
        return sequence if len(sequence) == 2 else ""
    return ""


def _read_with_countdown(
    prompt: str, deadline: float, clock: Clock, stdin: IO[str], out: TextIO
) -> str | None:
    """Read a line character by character, redrawing '[m:ss] › typed' until Enter or the deadline."""
    import codecs
    import termios

    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    attrs = termios.tcgetattr(fd)
    attrs[3] &= ~(termios.ICANON | termios.ECHO)  # our own echo; Ctrl-C still raises KeyboardInterrupt
    attrs[6][termios.VMIN], attrs[6][termios.VTIME] = 1, 0
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    typed: list[str] = []
    shown = ""
    escape = ""  # a key's control sequence being read (ESC [ D): ignored, never typed
    try:
        termios.tcsetattr(fd, termios.TCSADRAIN, attrs)
        while True:
            left = deadline - clock()
            if left <= 0:
                out.write("\n")
                out.flush()
                raise AnswerTimeout
            line = f"[{_format_left(left)}] {prompt}{''.join(typed)}"
            if line != shown:
                out.write("\r\x1b[K" + line)
                out.flush()
                shown = line
            ready, _, _ = select.select([fd], [], [], min(0.25, max(left, 0.01)))
            if not ready:
                continue
            chunk = os.read(fd, 64)
            if not chunk:
                return None
            for ch in decoder.decode(chunk):
                if escape == "\x1b" and ch in _KEYS_AFTER_ESC:
                    escape = ""  # Esc on its own, then a key that edits or ends the line: that key counts
                if escape or ch == "\x1b":
                    escape = _escape_going_on(escape + ch)
                    continue
                if ch in "\r\n":
                    out.write("\n")
                    out.flush()
                    return "".join(typed)
                if ch in "\x7f\b":
                    if typed:
                        typed.pop()
                elif ch == "\x04" and not typed:  # Ctrl-D on an empty line: end of input
                    out.write("\n")
                    return None
                elif ch == "\x15":  # Ctrl-U clears the line
                    typed.clear()
                elif ch.isprintable():
                    typed.append(ch)
            if escape == "\x1b":  # a key's sequence comes in one read: an Esc read alone was the Esc key
                escape = ""
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
