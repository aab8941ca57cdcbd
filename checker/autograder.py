"""Gradescope's autograder: the files of the zip that `lstm-quiz gradescope-autograder` writes, and the
grading of one submission inside Gradescope's container (`python -m checker.autograder run`).

The zip holds setup.sh, run_autograder, config.json (the exercise, the language, the course's secret),
grader_fault.json (what Gradescope gets if the grading program cannot run at all), a wheel of this very
lstm-quiz and the instructor's own exercise folders. The wheel is assembled from the files of the
imported `checker` package, so it is the code the instructor runs, from a checkout or an installed
wheel alike, with no build backend and no network at build time.

Grading reuses `grade`'s path: the same Exam under the secret's seed, the same check_source and the
same Gradescope rendering, so a submission scores here what `lstm-quiz grade --seed SECRET` gives it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

CONFIG_FILE = "config.json"
FALLBACK_FILE = "grader_fault.json"
EXERCISES_FOLDER = "exercises"  # the instructor's own exercises, inside the zip
VENV = "/opt/lstm-quiz"  # where setup.sh installs lstm-quiz in Gradescope's image
CONFIG_FORMAT = 1
MAX_SOURCE_BYTES = 1_000_000  # as `check`: a learner's file is a few kilobytes
MAX_ENTRIES = 2000  # files and folders looked at in a submission
MAX_DEPTH = 32  # folders below the submission's: as `grade` reads a class
ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # every member's date: the same inputs make the same zip
DISTRIBUTION = "lstm-quiz"


# -- the zip, built on the instructor's machine ------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One file of the zip: its path inside, its bytes and its Unix mode."""

    name: str
    data: bytes
    mode: int = 0o644


def setup_script() -> str:
    """setup.sh: Python and a virtual environment holding the shipped wheel (its dependencies come from
    the package index), then a first grading of each exercise's template, so that a container where the
    sandbox cannot run fails the image build rather than every student's submission."""
    return f"""#!/usr/bin/env bash
# Installs lstm-quiz for Gradescope's autograder. Made by `lstm-quiz gradescope-autograder`.
set -euo pipefail
here="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip
python3 -m venv {VENV}
{VENV}/bin/python -m pip install --no-cache-dir "$here"/lstm_quiz-*.whl
chmod 600 "$here/{CONFIG_FILE}"  # the course's secret: readable by root alone, never by a submission
{VENV}/bin/python -I -B -m checker.autograder selfcheck --config "$here/{CONFIG_FILE}"
# Each exercise's spec.py holds its reference solution: readable by root alone too (a submission runs
# as nobody), wherever the kernel has no Landlock to keep it out of reach; no bytecode is written of it.
chmod -R go-rwx "$({VENV}/bin/python -I -c 'from checker.resources import exercises_dir; print(exercises_dir())')"
chmod -R go-rwx "$here/exercises" 2>/dev/null || true
"""


def run_script(lang: str) -> str:
    """run_autograder: a few lines of bash around `python -m checker.autograder run`. AUTOGRADER_ROOT
    and LSTM_QUIZ_PYTHON let the same script run outside Gradescope's container (a rehearsal, a test)."""
    from checker.i18n import message

    fallback = message("autograder.fallback_used", lang).replace("'", "'\\''")
    return f"""#!/usr/bin/env bash
# Grades one Gradescope submission with lstm-quiz. Made by `lstm-quiz gradescope-autograder`.
set -u
root="${{AUTOGRADER_ROOT:-/autograder}}"
python="${{LSTM_QUIZ_PYTHON:-{VENV}/bin/python}}"
results="$root/results/results.json"
mkdir -p "$root/results"
rm -f "$results"
chmod 600 "$root/source/{CONFIG_FILE}" 2>/dev/null
chmod -R go-rwx "$root/source/exercises" 2>/dev/null  # your exercises' references, as setup.sh left them
cd "$root" || exit 1
"$python" -I -B -m checker.autograder run --submission "$root/submission" \\
    --results "$results" --config "$root/source/{CONFIG_FILE}"
status=$?
if [ ! -s "$results" ]; then
    # the grading program did not run: an explanation for the student, never a silent zero
    cp "$root/source/{FALLBACK_FILE}" "$results"
    echo '{fallback}' "($status)"
fi
exit 0
"""


