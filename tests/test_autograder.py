"""`lstm-quiz gradescope-autograder`: the zip's files, and its real run_autograder run with bash against a
folder laid out as Gradescope's /autograder (source/, submission/, results/), with this interpreter in
place of the one setup.sh installs."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.autograder import gradescope_autograder

SECRET = "k7Qm2VxN4pLr9TzW-course"
OTHER_SECRET = "Zx81pQ0wLmN3vB7c-other"
GOOD_1 = "import numpy as np\ndef gradient_clipping(grad, threshold):\n    n = np.linalg.norm(grad)\n    return grad * (threshold / n) if n > threshold else grad.copy()\n"
ELEMENTWISE_1 = "import numpy as np\ndef gradient_clipping(grad, threshold):\n    return np.clip(grad, -threshold, threshold)\n"
OWN = Path(__file__).parent / "fixtures" / "instructor_exercises"
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def build(out: Path, *args: str):
    return CliRunner().invoke(gradescope_autograder, ["-o", str(out), *args])


@pytest.fixture(scope="module")
def zips(tmp_path_factory) -> dict[str, Path]:
    """Exercise 1's autograder under the course's secret, and under another one."""
    folder = tmp_path_factory.mktemp("zips")
    made = {}
    for name, secret in (("course", SECRET), ("other", OTHER_SECRET)):
        made[name] = folder / f"{name}.zip"
        result = build(made[name], "--exercise", "1", "--secret", secret, "--lang", "en")
        assert result.exit_code == 0, result.output
    return made


def unpack(archive: Path, root: Path) -> Path:
    """The zip as Gradescope lays it out: /autograder/source (modes kept), run_autograder beside it."""
    source = root / "source"
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            target = source / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(opened.read(info))
            target.chmod((info.external_attr >> 16) & 0o777)
    (root / "run_autograder").write_bytes((source / "run_autograder").read_bytes())
    (root / "run_autograder").chmod(0o755)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def autograde(archive: Path, root: Path, files: dict[str, str | bytes], python: str = sys.executable) -> dict:
    """Run the real run_autograder on a submission of `files`; results.json as read back."""
    unpack(archive, root)
    for name, content in files.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    env = {
        "PATH": "/usr/bin:/bin",
        "AUTOGRADER_ROOT": str(root),
        "LSTM_QUIZ_PYTHON": python,
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(
        ["bash", str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def run_prepared(root: Path) -> str:
    """Run the real run_autograder of an unpacked zip whose submission is already in place; the text of
    results.json."""
    env = {"PATH": "/usr/bin:/bin", "AUTOGRADER_ROOT": str(root), "LSTM_QUIZ_PYTHON": sys.executable}
    subprocess.run(
        ["bash", str(root / "run_autograder")], env=env, capture_output=True, timeout=120, check=True
    )
    return (root / "results" / "results.json").read_text(encoding="utf-8")


def valid(results: dict) -> dict:
    """results.json checked against the fields and types Gradescope documents."""
    assert isinstance(results.get("tests"), list) and results["tests"]
    for test in results["tests"]:
        assert isinstance(test["name"], str) and test["name"]
        assert test["status"] in ("passed", "failed")
        assert test.get("visibility", "visible") in VISIBILITY
        assert isinstance(test.get("output", ""), str)
    assert results.get("visibility", "visible") in VISIBILITY
    assert results.get("stdout_visibility", "hidden") in VISIBILITY
    assert isinstance(results.get("execution_time", 0), int)
    if "score" in results:  # a grade: a number, each test with its points (out of some, if it says)
        for test in results["tests"]:
            assert isinstance(test["score"], (int, float))
            assert isinstance(test.get("max_score", test["score"]), (int, float))
            assert 0 <= test["score"] <= test.get("max_score", test["score"])
        assert isinstance(results["score"], (int, float))
        assert 0 <= results["score"] <= sum(t.get("max_score", t["score"]) for t in results["tests"])
    return results


# -- the zip ---------------------------------------------------------------------------------------


def test_the_zip_holds_executable_scripts_at_its_root_and_a_private_config(zips):
    with zipfile.ZipFile(zips["course"]) as opened:
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in opened.infolist()}
        config = json.loads(opened.read("config.json"))
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    assert modes["config.json"] == 0o600
    assert any(name.startswith("lstm_quiz-") and name.endswith("-py3-none-any.whl") for name in modes)
    assert all("/" not in name for name in modes)  # nothing under a folder: Gradescope looks at the root
    assert (config["exercise"], config["exercise_name"], config["lang"]) == (1, "gradient_clipping", "en")
    assert config["secret"] == SECRET
    assert stat.S_IMODE(zips["course"].stat().st_mode) == 0o600  # the zip holds the secret


def test_both_scripts_are_valid_bash(zips, tmp_path):
    root = unpack(zips["course"], tmp_path / "autograder")
    for script in ("setup.sh", "run_autograder"):
        checked = subprocess.run(
            ["bash", "-n", str(root / "source" / script)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
    assert "/opt/lstm-quiz/bin/python -m pip install" in (root / "source" / "setup.sh").read_text()


def test_a_secret_is_made_when_none_is_given_and_the_zip_is_said_to_be_private(tmp_path, monkeypatch):
    monkeypatch.delenv("LSTM_QUIZ_SECRET", raising=False)
    result = build(tmp_path / "a.zip", "--exercise", "gru_step", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "private" in result.output and "exercise 3 (gru_step)" in result.output
    with zipfile.ZipFile(tmp_path / "a.zip") as opened:
        secret = json.loads(opened.read("config.json"))["secret"]
    assert len(secret) >= 32
    assert build(tmp_path / "b.zip", "--exercise", "3").exit_code == 0
    with zipfile.ZipFile(tmp_path / "b.zip") as opened:
        assert json.loads(opened.read("config.json"))["secret"] != secret


def test_the_same_secret_makes_the_same_zip(zips, tmp_path):
    again = build(tmp_path / "again.zip", "--exercise", "1", "--secret", SECRET, "--lang", "en")
    assert again.exit_code == 0
    assert (tmp_path / "again.zip").read_bytes() == zips["course"].read_bytes()


def test_an_existing_file_is_replaced_only_with_force(tmp_path):
    out = tmp_path / "autograder.zip"
    out.write_bytes(b"the instructor's own zip")
    refused = build(out, "--exercise", "1", "--secret", SECRET)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert out.read_bytes() == b"the instructor's own zip"
    forced = build(out, "--exercise", "1", "--secret", SECRET, "--force")
    assert forced.exit_code == 0 and zipfile.is_zipfile(out)


@pytest.mark.parametrize(
    "args, words",
    [
        (["--exercise", "99"], "99"),
        (["--secret", "short"], "16"),
    ],
)
def test_bad_options_are_one_line_usage_errors(tmp_path, args, words):
    result = build(tmp_path / "a.zip", *args)
    assert result.exit_code == 2 and words in result.output
    assert "Traceback" not in result.output and not (tmp_path / "a.zip").exists()


def test_the_wheel_installs_with_pip_and_carries_the_exercises(zips, tmp_path):
    with zipfile.ZipFile(zips["course"]) as opened:
        (name,) = [n for n in opened.namelist() if n.endswith(".whl")]
        (tmp_path / name).write_bytes(opened.read(name))
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(target)]
    done = subprocess.run([*pip, str(tmp_path / name)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (target / "checker" / "autograder.py").is_file()
    assert (target / "checker" / "_data" / "exercises" / "gradient_clipping" / "spec.py").is_file()
    assert (target / "bin" / "lstm-quiz").is_file()


# -- run_autograder, against a simulated /autograder ---------------------------------------------------


def test_a_correct_solution_gets_full_marks(zips, tmp_path):
    results = valid(autograde(zips["course"], tmp_path / "ag", {"exercise1.py": GOOD_1}))
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) == 11
    assert all(t["status"] == "passed" for t in results["tests"])
    assert "Graded exercise1.py as exercise 1" in results["output"]


def test_a_wrong_solution_names_its_mistake_and_hidden_tests_show_nothing_of_their_inputs(zips, tmp_path):
    mine = valid(autograde(zips["course"], tmp_path / "a", {"exercise1.py": ELEMENTWISE_1}))
    other = valid(autograde(zips["other"], tmp_path / "b", {"exercise1.py": ELEMENTWISE_1}))
    assert 0 < mine["score"] < 11
    assert "Clipping each element instead of the norm" in mine["output"]
    assert any("clip-elementwise" in t.get("tags", []) for t in mine["tests"] if t["status"] == "failed")
    hidden = [t for t in mine["tests"] if t["visibility"] == "hidden"]
    assert hidden and any(t["status"] == "failed" for t in hidden)
    # other hidden inputs (another course's secret), the same words: nothing shown comes from the inputs
    others = {t["name"]: t["output"] for t in other["tests"] if t["visibility"] == "hidden"}
    assert {t["name"]: t["output"] for t in hidden} == others


def test_a_submission_scores_what_grade_gives_it_with_the_same_secret(zips, tmp_path):
    from checker.cli.grade import grade

    results = autograde(zips["course"], tmp_path / "ag", {"exercise1.py": ELEMENTWISE_1})
    (tmp_path / "class" / "bob").mkdir(parents=True)
    (tmp_path / "class" / "bob" / "exercise1.py").write_text(ELEMENTWISE_1, encoding="utf-8")
    out = tmp_path / "out"
    options = ["-o", str(out), "--seed", SECRET, "--format", "gradescope", "-j", "1", "--lang", "en"]
    graded = CliRunner().invoke(grade, [str(tmp_path / "class"), *options])
    assert graded.exit_code == 0, graded.output
    offline = json.loads((out / "gradescope" / "bob" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == offline["score"]
    assert [(t["name"], t["status"]) for t in results["tests"]] == [
        (t["name"], t["status"]) for t in offline["tests"]
    ]


def test_an_empty_submission_gets_zero_and_a_test_that_says_why(zips, tmp_path):
    results = valid(autograde(zips["course"], tmp_path / "ag", {}))
    assert results["score"] == 0
    (test,) = results["tests"]
    assert test["status"] == "failed" and test["max_score"] == 11
    assert "No file to grade" in test["output"] and "exercise1.py" in test["output"]


def test_without_an_exercise_a_submission_with_nothing_to_grade_is_not_zero_out_of_zero(tmp_path):
    archive = tmp_path / "any.zip"
    assert build(archive, "--secret", SECRET, "--lang", "en").exit_code == 0
    results = valid(autograde(archive, tmp_path / "ag", {"notes.txt": "nothing"}))
    assert results["score"] == 0
    (test,) = results["tests"]
    assert test["status"] == "failed" and "No file to grade" in test["output"]
    assert "max_score" not in test  # out of nothing it would read as full marks of nothing


def test_a_file_that_is_not_code_is_not_graded(zips, tmp_path):
    results = valid(autograde(zips["course"], tmp_path / "ag", {"answer.txt": GOOD_1}))
    assert results["score"] == 0 and "No file to grade" in results["output"]


def test_the_student_file_is_found_among_others_even_in_a_folder(zips, tmp_path):
    files = {"hw/helpers.py": "x = 1\n", "hw/exercise1.py": GOOD_1, "notes.md": "my notes"}
    results = valid(autograde(zips["course"], tmp_path / "ag", files))
    assert results["score"] == 11


def test_several_candidates_are_named_and_none_is_guessed(zips, tmp_path):
    results = valid(autograde(zips["course"], tmp_path / "ag", {"a.py": GOOD_1, "b.py": ELEMENTWISE_1}))
    assert results["score"] == 0
    assert "a.py" in results["output"] and "b.py" in results["output"] and "exercise1.py" in results["output"]


def test_a_file_of_any_name_is_graded_when_it_is_the_only_one(zips, tmp_path):
    results = valid(autograde(zips["course"], tmp_path / "ag", {"my_homework.py": GOOD_1}))
    assert results["score"] == 11


def notebook(*cells: tuple[str, str]) -> str:
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": kind,
                    "metadata": {},
                    "source": text.splitlines(True),
                    "outputs": [],
                    "execution_count": None,
                }
                for kind, text in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_a_notebooks_code_cells_are_graded(zips, tmp_path):
    submitted = notebook(
        ("markdown", "# My clipping\nIt rescales by the norm."),
        ("code", "%matplotlib inline\n!pip install nothing\n" + GOOD_1),
        ("code", "gradient_clipping(np.ones(3), 1.0)\n"),
    )
    results = valid(autograde(zips["course"], tmp_path / "ag", {"exercise1.ipynb": submitted}))
    assert results["score"] == 11


def test_a_broken_notebook_is_explained(zips, tmp_path):
    results = valid(autograde(zips["course"], tmp_path / "ag", {"exercise1.ipynb": "{not json"}))
    assert results["score"] == 0 and "Jupyter" in results["output"]


def test_a_file_saved_in_a_korean_code_page_is_read_and_the_student_told(zips, tmp_path):
    saved = ("# 기울기 클리핑 (노름 기준)\n" + GOOD_1).encode("cp949")
    results = valid(autograde(zips["course"], tmp_path / "ag", {"exercise1.py": saved}))
    assert results["score"] == 11
    assert "EUC-KR" in results["output"]


def test_an_error_in_a_notebook_is_placed_in_its_cell(zips, tmp_path):
    submitted = notebook(
        ("markdown", "# notes"),
        ("code", "import numpy as np\n"),
        ("code", "def gradient_clipping(grad, threshold):\n    return grad +\n"),
    )
    results = valid(autograde(zips["course"], tmp_path / "ag", {"exercise1.ipynb": submitted}))
    assert results["score"] == 0
    assert "cell 3" in results["output"]


def test_a_link_to_the_secret_is_never_read(zips, tmp_path):
    root = tmp_path / "ag"
    unpack(zips["course"], root)
    (root / "submission" / "exercise1.py").symlink_to(root / "source" / "config.json")
    text = run_prepared(root)
    assert SECRET not in text
    results = valid(json.loads(text))
    assert results["score"] == 0 and "No file to grade" in results["output"]
    assert (
        "Passed over: exercise1.py" in results["output"] and "a link is never followed" in results["output"]
    )


def test_a_submission_nested_thousands_of_folders_deep_is_the_students_to_fix_not_a_fault(zips, tmp_path):
    """The walk is bounded as `grade`'s is (32 folders down): no RecursionError, no grader fault."""
    import os

    root = tmp_path / "ag"
    unpack(zips["course"], root)
    here = os.open(root / "submission", os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(1100):  # deeper than a path may be written whole: one folder at a time
        os.mkdir("a", dir_fd=here)
        below = os.open("a", os.O_RDONLY | os.O_DIRECTORY, dir_fd=here)
        os.close(here)
        here = below
    written = os.open("exercise1.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=here)
    os.write(written, GOOD_1.encode())
    os.close(written)
    os.close(here)
    try:
        text = run_prepared(root)
    finally:
        remove_nested(root / "submission", "a")  # shutil.rmtree would recurse as deep
    results = valid(json.loads(text))
    assert results["score"] == 0 and "No file to grade" in results["output"]
    assert not results.get("extra_data", {}).get("grader_fault")


def remove_nested(top: Path, name: str) -> None:
    """Remove the chain of folders called `name` below `top` (and their files), deepest first."""
    import os

    chain = [os.open(top, os.O_RDONLY | os.O_DIRECTORY)]
    while True:
        try:
            chain.append(os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=chain[-1]))
        except FileNotFoundError:
            break
    for depth in range(len(chain) - 1, 0, -1):
        for entry in os.listdir(chain[depth]):
            if entry != name:
                os.unlink(entry, dir_fd=chain[depth])
        os.close(chain[depth])
        os.rmdir(name, dir_fd=chain[depth - 1])
    os.close(chain[0])


def test_a_file_with_other_names_is_not_read(zips, tmp_path):
    """A hard link could be any file of the machine, the course's secret among them."""
    root = tmp_path / "ag"
    unpack(zips["course"], root)
    (root / "submission" / "exercise1.py").hardlink_to(root / "source" / "config.json")
    text = run_prepared(root)
    assert SECRET not in text and '"format"' not in text
    results = valid(json.loads(text))
    assert results["score"] == 0 and not results.get("extra_data", {}).get("grader_fault")
    assert "exercise1.py could not be read" in results["output"]  # never run: its lines are not shown


def test_a_hidden_file_is_named_when_nothing_else_was_handed_in(zips, tmp_path):
    results = valid(autograde(zips["course"], tmp_path / "ag", {".exercise1.py": GOOD_1}))
    assert results["score"] == 0
    assert "Passed over: .exercise1.py" in results["output"] and "starts with a dot" in results["output"]


def test_a_grading_program_that_cannot_start_leaves_no_score_but_an_explanation(zips, tmp_path):
    results = valid(autograde(zips["course"], tmp_path / "ag", {"exercise1.py": GOOD_1}, python="/bin/false"))
    assert "score" not in results and results["extra_data"]["grader_fault"] is True
    assert "not a problem with your code" in results["output"]


def test_a_fault_while_grading_leaves_no_score(tmp_path, monkeypatch, zips):
    import checker.codecheck
    from checker.autograder import run

    root = unpack(zips["course"], tmp_path / "ag")
    (root / "submission" / "exercise1.py").write_text(GOOD_1, encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(checker.codecheck, "check_source", broken)
    assert run(root / "submission", root / "results" / "results.json", root / "source" / "config.json") == 0
    results = valid(json.loads((root / "results" / "results.json").read_text(encoding="utf-8")))
    assert "score" not in results and "ENOSPC" in results["output"]


def test_the_autograder_guards_itself_before_the_submission_runs(tmp_path, monkeypatch, zips):
    """Not dumpable always; run as the secret's owner where nothing keeps a child out of the grader's
    files (not root, no Landlock), nothing is run: no score, the staff told why."""
    import checker.codecheck
    from checker.autograder import run
    from checker.sandbox import secrecy

    root = unpack(zips["course"], tmp_path / "ag")
    (root / "submission" / "exercise1.py").write_text(GOOD_1, encoding="utf-8")
    called: list[str] = []
    ran: list[str] = []
    monkeypatch.setattr(secrecy, "not_dumpable", lambda: called.append("not_dumpable") or True)
    monkeypatch.setattr(secrecy, "file_isolation", lambda: False)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.delenv(secrecy.ISOLATION_OFF, raising=False)
    monkeypatch.setattr(checker.codecheck, "check_source", lambda *a, **k: ran.append("ran") or 1 / 0)
    results_path = root / "results" / "results.json"
    assert run(root / "submission", results_path, root / "source" / "config.json") == 0
    results = valid(json.loads(results_path.read_text(encoding="utf-8")))
    assert called == ["not_dumpable"] and not ran
    assert "score" not in results and results["extra_data"]["grader_fault"] is True
    monkeypatch.setenv(secrecy.ISOLATION_OFF, "1")  # the staff's informed choice: the file is run
    assert run(root / "submission", results_path, root / "source" / "config.json") == 0
    assert ran


def test_feedback_speaks_the_courses_language(tmp_path):
    archive = tmp_path / "ko.zip"
    assert build(archive, "--exercise", "1", "--secret", SECRET, "--lang", "ko").exit_code == 0
    results = valid(autograde(archive, tmp_path / "ag", {}))
    assert "채점할 파일을 찾지 못했어요" in results["output"]


def test_the_instructors_own_exercises_travel_in_the_zip(tmp_path):
    archive = tmp_path / "own.zip"
    result = build(archive, "--exercises", str(OWN), "--secret", SECRET, "--lang", "en")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(archive) as opened:
        assert "exercises/softmax/spec.py" in opened.namelist()
        assert json.loads(opened.read("config.json"))["exercise"] is None
    right = textwrap.dedent(
        """
        import numpy as np

        def softmax(x):
            e = np.exp(x - np.max(x, axis=-1, keepdims=True))
            return e / np.sum(e, axis=-1, keepdims=True)
        """
    )
    results = valid(autograde(archive, tmp_path / "ag", {"homework.py": right}))
    assert results["score"] == 8 and "exercise 101" in results["output"]
    # A submission runs as nobody: the references in spec.py are readable by root alone.
    for path in [
        tmp_path / "ag" / "source" / "exercises",
        *(tmp_path / "ag" / "source" / "exercises").rglob("*"),
    ]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_setup_keeps_the_shipped_references_from_submissions(zips, tmp_path):
    with zipfile.ZipFile(zips["course"]) as opened:
        setup = opened.read("setup.sh").decode()
    assert "chmod -R go-rwx" in setup and "exercises_dir()" in setup  # bytecode pip made of them too
    assert "-I -B -m checker.autograder selfcheck" in setup  # and none written afterwards


def test_the_image_build_check_grades_the_template(zips, tmp_path):
    root = unpack(zips["course"], tmp_path / "ag")
    command = [sys.executable, "-I", "-m", "checker.autograder", "selfcheck", "--config"]
    done = subprocess.run(
        [*command, str(root / "source" / "config.json")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "the sandbox works" in done.stdout
