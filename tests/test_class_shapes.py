"""Classes as they really arrive, and as a hostile student can shape them: folders nested deeper than a
path may be, zips written on Windows (backslashes) or holding a bomb, two files for one exercise with
their dates in the zip, names spelled in two Unicode forms or with invisible characters, hidden files,
shards of two different classes, and `--resume` into a folder that holds no run. Each one is one
student's matter (listed, or graded as it should be), never the class's end, and nothing of the
user's is replaced unasked."""

from __future__ import annotations

import json
import unicodedata
import zipfile
from pathlib import Path

import pytest
from test_grade_inputs import ELEMENTWISE_1, GOOD_1, SECRET, gradebook, one_line_error, run, write

from checker.batch import discover as discovering
from checker.batch.discover import Input, discover
from checker.inert import csv_cell, file_names, identity


def grade(*args: str):
    return run("grade", *args, "--seed", SECRET, "-j", "1", "--timeout", "3", "--format", "csv")


def left_out(out: Path) -> dict[str, str]:
    """What discovery.json lists as not graded: name -> reason key."""
    info = json.loads((out / "discovery.json").read_text(encoding="utf-8"))
    return {name: reason for name, reason, *_ in info["unattributed"]}


def scores(out: Path) -> dict[str, str]:
    return {student: row["exercise1"] for student, row in gradebook(out).items()}