def config_text(
    exercise: int | None, name: str | None, lang: str, secret: str, timeout: float, own_exercises: bool
) -> str:
    """config.json: what run_autograder grades, and how."""
    import checker

    config = {
        "format": CONFIG_FORMAT,
        "lstm_quiz": str(checker.__version__),
        "exercise": exercise,
        "exercise_name": name,
        "lang": lang,
        "secret": secret,
        "timeout": timeout,
        "exercise_dirs": [EXERCISES_FOLDER] if own_exercises else [],
    }
    return json.dumps(config, ensure_ascii=False, indent=2) + "\n"


def package_files() -> list[tuple[str, bytes]]:
    """The imported `checker` package's files as a wheel holds them (checker/...), its banks and
    exercises under checker/_data/ as the wheel build puts them (a checkout keeps them beside)."""
    import checker
    from checker.resources import exercises_dir, quizzes_dir

    root = Path(checker.__file__).resolve().parent
    files = _tree(root, "checker")
    if not (root / "_data").is_dir():
        files += _tree(quizzes_dir(), "checker/_data/quizzes") + _tree(
            exercises_dir(), "checker/_data/exercises"
        )
    return sorted(files)


def _tree(folder: Path, prefix: str) -> list[tuple[str, bytes]]:
    """Every regular file under `folder` (no caches, no hidden files, no links), as (path, bytes)."""
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(p.startswith(".") or p == "__pycache__" for p in parts) or path.suffix in (".pyc", ".pyo"):
            continue
        if path.is_file() and not path.is_symlink():
            found.append((f"{prefix}/{'/'.join(parts)}", path.read_bytes()))
    return found


def requirements() -> list[str]:
    """lstm-quiz's own dependencies: from pyproject.toml in a checkout (the truth there; an editable
    install's metadata can be older), else from the installed distribution's metadata."""
    import checker

    pyproject = Path(checker.__file__).resolve().parent.parent / "pyproject.toml"
    try:
        import tomllib

        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == DISTRIBUTION:
            return [str(d) for d in project.get("dependencies", [])]
    except (ImportError, OSError, ValueError):
        pass
    from importlib.metadata import PackageNotFoundError, requires

    try:
        found = requires(DISTRIBUTION) or []
    except PackageNotFoundError:
        return []
    return [r for r in found if "extra" not in r.partition(";")[2]]  # an extra's needs are not the grader's


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel(files: Sequence[tuple[str, bytes]], version: str, requires: Sequence[str]) -> tuple[str, bytes]:
    """A pure-Python wheel (PEP 427) of `files` named lstm-quiz `version`: its file name and bytes."""
    dist_info = f"lstm_quiz-{version}.dist-info"
    metadata = "".join(
        ["Metadata-Version: 2.1\n", f"Name: {DISTRIBUTION}\n", f"Version: {version}\n",
         "Requires-Python: >=3.10\n", *(f"Requires-Dist: {r}\n" for r in requires)]
    )  # fmt: skip
    meta_files = [
        (f"{dist_info}/METADATA", metadata.encode()),
        (
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: lstm-quiz\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        ),
        (f"{dist_info}/entry_points.txt", b"[console_scripts]\nlstm-quiz = checker.cli:main\n"),
    ]
    everything = [*files, *meta_files]
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in everything)
    record += f"{dist_info}/RECORD,,\n"
    members = [Member(name, data) for name, data in [*everything, (f"{dist_info}/RECORD", record.encode())]]
    return f"lstm_quiz-{version}-py3-none-any.whl", zip_bytes(members)


def zip_bytes(members: Iterable[Member]) -> bytes:
    """A zip of `members` with their modes and one fixed date (the same members, the same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, ZIP_TIME)
            info.external_attr = (0o100000 | member.mode) << 16  # a regular file and its permissions
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.data)
    return buffer.getvalue()


def own_exercise_files(registry) -> list[tuple[str, bytes]]:
    """The instructor's exercise folders (those not shipped), under exercises/<name>/."""
    files = []
    for info in registry.infos().values():
        if not info.shipped:
            files += _tree(info.folder, f"{EXERCISES_FOLDER}/{info.name}")
    return files


