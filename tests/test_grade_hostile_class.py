"""`lstm-quiz grade` on a class that mixes honest and hostile files, and on a grader that fails.

A fault of the grader's (an exception anywhere in grading a file, a work folder that cannot be prepared,
a worker process that dies or stops answering) is that file's grader fault: the batch finishes, the
other files are graded as if nothing happened, and --resume grades the file again. A hostile file gets
its own verdict, never a pass, and nothing it raises or prints makes an output unreadable, large, or
a carrier of the hidden inputs.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import signal
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from exams import exam, prepared

from checker.batch import engine
from checker.cli import main
from checker.codecheck import check_source
from checker.specs.registry import ExerciseProblem

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the sandbox under test is Linux's"
)

SECRET = "hostile-class-secret-0123456789"  # a secret must have 16 characters at least
SEED = engine.seed_from_secret(SECRET)
TARGET = "erin"  # the student whose file the grader fails on, in the grader-fault tests


def source(text: str) -> str:
    return textwrap.dedent(text).lstrip()


# -- honest files --------------------------------------------------------------------------------------

CORRECT = source(
    """
    import numpy as np

    def _sigmoid(v):
        return 0.5 * (1.0 + np.tanh(0.5 * v))

    def lstm_step(x, prev_h, prev_c, W, U, b):
        a, i, f, o = np.split(x @ W.T + prev_h @ U.T + b, 4, axis=-1)
        c = _sigmoid(i) * np.tanh(a) + _sigmoid(f) * prev_c
        return c, _sigmoid(o) * np.tanh(c)
    """
)
CORRECT_SLICES = source(
    """
    import numpy as np

    def sigmoid(z):
        return 0.5 * (1.0 + np.tanh(0.5 * z))

    def lstm_step(x, prev_h, prev_c, W, U, b):
        H = prev_h.shape[1]
        z = x @ W.T + prev_h @ U.T + b
        a = np.tanh(z[:, :H])
        i = sigmoid(z[:, H : 2 * H])
        f = sigmoid(z[:, 2 * H : 3 * H])
        o = sigmoid(z[:, 3 * H :])
        c = i * a + f * prev_c
        h = o * np.tanh(c)
        return c, h
    """
)
CORRECT_LOOPS = source(
    """
    import math
    import numpy as np

    def lstm_step(x, prev_h, prev_c, W, U, b):
        N, H = prev_h.shape
        z = x @ W.T + prev_h @ U.T + b
        c = np.empty((N, H))
        h = np.empty((N, H))
        for n in range(N):
            for k in range(H):
                s = lambda v: 0.5 * (1.0 + math.tanh(0.5 * v))
                a, i, f, o = math.tanh(z[n, k]), s(z[n, H + k]), s(z[n, 2 * H + k]), s(z[n, 3 * H + k])
                c[n, k] = i * a + f * prev_c[n, k]
                h[n, k] = o * math.tanh(c[n, k])
        return c, h
    """
)
NO_FORGET_GATE = CORRECT.replace("+ _sigmoid(f) * prev_c", "+ prev_c")
SWAPPED = CORRECT.replace("return c, _sigmoid(o) * np.tanh(c)", "return _sigmoid(o) * np.tanh(c), c")
TORCH_ORDER = CORRECT.replace("a, i, f, o = np.split", "i, f, a, o = np.split")
# Right, but slow: about half of a batch test's CPU time limit per call. Beside a classmate's endless
# loop on the same CPU it still gets its limit of CPU time, as alone.
SLOW = CORRECT.replace(
    "def lstm_step(x, prev_h, prev_c, W, U, b):\n",
    "def lstm_step(x, prev_h, prev_c, W, U, b):\n"
    "    import time\n"
    "    start = time.process_time()\n"
    "    while time.process_time() - start < 0.12:\n"
    "        pass\n",
)

# 5 MB of output, then the right answer: printing is dropped past what the grader keeps, never a fault
NOISY = source(
    """
        import sys
        import numpy as np

        def lstm_step(x, prev_h, prev_c, W, U, b):
            sys.stdout.write("x" * 5_000_000 + "\\n")
            sys.stdout.flush()
            a, i, f, o = np.split(x @ W.T + prev_h @ U.T + b, 4, axis=-1)
            s = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))
            c = s(i) * np.tanh(a) + s(f) * prev_c
            return c, s(o) * np.tanh(c)
        """
)

HONEST = {
    "ann": CORRECT,
    "ben": CORRECT_SLICES,
    "cho": CORRECT_LOOPS,
    "dov": NO_FORGET_GATE,
    "eli": SWAPPED,
    "fay": TORCH_ORDER,
    "gus": SLOW,
    "hal": NOISY,
}

# -- hostile files, one per kind of attack --------------------------------------------------------------

HOSTILE = {
    # numpy's comparisons made to agree with anything, and an input written in place
    "h_numpy": source(
        """
        import numpy as np

        np.array_equal = np.allclose = lambda *a, **k: True
        np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
        np.testing.assert_allclose = lambda *a, **k: None

        def lstm_step(x, prev_h, prev_c, W, U, b):
            a, i, f, o = np.split(x @ W.T + prev_h @ U.T + b, 4, axis=-1)
            s = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))
            c = s(i) * np.tanh(a) + s(f) * prev_c
            prev_c += 0
            prev_c[...] = c
            return c, s(o) * np.tanh(c)
        """
    ),
    # the same write in place, behind numpy's frombuffer made to hand over writable copies
    "h_copies": source(
        """
        import numpy as np

        _frombuffer = np.frombuffer
        np.frombuffer = lambda *a, **k: _frombuffer(*a, **k).copy()

        def lstm_step(x, prev_h, prev_c, W, U, b):
            a, i, f, o = np.split(x @ W.T + prev_h @ U.T + b, 4, axis=-1)
            s = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))
            prev_c *= s(f)
            prev_c += s(i) * np.tanh(a)
            return prev_c.copy(), s(o) * np.tanh(prev_c)
        """
    ),
    # every array it can reach (frames, the garbage collector), raised as its repr
    "h_snoop": source(
        """
        import gc, sys
        import numpy as np

        def _arrays():
            found = []
            frame = sys._getframe()
            while frame is not None:
                found += [v for v in list(frame.f_locals.values()) + list(frame.f_globals.values())
                          if isinstance(v, np.ndarray)]
                frame = frame.f_back
            found += [o for o in gc.get_objects() if isinstance(o, np.ndarray)]
            return found

        np.set_printoptions(threshold=sys.maxsize, precision=17)
        SEEN = repr(_arrays())[:200000]
        if len(SEEN) > 2:
            raise RuntimeError("at import: " + SEEN)

        def lstm_step(x, prev_h, prev_c, W, U, b):
            raise ValueError(repr((x, prev_h, prev_c, W, U, b)) + repr(_arrays())[:200000])
        """
    ),
    # a lone surrogate and terminal escapes, raised and printed
    "h_escapes": source(
        """
        print("\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\x1b[31mred\\udcff", flush=True)

        def lstm_step(x, prev_h, prev_c, W, U, b):
            print("\\x1b]0;title\\x07\\x1b[2J\\x1b[H", flush=True)
            raise ValueError("\\ud800\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J")
        """
    ),
    # a 60 MB answer
    "h_huge": source(
        """
        import numpy as np

        def lstm_step(x, prev_h, prev_c, W, U, b):
            big = np.ones(60 * 1024 * 1024 // 8)
            return big, big
        """
    ),
    "h_loop": source(
        """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            while True:
                pass
        """
    ),
    "h_loop_at_import": source(
        """
        while True:
            pass
        """
    ),
    # forged frames on every descriptor: garbage after the magic, a header nested 100000 deep, and a
    # claim that the grader failed
    "h_forge": source(
        """
        import json, os, struct

        def _forge():
            nested = b"[" * 100000 + b"]" * 100000
            runner = json.dumps({"kind": "runner", "message": "forged"}).encode()
            frames = [
                b"LQ1R" + os.urandom(64),
                b"LQ1R" + struct.pack(">I", len(nested) + 4) + struct.pack(">I", len(nested)) + nested,
                b"LQ1E" + struct.pack(">I", len(runner) + 4) + struct.pack(">I", len(runner)) + runner,
            ]
            for fd in range(3, 51):
                for frame in frames:
                    try:
                        os.write(fd, frame)
                    except OSError:
                        pass

        _forge()

        def lstm_step(x, prev_h, prev_c, W, U, b):
            _forge()
            return x, x
        """
    ),
    # out of its sandbox: a new session, a process, a file outside, a connection
    "h_escape": source(
        """
        import os, socket
        import numpy as np

        def lstm_step(x, prev_h, prev_c, W, U, b):
            os.setsid()
            if os.fork() == 0:
                os._exit(0)
            os.chmod("/tmp/x", 0o777)
            socket.create_connection(("127.0.0.1", 22), timeout=0.5)
            a, i, f, o = np.split(x @ W.T + prev_h @ U.T + b, 4, axis=-1)
            s = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))
            c = s(i) * np.tanh(a) + s(f) * prev_c
            return c, s(o) * np.tanh(c)
        """
    ),
}

OUTPUT_LIMIT = 2 * 1024 * 1024  # bytes, for any output file


def write_class(folder: Path, files: dict[str, str]) -> Path:
    for student, text in files.items():
        path = folder / student / "exercise2.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def run_grade(*args: str):
    return CliRunner().invoke(main, ["grade", *args], catch_exceptions=False)


def gradebook(out: Path) -> dict[str, dict]:
    rows = csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8")))
    return {row["student"]: row for row in rows}


def submissions(out: Path) -> dict[str, dict]:
    """Each student's exercise-2 submission in results.json."""
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {s["student"]: s["submissions"][0] for s in data["students"] if s["submissions"]}


