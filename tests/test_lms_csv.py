"""canvas.csv and moodle.csv: the shape each LMS imports, the ids joined from file names and rosters,
nobody's grade given to somebody else, inert cells, and --excel's byte order mark."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.batch.report import StudentRow, build
from checker.batch.roster import CANVAS, MOODLE, LmsContext, match_students, read_people, roster_keys
from checker.cli import main
from checker.render.lms_csv import CANVAS_HEADER, canvas_csv, moodle_csv

GOOD_1 = (
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    n = np.linalg.norm(grad)\n"
    "    return grad * (threshold / n) if n > threshold else grad.copy()\n"
)
ELEMENTWISE_1 = "import numpy as np\ndef gradient_clipping(grad, threshold):\n    return np.clip(grad, -threshold, threshold)\n"
SECRET = "k7Qm2VxN4pLr9TzW"
HOSTILE = "=cmd|' /C calc'!A0"
CANVAS_ROSTER = (
    "Student,ID,SIS User ID,SIS Login ID,Section\n"
    "    Points Possible,,,,\n"
    '"Kim, Minsu",12345,S001,minsu,LSTM 101\n'
    '"Lee, Jiwoo",12346,S002,jiwoo,LSTM 101\n'
    "홍길동,12347,S003,gildong,LSTM 102\n"
    f'"{HOSTILE}",12348,S004,mallory,LSTM 102\n'
    '"Choi, Yuna",12349,S005,yuna,LSTM 101\n'
)
MOODLE_ROSTER = (
    "First name,Last name,ID number,Institution,Department,Email address\n"
    "Minsu,Kim,2024001,,,minsu@example.edu\n"
    "太郎,山田,2024002,,,taro@example.edu\n"
    "Yuna,Choi,2024004,,,yuna@example.edu\n"
)


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _grade(*args: str):
    return CliRunner().invoke(main, ["grade", *args], catch_exceptions=False)


def _rows(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding=encoding))))


@pytest.fixture(scope="module")
def canvas_run(tmp_path_factory):
    """A Canvas download (user id, submission id in every file name), graded with Canvas's roster."""
    base = tmp_path_factory.mktemp("canvas")
    root = _write(
        base / "class",
        {
            "kimminsu_12345_67890_exercise1.py": GOOD_1,
            "leejiwoo_LATE_12346_67891_exercise1.py": ELEMENTWISE_1,
            "홍길동_12347_67892_exercise1.py": GOOD_1,
            "mallory_12348_67893_exercise1.py": ELEMENTWISE_1,
            "walkin_exercise1.py": GOOD_1,  # no Canvas id, not on the roster
        },
    )
    roster = base / "roster.csv"
    roster.write_text(CANVAS_ROSTER, encoding="utf-8")
    out = base / "out"
    result = _grade(str(root), "-o", str(out), "--seed", SECRET, "--roster", str(roster), "--format", "canvas",
                    "--format", "csv", "--excel", "--timeout", "5")  # fmt: skip
    return out, result


def test_canvas_csv_has_the_shape_canvas_imports(canvas_run):
    out, result = canvas_run
    rows = _rows(out / "canvas.csv", "utf-8-sig")
    assert rows[0] == [*CANVAS_HEADER, "Gradient clipping by norm"]
    assert rows[1] == ["    Points Possible", "", "", "", "", "11"]
    body = {row[1]: row for row in rows[2:]}
    assert body["12345"] == ["Kim, Minsu", "12345", "S001", "minsu", "LSTM 101", "11"]
    assert body["12346"][0] == "Lee, Jiwoo" and body["12346"][-1] == "5"
    assert body["12347"] == ["홍길동", "12347", "S003", "gildong", "LSTM 102", "11"]
    assert body["12349"][-1] == "0"  # on the roster, handed in nothing
    assert body["12348"][0] == "'" + HOSTILE  # never a formula
    assert body["12348"][-1] == "5"


def test_a_student_canvas_cannot_identify_is_warned_and_listed_not_dropped(canvas_run):
    out, result = canvas_run
    assert "walkin" not in (out / "canvas.csv").read_text(encoding="utf-8-sig")
    assert "canvas.csv" in result.stderr and "walkin" in result.stderr
    unmatched = list(csv.DictReader(io.StringIO((out / "lms-unmatched.csv").read_text(encoding="utf-8-sig"))))
    assert [(u["lms"], u["student"], u["total"]) for u in unmatched] == [("canvas", "walkin", "11")]