def autograder_zip(registry, exercise: int | None, lang: str, secret: str, timeout: float) -> bytes:
    """The whole autograder zip for `exercise` (None: each submission's exercise is detected)."""
    import checker
    from checker.i18n import message

    version = str(checker.__version__)
    not_started = message("autograder.not_started", lang)
    wheel_name, wheel_data = wheel(package_files(), version, requirements())
    own = own_exercise_files(registry)
    name = registry.info(exercise).name if exercise is not None else None
    members = [
        Member("setup.sh", setup_script().encode(), 0o755),
        Member("run_autograder", run_script(lang).encode(), 0o755),
        Member(CONFIG_FILE, config_text(exercise, name, lang, secret, timeout, bool(own)).encode(), 0o600),
        Member(FALLBACK_FILE, json.dumps(fault_results(lang, not_started), ensure_ascii=False).encode()),
        Member(wheel_name, wheel_data),
        *(Member(path, data) for path, data in own),
    ]
    return zip_bytes(members)


# -- the grading, inside Gradescope's container --------------------------------------------------------


class Problem(str, Enum):
    """Why a submission could not be graded (each the student can fix): its message key."""

    NO_FILE = "autograder.no_file"
    SEVERAL_FILES = "autograder.several_files"
    TOO_LARGE = "autograder.too_large"
    UNREADABLE = "autograder.unreadable"
    REFUSED = "autograder.refused"
    UNKNOWN_EXERCISE = "autograder.unknown_exercise"
    PASSED_OVER = "autograder.passed_over"


class SubmissionProblem(Exception):
    def __init__(self, problem: Problem, **fields: object) -> None:
        super().__init__(problem.value)
        self.problem, self.fields = problem, fields


GRADABLE = (".py", ".ipynb")


def submitted_files(folder: Path, passed_over: list[Path] | None = None) -> list[Path]:
    """The regular files of a submission (links are never followed: one could point at the secret),
    hidden files and macOS's resource folders left out, nothing more than MAX_DEPTH folders down (as
    `grade` reads a class); the .py and .ipynb files left out so (a link, a hidden name) added to
    `passed_over`, so that a student who uploaded only those is told why."""
    found: list[Path] = []
    seen = 0
    waiting = [(folder, 0)]  # a stack, not recursion: a submission may nest folders thousands deep
    while waiting and seen <= MAX_ENTRIES:
        here, depth = waiting.pop()
        try:
            with os.scandir(here) as listed:
                entries = sorted(listed, key=lambda entry: entry.name)
        except OSError:
            continue
        deeper = []
        for entry in entries:
            seen += 1
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not name.startswith(".") and name != "__MACOSX" and depth < MAX_DEPTH:
                        deeper.append((Path(entry.path), depth + 1))
                    continue
                regular = entry.is_file(follow_symlinks=False)
            except OSError:
                regular = False
            path = Path(entry.path)
            if not name.startswith(".") and regular:
                found.append(path)
            elif passed_over is not None and path.suffix.lower() in GRADABLE and not name.startswith("._"):
                passed_over.append(path)
        waiting += reversed(deeper)  # in order of their names, each before what follows it
    return found


def choose_file(files: Sequence[Path], wanted: Sequence[str]) -> Path:
    """The file to grade: the one named as an exercise's student file (`wanted`), else the only .py or
    .ipynb file."""
    from checker.inert import PATH_LIMIT, flat

    names = {w.lower() for w in wanted}
    for group in (
        [f for f in files if f.name.lower() in names],
        [f for f in files if f.suffix.lower() in GRADABLE],
    ):
        if len(group) == 1:
            return group[0]
        if len(group) > 1:
            shown = ", ".join(flat(f.name, PATH_LIMIT) for f in group[:6]) + (" …" if len(group) > 6 else "")
            raise SubmissionProblem(Problem.SEVERAL_FILES, files=shown, wanted=" / ".join(wanted))
    raise SubmissionProblem(Problem.NO_FILE, wanted=" / ".join(wanted))


