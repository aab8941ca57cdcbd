"""Children of one runner are apart: nothing one child does to a descriptor it was given (a case's
memory file, its stdin) can be read by a later child, so no file can leave a classmate's file what it
saw of the hidden cases. A child whose cases wait behind the gate gets none while its module loads.
An exception a submission cannot even print is its own report, never a crash of the runner's loop."""

from __future__ import annotations

import sys
import textwrap

import pytest
from exams import exam

from checker.policy import BATCH
from checker.sandbox.client import Runner

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="memory files and /proc are Linux's"
)

# Asks the runner for a case out of turn, at import, on the child's own case socket; `CASE` is then
# (the case's description, a descriptor of its memory file), or None if nothing came within `wait`.
_TAKE = """
    import array, json, os, select, socket, stat

    def take(wait):
        for fd in range(3, 256):
            try:
                if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                    continue
            except OSError:
                continue
            feed = socket.socket(fileno=os.dup(fd))
            feed.send(b"N")
            if not select.select([feed], [], [], wait)[0]:
                return None
            message, ancillary, _, _ = feed.recvmsg(1 << 16, socket.CMSG_SPACE(4))
            fds = array.array("i")
            for _, _, data in ancillary:
                fds.frombytes(data[: len(data) - len(data) % 4])
            return (json.loads(message), fds[0]) if message and fds else None
        return None
    """


def source(text: str) -> bytes:
    return (textwrap.dedent(_TAKE) + textwrap.dedent(text)).encode()


RETURNS = """
    def gradient_clipping(grad, threshold):
        return grad
    """


def seen_after(writer: bytes, reader: bytes) -> str:
    """The message `reader` raises at import, run on the same runner right after `writer` (which ends
    itself while loading)."""
    with Runner() as runner:
        assert load_error(runner, writer)["kind"] == "exit"
        return load_error(runner, reader)["message"]


def load_error(runner: Runner, text: bytes, **options) -> dict:
    cases = exam(1).inputs(exam(1).public, BATCH)
    outcome = runner.run(text, "exercise1.py", "gradient_clipping", cases, budget=5.0, **options)
    assert outcome.load_error is not None, outcome
    return outcome.load_error


def test_a_case_files_offset_moved_by_one_child_is_not_seen_by_the_next():
    writer = source(
        """
        taken = take(2.0)
        os.lseek(taken[1], 4321, os.SEEK_SET)  # kept open: the file's offset is the would-be message
        raise SystemExit("written")
        """
    )
    reader = source(
        """
        taken = take(2.0)
        raise RuntimeError(f"offset {os.lseek(taken[1], 0, os.SEEK_CUR)}")
        """
    )
    assert "offset 0" in seen_after(writer, reader)


def test_a_case_files_access_time_is_not_moved_by_a_child():
    """A child's reads of a case (its mapping of it, or a read of its own) leave the file's access time
    alone: a later child reading it back learns nothing of when, or whether, an earlier one read."""
    writer = source(
        """
        import time
        taken = take(2.0)
        time.sleep(0.05)  # past the clock's tick: a read now would move the access time
        os.pread(taken[1], 1, 0)
        raise SystemExit("read")
        """
    )
    reader = source(
        """
        taken = take(2.0)
        status = os.fstat(taken[1])
        raise RuntimeError(f"read since written: {status.st_atime_ns > status.st_mtime_ns}")
        """
    )
    assert seen_after(writer, reader) == "read since written: False"


def test_stdin_flags_set_by_one_child_are_not_seen_by_the_next():
    writer = source(
        """
        said = []
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            said.append(libc.fcntl(0, 4, libc.fcntl(0, 3) | os.O_NONBLOCK | os.O_APPEND))  # F_SETFL
        except (ImportError, OSError) as error:
            said.append(type(error).__name__)
        try:
            os.set_blocking(0, False)
        except OSError as error:
            said.append(type(error).__name__)
        raise SystemExit(f"written {said}")
        """
    )
    reader = source(
        """
        raise RuntimeError(f"blocking {os.get_blocking(0)}")
        """
    )
    assert seen_after(writer, reader) == "blocking True"


