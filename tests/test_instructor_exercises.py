"""An instructor's own exercises (`--exercises DIR`): listed, handed out, checked, graded, refused when
broken, and never run in the sandbox.

The example is tests/fixtures/instructor_exercises/softmax (exercise 101); deliberately broken folders
are in tests/fixtures/instructor_exercises_broken.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.specs.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures"
OWN = FIXTURES / "instructor_exercises"
SOFTMAX = OWN / "softmax"
BROKEN = FIXTURES / "instructor_exercises_broken"
SHIPPED_CLIPPING = Registry().info(1).folder  # where the installed package keeps it
SECRET = "k7Qm2VxN4pLr9TzW"  # a secret must have 16 characters at least

SOFTMAX_RIGHT = """
    import numpy as np

    def softmax(x):
        e = np.exp(x - np.max(x, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)
"""
SOFTMAX_NAIVE = """
    import numpy as np

    def softmax(x):
        e = np.exp(x)
        return e / np.sum(e, axis=-1, keepdims=True)
"""
SOFTMAX_AXIS0 = """
    import numpy as np

    def softmax(x):
        e = np.exp(x - x.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)
"""
SOFTMAX_WHOLE_ARRAY = """
    import numpy as np

    def softmax(x):
        e = np.exp(x - x.max())
        return e / e.sum()
"""
SOFTMAX_UNNORMALISED = """
    import numpy as np

    def softmax(x):
        return np.exp(x - x.max(axis=-1, keepdims=True))
"""
CLIP_RIGHT = """
    import numpy as np

    def gradient_clipping(grad, threshold):
        norm = np.linalg.norm(grad)
        return grad * (threshold / norm) if norm > threshold else grad.copy()
"""
LEAKY_RELU = """
    import numpy as np

    def leaky_relu(x):
        return np.where(x > 0, x, 0.01 * x)
"""


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def flat(text: str) -> str:
    """The output with the console's line wrapping undone."""
    return " ".join(text.split())


def gradebook(out: Path) -> tuple[list[str], dict[str, dict]]:
    text = (out / "gradebook.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    return text.splitlines()[0].split(","), {row["student"]: row for row in rows}


def lstm_quiz(*args: object, cwd: Path | None = None, **options) -> subprocess.CompletedProcess:
    """The real command, in a process of its own."""
    env = dict(os.environ, LANG="C.UTF-8", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "checker", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=300, **options,
    )  # fmt: skip


def marked_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the softmax exercise whose spec.py, when imported, appends its process id to
    imports.log beside it: (the folder to pass to --exercises, the log)."""
    root = tmp_path / "marked"
    shutil.copytree(SOFTMAX, root / "softmax")
    spec = root / "softmax" / "spec.py"
    marker = (
        "import os as _os\n"
        "with open(_os.path.join(_os.path.dirname(__file__), 'imports.log'), 'a') as _log:\n"
        "    _log.write(f'{_os.getpid()}\\n')\n"
    )
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("import numpy as np\n", "import numpy as np\n" + marker, 1), encoding="utf-8"
    )
    return root, root / "softmax" / "imports.log"


# -- the example exercise itself ---------------------------------------------------------------------


def test_the_example_spec_is_what_it_claims():
    registry = Registry([OWN])
    spec = registry.spec(101)
    assert (spec.name, spec.function) == ("softmax", "softmax")
    assert (spec.arg_names, spec.output_names) == (("x",), ("p",))
    assert set(registry.info(101).title) == {"en", "ko", "ja"}
    public, hidden = spec.public_cases(), spec.hidden_cases(7)
    assert [c.visibility for c in public] == ["visible"] * 2
    assert [c.visibility for c in hidden] == ["hidden"] * 6
    assert all(set(c.name) == {"en", "ko", "ja"} for c in public + hidden)
    assert all(c.hint and set(c.hint) == {"en", "ko", "ja"} for c in hidden)
    inputs = [c.args[0] for c in public + hidden]
    assert {x.ndim for x in inputs} == {1, 2}
    assert any(x.dtype == np.float32 for x in inputs)
    assert any(np.max(x) >= 700 for x in inputs)  # np.exp overflows a float64 above ~709
    # the hidden inputs come from the seed; the public ones do not
    assert not np.array_equal(spec.hidden_cases(7)[0].args[0], spec.hidden_cases(8)[0].args[0])
    for x in inputs:
        with np.errstate(all="raise"):  # the reference itself never overflows
            p = spec.reference(x.copy())
        assert p.shape == x.shape and p.dtype == x.dtype
        assert np.all(np.isfinite(p)) and np.allclose(p.sum(axis=-1), 1.0, rtol=1e-5)
    # every mistake is told apart from the reference by some case, and the naive one by nan
    tags = [m.tag for m in spec.misconceptions]
    assert tags == ["softmax-no-max-shift", "softmax-wrong-axis", "softmax-not-normalised"]
    for m in spec.misconceptions:
        variants = m.variant if isinstance(m.variant, tuple) else (m.variant,)
        for variant in variants:
            with np.errstate(all="ignore"):
                outs = [variant(x.copy()) for x in inputs]
            assert any(not np.allclose(o, spec.reference(x.copy())) for o, x in zip(outs, inputs)), m.tag
    with np.errstate(all="ignore"):
        naive = spec.misconceptions[0].variant(next(x for x in inputs if np.max(x) >= 700))
    assert np.isnan(naive).any()


# -- exercise list / get -----------------------------------------------------------------------------


def test_exercise_list_shows_the_instructors_exercise_beside_the_shipped_ones():
    result = run("exercise", "list", "--exercises", OWN, "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert " ".join(lines[-1].split()) == "101 softmax softmax.py softmax() A numerically stable softmax"
    assert lines[0].split()[:2] == ["1", "gradient_clipping"]  # the shipped ones are still there, first
    korean = run("exercise", "list", "--exercises", OWN, "--lang", "ko")
    assert "수치적으로 안정적인 소프트맥스" in korean.output
    # a single exercise folder may be given too
    assert "101" in run("exercise", "list", "--exercises", SOFTMAX).output
    # and without --exercises it is not there
    assert "softmax" not in run("exercise", "list").output


@pytest.mark.parametrize("which", ["softmax", "101"])
def test_exercise_get_writes_the_template(tmp_path, which):
    result = run("exercise", "get", which, tmp_path / "handout", "--exercises", OWN, "--lang", "en")
    assert result.exit_code == 0, result.output
    written = tmp_path / "handout" / "softmax.py"
    assert written.read_bytes() == (SOFTMAX / "template.py").read_bytes()
    assert "Wrote" in result.output and "softmax.py" in result.output
    # the command it tells the learner to run finds the instructor's exercise too
    assert f"lstm-quiz check {written} --exercises {OWN}" in result.output.replace("\n", "")
    text = written.read_text(encoding="utf-8")
    assert "Contract (English)" in text and "약속 (한국어)" in text and "約束 (日本語)" in text
    # a second time it is refused, unless --force
    again = run("exercise", "get", which, tmp_path / "handout", "--exercises", OWN)
    assert again.exit_code == 1 and "--force" in again.output


def test_the_untouched_template_is_not_implemented_yet(tmp_path):
    run("exercise", "get", "softmax", tmp_path, "--exercises", OWN)
    result = run("check", tmp_path / "softmax.py", "--exercises", OWN, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert (data["exercise"], data["error_kind"], data["score"]) == (101, "not-implemented", 0.0)


# -- check ---------------------------------------------------------------------------------------------


def test_check_a_correct_solution_gets_full_marks(tmp_path):
    path = write(tmp_path, {"softmax.py": SOFTMAX_RIGHT}) / "softmax.py"
    result = run("check", path, "--exercises", OWN, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Exercise 101: A numerically stable softmax" in result.output
    assert "Score 8/8" in result.output and "All tests passed." in result.output
    data = json.loads(run("check", path, "--exercises", OWN, "--json").output)
    assert (data["exercise"], data["function"], data["status"]) == (101, "softmax", "pass")
    assert (data["score"], data["max_score"]) == (8.0, 8.0)
    assert data["misconceptions"] == []


def test_check_detects_the_exercise_by_its_function_whatever_the_file_is_called(tmp_path):
    path = write(tmp_path, {"homework_week3.py": SOFTMAX_RIGHT}) / "homework_week3.py"
    result = run("check", path, "--exercises", OWN, "--json")
    assert result.exit_code == 0 and json.loads(result.output)["exercise"] == 101


def test_without_exercises_the_file_is_not_recognised(tmp_path):
    path = write(tmp_path, {"softmax.py": SOFTMAX_RIGHT}) / "softmax.py"
    result = run("check", path)
    assert result.exit_code == 2 and "Cannot tell which exercise" in flat(result.output)


@pytest.mark.parametrize(
    ("source", "tag", "title", "failing"),
    [
        (SOFTMAX_NAIVE, "softmax-no-max-shift", "exp(x) without subtracting the maximum first",
         {"large-1d", "large-2d", "very-negative"}),
        (SOFTMAX_AXIS0, "softmax-wrong-axis", "Normalised over the wrong axis", None),
        (SOFTMAX_WHOLE_ARRAY, "softmax-wrong-axis", "Normalised over the wrong axis", None),
        (SOFTMAX_UNNORMALISED, "softmax-not-normalised", "The exponentials are not divided by their sum", None),
    ],
    ids=["naive-exp", "axis-0", "whole-array", "not-normalised"],
)  # fmt: skip
def test_check_names_each_mistake(tmp_path, source, tag, title, failing):
    path = write(tmp_path, {"softmax.py": source}) / "softmax.py"
    result = run("check", path, "--exercises", OWN, "--lang", "en")
    assert result.exit_code == 1
    shown = flat(result.output)
    assert "Likely mistake" in shown and title in shown
    data = json.loads(run("check", path, "--exercises", OWN, "--json").output)
    assert data["status"] == "fail" and data["score"] < data["max_score"] == 8.0
    assert [m["tag"] for m in data["misconceptions"]] == [tag]
    if failing is not None:  # the naive exp is right until the values are large (or very negative)
        assert {t["id"] for t in data["tests"] if t["status"] != "pass"} == failing
        assert {t["misconception"] for t in data["tests"] if t["status"] != "pass"} == {tag}


# -- grade ---------------------------------------------------------------------------------------------


def mixed_class(folder: Path) -> Path:
    return write(
        folder,
        {
            "alice/softmax.py": SOFTMAX_RIGHT,
            "alice/exercise1.py": CLIP_RIGHT,
            "bob/softmax.py": SOFTMAX_NAIVE,
            "bob/ex1.py": CLIP_RIGHT,
            "carol/my_answer.py": SOFTMAX_AXIS0,  # told by the function it defines
            "dave/exercise1.py": CLIP_RIGHT,
        },
    )


def test_grade_a_class_mixing_shipped_and_own_exercises(tmp_path):
    out = tmp_path / "out"
    result = run("grade", mixed_class(tmp_path / "class"), "--exercises", OWN, "-o", out, "-j", "1",
                 "--seed", SECRET, "--lang", "en")  # fmt: skip
    assert result.exit_code == 0, result.output
    header, rows = gradebook(out)
    assert header[:4] == ["student", "lms_id", "exercise1", "exercise101"]
    assert (rows["alice"]["exercise1"], rows["alice"]["exercise101"]) == ("11", "8")
    assert (rows["bob"]["exercise1"], rows["bob"]["exercise101"]) == ("11", "5")
    assert rows["bob"]["misconceptions"] == "softmax-no-max-shift"
    assert rows["carol"]["exercise101"] != "8" and rows["carol"]["misconceptions"] == "softmax-wrong-axis"
    assert (rows["dave"]["exercise1"], rows["dave"]["exercise101"]) == ("11", "")
    assert {row["max_total"] for row in rows.values()} == {"19"}  # 11 + 8
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    graded = sorted((s["student"], sub["exercise"]) for s in results["students"] for sub in s["submissions"])
    assert graded == [("alice", 1), ("alice", 101), ("bob", 1), ("bob", 101), ("carol", 101), ("dave", 1)]
    report = (out / "report.md").read_text(encoding="utf-8")
    # what to re-teach, from spec.py (as Markdown shows it: its parentheses escaped)
    assert "exp\\(x\\) without subtracting the maximum first" in report


def test_a_flat_class_of_own_exercises_zipped_in_a_folder_is_a_class(tmp_path):
    """`lab/alice_softmax.py`, `lab/bob_softmax.py`: the own exercise's file name tells these files are
    named by student, so `lab` wraps the class; it is no student."""
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("lab/alice_softmax.py", textwrap.dedent(SOFTMAX_RIGHT))
        zf.writestr("lab/bob_softmax.py", textwrap.dedent(SOFTMAX_NAIVE))
    out = tmp_path / "out"
    result = run("grade", archive, "--exercises", OWN, "-o", out, "-j", "1", "--seed", SECRET)
    assert result.exit_code == 0, result.output
    _, rows = gradebook(out)
    assert set(rows) == {"alice", "bob"} and rows["alice"]["exercise101"] == "8"


def test_grade_and_merge_shards_with_own_exercises(tmp_path):
    klass = mixed_class(tmp_path / "class")
    for k in (1, 2):
        shard = run("grade", klass, "--exercises", OWN, "-o", tmp_path / f"shard{k}", "--shard", f"{k}/2",
                    "-j", "1", "--seed", SECRET)  # fmt: skip
        assert shard.exit_code == 0, shard.output
    merged = run(
        "merge", tmp_path / "shard1", tmp_path / "shard2", "--exercises", OWN, "-o", tmp_path / "all"
    )
    assert merged.exit_code == 0, merged.output
    header, rows = gradebook(tmp_path / "all")
    assert "exercise101" in header
    assert (rows["alice"]["exercise101"], rows["bob"]["exercise101"]) == ("8", "5")


# -- broken exercise folders ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "problem"),
    [
        ("bad_number", "exercise.yaml: number 1 is already used by"),
        ("bad_yaml", "exercise.yaml: is not valid YAML"),
    ],
)
@pytest.mark.parametrize("command", ["list", "check", "grade"])
def test_a_broken_exercise_folder_is_one_clear_line(tmp_path, folder, problem, command):
    klass = mixed_class(tmp_path / "class")
    args = {
        "list": ["exercise", "list"],
        "check": ["check", klass / "alice" / "exercise1.py"],
        "grade": ["grade", klass, "-o", tmp_path / "out", "-j", "1", "--seed", SECRET],
    }[command]
    result = run(*args, "--exercises", BROKEN / folder, "--lang", "en")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: An exercise folder cannot be used: ")
    assert f"{BROKEN / folder}/{problem}" in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # nothing was started


def test_a_spec_that_raises_on_import_stops_check_with_one_line(tmp_path):
    path = write(tmp_path, {"leaky_relu.py": LEAKY_RELU}) / "leaky_relu.py"
    listed = run("exercise", "list", "--exercises", BROKEN / "raising_spec")
    assert listed.exit_code == 0 and "leaky_relu" in listed.output  # spec.py is not needed to list it
    result = run("check", path, "--exercises", BROKEN / "raising_spec", "--lang", "en")
    assert_folder_refused(result, BROKEN / "raising_spec", "RuntimeError: the instructor left a typo here")


def assert_folder_refused(result, folder: Path, problem: str) -> None:
    """One line, exit status 1, naming the folder's spec.py and its problem."""
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: An exercise folder cannot be used: {folder / 'spec.py'}: {problem}"
    ]


def test_a_spec_that_raises_on_import_stops_grade_with_one_line(tmp_path):
    klass = write(tmp_path / "class", {"alice/leaky_relu.py": LEAKY_RELU, "alice/exercise1.py": CLIP_RIGHT})
    result = run("grade", klass, "--exercises", BROKEN / "raising_spec", "-o", tmp_path / "out", "-j", "1",
                 "--seed", SECRET, "--lang", "en")  # fmt: skip
    assert result.exit_code == 1
    assert str(BROKEN / "raising_spec" / "spec.py") in result.output
    assert "RuntimeError: the instructor left a typo here" in result.output


def test_a_broken_folder_in_a_real_process_prints_no_traceback(tmp_path):
    path = write(tmp_path, {"leaky_relu.py": LEAKY_RELU}) / "leaky_relu.py"
    for args in (
        ["exercise", "list", "--exercises", BROKEN / "bad_yaml"],
        ["check", path, "--exercises", BROKEN / "raising_spec"],
    ):
        done = lstm_quiz(*args, "--lang", "en")
        assert done.returncode == 1, done.stderr
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("Error: An exercise folder cannot be used: ")
        assert "Traceback" not in done.stderr


def softmax_with(tmp_path: Path, addition: str) -> Path:
    """A copy of the softmax exercise whose spec.py ends with `addition`."""
    folder = tmp_path / "own" / "softmax"
    shutil.copytree(SOFTMAX, folder)
    with open(folder / "spec.py", "a", encoding="utf-8") as spec:
        spec.write("\n" + addition)
    return folder


def test_a_float32_forms_that_is_no_function_is_one_clear_line(tmp_path):
    folder = softmax_with(tmp_path, "float32_forms = [1, 2]\n")
    path = write(tmp_path, {"softmax.py": SOFTMAX_RIGHT}) / "softmax.py"
    result = run("check", path, "--exercises", tmp_path / "own", "--lang", "en")
    assert_folder_refused(result, folder, "float32_forms must be a function of a case's arrays")


def test_a_float32_forms_that_fails_widens_nothing_and_grades(tmp_path):
    softmax_with(tmp_path, "def float32_forms(args):\n    raise RuntimeError('no other form')\n")
    float32_right = SOFTMAX_RIGHT.replace(
        "def softmax(x):\n", "def softmax(x):\n        x = x.astype(np.float32)\n"
    )
    path = write(tmp_path, {"softmax.py": float32_right}) / "softmax.py"
    result = run("check", path, "--exercises", tmp_path / "own", "--lang", "en", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["score"] == json.loads(result.output)["max_score"]


def test_a_clash_of_numbers_is_refused_naming_both_folders(tmp_path):
    result = run("exercise", "list", "--exercises", BROKEN / "bad_number")
    assert result.exit_code == 1
    assert str(BROKEN / "bad_number" / "exercise.yaml") in result.output
    assert str(SHIPPED_CLIPPING) in result.output
    # two folders of the instructor's own, both numbered 101
    other = tmp_path / "more" / "softmax_again"
    shutil.copytree(SOFTMAX, other)
    result = run("exercise", "list", "--exercises", OWN, "--exercises", tmp_path / "more")
    assert result.exit_code == 1
    line = flat(result.output)
    assert f"{other / 'exercise.yaml'}: number 101 is already used by {SOFTMAX}" in line


# -- the instructor's spec.py never runs in the sandbox -------------------------------------------------


def _readable_by_anyone(path: Path) -> bool:
    """Plain file permissions would let any user (the sandbox's `nobody` too) read `path`."""
    if not path.stat().st_mode & stat.S_IROTH:
        return False
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in path.resolve().parents)


@pytest.mark.parametrize("bubblewrap", [True, False], ids=["all-layers", "without-bubblewrap"])
def test_a_student_cannot_read_the_instructors_spec(tmp_path, monkeypatch, bubblewrap):
    from checker.sandbox._landlock import abi_version

    if abi_version() < 1:
        pytest.skip("Landlock is not available on this kernel")
    if not bubblewrap:  # bubblewrap binds / read-only: reading is refused by Landlock alone
        monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
    target = (SOFTMAX / "spec.py").resolve()
    if os.geteuid() == 0 and not _readable_by_anyone(target):  # the child becomes `nobody`
        pytest.skip("the file's own mode refuses other users: the refusal would not be Landlock's")
    assert "def reference" in target.read_text(encoding="utf-8")  # the grader itself can read it
    source = f"""
        import numpy as np

        SECRET = open({str(target)!r}).read()

        def softmax(x):
            return x
    """
    path = write(tmp_path, {"softmax.py": source}) / "softmax.py"
    result = run("check", path, "--exercises", OWN, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["isolation"]["landlock"] >= 1
    if not bubblewrap:
        assert data["isolation"]["namespaces"] is False
    assert data["error_kind"] == "import" and data["score"] == 0.0
    refused = (
        f"PermissionError: [Errno 13] Permission denied: '{target}'",  # Landlock
        f"FileNotFoundError: [Errno 2] No such file or directory: '{target}'",  # not in the runner's root
    )
    assert any(text in data["error"] for text in refused), data["error"]
    # caught, the error says the same from inside the function
    caught = f"""
        try:
            open({str(target)!r}).read()
            HOW = "read it"
        except OSError as error:
            HOW = type(error).__name__

        def softmax(x):
            raise RuntimeError(HOW)
    """
    path = write(tmp_path, {"softmax.py": caught}) / "softmax.py"
    data = json.loads(run("check", path, "--exercises", OWN, "--json").output)
    public = [t for t in data["tests"] if t["visibility"] == "visible"]
    raised = {"Raised RuntimeError: PermissionError", "Raised RuntimeError: FileNotFoundError"}
    assert public and all(t["message"] in raised for t in public)


def test_the_spec_is_imported_once_in_the_grader_process_by_check(tmp_path):
    own, log = marked_copy(tmp_path)
    path = write(tmp_path, {"softmax.py": SOFTMAX_NAIVE}) / "softmax.py"
    result = run("check", path, "--exercises", own, "--json")
    assert result.exit_code == 1 and json.loads(result.output)["misconceptions"]
    assert log.read_text(encoding="utf-8").split() == [str(os.getpid())]


def test_the_spec_is_imported_once_in_the_grader_process_by_grade(tmp_path):
    own, log = marked_copy(tmp_path)
    out = tmp_path / "out"
    result = run("grade", mixed_class(tmp_path / "class"), "--exercises", own, "-o", out, "-j", "1",
                 "--seed", SECRET)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert gradebook(out)[1]["alice"]["exercise101"] == "8"  # graded with it: 3 softmax files
    assert log.read_text(encoding="utf-8").split() == [str(os.getpid())]


def test_with_worker_processes_each_imports_the_spec_once(tmp_path):
    own, log = marked_copy(tmp_path)
    out = tmp_path / "out"
    grader = subprocess.Popen(
        [sys.executable, "-m", "checker", "grade", str(mixed_class(tmp_path / "class")), "--exercises",
         str(own), "-o", str(out), "-j", "2", "--seed", SECRET],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ, NO_COLOR="1"),
    )  # fmt: skip
    stdout, stderr = grader.communicate(timeout=300)
    assert grader.returncode == 0, stderr
    assert gradebook(out)[1]["bob"]["exercise101"] == "5"
    pids = log.read_text(encoding="utf-8").split()
    assert len(pids) == len(set(pids))  # no process imported it twice
    assert str(grader.pid) in pids  # the grader (for the report) ...
    assert len(pids) <= 1 + 2  # ... and at most its two workers; never a sandbox (it cannot even read it)


# -- a result is not reused across a change of the instructor's spec.py ---------------------------------


def _run_meta(out: Path) -> dict:
    return json.loads((out / "discovery.json").read_text(encoding="utf-8"))["run"]


def _softmax_test_ids(out: Path) -> set[str]:
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {
        t["id"]
        for s in results["students"]
        for sub in s["submissions"]
        if sub["exercise"] == 101
        for t in sub["tests"]
    }


def test_resume_regrades_after_the_spec_changes(tmp_path):
    # real processes: each run imports spec.py afresh, as an instructor's runs do
    own = tmp_path / "own"
    shutil.copytree(OWN, own)
    klass, out = mixed_class(tmp_path / "class"), tmp_path / "out"
    grade = ["grade", klass, "--exercises", own, "-o", out, "-j", "1", "--seed", SECRET]

    first = lstm_quiz(*grade)
    assert first.returncode == 0, first.stderr
    before = _run_meta(out)
    assert before["reused"] == 0 and before["submissions"] == 6
    assert "+" in before["version"]  # the grader's version and a digest of the instructor's exercises
    assert "one-class" in _softmax_test_ids(out)

    unchanged = lstm_quiz(*grade, "--resume")
    assert unchanged.returncode == 0, unchanged.stderr
    assert _run_meta(out)["reused"] == 6 and _run_meta(out)["version"] == before["version"]

    spec = own / "softmax" / "spec.py"
    text = spec.read_text(encoding="utf-8")
    assert '_case("one-class"' in text
    spec.write_text(text.replace('_case("one-class"', '_case("one-column"'), encoding="utf-8")

    changed = lstm_quiz(*grade, "--resume")
    assert changed.returncode == 0, changed.stderr
    after = _run_meta(out)
    assert after["version"] != before["version"]
    assert after["reused"] == 0  # nothing graded under the old spec is reused
    ids = _softmax_test_ids(out)
    assert "one-column" in ids and "one-class" not in ids
    _, rows = gradebook(out)
    assert (rows["alice"]["exercise101"], rows["bob"]["exercise101"]) == ("8", "5")


LOG_SPEC = '''
    """Exercise 102: log_scores(x) — the natural log, where log(0) is -inf."""

    import numpy as np

    from checker.specs.base import VISIBLE, TestCase

    ARG_NAMES = ("x",)
    OUTPUT_NAMES = ("y",)
    MISCONCEPTIONS = ()


    def reference(x):
        with np.errstate(divide="ignore"):
            return np.log(x)


    def _case(case_id, x, visibility="hidden"):
        name = {"en": case_id, "ko": case_id, "ja": case_id}
        return TestCase(id=case_id, name=name, args=(np.asarray(x),), visibility=visibility)


    def public_cases():
        return [_case("with-zero", [0.0, 1.0, 2.0], VISIBLE)]


    def hidden_cases(seed):
        return [_case("zeros", np.zeros(200))]  # compared by numpy rather than as Python floats
'''
LOG_YAML = """
    number: 102
    function: log_scores
    student_file: log_scores.py
    file_names: [log_scores]
    title: {en: Logs, ko: 로그, ja: 対数}
"""
LOG_TEMPLATE = """
    import numpy as np


    def log_scores(x):
        raise NotImplementedError
"""


@pytest.mark.parametrize(
    "body, score",
    [
        ("with np.errstate(divide='ignore'):\n        return np.log(x)", "2"),
        ("return np.log(np.maximum(x, 1e-300))", "0"),  # -690.8 is far from -inf, however large
        ("return np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), -1e308)", "0"),
    ],
)
def test_an_infinite_expected_value_is_met_only_by_infinity(tmp_path, body, score):
    own = write(tmp_path / "own", {"log/spec.py": LOG_SPEC, "log/exercise.yaml": LOG_YAML,
                                   "log/template.py": LOG_TEMPLATE})  # fmt: skip
    source = f"import numpy as np\n\n\ndef log_scores(x):\n    {body}\n"
    klass = tmp_path / "class"
    (klass / "alice").mkdir(parents=True)
    (klass / "alice" / "log_scores.py").write_text(source, encoding="utf-8")
    checked = json.loads(run("check", klass / "alice" / "log_scores.py", "--exercises", own, "--json").output)
    assert checked["status"] == ("pass" if score == "2" else "fail")
    out = tmp_path / "out"
    result = run("grade", klass, "--exercises", own, "-o", out, "-j", "1", "--seed", SECRET)
    assert result.exit_code == 0, result.output
    assert gradebook(out)[1]["alice"]["exercise102"] == score