def alone(text: str) -> float:
    """The score a file gets when checked by itself."""
    return check_source(text.encode(), "exercise2.py", exam(2, SEED)).score


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def lone_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def hidden_digits(seed: int) -> set[str]:
    """The first six significant digits of a few values of every hidden input."""
    import numpy as np

    _, hidden, _ = prepared(2, seed)
    wanted = set()
    for case in hidden:
        for arg in case.args:
            for value in np.asarray(arg, dtype=np.float64).ravel()[:4]:
                if abs(value) < 1e-3 or float(value).is_integer():
                    continue
                digits = f"{abs(float(value)):.15e}".replace(".", "")[:8]
                if digits[6:8] in ("99", "00"):  # a rounding could change the sixth digit
                    continue
                wanted.add(digits[:6])
    return wanted


def output_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file())


# -- a class of honest and hostile files, graded end to end ------------------------------------------


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = write_class(tmp_path_factory.mktemp("class"), {**HONEST, **HOSTILE})
    out = tmp_path_factory.mktemp("grading") / "out"
    result = run_grade(str(root), "-o", str(out), "-j", "2", "--seed", SECRET, "--timeout", "4")
    return root, out, result


def test_the_class_is_graded_to_the_end(graded_class):
    _, out, result = graded_class
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert set(book) == set(HONEST) | set(HOSTILE)
    found = submissions(out)
    assert set(found) == set(HONEST) | set(HOSTILE)


