"""Killing `lstm-quiz check` or `lstm-quiz grade` (SIGKILL: it can clean nothing up) leaves no process of
a submission's behind, even one that forked, started a session of its own and cleared its parent-death
signal, then loops forever.

The submission's processes name themselves (PR_SET_NAME, and a file of that name held open) with a tag
of this test's, so they are found in /proc whatever became of their parents; the descendants of the killed process are recorded too, by
their parent links, while they last. Each is told apart from a later process with the same pid by its
start time.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc")

SECRET = "no-survivors-secret-0123456789"
APPEAR = 10.0  # seconds, at most, for the submission's processes to show up
VANISH = 3.0  # seconds, at most, for every one of them to be gone once the grader is killed

# {tag} names the processes (comm, at most 15 bytes), with a suffix: "g" for a grandchild, "p" for the
# process that forked it, "n" for one whose fork was refused (it loops where it is). {where} is
# "module" or "function": where the submission does it.
SUBMISSION = """
import os, time

TAG = {tag!r}


_HELD = []


def _name(suffix):
    name = TAG + suffix
    try:
        import ctypes

        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME
    except Exception:
        pass
    try:  # and a file of that name held open, where the name cannot be set
        _HELD.append(open(name, "w"))
    except OSError:
        pass


def _orphan():
    \"\"\"A session of its own, and no signal when its parent dies.\"\"\"
    try:
        os.setsid()
    except OSError:
        pass
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)  # PR_SET_PDEATHSIG: none
    except Exception:
        pass


def _forever(suffix):
    _name(suffix)
    while True:
        time.sleep(0.05)


def _survive():
    _orphan()
    try:
        child = os.fork()
    except OSError:
        _forever("n")
    if child == 0:
        _orphan()
        try:
            grandchild = os.fork()
        except OSError:
            _forever("n")
        if grandchild == 0:  # its parent gone soon: adopted by whoever adopts orphans
            _orphan()
            _forever("g")
        time.sleep(0.5)  # long enough for the test to see whose child the grandchild is
        os._exit(0)
    _forever("p")


if {where!r} == "module":
    _survive()


def lstm_step(x, prev_h, prev_c, W, U, b):
    _survive()
"""


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start time) of a process, or None if there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after the command name, which may hold spaces
    return int(fields[1]), fields[0], int(fields[19])


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _held_tag(pid: int, tag: str) -> str:
    """The name of a file the process holds open that starts with `tag` (see the submission), or ''."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                name = os.path.basename(os.readlink(f"/proc/{pid}/fd/{fd}")).removesuffix(" (deleted)")
            except OSError:
                continue
            if name.startswith(tag):
                return name
    except OSError:
        pass
    return ""


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _age(start: int) -> float:
    """Seconds since a process started (its start time in clock ticks since boot)."""
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - start / os.sysconf("SC_CLK_TCK")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Census:
    """Every process seen so far that is the grader's descendant or carries the tag: pid -> start time;
    and the sandbox runners' children among them (the processes that run a submission)."""

    def __init__(self, root: int, tag: str) -> None:
        self.root = root
        self.tag = tag
        self.seen: dict[int, int] = {}
        self.tagged: dict[int, str] = {}  # pid -> its name
        self.runners: set[int] = set()  # runners and their children
        self.jobs: dict[int, int] = {}  # a runner's child: pid -> start time

    def look(self) -> None:
        parents = {}
        for pid in _pids():
            stat = _stat(pid)
            if stat is None:
                continue
            parents[pid] = stat
            name = _comm(pid)
            if not name.startswith(self.tag) and name.startswith(("python", "lq")):
                name = _held_tag(pid, self.tag) or name
            if name.startswith(self.tag):
                self.seen.setdefault(pid, stat[2])
                self.tagged[pid] = name
        family = {self.root}
        grew = True
        while grew:
            grew = False
            for pid, (parent, _, start) in parents.items():
                if parent in family and pid not in family:
                    family.add(pid)
                    self.seen.setdefault(pid, start)
                    grew = True
        # The runner is a python process running runner.py (bubblewrap, which starts it, has it among its
        # arguments); the children it forks have its command line too.
        for pid in family - self.runners - {self.root}:
            if "runner.py" in _cmdline(pid) and _comm(pid) != "bwrap":
                self.runners.add(pid)
        for pid in family & self.runners:
            if pid in parents and parents[pid][0] in self.runners:
                self.jobs.setdefault(pid, parents[pid][2])

    def looping(self) -> int:
        """How many of the submission's processes have reached their endless loop as the last of
        their line (a grandchild, or one whose fork was refused), as far as they could say so."""
        return sum(1 for name in self.tagged.values() if name[-1:] in ("g", "n"))

    def ready(self, wanted: int) -> bool:
        """`wanted` submissions run: their processes say they loop, or as many runner children have
        been seen and one of them has been running for a moment (it may not be able to say)."""
        if self.looping() >= wanted:
            return True
        if len(self.jobs) < wanted:
            return False
        return any(_stat(pid) is not None and _age(start) >= 0.2 for pid, start in self.jobs.items())

    def alive(self) -> dict[int, str]:
        """The recorded processes still running (the same process: same start time; not a zombie)."""
        left = {}
        for pid, start in self.seen.items():
            if pid == self.root:
                continue
            stat = _stat(pid)
            if stat is not None and stat[2] == start and stat[1] != "Z":
                left[pid] = f"{_comm(pid)} (state {stat[1]}): {_cmdline(pid)[:120]}"
        return left


