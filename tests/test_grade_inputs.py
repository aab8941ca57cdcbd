"""`lstm-quiz grade` and `merge` with real class exports and real faults (issue 10, section 3): zip names
without the UTF-8 flag, Canvas resubmissions, inputs that are not a class, the output folder (held by
one run, outside the submissions, writable), merging shards, and a full disk."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.batch.discover import Input, discover, member_names
from checker.cli import main

GOOD_1 = (
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    n = np.linalg.norm(grad)\n"
    "    return grad * (threshold / n) if n > threshold else grad.copy()\n"
)
ELEMENTWISE_1 = "import numpy as np\ndef gradient_clipping(grad, threshold):\n    return np.clip(grad, -threshold, threshold)\n"
SECRET = "k7Qm2VxN4pLr9TzW-inputs"
OTHER_SECRET = "a-different-secret-of-the-course"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def run(*args: str):
    """The command as a user runs it: any exception escaping the command is a test failure."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def grade(*args: str):
    return run("grade", *args, "--seed", SECRET, "-j", "1", "--timeout", "3")


def gradebook(out: Path) -> dict[str, dict]:
    rows = csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8")))
    return {row["student"]: row for row in rows}


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def journal_lines(out: Path) -> list[dict]:
    data = (out / "journal.jsonl").read_bytes()
    assert not data or data.endswith(b"\n"), "a torn last line"
    return [json.loads(line) for line in data.splitlines()]  # every line whole


# -- 1. zip member names without the UTF-8 flag --------------------------------------------------------


class RawName(zipfile.ZipInfo):
    """A member whose name is written as these bytes, without the UTF-8 flag (as Linux zip, macOS's
    Archive Utility and Korean or Japanese Windows write them)."""

    def __init__(self, raw: bytes) -> None:
        super().__init__(raw.decode("cp437"))  # how zipfile itself would read the bytes back
        self.raw = raw

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own name
        return self.raw, self.flag_bits & ~0x800


NAMES = {  # the student, and how their folder's name is encoded
    "홍길동": "utf-8",  # UTF-8 bytes with no flag (Linux zip, macOS)
    "김민수": "cp949",  # Korean Windows
    "山田太郎": "shift_jis",  # Japanese Windows
    "Müller": "cp437",  # the zip format's own default
}


def unflagged_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for student, encoding in NAMES.items():
            for name, text in files.items():
                info = RawName(f"{student}/{name}".encode(encoding))
                assert not info._encodeFilenameFlags()[1] & 0x800
                zf.writestr(info, text)
    return path


def test_zip_names_without_the_utf8_flag_are_read_in_their_encoding(tmp_path):
    archive = unflagged_zip(tmp_path / "class.zip", {"exercise1.py": GOOD_1})
    with Input(archive) as root:
        found = discover(root)
    assert {s.student for s in found.submissions} == set(NAMES)
    assert found.unattributed == []


def test_a_korean_student_in_an_unflagged_zip_is_graded_not_missing(tmp_path):
    archive = unflagged_zip(tmp_path / "class.zip", {"exercise1.py": GOOD_1})
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\n홍길동\n김민수\n", encoding="utf-8")
    out = tmp_path / "out"
    result = grade(str(archive), "-o", str(out), "--roster", str(roster), "--format", "csv")
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert set(book) == set(NAMES)
    assert book["홍길동"]["status"] == book["김민수"]["status"] == "ok"
    assert book["홍길동"]["total"] == book["홍길동"]["max_total"]


# -- 2. Canvas resubmissions -----------------------------------------------------------------------------


def age(path: Path, seconds: int) -> None:
    """Make a file look older than the others (the order a download happens to give)."""
    stat = path.stat()
    os.utime(path, (stat.st_atime - seconds, stat.st_mtime - seconds))


def test_a_canvas_resubmission_grades_the_latest_attempt(tmp_path):
    root = write(
        tmp_path / "class",
        {"kimminsu_123_456_exercise1.py": GOOD_1, "kimminsu_123_457_exercise1-1.py": ELEMENTWISE_1},
    )
    age(root / "kimminsu_123_457_exercise1-1.py", 3600)  # the file times say nothing of the order
    found = discover(root)
    (graded,) = found.submissions
    assert (graded.student, graded.lms_id, graded.name) == (
        "kimminsu",
        "123",
        "kimminsu_123_457_exercise1-1.py",
    )
    assert found.attempts == [
        ("kimminsu", 1, "kimminsu_123_457_exercise1-1.py", "kimminsu_123_456_exercise1.py")
    ]


def test_resubmissions_without_a_submission_id_go_by_their_suffix(tmp_path):
    root = write(
        tmp_path / "class",
        {
            "alice/exercise1.py": GOOD_1,
            "alice/exercise1-2.py": GOOD_1 + "# 3\n",
            "alice/exercise1-1.py": GOOD_1,
        },
    )
    age(root / "alice" / "exercise1-2.py", 3600)
    found = discover(root)
    assert [s.name for s in found.submissions] == ["alice/exercise1-2.py"]
    assert sorted(a[3] for a in found.attempts) == ["alice/exercise1-1.py", "alice/exercise1.py"]
    assert {a[2] for a in found.attempts} == {"alice/exercise1-2.py"}  # said against the file graded


def test_the_gradebook_and_report_say_which_attempt_was_graded(tmp_path):
    root = write(
        tmp_path / "class",
        {
            "kimminsu_123_456_exercise1.py": GOOD_1,
            "kimminsu_123_457_exercise1-1.py": ELEMENTWISE_1,
            "leejiwoo_124_460_exercise1.py": GOOD_1,
        },
    )
    out = tmp_path / "out"
    assert grade(str(root), "-o", str(out)).exit_code == 0
    book = gradebook(out)
    assert book["kimminsu"]["attempt_graded"] == "kimminsu_123_457_exercise1-1.py"
    assert book["kimminsu"]["attempts_set_aside"] == "kimminsu_123_456_exercise1.py"
    assert "clip-elementwise" in book["kimminsu"]["misconceptions"]  # the latest attempt's grade
    assert book["leejiwoo"]["attempt_graded"] == book["leejiwoo"]["attempts_set_aside"] == ""
    report = (out / "report.md").read_text(encoding="utf-8")
    assert (
        "`kimminsu_123_456_exercise1.py`: an earlier attempt (a resubmission); graded the latest, " in report
    )
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["attempts"] == [
        {
            "student": "kimminsu",
            "exercise": 1,
            "graded": "kimminsu_123_457_exercise1-1.py",
            "set_aside": "kimminsu_123_456_exercise1.py",
        }
    ]


# -- 3. input that is not a class ---------------------------------------------------------------------


def truncated_zip(tmp_path: Path) -> Path:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as zf:
        zf.writestr("alice/exercise1.py", GOOD_1 * 50)
    cut = tmp_path / "class.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return cut


