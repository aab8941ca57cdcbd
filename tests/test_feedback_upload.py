"""feedback-canvas.zip and feedback-moodle.zip: each page named so that its LMS gives it to the right
student, and to nobody else."""

from __future__ import annotations

import re

from checker.batch.feedback_upload import uploads


def moodle_participant(member: str) -> str | None:
    """The participant id Moodle's feedback import reads from a member's path (each part split on `_`
    into at most 5 pieces; the second, when numeric, with at least 4 pieces)."""
    for part in member.split("/"):
        info = part.split("_", 4)
        if len(info) >= 4 and info[1].isdigit():
            return info[1]
    return None


def canvas_ids(member: str) -> tuple[str, str]:
    """The user id and file id Canvas's re-upload reads: the first two all-digit `_` parts."""
    digits = [p for p in re.split(r"[_.]", member) if p.isdigit()]
    return digits[0], digits[1]


def test_each_lms_reads_back_the_ids_the_student_was_downloaded_with():
    graded = [
        ("김민수", "김민수_1001_assignsubmission_file_/exercise1.ipynb"),
        ("Nora Quinn", "Nora Quinn_1004_assignsubmission_file_/exercise1-1.py"),
        ("kimminsu", "kimminsu_12345_67890_exercise1.py"),
        ("leejiwoo", "leejiwoo_LATE_12346_67892_exercise1.py"),
    ]
    kinds = {"김민수": "moodle", "Nora Quinn": "moodle", "kimminsu": "canvas", "leejiwoo": "canvas"}
    made = {u.student: u for u in uploads(graded, kinds)}
    assert moodle_participant(made["김민수"].member) == "1001"
    assert moodle_participant(made["Nora Quinn"].member) == "1004"
    assert made["Nora Quinn"].member.endswith("/feedback.html")
    assert canvas_ids(made["kimminsu"].member) == ("12345", "67890")
    assert canvas_ids(made["leejiwoo"].member) == ("12346", "67892")
    assert {u.lms for u in made.values()} == {"canvas", "moodle"}


def test_an_id_two_students_claim_gets_nobodys_page():
    graded = [
        ("alice", "alice_12345_1_exercise1.py"),
        ("mallory", "mallory_12345_2_exercise1.py"),
        ("bob", "bob_22222_3_exercise1.py"),
    ]
    made = uploads(graded, {"alice": "canvas", "mallory": "canvas", "bob": "canvas"})
    assert [u.student for u in made] == ["bob"]


def test_a_student_without_an_lms_id_is_left_out():
    graded = [("walkin", "walkin_exercise1.py"), ("solo", "solo/exercise1.py")]
    assert uploads(graded, {"walkin": "canvas", "solo": "moodle"}) == []
    assert uploads(graded, {}) == []


def test_a_hostile_name_cannot_change_the_ids_or_leave_the_zips_root():
    graded = [
        ("../../etc_99999_assignsubmission_file_", "x_1007_assignsubmission_file_/exercise1.py"),
        ("12345", "12345_777_888_exercise1.py"),
        ("a\u202e_1_2\n", "a_31_41_exercise1.py"),
    ]
    kinds = {student: kind for (student, _), kind in zip(graded, ["moodle", "canvas", "canvas"])}
    made = {u.student: u.member for u in uploads(graded, kinds)}
    moodle = made[graded[0][0]]
    assert moodle_participant(moodle) == "1007" and ".." not in moodle and moodle.count("/") == 1
    assert canvas_ids(made["12345"]) == ("777", "888")  # an all-digit name is not read as an id
    assert canvas_ids(made[graded[2][0]]) == ("31", "41")
    assert all(m.isprintable() and not m.startswith("/") for m in made.values())


def test_a_full_name_that_spells_a_classmates_folder_gets_its_own_id():
    """Moodle's own mark ends a folder's name: a full name ending like a classmate's folder name does
    not send its page to the classmate."""
    graded = [
        ("Minsu Kim", "Minsu Kim_1001_assignsubmission_file_/exercise1.py"),
        (
            "Minsu Kim_1001_assignsubmission_file_",
            "Minsu Kim_1001_assignsubmission_file__1009_assignsubmission_file_/exercise1.py",
        ),
    ]
    made = {u.student: u.member for u in uploads(graded, dict.fromkeys([s for s, _ in graded], "moodle"))}
    assert moodle_participant(made["Minsu Kim"]) == "1001"
    assert "_1009_assignsubmission_file_/" in made["Minsu Kim_1001_assignsubmission_file_"]
