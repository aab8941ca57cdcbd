"""A journal line or a shard's discovery.json that is not what `grade` writes (cut, edited by hand,
forged): never a traceback. A damaged journal line is skipped with a warning that names it, and its file
is graded again on `--resume` (its score the honest one, never the line's); `merge` refuses a shard that
holds one, in one line (no score, nor a zero, can be joined for its file). A damaged discovery.json is a
one-line refusal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_grade_inputs import ELEMENTWISE_1, GOOD_1, grade, gradebook, one_line_error, run, write

from checker.batch.journal import MAX_LINE, Journal

# -- damaged journal lines ---------------------------------------------------------------------------


def _dump(entry: dict) -> bytes:
    return json.dumps(entry, ensure_ascii=False, allow_nan=True).encode("utf-8")


def _result(change):
    """A damage done to the line's result (a dict, changed in place)."""

    def damage(entry: dict) -> bytes:
        change(entry["result"])
        return _dump(entry)

    return damage


def _entry(change):
    """A damage done to the line's own fields."""

    def damage(entry: dict) -> bytes:
        change(entry)
        return _dump(entry)

    return damage


def _first_test(**fields):
    return _result(lambda r: r["tests"][0].update(fields))


def _with(**fields):
    return _result(lambda r: r.update(fields))


def _points_above_max(result: dict) -> None:
    """A test worth 1 that scores 1000, the file's total raised to match."""
    result["tests"][0].update(status="pass", score=1000.0)
    result["score"] += 1000.0


DAMAGES = {
    "exercise_inf": lambda e: _dump(e).replace(b'"exercise": 1,', b'"exercise": 1e400,', 1),
    "exercise_big": _entry(lambda e: e.update(exercise=10**6)),
    "name_str": _first_test(name="plain"),
    "score_str": _with(score="abc"),
    "score_nan": _with(score=float("nan")),
    "score_huge": _with(score=1e308, max_score=1e308),
    "score_forged": _with(score=999.0),
    "test_points": _result(_points_above_max),
    "deep": lambda e: _dump(e)[:-1] + b', "zz": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "mis_bad": _with(misconceptions=[{"tag": "x", "title": "str", "explanation": 5}]),
    "error_bad": _with(error={"key": "no.such.key", "fields": {"a": [1, 2]}}, status="error"),
    "error_unknown_key": _with(error={"key": "no.such.key", "fields": {}}, status="error"),
    "error_field_list": _with(error={"key": "check.exit", "fields": {"code": [1, 2]}}, status="error"),
    "lms_dict": _entry(lambda e: e.update(lms_id={"a": 1})),
    "visibility_weird": _first_test(visibility="<b>x"),
    "message_fields_missing": _first_test(message={"key": "check.syntax", "fields": {}}, status="fail"),
    "details_bad": _first_test(details="x", status="fail"),
    "seconds_bad": _first_test(seconds="x"),
    "notes_bad": _with(notes=[{"key": "submission.read_as"}]),
    "finding_bad": _with(findings=[{"key": "diag.only-output-wrong", "fields": {"x": {"y": 1}}}]),
    "invalid_utf8": lambda e: _dump(e).replace(b'"bob"', b'"b\xff\xfeob"', 1),
    "too_long": lambda e: _dump(e)[:-1] + b', "zz": "' + b"a" * (MAX_LINE + (1 << 20)) + b'"}',
}


def damage_bob(journal: Path, kind: str) -> int:
    """Bob's line of `journal` damaged in place by `kind`; returns its line number."""
    lines = journal.read_bytes().splitlines()
    (number,) = [n for n, line in enumerate(lines) if json.loads(line)["student"] == "bob"]
    forged = DAMAGES[kind](json.loads(lines[number]))
    assert forged != lines[number] and b"\n" not in forged
    lines[number] = forged
    journal.write_bytes(b"".join(line + b"\n" for line in lines))
    return number + 1


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, Path, dict]:
    """A class of two (alice right, bob partly wrong), graded whole and in two shards; bob's honest
    gradebook row."""
    top = tmp_path_factory.mktemp("damage")
    root = write(top / "class", {"alice/exercise1.py": GOOD_1, "bob/exercise1.py": ELEMENTWISE_1})
    whole = top / "whole"
    assert grade(str(root), "-o", str(whole)).exit_code == 0
    for k in (1, 2):
        result = grade(str(root), "-o", str(top / f"shard{k}"), "--shard", f"{k}/2")
        assert result.exit_code == 0, result.output
    assert Journal(whole / "journal.jsonl").read()[1] == []  # what grade writes, it reads back
    honest = gradebook(whole)
    assert honest["bob"]["exercise1"] not in ("", "11", "999")
    return root, top, honest


def said(result, text: str) -> bool:
    """`text` is in the command's output, however the terminal wrapped it."""
    return "".join(text.split()) in "".join(result.output.split())


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def _bobs_shard(top: Path) -> int:
    return next(k for k in (1, 2) if b'"student":"bob"' in (top / f"shard{k}" / "journal.jsonl").read_bytes())


@pytest.mark.parametrize("kind", sorted(DAMAGES))
def test_resume_grades_a_damaged_line_again(graded, tmp_path, kind):
    root, top, honest = graded
    out = _copy(top / "whole", tmp_path / "out")
    number = damage_bob(out / "journal.jsonl", kind)
    result = grade(str(root), "-o", str(out), "--resume")
    assert result.exit_code == 0, result.output
    assert said(result, f"journal.jsonl:{number}: skipped a damaged line")
    assert gradebook(out) == honest  # bob graded again: his own score, not the line's
    lines = (out / "journal.jsonl").read_bytes()
    again = grade(str(root), "-o", str(out), "--resume")  # the damage costs one regrade, not one per run
    assert again.exit_code == 0, again.output
    assert (out / "journal.jsonl").read_bytes() == lines
    assert gradebook(out) == honest