def read_submission(path: Path):
    """The submitted file read as `check` and `grade` read it (a notebook's code cells, a code page's
    text), as a `checker.submission.Source`."""
    from checker.inert import PATH_LIMIT, flat
    from checker.submission import read_submission as read
    from checker.submission import size_limit

    shown = flat(path.name, PATH_LIMIT)
    limit = size_limit(path.name)  # a notebook may be larger: its outputs are never read
    from checker.files import read_regular

    try:
        # a regular file of one name (a hard link could be any file, the course's secret among them),
        # read no further than its limit
        raw = read_regular(path, limit, follow_links=False, one_name=True)
    except OSError:
        raise SubmissionProblem(Problem.UNREADABLE, file=shown) from None
    if raw is None:
        raise SubmissionProblem(Problem.TOO_LARGE, file=shown, limit=limit)
    source = read(raw, path.name)
    if source.code is not None and len(source.code) > MAX_SOURCE_BYTES:
        raise SubmissionProblem(Problem.TOO_LARGE, file=shown, limit=MAX_SOURCE_BYTES)
    return source, raw


def load_config(path: Path) -> dict:
    config = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(config, dict) or config.get("format") != CONFIG_FORMAT:
        raise ValueError("config.json is not one this lstm-quiz reads")
    return config


def problem_results(problem: SubmissionProblem, lang: str, max_score: float | None) -> dict:
    """A submission that could not be graded: 0 points, and a test that says why and what to do. Its
    points out of the exercise's (`max_score`); out of none when the zip grades whichever exercise a
    file is (`None`): the assignment's points are Gradescope's, and "0 of 0" would read as nothing lost."""
    from checker.i18n import message

    text = message(problem.problem.value, lang, **problem.fields)
    test = {"name": message("autograder.test_submission", lang), "score": 0.0}
    if max_score is not None:
        test["max_score"] = max_score
    test.update(status="failed", output=text, output_format="text", visibility="visible")
    return {
        "score": 0.0,
        "output": text,
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [test],
    }


def fault_results(lang: str, detail: str) -> dict:
    """The grader failed: no score at all (never a zero the student did not earn), and a sentence that
    tells them so; the course staff runs the autograder again once it is fixed."""
    from checker.i18n import message

    text = message("autograder.grader_fault", lang, detail=detail)
    return {
        "output": text,
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [
            {
                "name": message("autograder.test_grader", lang),
                "status": "failed",
                "output": text,
                "output_format": "text",
                "visibility": "visible",
            }
        ],
        "extra_data": {"grader_fault": True},
    }


def _exercise_total(registry, number: int | None) -> float | None:
    """The points of exercise `number`; None when the zip grades any exercise (no --exercise)."""
    if number is None:
        return None
    spec = registry.spec(number)
    return float(len(spec.public_cases()) + len(spec.hidden_cases(0)))


def grade_folder(submission: Path, config: dict, config_dir: Path) -> dict:
    """Gradescope's results.json for the submission in `submission`, as `grade` writes it."""
    from checker.batch.engine import seed_from_secret
    from checker.batch.journal import Entry
    from checker.codecheck import Exam
    from checker.i18n import message, pick
    from checker.inert import PATH_LIMIT, flat
    from checker.policy import BATCH
    from checker.render.grade_view import gradescope
    from checker.specs.registry import ExerciseUnknown, Registry
    from checker.submission import check_submission

    lang = config["lang"]
    registry = Registry([config_dir / d for d in config.get("exercise_dirs", [])])
    forced = config.get("exercise")
    infos = registry.infos()
    wanted = [infos[forced].student_file] if forced is not None else [i.student_file for i in infos.values()]
    passed_over: list[Path] = []
    try:
        files = submitted_files(submission, passed_over)
        try:
            path = choose_file(files, wanted)
        except SubmissionProblem as problem:
            if problem.problem is not Problem.NO_FILE or not passed_over:
                raise
            shown = ", ".join(flat(p.name, PATH_LIMIT) for p in passed_over[:6])
            raise SubmissionProblem(
                Problem.PASSED_OVER,
                files=shown + (" …" if len(passed_over) > 6 else ""),
                wanted=" / ".join(wanted),
            ) from None
        source, raw = read_submission(path)
        try:
            number = registry.detect(source.code if source.code is not None else raw, path.name, forced)
        except ExerciseUnknown:
            if source.refusal is not None:  # no exercise to grade against: the reason is the answer
                raise SubmissionProblem(Problem.REFUSED, file=flat(path.name, PATH_LIMIT),
                                        why=pick(source.refusal, lang)) from None  # fmt: skip
            raise SubmissionProblem(
                Problem.UNKNOWN_EXERCISE, file=flat(path.name, PATH_LIMIT), choices=registry.described()
            ) from None
    except SubmissionProblem as problem:
        return problem_results(problem, lang, _exercise_total(registry, forced))
    exam = Exam(registry.spec(number), seed_from_secret(config["secret"]))
    policy = BATCH.with_budget(float(config.get("timeout", 10.0)))
    result = check_submission(source, path.name, exam, policy=policy, show_output=False)
    if result.grader_fault:
        return fault_results(lang, str(dict(getattr(result.error, "fields", ())).get("detail", "-")))
    sha = hashlib.sha256(raw).hexdigest()
    results = gradescope([Entry("submission", number, path.name, sha, "", None, result)], lang)
    graded = message(
        "autograder.graded",
        lang,
        file=flat(path.name, PATH_LIMIT),
        number=number,
        title=pick(exam.spec.title, lang),
    )
    results["output"] = "\n".join(t for t in (graded, results["output"]) if t)
    # No execution_time: the student sees results.json, and the seconds hidden tests took would say
    # something of their inputs (a submission can spend time on the inputs it chooses).
    return results


