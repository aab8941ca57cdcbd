"""What a batch writes into OUT: the gradebook, results.json, each student's Gradescope file, report.md
and discovery.json. Whole results are read back from the journal one student at a time, in the
grading workers when there are. Every file is written whole under a temporary name, then renamed."""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path, PurePosixPath

FORMATS = ("csv", "json", "gradescope", "html", "feedback", "canvas", "moodle")
# Canvas and Moodle files only when asked: they need the LMS's ids (file names, or --roster).
DEFAULT_FORMATS = ("csv", "json", "gradescope", "html", "feedback")
LMS_FORMATS = ("canvas", "moodle")
UNMATCHED = "lms-unmatched.csv"
SIMILARITY = "similarity.json"
OUTPUT_NAMES = ("journal.jsonl", "gradebook.csv", "results.json", "report.md", "gradescope", "discovery.json",
                "canvas.csv", "moodle.csv", UNMATCHED, "report.html", "feedback", SIMILARITY,
                "feedback-canvas.zip", "feedback-moodle.zip")  # fmt: skip


class Refusal(Exception):
    """Something a command must refuse, as a message key and its fields (rendered at the edge).
    `usage`: a usage error (exit status 2) rather than a failure (1)."""

    def __init__(self, key: str, usage: bool = False, **fields: object) -> None:
        super().__init__(key)
        self.key, self.usage, self.fields = key, usage, fields


TEMPORARY = re.compile(
    r"^\.(?:gradebook\.csv|results\.json|report\.md|discovery\.json|secret\.txt|canvas\.csv|moodle\.csv"
    r"|lms-unmatched\.csv|report\.html|similarity\.json|feedback-(?:canvas|moodle)\.zip|\.student-files\.json)"
    r"\.[a-z0-9_]{8}$"
)
# In OUT/feedback: a student's page or Markdown file under its temporary name.
FEEDBACK_TEMPORARY = re.compile(r"^\..+\.(?:html|md)\.[a-z0-9_]{8}$")


def remove_temporaries(out: Path) -> None:
    """What an interrupted write left (a temporary file made next to an output, never renamed into
    place): only our own names (tempfile's eight characters after an output's name)."""
    folders = [out, *(p for p in (out / "gradescope").glob("*") if p.is_dir())]
    for folder in folders:
        for path in folder.glob(".*"):
            if TEMPORARY.match(path.name) and path.is_file():
                with contextlib.suppress(OSError):
                    path.unlink()
    for path in (out / "feedback").glob(".*"):
        if FEEDBACK_TEMPORARY.match(path.name) and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()


def write_chunks(path: Path, chunks) -> None:
    """Write a large file piece by piece to a temporary name, then rename it into place."""
    from checker.files import temporary_beside

    fd, temporary = temporary_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def put(path: Path, text: str, private: bool = False) -> None:
    from checker.files import write_new_file

    data = text.encode("utf-8")
    try:
        write_new_file(path, data, overwrite=True, sync=private, private=private)
    except FileNotFoundError:  # its folder is not there yet (made on demand: most already are)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new_file(path, data, overwrite=True, sync=private, private=private)


def _clean_discovery(discovery: dict, lang: str = "en") -> dict:
    """discovery.json's content as clean JSON: every name one line of valid UTF-8, bounded; why a file
    was left out both as its message key (for tools, and `merge`) and as a sentence (for people)."""
    from checker.i18n import MESSAGES, message
    from checker.inert import PATH_LIMIT, flat

    def why(reason: str) -> str:
        return message(reason, lang) if reason in MESSAGES else flat(reason)

    def text(value):
        return flat(value) if value is not None else None

    return {
        "students": {flat(student): text(lms_id) for student, lms_id in discovery["students"].items()},
        "unattributed": [
            [flat(name, PATH_LIMIT), flat(reason), why(reason)] for name, reason in discovery["unattributed"]
        ],
        "duplicates": [
            [flat(kept, PATH_LIMIT), flat(other, PATH_LIMIT)] for kept, other in discovery["duplicates"]
        ],
        "attempts": [
            [flat(student), int(number), flat(kept, PATH_LIMIT), flat(other, PATH_LIMIT)]
            for student, number, kept, other in discovery.get("attempts", [])
        ],
        "roster": [flat(wanted) for wanted in discovery.get("roster", [])],
        # the LMS each student's id came from (their file names), for merge's canvas.csv and moodle.csv
        "lms": {
            flat(student): kind for student, kind in discovery.get("lms", {}).items() if kind in LMS_FORMATS
        },
        "unread": [flat(student) for student in discovery.get("unread", [])],
    }


