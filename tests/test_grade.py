"""`lstm-quiz grade` and `merge`: layouts, roster, hostile files, resume, shards, outputs."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.batch.discover import discover
from checker.cli import main

GOOD_1 = "import numpy as np\ndef gradient_clipping(grad, threshold):\n    n = np.linalg.norm(grad)\n    return grad * (threshold / n) if n > threshold else grad.copy()\n"
ELEMENTWISE_1 = "import numpy as np\ndef gradient_clipping(grad, threshold):\n    return np.clip(grad, -threshold, threshold)\n"
GOOD_2 = (
    "import numpy as np\ndef s(z):\n    return 1 / (1 + np.exp(-z))\n"
    "def lstm_step(x, prev_h, prev_c, W, U, b):\n    z = x @ W.T + prev_h @ U.T + b\n"
    "    a, i, f, o = np.split(z, 4, axis=1)\n    c = s(i) * np.tanh(a) + s(f) * prev_c\n    return c, s(o) * np.tanh(c)\n"
)
TORCH_ORDER_2 = GOOD_2.replace("a, i, f, o = np.split", "i, f, a, o = np.split")
LOOP = "def gradient_clipping(grad, threshold):\n    while True:\n        pass\n"
FORK = "import os\ndef lstm_step(*args):\n    os.fork()\n    return args[0]\n"
SECRET = "k7Qm2VxN4pLr9TzW"  # a secret must have 16 characters at least


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def grade(*args: str):
    return CliRunner().invoke(main, ["grade", *args], catch_exceptions=False)


def gradebook(out: Path) -> dict[str, dict]:
    rows = csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8")))
    return {row["student"]: row for row in rows}


# -- discovery --------------------------------------------------------------------------------------


def test_a_folder_per_student(tmp_path):
    root = write(
        tmp_path / "class",
        {"alice/exercise1.py": GOOD_1, "alice/exercise2.py": GOOD_2, "bob/ex1.py": ELEMENTWISE_1},
    )
    found = discover(root)
    assert [(s.student, s.exercise) for s in found.submissions] == [("alice", 1), ("alice", 2), ("bob", 1)]
    assert found.unattributed == []


def test_flat_files_named_by_student_and_lms_names(tmp_path):
    root = write(
        tmp_path / "class",
        {
            "carol_exercise2.py": GOOD_2,
            "dave-ex1.py": GOOD_1,
            "kimminsu_12345_67890_exercise2.py": GOOD_2,  # Canvas
            "leejiwoo_LATE_12346_67891_clip.py": GOOD_1,  # Canvas, late, a name of the student's own
            "Park Seoyeon_4321_assignsubmission_file_exercise1.py": GOOD_1,  # Moodle
        },
    )
    found = discover(root)
    got = {(s.student, s.exercise, s.lms_id) for s in found.submissions}
    assert got == {
        ("carol", 2, None),
        ("dave", 1, None),
        ("kimminsu", 2, "12345"),
        ("leejiwoo", 1, "12346"),
        ("Park Seoyeon", 1, "4321"),
    }


def test_a_name_that_ends_like_an_exercise_word_is_a_name(tmp_path):
    """`alex.py` is no file of student `al` (the word "ex" needs a separator before it, or a capital),
    so it never sets aside al's own file nor is graded as his."""
    root = write(
        tmp_path / "class",
        {"alex.py": GOOD_1, "rex.py": GOOD_1, "al_exercise1.py": ELEMENTWISE_1, "kimExercise2.py": GOOD_2,
         "20241234ex1.py": GOOD_1, "山田ex1.py": GOOD_1, "parkexercise1.py": GOOD_1},
    )  # fmt: skip
    found = discover(root)
    assert {(s.student, s.exercise, s.path.name) for s in found.submissions} == {
        ("al", 1, "al_exercise1.py"),
        ("kim", 2, "kimExercise2.py"),
        ("20241234", 1, "20241234ex1.py"),  # after a digit, a CJK letter, or as a longer word: no doubt
        ("山田", 1, "山田ex1.py"),
        ("park", 1, "parkexercise1.py"),
    }
    assert sorted(name for name, _ in found.unattributed) == ["alex.py", "rex.py"]
    assert found.duplicates == []


