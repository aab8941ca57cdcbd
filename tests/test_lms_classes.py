"""A class as Canvas and as Moodle hand it over (examples/lms_classes.py: Korean and Japanese names,
notebooks, EUC-KR and Shift-JIS files, a resubmission, an endless loop, a disguised copy) graded into
the LMS's grade file, feedback files and the report with its similar pair."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
SECRET = "lms-classes-secret-7b2e9d"


def _examples():
    spec = importlib.util.spec_from_file_location("lms_classes", ROOT / "examples" / "lms_classes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, tuple[Path, object]]:
    folder = tmp_path_factory.mktemp("lms")
    _examples().write(folder)
    runs = {}
    for lms, roster in (("canvas", "canvas-roster.csv"), ("moodle", "moodle-participants.csv")):
        out = folder / f"{lms}-out"
        result = CliRunner().invoke(
            main,
            ["grade", str(folder / f"{lms}-class.zip"), "--roster", str(folder / roster), "-o", str(out),
             "--format", lms, "--format", "csv", "--format", "html", "--format", "feedback", "--excel",
             "--seed", SECRET, "--timeout", "3"],
            catch_exceptions=False,
        )  # fmt: skip
        runs[lms] = (out, result)
    return runs


def rows(path: Path) -> dict[str, list[str]]:
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return {row[0]: row[1:] for row in table}


def test_canvas_gets_its_grade_file_with_every_person_on_its_roster(graded):
    out, result = graded["canvas"]
    assert result.exit_code == 0, result.output
    grades = rows(out / "canvas.csv")
    assert {name: row[-1] for name, row in grades.items()} == {
        "Student": "lstm-quiz",
        "    Points Possible": "21",
        "Kim, Minsu": "21",  # a .py and a Colab notebook with magics
        "Lee, Jiwoo": "5",  # late, in EUC-KR, clipping each element
        "홍길동": "11",  # a notebook, and PyTorch's gate order
        "Jung, Haeun": "0",  # handed in nothing
        "Park, Seoyeon": "21",
        "Choi, Yuna": "5",  # an endless loop on the larger gradients
    }
    assert grades["홍길동"][:4] == ["12347", "S003", "gildong", "LSTM 101"]
    assert "walkin" in result.stderr  # not on the roster: warned, in lms-unmatched.csv
    assert "walkin" in (out / "lms-unmatched.csv").read_text(encoding="utf-8-sig")


def test_moodle_gets_its_grade_file_keyed_by_email(graded):
    out, result = graded["moodle"]
    assert result.exit_code == 0, result.output
    grades = {row[2]: row[-1] for row in rows(out / "moodle.csv").values()}
    assert grades == {
        "Email address": "lstm-quiz",
        "minsu@example.edu": "21",
        "taro@example.edu": "5",  # Shift-JIS, clipping each element; a notebook in PyTorch's order
        "seoyeon@example.edu": "11",
        "nora@example.edu": "11",  # the second attempt graded
        "hanako@example.edu": "11",
        "yuki@example.edu": "0",
    }


@pytest.mark.parametrize("lms", ["canvas", "moodle"])
def test_every_student_with_a_graded_file_gets_feedback_in_both_forms(graded, lms):
    out, _ = graded[lms]
    graded_students = [row["student"] for row in csv.DictReader(io.StringIO(
        (out / "gradebook.csv").read_text(encoding="utf-8-sig"))) if row["status"] != "missing"]  # fmt: skip
    pages = sorted(p.stem for p in (out / "feedback").glob("*.html"))
    assert pages == sorted(graded_students)
    assert sorted(p.stem for p in (out / "feedback").glob("*.md")) == pages


@pytest.mark.parametrize(
    ("lms", "copied"), [("canvas", {"parkseoyeon", "홍길동"}), ("moodle", {"Nora Quinn", "이서연"})]
)
def test_the_disguised_copy_is_the_one_similar_pair(graded, lms, copied):
    out, result = graded[lms]
    pairs = json.loads((out / "similarity.json").read_text(encoding="utf-8"))["pairs"]
    assert [(p["exercise"], {p["a"], p["b"]}) for p in pairs] == [(1, copied)]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('<section class="pair">') == 1
    assert "1 pair(s) of submissions are alike" in result.output


def test_the_notes_say_how_each_file_was_read(graded):
    out, _ = graded["canvas"]
    lee = (out / "feedback" / "leejiwoo.md").read_text(encoding="utf-8")
    kim = (out / "feedback" / "kimminsu.md").read_text(encoding="utf-8")
    assert "EUC-KR" in lee
    assert "%matplotlib" in kim or "magic" in kim.lower()


@pytest.mark.parametrize(
    ("lms", "expected"),
    [
        ("canvas", {"choiyuna", "kimminsu", "leejiwoo", "parkseoyeon", "홍길동"}),  # walkin: no Canvas id
        ("moodle", {"NoraQuinn", "佐藤花子", "山田太郎", "김민수", "이서연"}),
    ],
)
def test_the_feedback_pages_are_zipped_as_the_lms_takes_them_back(graded, lms, expected):
    import zipfile

    out, _ = graded[lms]
    with zipfile.ZipFile(out / f"feedback-{lms}.zip") as archive:
        members = archive.namelist()
        assert {m.split("_")[0] for m in members} == expected
        for member in members:
            page = archive.read(member).decode("utf-8")
            title = re.search(r"<title>(.*?)</title>", page).group(1)
            assert member.split("_")[0] in re.sub(r"[\W_]+", "", title)  # that student's own page