def run(submission: Path, results: Path, config_path: Path) -> int:
    """Grade and write results.json whatever happens: a fault of the grader's is written as such (and
    its traceback printed for the staff, in Gradescope's hidden stdout)."""
    import traceback

    from checker.batch.engine import fault_detail
    from checker.files import write_new_file
    from checker.sandbox import secrecy

    secrecy.not_dumpable()  # its memory holds the course's secret: closed to its own user's processes
    lang = "en"
    try:
        config = load_config(config_path)
        lang = config["lang"]
        # As root (Gradescope) a child runs as nobody, and config.json is root's alone; as the user that
        # owns it, only Landlock keeps a child from reading it.
        if os.geteuid() != 0 and not secrecy.file_isolation() and not secrecy.isolation_waived():
            raise RuntimeError(
                "the sandbox cannot keep a submission out of the grader's files here (not root, no "
                f"Landlock): nothing is run ({secrecy.ISOLATION_OFF}=1 to run it all the same)"
            )
        data = grade_folder(submission, config, config_path.parent)
    except Exception as error:  # noqa: BLE001 - the grader's fault, never the student's
        traceback.print_exc()
        data = fault_results(lang, fault_detail(error))
    results.parent.mkdir(parents=True, exist_ok=True)
    write_new_file(results, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), overwrite=True)
    _summary(data, lang)
    return 0


def _summary(data: dict, lang: str) -> None:
    """One line for the staff in Gradescope's stdout."""
    from checker.i18n import message

    if "score" not in data:
        print(message("autograder.summary_fault", lang))
    else:
        total = sum(t.get("max_score", 0) for t in data.get("tests", []))
        print(message("autograder.summary", lang, score=data["score"], total=total))


def selfcheck(config_path: Path) -> int:
    """At image build time: grade each exercise's template once. A sandbox that cannot run in this
    container fails the build (status 1), rather than every submission later."""
    from checker.codecheck import Exam, check_source
    from checker.i18n import message
    from checker.specs.registry import Registry

    config = load_config(config_path)
    lang = config["lang"]
    registry = Registry([config_path.parent / d for d in config.get("exercise_dirs", [])])
    numbers = [config["exercise"]] if config.get("exercise") is not None else registry.numbers()
    for number in numbers:
        info = registry.info(number)
        exam = Exam(registry.spec(number), 0)
        result = check_source(registry.template(number), info.student_file, exam, show_output=False)
        if result.grader_fault:
            print(message("autograder.selfcheck_failed", lang, number=number))
            return 1
    print(message("autograder.selfcheck_ok", lang, count=len(numbers)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m checker.autograder")
    commands = parser.add_subparsers(dest="command", required=True)
    grading = commands.add_parser("run")
    grading.add_argument("--submission", type=Path, required=True)
    grading.add_argument("--results", type=Path, required=True)
    grading.add_argument("--config", type=Path, required=True)
    checking = commands.add_parser("selfcheck")
    checking.add_argument("--config", type=Path, required=True)
    options = parser.parse_args(argv)
    if options.command == "run":
        return run(options.submission, options.results, options.config)
    return selfcheck(options.config)


if __name__ == "__main__":
    sys.exit(main())