def test_honest_files_get_the_score_they_get_alone(graded_class):
    _, out, result = graded_class
    assert result.exit_code == 0, result.output
    found = submissions(out)
    scores = {student: found[student]["score"] for student in HONEST}
    assert scores == {student: alone(text) for student, text in HONEST.items()}
    assert scores["ann"] == found["ann"]["max_score"]  # the honest ones include correct files
    assert scores["dov"] < found["dov"]["max_score"] and scores["eli"] < found["eli"]["max_score"]


@pytest.mark.parametrize("student", sorted(HOSTILE))
def test_a_hostile_file_never_passes(graded_class, student):
    _, out, result = graded_class
    assert result.exit_code == 0, result.output
    mine = submissions(out)[student]
    assert mine["score"] < mine["max_score"], mine
    assert mine["status"] != "pass"
    # a submission cannot make its own file a grader fault (regraded forever, never charged)
    assert not mine["grader_fault"] and mine["error_kind"] != "grader", mine


def test_outputs_parse_and_stay_small(graded_class):
    _, out, result = graded_class
    assert result.exit_code == 0, result.output
    files = output_files(out)
    names = {p.relative_to(out).as_posix() for p in files}
    assert {"gradebook.csv", "results.json", "report.md", "journal.jsonl", "discovery.json"} <= names
    assert any(name.startswith("gradescope/") for name in names)
    for path in files:
        assert path.stat().st_size < OUTPUT_LIMIT, path
        text = path.read_bytes().decode("utf-8")  # strict: a lone surrogate cannot be UTF-8
        if path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(text)))
            assert len(rows) == 1 + len(HONEST) + len(HOSTILE)
        elif path.suffix == ".json":
            json.loads(text)
        elif path.suffix == ".jsonl":
            lines = [json.loads(line) for line in text.splitlines() if line.strip()]
            assert len(lines) == len(HONEST) + len(HOSTILE)


