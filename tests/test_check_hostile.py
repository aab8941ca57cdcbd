"""Hostile exercise files: each gets the right verdict in bounded time, and leaves the grader and the
machine unharmed (no surviving process, no file read outside its folder, no signal or connection out).

Most cases share one fork-mode Runner; after every hostile file a correct file must still pass on it.
Where a protection rests on a layer this machine lacks (the `isolation` report says which were active),
the assertion is skipped with the reason.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from exams import SHIPPED, exam, policy

import checker
from checker.codecheck import ERROR, FAIL, PASS, CheckResult, check_source
from checker.i18n import MESSAGES
from checker.sandbox.client import CaseInput, Runner

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the isolation layers under test are Linux's"
)

BUDGET = 3.0  # seconds for a whole file
HANG_BUDGET = 2.5  # for files that hang: one case times out (2 s), the rest are not run
FILES = {1: "exercise1.py", 2: "exercise2.py"}
PROJECT = Path(checker.__file__).resolve().parents[1]  # the folder that holds the installed package

CORRECT = {
    1: """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.sqrt(np.sum(np.square(grad, dtype=np.float64)))
            return grad * (threshold / norm) if norm > threshold else grad.copy()
        """,
    2: """
        import numpy as np

        def _sigmoid(v):
            return 0.5 * (1.0 + np.tanh(0.5 * v))

        def lstm_step(x, prev_h, prev_c, W, U, b):
            a, i, f, o = np.split(x @ W.T + prev_h @ U.T + b, 4, axis=-1)
            c = _sigmoid(i) * np.tanh(a) + _sigmoid(f) * prev_c
            return c, _sigmoid(o) * np.tanh(c)
        """,
}

# Finds the result pipe (the only pipe a child holds) and writes well-formed frames on it, using the
# runner's own frame module, which is already loaded in the child.
_FORGE = """
    import os, stat, sys
    _frames = sys.modules["_frames"]

    def forge(kind, header, arrays=()):
        for fd in range(3, 1024):
            try:
                if stat.S_ISFIFO(os.fstat(fd).st_mode):
                    _frames.write_frame(fd, kind, _frames.pack(header, list(arrays)))
            except OSError:
                pass
    """


def forging(text: str) -> str:
    """A submission that starts with the frame forger."""
    return textwrap.dedent(_FORGE) + textwrap.dedent(text)


Said = str | tuple[str, ...]  # a text, or the fixed parts of a message in order


class _Holes(dict):
    def __missing__(self, key: str) -> str:
        return "\0"


def en(key: str, **fields: object) -> tuple[str, ...]:
    """The English message `key` as its fixed parts: fields not given are left as holes, so that the
    test follows the wording of checker.i18n."""
    text = MESSAGES[key]["en"].format_map(_Holes(fields))
    return tuple(part for part in text.split("\0") if part.strip())


def says(text: str, expected: Said) -> bool:
    """`text` holds `expected` (a text, or parts in order)."""
    position = 0
    for part in (expected,) if isinstance(expected, str) else expected:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _source(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else textwrap.dedent(text).encode()


def _open_fds() -> set[int]:
    return {int(name) for name in os.listdir("/proc/self/fd")}


def _stat_fields(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name: state, ppid, pgrp, session, ..."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def _processes(where) -> set[int]:
    pids = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = _stat_fields(int(name))
            if fields is not None and fields[0] != "Z" and where(int(name), fields):
                pids.add(int(name))
    return pids


def _children() -> set[int]:
    me = str(os.getpid())
    return _processes(lambda pid, fields: fields[1] == me)


def _english(result: CheckResult) -> list[str]:
    return [t.message["en"] for t in result.tests if t.status != PASS]


def grade(
    text: str | bytes,
    runner: Runner | None,
    exercise: int = 1,
    budget: float = BUDGET,
    mode: str = "fork",
) -> CheckResult:
    """check_source, asserting that it ends in time and leaks no descriptor and no process."""
    fds, children = _open_fds(), _children()
    result = check_source(
        _source(text),
        FILES[exercise],
        exam(exercise),
        policy=policy(timeout=budget),
        runner=runner,
        mode=mode,
    )
    assert not result.grader_fault, result.error
    assert result.status in (PASS, FAIL, ERROR)
    assert len(result.tests) == (11 if exercise == 1 else 10)
    assert _open_fds() <= fds, "the grader leaked file descriptors"
    assert _children() <= children, "a process survived the check"
    return result


def assert_grader_fine(runner: Runner | None, mode: str = "fork", exercises: tuple[int, ...] = (1,)) -> None:
    """The runner is alive, holds no leftover child, and still passes a correct file."""
    if runner is not None and runner.process is not None:
        assert runner.process.poll() is None, "the runner died"
        leftovers = _processes(lambda pid, f: f[3] == str(runner.process.pid) and pid != runner.process.pid)
        assert not leftovers, f"processes left in the runner's session: {leftovers}"
    for exercise in exercises:
        result = grade(CORRECT[exercise], runner, exercise, mode=mode)
        assert result.status == PASS, _english(result)


def require(layers: dict, *names: str, reason: str) -> None:
    if not any(layers.get(name) for name in names):
        pytest.skip(f"{reason}: not active on this machine ({', '.join(names)})")


@pytest.fixture(scope="module")
def runner():
    with Runner() as shared:
        yield shared


@pytest.fixture(scope="module")
def layers(runner) -> dict:
    """The isolation layers a child actually got on this machine (from a correct file's check)."""
    result = grade(CORRECT[1], runner)
    assert result.status == PASS, _english(result)
    assert result.isolation["mode"] == runner.mode
    return result.isolation


# -- verdicts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    id: str
    source: str | bytes
    status: str  # the verdict
    error_kind: str | None = None
    says: tuple[Said, ...] = ()  # every test that did not pass says one of these; the first says says[0]
    error_says: tuple[Said, ...] = ()  # the file-level error message says all of these
    stdout_has: str = ""
    exercise: int = 1
    budget: float = BUDGET


NOT_LOADED = (en("check.not_loaded"),)
TIMED_OUT = (en("check.case_timeout"), en("check.case_not_run"), en("check.case_after_timeouts"))
WRONG = en("check.values", name="clipped")
INTERFERED = en("check.interfered")
MUTATED = en("check.mutated", name="grad")


def in_place(prelude: str) -> str:
    """`prelude` (what the file does while it loads), then gradient clipping written in place."""
    return textwrap.dedent(prelude) + IN_PLACE


IN_PLACE = """
import numpy as np

def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold:
        grad *= threshold / norm  # the in-place mistake: the caller's array changes
    return grad
"""

HOSTILE = [
    Hostile(
        "loop-in-function",
        """
        def gradient_clipping(grad, threshold):
            while True:
                pass
        """,
        FAIL,
        says=TIMED_OUT,
        budget=HANG_BUDGET,
    ),
    Hostile(
        "loop-at-import",
        """
        import signal
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            pass
        """,
        ERROR,
        "timeout",
        says=NOT_LOADED,
        error_says=(en("check.import_timeout"),),
        budget=HANG_BUDGET,
    ),
    Hostile(
        "long-sleep",
        """
        import time

        def gradient_clipping(grad, threshold):
            time.sleep(3600)
        """,
        FAIL,
        says=TIMED_OUT,
        budget=HANG_BUDGET,
    ),
    Hostile(
        "huge-allocation",
        """
        import numpy as np

        def gradient_clipping(grad, threshold):
            return np.ones(10**11) * grad.sum()
        """,
        FAIL,
        says=(en("check.case_memory"),),
    ),
    Hostile(
        "growing-list",
        """
        import numpy as np

        def gradient_clipping(grad, threshold):
            hoard = []
            while True:
                hoard.append(np.zeros(10**6))
        """,
        FAIL,
        says=(en("check.case_memory"),),
    ),
    Hostile(
        "allocation-at-import",
        "hoard = bytearray(10**11)\n",
        ERROR,
        "memory",
        says=NOT_LOADED,
        error_says=(en("check.import_memory"),),
    ),
    Hostile(
        "huge-file",
        """
        def gradient_clipping(grad, threshold):
            with open("big.bin", "wb") as big:
                for _ in range(2048):
                    big.write(b"x" * (1 << 20))
            return grad
        """,
        FAIL,
        says=((*en("check.case_exception"), "PermissionError"),),  # a child writes no file at all
    ),
    Hostile(
        "sys-exit-at-import",
        "import sys\nsys.exit(3)\n",
        ERROR,
        "exit",
        says=NOT_LOADED,
        error_says=(en("check.exit", code=3),),
    ),
    Hostile(
        "os-exit-at-import",
        "import os\nos._exit(5)\n",
        ERROR,
        "crashed",
        says=NOT_LOADED,
        error_says=(en("check.import_crashed", how="exit code 5"),),
    ),
    Hostile(
        "os-exit-in-function",
        """
        import os

        def gradient_clipping(grad, threshold):
            os._exit(7)
        """,
        FAIL,
        says=(en("check.case_crashed", how="exit code 7"),),
    ),
    Hostile(
        "keyboard-interrupt-in-function",
        "def gradient_clipping(grad, threshold):\n    raise KeyboardInterrupt\n",
        FAIL,
        says=(en("check.case_exception", error="KeyboardInterrupt"),),
    ),
    Hostile(
        "system-exit-in-function",
        "import sys\n\ndef gradient_clipping(grad, threshold):\n    sys.exit(0)\n",
        FAIL,
        says=(en("check.case_exception", error="SystemExit"),),
    ),
    Hostile(
        "keyboard-interrupt-at-import",
        "raise KeyboardInterrupt\n",
        ERROR,
        "import",
        says=NOT_LOADED,
        error_says=(en("check.import_error"), "KeyboardInterrupt"),
    ),
    Hostile(
        "patched-numpy-comparisons",
        """
        import numpy as np

        np.allclose = np.isclose = np.array_equal = np.array_equiv = lambda *a, **k: True
        np.all = np.any = lambda *a, **k: True

        def gradient_clipping(grad, threshold):
            return grad * 0 + 1.0
        """,
        FAIL,
        says=(WRONG,),
    ),
    # The same in-place mistake (grad *= ...) behind a harness the file changed while it loaded: never a
    # pass. The arguments are checked to be what the harness hands over (else: interfered), by code the
    # file cannot reach or replace (else: refused while loading).
    Hostile(
        "writes-its-input-behind-numpys-frombuffer-replaced",
        in_place("""
        import numpy as np

        _frombuffer = np.frombuffer
        np.frombuffer = lambda *a, **k: _frombuffer(*a, **k).copy()
        """),
        FAIL,
        says=(INTERFERED,),
    ),
    Hostile(
        "writes-its-input-behind-the-harnesss-input-replaced",
        in_place("""
        import sys
        import numpy as np

        harness = sys.modules["runner"]
        _input = harness._input
        harness._input = lambda *a, **k: np.array(_input(*a, **k), copy=True)
        """),
        FAIL,
        says=(INTERFERED,),
    ),
    Hostile(
        "writes-its-input-behind-the-builtins-replaced",
        in_place("""
        import builtins
        import numpy as np

        _tuple = tuple
        builtins.tuple = lambda items=(): _tuple(
            np.array(i, copy=True) if isinstance(i, np.ndarray) else i for i in items
        )
        """),
        FAIL,
        says=(INTERFERED,),
    ),
    Hostile(
        "writes-its-input-behind-the-harnesss-call-replaced",
        in_place("""
        import sys
        import numpy as np

        def call(function, inputs, calling, fd):
            return function(*[np.array(a, copy=True) for a in inputs]), None, None

        sys.modules["runner"]._checked_call = call
        """),
        FAIL,
        says=(MUTATED,),
    ),
    Hostile(
        "writes-its-input-behind-the-job-header-changed",
        in_place("""
        import sys
        import numpy as np

        frame = sys._getframe()
        while frame is not None:  # every argument made an in-place one: handed over as writable copies
            header = frame.f_locals.get("header")
            if isinstance(header, dict) and "function" in header:
                header["calling"] = (("array", "array"), frozenset({0, 1}))
            frame = frame.f_back
        """),
        FAIL,
        says=(MUTATED,),
    ),
    Hostile(
        "replaces-the-code-of-the-harnesss-check",
        in_place("""
        import sys

        sys.modules["runner"]._fixed.__code__ = (lambda value: True).__code__
        """),
        ERROR,
        "import",
        says=NOT_LOADED,
        error_says=("object.__setattr__: not allowed in a submission",),
    ),
    Hostile(
        "replaces-the-defaults-of-the-harnesss-call",
        in_place("""
        import sys

        call = sys.modules["runner"]._checked_call
        call.__defaults__ = tuple(lambda *a: True for _ in call.__defaults__)
        """),
        ERROR,
        "import",
        says=NOT_LOADED,
        error_says=("object.__setattr__: not allowed in a submission",),
    ),
    Hostile(
        "fake-success-message",
        """
        print("All tests passed.")
        print("Score 11/11")

        def gradient_clipping(grad, threshold):
            print("All tests passed.")
            return grad * 2
        """,
        FAIL,
        says=(WRONG,),
        stdout_has="All tests passed.",
    ),
    Hostile(
        "returns-list",
        "def gradient_clipping(grad, threshold):\n    return grad.tolist()\n",
        FAIL,
        says=(en("check.not_array"),),
    ),
    Hostile(
        "returns-nan",
        "import numpy as np\n\ndef gradient_clipping(grad, threshold):\n    return grad * np.nan\n",
        FAIL,
        says=(en("check.nonfinite", name="clipped"),),
    ),
    Hostile(
        "wrong-shape",
        "def gradient_clipping(grad, threshold):\n    return grad.ravel()[:1]\n",
        FAIL,
        says=(en("check.shape", name="clipped", got="(1,)"),),
    ),
    Hostile(
        "returns-none",
        "def gradient_clipping(grad, threshold):\n    pass\n",
        FAIL,
        says=(en("check.not_array", got="NoneType"),),
    ),
    Hostile(
        "object-array",
        """
        import numpy as np

        def gradient_clipping(grad, threshold):
            return np.array([object()] * grad.size, dtype=object).reshape(grad.shape)
        """,
        FAIL,
        says=(en("check.not_array", got="ndarray[object]"),),
    ),
    Hostile(
        "subclass-with-eq",
        """
        import numpy as np

        class Always(np.ndarray):
            def __eq__(self, other):
                return True

            def __ne__(self, other):
                return False

            def __array_ufunc__(self, *args, **kwargs):
                return True

        def gradient_clipping(grad, threshold):
            return (grad * 0 + 5).view(Always)
        """,
        FAIL,
        says=(WRONG,),
    ),
    Hostile(
        "lstm-returns-h-c",
        """
        import numpy as np

        def _sigmoid(v):
            return 0.5 * (1.0 + np.tanh(0.5 * v))

        def lstm_step(x, prev_h, prev_c, W, U, b):
            a, i, f, o = np.split(x @ W.T + prev_h @ U.T + b, 4, axis=-1)
            c = _sigmoid(i) * np.tanh(a) + _sigmoid(f) * prev_c
            return _sigmoid(o) * np.tanh(c), c
        """,
        FAIL,
        says=(en("check.values", name="c"),),
        exercise=2,
    ),
    Hostile(
        "lstm-three-outputs",
        "def lstm_step(x, prev_h, prev_c, W, U, b):\n    return prev_c, prev_h, x\n",
        FAIL,
        says=(en("check.not_tuple", count=2, names="c, h"),),
        exercise=2,
    ),
    Hostile(
        "memory-search",
        """
        import gc, sys
        import numpy as np

        def gradient_clipping(grad, threshold):
            # every array this process can reach: the heap, then every frame up the stack
            found = [o for o in gc.get_objects() if isinstance(o, np.ndarray)]
            frame = sys._getframe()
            while frame is not None:
                for scope in (frame.f_locals, frame.f_globals):
                    for value in list(scope.values()):
                        if isinstance(value, np.ndarray):
                            found.append(value)
                        elif isinstance(value, (list, tuple)):
                            found += [v for v in value if isinstance(v, np.ndarray)]
                frame = frame.f_back
            same = [a for a in found if a.shape == grad.shape and a is not grad and not np.array_equal(a, grad)]
            return same[-1] if same else grad * 0.5
        """,
        FAIL,
        says=(WRONG,),
    ),
    Hostile(
        "imports-the-grader",
        """
        from checker.specs.registry import Registry

        reference = Registry().spec(1).reference

        def gradient_clipping(grad, threshold):
            return reference(grad, threshold)
        """,
        ERROR,
        "import",
        says=NOT_LOADED,
        # PermissionError or ModuleNotFoundError, by how it is installed: named as a refused import
        error_says=("Your file imports checker, which it may not use here",),
    ),
    Hostile(
        "imports-the-grader-by-path",
        f"""
        import sys

        def gradient_clipping(grad, threshold):
            sys.path.insert(0, {str(SHIPPED.info(1).folder)!r})
            from spec import reference
            return reference(grad, threshold)
        """,
        FAIL,
        # refused either way: the folder cannot be listed (not found) or the file cannot be read
        says=(
            (*en("check.case_exception"), "PermissionError"),
            (*en("check.case_exception"), "ModuleNotFoundError"),
        ),
    ),
    Hostile(
        "garbage-on-the-pipes",
        """
        import os
        for fd in range(3, 1024):
            try:
                os.write(fd, b"LQ1R" + b"\\xff" * 60)
            except OSError:
                pass

        def gradient_clipping(grad, threshold):
            return grad
        """,
        ERROR,
        "crashed",
        says=NOT_LOADED,
        error_says=(INTERFERED,),
    ),
    Hostile(
        "garbage-on-the-pipes-in-function",
        """
        import os

        def gradient_clipping(grad, threshold):
            for fd in range(3, 1024):
                try:
                    os.write(fd, b"LQ1R\\xff\\xff\\xff\\xff")
                except OSError:
                    pass
            return grad
        """,
        FAIL,
        says=(INTERFERED,),
    ),
    Hostile(
        "forged-grader-fault",
        forging("""
        forge(b"E", {"kind": "runner", "message": "the grader broke, not me"})
        import time
        time.sleep(3600)
        """),
        ERROR,
        "crashed",
        says=NOT_LOADED,
        error_says=(INTERFERED,),
    ),
    Hostile(
        "forged-early-end",
        forging("""
        forge(b"D", {})
        import time
        time.sleep(3600)
        """),
        ERROR,
        "crashed",
        says=NOT_LOADED,
        error_says=(INTERFERED,),
    ),
    Hostile(
        "forged-results",
        forging("""
        import numpy as np

        def gradient_clipping(grad, threshold):
            for case in ("clips-above-threshold", "keeps-below-threshold", "random-above-2d"):
                forge(b"R", {"case": case, "status": "ok", "outputs": 1, "structure": "array",
                             "types": ["ndarray"]}, [grad, grad, np.asarray(threshold)])
            import time
            time.sleep(3600)
        """),
        FAIL,
        says=(WRONG, INTERFERED),
    ),
    Hostile(
        "forged-odd-dtype",  # numpy raises SyntaxError for "," and other oddities for other texts
        """
        import json, os, stat, struct
        for text in (",", "(2,)f8", "f8,i4", "O", "S3", "V8", "M8[s]", "<f8" * 4):
            head = json.dumps({"status": "imported", "blob": 0, "arrays": [[text, [1]]]}).encode()
            body = struct.pack(">I", len(head)) + head + b"\\0" * 8
            for fd in range(3, 1024):
                try:
                    if stat.S_ISFIFO(os.fstat(fd).st_mode):
                        os.write(fd, b"LQ1R" + struct.pack(">I", len(body)) + body)
                except OSError:
                    pass
        """,
        ERROR,
        "crashed",
        says=NOT_LOADED,
        error_says=(INTERFERED,),
    ),
    Hostile(
        "oversized-frame",
        """
        import os, stat, struct
        for fd in range(3, 1024):
            try:
                if stat.S_ISFIFO(os.fstat(fd).st_mode):
                    os.write(fd, struct.pack(">3scI", b"LQ1", b"R", 2**31))
            except OSError:
                pass
        """,
        ERROR,
        "crashed",
        says=NOT_LOADED,
        error_says=(INTERFERED,),
    ),
    Hostile(
        "pipe-closed-then-sleep",
        """
        import os, time
        for fd in range(3, 1024):
            try:
                os.close(fd)
            except OSError:
                pass
        time.sleep(3600)
        """,
        ERROR,
        "crashed",
        says=NOT_LOADED,
        error_says=(en("check.import_crashed"),),
    ),
    Hostile(
        "pipe-closed-then-sleep-in-function",
        """
        import os, time

        def gradient_clipping(grad, threshold):
            for fd in range(3, 1024):
                try:
                    os.close(fd)
                except OSError:
                    pass
            time.sleep(3600)
        """,
        FAIL,
        says=(en("check.case_crashed"), en("check.case_not_run")),
        budget=HANG_BUDGET,
    ),
    Hostile(
        "raising-del-and-atexit",
        """
        import atexit

        class Grenade:
            def __del__(self):
                raise RuntimeError("from __del__")

        atexit.register(lambda: 1 / 0)

        def gradient_clipping(grad, threshold):
            Grenade()
            return grad * 0.5
        """,
        FAIL,
        says=(WRONG,),
        stdout_has="RuntimeError: from __del__",
    ),
    Hostile(
        "null-byte",
        b"def gradient_clipping(grad, threshold):\n    return grad\x00\n",
        ERROR,
        "syntax",
        says=NOT_LOADED,
        error_says=(en("check.syntax", line=2, column=16), "null bytes", "return grad\\x00"),
    ),
    Hostile(
        "invalid-utf8",
        b"def gradient_clipping(grad, threshold):\n    return '\xff\xfe'\n",
        ERROR,
        "syntax",
        says=NOT_LOADED,
        error_says=(en("check.syntax", line=2), "utf-8"),
    ),
    Hostile(
        "syntax-error",
        "import numpy as np\n\ndef gradient_clipping(grad, threshold)\n    return grad\n",
        ERROR,
        "syntax",
        says=NOT_LOADED,
        error_says=(
            en("check.syntax", line=3, column=39),
            "expected ':'",
            "def gradient_clipping(grad, threshold)",
        ),
    ),
    Hostile(
        "missing-function",
        "def gradient_clip(grad, threshold):\n    return grad\n",
        ERROR,
        "missing",
        says=NOT_LOADED,
        error_says=(en("check.missing", function="gradient_clipping"),),
    ),
    Hostile(
        "template-1",
        SHIPPED.template(1),
        ERROR,
        "not-implemented",
        says=(en("check.not_implemented", function="gradient_clipping"),),
        error_says=(en("check.not_implemented", function="gradient_clipping"),),
    ),
    Hostile(
        "template-2",
        SHIPPED.template(2),
        ERROR,
        "not-implemented",
        says=(en("check.not_implemented", function="lstm_step"),),
        error_says=(en("check.not_implemented", function="lstm_step"),),
        exercise=2,
    ),
]
BY_ID = {case.id: case for case in HOSTILE}


# What a hidden test may say: its verdict only, never a detail computed from its inputs.
HIDDEN_SAYS = tuple(
    MESSAGES[key]["en"]
    for key in (
        "check.hidden_exception", "check.hidden_wrong", "check.hidden_crashed", "check.hidden_not_loaded",
        "check.interfered", "check.case_timeout", "check.case_not_run", "check.case_after_timeouts",
        "check.case_memory", "check.not_loaded", "check.uncomparable", "check.answer_too_large",
    )
)  # fmt: skip


def assert_verdict(case: Hostile, result: CheckResult) -> None:
    assert result.status == case.status, (result.status, result.error, _english(result))
    assert result.error_kind == case.error_kind, (result.error_kind, result.error)
    said = _english(result)
    assert said, "a hostile file passed every test"
    failed = [t for t in result.tests if t.status != PASS]
    public = [t.message["en"] for t in failed if t.visibility == "visible"]
    if public:
        assert any(says(public[0], s) for s in case.says), public[0]
    for test in failed:
        text = test.message["en"]
        if test.visibility == "visible":
            assert any(says(text, s) for s in case.says), text
        else:
            assert text in HIDDEN_SAYS or any(says(text, s) for s in case.says), text
            assert not any(says(text, s) for s in case.says if s not in HIDDEN_SAYS and "{" in str(s)), text
    for part in case.error_says:
        assert says(result.error["en"], part), result.error["en"]
    assert case.stdout_has in result.stdout


@pytest.mark.parametrize("case", HOSTILE, ids=[c.id for c in HOSTILE])
def test_hostile_file_gets_its_verdict(case, runner, layers):
    if case.id.startswith("imports-the-grader"):
        require(layers, "landlock", reason="only Landlock keeps the grader's files from the child")
    assert_verdict(case, grade(case.source, runner, case.exercise, case.budget))
    assert_grader_fine(runner, exercises=(case.exercise,))


SPAWN_CASES = [
    "loop-at-import",
    "huge-allocation",
    "sys-exit-at-import",
    "system-exit-in-function",
    "patched-numpy-comparisons",
    "garbage-on-the-pipes",
    "forged-grader-fault",
    "pipe-closed-then-sleep",
    "null-byte",
    "template-1",
]


@pytest.mark.parametrize("name", SPAWN_CASES)
def test_same_verdicts_in_spawn_mode(name):
    case = BY_ID[name]
    result = grade(case.source, None, case.exercise, case.budget, mode="spawn")
    assert result.isolation["mode"] == "spawn"
    assert_verdict(case, result)


def test_spawn_mode_still_passes_correct_files():
    assert_grader_fine(None, mode="spawn", exercises=(1, 2))


# -- noise that must not change a correct verdict --------------------------------------------------------


def test_raising_from_del_and_atexit_does_not_disturb_a_correct_file(runner):
    source = (
        CORRECT[1]
        + """
        import atexit

        class Grenade:
            def __del__(self):
                raise RuntimeError("from __del__")

        def _boom():
            raise SystemExit("from atexit")

        atexit.register(_boom)
        keep = Grenade()
        del keep
        _inner = gradient_clipping

        def gradient_clipping(grad, threshold):
            Grenade()
            return _inner(grad, threshold)
        """
    )
    result = grade(source, runner)
    assert result.status == PASS, _english(result)
    assert "from __del__" in result.stdout
    assert_grader_fine(runner)


# -- processes -----------------------------------------------------------------------------------------------


SPAWNERS = {
    "os-fork": """
        import os, time

        def gradient_clipping(grad, threshold):
            if os.fork() == 0:
                os.setsid()
                time.sleep(0.3)
                open(MARKER, "w").write("escaped")
                os._exit(0)
            return grad * 0
        """,
    "subprocess-run": """
        import subprocess

        def gradient_clipping(grad, threshold):
            subprocess.run(["sh", "-c", "(sleep 0.3; touch " + MARKER + ") &"], start_new_session=True)
            return grad * 0
        """,
    "os-system-at-import": """
        import os
        print("system returned", os.system("(sleep 0.3; touch " + MARKER + ") &"))

        def gradient_clipping(grad, threshold):
            return grad * 0
        """,
    "fork-bomb": """
        import os

        def gradient_clipping(grad, threshold):
            made = 0
            for _ in range(200):
                try:
                    if os.fork() == 0:
                        os.setsid()
                        open(MARKER, "w").write("escaped")
                        while True:
                            pass
                    made += 1
                except OSError:
                    break
            return grad * 0 + made
        """,
}


@pytest.mark.parametrize("mode", ["fork", "spawn"])
@pytest.mark.parametrize("name", list(SPAWNERS))
def test_no_process_survives(name, mode, runner, layers, tmp_path):
    if os.geteuid() == 0:  # RLIMIT_NPROC does not bind root
        require(layers, "seccomp", reason="as root only seccomp stops new processes")
    marker = tmp_path / "escaped"
    source = f"MARKER = {str(marker)!r}\n" + textwrap.dedent(SPAWNERS[name])
    own = [str(marker)] + ([str(runner.workdir)] if mode == "fork" else [])  # the runner's own folder
    before = _sandbox_processes(own)
    result = grade(source, runner if mode == "fork" else None, mode=mode)
    assert result.status == FAIL or result.error_kind == "import"  # subprocess may be out of reach
    if name in ("os-fork", "subprocess-run") and result.status == FAIL:
        public = [t.message["en"] for t in result.tests if t.visibility == "visible"]
        assert all("PermissionError" in text for text in public), public
    else:
        assert "system returned 0" not in result.stdout
    # every child has been waited for when the check returns: a process of the submission's still
    # there (a fork of this runner, or a command naming the marker) would have escaped
    assert _sandbox_processes(own) <= before, "a process started by the submission outlived the check"
    assert not marker.exists()
    assert_grader_fine(runner)


def _sandbox_processes(names: list[str]) -> set[int]:
    """Live processes whose command line holds one of `names` (a runner's forks hold its folder's)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                command = file.read().decode("utf-8", "replace")
            with open(f"/proc/{entry}/stat", "rb") as file:
                state = file.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if state != b"Z" and any(name in command for name in names):
            found.add(int(entry))
    return found


# -- output ----------------------------------------------------------------------------------------------------


def test_flooding_stdout_is_truncated_and_bounded(runner):
    source = """
        import sys
        try:
            print("z" * 10**7)
        except OSError:
            pass

        def gradient_clipping(grad, threshold):
            for _ in range(3000):
                try:
                    print("y" * 10_000)
                except OSError:
                    pass
            return grad * 2
        """
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = grade(source, runner)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.status == FAIL
    assert all(says(text, WRONG) or text in HIDDEN_SAYS for text in _english(result))
    assert result.stdout_truncated
    assert 0 < len(result.stdout.encode()) <= 64 * 1024 + 4
    assert grown_kb < 50_000, f"the grader grew by {grown_kb} kB"
    assert_grader_fine(runner)


def test_a_child_the_grader_hung_up_on_prints_no_traceback_of_the_harness(runner):
    """Forged frames on every descriptor: the grader ends the child, whose next write into the closed
    pipe fails; that failure is not shown as the student's output (nor the grader's paths in it)."""
    source = """
        import os
        import numpy as np

        def gradient_clipping(grad, threshold):
            for fd in range(3, 40):
                try:
                    os.write(fd, b'\\x00\\x00\\x00\\x10RESULT{"case":"x","status":"ok"}' * 50)
                except OSError:
                    pass
            return np.zeros(np.shape(grad))
        """
    result = grade(source, runner)
    assert result.status != PASS
    assert "Traceback" not in result.stdout and "runner.py" not in result.stdout
    assert_grader_fine(runner)


# -- files, environment, network ------------------------------------------------------------------------------


def test_files_outside_the_working_folder_cannot_be_read_or_listed(runner, layers, tmp_path):
    require(layers, "landlock", reason="only Landlock confines file access")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-42")
    targets = [str(secret), str(SHIPPED.info(1).folder / "spec.py"), "/etc/passwd"]
    folders = ["..", "../..", "/", str(tmp_path), str(PROJECT), os.path.expanduser("~")]
    source = f"""
        import os

        def gradient_clipping(grad, threshold):
            for path in {targets!r}:
                try:
                    print("READ-OK", path, open(path).read()[:40])
                except OSError as error:
                    print("READ-BLOCKED", type(error).__name__, path)
            for folder in {folders!r}:
                try:
                    print("LIST-OK", folder, os.listdir(folder))
                except OSError as error:
                    print("LIST-BLOCKED", type(error).__name__, folder)
            print("HERE", os.listdir("."))
            return grad * 3
        """
    result = grade(source, runner)
    assert result.status == FAIL
    out = result.stdout
    assert "TOPSECRET" not in out
    assert "READ-OK" not in out and "LIST-OK" not in out, out
    blocked = ("PermissionError", "FileNotFoundError")  # Landlock, or not even in the runner's own root
    for path in targets:
        assert any(f"READ-BLOCKED {kind} {path}" in out for kind in blocked), out
    for folder in folders:
        assert any(f"LIST-BLOCKED {kind} {folder}" in out for kind in blocked), out
    assert "HERE []" in out  # its own folder is empty: the source reaches it in its job
    assert_grader_fine(runner)


def test_environment_is_scrubbed(monkeypatch):
    monkeypatch.setenv("LSTM_QUIZ_TEST_SECRET", "TOKEN-1234")
    source = """
        import os
        print(sorted(os.environ.items()))

        def gradient_clipping(grad, threshold):
            return grad * 0
        """
    with Runner() as fresh:  # started after the variable was set
        result = grade(source, fresh)
    assert result.status == FAIL
    assert "TOKEN-1234" not in result.stdout and "LSTM_QUIZ_TEST_SECRET" not in result.stdout
    assert "OPENBLAS_NUM_THREADS" in result.stdout


def test_no_connection_leaves_the_sandbox(runner, layers):
    require(layers, "seccomp", "landlock_net", reason="TCP is stopped by seccomp or Landlock ABI ≥ 4")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        source = f"""
            import socket

            def gradient_clipping(grad, threshold):
                try:
                    socket.create_connection(("127.0.0.1", {port}), timeout=1).sendall(b"hello")
                    print("CONNECTED")
                except OSError as error:
                    print("NO-CONNECTION", type(error).__name__)
                return grad * 0
            """
        result = grade(source, runner)
        assert result.status == FAIL
        assert "CONNECTED" not in result.stdout
        assert "NO-CONNECTION PermissionError" in result.stdout
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()
    assert_grader_fine(runner)


# -- signals, tracing ---------------------------------------------------------------------------------------------


def _killer(ppid_signal: int, decoy_group: int) -> str:
    """A submission that signals the runner, this process, its group, a decoy's group and everyone.
    Signal 0 (the grader's group, everyone) is permission-checked like a real one, and harmless if the
    check were missing: a failing test then does not take the test session down with it."""
    me, my_group = os.getpid(), os.getpgid(0)
    return f"""
        import os, signal

        ATTEMPTS = [
            ("parent", lambda: os.kill(os.getppid(), {ppid_signal})),
            ("grader", lambda: os.kill({me}, signal.SIGUSR1)),
            ("grader-group", lambda: os.killpg({my_group}, 0)),
            ("decoy-group", lambda: os.killpg({decoy_group}, signal.SIGKILL)),
            ("everyone", lambda: os.kill(-1, 0)),
        ]

        def gradient_clipping(grad, threshold):
            for name, attempt in ATTEMPTS:
                try:
                    attempt()
                    print("SIGNALLED", name)
                except OSError as error:
                    print("REFUSED", name, type(error).__name__)
            return grad * 0
        """


@pytest.mark.parametrize("mode", ["fork", "spawn"])
def test_signals_do_not_leave_the_sandbox(mode, runner, layers):
    require(
        layers, "seccomp", "landlock_signals", reason="signals are stopped by seccomp or Landlock ABI ≥ 6"
    )
    received = []
    previous = signal.signal(signal.SIGUSR1, lambda *_: received.append(1))
    decoy = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        # In fork mode the parent is the runner (SIGKILL); in spawn mode it is this process (SIGUSR1).
        ppid_signal = signal.SIGKILL if mode == "fork" else signal.SIGUSR1
        result = grade(_killer(int(ppid_signal), decoy.pid), runner if mode == "fork" else None, mode=mode)
        time.sleep(0.2)
        assert decoy.poll() is None, "the submission killed a process outside the sandbox"
        assert not received, "the submission signalled the grader"
        assert result.status == FAIL
        assert "SIGNALLED" not in result.stdout, result.stdout
        for name in ("parent", "grader", "grader-group", "decoy-group", "everyone"):
            assert f"REFUSED {name} PermissionError" in result.stdout
    finally:
        decoy.kill()
        decoy.wait()
        signal.signal(signal.SIGUSR1, previous)
    assert_grader_fine(runner if mode == "fork" else None, mode=mode)


def test_the_grader_cannot_be_traced(runner, layers):
    require(layers, "seccomp", "landlock", reason="ptrace is stopped by seccomp or Landlock")
    source = f"""
        import ctypes

        def gradient_clipping(grad, threshold):
            libc = ctypes.CDLL(None, use_errno=True)
            for request in (16, 0x4206):  # PTRACE_ATTACH, PTRACE_SEIZE
                print("PTRACE", request, libc.ptrace(request, {os.getpid()}, 0, 0), ctypes.get_errno())
            return grad * 0
        """
    result = grade(source, runner)
    assert result.status == FAIL
    assert "PTRACE 16 -1 1" in result.stdout and "PTRACE 16902 -1 1" in result.stdout  # EPERM
    assert "TracerPid:\t0" in Path("/proc/self/status").read_text()
    assert_grader_fine(runner)


def test_the_graders_memory_cannot_be_read(runner, layers):
    require(
        layers,
        "landlock",
        reason="only Landlock keeps /proc from the child (root may read any /proc/PID/mem)",
    )
    me = os.getpid()
    source = f"""
        def gradient_clipping(grad, threshold):
            for path in ("/proc/{me}/mem", "/proc/{me}/maps", "/proc/{me}/environ", "/proc/self/maps"):
                try:
                    print("READ-OK", path, len(open(path, "rb").read(64)))
                except OSError as error:
                    print("READ-BLOCKED", type(error).__name__, path)
            return grad * 0
        """
    result = grade(source, runner)
    assert result.status == FAIL
    assert "READ-OK" not in result.stdout, result.stdout
    # 4 paths, 2 visible cases: refused (Landlock), or not there at all (a pid namespace of its own)
    assert (
        result.stdout.count("READ-BLOCKED PermissionError")
        + result.stdout.count("READ-BLOCKED FileNotFoundError")
        == 8
    )
    assert_grader_fine(runner)


def test_nothing_an_earlier_child_did_is_in_a_later_childs_memory(runner, layers):
    """A child that has seen hidden inputs chooses how it ends (here exit code 77, wait status 19712)
    and what it costs; the process a later child is forked from never learns either, so a later child
    (another student's, or a retry of the same file) finds neither in any frame above it, nor among
    the objects the collector tracks."""
    leaves = """
        import os

        def gradient_clipping(grad, threshold):
            os._exit(77)
        """
    looks = """
        import gc
        import sys

        FOUND = []
        frame = sys._getframe(1)
        while frame is not None:
            for name, value in list(frame.f_locals.items()):
                if name != "pid" and type(value) is int and value in (77, 77 << 8):
                    FOUND.append(f"{frame.f_code.co_name}.{name}={value}")
            frame = frame.f_back
        for thing in gc.get_objects():
            if type(thing) is dict and thing.get("status") in (77, 77 << 8):
                FOUND.append("a dict")
        if FOUND:
            raise RuntimeError("FOUND " + " ".join(FOUND))

        def gradient_clipping(grad, threshold):
            return grad * 0
        """
    first = grade(leaves, runner)
    assert first.status == ERROR or first.status == FAIL
    second = grade(looks, runner)
    assert second.status == FAIL, _english(second)  # it loaded: nothing was found
    assert_grader_fine(runner)


# -- the result channel ------------------------------------------------------------------------------------------


def test_a_forged_hello_cannot_change_the_isolation_report(runner, layers):
    source = forging("""
        forge(b"H", {"layers": {"landlock": 99, "seccomp": True, "forged": True}})

        def gradient_clipping(grad, threshold):
            return grad * 0
        """)
    result = grade(source, runner)
    assert result.status == ERROR
    assert says(result.error["en"], INTERFERED)
    assert "forged" not in result.isolation
    assert result.isolation == layers
    assert_grader_fine(runner)


# -- BLAS and forking ---------------------------------------------------------------------------------------------


def test_blas_is_pinned_to_one_thread_and_many_forks_complete():
    source = b"import numpy as np\n\ndef square(a):\n    return a @ a.T + np.linalg.inv(a @ a.T + np.eye(len(a)))\n"
    matrix = np.random.default_rng(0).standard_normal((64, 64))
    expected = matrix @ matrix.T + np.linalg.inv(matrix @ matrix.T + np.eye(64))
    with Runner() as fresh:
        first = fresh.run(source, "square.py", "square", [CaseInput("one", (matrix,))], budget=10)
        assert first.cases["one"].status == "ok"
        assert set(fresh.hello["blas_threads"].values()) == {"1"}, fresh.hello
        threads = Path(f"/proc/{fresh.process.pid}/status").read_text().split("Threads:")[1].split()[0]
        assert threads == "1", "the runner must not fork while BLAS threads run"
        for job in range(60):
            outcome = fresh.run(source, "square.py", "square", [CaseInput(f"job{job}", (matrix,))], budget=5)
            assert outcome.load_error is None, (job, outcome.load_error)
            run = outcome.cases[f"job{job}"]
            assert run.status == "ok", (job, run.status, run.error)
            assert np.allclose(run.outputs[0], expected)
        assert fresh.process.poll() is None


def test_a_runner_that_cannot_be_started_is_the_graders_fault_never_a_traceback(tmp_path, monkeypatch):
    """The interpreter the runner needs cannot be run (as another user, in the grader's private
    folder): `check` says so in a sentence, as the grader's fault, and `grade` grades no file."""
    from click.testing import CliRunner

    from checker.cli import main

    blocked = tmp_path / "python3"
    blocked.write_text("")
    blocked.chmod(0o644)  # no one may run it, root included
    monkeypatch.setattr(sys, "executable", str(blocked))
    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
    result = check_source(textwrap.dedent(CORRECT[1]).encode(), FILES[1], exam(1), policy=policy())
    assert result.grader_fault and "could not start" in dict(result.error.fields)["detail"]
    submission = tmp_path / FILES[1]
    submission.write_text(textwrap.dedent(CORRECT[1]), encoding="utf-8")
    shown = CliRunner().invoke(main, ["check", str(submission), "--lang", "en"])
    assert shown.exception is None or isinstance(shown.exception, SystemExit), shown.exc_info
    assert shown.exit_code != 0 and "Traceback" not in shown.output


# -- in-place answers -------------------------------------------------------------------------------------


def test_an_in_place_answer_is_the_copies_handed_over_whatever_the_file_changed_in_the_harness(runner):
    """Exercise 7 grades the arrays the function was handed, as they are after the call: a file that
    returns new arrays, and rewires the report to send those instead, still changed nothing."""
    source = """
        import sys
        import numpy as np

        sys.modules["runner"]._arguments_after = lambda value, copies: (
            {"structure": "arguments", "types": ["list"]}, list(value)
        )

        def clip_grads(grads, max_norm):
            total = np.sqrt(sum(np.sum(g ** 2) for g in grads))
            rate = max_norm / (total + 1e-6)
            return [g * rate for g in grads] if rate < 1 else [g.copy() for g in grads]
        """
    result = check_source(_source(source), "exercise7.py", exam(7), policy=policy(), runner=runner)
    assert result.status == FAIL and result.score == 0, _english(result)


def test_an_in_place_argument_whose_dtype_was_made_bytes_is_interference(runner):
    source = """
        def clip_grads(grads, max_norm):
            grads[0].dtype = "S%d" % grads[0].itemsize
        """
    result = check_source(_source(source), "exercise7.py", exam(7), policy=policy(), runner=runner)
    assert result.status != PASS
    assert all(t.status != PASS for t in result.tests)
    assert any(says(t.message["en"], INTERFERED) for t in result.tests if t.message), _english(result)


def test_a_correct_file_that_runs_its_doctests_keeps_full_marks(runner):
    """doctest saves and restores the trace function (sys.settrace), which the children's audit hook
    lets through: a common line at the end of homework costs nothing."""
    source = textwrap.dedent(CORRECT[1]) + textwrap.dedent("""

        def _norm(v):
            \"\"\"
            >>> _norm(np.array([3.0, 4.0]))
            5.0
            \"\"\"
            return float(np.sqrt(np.sum(v ** 2)))

        import doctest
        doctest.run_docstring_examples(_norm, globals())
        doctest.testmod()
        """)
    result = grade(source, runner)
    assert result.status == PASS, _english(result)