def _run_and_kill(command: list[str], tag: str, wanted: int) -> tuple[Census, dict[int, str]]:
    """Start `command`, wait for `wanted` submissions' processes to loop (at most APPEAR seconds), SIGKILL it,
    and return the census and what is still alive VANISH seconds later (or as soon as nothing is)."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    census = Census(process.pid, tag)
    try:
        deadline = time.monotonic() + APPEAR
        while time.monotonic() < deadline and process.poll() is None:
            census.look()
            if census.ready(wanted):
                break
            time.sleep(0.005)
        census.look()
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + VANISH
        left = census.alive()
        while left and time.monotonic() < deadline:
            time.sleep(0.02)
            left = census.alive()
        return census, left
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid, start in census.seen.items():  # whatever survived the test is ended by it
            stat = _stat(pid)
            if pid != process.pid and stat is not None and stat[2] == start:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def _tag() -> str:
    return "lq" + secrets.token_hex(4)  # 10 bytes, and a suffix: within comm's 15


@pytest.mark.parametrize("where", ["module", "function"])
def test_killing_check_leaves_no_process(tmp_path, where):
    tag = _tag()
    path = tmp_path / "exercise2.py"
    path.write_text(textwrap.dedent(SUBMISSION.format(tag=tag, where=where)), encoding="utf-8")
    census, left = _run_and_kill([sys.executable, "-m", "checker", "check", str(path)], tag, 1)
    assert census.jobs or census.tagged, "the submission's processes never showed up"
    assert not left, f"still running after the check was killed: {left}"


def test_killing_grade_leaves_no_process(tmp_path):
    tag = _tag()
    root = tmp_path / "class"
    for student in ("ann", "ben", "cho"):
        folder = root / student
        folder.mkdir(parents=True)
        (folder / "exercise2.py").write_text(
            textwrap.dedent(SUBMISSION.format(tag=tag, where="function")), encoding="utf-8"
        )
    command = [sys.executable, "-m", "checker", "grade", str(root), "-o", str(tmp_path / "out"), "-j", "2",
               "--seed", SECRET]  # fmt: skip
    census, left = _run_and_kill(command, tag, 3)
    assert census.jobs or census.tagged, "the submissions' processes never showed up"
    assert not left, f"still running after grade was killed: {left}"