def test_no_escape_or_lone_surrogate_in_any_output(graded_class):
    _, out, result = graded_class
    assert result.exit_code == 0, result.output
    for path in output_files(out):
        data = path.read_bytes()
        assert b"\x1b" not in data, path
        text = data.decode("utf-8")
        assert not lone_surrogate(text), path
        parsed = []
        if path.suffix == ".json":
            parsed = [json.loads(text)]
        elif path.suffix == ".jsonl":
            parsed = [json.loads(line) for line in text.splitlines() if line.strip()]
        for value in parsed:  # nor as a JSON escape (\u001b, \ud800) that becomes one when read
            for string in strings(value):
                assert "\x1b" not in string and "\x07" not in string, (path, string[:200])
                assert not lone_surrogate(string), (path, string[:200])


def test_no_hidden_input_reaches_any_output(graded_class):
    _, out, result = graded_class
    assert result.exit_code == 0, result.output
    wanted = hidden_digits(SEED)
    assert len(wanted) >= 10
    for path in output_files(out):
        text = path.read_text(encoding="utf-8")
        leaked = sorted(d for d in wanted if d in text)
        assert not leaked, f"{path.relative_to(out)} holds hidden input digits {leaked[:5]}"


def test_the_secret_reaches_no_output(graded_class):
    _, out, _ = graded_class
    for path in output_files(out):
        assert SECRET not in path.read_text(encoding="utf-8"), path


# -- a grader that fails on one file ---------------------------------------------------------------------

FAULT_CLASS = {"ann": CORRECT, "ben": NO_FORGET_GATE, "cho": CORRECT_SLICES, "dov": SWAPPED, TARGET: CORRECT}


def check_fault_class(out: Path, result, target: str = TARGET) -> None:
    """The batch finished; the target is a grader fault (no score charged), the rest graded as alone;
    the run ends with exit status 1 and a line saying how to finish it."""
    assert result.exit_code == 1, result.output
    assert "--resume" in result.output.replace("\n", " ") and "Traceback" not in result.output
    found = submissions(out)
    assert set(found) == set(FAULT_CLASS)
    mine = found[target]
    assert mine["grader_fault"] is True and mine["error_kind"] == "grader", mine
    for student, text in FAULT_CLASS.items():
        if student != target:
            assert not found[student]["grader_fault"], found[student]
            assert found[student]["score"] == alone(text), student
    book = gradebook(out)
    assert book[target]["status"] == "grader" and book[target]["exercise2"] == ""  # not charged
    assert book[target]["total"] == ""  # nor a total counting the file as 0
    assert mine["status"] == "grader" and mine["score"] is None  # results.json: no error's 0 either
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    row = next(s for s in results["students"] if s["student"] == target)
    assert row["total"] is None and row["status"] == "grader"
    bands = re.findall(r"^\s*\d+–\s*\d+%\s+(\d+)", (out / "report.md").read_text(encoding="utf-8"), re.M)
    assert sum(map(int, bands)) == len(FAULT_CLASS) - 1  # no score band for a student without a grade
    assert "grader" in (out / "report.md").read_text(encoding="utf-8")
    lines = (out / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["student"] for line in lines) == sorted(FAULT_CLASS)


ERRORS = {
    "runtime": lambda: RuntimeError("a bug of the grader's"),
    "unicode": lambda: UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
    "disk-full": lambda: OSError(errno.ENOSPC, "No space left on device"),
    "permission": lambda: PermissionError(errno.EACCES, "Permission denied", "/tmp/lstm-quiz-x/work"),
}


