"""`grade --only ID`: one student graded again within a finished run; everyone else's results kept."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from checker.cli import main

GOOD = "import numpy as np\ndef gradient_clipping(g, t):\n    n = np.linalg.norm(g)\n    return g * (t / n) if n > t else g.copy()\n"
ELEMENTWISE = "import numpy as np\ndef gradient_clipping(g, t):\n    return np.clip(g, -t, t)\n"


def grade(*args):
    return CliRunner().invoke(main, ["grade", *map(str, args), "--lang", "en"])


def totals(out) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8")))
    return {row["student"]: row["total"] for row in rows}


def test_only_the_named_student_is_graded_again(tmp_path):
    cls, out = tmp_path / "class", tmp_path / "out"
    cls.mkdir()
    (cls / "kim_exercise1.py").write_text(GOOD, encoding="utf-8")
    (cls / "lee_exercise1.py").write_text(ELEMENTWISE, encoding="utf-8")
    assert grade(cls, "-o", out).exit_code == 0
    before = totals(out)
    assert int(before["lee"]) < int(before["kim"])
    lines = (out / "journal.jsonl").read_text(encoding="utf-8").count("\n")
    # lee hands in a fixed file; kim's file changes too, but kim is not regraded
    (cls / "lee_exercise1.py").write_text(GOOD, encoding="utf-8")
    (cls / "kim_exercise1.py").write_text("broken(", encoding="utf-8")
    result = grade(cls, "-o", out, "--only", "lee")
    assert result.exit_code == 0, result.output
    after = totals(out)
    assert after["lee"] == before["kim"] and after["kim"] == before["kim"]
    assert (out / "journal.jsonl").read_text(encoding="utf-8").count("\n") == lines + 1


def test_only_an_unknown_student_or_without_a_run_is_a_usage_error(tmp_path):
    cls = tmp_path / "class"
    cls.mkdir()
    (cls / "kim_exercise1.py").write_text(GOOD, encoding="utf-8")
    fresh = grade(cls, "-o", tmp_path / "new", "--only", "kim")
    assert fresh.exit_code == 2 and "grade the class first" in fresh.output
    assert grade(cls, "-o", tmp_path / "out").exit_code == 0
    unknown = grade(cls, "-o", tmp_path / "out", "--only", "nobody")
    assert unknown.exit_code == 2 and "No submission of nobody" in unknown.output and "kim" in unknown.output
    sharded = grade(cls, "-o", tmp_path / "out", "--only", "kim", "--shard", "1/2")
    assert sharded.exit_code == 2 and "--shard" in sharded.output


def test_only_finds_a_name_typed_in_another_unicode_form(tmp_path):
    """A name copied from a macOS file list arrives decomposed (NFD); the class's names are composed."""
    import unicodedata

    cls, out = tmp_path / "class", tmp_path / "out"
    cls.mkdir()
    (cls / "josé_exercise1.py").write_text(ELEMENTWISE, encoding="utf-8")
    assert grade(cls, "-o", out).exit_code == 0
    before = totals(out)["josé"]
    (cls / "josé_exercise1.py").write_text(GOOD, encoding="utf-8")
    result = grade(cls, "-o", out, "--only", unicodedata.normalize("NFD", "josé"))
    assert result.exit_code == 0, result.output
    assert int(totals(out)["josé"]) > int(before)