def zipped(path: Path, members: list[tuple[zipfile.ZipInfo | str, str]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in members:
            archive.writestr(member, text)
    return path


# -- depth ---------------------------------------------------------------------------------------------


def test_a_zip_member_nested_a_thousand_folders_deep_is_listed_and_the_class_graded(tmp_path):
    deep = "alice/" + "a/" * 1000 + "exercise1.py"
    archive = zipped(tmp_path / "class.zip", [(deep, GOOD_1), ("bob/exercise1.py", GOOD_1)])
    out = tmp_path / "out"
    result = grade(str(archive), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert scores(out) == {"alice": "", "bob": "11"}
    assert gradebook(out)["alice"]["status"] == "unread"  # handed in, not graded: never "missing"
    assert list(left_out(out).values()) == ["grade.too_deep"]


def test_a_class_folder_deeper_than_a_path_may_be_is_listed_and_the_class_graded(tmp_path):
    root = write(tmp_path / "class", {"alice/exercise1.py": GOOD_1, "bob/exercise1.py": GOOD_1})
    import os

    fd = os.open(root / "alice", os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(60):  # 60 × 101 bytes: beyond PATH_MAX (4096), made one folder at a time
        os.mkdir("d" * 100, dir_fd=fd)
        fd, parent = os.open("d" * 100, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd), fd
        os.close(parent)
    os.close(fd)
    out = tmp_path / "out"
    result = grade(str(root), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert scores(out) == {"alice": "11", "bob": "11"}
    assert list(left_out(out).values()) == ["grade.too_deep"]


def test_a_folder_that_cannot_be_listed_for_any_reason_is_listed_not_the_end(tmp_path, monkeypatch):
    import errno
    import os

    root = write(tmp_path / "class", {"alice/exercise1.py": GOOD_1, "bob/exercise1.py": GOOD_1})
    scandir = os.scandir

    def refused(path):  # as for a path too long, or a folder on a failing disk
        if Path(path).name == "bob":
            raise OSError(errno.ENAMETOOLONG, "File name too long", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refused)
    found = discover(root)
    assert [s.student for s in found.submissions] == ["alice"]
    assert found.unattributed == [("bob", "grade.unreadable")]


# -- zips written elsewhere ------------------------------------------------------------------------------


def test_a_zip_written_on_windows_with_backslashes_gives_each_student_their_own_id(tmp_path):
    """PowerShell's Compress-Archive writes `alice\\exercise1.py`: the students are alice and bob (the
    roster's), not `alice\\` and `bob\\` beside two "missing" rows."""
    archive = zipped(
        tmp_path / "class.zip", [("alice\\exercise1.py", GOOD_1), ("bob\\sub\\exercise1.py", GOOD_1)]
    )
    roster = tmp_path / "roster.csv"
    roster.write_text("id\nalice\nbob\n", encoding="utf-8")
    out = tmp_path / "out"
    result = grade(str(archive), "-o", str(out), "--roster", str(roster))
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert {s: (row["exercise1"], row["status"]) for s, row in book.items()} == {
        "alice": ("11", "ok"),
        "bob": ("11", "ok"),
    }


def test_a_member_whose_path_leads_elsewhere_is_left_out_and_the_class_graded(tmp_path):
    """`..` (through a backslash too), an absolute path, a drive: never extracted, and never where it
    points, even back inside the class (mallory's `mallory/../alice/exercise1.py` is not alice's)."""
    archive = zipped(tmp_path / "class.zip", [
        ("mallory/../alice/exercise1.py", ELEMENTWISE_1),
        ("mallory\\..\\bob\\exercise1.py", ELEMENTWISE_1),
        ("..\\..\\escaped.py", GOOD_1),
        ("/etc/escaped.py", GOOD_1),
        ("C:\\escaped.py", GOOD_1),
        ("alice/exercise1.py", GOOD_1),
        ("bob/exercise1.py", GOOD_1),
        ("mallory/exercise1.py", GOOD_1),
    ])  # fmt: skip
    out = tmp_path / "out"
    result = grade(str(archive), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert scores(out) == {"alice": "11", "bob": "11", "mallory": "11"}
    assert sorted(left_out(out).values()) == ["grade.zip_unsafe_path"] * 5


def test_a_zip_bomb_member_is_listed_as_too_large_without_being_written(tmp_path, monkeypatch):
    """450 MB of zeros in a 450 KB zip: its size is known before it is read, so it is never written to
    the temporary folder (which may be memory, or small)."""
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("bob/exercise1.py", GOOD_1)
        with zf.open("mallory/exercise1.py", "w", force_zip64=True) as member:
            block = b"0" * (1 << 20)
            for _ in range(450):
                member.write(block)
        zf.writestr("mallory/notes.bin", b"1" * (50 << 20))  # not graded: only its name is needed
    assert archive.stat().st_size < 2_000_000
    written = []
    real = discovering._write_member

    def watched(zf, member, target, data=True):
        written.append((member.filename, data))
        return real(zf, member, target, data)

    monkeypatch.setattr(discovering, "_write_member", watched)
    with Input(archive) as root:
        sizes = {p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*") if p.is_file()}
        found = discover(root)
    assert written == [("bob/exercise1.py", True), ("mallory/notes.bin", False)]
    assert sizes == {"bob/exercise1.py": len(GOOD_1), "mallory/notes.bin": 0}
    assert [s.student for s in found.submissions] == ["bob"]


def test_of_two_files_for_one_exercise_the_newer_by_the_zips_dates_is_graded(tmp_path):
    """The final version stored first, an old draft after it: the date the zip records decides, not
    the order the members are extracted in."""
    final = zipfile.ZipInfo("alice/final.py", date_time=(2026, 12, 1, 10, 0, 0))
    draft = zipfile.ZipInfo("alice/old_draft.py", date_time=(2020, 1, 1, 10, 0, 0))
    archive = zipped(tmp_path / "class.zip", [(final, GOOD_1), (draft, ELEMENTWISE_1)])
    out = tmp_path / "out"
    result = grade(str(archive), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert scores(out) == {"alice": "11"}
    info = json.loads((out / "discovery.json").read_text(encoding="utf-8"))
    assert info["duplicates"] == [["alice/final.py", "alice/old_draft.py"]]


# -- names -----------------------------------------------------------------------------------------------


def graded_with_roster(tmp_path: Path, root: Path, *ids: str) -> dict:
    """The gradebook of `root` graded with a roster of `ids`."""
    roster = tmp_path / "roster.csv"
    roster.write_text("id\n" + "".join(f"{i}\n" for i in ids), encoding="utf-8")
    out = tmp_path / "out"
    result = grade(str(root), "-o", str(out), "--roster", str(roster))
    assert result.exit_code == 0, result.output
    return gradebook(out)


def test_a_name_in_two_unicode_forms_is_one_student_and_matches_the_roster(tmp_path):
    """macOS writes "José" decomposed (NFD): one student, one row, matched to the roster's José."""
    composed, decomposed = "José", unicodedata.normalize("NFD", "José")
    assert composed != decomposed
    root = write(
        tmp_path / "class", {f"{decomposed}_exercise1.py": GOOD_1, f"{composed}_exercise2.py": "x = 1\n"}
    )
    book = graded_with_roster(tmp_path, root, composed)
    assert list(book) == [composed]
    assert book[composed]["exercise1"] == "11" and book[composed]["status"] != "missing"


@pytest.mark.parametrize("layout", ["folders", "flat"])
def test_one_exercise_under_a_name_spelt_two_ways_is_graded_for_neither_and_both_are_listed(tmp_path, layout):
    """A classmate's folder (or file) named José in the other Unicode form, or in a flat folder Kim in
    another case, must not replace José's own file by being newer: neither is graded, both are listed,
    and the two listed names do not look alike. The other exercise is still José's."""
    import os

    if layout == "folders":
        one, other = "José", unicodedata.normalize("NFD", "José")
        own, twin = f"{one}/exercise1.py", f"{other}/exercise1.py"
        files = {own: GOOD_1, twin: "x = 1\n", f"{other}/exercise2.py": "x = 1\n"}
    else:
        one = "Kim"
        own, twin = "Kim_exercise1.py", "KIM_exercise1.py"
        files = {own: GOOD_1, twin: "x = 1\n", "kim_exercise2.py": "x = 1\n"}
    root = write(tmp_path / "class", files)
    later = os.stat(root / own).st_mtime + 60
    os.utime(root / twin, (later, later))  # the twin is the newer: it would have been graded
    out = tmp_path / "out"
    result = grade(str(root), "-o", str(out))
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert [name.casefold() for name in book] == [one.casefold()]  # a flat folder: spelt as first found
    row = next(iter(book.values()))
    assert row.get("exercise1", "") == "" and row["exercise2"] != ""
    listed = left_out(out)
    clashes = [name for name, reason in listed.items() if reason == "grade.name_clash"]
    assert len(clashes) == 2 and clashes[0] != clashes[1], listed
    info = json.loads((out / "discovery.json").read_text(encoding="utf-8"))
    assert info["duplicates"] == []


def test_a_roster_written_in_the_other_unicode_form_matches_its_students(tmp_path):
    composed, decomposed = "José", unicodedata.normalize("NFD", "José")
    root = write(tmp_path / "class", {f"{composed}/exercise1.py": GOOD_1})
    book = graded_with_roster(tmp_path, root, decomposed)
    assert list(book) == [composed] and book[composed]["exercise1"] == "11"


def test_flat_file_names_that_differ_only_in_case_are_one_student(tmp_path):
    """A student types their name on each file: Kim_exercise1.py and kim_exercise2.py are one row,
    with both exercises, spelt as first found; a folder per student keeps names as they are."""
    root = write(tmp_path / "class", {"Kim_exercise1.py": GOOD_1, "kim_exercise2.py": "x = 1\n"})
    out = tmp_path / "out"
    result = grade(str(root), "-o", str(out))
    assert result.exit_code == 0, result.output
    book = gradebook(out)
    assert list(book) == ["Kim"]
    assert book["Kim"]["exercise1"] == "11" and book["Kim"]["exercise2"] != ""


def test_invisible_characters_make_a_name_look_different_not_alike():
    for invisible in ("\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\U000e0041", "\u3164"):
        shown = identity("bob" + invisible)
        assert shown != "bob" and shown.startswith("bob\\") and "~" in shown, shown
        assert invisible not in shown
    assert identity("bob") == "bob" and identity("김민수") == "김민수"


def test_windows_device_names_in_every_spelling_are_never_file_names():
    names = file_names(["COM\u00b9", "LPT\u00b2.txt", "CONIN$", "con", "com3"])
    for given, made in names.items():
        assert made.startswith("_") or made != given, (given, made)


@pytest.mark.parametrize("cell", [" =1+1", "\u00a0=1+1", "\ufeff=1+1", "\u3000@SUM(A1)", "  -2+3"])
def test_a_formula_behind_spaces_or_a_byte_order_mark_is_still_no_formula(cell):
    assert csv_cell(cell).startswith("'")


def test_a_hidden_python_file_is_listed_not_dropped_unsaid(tmp_path):
    root = write(
        tmp_path / "class",
        {
            "Kim Minsu_1001_assignsubmission_file_/.exercise1.py": GOOD_1,
            "Bob Lee_1002_assignsubmission_file_/exercise1.py": GOOD_1,
            "Bob Lee_1002_assignsubmission_file_/._exercise1.py": "\0\0",  # macOS's shadow file
            "Bob Lee_1002_assignsubmission_file_/.ipynb_checkpoints/exercise1-checkpoint.py": GOOD_1,
        },
    )
    found = discover(root)
    assert [s.student for s in found.submissions] == ["Bob Lee"]
    assert found.unattributed == [
        ("Kim Minsu_1001_assignsubmission_file_/.exercise1.py", "grade.hidden_file")
    ]


# -- merge and resume ------------------------------------------------------------------------------------


def _shard(root: Path, out: Path, k: int, *extra: str) -> str:
    result = run("grade", str(root), "-o", str(out), "--seed", SECRET, "-j", "1", "--shard", f"{k}/2", *extra)
    assert result.exit_code == 0, result.output
    return str(out)


def test_merge_refuses_shards_of_two_classes_or_two_settings(tmp_path):
    one = write(tmp_path / "one", {f"s{i}/exercise1.py": GOOD_1 for i in range(6)})
    other = write(tmp_path / "other", {f"t{i}/exercise1.py": GOOD_1 for i in range(6)})
    first = _shard(one, tmp_path / "a1", 1)
    merged = str(tmp_path / "merged")
    line = one_line_error(run("merge", first, _shard(other, tmp_path / "b2", 2), "-o", merged))
    assert "different classes" in line
    line = one_line_error(
        run("merge", first, _shard(one, tmp_path / "a2", 2, "--timeout", "3"), "-o", merged)
    )
    assert "graded differently" in line and "timeout" in line
    line = one_line_error(
        run("merge", first, _shard(one, tmp_path / "c2", 2, "--exercise", "1"), "-o", merged)
    )
    assert "graded differently" in line and "exercise" in line
    assert not Path(merged).exists()
    result = run("merge", first, _shard(one, tmp_path / "d2", 2), "-o", merged)
    assert result.exit_code == 0, result.output
    assert len(gradebook(Path(merged))) == 6


def test_resume_into_a_folder_with_no_run_replaces_nothing_of_the_users(tmp_path):
    root = write(tmp_path / "class", {"bob/exercise1.py": GOOD_1})
    out = tmp_path / "out"
    (out / "feedback").mkdir(parents=True)
    mine = {"report.md": "MY REPORT", "canvas.csv": "MINE", "feedback/bob.md": "MY NOTES"}
    for name, text in mine.items():
        (out / name).write_text(text, encoding="utf-8")
    line = one_line_error(grade(str(root), "-o", str(out), "--resume"), code=1)
    assert "no run to resume" in line and "--force" in line
    assert {name: (out / name).read_text(encoding="utf-8") for name in mine} == mine
    assert (
        grade(str(root), "-o", str(tmp_path / "fresh"), "--resume").exit_code == 0
    )  # nothing there: a start


# -- rosters as spreadsheets save them -------------------------------------------------------------------


KOREAN = "student_id\tname\nbob\tBob\n홍길동\t길동\n김민수\t민수\n"
JAPANESE = "student_id\tname\nbob\tBob\n山田\t太郎\n佐藤\t花子\n"
WESTERN = "student_id\tname\nbob\tBob\nRenée\tRenée Dupont\nFrançois\tFrançois Roy\nJosé\tJosé\n"


@pytest.mark.parametrize(
    "roster, data",
    [
        (KOREAN, KOREAN.replace("\t", ",").encode("utf-8")),
        (JAPANESE, JAPANESE.replace("\t", ",").encode("utf-8-sig")),
        (KOREAN, KOREAN.encode("utf-16")),  # Excel's "Unicode Text": UTF-16 with its mark, tab-separated
        (JAPANESE, JAPANESE.replace("\t", ";").encode("utf-8")),  # Excel where the comma is the decimal mark
        (KOREAN, KOREAN.replace("\t", ",").encode("cp949")),  # Korean Excel's CSV
        (JAPANESE, JAPANESE.replace("\t", ",").encode("cp932")),  # Japanese Excel's CSV
        (WESTERN, WESTERN.replace("\t", ",").encode("cp1252")),  # Western Excel's CSV
        (WESTERN, ("sep=;\n" + WESTERN.replace("\t", ";")).encode("cp1252")),  # Excel's separator line
    ],
    ids=["utf8", "utf8-bom", "utf16-tabs", "semicolons", "cp949", "shift-jis", "cp1252", "sep-line"],
)
def test_a_roster_is_read_in_the_encoding_a_spreadsheet_saved_it_in(tmp_path, roster, data):
    from checker.batch.discover import read_people

    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    expected = [line.split("\t")[0] for line in roster.splitlines()[1:]]
    assert [person.key for person in read_people(path)] == expected


def test_a_roster_in_no_known_encoding_says_how_to_save_it(tmp_path):
    root = write(tmp_path / "class", {"bob/exercise1.py": GOOD_1})
    roster = tmp_path / "roster.csv"
    roster.write_bytes(b"student_id\nbob\n\x80\xff\x81\xfe\n")
    line = one_line_error(grade(str(root), "-o", str(tmp_path / "out"), "--roster", str(roster)))
    assert "CSV UTF-8" in line


# -- a student whose files could not be graded -----------------------------------------------------------


def test_a_student_whose_only_files_could_not_be_graded_is_no_zero(tmp_path):
    """Handed in, but nothing could be graded (too large, a path too deep, a file of another kind, an
    unknown exercise): a row that says so, with no grade for an LMS, never "missing" and 0."""
    from checker.submission import SOURCE_LIMIT

    root = write(
        tmp_path / "class",
        {
            "alice/exercise1.py": GOOD_1,
            "bob/exercise1.py": "# " + "x" * SOURCE_LIMIT + "\n",
            "carol/report.pdf": "%PDF",
            "dave/" + "d/" * 40 + "exercise1.py": GOOD_1,
            "erin/script.py": "print('no function of any exercise')\n",
        },
    )
    roster = tmp_path / "roster.csv"
    roster.write_text("id\nalice\nbob\ncarol\ndave\nerin\nfrank\n", encoding="utf-8")
    out = tmp_path / "out"
    result = grade(str(root), "-o", str(out), "--roster", str(roster))
    assert result.exit_code == 0, result.output
    status = {student: row["status"] for student, row in gradebook(out).items()}
    assert status == {"alice": "ok", "bob": "unread", "carol": "unread", "dave": "unread", "erin": "unread",
                      "frank": "missing"}  # fmt: skip
    info = json.loads((out / "discovery.json").read_text(encoding="utf-8"))
    assert info["unread"] == ["bob", "carol", "dave", "erin"]


def test_an_unread_student_gets_no_grade_in_the_lms_files():
    from checker.batch.report import build
    from checker.render.lms_csv import grade_cell

    report = build(
        [], ["bob", "frank"], {"bob": None}, [("bob/exercise1.py", "grade.too_large")], unread=["bob"]
    )
    cells = {row.student: (row.status, grade_cell(row)) for row in report.rows}
    assert cells == {"bob": ("unread", ""), "frank": ("missing", "0")}


def test_a_zip_member_left_out_still_makes_its_student_known(tmp_path):
    deep = "top/mallory/" + "a/" * 40 + "exercise1.py"  # a zip of one folder holding the class
    archive = zipped(tmp_path / "class.zip", [(deep, GOOD_1), ("top/bob/exercise1.py", GOOD_1)])
    out = tmp_path / "out"
    result = grade(str(archive), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert {s: row["status"] for s, row in gradebook(out).items()} == {"bob": "ok", "mallory": "unread"}


def test_merge_keeps_the_unread_students(tmp_path):
    from checker.submission import SOURCE_LIMIT

    files = {f"s{i}/exercise1.py": GOOD_1 for i in range(4)}
    files["zed/exercise1.py"] = "# " + "x" * SOURCE_LIMIT + "\n"
    root = write(tmp_path / "class", files)
    merged = tmp_path / "merged"
    result = run("merge", _shard(root, tmp_path / "a", 1), _shard(root, tmp_path / "b", 2), "-o", str(merged))
    assert result.exit_code == 0, result.output
    assert gradebook(merged)["zed"]["status"] == "unread"


def test_resume_with_another_time_limit_grades_again_and_merge_tells_them_apart(tmp_path):
    """A file that timed out under 3 s may pass under 30 s: a result is reused only under the time limit
    it was graded with, and the run's record says the limit its results were graded under."""
    root = write(tmp_path / "class", {"bob/exercise1.py": GOOD_1})
    out = tmp_path / "out"
    assert grade(str(root), "-o", str(out)).exit_code == 0
    again = run("grade", str(root), "-o", str(out), "--seed", SECRET, "-j", "1", "--timeout", "5", "--resume")
    assert again.exit_code == 0, again.output
    assert "(0 reused" in again.output
    same = run("grade", str(root), "-o", str(out), "--seed", SECRET, "-j", "1", "--timeout", "5", "--resume")
    assert "(1 reused" in same.output


@pytest.mark.parametrize(
    "name",
    [
        "bob ",
        " bob",
        "bob\u00a0",
        "bob\u2009",
        "bob\u034f",
        "bob\ufe0f",
        "bob\U000e0100",
        "bob\u2800",
        "b\u043eb",
        "b\u03bfb",
    ],  # fmt: skip
)
def test_a_name_that_would_pass_for_another_is_shown_apart(name):
    """Spaces at the ends, spaces other than the plain one, variation selectors, the braille blank, and
    Cyrillic or Greek look-alikes of Latin letters: never shown as plain "bob"."""
    shown = identity(name)
    assert shown != "bob" and "~" in shown


@pytest.mark.parametrize(
    "name", ["山田\u3000太郎", "김민수", "José", "Иван", "Ελένη", "Kim Minsu", "O'Brien"]
)
def test_ordinary_names_of_any_script_are_shown_as_they_are(name):
    assert identity(name) == name