@pytest.mark.parametrize("kind", sorted(ERRORS))
def test_an_exception_in_grading_one_file_is_its_grader_fault(tmp_path, monkeypatch, kind):
    real = engine.check_source

    def failing(source, filename, exercise, **options):
        if _is_target(source):
            raise ERRORS[kind]()
        return real(source, filename, exercise, **options)

    monkeypatch.setattr(engine, "check_source", failing)
    root = write_class(tmp_path / "class", {**FAULT_CLASS, TARGET: CORRECT + "# erin\n"})
    out = tmp_path / "out"
    result = run_grade(str(root), "-o", str(out), "-j", "1", "--seed", SECRET)
    check_fault_class(out, result)
    assert "\ud800" not in (out / "results.json").read_text(encoding="utf-8")

    # --resume grades the grader faults again (and nothing else)
    monkeypatch.setattr(engine, "check_source", real)
    again = run_grade(str(root), "-o", str(out), "-j", "1", "--seed", SECRET, "--resume")
    assert again.exit_code == 0, again.output
    assert f"({len(FAULT_CLASS) - 1} reused" in again.output  # the fault was graded, not reused
    found = submissions(out)
    assert not found[TARGET]["grader_fault"] and found[TARGET]["score"] == found[TARGET]["max_score"]
    assert gradebook(out)[TARGET]["status"] == "ok"
    lines = (out / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(FAULT_CLASS) + 1  # the target, graded once more


def test_a_grader_fault_gets_no_gradescope_file_until_it_is_graded(tmp_path, monkeypatch):
    real = engine.check_source

    def failing(source, filename, exercise, **options):
        if _is_target(source):
            raise RuntimeError("a bug of the grader's")
        return real(source, filename, exercise, **options)

    monkeypatch.setattr(engine, "check_source", failing)
    root = write_class(tmp_path / "class", {**FAULT_CLASS, TARGET: CORRECT + "# erin\n"})
    out = tmp_path / "out"
    options = ["-o", str(out), "-j", "1", "--seed", SECRET, "--format", "gradescope"]
    result = run_grade(str(root), *options)
    assert result.exit_code == 1, result.output
    written = {p.parent.name for p in (out / "gradescope").glob("*/results.json")}
    assert written == set(FAULT_CLASS) - {TARGET}  # a zero the student did not earn is never uploaded

    monkeypatch.setattr(engine, "check_source", real)
    assert run_grade(str(root), *options, "--resume").exit_code == 0
    mine = json.loads((out / "gradescope" / TARGET / "results.json").read_text(encoding="utf-8"))
    assert mine["score"] == mine["max_score"] > 0


# five files graded in the order found; the target (bob's) second
FIVE = {"ann": CORRECT, "bob": CORRECT + "# erin\n", "cho": CORRECT_SLICES, "dov": SWAPPED, "eve": CORRECT}


def _is_target(source: bytes) -> bool:
    return source.rstrip().endswith(b"# erin")


def test_a_failed_work_folder_gets_a_fresh_runner_for_the_next_file(tmp_path, monkeypatch):
    real = engine.check_source
    used = []

    def failing(source, filename, exercise, **options):
        runner = options["runner"]
        used.append(runner)
        if _is_target(source):
            (runner.workdir / "left-behind.py").write_text("junk", encoding="utf-8")
            raise PermissionError(errno.EACCES, "Permission denied", str(runner.workdir))
        assert not (runner.workdir / "left-behind.py").exists()
        return real(source, filename, exercise, **options)

    monkeypatch.setattr(engine, "check_source", failing)
    # the target is graded second of five (files are graded in the order found)
    files = dict(FIVE)
    root = write_class(tmp_path / "class", files)
    out = tmp_path / "out"
    result = run_grade(str(root), "-o", str(out), "-j", "1", "--seed", SECRET)
    assert result.exit_code == 1, result.output  # a grader fault: the run says how to finish it
    found = submissions(out)
    assert found["bob"]["grader_fault"] is True
    assert [found[s]["score"] for s in ("ann", "cho", "dov", "eve")] == [
        alone(files[s]) for s in ("ann", "cho", "dov", "eve")
    ]
    faulted = used[[s for s in files].index("bob")]
    assert all(runner is not faulted for runner in used[2:])  # the lane's runner was replaced
    assert not faulted.scratch.exists()  # and closed: its folder is gone


def test_a_work_folder_removed_under_the_runner_costs_no_student(tmp_path, monkeypatch):
    """The sandbox's own failure to write or empty its work folder: the file is graded or a grader
    fault, never the student's error, and the files after it are graded as usual."""
    import shutil

    real = engine.check_source

    def removing(source, filename, exercise, **options):
        if _is_target(source):
            shutil.rmtree(options["runner"].workdir)
        return real(source, filename, exercise, **options)

    monkeypatch.setattr(engine, "check_source", removing)
    files = dict(FIVE)
    root = write_class(tmp_path / "class", files)
    out = tmp_path / "out"
    result = run_grade(str(root), "-o", str(out), "-j", "1", "--seed", SECRET)
    found = submissions(out)
    bob = found["bob"]
    assert result.exit_code == (1 if bob["grader_fault"] else 0), result.output
    assert bob["grader_fault"] or bob["score"] == bob["max_score"], bob
    assert [found[s]["score"] for s in ("ann", "cho", "dov", "eve")] == [
        alone(files[s]) for s in ("ann", "cho", "dov", "eve")
    ]


# In the worker processes (spawned: they import this module to find these functions). Each stands for
# engine._graded and fails as its name says on the target's file only.


def _target_item(item) -> bool:
    return item[0].student == TARGET


def graded_raising(item):
    if _target_item(item):
        real = engine.check_source

        def failing(source, filename, exercise, **options):
            if _is_target(source):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(source, filename, exercise, **options)

        engine.check_source = failing
        try:
            return engine._graded(item)
        finally:
            engine.check_source = real
    return engine._graded(item)


def graded_dying(item):
    if _target_item(item):
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does when memory runs out
    return engine._graded(item)


def graded_stalling(item):
    if _target_item(item):
        time.sleep(3600)
    return engine._graded(item)


def test_an_exception_in_a_worker_lane_is_the_files_grader_fault(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "_graded", graded_raising)
    root = write_class(tmp_path / "class", {**FAULT_CLASS, TARGET: CORRECT + "# erin\n"})
    out = tmp_path / "out"
    result = run_grade(str(root), "-o", str(out), "-j", "2", "--seed", SECRET)
    check_fault_class(out, result)
    assert "ENOSPC" in submissions(out)[TARGET]["error"]


def test_a_worker_that_dies_costs_only_the_file_that_killed_it(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "_graded", graded_dying)
    root = write_class(tmp_path / "class", FAULT_CLASS)
    out = tmp_path / "out"
    result = run_grade(str(root), "-o", str(out), "-j", "2", "--seed", SECRET)
    check_fault_class(out, result)  # the others it held were graded again, each journaled once
    assert "stopped" in submissions(out)[TARGET]["error"]


def test_a_worker_that_stops_answering_is_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "_graded", graded_stalling)
    monkeypatch.setattr(engine, "STALL_GRACE", 2.5)  # seconds past the time limit: a worker is stuck
    root = write_class(tmp_path / "class", FAULT_CLASS)
    out = tmp_path / "out"
    result = run_grade(str(root), "-o", str(out), "-j", "2", "--seed", SECRET, "--timeout", "0.5")
    check_fault_class(out, result)
    assert "answering" in submissions(out)[TARGET]["error"]


