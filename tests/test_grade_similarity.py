"""`grade` looks for similar submissions across the whole class: similarity.json, a section of report.md
and report.html with both files side by side, a line on the console; notebooks and code pages are read
as they are graded; --no-similarity skips it; shards each see the whole class and merge keeps it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_similarity import CLIP, CLIP_DISGUISED

from checker.batch.similarity import from_json
from checker.cli import main

SECRET = "similar-class-secret-4d1e"


def notebook(code: str) -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# 과제 1\n"]},
        {"cell_type": "code", "metadata": {}, "source": code.splitlines(True), "outputs": [],
         "execution_count": 1},
    ]  # fmt: skip
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def copied_class(tmp_path: Path) -> Path:
    """Four students' own solutions; 이서연 hands in 김민수's, renamed and reformatted, as a notebook;
    박지훈 saved his own in a Korean code page."""
    root = tmp_path / "class"
    files = {
        "김민수/exercise1.py": CLIP[1].encode(),
        "최유진/exercise1.py": CLIP[0].encode(),
        "박지훈/exercise1.py": ("# 내 풀이\n" + CLIP[2]).encode("cp949"),
        "정하은/exercise1.py": CLIP[3].encode(),
        "이서연/exercise1.ipynb": notebook(CLIP_DISGUISED).encode(),
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def grade(*args: str):
    return CliRunner().invoke(main, ["grade", *args, "--seed", SECRET, "-j", "1"], catch_exceptions=False)


def test_a_disguised_copy_is_reported_with_both_files_side_by_side(copied_class, tmp_path):
    out = tmp_path / "out"
    result = grade(str(copied_class), "-o", str(out))
    assert result.exit_code == 0, result.output
    found = from_json((out / "similarity.json").read_text(encoding="utf-8"))
    assert [(p.exercise, {p.a, p.b}) for p in found.pairs] == [(1, {"김민수", "이서연"})]
    pair = found.pairs[0]
    assert pair.score >= 0.6 and pair.matches
    assert "def gradient_clipping(g, limit):" in found.sources[(1, "이서연")]  # the notebook's code
    report = (out / "report.md").read_text(encoding="utf-8")
    section = report.split("## Similar submissions", 1)[1]
    assert "김민수" in section and "이서연" in section and "박지훈" not in section
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('<section class="pair">') == 1 and "<mark>" in page
    assert "1 pair(s) of submissions are alike" in result.output


def test_independent_solutions_make_no_pair(copied_class, tmp_path):
    (copied_class / "이서연" / "exercise1.ipynb").unlink()
    out = tmp_path / "out"
    result = grade(str(copied_class), "-o", str(out))
    assert result.exit_code == 0
    assert from_json((out / "similarity.json").read_text(encoding="utf-8")).pairs == ()
    assert "No two files are alike" in (out / "report.md").read_text(encoding="utf-8")
    assert "alike beyond the template" not in result.output


def test_no_similarity_writes_none_of_it(copied_class, tmp_path):
    out = tmp_path / "out"
    result = grade(str(copied_class), "-o", str(out), "--no-similarity")
    assert result.exit_code == 0
    assert not (out / "similarity.json").exists()
    assert "Similar submissions" not in (out / "report.md").read_text(encoding="utf-8")
    assert 'class="pair"' not in (out / "report.html").read_text(encoding="utf-8")


def test_a_pair_split_across_shards_is_found_and_merged(copied_class, tmp_path):
    shards = []
    for k in (1, 2, 3):
        folder = tmp_path / f"shard{k}"
        assert grade(str(copied_class), "-o", str(folder), "--shard", f"{k}/3").exit_code == 0
        shards.append(str(folder))
    merged = tmp_path / "merged"
    result = CliRunner().invoke(main, ["merge", *shards, "-o", str(merged)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    found = from_json((merged / "similarity.json").read_text(encoding="utf-8"))
    assert [{p.a, p.b} for p in found.pairs] == [{"김민수", "이서연"}]
    assert page_pairs(merged) == 1


def page_pairs(out: Path) -> int:
    return (out / "report.html").read_text(encoding="utf-8").count('<section class="pair">')


@pytest.mark.parametrize(
    "damage",
    ["{", '{"format": "lstm-quiz similarity 1", "pairs": [{"a": 1}], "sources": []}', '"x"', "[]"],
)
def test_a_damaged_similarity_file_is_refused_as_data(damage):
    with pytest.raises(ValueError):
        from_json(damage)


def test_hostile_names_in_a_pair_stay_inert_in_every_output(copied_class, tmp_path):
    import os

    hostile = os.fsencode(copied_class) + b"/\x1b[31mred\xff|x"
    os.rename(copied_class / "김민수", hostile)  # a control sequence, an undecodable byte, a table bar
    out = tmp_path / "out"
    result = grade(str(copied_class), "-o", str(out))
    assert result.exit_code == 0, result.output
    raw = (out / "similarity.json").read_bytes()
    text = raw.decode("utf-8")  # valid UTF-8
    assert "\x1b" not in text and "\\u001b" not in text
    (pair,) = from_json(text).pairs
    assert {pair.a, pair.b} >= {"이서연"} and all(c.isprintable() for c in pair.a + pair.b)
    row = [line for line in (out / "report.md").read_text(encoding="utf-8").splitlines() if "이서연" in line
           and "%" in line]  # fmt: skip
    assert len(row) == 1 and row[0].count(" | ") == 4  # the bar in the name is no extra cell
    assert "\x1b" not in (out / "report.html").read_text(encoding="utf-8")