def test_moodle_folders(tmp_path):
    root = write(tmp_path / "class", {"Choi Yuna_777_assignsubmission_file_/anything.py": GOOD_2})
    (sub,) = discover(root).submissions
    assert (sub.student, sub.exercise, sub.lms_id) == ("Choi Yuna", 2, "777")


def test_two_people_with_one_name_are_two_students(tmp_path):
    root = write(
        tmp_path / "class",
        {
            "Alice Kim_12345_assignsubmission_file_/exercise1.py": GOOD_1,  # Moodle folders
            "Alice Kim_67890_assignsubmission_file_/exercise1.py": ELEMENTWISE_1,
            "kimminsu_1111_9001_exercise1.py": GOOD_1,  # Canvas, two user ids
            "kimminsu_2222_9002_exercise1.py": ELEMENTWISE_1,
            "leejiwoo_3333_9003_exercise1.py": GOOD_1,  # one person, a second attempt: one student
            "leejiwoo_3333_9004_exercise1.py": ELEMENTWISE_1,
        },
    )
    found = discover(root)
    got = {(s.student, s.lms_id) for s in found.submissions}
    assert got == {
        ("Alice Kim (12345)", "12345"),
        ("Alice Kim (67890)", "67890"),
        ("kimminsu (1111)", "1111"),
        ("kimminsu (2222)", "2222"),
        ("leejiwoo", "3333"),
    }
    assert len(found.duplicates) == 1


def test_a_folder_is_the_students_name_as_it_is(tmp_path):
    # a folder named like a file ("alice-lstm") is its own student, never taken for alice's
    root = write(tmp_path / "class", {"alice/exercise1.py": GOOD_1, "alice-lstm/exercise1.py": ELEMENTWISE_1})
    found = discover(root)
    assert {(s.student, s.exercise) for s in found.submissions} == {("alice", 1), ("alice-lstm", 1)}
    assert found.duplicates == []


def test_unattributable_files_are_listed_never_dropped(tmp_path):
    root = write(
        tmp_path / "class",
        {"notes.txt": "hi", "helper.py": "x = 1\n", "erin/readme.md": "# hi", "frank/exercise1.py": GOOD_1},
    )
    found = discover(root)
    reasons = dict(found.unattributed)
    assert set(reasons) == {"notes.txt", "helper.py", "erin/readme.md"}
    assert reasons["notes.txt"] == "grade.not_python"
    assert reasons["helper.py"] == "grade.no_student"  # a flat file named by neither student nor exercise


def test_a_second_file_for_the_same_exercise_is_reported(tmp_path):
    root = write(tmp_path / "class", {"gina/exercise1.py": GOOD_1, "gina/exercise1_v2.py": ELEMENTWISE_1})
    found = discover(root)
    assert len(found.submissions) == 1 and len(found.duplicates) == 1


# -- grading ------------------------------------------------------------------------------------------


@pytest.fixture
def small_class(tmp_path):
    return write(
        tmp_path / "class",
        {
            "alice/exercise1.py": GOOD_1,
            "alice/exercise2.py": GOOD_2,
            "bob/exercise1.py": ELEMENTWISE_1,
            "bob/exercise2.py": TORCH_ORDER_2,
            "mallory/exercise1.py": LOOP,
            "mallory/exercise2.py": FORK,
            "notes.txt": "not a submission",
        },
    )