def test_every_worker_lost_leaves_grader_faults_not_a_crash(tmp_path, monkeypatch):
    """No worker may be started again: the files no worker is left for are grader faults too, and the
    outputs are still written."""
    monkeypatch.setattr(engine, "_graded", graded_dying)
    monkeypatch.setattr(engine, "RESTARTS", 0)
    root = write_class(tmp_path / "class", FAULT_CLASS)
    out = tmp_path / "out"
    result = run_grade(str(root), "-o", str(out), "-j", "2", "--seed", SECRET)
    assert result.exit_code == 1, result.output
    found = submissions(out)
    assert set(found) == set(FAULT_CLASS) and found[TARGET]["grader_fault"] is True
    for student, text in FAULT_CLASS.items():
        assert found[student]["grader_fault"] or found[student]["score"] == alone(text), student
    assert gradebook(out)[TARGET]["status"] == "grader"


@pytest.mark.parametrize(
    "error", [MemoryError, lambda: ExerciseProblem("spec.py: ImportError: failed to map segment")]
)
def test_running_out_of_memory_after_grading_is_one_line(tmp_path, monkeypatch, error):
    """Under a tight memory limit the report's exercise loading failed with a traceback."""
    from checker.batch import report

    def failing(*args, **kwargs):
        raise error()

    monkeypatch.setattr(report, "build", failing)
    root = write_class(tmp_path / "class", {"ann": CORRECT})
    result = run_grade(str(root), "-o", str(tmp_path / "out"), "-j", "1", "--seed", SECRET, "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: ") or "\nError: " in result.output
    assert len((tmp_path / "out" / "journal.jsonl").read_text(encoding="utf-8").splitlines()) == 1