def damaged_zip(tmp_path: Path, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip whose directory is whole but whose compressed data is not."""
    path = tmp_path / "class.zip"
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        zf.writestr("alice/exercise1.py", GOOD_1 * 50)
    data = bytearray(path.read_bytes())
    start = 30 + len("alice/exercise1.py")
    data[start : start + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    return path


def damaged_bzip2_zip(tmp_path: Path) -> Path:
    return damaged_zip(tmp_path, zipfile.ZIP_BZIP2)


def damaged_lzma_zip(tmp_path: Path) -> Path:
    return damaged_zip(tmp_path, zipfile.ZIP_LZMA)


def encrypted_zip(tmp_path: Path) -> Path:
    """A member marked as encrypted (a password would be asked for)."""
    path = tmp_path / "class.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("alice/exercise1.py", GOOD_1)
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[6] |= 0x1  # the flag, in the member's own header and in the central directory
    data[central + 8] |= 0x1
    path.write_bytes(bytes(data))
    return path


def not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "class.zip"
    path.write_text("<html>Session expired</html>", encoding="utf-8")
    return path


def lone_file(tmp_path: Path) -> Path:
    return write(tmp_path, {"exercise1.py": GOOD_1}) / "exercise1.py"


def empty_folder(tmp_path: Path) -> Path:
    (tmp_path / "class" / "__MACOSX").mkdir(parents=True)
    (tmp_path / "class" / ".DS_Store").write_text("", encoding="utf-8")
    return tmp_path / "class"


def empty_zip(tmp_path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(tmp_path / "empty.zip", "w") as archive:
        archive.writestr("class/", "")  # a folder, no file
    return tmp_path / "empty.zip"


def nobodys_files(tmp_path: Path) -> Path:
    return write(tmp_path / "class", {"notes.txt": "hi", "helper.py": "x = 1\n", "data.csv": "1,2\n"})


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (truncated_zip, "neither a folder nor a zip"),
        (damaged_zip, "damaged zip"),
        (damaged_bzip2_zip, "damaged zip"),
        (damaged_lzma_zip, "damaged zip"),
        (encrypted_zip, "damaged zip archive (encrypted)"),
        (not_a_zip, "neither a folder nor a zip"),
        (lone_file, "lstm-quiz check"),
        (empty_folder, "holds no files"),
        (empty_zip, "holds no files"),
        (nobodys_files, "No student found"),
    ],
)
def test_an_input_that_is_not_a_class_is_a_usage_error(tmp_path, make, says):
    submissions = make(tmp_path)
    out = tmp_path / "out"
    line = one_line_error(grade(str(submissions), "-o", str(out)))
    assert says in line
    assert not out.exists()  # nothing made for it


def test_a_roster_that_cannot_be_read_is_a_usage_error(tmp_path):
    root = write(tmp_path / "class", {"alice/exercise1.py": GOOD_1})
    roster = tmp_path / "roster.csv"
    roster.write_bytes(b"PK\x03\x04\x14\x00\x81\x8d student_id\nalice\n")  # an .xlsx given as the roster, say
    line = one_line_error(grade(str(root), "-o", str(tmp_path / "out"), "--roster", str(roster)))
    assert "Cannot read the roster" in line
    assert not (tmp_path / "out").exists()


# -- 4. the output folder ------------------------------------------------------------------------------


@pytest.fixture
def small_class(tmp_path) -> Path:
    return write(tmp_path / "class", {"alice/exercise1.py": GOOD_1, "bob/exercise1.py": ELEMENTWISE_1})


def test_an_output_folder_held_by_another_run_is_refused_at_once(small_class, tmp_path):
    import fcntl

    out = tmp_path / "out"
    assert grade(str(small_class), "-o", str(out)).exit_code == 0
    before = (out / "journal.jsonl").read_bytes()
    with open(out / ".lock", "w") as held:  # this process holds OUT, as a running grade would
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242\n")
        held.flush()
        line = one_line_error(grade(str(small_class), "-o", str(out), "--resume"), code=1)
        assert "in use by another lstm-quiz run (pid 4242)" in line
        line = one_line_error(run("merge", str(out), "-o", str(out)), code=1)
        assert "in use" in line
    assert (out / "journal.jsonl").read_bytes() == before


def test_a_lock_left_by_a_run_that_ended_is_taken_over(small_class, tmp_path):
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / ".lock").write_text(ended.stdout, encoding="utf-8")  # its holder was killed: no flock held
    result = grade(str(small_class), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"took over the lock left by pid {ended.stdout.strip()}" in result.output
    assert not (out / ".lock").exists()  # let go at the end
    assert set(gradebook(out)) == {"alice", "bob"}


@pytest.mark.parametrize("where", [".", "results", "alice/results"])
def test_an_output_folder_inside_the_submissions_is_refused(small_class, where):
    out = small_class / where
    line = one_line_error(grade(str(small_class), "-o", str(out)))
    assert "inside the submissions" in line
    assert not (small_class / "results").exists() and not (small_class / "alice" / "results").exists()


def test_an_output_folder_that_cannot_be_made_is_a_usage_error(small_class, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("mine\n", encoding="utf-8")
    assert "Not a directory" in one_line_error(grade(str(small_class), "-o", str(afile / "out")))
    assert "is a file" in one_line_error(grade(str(small_class), "-o", str(afile)))
    assert afile.read_text(encoding="utf-8") == "mine\n"
    assert "Cannot write in" in one_line_error(grade(str(small_class), "-o", "/proc/lstm-quiz-out"))


# -- merge ------------------------------------------------------------------------------------------------


@pytest.fixture
def roster_class(tmp_path) -> tuple[Path, Path]:
    files = {f"s{k}/exercise1.py": GOOD_1 if k % 2 else ELEMENTWISE_1 for k in range(6)}
    files["s9_123_456_exercise1.py"] = ELEMENTWISE_1
    files["s9_123_457_exercise1-1.py"] = GOOD_1
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\ns0\ns1\nzoe\n", encoding="utf-8")
    return write(tmp_path / "class", files), roster


def shards(
    root: Path, tmp_path: Path, count: int, secret: str = SECRET, roster: Path | None = None
) -> list[str]:
    folders = []
    for k in range(1, count + 1):
        folder = tmp_path / f"shard{k}"
        extra = ["--roster", str(roster)] if roster else []
        result = run(
            "grade",
            str(root),
            "-o",
            str(folder),
            "--seed",
            secret,
            "-j",
            "1",
            "--shard",
            f"{k}/{count}",
            "--timeout",
            "3",
            *extra,
        )  # fmt: skip (the time limit `grade` above grades with)
        assert result.exit_code == 0, result.output
        folders.append(str(folder))
    return folders


def test_merge_gives_the_outputs_of_one_run_roster_rows_included(roster_class, tmp_path):
    root, roster = roster_class
    whole = tmp_path / "whole"
    assert grade(str(root), "-o", str(whole), "--roster", str(roster)).exit_code == 0
    merged = tmp_path / "merged"
    result = run("merge", *shards(root, tmp_path, 3, roster=roster), "-o", str(merged))
    assert result.exit_code == 0, result.output
    for name in ("gradebook.csv", "report.md"):
        assert (merged / name).read_text(encoding="utf-8") == (whole / name).read_text(encoding="utf-8"), name
    assert gradebook(merged)["zoe"]["status"] == "missing"


def test_merge_refuses_folders_that_are_not_a_whole_set_of_shards(roster_class, tmp_path):
    root, _ = roster_class
    folders = shards(root, tmp_path, 3)
    out = str(tmp_path / "merged")
    plain = tmp_path / "plain"
    plain.mkdir()
    assert "no journal.jsonl" in one_line_error(run("merge", *folders, str(plain), "-o", out))
    assert "Shards missing: 3 of 3" in one_line_error(run("merge", *folders[:2], "-o", out))
    assert "given twice" in one_line_error(run("merge", *folders, folders[0], "-o", out))
    other = tmp_path / "other"
    other.mkdir()
    (again,) = shards(root, other, 1)  # the whole class, graded as one
    assert "different splits" in one_line_error(run("merge", *folders, again, "-o", out))
    os.rename(folders[2], tmp_path / "old3")
    (other / "three").mkdir()
    (third,) = [f for f in shards(root, other / "three", 3, secret=OTHER_SECRET) if f.endswith("shard3")]
    os.rename(third, folders[2])
    assert "different secrets" in one_line_error(run("merge", *folders, "-o", out))
    (Path(folders[2]) / "discovery.json").unlink()  # an interrupted shard
    assert "no record of a finished run" in one_line_error(run("merge", *folders, "-o", out))
    assert not Path(out).exists()


# -- 5. a full disk ----------------------------------------------------------------------------------------


def full_after(lines: int):
    """os.write that fills the disk of journal.jsonl half way through its `lines`+1-th line."""
    real = os.write
    seen = [0]

    def write(fd: int, data) -> int:
        if not os.readlink(f"/proc/self/fd/{fd}").endswith("journal.jsonl"):
            return real(fd, data)
        seen[0] += 1
        if seen[0] <= lines:
            return real(fd, data)
        real(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


def test_a_full_disk_while_grading_tears_no_line_and_resume_finishes(tmp_path, monkeypatch):
    root = write(
        tmp_path / "class", {f"s{k}/exercise1.py": GOOD_1 if k % 2 else ELEMENTWISE_1 for k in range(4)}
    )
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", full_after(2))
        result = grade(str(root), "-o", str(out))
    assert result.exit_code == 1, result.output
    assert "No space left" in result.output and "--resume" in result.output
    assert len(journal_lines(out)) == 2  # the torn third line was rolled back
    again = grade(str(root), "-o", str(out), "--resume")
    assert again.exit_code == 0, again.output
    assert "damaged" not in again.output
    keys = [(e["student"], e["exercise"]) for e in journal_lines(out)]
    assert sorted(keys) == [(f"s{k}", 1) for k in range(4)]


def test_a_torn_last_line_is_removed_when_the_journal_is_opened(small_class, tmp_path):
    out = tmp_path / "out"
    assert grade(str(small_class), "-o", str(out)).exit_code == 0
    lines = (out / "journal.jsonl").read_bytes().splitlines(keepends=True)
    (out / "journal.jsonl").write_bytes(lines[0] + lines[1][: len(lines[1]) // 2])  # a crash mid-write
    again = grade(str(small_class), "-o", str(out), "--resume")
    assert again.exit_code == 0, again.output
    assert "removed an unfinished last line" in again.output and "damaged" not in again.output
    assert len(journal_lines(out)) == 2


def test_a_full_disk_while_writing_the_outputs_is_one_message_and_resume_writes_them(
    small_class, tmp_path, monkeypatch
):
    import checker.files

    real = checker.files.write_new_file

    def full(path, data, **options):
        if Path(path).name == "gradebook.csv":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data, **options)

    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        patch.setattr(checker.files, "write_new_file", full)
        result = grade(str(small_class), "-o", str(out))
    assert "No space left on the disk of" in one_line_error(result, code=1)
    assert not (out / "gradebook.csv").exists()
    again = grade(str(small_class), "-o", str(out), "--resume")
    assert again.exit_code == 0, again.output
    assert set(gradebook(out)) == {"alice", "bob"}


def test_temporary_files_of_an_interrupted_write_are_removed_on_the_next_run(small_class, tmp_path):
    out = tmp_path / "out"
    assert grade(str(small_class), "-o", str(out)).exit_code == 0
    left = [
        out / ".gradebook.csv.k2j4_x9a",
        out / ".results.json.abcdefgh",
        out / "gradescope/alice/.results.json.0a1b2c3d",
        out / "..student-files.json.9f8e7d6c",  # the list of students' files, half written
    ]
    mine = [out / ".notes", out / ".gradebook.csv.mine", out / "gradescope/alice/notes.txt"]
    for path in left + mine:
        path.write_text("half of it", encoding="utf-8")
    assert grade(str(small_class), "-o", str(out), "--resume").exit_code == 0
    assert not any(path.exists() for path in left)
    assert all(path.exists() for path in mine)  # only what our own writes leave behind


def test_discovery_walks_a_class_folder_as_its_owner_sees_it(tmp_path):
    """What is graded from a folder: hidden folders and files are passed over (a hidden Python file
    is listed), a link is never followed
    (to a file or a folder: it is listed), a pipe is listed, a file over the size limit is listed as
    too large, and the order is the paths' order whatever the disk's."""
    from checker.submission import SOURCE_LIMIT

    root = write(tmp_path / "class", {
        "bob/exercise1.py": GOOD_1,
        "alice/exercise1.py": GOOD_1,
        "alice/.exercise2.py": GOOD_1,
        ".git/alice/exercise1.py": GOOD_1,
        "__MACOSX/alice/exercise1.py": GOOD_1,
        "carol/__pycache__/exercise1.py": GOOD_1,
        "dave/exercise1.py": "# " + "x" * SOURCE_LIMIT + "\n",
        "erin_exercise1.py": GOOD_1,
    })  # fmt: skip
    (tmp_path / "frank.py").write_text(GOOD_1, encoding="utf-8")
    (root / "frank").mkdir()
    (root / "frank" / "exercise1.py").symlink_to(tmp_path / "frank.py")
    (root / "alice" / "loop").symlink_to(root)  # would repeat the class forever if followed
    os.mkfifo(root / "gina_exercise1.py")  # reading it would wait forever

    found = discover(root)

    assert [(s.student, s.name) for s in found.submissions] == [
        ("alice", "alice/exercise1.py"), ("bob", "bob/exercise1.py"), ("erin", "erin_exercise1.py"),
    ]  # fmt: skip
    assert found.unattributed == [
        ("alice/.exercise2.py", "grade.hidden_file"),  # no file that looks handed in is dropped unsaid
        ("alice/loop", "grade.link"), ("dave/exercise1.py", "grade.too_large"),
        ("frank/exercise1.py", "grade.link"), ("gina_exercise1.py", "grade.not_a_file"),
    ]  # fmt: skip


def test_a_link_in_the_class_never_brings_what_it_points_at_into_feedback(tmp_path):
    """A student's link (a cloned repository keeps links) to the run's secret, to the grader's own
    environment or to a classmate's file, or a hard link to the secret, is listed, not graded: nothing
    it points at is read."""
    secret = "Course-Secret-0123456789-abcdef"
    (tmp_path / "secret.txt").write_text(secret + "\n", encoding="utf-8")
    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1})
    for student, target in (("choi", tmp_path / "secret.txt"), ("park", Path("/proc/self/environ")),
                            ("lee", root / "kim" / "exercise1.py")):  # fmt: skip
        (root / student).mkdir()
        (root / student / "exercise1.py").symlink_to(target)
    (root / "mina").mkdir()  # a hard link, as an archive extracted without care may make one
    os.link(tmp_path / "secret.txt", root / "mina" / "exercise1.py")
    out = tmp_path / "out"
    result = grade(str(root), "-o", str(out))
    # The hard link is mina's file, yet not read: listed, and her row has no score (never a grader fault
    # that `--resume` would meet again).
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert set(book) == {"kim", "mina", "choi", "park", "lee"} and book["kim"]["exercise1"] == "11"
    assert book["mina"]["exercise1"] == "" and book["mina"]["status"] == "unread"
    assert {book[s]["status"] for s in ("choi", "park", "lee")} == {"unread"}  # handed in a link: no score
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    assert secret not in written and "PATH=" not in written
    left = json.loads((out / "discovery.json").read_text(encoding="utf-8"))["unattributed"]
    assert sorted((name, reason) for name, reason, _ in left) == [
        ("choi/exercise1.py", "grade.link"), ("lee/exercise1.py", "grade.link"),
        ("mina/exercise1.py", "grade.hard_link"), ("park/exercise1.py", "grade.link"),
    ]  # fmt: skip


def test_a_hard_link_to_a_classmates_file_costs_the_classmate_no_grade_run_after_run(tmp_path):
    """In a class folder students can write, one links a classmate's file into their own folder: both
    names are listed, neither row gets a score nor a grader fault, and the rest of the class is graded."""
    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1, "bob/exercise1.py": GOOD_1 + "# bob\n"})
    (root / "eve").mkdir()
    os.link(root / "bob" / "exercise1.py", root / "eve" / "exercise1.py")
    out = tmp_path / "out"
    for again in ((), ("--resume",)):
        result = grade(str(root), "-o", str(out), *again)
        assert result.exit_code == 0, result.output
        book = gradebook(out)
        assert book["kim"]["total"] == "11" and book["bob"]["status"] == book["eve"]["status"] == "unread"
    left = json.loads((out / "discovery.json").read_text(encoding="utf-8"))["unattributed"]
    assert sorted(name for name, reason, _ in left if reason == "grade.hard_link") == [
        "bob/exercise1.py",
        "eve/exercise1.py",
    ]


def test_a_file_that_cannot_be_read_is_listed_and_the_class_is_graded(tmp_path, monkeypatch):
    import checker.files

    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1, "lee/exercise1.py": GOOD_1})
    real = checker.files.read_regular

    def failing(path, *args, **kwargs):  # as a bad disk or a network file system may
        if "lee" in str(path):
            raise OSError(errno.EIO, "Input/output error", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(checker.files, "read_regular", failing)
    found = discover(root)
    assert [s.student for s in found.submissions] == ["kim"]
    assert found.unattributed == [("lee/exercise1.py", "grade.unreadable")]


GOOD_2 = (
    "import numpy as np\ndef lstm_step(x, prev_h, prev_c, W, U, b):\n    z = x @ W.T + prev_h @ U.T + b\n"
    "    a, i, f, o = np.split(z, 4, axis=1)\n    s = lambda v: 1 / (1 + np.exp(-v))\n"
    "    c = s(i) * np.tanh(a) + s(f) * prev_c\n    return c, s(o) * np.tanh(c)\n"
)


def test_an_exercise_whose_file_cannot_be_read_is_no_grade_nor_a_file_not_handed_in(tmp_path, monkeypatch):
    """lee's exercise 1 cannot be read (a disk's error, a file the grader's user may not read); his
    exercise 2 is graded. His row has no grade (never his other exercise's score as the whole, nor a
    zero for a file he handed in), no Gradescope file or feedback says otherwise, and once the file can
    be read, --resume grades it."""
    import checker.files

    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1, "kim/exercise2.py": GOOD_2,
                                      "lee/exercise1.py": GOOD_1, "lee/exercise2.py": GOOD_2})  # fmt: skip
    real = checker.files.read_regular

    def failing(path, *args, **kwargs):
        if Path(path).parts[-2:] == ("lee", "exercise1.py"):
            raise OSError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(checker.files, "read_regular", failing)
    found = discover(root)
    assert [(s.student, s.exercise) for s in found.submissions] == [("kim", 1), ("kim", 2), ("lee", 2)]
    assert found.unread == ["lee"]
    out = tmp_path / "out"
    result = grade(str(root), "-o", str(out))
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert book["kim"]["status"] == "ok" and book["kim"]["total"] == "21"
    assert book["lee"]["status"] == "unread"
    assert (book["lee"]["exercise1"], book["lee"]["exercise2"], book["lee"]["total"]) == ("", "10", "")
    assert not list((out / "gradescope").glob("lee*")) and not list((out / "feedback").glob("lee*"))
    assert list((out / "gradescope").glob("kim*")) and list((out / "feedback").glob("kim*"))
    assert "lee/exercise1.py" in (out / "report.md").read_text(encoding="utf-8")
    monkeypatch.setattr(checker.files, "read_regular", real)  # the file can be read now
    again = grade(str(root), "-o", str(out), "--resume")
    assert again.exit_code == 0, again.output
    book = gradebook(out)
    assert (book["lee"]["status"], book["lee"]["total"]) == ("ok", "21")
    assert list((out / "gradescope").glob("lee*")) and list((out / "feedback").glob("lee*"))


def test_a_file_read_and_judged_no_submission_leaves_no_exercise_unread(tmp_path):
    """A text file named like an exercise is another kind of file, judged so: the student's row is
    graded on what they handed in as code."""
    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1, "kim/exercise2.txt": "my notes\n"})
    found = discover(root)
    assert found.unread == [] and ("kim/exercise2.txt", "grade.not_python") in found.unattributed


def test_a_file_replaced_after_it_was_found_is_the_graders_fault_not_the_students(tmp_path):
    """Graded is what was found: a file made a link (or changed) while the class is graded is not read
    through the link; the run says the grader could not grade it, and --resume grades it again."""
    from checker.batch.discover import ChangedSinceFound, found_bytes

    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1})
    (submission,) = discover(root).submissions
    path = root / "kim" / "exercise1.py"
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere.py")
    (tmp_path / "elsewhere.py").write_text(GOOD_1, encoding="utf-8")
    with pytest.raises(OSError):
        found_bytes(submission)
    path.unlink()
    path.write_text(ELEMENTWISE_1, encoding="utf-8")
    with pytest.raises(ChangedSinceFound):
        found_bytes(submission)
    path.write_text(GOOD_1, encoding="utf-8")
    assert found_bytes(submission) == GOOD_1.encode()


def test_a_folder_that_may_not_be_read_is_passed_over(tmp_path, monkeypatch):
    root = write(tmp_path / "class", {"alice/exercise1.py": GOOD_1, "bob/exercise1.py": GOOD_1})
    scandir = os.scandir

    def refused(path):  # as for a folder without read permission (root may read any)
        if Path(path).name == "bob":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refused)
    assert [s.student for s in discover(root).submissions] == ["alice"]


def zipped(tmp_path: Path, members: list[tuple[str, str]]) -> Path:
    path = tmp_path / "class.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a name written twice
        with zipfile.ZipFile(path, "w") as zf:
            for name, text in members:
                zf.writestr(name, text)
    return path


def test_zip_members_that_cannot_be_written_are_listed_and_the_class_is_graded(tmp_path):
    """A name longer than a file system allows (a Canvas prefix and a long Korean file name), a file
    and a folder of one name, and one name twice: the long name is graded, each member that cannot
    be written under its name is listed as not graded (the first of one name is kept), and the rest
    of the class is graded."""
    long = "kim_1001_5001_" + "기울기클리핑" * 16 + "_exercise1.py"
    assert len(long.encode("utf-8")) > 255
    archive = zipped(tmp_path, [
        (long, GOOD_1),
        ("alice", "a file named like a folder\n"),
        ("alice/exercise1.py", GOOD_1),
        ("bob/exercise1.py", GOOD_1),
        ("bob/exercise1.py", ELEMENTWISE_1),
        ("carol/exercise1.py", GOOD_1),
        ("carol", "a file named like a folder\n"),
        ("dave/exercise1.py", GOOD_1),
    ])  # fmt: skip
    out = tmp_path / "out"
    result = grade(str(archive), "-o", str(out))
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert {s: row["exercise1"] for s, row in book.items()} == {
        "alice": "",  # her file could not be written: handed in, not graded (never "missing")
        "kim": "11",
        "bob": "11",
        "carol": "11",
        "dave": "11",
    }
    left = json.loads((out / "discovery.json").read_text(encoding="utf-8"))["unattributed"]
    assert sorted((name, reason) for name, reason, _ in left) == [
        ("alice", "grade.not_python"), ("alice/exercise1.py", "grade.zip_clash"),
        ("bob/exercise1.py", "grade.zip_clash"), ("carol", "grade.zip_clash"),
    ]  # fmt: skip


def test_a_moodle_name_that_spells_another_students_id_is_not_theirs(tmp_path):
    """Moodle names a folder `<full name>_<id>_assignsubmission_file_`, and a student may choose a full
    name that ends like a classmate's whole folder name: the folder is still theirs (Moodle's own mark
    ends the name), never the classmate's, and a flat file whose name holds the mark twice is nobody's."""
    root = write(tmp_path / "class", {
        "Minsu Kim_1001_assignsubmission_file_/exercise1.py": GOOD_1,
        "Minsu Kim_1001_assignsubmission_file__1009_assignsubmission_file_/exercise1-9.py": ELEMENTWISE_1,
        "Bob Lee_1002_assignsubmission_file_exercise1.py": GOOD_1,
        "Bob Lee_1002_assignsubmission_file__1010_assignsubmission_file_exercise1.py": ELEMENTWISE_1,
        # a file's own name after Moodle's mark, spelling a mark that ends the name: still nobody's
        "Carol Park_1004_assignsubmission_file__1003_assignsubmission_file_.py": ELEMENTWISE_1,
    })  # fmt: skip
    found = discover(root)
    graded = {(s.student, s.lms_id): s.name for s in found.submissions}
    assert graded == {
        ("Bob Lee", "1002"): "Bob Lee_1002_assignsubmission_file_exercise1.py",
        ("Minsu Kim", "1001"): "Minsu Kim_1001_assignsubmission_file_/exercise1.py",
        ("Minsu Kim_1001_assignsubmission_file_", "1009"):
            "Minsu Kim_1001_assignsubmission_file__1009_assignsubmission_file_/exercise1-9.py",
    }  # fmt: skip
    assert found.unattributed == [
        ("Bob Lee_1002_assignsubmission_file__1010_assignsubmission_file_exercise1.py", "grade.ambiguous_name"),
        ("Carol Park_1004_assignsubmission_file__1003_assignsubmission_file_.py", "grade.ambiguous_name"),
    ]  # fmt: skip
    assert not found.duplicates and not found.attempts


def test_a_name_typed_as_the_grader_writes_a_classmates_is_never_that_classmate(tmp_path):
    """Two people of one name are told apart by their LMS id ("Bob Lee (123)"), and a name with an
    invisible character is shown escaped with a hash ("Kim\\xa0Minsu~0740b15e"): a student whose LMS
    name is that very text, handing in another exercise, is their own row with their own grade."""
    from checker.inert import identity

    disguised = identity("Kim\u00a0Minsu")
    root = write(tmp_path / "class", {
        "Bob Lee_123_assignsubmission_file_/exercise1.py": GOOD_1,
        "Bob Lee_456_assignsubmission_file_/exercise1.py": ELEMENTWISE_1,
        "Bob Lee (123)_789_assignsubmission_file_/exercise2.py": "def lstm_step(x, h, c, W, U, b):\n    pass\n",
        "Kim\u00a0Minsu_321_assignsubmission_file_/exercise1.py": GOOD_1,
        f"{disguised}_987_assignsubmission_file_/exercise2.py": "def lstm_step(x, h, c, W, U, b):\n    pass\n",
    })  # fmt: skip
    found = discover(root)
    owners = {(s.student, s.exercise): s.lms_id for s in found.submissions}
    assert len(set(found.students)) == 5 and len({s for s, _ in owners}) == 5
    assert owners[("Bob Lee (123)", 1)] == "123" and ("Bob Lee (123)", 2) not in owners
    assert owners[(disguised, 1)] == "321" and (disguised, 2) not in owners
    out = tmp_path / "out"
    roster = tmp_path / "participants.csv"
    roster.write_text(
        "First name,Last name,ID number,Email address\nBob,Lee,,bob123@x.edu\nBob,Lee,,bob456@x.edu\n"
        "Bob,Lee (123),,mallory@x.edu\n",
        encoding="utf-8",
    )
    result = grade(
        str(root), "-o", str(out), "--roster", str(roster), "--format", "csv", "--format", "moodle"
    )
    assert result.exit_code == 0, result.output
    rows = gradebook(out)
    assert rows["Bob Lee (123)"]["total"] == "11" and rows["Bob Lee (123)"]["lms_id"] == "123"
    mallory = [r for r in rows.values() if r["lms_id"] == "789"]
    assert len(mallory) == 1 and mallory[0]["total"] == "0" and mallory[0]["student"] != "Bob Lee (123)"
    moodle = list(csv.reader(io.StringIO((out / "moodle.csv").read_text(encoding="utf-8"))))
    assert [row[-1] for row in moodle if "mallory@x.edu" in row] == ["0"]


def test_a_dot_folder_with_python_files_is_listed_and_its_student_unread_not_missing(tmp_path):
    """`pat/.solution/exercise1.py` or a student folder named `.quinn`: never dropped unsaid. The folders
    tools make (.git, .ipynb_checkpoints, ...) are passed over."""
    root = write(tmp_path / "class", {
        "kim/exercise1.py": GOOD_1,
        "kim/.ipynb_checkpoints/exercise1-checkpoint.py": GOOD_1,
        "kim/.git/hooks/post-commit.py": "print()\n",
        "pat/.solution/exercise1.py": GOOD_1,
        ".quinn/exercise1.py": GOOD_1,
        "lee/.notes/readme.txt": "nothing handed in here\n",
        "lee/exercise1.py": ELEMENTWISE_1,
    })  # fmt: skip
    found = discover(root)
    assert sorted(found.unattributed) == [
        (".quinn", "grade.hidden_folder"),
        ("pat/.solution", "grade.hidden_folder"),
    ]
    assert found.unread == [".quinn", "pat"] and {s.student for s in found.submissions} == {"kim", "lee"}
    out = tmp_path / "out"
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\nkim\nlee\npat\n.quinn\n", encoding="utf-8")
    assert grade(str(root), "-o", str(out), "--roster", str(roster)).exit_code == 0
    rows = gradebook(out)
    assert rows["pat"]["status"] == rows[".quinn"]["status"] == "unread" and rows["pat"]["total"] == ""


def test_a_roster_record_ends_only_at_a_line_break(tmp_path):
    """A name holding a character str.splitlines breaks at (a file separator, U+2028) is one person."""
    from checker.batch.discover import read_people

    roster = tmp_path / "roster.csv"
    roster.write_text(
        "First name,Last name,ID number,Email address\r\n"
        "Mallory\x1cMinsu,Kim,2024009,mallory@example.edu\r\n"
        "Ann\u2028Lee,Park,2024010,ann@example.edu\r\n"
        "Minsu,Kim,2024001,minsu@example.edu\r\n",
        encoding="utf-8",
    )
    people = read_people(roster)
    assert [p.id_number for p in people] == ["2024009", "2024010", "2024001"]


def test_similarity_reads_only_the_bytes_that_were_found(tmp_path):
    """A file replaced after discovery (by a pipe, which would block a plain open, or by a link to a
    file the grader may read) is left out of the comparison: similarity never quotes what it was not
    given to compare."""
    from checker.batch.similarity import read_documents

    root = write(
        tmp_path / "class",
        {"kim/exercise1.py": GOOD_1, "lee/exercise1.py": GOOD_1, "min/exercise1.py": GOOD_1},
    )
    found = discover(root).submissions
    (root / "lee" / "exercise1.py").unlink()
    os.mkfifo(root / "lee" / "exercise1.py")
    (tmp_path / "secret.txt").write_text("x = 'Course-Secret-0123456789'\n", encoding="utf-8")
    (root / "min" / "exercise1.py").unlink()
    (root / "min" / "exercise1.py").symlink_to(tmp_path / "secret.txt")
    documents = read_documents(found)
    assert [d.student for d in documents] == ["kim"]


def test_resuming_a_run_graded_with_a_given_secret_needs_it_again(tmp_path):
    """Without the secret the run was graded with (none saved: the instructor gave it), a new random
    one would grade every file again against other hidden cases: refused in one line instead."""
    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1})
    out = tmp_path / "out"
    assert grade(str(root), "-o", str(out)).exit_code == 0
    line = one_line_error(run("grade", str(root), "-o", str(out), "--resume", "-j", "1"))
    assert "--seed" in line and "LSTM_QUIZ_SECRET" in line
    assert grade(str(root), "-o", str(out), "--resume").exit_code == 0


@pytest.mark.parametrize(
    "tail",
    [
        "x = 1" + "+1" * 20000,
        "x = " + "-" * 20000 + "1",
    ],  # too deep for Python's parser: RecursionError, MemoryError
)
def test_a_file_too_deeply_nested_to_parse_is_its_students_error_and_the_class_is_graded(tmp_path, tail):
    # another exercise's function named in a comment: the file is parsed to tell which exercise it is
    cls = write(
        tmp_path / "class",
        {"kim/exercise1.py": GOOD_1, "eve/exercise1.py": GOOD_1 + "# lstm_step\n" + tail + "\n"},
    )
    result = grade(str(cls), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    rows = gradebook(tmp_path / "out")
    assert rows["kim"]["total"] == "11" and rows["eve"]["status"] == "error" and rows["eve"]["total"] == "0"
    checked = run("check", str(cls / "eve" / "exercise1.py"), "--lang", "en")
    assert checked.exit_code == 1 and "Syntax error" in checked.output
    assert (
        "RecursionError" in checked.output or "recursion" in checked.output or "MemoryError" in checked.output
    )


def test_a_coding_declaration_is_never_obeyed_while_finding_the_exercise():
    """The file's decoding is decided before (`punycode`, say, is refused: Python's tokenizer would decode
    with it in quadratic time). A codec of the test's own shows whether the parse obeyed the line."""
    import codecs

    from checker.specs.registry import Registry

    other = "def lstm_step(x, h, c, W, U, b):\n    return c, h\n"

    class Reader(codecs.StreamReader):
        def decode(self, data, errors="strict"):
            return other, len(data)

    def search(name):
        if name != "lq_other_program":
            return None
        return codecs.CodecInfo(
            name=name,
            encode=lambda text, errors="strict": (text.encode(), len(text)),
            decode=lambda data, errors="strict": (other, len(data)),
            streamreader=Reader,
        )

    codecs.register(search)
    try:
        data = b"# coding: lq_other_program\ndef gradient_clipping(g, t):\n    return g\n# lstm_step\n"
        assert Registry().detect(data, "exercise1.py") == 1
        assert Registry().detect(data, "solution.py") == 1
    finally:
        codecs.unregister(search)