@pytest.mark.parametrize(
    "lang, words", [("ko", "손상된 줄을 건너뛰었습니다"), ("ja", "壊れた行を読み飛ばしました")]
)
def test_the_damaged_line_warning_is_in_the_users_language(graded, tmp_path, lang, words):
    root, top, honest = graded
    out = _copy(top / "whole", tmp_path / "out")
    number = damage_bob(out / "journal.jsonl", "score_forged")
    result = grade(str(root), "-o", str(out), "--resume", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert said(result, f"journal.jsonl:{number}:") and said(result, words)
    assert gradebook(out) == honest


def test_lines_after_an_overlong_line_are_read_where_they_are(graded, tmp_path):
    """A line longer than any grade writes is damaged, and the lines after it keep their places (their
    results are read back from there when the outputs are written)."""
    _, top, _ = graded
    path = tmp_path / "journal.jsonl"
    lines = (top / "whole" / "journal.jsonl").read_bytes().splitlines(keepends=True)
    path.write_bytes(b"x" * (MAX_LINE + 3 * (1 << 16) + 5) + b"\n" + b"".join(lines) + b"{")
    journal = Journal(path)
    found, damaged = journal.read()
    assert damaged == [1, len(lines) + 2]
    assert sorted(s.student for s in found) == ["alice", "bob"]
    for summary in found:
        assert journal.entry_at(summary.offset).student == summary.student
    journal.close()


@pytest.mark.parametrize("kind", sorted(DAMAGES))
def test_merge_refuses_a_shard_with_a_damaged_line_in_one_line(graded, tmp_path, kind):
    _, top, _ = graded
    shards = [_copy(top / f"shard{k}", tmp_path / f"shard{k}") for k in (1, 2)]
    number = damage_bob(shards[_bobs_shard(top) - 1] / "journal.jsonl", kind)
    line = one_line_error(run("merge", *map(str, shards), "-o", str(tmp_path / "merged")))
    assert f"journal.jsonl:{number}" in line and "grade --resume" in line
    assert not (tmp_path / "merged").exists()  # never a gradebook with a zero the student did not earn


def test_a_shard_with_a_damaged_line_is_mended_by_grading_it_again(graded, tmp_path):
    root, top, honest = graded
    shards = [_copy(top / f"shard{k}", tmp_path / f"shard{k}") for k in (1, 2)]
    k = _bobs_shard(top)
    number = damage_bob(shards[k - 1] / "journal.jsonl", "score_forged")
    assert run("merge", *map(str, shards), "-o", str(tmp_path / "merged")).exit_code == 2
    # --resume grades bob again, but the damaged line stays: merge still cannot tell whose it was
    assert grade(str(root), "-o", str(shards[k - 1]), "--resume", "--shard", f"{k}/2").exit_code == 0
    assert run("merge", *map(str, shards), "-o", str(tmp_path / "merged")).exit_code == 2
    journal = shards[k - 1] / "journal.jsonl"  # the line removed, as the refusal says
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines[: number - 1] + lines[number:]))
    result = run("merge", *map(str, shards), "-o", str(tmp_path / "merged"))
    assert result.exit_code == 0, result.output
    assert gradebook(tmp_path / "merged") == honest


# -- damaged discovery.json of a shard ---------------------------------------------------------------


def _discovery(change):
    """A damage done to discovery.json's data (changed in place)."""

    def damage(info: dict) -> bytes:
        change(info)
        return json.dumps(info, allow_nan=True).encode("utf-8")

    return damage


def _shard(value):
    return _discovery(lambda info: info["run"].update(shard=value))


def _part(name: str, value):
    return _discovery(lambda info: info.update({name: value}))


DISCOVERY_DAMAGES = {
    "inf": _shard([1, float("inf")]),
    "float": _shard([1.9, 2]),
    "students_list": _part("students", ["alice", "bob"]),
    "unattr_bad": _part("unattributed", [[1], "x", {"a": 1}]),
    "attempts_bad": _part("attempts", [["bob", "x", "a"]]),
    "run_input": _discovery(lambda info: info["run"].update(input={"x": [1]}, reused="x")),
    "deep": lambda info: b'{"run": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "invalid_utf8": lambda info: (
        json.dumps(info, ensure_ascii=False).encode("utf-8").replace(b"alice", b"al\xffice")
    ),
}


@pytest.mark.parametrize("kind", sorted(DISCOVERY_DAMAGES))
def test_merge_refuses_a_damaged_discovery_json_in_one_line(graded, tmp_path, kind):
    _, top, _ = graded
    shards = [_copy(top / f"shard{k}", tmp_path / f"shard{k}") for k in (1, 2)]
    path = shards[0] / "discovery.json"
    path.write_bytes(DISCOVERY_DAMAGES[kind](json.loads(path.read_bytes())))
    line = one_line_error(run("merge", *map(str, shards), "-o", str(tmp_path / "merged")))
    assert "discovery.json is not as lstm-quiz grade writes it" in line
    assert not (tmp_path / "merged").exists()


def test_merge_never_counts_up_to_a_huge_shard_count(graded, tmp_path):
    """N is whatever was typed in --shard K/N: the missing shards are named, a few, never enumerated."""
    _, top, _ = graded
    shard = _copy(top / "shard1", tmp_path / "shard1")
    info = json.loads((shard / "discovery.json").read_text(encoding="utf-8"))
    info["run"]["shard"] = [1, 10**10]
    (shard / "discovery.json").write_text(json.dumps(info), encoding="utf-8")
    line = one_line_error(run("merge", str(shard), "-o", str(tmp_path / "merged")))
    assert "Shards missing: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … of 10000000000" in line