def test_behind_a_gate_of_none_no_case_comes_while_the_module_loads():
    asks = source(
        """
        taken = take(0.5)
        raise RuntimeError("got " + (taken[0]["id"] if taken else "nothing"))
        """
    )
    with Runner() as runner:
        assert load_error(runner, asks, gate=0)["message"] == "got nothing"
        assert load_error(runner, asks)["message"].startswith("got ")  # ungated: the first case


class_ = """
    class Unprintable(Exception):
        def __str__(self):
            raise ValueError("no text")

        @property
        def __class__(self):  # isinstance() asks this
            raise ValueError("no class")

    class Nameless(type):
        @property
        def __name__(cls):
            raise ValueError("no name")

    class Unnamed(Exception, metaclass=Nameless):
        pass
    """


@pytest.mark.parametrize(
    "where, raised",
    [
        ("import", "raise Unprintable()"),
        ("import", "raise SystemExit(Unprintable())"),
        ("call", "raise Unprintable()"),
        ("import", "raise Unnamed()"),
    ],
)
def test_an_exception_that_cannot_be_printed_is_reported_not_a_runner_crash(where, raised):
    text = textwrap.dedent(class_)
    if where == "import":
        text += raised + "\n" + textwrap.dedent(RETURNS)
    else:
        text += f"def gradient_clipping(grad, threshold):\n    {raised}\n"
    cases = exam(1).inputs(exam(1).public, BATCH)
    with Runner() as runner:
        outcome = runner.run(text.encode(), "exercise1.py", "gradient_clipping", cases, budget=5.0)
    shown = repr(outcome)
    assert "runner.py" not in shown and "Traceback (most recent call last)" not in outcome.output
    if where == "import":
        assert outcome.load_error["kind"] in ("import", "exit")
        assert "<unprintable>" in shown or outcome.load_error["type"] == "Unnamed"  # its class's real name
    else:
        runs = list(outcome.cases.values())
        assert runs and all(r.status == "exception" for r in runs)
        assert all(r.error["type"] == "Unprintable" and r.error["message"] == "<unprintable>" for r in runs)


def test_a_child_cannot_wake_or_wait_on_a_futex_another_child_can_reach():
    """Two children map the same files (numpy's); a futex on such a mapping, unless private, is keyed on
    the file, so one child could wait and another wake it: a channel from a child in its hidden cases
    to one still showing what its public cases raise. The allow list lets private futexes only."""
    import platform

    from checker.sandbox import _seccomp

    if platform.machine() not in _seccomp.ALLOWED:
        pytest.skip("no seccomp filter for this machine")
    probe = source(
        f"""
        import ctypes, mmap
        import numpy as np

        syscall = ctypes.CDLL(None, use_errno=True).syscall
        syscall.restype = ctypes.c_long
        # shared memory (as numpy's files are to every child; those may be unreadable to this user)
        shared = mmap.mmap(-1, 4096, flags=mmap.MAP_SHARED)
        word = ctypes.c_void_p(np.frombuffer(shared, dtype=np.uint8).ctypes.data)
        said = []
        for op in (1, 129):  # FUTEX_WAKE (keyed on the file), FUTEX_WAKE_PRIVATE (on this process)
            ctypes.set_errno(0)
            said.append(f"{{op}}:{{syscall({_seccomp.ALLOWED[platform.machine()]["futex"]}, word, op, 1, None, None, 0)}}:{{ctypes.get_errno()}}")
        raise SystemExit("futex " + " ".join(said))
        """
    )
    with Runner() as runner:
        error = load_error(runner, probe)
    assert error.get("code") == "futex 1:-1:1 129:0:0", error  # the shared wake refused, the private one not