BIG = GOOD_1.encode() + b"#" * 1_100_000  # past a file's size limit: left out of the extraction


@pytest.mark.parametrize(
    "members",
    [
        {
            "Bob Lee_123_assignsubmission_file_/Alice Kim_456_assignsubmission_file_/exercise1.py": GOOD_1.encode()
        },
        {
            "Bob Lee_123_assignsubmission_file_/Alice Kim_456_assignsubmission_file_/exercise1.py": GOOD_1.encode(),
            "Carol Park_789_assignsubmission_file_/exercise1.py": BIG,  # never written: no folder of hers
        },
    ],
)
def test_a_zip_of_one_students_folder_is_that_students_not_a_wrapper(tmp_path, members):
    """Moodle's download of one student, or one whose classmates' files were all left out: the top
    folder, an LMS student's, is that student, whatever folders they made inside it."""
    out = tmp_path / "out"
    result = grade(str(zipped(tmp_path, list(members.items()))), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = gradebook(out)
    assert rows["Bob Lee"]["total"] == "11" and rows["Bob Lee"]["lms_id"] == "123" and "Alice Kim" not in rows


def test_a_zip_that_wraps_the_class_in_one_folder_is_still_unwrapped(tmp_path):
    members = {"lab1/kim/exercise1.py": GOOD_1.encode(), "lab1/lee/exercise1.py": ELEMENTWISE_1.encode()}
    out = tmp_path / "out"
    assert grade(str(zipped(tmp_path, list(members.items()))), "-o", str(out)).exit_code == 0
    assert set(gradebook(out)) == {"kim", "lee"}


def test_two_people_of_one_name_stay_two_when_one_handed_in_only_what_is_not_graded(tmp_path):
    members = {
        "leebob_111_900_exercise1.py": GOOD_1.encode(),
        "leebob_222_901_exercise1.py": BIG,
        "parkcarol_333_902_exercise1.py": GOOD_1.encode(),
    }
    out = tmp_path / "out"
    assert grade(str(zipped(tmp_path, list(members.items()))), "-o", str(out)).exit_code == 0
    rows = gradebook(out)
    assert rows["leebob (111)"]["total"] == "11" and rows["leebob (222)"]["status"] == "unread"


def test_a_zip_of_more_files_than_any_class_is_one_line_and_status_2(tmp_path, monkeypatch):
    from checker.batch import discover as module

    monkeypatch.setattr(module, "MAX_ZIP_FILES", 3)
    archive = zipped(tmp_path, [(f"s{k}/exercise1.py", GOOD_1) for k in range(4)])
    result = grade(str(archive), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "more than 3 files" in result.output


def test_a_long_file_is_read_for_its_def_lines_never_parsed(monkeypatch):
    """Python 3.11 parses an f-string's fields in quadratic time (a megabyte of them: a minute): a file
    longer than any exercise is never handed to the parser in the grader's process."""
    from checker.specs import registry as module

    def refused(*args, **kwargs):
        raise AssertionError("parsed")

    long = "# é\n" + GOOD_1 + "# lstm_step\nx = f'" + "{a}" * 6_000 + "'\n"
    assert len(long) > module.PARSE_LIMIT
    monkeypatch.setattr(module, "_defining", refused)
    assert module.Registry().detect(long.encode(), "solution.py") == 1


@pytest.mark.parametrize(
    ("members", "students"),
    [
        (  # Canvas's download unzipped, then zipped again as its folder
            {
                "submissions/leebob_111_900_exercise1.py": GOOD_1,
                "submissions/parkcarol_333_902_exercise1.py": GOOD_1,
            },
            {"leebob", "parkcarol"},
        ),
        (
            {"ML_2024_09_hw1/kim/exercise1.py": GOOD_1, "ML_2024_09_hw1/lee/exercise1.py": GOOD_1},
            {"kim", "lee"},
        ),
        (
            {
                "outer/inner/Kim Minsu_101_assignsubmission_file_/exercise1.py": GOOD_1,
                "outer/inner/Bob Lee_102_assignsubmission_file_/exercise1.py": GOOD_1,
            },
            {"Kim Minsu", "Bob Lee"},
        ),
        (  # the instructor's own file beside the students' folders
            {
                "Lab 1/grade_helper.py": "print()\n",
                "Lab 1/Alice Kim_101_assignsubmission_file_/exercise1.py": GOOD_1,
                "Lab 1/Bob Lee_102_assignsubmission_file_/exercise1.py": GOOD_1,
            },
            {"Alice Kim", "Bob Lee"},
        ),
        (
            {"class/solution.py": GOOD_1, "class/kim/exercise1.py": GOOD_1, "class/lee/exercise1.py": GOOD_1},
            {"kim", "lee"},
        ),
        ({"class/kim/lab1/exercise1.py": GOOD_1}, {"kim"}),  # a student's own folders
        ({"class/kim/my_exercise1.py": GOOD_1}, {"kim"}),
        ({"class/kim/lee_exercise1.py": GOOD_1}, {"kim"}),  # never the classmate's
        ({"가" * 90 + "/kim/exercise1.py": GOOD_1, "가" * 90 + "/bob/exercise1.py": BIG}, {"kim", "bob"}),
        ({"lab1/kim_exercise1.py": GOOD_1, "__MACOSX/lab1/._kim_exercise1.py": "x"}, {"kim"}),
        ({"kim/exercise1.py": GOOD_1}, {"kim"}),  # one student zipped alone
        ({"class/kim/exercise1.py": BIG, "class/lee/exercise1.py": BIG}, {"kim", "lee"}),  # all left out
    ],
)
def test_the_folders_a_zip_wraps_its_class_in_are_never_a_student(tmp_path, members, students):
    out = tmp_path / "out"
    result = grade(str(zipped(tmp_path, list(members.items()))), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert set(gradebook(out)) == students


NOTEBOOK_1 = json.dumps(
    {
        "cells": [{"cell_type": "code", "source": GOOD_1, "metadata": {}, "outputs": []}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip
)


@pytest.mark.parametrize(
    ("members", "students"),
    [
        # one student's zip, with folders of their own beside their files
        ({"kim/exercise1.py": GOOD_1, "kim/data/input.csv": "1,2\n"}, {"kim"}),
        ({"kim/exercise1.py": GOOD_1, "kim/utils/helpers.py": "x = 1\n"}, {"kim"}),
        ({"kim/exercise1.py": GOOD_1, "kim/venv/lib/site-packages/six.py": "x = 1\n"}, {"kim"}),
        # one student's zip, with files of their own that read like another's name
        ({"kim/Copy of exercise1.ipynb": NOTEBOOK_1, "kim/exercise2.py": "x = 1\n"}, {"kim"}),
        ({"kim/exercise1.py": GOOD_1, "kim/test_exercise1.py": "x = 1\n"}, {"kim"}),
        ({"kim/exercise1.py": GOOD_1, "kim/old_exercise1.py": GOOD_1}, {"kim"}),
        ({"kim/exercise1.py": GOOD_1, "kim/._exercise1.py": "\x00\x05"}, {"kim"}),  # macOS's shadow
        ({"kim/exercise1_2024_03_15.py": GOOD_1}, {"kim"}),  # a date, not a Canvas user id
        ({"class/kim/exercise1_2024_03_15.py": GOOD_1}, {"kim"}),
        # a class wrapped in two plain folders, or beside a file that is no submission
        ({"CS101/lab1/kim/exercise1.py": GOOD_1, "CS101/lab1/lee/exercise1.py": GOOD_1}, {"kim", "lee"}),
        ({"CS101/lab1/kim_exercise1.py": GOOD_1, "CS101/lab1/lee_exercise1.py": GOOD_1}, {"kim", "lee"}),
        (
            {"Lab 1/kim/exercise1.py": GOOD_1, "Lab 1/lee/exercise1.py": GOOD_1, "Lab 1 rubric.pdf": "%"},
            {"kim", "lee"},
        ),  # fmt: skip
        ({"class/kim/src/exercise1.py": GOOD_1}, {"kim"}),  # a student's own folder, one wrapper deep
        ({"kim/src/exercise1.py": GOOD_1}, {"kim"}),
        ({"kim/Copy of exercise1.ipynb": NOTEBOOK_1}, {"kim"}),  # Colab's name for a copy
        # an instructor's files beside students whose files are named by neither
        (
            {"class/solution.py": GOOD_1, "class/kim/main.py": GOOD_1, "class/lee/main.py": GOOD_1},
            {"kim", "lee"},
        ),
        (
            {
                "class/exercise1.py": GOOD_1,
                "class/kim_exercise1.py": GOOD_1,
                "class/lee_exercise1.py": GOOD_1,
            },
            {"kim", "lee"},
        ),  # fmt: skip
        # one student's copies and folders of their own
        (
            {"kim/exercise1.py": GOOD_1, "kim/old/exercise1.py": GOOD_1, "kim/backup/exercise1.py": GOOD_1},
            {"kim"},
        ),  # fmt: skip
        (
            {
                "kim/exercise1.py": GOOD_1,
                "kim/tests/test_exercise1.py": "x = 1\n",
                "kim/venv/latex.py": "x = 1\n",
            },
            {"kim"},
        ),  # fmt: skip
        ({"kim/exercise1/exercise1.py": GOOD_1, "kim/exercise2/exercise2.py": "x = 1\n"}, {"kim"}),
        ({"kim/src/exercise1.py": GOOD_1, "kim/utils/helpers.py": "x = 1\n"}, {"kim"}),
        ({"hw/kim/src/exercise1.py": GOOD_1, "hw/kim/tests/test_it.py": "x = 1\n"}, {"kim"}),
        (
            {"Lab 1/exercise1.py": GOOD_1, "Lab 1/kim/main.py": GOOD_1, "Lab 1/lee/main.py": GOOD_1},
            {"kim", "lee"},
        ),  # a starter beside students whose files are named by neither  # fmt: skip
        ({"Lab 1/kim_exercise1.py": GOOD_1, "Lab 1/kim_exercise2.py": "x = 1\n"}, {"kim"}),  # a class of one
        (
            {"lab1/solution.py": GOOD_1, "lab1/kim_exercise1.py": GOOD_1, "lab1/lee_exercise1.py": GOOD_1},
            {"kim", "lee"},
        ),  # fmt: skip
        # a classmate who handed in only what is not graded is still a folder of the class
        ({"CS101/lab1/kim/exercise1.py": GOOD_1, "CS101/lab1/lee/exercise1.pdf": "%"}, {"kim", "lee"}),
    ],
)
def test_a_zip_reads_as_its_files_unzipped_would(tmp_path, members, students):
    out = tmp_path / "out"
    result = grade(str(zipped(tmp_path, list(members.items()))), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert set(gradebook(out)) == students


@pytest.mark.parametrize(
    "other",
    ["kim/old/exercise1.py", "kim/tests/test_exercise1.py", "kim/zz/exercise1.py", "kim/zexercise1.py"],
)
def test_of_two_files_as_new_the_students_own_is_graded_not_a_copy(tmp_path, other):
    """A zip made in one go gives every file one date: the file at the top of the student's folder, under
    the exercise's own name, is graded, not a copy in a folder of theirs or a test file."""
    out = tmp_path / "out"
    archive = tmp_path / "kim.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # one date for both, as a zip made in one second has
        zf.writestr(zipfile.ZipInfo("kim/exercise1.py", (2024, 3, 15, 10, 0, 0)), GOOD_1)
        zf.writestr(zipfile.ZipInfo(other, (2024, 3, 15, 10, 0, 0)), ELEMENTWISE_1)
    result = grade(str(archive), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert gradebook(out)["kim"]["total"] == "11"


@pytest.mark.parametrize("extra", ["solution.py", "exercise1.py", "CS101 rubric.pdf"])
def test_a_file_of_no_ones_beside_the_class_folder_is_listed_and_the_class_unwrapped(tmp_path, extra):
    archive = zipped(
        tmp_path, [(extra, GOOD_1), ("class/kim/exercise1.py", GOOD_1), ("class/lee/main.py", GOOD_1)]
    )
    given = Input(archive)
    with given as root:
        found = discover(root, left_out=given.skipped)
    assert {s.student for s in found.submissions} == {"kim", "lee"}
    assert (extra, "grade.beside_class") in found.unattributed


def test_a_students_file_beside_a_folder_keeps_the_zip_top_the_class(tmp_path):
    archive = zipped(tmp_path, [("kim_exercise1.py", GOOD_1), ("class/lee/exercise1.py", GOOD_1)])
    with Input(archive) as root:
        found = discover(root)
    assert {s.student for s in found.submissions} == {"kim", "class"}


def test_a_copy_planted_beside_a_students_folder_is_never_graded_for_them(tmp_path):
    """As new as the student's own file (a zip made in one go): the flat `kim-ex1.py` beside kim's
    folder is set aside, and kim's `exercise1.py` graded."""
    out = tmp_path / "out"
    archive = tmp_path / "class.zip"
    when = (2024, 3, 15, 10, 0, 0)
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("class/kim/exercise1.py", when), GOOD_1)
        zf.writestr(zipfile.ZipInfo("class/lee/exercise1.py", when), GOOD_1)
        zf.writestr(zipfile.ZipInfo("class/kim-ex1.py", when), ELEMENTWISE_1)
    result = grade(str(archive), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert gradebook(out)["kim"]["total"] == "11"


@pytest.mark.parametrize(
    ("members", "students"),
    [
        (
            {
                "solution.py": GOOD_1,
                "CS101/lab1/kim/exercise1.py": GOOD_1,
                "CS101/lab1/lee/exercise1.py": GOOD_1,
            },
            {"kim", "lee"},
        ),  # fmt: skip
        (
            {
                "CS101/solution.py": GOOD_1,
                "CS101/lab1/kim/exercise1.py": GOOD_1,
                "CS101/lab1/lee/main.py": GOOD_1,
            },
            {"kim", "lee"},
        ),  # fmt: skip
        (
            {
                "class/solution_exercise1.py": GOOD_1,
                "class/kim/exercise1.py": GOOD_1,
                "class/lee/main.py": GOOD_1,
            },
            {"kim", "lee"},
        ),  # an instructor's file whose name reads like a student's  # fmt: skip
    ],
)
def test_the_instructors_files_beside_a_class_wrapped_twice_leave_it_the_class(tmp_path, members, students):
    out = tmp_path / "out"
    result = grade(str(zipped(tmp_path, list(members.items()))), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert set(gradebook(out)) == students


def test_a_students_loose_files_beside_a_folder_of_parts_are_not_a_class(tmp_path):
    members = [("notebook.ipynb", NOTEBOOK_1), ("lab/part1/x.py", "x = 1\n"), ("lab/part2/y.py", "y = 1\n")]
    given = Input(zipped(tmp_path, members))
    with given as root:
        found = discover(root, left_out=given.skipped)
    assert not {"part1", "part2"} & set(found.students)


def test_a_hidden_file_named_by_exercise_names_no_student(tmp_path):
    root = write(tmp_path / "class", {".exercise1.py": GOOD_1, "kim/exercise1.py": GOOD_1})
    found = discover(root)
    assert set(found.students) == {"kim"} and "." not in found.unread


def test_a_hidden_file_beside_the_class_folder_is_listed(tmp_path):
    members = [
        (".kim_exercise1.py", GOOD_1),
        ("class/kim/exercise1.py", GOOD_1),
        ("class/lee/exercise1.py", GOOD_1),
    ]
    given = Input(zipped(tmp_path, members))
    with given as root:
        found = discover(root, left_out=given.skipped)
    assert (".kim_exercise1.py", "grade.beside_class") in found.unattributed


def test_western_names_in_a_zip_of_windows_own_code_page_stay_latin(tmp_path):
    """Windows' own zip writes `Jörg` in CP437, whose bytes also read as Shift-JIS (`J排g`): a lone
    wide character against Latin letters is an accented letter read in the wrong code page."""
    archive = tmp_path / "class.zip"
    names = ("Jörg", "Raphaël", "Hélène", "Åsa")
    with zipfile.ZipFile(archive, "w") as zf:
        for student in names:
            zf.writestr(RawName(f"{student}/exercise1.py".encode("cp437")), GOOD_1)
    with Input(archive) as root:
        found = discover(root)
    assert {s.student for s in found.submissions} == set(names)


@pytest.mark.parametrize(
    ("paths", "encoding"),
    [
        (("A組/山田/exercise1.py", "A組/田中/exercise1.py"), "cp932"),
        (("1年A組/山田/exercise1.py", "1年A組/田中/exercise1.py"), "cp932"),
        (("김A/exercise1.py", "김민수/exercise1.py", "3학년A반/exercise1.py"), "cp949"),
    ],
)
def test_a_korean_or_japanese_name_beside_a_latin_letter_stays_itself(tmp_path, paths, encoding):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in paths:
            zf.writestr(RawName(path.encode(encoding)), GOOD_1)
    with zipfile.ZipFile(archive) as zf:
        assert member_names(zf.infolist()) == list(paths)


def test_a_zip_from_one_machine_reads_every_name_in_its_code_page(tmp_path):
    """Japanese Windows: 髙 and 邊 are also Korean hanja, but 課題 is not; each student is one row."""
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for student in ("髙橋", "渡邊"):
            zf.writestr(RawName(f"{student}/exercise1.py".encode("cp932")), GOOD_1)
            zf.writestr(RawName(f"{student}/課題2.py".encode("cp932")), "x = 1\n")
    out = tmp_path / "out"
    result = grade(str(archive), "-o", str(out))
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert set(book) == {"髙橋", "渡邊"} and book["髙橋"]["exercise1"] == "11"


def test_a_zip_of_a_path_thousands_of_folders_deep_is_listed_not_a_crash(tmp_path):
    members = [("a/" * 1500 + "s0/exercise1.py", GOOD_1), ("kim/exercise1.py", GOOD_1)]
    out = tmp_path / "out"
    result = grade(str(zipped(tmp_path, members)), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert gradebook(out)["kim"]["total"] == "11"


def test_a_file_with_a_syntax_error_is_still_told_by_the_function_it_defines(tmp_path):
    """`solution.py` with an unclosed bracket: exercise 1 by its def line, so the student is told of the
    syntax error, not that the file defines none of the exercises' functions."""
    path = tmp_path / "solution.py"
    path.write_text(
        "import numpy as np\ndef gradient_clipping(grad, threshold):\n    return grad(\n", "utf-8"
    )
    result = run("check", str(path), "--lang", "en")
    assert result.exit_code == 1 and "Syntax error on line 3" in result.output


@pytest.mark.parametrize("kind", ["dangling link", "link to a file", "folder", "pipe", "device"])
def test_a_journal_that_is_no_regular_file_is_refused_before_anything_is_written(tmp_path, kind):
    """OUT/journal.jsonl as a link (a dangling one too), a folder, a pipe or a device: even with
    --force, nothing is created or touched through it, and the run says what to do in one line."""
    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1})
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    journal = out / "journal.jsonl"
    target = elsewhere / "target"
    if kind == "dangling link":
        journal.symlink_to(target)
    elif kind == "link to a file":
        target.write_text("mine\n", encoding="utf-8")
        os.utime(target, (1_000_000_000, 1_000_000_000))
        journal.symlink_to(target)
    elif kind == "folder":
        journal.mkdir()
    elif kind == "pipe":
        os.mkfifo(journal)
    else:
        journal.symlink_to("/dev/null")
    result = grade(str(root), "-o", str(out), "--force")
    line = one_line_error(result)
    assert "journal.jsonl is not a regular file" in line and "--resume" not in line
    assert sorted(p.name for p in elsewhere.iterdir()) == ([] if kind == "dangling link" else
                                                           ["target"] if "link" in kind else [])  # fmt: skip
    if kind == "link to a file":
        assert target.read_text(encoding="utf-8") == "mine\n" and target.stat().st_mtime == 1_000_000_000