# A worker's open journals, by file: the students' outputs are read from the journal in the workers.
_READERS: dict = {}


def _student_outputs(journal_path: str, offsets: list[int], row, lang: str, json_line: bool,
                     gradescope_path: str | None, gradescope_name: str | None = None,
                     feedback: tuple[str, str, dict] | None = None) -> str:  # fmt: skip
    """One student's whole results read back from the journal: their Gradescope file and feedback
    files (`feedback`: the .html and .md paths and what else they say) written, and their line of
    results.json returned (empty if not wanted). Runs in the workers when there are."""
    from checker.batch.journal import Journal
    from checker.render.grade_view import gradescope, student_json

    entries = []
    if offsets:
        status = os.stat(journal_path)
        key = (journal_path, status.st_dev, status.st_ino)  # a journal replaced since is another file
        journal = _READERS.get(key) or _READERS.setdefault(key, Journal(Path(journal_path)))
        entries = [journal.entry_at(offset) for offset in offsets]
    if gradescope_path is not None and entries:
        put(Path(gradescope_path), json.dumps(gradescope(entries, lang), ensure_ascii=False))
    if feedback is not None and entries:
        _write_feedback(row, entries, lang, *feedback)
    return student_json(row, entries, lang, gradescope_name) if json_line else ""


def _write_feedback(row, entries, lang: str, html_path: str, md_path: str, context: dict) -> None:
    """A student's feedback page and Markdown file, from the same data."""
    from checker.render.feedback_view import feedback, feedback_html, feedback_markdown

    seen = feedback(row, entries, lang, context.get("titles"), context.get("version", ""))
    put(Path(html_path), feedback_html(seen))
    put(Path(md_path), feedback_markdown(seen))


def _students_outputs(tasks: list[tuple]) -> list[str]:
    """_student_outputs for each of a chunk of students."""
    return [_student_outputs(*task) for task in tasks]