def test_excel_writes_every_csv_with_a_bom_and_the_names_survive(canvas_run):
    out, _ = canvas_run
    for name in ("canvas.csv", "gradebook.csv", "lms-unmatched.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    students = {row[0] for row in _rows(out / "gradebook.csv", "utf-8-sig")}
    assert "홍길동" in students and "student" in students  # the header decoded without the BOM in it


def test_the_roster_gives_one_row_per_person_not_two(canvas_run):
    out, _ = canvas_run
    students = [row[0] for row in _rows(out / "gradebook.csv", "utf-8-sig")[1:]]
    # the roster's Choi Yuna handed in nothing: named as the roster names her, not by her user id 12349
    assert sorted(students) == sorted(["kimminsu", "leejiwoo", "홍길동", "mallory", "walkin", "Choi, Yuna"])
    canvas = {row[1]: row[-1] for row in _rows(out / "canvas.csv", "utf-8-sig")[2:]}
    assert canvas["12349"] == "0"  # and the LMS file still finds her by it


def test_lms_files_are_written_only_when_asked(canvas_run, tmp_path):
    root = _write(tmp_path / "class", {"kimminsu_12345_67890_exercise1.py": GOOD_1})
    out = tmp_path / "out"
    result = _grade(str(root), "-o", str(out), "--seed", SECRET, "--timeout", "5")
    assert result.exit_code == 0, result.output
    assert not (out / "canvas.csv").exists() and not (out / "moodle.csv").exists()
    assert not (out / "gradebook.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # no BOM without --excel


def test_moodle_csv_maps_students_by_the_rosters_email(tmp_path):
    root = _write(
        tmp_path / "class",
        {
            "Minsu Kim_4321_assignsubmission_file_/exercise1.py": GOOD_1,
            "山田 太郎_4322_assignsubmission_file_/exercise1.py": ELEMENTWISE_1,
            "Nobody Known_4324_assignsubmission_file_/exercise1.py": GOOD_1,
        },
    )
    roster = tmp_path / "roster.csv"
    roster.write_text(MOODLE_ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    result = _grade(str(root), "-o", str(out), "--seed", SECRET, "--roster", str(roster), "--format", "moodle",
                    "--assignment", "LSTM lab 1", "--timeout", "5")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = _rows(out / "moodle.csv")
    assert rows[0] == ["First name", "Last name", "ID number", "Email address", "LSTM lab 1"]
    assert sorted(rows[1:]) == sorted(
        [
            ["Minsu", "Kim", "2024001", "minsu@example.edu", "11"],
            ["太郎", "山田", "2024002", "taro@example.edu", "5"],
            ["Yuna", "Choi", "2024004", "yuna@example.edu", "0"],
        ]
    )
    assert "Nobody Known" in result.stderr
    assert not (out / "canvas.csv").exists()


# -- the join, on plain data ------------------------------------------------------------------------


def _row(student: str, lms_id: str | None = None, total: float = 3.0, status: str = "ok") -> StudentRow:
    return StudentRow(student, lms_id, {1: total}, {1: 10.0}, total, 10.0, status, ())


def _report(*rows: StudentRow):
    report = build([])
    report.rows = list(rows)
    return report


def test_a_moodle_participant_id_is_never_taken_for_a_canvas_user_id():
    report = _report(_row("Minsu Kim", "4321"))
    made = canvas_csv(report, LmsContext(kinds={"Minsu Kim": MOODLE}))
    assert len(_rows_of(made.text)) == 2 and made.unmatched[0].student == "Minsu Kim"
    made = canvas_csv(report, LmsContext(kinds={"Minsu Kim": CANVAS}))
    assert _rows_of(made.text)[2][1] == "4321"


def test_a_grader_fault_has_no_grade():
    report = _report(_row("kimminsu", "12345", status="grader"))
    made = canvas_csv(report, LmsContext(kinds={"kimminsu": CANVAS}))
    assert _rows_of(made.text)[2][-1] == ""


def test_two_people_of_one_name_get_nobodys_grade():
    people = read_people("First name,Last name,Email address\nMinsu,Kim,a@x.edu\nMinsu,Kim,b@x.edu\n")
    report = _report(_row("Minsu Kim"))
    made = moodle_csv(report, LmsContext(people))
    assert len(_rows_of(made.text)) == 1
    assert made.unmatched[0].reason == "lms.reason_ambiguous"


def test_two_students_claiming_one_person_get_nobodys_grade():
    people = read_people(MOODLE_ROSTER)
    matches = match_students({"Minsu Kim": None, "Kim Minsu": None}, {}, people)
    assert {m.reason for m in matches.values()} == {"lms.reason_shared"}


def test_a_plain_roster_still_reads_as_before():
    assert [p.key for p in read_people("student_id,name\nalice,Alice\nbob,Bob\n")] == ["alice", "bob"]
    assert [p.key for p in read_people("alice\nbob\n")] == ["alice", "bob"]


def test_roster_keys_join_lms_names_to_the_students_found():
    people = read_people(MOODLE_ROSTER)
    keys = roster_keys(people, {"Kim Minsu": "1", "山田太郎": "2"}, {})
    assert keys == ["Kim Minsu", "山田太郎", "Yuna Choi"]


TWO_BOBS = (
    "First name,Last name,ID number,Email address\n"
    "Bob,Lee,s1,bob1@x.edu\nBob,Lee,s2,bob2@x.edu\nAlice,Kim,s3,alice@x.edu\n"
)


def test_people_two_students_may_be_get_no_missing_row_of_their_own():
    """Both Bob Lees handed in (as `Bob Lee (123)` and `Bob Lee (456)`, which of them is which the
    roster cannot say): no third row calls a Bob Lee missing."""
    people = read_people(TWO_BOBS)
    students = {"Bob Lee (123)": "123", "Bob Lee (456)": "456"}
    kinds = dict.fromkeys(students, MOODLE)
    assert roster_keys(people, students, kinds) == ["Alice Kim"]
    report = build([], roster_keys(people, students, kinds), students)
    assert sorted(row.student for row in report.rows) == ["Alice Kim", "Bob Lee (123)", "Bob Lee (456)"]


def test_two_missing_people_of_one_name_are_two_rows_each_given_their_zero():
    people = read_people(TWO_BOBS)
    keys = roster_keys(people, {"Alice Kim": None}, {})
    assert keys == ["bob1@x.edu", "bob2@x.edu", "Alice Kim"]
    report = build([], keys, {"Alice Kim": None}, [], [])
    made = moodle_csv(report, LmsContext(people))
    zeros = {row[3]: row[4] for row in _rows_of(made.text)[1:]}
    assert zeros == {"bob1@x.edu": "0", "bob2@x.edu": "0", "alice@x.edu": "0"}
    assert made.unmatched == []


def test_a_roster_listing_one_person_twice_gives_one_row():
    people = read_people("First name,Last name,Email address\nBob,Lee,bob@x.edu\nBob,Lee,bob@x.edu\n")
    assert roster_keys(people, {}, {}) == ["Bob Lee", "Bob Lee"]


def _rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_spreadsheet_reads_the_korean_and_japanese_names(canvas_run, tmp_path):
    """LibreOffice opens --excel's gradebook as UTF-8: the names intact, and the BOM taken for what it is
    (the first header cell is "student", no stray character)."""
    source = tmp_path / "gradebook.csv"
    shutil.copy(canvas_run[0] / "gradebook.csv", source)
    subprocess.run(
        ["soffice", "--headless", "--infilter=CSV:44,34,76", "--convert-to", "html", "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    cells = [
        html.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)", (tmp_path / "gradebook.html").read_text())
    ]
    assert cells[0] == "student"
    assert "홍길동" in cells


def test_merged_shards_give_the_same_canvas_csv_as_one_run(canvas_run, tmp_path):
    """merge takes --format canvas, --roster, --excel as grade does: the ids found in file names by
    each shard are carried to the joined canvas.csv."""
    out, _ = canvas_run
    root = Path(out).parent / "class"
    roster = Path(out).parent / "roster.csv"
    shards = []
    for k in (1, 2):
        folder = tmp_path / f"shard{k}"
        result = _grade(str(root), "-o", str(folder), "--seed", SECRET, "--shard", f"{k}/2", "--timeout", "5")
        assert result.exit_code == 0, result.output
        shards.append(str(folder))
    merged = tmp_path / "merged"
    result = CliRunner().invoke(
        main,
        ["merge", *shards, "-o", str(merged), "--roster", str(roster), "--format", "canvas", "--format", "csv",
         "--excel"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (merged / "canvas.csv").read_bytes() == (out / "canvas.csv").read_bytes()
    assert "walkin" in result.stderr  # the same warning as one run


def test_a_rerun_without_a_format_leaves_no_stale_file_of_it(tmp_path):
    """--force with fewer formats: canvas.csv and similarity.json of the earlier run are gone, not left
    beside a newer gradebook to be imported by mistake."""
    root = _write(tmp_path / "class", {"kimminsu_12345_67890_exercise1.py": GOOD_1})
    out = tmp_path / "out"
    first = _grade(str(root), "-o", str(out), "--seed", SECRET, "--format", "canvas", "--format", "csv")
    assert first.exit_code == 0 and (out / "canvas.csv").is_file() and (out / "similarity.json").is_file()
    again = _grade(
        str(root), "-o", str(out), "--seed", SECRET, "--format", "csv", "--no-similarity", "--force"
    )
    assert again.exit_code == 0, again.output
    assert not (out / "canvas.csv").exists() and not (out / "lms-unmatched.csv").exists()
    assert not (out / "similarity.json").exists()
    assert (out / "gradebook.csv").is_file() and (out / "report.md").is_file()


def test_a_rerun_leaves_no_students_files_it_did_not_write(tmp_path):
    """--force: a student gone from the class, or graded with fewer formats, keeps no Gradescope file
    or feedback page of the earlier run (its old score would be uploaded beside the new gradebook);
    what else the instructor keeps in those folders stays."""
    root = _write(tmp_path / "class", {"alice/exercise1.py": GOOD_1, "bob/exercise1.py": GOOD_1})
    out = tmp_path / "out"
    assert _grade(str(root), "-o", str(out), "--seed", SECRET, "--no-similarity").exit_code == 0
    assert (out / "gradescope" / "bob" / "results.json").is_file() and (out / "feedback" / "bob.md").is_file()
    (out / "feedback" / "notes.txt").write_text("mine")
    (out / "feedback" / "README.md").write_text("mine")  # an instructor's own pages, named as ours are
    (out / "feedback" / "rubric.html").write_text("mine")
    (out / "gradescope" / "README").write_text("mine")
    outside = tmp_path / "elsewhere.md"
    outside.write_text("not OUT's")
    listed = json.loads((out / ".student-files.json").read_text(encoding="utf-8"))
    (out / ".student-files.json").write_text(json.dumps([*listed, str(outside), "../elsewhere.md"]))
    shutil.rmtree(root / "bob")
    again = _grade(str(root), "-o", str(out), "--seed", SECRET, "--no-similarity", "--force")
    assert again.exit_code == 0, again.output
    assert not (out / "gradescope" / "bob").exists()
    assert not (out / "feedback" / "bob.md").exists() and not (out / "feedback" / "bob.html").exists()
    assert (out / "gradescope" / "alice" / "results.json").is_file() and (
        out / "feedback" / "alice.html"
    ).is_file()
    csv_only = _grade(
        str(root), "-o", str(out), "--seed", SECRET, "--no-similarity", "--force", "--format", "csv"
    )
    assert csv_only.exit_code == 0, csv_only.output
    assert sorted(p.name for p in (out / "gradescope").rglob("*")) == ["README"]
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["README.md", "notes.txt", "rubric.html"]
    assert outside.read_text() == "not OUT's"


def _gradebook(folder: Path) -> dict[str, dict[str, str]]:
    header, *rows = _rows(folder / "gradebook.csv")
    return {row[0]: dict(zip(header, row)) for row in rows}


def test_a_shard_gives_no_grade_to_students_another_shard_grades(canvas_run, tmp_path):
    """Each shard's gradebook and canvas.csv hold its own students (and the roster's people who handed
    in nothing): a student graded by the other shard is not `missing` there, nor given a 0 to import."""
    out, _ = canvas_run
    root, roster = Path(out).parent / "class", Path(out).parent / "roster.csv"
    handed_in = {s for s, row in _gradebook(out).items() if row["status"] != "missing"}
    seen: list[str] = []
    for k in (1, 2):
        folder = tmp_path / f"shard{k}"
        result = _grade(str(root), "-o", str(folder), "--seed", SECRET, "--shard", f"{k}/2", "--roster",
                        str(roster), "--format", "canvas", "--format", "csv", "--timeout", "5")  # fmt: skip
        assert result.exit_code == 0, result.output
        book = _gradebook(folder)
        assert not {s for s, row in book.items() if row["status"] == "missing"} & handed_in
        seen += [s for s, row in book.items() if row["status"] != "missing"]
        others = {row["lms_id"] for s, row in _gradebook(out).items() if s in handed_in and s not in book}
        graded = {row[1] for row in _rows(folder / "canvas.csv")[2:] if row[-1] != ""}
        assert others and not graded & others  # not even a 0 for another shard's students
    assert sorted(seen) == sorted(handed_in)  # each student in exactly one shard


@pytest.mark.parametrize(
    "text",
    [
        "Student ID,Name\n2024001,Kim Minsu\n2024002,Lee Jiwoo\n",  # a spreadsheet's spelling of student_id
        "학번,이름\n2024001,김민수\n2024002,이지우\n",  # a Korean class list
        "学籍番号,氏名\n2024001,山田太郎\n2024002,佐藤花子\n",  # a Japanese one
        "student-number;full name\n2024001;Kim Minsu\n2024002;Lee Jiwoo\n",
    ],
)
def test_a_plain_rosters_id_column_is_found_by_its_usual_headers(text):
    assert [p.key for p in read_people(text)] == ["2024001", "2024002"]  # never the header, never the names


@pytest.mark.parametrize(
    "header",
    [
        "名,姓,ID番号,メールアドレス",
        "이름,성,학번,이메일 주소",
        "First name,Last name,ID number,Email address",
    ],
)
def test_moodles_participants_export_is_read_in_every_language(header):
    (person,) = read_people(f"{header}\n太郎,山田,2024001,taro@example.edu\n")
    assert (person.lms, person.id_number, person.email) == (MOODLE, "2024001", "taro@example.edu")
    assert {person.first, person.last} == {"太郎", "山田"}


@pytest.mark.parametrize(("lang", "said"), [("en", "warning: "), ("ko", "경고: "), ("ja", "警告: ")])
def test_the_lms_warning_is_in_the_language_asked(tmp_path, lang, said):
    root = _write(tmp_path / "class", {"walkin_exercise1.py": GOOD_1})
    roster = tmp_path / "roster.csv"
    roster.write_text(CANVAS_ROSTER, encoding="utf-8")
    result = _grade(str(root), "-o", str(tmp_path / "out"), "--seed", SECRET, "--roster", str(roster),
                    "--format", "canvas", "--lang", lang, "--no-similarity")  # fmt: skip
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.stderr.splitlines() if "walkin" in x]
    assert line.startswith(said)


def test_canvass_test_student_is_no_one_to_grade():
    people = read_people(
        CANVAS_ROSTER + "Test Student,99999,,,LSTM 101\n" + '"Student, Test",99998,,,LSTM 101\n'
    )
    assert [p.canvas_id for p in people] == ["12345", "12346", "12347", "12348", "12349"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("学籍番号,姓,名\n2024001,山田,太郎\n2024002,佐藤,花子\n2024003,鈴木,一郎\n", "鈴木 一郎"),
        (
            "Student ID,Last Name,First Name\n2024001,Kim,Minsu\n2024002,Lee,Seoyeon\n2024003,Park,Jihun\n",
            "Jihun Park",
        ),
        ("학번,성,이름\n2024001,김,민수\n2024002,이,서연\n2024003,박,지훈\n", "박지훈"),
    ],
)
def test_a_class_list_with_name_columns_still_joins_by_student_number(tmp_path, text, named):
    """A roster of student numbers with family and given names: the students, in folders named by their
    number, are joined by it; the one who handed in nothing is named as the language writes names."""
    root = _write(tmp_path / "class", {"2024001/exercise1.py": GOOD_1, "2024002/exercise1.py": GOOD_1})
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = _grade(str(root), "-o", str(out), "--seed", SECRET, "--roster", str(roster), "--no-similarity")
    assert result.exit_code == 0, result.output
    rows = {row[0]: row for row in _rows(out / "gradebook.csv")[1:]}
    assert set(rows) == {"2024001", "2024002", named}
    assert rows[named][_rows(out / "gradebook.csv")[0].index("status")] == "missing"