def test_grade_a_class_with_hostile_files(small_class, tmp_path):
    out = tmp_path / "out"
    result = grade(
        str(small_class), "-o", str(out), "-j", "2", "--seed", "s3cret-for-this-test-only", "--timeout", "3"
    )
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert book["alice"]["total"] == book["alice"]["max_total"] and book["alice"]["status"] == "ok"
    assert float(book["bob"]["total"]) < float(book["bob"]["max_total"])
    assert "clip-elementwise" in book["bob"]["misconceptions"]
    assert "lstm-pytorch-gate-order" in book["bob"]["misconceptions"]
    assert float(book["mallory"]["total"]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "mallory" in report and "notes.txt" in report
    assert "PyTorch's gate order" in report
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    alice = next(s for s in data["students"] if s["student"] == "alice")
    assert [len(s["tests"]) for s in alice["submissions"]] == [11, 10]
    assert "s3cret-for-this-test-only" not in json.dumps(data)
    # an endless loop: two tests time out, then the rest are not run (the class is not kept waiting)
    mallory = next(s for s in data["students"] if s["student"] == "mallory")
    loop = next(s for s in mallory["submissions"] if s["exercise"] == 1)
    messages = [t["message"] for t in loop["tests"]]
    assert messages[:2] == [messages[0]] * 2 and "time" in messages[0].lower()
    assert set(messages[2:]) == {"Not run: the tests before it did not finish either."}


def test_roster_adds_missing_students(small_class, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\nalice,Alice\nbob,Bob\nzoe,Zoe\n", encoding="utf-8")
    out = tmp_path / "out"
    grade(str(small_class), "-o", str(out), "--seed", SECRET, "--roster", str(roster), "--timeout", "2")
    book = gradebook(out)
    assert book["zoe"]["status"] == "missing" and book["zoe"]["total"] == "0"
    assert "zoe" in (out / "report.md").read_text(encoding="utf-8")


def test_gradescope_results_have_the_documented_fields(small_class, tmp_path):
    out = tmp_path / "out"
    grade(str(small_class), "-o", str(out), "--seed", SECRET, "--format", "gradescope", "--timeout", "2")
    data = json.loads((out / "gradescope" / "bob" / "results.json").read_text(encoding="utf-8"))
    assert set(data) >= {"score", "max_score", "output", "tests"}
    assert data["max_score"] == 21
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed")
    hidden = [t for t in data["tests"] if t["visibility"] == "hidden"]
    assert len(hidden) == 9 + 8
    assert not (out / "gradebook.csv").exists()


def test_outputs_are_never_overwritten_without_force(small_class, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "gradebook.csv").write_text("the instructor's own file\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["grade", str(small_class), "-o", str(out), "--seed", SECRET])
    assert result.exit_code == 1 and "--force" in result.output
    assert (out / "gradebook.csv").read_text(encoding="utf-8") == "the instructor's own file\n"
    forced = grade(str(small_class), "-o", str(out), "--seed", SECRET, "--force", "--timeout", "2")
    assert forced.exit_code == 0 and "alice" in (out / "gradebook.csv").read_text(encoding="utf-8")


def test_a_rerun_regrades_nothing(small_class, tmp_path):
    out = tmp_path / "out"
    grade(str(small_class), "-o", str(out), "--seed", SECRET, "--timeout", "2")
    lines = (out / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    again = grade(str(small_class), "-o", str(out), "--seed", SECRET, "--timeout", "2", "--resume")
    assert again.exit_code == 0
    assert (out / "journal.jsonl").read_text(encoding="utf-8").splitlines() == lines  # nothing new
    assert "6 reused" in again.output or "reused" in (out / "report.md").read_text(encoding="utf-8")
    # a changed file is graded again (content that was already graded for someone else is reused)
    (small_class / "bob" / "exercise1.py").write_text(GOOD_1 + "# fixed\n", encoding="utf-8")
    third = grade(str(small_class), "-o", str(out), "--seed", SECRET, "--timeout", "2", "--resume")
    assert third.exit_code == 0, third.output
    assert len((out / "journal.jsonl").read_text(encoding="utf-8").splitlines()) == len(lines) + 1


def test_going_on_under_another_secret_is_refused_unless_forced(tmp_path):
    root = write(tmp_path / "class", {"alice/exercise1.py": GOOD_1, "bob/exercise1.py": ELEMENTWISE_1})
    out = tmp_path / "out"
    assert grade(str(root), "-o", str(out), "--seed", SECRET, "--timeout", "2").exit_code == 0
    journal = (out / "journal.jsonl").read_bytes()
    book = (out / "gradebook.csv").read_bytes()
    other = SECRET[::-1]
    for extra in (["--resume"], ["--only", "bob"], ["--only", "bob", "--force"]):
        refused = grade(str(root), "-o", str(out), "--seed", other, "--timeout", "2", *extra)
        assert refused.exit_code == 2, (extra, refused.output)
        assert "another secret" in refused.output and len(refused.output.strip().splitlines()) == 1
        assert (out / "journal.jsonl").read_bytes() == journal and (
            out / "gradebook.csv"
        ).read_bytes() == book
    # the same secret goes on; --force regrades every file under the new one
    assert grade(str(root), "-o", str(out), "--seed", SECRET, "--timeout", "2", "--resume").exit_code == 0
    assert (out / "journal.jsonl").read_bytes() == journal
    forced = grade(str(root), "-o", str(out), "--seed", other, "--timeout", "2", "--resume", "--force")
    assert forced.exit_code == 0, forced.output
    lines = (out / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and {json.loads(line)["seed"] for line in lines[2:]} != {
        json.loads(lines[0])["seed"]
    }


def test_a_zip_of_the_class(small_class, tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in small_class.rglob("*"):
            if path.is_file():
                zf.write(path, Path("downloads") / path.relative_to(small_class))
    out = tmp_path / "out"
    result = grade(str(archive), "-o", str(out), "--seed", SECRET, "--timeout", "2")
    assert result.exit_code == 0
    assert set(gradebook(out)) == {"alice", "bob", "mallory"}


def test_a_zip_that_escapes_is_refused(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../escaped.py", GOOD_1)
    result = CliRunner().invoke(main, ["grade", str(archive), "-o", str(tmp_path / "out"), "--seed", SECRET])
    assert result.exit_code == 2 and "leads elsewhere" in result.output  # nothing else in it: no class
    assert not (tmp_path.parent / "escaped.py").exists()


def test_shards_merge_to_the_same_gradebook(small_class, tmp_path):
    whole = tmp_path / "whole"
    grade(str(small_class), "-o", str(whole), "--seed", SECRET, "--timeout", "2")
    shards = []
    for k in (1, 2, 3):
        folder = tmp_path / f"shard{k}"
        assert (
            grade(
                str(small_class), "-o", str(folder), "--seed", SECRET, "--shard", f"{k}/3", "--timeout", "2"
            ).exit_code
            == 0
        )
        shards.append(str(folder))
    merged = tmp_path / "merged"
    result = CliRunner().invoke(main, ["merge", *shards, "-o", str(merged)], catch_exceptions=False)
    assert result.exit_code == 0
    assert (merged / "gradebook.csv").read_text(encoding="utf-8") == (whole / "gradebook.csv").read_text(
        encoding="utf-8"
    )


def test_bad_shard_is_a_usage_error(small_class, tmp_path):
    result = CliRunner().invoke(
        main, ["grade", str(small_class), "--shard", "4/3", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2


def test_resume_after_the_batch_is_killed(tmp_path):
    """kill -9 at a random point, then --resume: every student once, nothing lost, nothing twice."""
    files = {}
    for k in range(30):
        files[f"s{k:02d}/exercise1.py"] = GOOD_1 if k % 3 else ELEMENTWISE_1
        files[f"s{k:02d}/exercise2.py"] = GOOD_2 if k % 4 else TORCH_ORDER_2
    root = write(tmp_path / "class", files)
    out = tmp_path / "out"
    env = dict(os.environ, LSTM_QUIZ_SECRET=SECRET)
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "grade", str(root), "-o", str(out), "-j", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    journal = out / "journal.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if journal.exists() and len(journal.read_text(encoding="utf-8").splitlines()) >= 12:
            break
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(journal.read_text(encoding="utf-8").splitlines())
    assert 0 < done_before < 60
    result = subprocess.run(
        [sys.executable, "-m", "checker", "grade", str(root), "-o", str(out), "-j", "2", "--resume"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    book = gradebook(out)
    assert sorted(book) == [f"s{k:02d}" for k in range(30)]
    keys = [
        (e["student"], e["exercise"])
        for e in map(json.loads, journal.read_text(encoding="utf-8").splitlines())
    ]
    assert len(keys) == len(set(keys)) == 60  # each submission journaled exactly once


def _session_alive(session: int) -> list[int]:
    """The processes of a session still running (not zombies)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_a_batch_stopped_by_a_signal_says_so_and_resume_finishes(tmp_path, stop):
    files = {
        f"s{k:02d}/exercise{n}.py": (GOOD_1 if n == 1 else GOOD_2) + f"# {k}\n"
        for k in range(30)
        for n in (1, 2)
    }
    root = write(tmp_path / "class", files)
    out = tmp_path / "out"
    env = dict(os.environ, LSTM_QUIZ_SECRET=SECRET, LC_ALL="C.UTF-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "grade", str(root), "-o", str(out), "-j", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    journal = out / "journal.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and len(journal.read_text(encoding="utf-8").splitlines()) >= 4:
            break
        time.sleep(0.01)
    process.send_signal(getattr(signal, stop))  # to the batch alone: it ends its workers itself
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1 and "Interrupted" in stderr and "--resume" in stderr, stderr
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while _session_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _session_alive(process.pid) == []
    result = subprocess.run(
        [sys.executable, "-m", "checker", "grade", str(root), "-o", str(out), "-j", "2", "--resume"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(gradebook(out)) == [f"s{k:02d}" for k in range(30)]


def test_journal_lines_read_back_from_many_threads_at_once(tmp_path):
    # the outputs are written by several threads reading one journal: each must get its own line
    from concurrent.futures import ThreadPoolExecutor

    from checker.batch.journal import Journal

    journal = Journal(tmp_path / "journal.jsonl")
    offsets = {journal.append(json.dumps({"n": n, "pad": "x" * (n % 97) * 50})): n for n in range(400)}
    journal.sync()

    def read(offset: int) -> int:
        return json.loads(journal.line_at(offset))["n"]

    with ThreadPoolExecutor(8) as pool:
        for _ in range(5):
            assert list(pool.map(read, offsets)) == list(offsets.values())
    journal.close()


def test_gradebook_tags_follow_the_exercise_order_not_the_grading_order():
    from checker.batch.journal import Summary
    from checker.batch.report import build

    def summary(exercise: int, tag: str) -> Summary:
        return Summary("ann", exercise, f"ann/ex{exercise}.py", None, f"k{exercise}", 1.0, 2.0, "fail",
                       None, None, (tag,), (), "")  # fmt: skip

    for order in ([1, 2], [2, 1]):  # results arrive in either order when files are graded in parallel
        tags = {1: "clip-elementwise", 2: "lstm-pytorch-gate-order"}
        report = build([summary(n, tags[n]) for n in order])
        assert report.rows[0].misconceptions == ("clip-elementwise", "lstm-pytorch-gate-order")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: the batch grades in its own process")
def test_the_class_report_names_its_mistakes_without_loading_an_exercise_in_the_command(tmp_path):
    """The report's catalogued mistakes (title, what to re-teach) come from the graded files' own
    results in the journal: the command imports no exercise's spec, nor numpy, to name them."""
    root = write(tmp_path / "class", {"ann/exercise1.py": ELEMENTWISE_1, "bob/exercise1.py": GOOD_1})
    out = tmp_path / "out"
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from checker.cli import main\n"
        "done = CliRunner().invoke(main, ['grade', sys.argv[1], '-o', sys.argv[2], '-j', '2', '--seed',"
        f" {SECRET!r}, '--lang', 'en'])\n"
        "print(done.exit_code, 'numpy' in sys.modules, any(m.endswith('.spec') for m in sys.modules))\n"
    )
    shown = subprocess.run([sys.executable, "-c", code, str(root), str(out)], capture_output=True, text=True,
                           timeout=300)  # fmt: skip
    assert shown.stdout.split() == ["0", "False", "False"], shown.stdout + shown.stderr[-2000:]
    from checker.specs.registry import Registry

    (mistake,) = [m for m in Registry().spec(1).misconceptions if m.tag == "clip-elementwise"]
    report = (out / "report.md").read_text(encoding="utf-8").replace("\\", "")  # Markdown's escapes
    assert f"| 1 | {mistake.title['en']} (`clip-elementwise`) | {mistake.explanation['en']} |" in report
    assert gradebook(out)["ann"]["misconceptions"] == "clip-elementwise"


def test_a_mistake_whose_journal_line_is_damaged_is_named_from_its_exercise(tmp_path):
    """journal_catalogue reads each mistake's title from one graded file's line; where that line cannot
    be read back, build() names it from the exercise's catalogue as before."""
    from checker.batch.journal import Journal, Summary
    from checker.batch.report import build, journal_catalogue
    from checker.specs.registry import Registry

    journal = Journal(tmp_path / "journal.jsonl")
    journal.append('{"v": 1}')  # not an entry
    summary = Summary("ann", 1, "ann/exercise1.py", None, "k1", 0.0, 11.0, "fail", None, None,
                      ("clip-elementwise",), (), "", offset=0)  # fmt: skip
    assert journal_catalogue(journal, [summary]) == {}
    (mistake,) = [m for m in Registry().spec(1).misconceptions if m.tag == "clip-elementwise"]
    (counted,) = build([summary], catalogue={}).misconceptions
    assert counted.title == dict(mistake.title) and counted.count == 1
    journal.close()


H_FROM_PREV_C = """import numpy as np

def sigmoid(v):
    return 1 / (1 + np.exp(-v))

def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    H = prev_h.shape[1]
    a, i = np.tanh(z[:, :H]), sigmoid(z[:, H:2 * H])
    f, o = sigmoid(z[:, 2 * H:3 * H]), sigmoid(z[:, 3 * H:])
    c = i * a + f * prev_c
    return c, o * np.tanh(prev_c)  # the previous cell state where the new one belongs
"""


def test_a_cause_the_diagnosis_names_is_counted_in_the_class_report(tmp_path):
    """No catalogued mistake fits h = o * tanh(prev_c); the probes name it, and the class report and
    the gradebook count it beside the catalogue's mistakes."""
    root = write(
        tmp_path / "class", {"ann/exercise2.py": H_FROM_PREV_C, "bob/exercise2.py": H_FROM_PREV_C + "\n"}
    )
    out = tmp_path / "out"
    result = grade(str(root), "-o", str(out), "-j", "1", "--seed", SECRET, "--lang", "en")
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert book["ann"]["misconceptions"] == book["bob"]["misconceptions"] == "diag.lstm-h-from-prev-c"
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "h is computed from the previous cell state" in report
    feedback = json.loads((out / "gradescope" / "ann" / "results.json").read_text(encoding="utf-8"))
    assert "h is computed from the previous cell state" in feedback["output"]


@pytest.mark.parametrize(
    "lang, words", [("ja", ["クラスの成績レポート", "公開", "非公開"]), ("ko", ["공개", "숨김"])]
)
def test_the_class_report_speaks_the_instructors_language(tmp_path, lang, words):
    submissions = tmp_path / "class"
    submissions.mkdir()
    (submissions / "kim_exercise1.py").write_text(GOOD_1, encoding="utf-8")
    (submissions / "lee_exercise1.py").write_text(ELEMENTWISE_1, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["grade", str(submissions), "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    report = (out / "report.md").read_text(encoding="utf-8")
    for word in words:
        assert word in report
    assert "| visible |" not in report and "| hidden |" not in report


def test_a_change_to_the_grading_code_changes_the_version(tmp_path, monkeypatch):
    """A source checkout keeps its version number: results graded by other code are never reused."""
    from checker.batch import engine
    from checker.specs.registry import shipped_registry

    names = {path.name for path in engine._grading_code()}
    assert {"codecheck.py", "runner.py", "client.py", "base.py", "core.py"} <= names
    code = tmp_path / "codecheck.py"
    code.write_text("RTOL = 1e-6\n", encoding="utf-8")
    monkeypatch.setattr(engine, "_grading_code", lambda: [code])
    registry = shipped_registry()
    before = engine.grading_version(registry)
    assert engine.grading_version(registry) == before
    code.write_text("RTOL = 1e-3\n", encoding="utf-8")
    assert engine.grading_version(registry) != before


def test_more_graders_than_cpus_are_not_started(tmp_path, monkeypatch):
    """Graders beyond the CPUs only take turns on them; a correct file kept waiting long enough was
    charged a timeout (-j 64 on 2 CPUs). -j is held to the CPUs this run may use, and says so."""
    from checker.batch import early

    monkeypatch.setattr(early, "usable_cpus", lambda: 1)
    folder = write(tmp_path / "class", {"ann/exercise1.py": GOOD_1, "bob/exercise1.py": GOOD_1})
    result = grade(str(folder), "-o", str(tmp_path / "out"), "-j", "64", "--seed", SECRET, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "-j 64 is more than the 1 CPU(s) this run may use: grading with 1." in " ".join(
        result.output.split()
    )
    assert {row["exercise1"] for row in gradebook(tmp_path / "out").values()} == {"11"}


@pytest.mark.parametrize("name", [".lock", "journal.jsonl"])
def test_a_link_planted_in_out_is_never_written_through(tmp_path, name):
    """A root grader writing into a folder others can write to: a link named like its lock or journal
    would have had it overwrite, append to or cut short any file. Refused in one line instead."""
    folder = write(tmp_path / "class", {"ann/exercise1.py": GOOD_1})
    out = tmp_path / "out"
    first = grade(str(folder), "-o", str(out), "--seed", SECRET, "-j", "1")
    assert first.exit_code == 0, first.output
    victim = tmp_path / "notes.txt"
    victim.write_bytes(b"line one\nan unfinished last line")
    (out / name).unlink(missing_ok=True)  # the lock goes with the run that held it
    (out / name).symlink_to(victim)
    again = grade(str(folder), "-o", str(out), "--seed", SECRET, "-j", "1", "--resume")
    assert again.exit_code != 0
    assert "not a regular file" in again.output and "Traceback" not in again.output
    assert victim.read_bytes() == b"line one\nan unfinished last line"


def test_every_row_of_the_reports_tables_keeps_its_cells(tmp_path):
    """A test's name with a pipe in it (`stays finite for large |z|`) stays in its cell of report.md."""
    import re

    root = write(tmp_path / "class", {"kim/exercise2.py": GOOD_2, "lee/exercise2.py": TORCH_ORDER_2})
    out = tmp_path / "out"
    assert grade(str(root), "-o", str(out), "--seed", "s3cret-for-this-test-only").exit_code == 0
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "|z|" in text.replace("\\|", "|")  # the name the row is about is there
    for table in re.findall(r"(?m)^\|.*\|\n\| ---(?: \| ---)* \|\n(?:\|.*\|\n?)+", text):
        header, _, *rows = table.strip().splitlines()
        width = len(re.split(r"(?<!\\)\|", header))
        assert all(len(re.split(r"(?<!\\)\|", row)) == width for row in rows), table


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mount namespaces are Linux's")
def test_grading_where_no_mount_namespace_may_be_made_says_what_submissions_can_mark_and_how_to_stop_it(
    tmp_path, monkeypatch
):
    """Where the runners may not make a mount namespace of their own, submissions see the machine's
    /proc and /sys, where a lookup leaves a mark a later submission reads: the instructor is told, and
    how to close it. Where they may (root here), with or without bubblewrap, nothing is said."""
    from checker.sandbox import _mounts

    submissions = write(tmp_path / "class", {"alice/exercise1.py": GOOD_1})
    if _mounts.possible():
        for name, bwrap in (("alone", "1"), ("bwrap", "")):
            monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", bwrap)
            done = grade(str(submissions), "-o", str(tmp_path / name), "--seed", SECRET)
            assert done.exit_code == 0, done.output
            assert "mount namespace" not in done.stderr
    monkeypatch.setattr(_mounts, "possible", lambda: False)
    result = grade(str(submissions), "-o", str(tmp_path / "out"), "--seed", SECRET, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "a file system of their own" in result.stderr and "/proc and /sys" in result.stderr