def _chunked(items, count: int, pieces: int = 16, most: int = 64):
    """`items` (`count` of them) in lists of about count/pieces, at most `most` each."""
    size = max(1, min(most, -(-count // pieces)))
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _links(folder: Path) -> set[str]:
    """The names in `folder` that are symbolic links (none if it does not exist yet)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries if entry.is_symlink()}
    except (FileNotFoundError, NotADirectoryError):
        return set()


def _inside(folder: Path, out: Path) -> bool:
    """`folder` (OUT/<name>) is no link, nor under one: what is written in it stays in OUT."""
    return not folder.is_symlink() and folder.parent.resolve() == out.resolve()


def _gradescope_paths(out: Path, students, lang: str) -> dict[str, Path]:
    """Where each student's Gradescope file goes: OUT/gradescope/<name>/results.json, the names safe
    and distinct even where case does not count (inert.file_names), and none of them a link planted
    in OUT (one scan of the folder, and of each student's folder that is already there)."""
    from checker.inert import file_names

    base = out / "gradescope"
    if not _inside(base, out):
        raise Refusal("grade.unsafe_path", path=base, out=out)
    links, there = _links(base), base.is_dir()
    paths = {}
    for student, name in file_names(students).items():
        path = base / name / "results.json"
        if name in links or (there and (base / name).is_dir() and path.is_symlink()):
            raise Refusal("grade.unsafe_path", path=path, out=base)
        paths[student] = path
    return paths


def _feedback_paths(out: Path, students) -> dict[str, tuple[Path, Path]]:
    """Where each student's feedback goes: OUT/feedback/<name>.html and .md, the names safe and
    distinct as the Gradescope folders' are, and none of them a link planted in OUT."""
    from checker.inert import file_names

    base = out / "feedback"
    if not _inside(base, out):
        raise Refusal("grade.unsafe_path", path=base, out=out)
    links = _links(base)
    paths = {}
    for student, name in file_names(students).items():
        pair = (base / f"{name}.html", base / f"{name}.md")
        if any(path.name in links for path in pair):
            raise Refusal("grade.unsafe_path", path=pair[0], out=base)
        paths[student] = pair
    return paths


def _titles(workers) -> dict[int, dict]:
    """Each exercise's title, for the feedback files (the workers know the instructor's exercises)."""
    from checker.specs.registry import shipped_registry

    registry = workers.settings.registry() if hasattr(workers, "settings") else shipped_registry()
    return {number: dict(info.title) for number, info in registry.infos().items()}


def write_outputs(
    out: Path, journal, summaries, report, formats, lang: str, meta: dict, workers=None, lms=None,
    excel: bool = False, similar=None,
) -> list[Path]:  # fmt: skip
    """The gradebook, results.json, Gradescope files and report.md. Whole results are read back from
    the journal one student at a time (`summaries` say where each is), in the workers if given.
    `similar` (a similarity.ClassSimilarity): similarity.json, and a section of both reports."""
    from checker.background import in_background
    from checker.batch.report import GRADER, UNREAD
    from checker.render.grade_view import gradebook_csv, report_markdown, results_json

    where: dict[str, list[int]] = {}
    for summary in summaries:
        where.setdefault(summary.student, []).append(summary.offset)

    def writer(into: list[Path]):
        def write(path: Path, text: str) -> None:
            put(path, "\ufeff" + text if excel and path.suffix == ".csv" else text)  # --excel: a BOM
            into.append(path)

        return write

    paths = (
        _gradescope_paths(out, [row.student for row in report.rows], lang) if "gradescope" in formats else {}
    )

    pages = _feedback_paths(out, [row.student for row in report.rows]) if "feedback" in formats else {}
    context = {"titles": _titles(workers), "version": meta.get("version", "")} if pages else {}
    paged: list[str] = []  # the students whose feedback files are written
    students: list[Path] = []  # their files, as they are given out

    def tasks():
        for row in report.rows:
            mine = where.get(row.student, [])
            # A file the grader failed on, or could not read, has no score yet: no Gradescope file nor
            # feedback rather than a zero the student did not earn, or a file "not handed in" (the
            # report lists it; --resume grades it and writes these).
            scored = mine and row.status not in (GRADER, UNREAD)
            path = paths.get(row.student) if scored else None
            if path is not None:
                students.append(path)
            page = pages.get(row.student) if scored else None
            if page is not None:
                students.extend(page)
                paged.append(row.student)
            yield (str(journal.path), mine, row, lang, "json" in formats, str(path) if path else None,
                   path.relative_to(out).as_posix() if path else None,
                   (str(page[0]), str(page[1]), context) if page else None)  # fmt: skip

    def class_files() -> tuple[list[Path], list[Path]]:
        """The class's own files: (those listed before the students' files, those listed after)."""
        before: list[Path] = []
        after: list[Path] = []
        first, last = writer(before), writer(after)
        if "csv" in formats:
            first(out / "gradebook.csv", gradebook_csv(report))
        if set(LMS_FORMATS) & set(formats):
            _write_lms(out, report, formats, lms, lang, first)
        markdown = report_markdown(report, lang, meta)
        if similar is not None:
            from checker.batch import similarity

            last(out / SIMILARITY, similarity.to_json(similar))
            markdown = markdown.rstrip("\n") + "\n\n" + similarity.report_markdown(similar.pairs, lang)
        last(out / "report.md", markdown)
        if "html" in formats:
            from checker.render.html_report import report_html

            pairs, sources = (similar.pairs, similar.sources) if similar is not None else (None, None)
            last(out / "report.html", report_html(report, lang, meta, pairs, sources))
        return before, after

    wanted = {"json", "gradescope", "feedback"} & set(formats)
    # With workers, this process writes the class's files while they write the students' (it waits on
    # them meanwhile); the list of what was written is in the same order either way.
    side = in_background(class_files) if workers and wanted else None
    before, after = ([], []) if side else class_files()
    try:
        if wanted:
            journal.sync()
            if workers:  # in chunks: a round trip per student would cost more than the student's files
                chunks = workers.map(
                    _students_outputs, ((chunk,) for chunk in _chunked(tasks(), len(report.rows)))
                )
                lines = (line for chunk in chunks for line in chunk)
            else:
                lines = (_student_outputs(*t) for t in tasks())
            if "json" in formats:
                write_chunks(out / "results.json", results_json(report, lines, lang, meta))
                students.append(out / "results.json")
            else:
                for _ in lines:
                    pass
            while _READERS:  # this process's own readers (the workers' end with them)
                _READERS.popitem()[1].close()
    except BaseException:
        if side is not None:  # done before this is raised (its own trouble, if any, is second to this)
            with contextlib.suppress(BaseException):
                side()
        raise
    if side is not None:
        before, after = side()  # what it raised, it raises here (after the students' files)
    written = before + students
    if paged and lms is not None and lms.kinds:
        written += _feedback_zips(out, summaries, set(paged), pages, lms.kinds)
    written += after
    _remove_stale(out, written)
    flush_to_disk(out)  # one flush for all of them (each file was still written whole, then renamed)
    return written


def flush_to_disk(folder: Path) -> None:
    """What was written under `folder` reaches the disk: the file system that holds it only (Linux's
    syncfs), not every file system of the machine, which on a busy server may take long."""
    try:
        import ctypes

        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (ImportError, OSError):
        fd = -1
    if fd >= 0:
        try:
            syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
            if syncfs is not None and syncfs(fd) == 0:
                return
        except OSError:
            pass
        finally:
            os.close(fd)
    if hasattr(os, "sync"):
        os.sync()


# The outputs of one file each that a run may or may not write (as its formats say).
SINGLE_OUTPUTS = ("gradebook.csv", "results.json", "report.html", "canvas.csv", "moodle.csv", UNMATCHED,
                  SIMILARITY, "feedback-canvas.zip", "feedback-moodle.zip")  # fmt: skip


def _remove_stale(out: Path, written: list[Path]) -> None:
    """An earlier run's output that this run did not write (replaced with --force, or continued with
    --resume, with other formats): removed, so that OUT never shows grades or pairs older than its
    gradebook (a stale canvas.csv could be imported by mistake)."""
    kept = {path.name for path in written if path.parent == out}
    for name in SINGLE_OUTPUTS:
        if name not in kept and (out / name).is_file():
            (out / name).unlink()
    _remove_stale_students(out, written)


# The students' files (Gradescope's and the feedback pages) a run wrote, listed in OUT for the next run:
# what it did not write again is an old score beside the new gradebook, removed. Only a file a run of
# ours listed is ever removed, never anything else an instructor keeps in those folders.
STUDENT_FILES = ".student-files.json"


def _remove_stale_students(out: Path, written: list[Path]) -> None:
    mine = sorted(
        path.relative_to(out).as_posix()
        for path in written
        if path.parent.name == "feedback" or path.parent.parent.name == "gradescope"
    )
    for relative in set(_listed(out)) - set(mine):
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            continue
        path = out.joinpath(*parts)
        if not _ours(out, path, parts):
            continue
        path.unlink()
        if path.parent.parent == out / "gradescope":
            with contextlib.suppress(OSError):  # a student's folder holding something else stays
                path.parent.rmdir()
    put(out / STUDENT_FILES, json.dumps(mine, ensure_ascii=False))


def _listed(out: Path) -> list[str]:
    """The students' files the last run listed (none when there is no list, or not one we wrote)."""
    try:
        listed = json.loads((out / STUDENT_FILES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [p for p in listed if isinstance(p, str)] if isinstance(listed, list) else []


def _ours(out: Path, path: Path, parts: tuple[str, ...]) -> bool:
    """`path` (OUT/`parts`) is a regular file where a run writes students' files (feedback/NAME.html|.md
    or gradescope/NAME/results.json), reached through no link."""
    shaped = (len(parts) == 2 and parts[0] == "feedback" and parts[1].endswith((".html", ".md"))) or (
        len(parts) == 3 and parts[0] == "gradescope" and parts[2] == "results.json"
    )
    if not shaped or ".." in parts or any(part.startswith(".") for part in parts[1:]):
        return False
    folders = [out / parts[0]] + ([out / parts[0] / parts[1]] if len(parts) == 3 else [])
    if any(folder.is_symlink() or not folder.is_dir() for folder in folders):
        return False
    return not path.is_symlink() and path.is_file()


def _feedback_zips(out: Path, summaries, paged: set[str], pages, kinds) -> list[Path]:
    """feedback-canvas.zip and feedback-moodle.zip: each student's page, named as their LMS reads it back."""
    import io
    import zipfile

    from checker.batch.feedback_upload import ZIPS, uploads
    from checker.files import write_new_file

    ordered = sorted(summaries, key=lambda s: (s.student, s.exercise))  # the same ids whatever finished first
    graded = [(s.student, s.name) for s in ordered if s.student in paged]
    made: list[Path] = []
    for lms, name in ZIPS.items():
        chosen = [u for u in uploads(graded, kinds) if u.lms == lms]
        if not chosen:
            continue
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for upload in chosen:
                member = zipfile.ZipInfo(upload.member, date_time=(2020, 1, 1, 0, 0, 0))
                member.flag_bits |= 0x800  # the name is UTF-8 (Korean and Japanese names stay readable)
                archive.writestr(member, pages[upload.student][0].read_bytes(), zipfile.ZIP_DEFLATED)
        write_new_file(out / name, buffer.getvalue(), overwrite=True, sync=False)
        made.append(out / name)
    return made


def _write_lms(out: Path, report, formats, lms, lang: str, write) -> None:
    """canvas.csv and moodle.csv as asked, and lms-unmatched.csv: whom they leave out, and why."""
    from checker.batch.roster import LmsContext
    from checker.i18n import message
    from checker.render.lms_csv import canvas_csv, moodle_csv, unmatched_csv

    lms = lms or LmsContext()
    unmatched = []
    for name, render in (("canvas", canvas_csv), ("moodle", moodle_csv)):
        if name in formats:
            made = render(report, lms)
            write(out / f"{name}.csv", made.text)
            unmatched += made.unmatched
    write(out / UNMATCHED, unmatched_csv(unmatched, lambda key: message(key, lang)))


def found_dict(found, roster_ids: list[str]) -> dict:
    parts = ("students", "unattributed", "duplicates", "attempts", "lms", "unread")
    return {part: getattr(found, part) for part in parts} | {"roster": roster_ids}


def class_fingerprint(found) -> str:
    """What was found in the class (every file's student, exercise and content; every file left out),
    as a short digest: shards of one class find alike, a class downloaded again after a resubmission
    does not."""
    import hashlib

    digest = hashlib.sha256()
    for s in sorted(found.submissions, key=lambda s: (s.student, s.exercise, s.name)):
        digest.update(f"{s.student}\0{s.exercise}\0{s.name}\0{s.sha256}\n".encode("utf-8", "surrogatepass"))
    for name, reason in sorted(found.unattributed):
        digest.update(f"{name}\0{reason}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def discovery_json(discovery: dict, meta: dict, which: tuple[int, int] | None, lang: str = "en") -> str:
    """discovery.json: what was found, the roster, and the run (its secret's fingerprint, never the
    secret; its shard K/N; its counts), which `merge` checks and joins."""
    run = {k: meta[k] for k in ("input", "submissions", "reused", "version", "seed_fingerprint")}
    run.update({k: meta[k] for k in ("settings", "class_fingerprint") if k in meta})
    run["shard"] = list(which or (1, 1))
    return json.dumps(dict(_clean_discovery(discovery, lang), run=run), ensure_ascii=False, indent=2)


def check_paths(submissions: Path, out: Path) -> None:
    """OUT must be a folder (or not exist yet), and outside the submissions (else the next run would
    take its outputs for submissions)."""
    if out.exists() and not out.is_dir():
        raise Refusal("grade.out_is_file", usage=True, out=out)
    if submissions.is_dir():
        inside, top = out.resolve(), submissions.resolve()
        if inside == top or top in inside.parents:
            raise Refusal("grade.out_inside", usage=True, out=out, submissions=submissions)


def check_out(out: Path, resume: bool, force: bool) -> None:
    """Never overwrite an earlier run's files unless asked to (--resume goes on with them, --force
    replaces them)."""
    taken = [name for name in OUTPUT_NAMES if (out / name).exists()]
    if taken and not (resume or force):
        raise Refusal("grade.out_taken", out=out, names=", ".join(taken))
    if taken and resume and not force and not (out / OUTPUT_NAMES[0]).exists():
        # files of that name, but no run to go on with: somebody's own, never replaced unasked
        raise Refusal("grade.resume_no_run", out=out, names=", ".join(taken))
