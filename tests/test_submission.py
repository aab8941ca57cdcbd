"""Submissions as students make them: Jupyter/Colab notebooks and files saved in a code page, through
`lstm-quiz check` and `lstm-quiz grade`."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.results import result_from_dict, result_to_dict
from checker.submission import decode, read_submission

SECRET = "k7Qm2VxN4pLr9TzW"

LSTM_CELL = [
    "def sigmoid(z):\n",
    "    return 1.0 / (1.0 + np.exp(-z))\n",
    "\n",
    "def lstm_step(x, prev_h, prev_c, W, U, b):\n",
    "    z = x @ W.T + prev_h @ U.T + b\n",
    "    a, i, f, o = np.split(z, 4, axis=1)\n",
    "    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c\n",
    "    return c, sigmoid(o) * np.tanh(c)",
]

CLIP_JA = """# -*- coding: utf-8 -*-
import numpy as np


# 勾配クリッピング：ノルムがしきい値を超えたら縮めます
def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)  # 全体のノルム
    if norm > threshold:
        return grad * (threshold / norm)  # 向きはそのまま
    return grad.copy()
"""

CLIP_KO = """import numpy as np


# 기울기 클리핑: 노름이 임계값을 넘으면 줄여요
def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)  # 전체 노름
    if norm > threshold:
        return grad * (threshold / norm)  # 방향은 그대로
    return grad.copy()
"""


def cell(kind: str, source: list[str], outputs: list | None = None) -> dict:
    made = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        made.update(execution_count=None, outputs=outputs or [])
    return made


def colab(*cells: dict) -> str:
    """A notebook as Colab saves it (nbformat 4, Colab's metadata, outputs kept)."""
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 0,
            "metadata": {
                "colab": {"provenance": [], "name": "exercise2.ipynb"},
                "kernelspec": {"name": "python3", "display_name": "Python 3"},
                "language_info": {"name": "python"},
            },
            "cells": list(cells),
        },
        indent=1,
        ensure_ascii=False,
    )


def student_notebook(function_cell: list[str] = LSTM_CELL, test_cell: list[str] | None = None) -> str:
    """A real-looking Colab notebook: a title, installs, a magic, a cell magic, the solution, a test."""
    shown = {
        "output_type": "execute_result",
        "data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]},
    }
    return colab(
        cell("markdown", ["# Exercise 2: one LSTM step\n", "Run every cell, then hand in."]),  # cell 1
        cell("code", ["!pip install numpy\n", "%matplotlib inline\n", "import numpy as np"]),  # cell 2
        cell("code", ["%%capture\n", "!nvidia-smi\n", "print('setup')"]),  # cell 3
        cell("code", function_cell),  # cell 4
        cell(
            "code",
            test_cell
            or [
                "x = np.ones((1, 3))\n",
                "c, h = lstm_step(x, np.zeros((1, 2)), np.zeros((1, 2)), np.ones((8, 3)), np.ones((8, 2)), np.zeros(8))\n",
                "print(h.shape)",
            ],
            outputs=[shown],
        ),  # cell 5
    )


def check(path: Path, *args: str):
    return CliRunner().invoke(main, ["check", str(path), *args], catch_exceptions=False)


def check_json(path: Path, *args: str) -> dict:
    result = check(path, "--json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def notes(data: dict) -> list[str]:
    return [n["text"] for n in data["notes"]]


# -- notebooks in `check` ----------------------------------------------------------------------------


def test_a_colab_notebook_is_graded_and_says_which_lines_were_left_out(tmp_path):
    path = tmp_path / "exercise2.ipynb"  # the exercise is told from the notebook's code and name
    path.write_text(student_notebook(), encoding="utf-8")
    data = check_json(path)
    assert data["exercise"] == 2 and data["status"] == "pass", data
    assert data["score"] == data["max_score"] > 0
    said = notes(data)
    assert said[0].startswith("5 line(s) of notebook magics/shell commands were left out")
    assert said[1:] == [
        "cell 2, line 1: !pip install numpy",
        "cell 2, line 2: %matplotlib inline",
        "cell 3: the whole cell (%%capture, 3 line(s))",
    ]
    assert data["stdout"].strip() == "(1, 2)"  # the test cell ran; the outputs saved in the file did not show


def test_the_notes_are_shown_in_the_terminal_in_each_language(tmp_path):
    path = tmp_path / "mine.ipynb"
    path.write_text(student_notebook(), encoding="utf-8")
    english = check(path)
    assert english.exit_code == 0, english.output
    assert (
        "How your file was read" in english.output and "cell 2, line 1: !pip install numpy" in english.output
    )
    korean = check(path, "--lang", "ko")
    assert "2번째 셀 1행: !pip install numpy" in korean.output
    japanese = check(path, "--lang", "ja")
    assert "セル 2 の 1 行目: !pip install numpy" in japanese.output


def test_a_syntax_error_in_cell_3_is_reported_as_cell_3(tmp_path):
    broken = colab(
        cell("markdown", ["Exercise 2"]),
        cell("code", ["import numpy as np\n", "!pip list"]),
        cell("code", [*LSTM_CELL[:4], "    z = x @ W.T + prev_h @ U.T + b)\n", *LSTM_CELL[5:]]),
    )
    path = tmp_path / "exercise2.ipynb"
    path.write_text(broken, encoding="utf-8")
    data = check_json(path)
    assert data["error_kind"] == "syntax"
    assert data["error"].startswith("Syntax error in cell 3, line 5, column 35: unmatched ')'")
    assert "z = x @ W.T + prev_h @ U.T + b)" in data["error"]
    korean = check(path, "--lang", "ko")
    assert "3번째 셀 5행 35열 문법 오류" in korean.output


def test_a_runtime_error_shows_the_cell_and_line_in_the_traceback(tmp_path):
    wrong = [
        *LSTM_CELL[:6],
        "    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c / undefined_scale\n",
        LSTM_CELL[7],
    ]
    path = tmp_path / "exercise2.ipynb"
    path.write_text(student_notebook(wrong, ["pass"]), encoding="utf-8")
    data = check_json(path)
    traceback = data["tests"][0]["details"]["traceback"]
    assert 'File "exercise2.ipynb", cell 4, line 7, in lstm_step' in traceback, traceback
    assert "undefined_scale" in traceback
    assert ", line 1" not in traceback.replace("cell 4, line 7", "")  # no line of the joined source is left


def test_an_error_while_loading_shows_the_cell_and_line(tmp_path):
    path = tmp_path / "exercise2.ipynb"
    path.write_text(
        student_notebook(test_cell=["lstm_step(None, None, None, None, None, None)"]), encoding="utf-8"
    )
    data = check_json(path)
    assert data["error_kind"] == "import"
    assert 'File "exercise2.ipynb", cell 5, line 1, in <module>' in data["error"]
    assert "cell 4, line 5, in lstm_step" in data["error"]


def test_colab_imports_are_refused_like_any_import_and_the_note_says_where(tmp_path):
    notebook = colab(
        cell(
            "code",
            ["from google.colab import drive\n", "drive.mount('/content/drive')\n", "import numpy as np"],
        ),
        cell("code", LSTM_CELL),
    )
    path = tmp_path / "exercise2.ipynb"
    path.write_text(notebook, encoding="utf-8")
    data = check_json(path)
    assert data["error_kind"] == "import" and "imports google" in data["error"]
    assert "cell 1, line 1, in <module>" in data["error"]
    assert any(
        n.startswith("Cell 1, line 1 imports google.colab, which exists only inside Colab")
        for n in notes(data)
    )


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('{"cells": [', "it is not valid JSON (line 1, column 12)"),
        ("[1, 2, 3]", "it has no list of cells"),
        ('{"nbformat": 3, "worksheets": []}', "nbformat 3"),
        ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 7}]}', "cell 1 is damaged"),
        # JSON's escapes spell a lone surrogate, which no file can hold as UTF-8
        (
            r'{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["x = 1\n", "y = \"\udc80\""]}]}',
            "cell 1 is damaged",
        ),
        ("[" * 100_000 + "]" * 100_000, "it has no list of cells"),
    ],
)
def test_a_file_that_is_not_a_notebook_gets_a_verdict(tmp_path, content, said):
    path = tmp_path / "exercise2.ipynb"
    path.write_text(content, encoding="utf-8")
    result = check(path, "--json")
    assert result.exit_code == 1 and "Traceback" not in result.output
    data = json.loads(result.output)
    assert data["status"] == "error" and data["score"] == 0
    assert data["error"].startswith("This .ipynb is not a notebook") and said in data["error"]


def test_a_broken_notebook_whose_exercise_cannot_be_told_says_why(tmp_path):
    path = tmp_path / "homework.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    result = check(path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "This .ipynb is not a notebook: it is not valid JSON" in " ".join(result.output.split())


# -- encodings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec", "named"),
    [
        (CLIP_JA, "cp932", "Shift-JIS (CP932)"),
        (CLIP_JA, "shift_jis", "Shift-JIS (CP932)"),
        (CLIP_KO, "euc_kr", "EUC-KR (CP949)"),
        (CLIP_KO, "cp949", "EUC-KR (CP949)"),
        (CLIP_KO, "utf-16", "UTF-16"),
        (CLIP_JA, "utf-8-sig", "UTF-8 with a byte-order mark (BOM)"),
    ],
)
def test_a_file_in_a_code_page_is_graded_with_a_note(tmp_path, text, codec, named):
    path = tmp_path / "exercise1.py"
    path.write_bytes(text.encode(codec))
    data = check_json(path)
    assert data["status"] == "pass", data
    assert notes(data) == [
        f"Your file was read as {named}: save it as UTF-8 (without a BOM) so every tool reads it the same way."
    ]


def test_a_syntax_error_in_a_shift_jis_file_shows_the_japanese_line(tmp_path):
    path = tmp_path / "exercise1.py"
    path.write_bytes(CLIP_JA.replace("return grad.copy()", "return grad.copy(  # 写し").encode("cp932"))
    data = check_json(path)
    assert data["error_kind"] == "syntax" and "# 写し" in data["error"]
    assert "codec" not in data["error"]


def test_a_binary_file_is_told_to_be_saved_as_utf8(tmp_path):
    blob = random.Random(7).randbytes(4000)
    path = tmp_path / "exercise3.py"
    path.write_bytes(blob)
    data = check_json(path)
    assert data["status"] == "error" and data["score"] == 0 and data["error_kind"] == "syntax"
    assert "Save it as UTF-8" in data["error"] and "codec" not in json.dumps(data)
    assert "UTF-8로 저장해서" in check_json(path, "--lang", "ko")["error"]
    assert "UTF-8 で保存し直して" in check_json(path, "--lang", "ja")["error"]
    unnamed = tmp_path / "mine.py"  # nothing tells the exercise: the reason is still the answer
    unnamed.write_bytes(blob)
    result = check(unnamed)
    assert result.exit_code == 1 and "Save it as UTF-8" in " ".join(result.output.split())


def test_latin1_is_not_guessed():
    """Only the code pages named are read: Latin-1 text, whose accented letters happen to pair into
    kanji in CP932, is not taken for Japanese."""
    words = [
        "café",
        "résumé",
        "naïve",
        "élève",
        "façade",
        "Straße",
        "über",
        "schön",
        "größer",
        "año",
        "señor",
        "crème",
        "brûlée",
        "déjà",
    ]
    chance = random.Random(3)
    for _ in range(500):
        line = "# " + " ".join(chance.choice(words) for _ in range(chance.randrange(1, 6))) + "\nx = 1\n"
        assert decode(line.encode("latin-1"))[0] is None, line


def test_a_declared_encoding_is_read_as_python_reads_it():
    source = read_submission("# coding: latin-1\n# café\nx = 1\n".encode("latin-1"), "a.py")
    assert source.code == "# coding: utf-8\n# café\nx = 1\n".encode() and source.notes == ()


# -- reading notebooks ---------------------------------------------------------------------------------


def test_magics_inside_strings_and_brackets_are_code():
    notebook = colab(
        cell(
            "code",
            [
                'doc = """\n',
                "%not a magic\n",
                "!still text\n",
                '"""\n',
                "if True:\n",
                "    !pip install x\n",
                "y = 1",
            ],
        ),
        cell("code", ["get_ipython().system('ls')\n", "files = !ls\n", "np.dot?\n", "z = 2"]),
    )
    source = read_submission(notebook.encode(), "a.ipynb")
    assert source.code.decode() == (
        'doc = """\n%not a magic\n!still text\n"""\nif True:\n    pass\ny = 1\n\n\n\n\nz = 2\n'
    )
    compile(source.code, "a.ipynb", "exec")
    assert source.lines.where(6) == (1, 6) and source.lines.where(8) == (1, 7)  # a separator: the line above
    assert source.lines.where(12) == (2, 4)


def test_the_notes_list_a_bounded_number_of_lines():
    notebook = colab(cell("code", [f"!echo {k}\n" for k in range(40)] + ["x = 1"]))
    source = read_submission(notebook.encode(), "a.ipynb")
    keys = [n.key for n in source.notes]
    assert keys == ["submission.dropped"] + ["submission.dropped_line"] * 5 + ["submission.dropped_more"]
    assert dict(source.notes[-1].fields)["count"] == 35


def test_mapped_lines_and_notes_survive_the_journal(tmp_path):
    path = tmp_path / "exercise2.ipynb"
    wrong = [*LSTM_CELL[:4], "    z = x @ W.T + prev_h @ U.T + b)\n", *LSTM_CELL[5:]]
    path.write_text(student_notebook(wrong), encoding="utf-8")
    from checker.codecheck import exam_for
    from checker.submission import check_submission

    result = check_submission(read_submission(path.read_bytes(), path.name), path.name, exam_for(2))
    again = result_from_dict(json.loads(json.dumps(result_to_dict(result))))
    assert again.notes == result.notes and len(again.notes) == 4
    assert again.error.key == "submission.syntax_cell" and dict(again.error.fields)["cell"] == 4


# -- `grade` -------------------------------------------------------------------------------------------


def test_grade_takes_notebooks_and_code_pages(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    (root / "kim_exercise2.ipynb").write_text(student_notebook(), encoding="utf-8")
    (root / "lee_exercise1.py").write_bytes(CLIP_JA.encode("cp932"))
    (root / "notes.txt").write_text("not a submission", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["grade", str(root), "-o", str(out), "--seed", SECRET, "--format", "json", "--format", "gradescope"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    students = json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]
    graded = {s["student"]: s["submissions"][0] for s in students}
    assert graded["kim"]["exercise"] == 2 and graded["kim"]["status"] == "pass"
    assert graded["lee"]["exercise"] == 1 and graded["lee"]["status"] == "pass"
    assert "cell 2, line 1: !pip install numpy" in [n["text"] for n in graded["kim"]["notes"]]
    assert "read as Shift-JIS (CP932)" in graded["lee"]["notes"][0]["text"]
    feedback = json.loads((out / "gradescope" / "lee" / "results.json").read_text(encoding="utf-8"))
    assert "Your file was read as Shift-JIS (CP932)" in feedback["output"]
    feedback = json.loads((out / "gradescope" / "kim" / "results.json").read_text(encoding="utf-8"))
    assert "cell 3: the whole cell (%%capture, 3 line(s))" in feedback["output"]
    discovery = json.loads((out / "discovery.json").read_text(encoding="utf-8"))
    assert discovery["run"]["submissions"] == 2
    assert [u[0] for u in discovery["unattributed"]] == ["notes.txt"]


def test_a_notebook_that_is_no_text_is_its_students_verdict_and_the_class_goes_on(tmp_path):
    root = tmp_path / "class"
    (root / "kim").mkdir(parents=True)
    (root / "lee").mkdir()
    lone = student_notebook(function_cell=[*LSTM_CELL, "\n", "label = 'LONE'"]).replace("LONE", "\\udc80")
    (root / "kim" / "exercise2.ipynb").write_text(lone, encoding="utf-8")  # JSON's escape of a lone surrogate
    (root / "lee" / "exercise2.ipynb").write_text(student_notebook(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["grade", str(root), "-o", str(out), "--seed", SECRET, "-j", "1", "--format", "json"]
    )
    assert result.exit_code == 0 and result.exception is None, result.output
    students = json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]
    graded = {s["student"]: s["submissions"][0] for s in students}
    assert graded["lee"]["status"] == "pass"
    assert graded["kim"]["status"] == "error" and "cell 4 is damaged" in graded["kim"]["error"]


def test_printed_line_numbers_of_any_length_are_shown_as_printed(tmp_path):
    """Output that names the notebook with a line number is pointed into its cells; a number too long
    to be a line is left as it is (no number is too long to read)."""
    path = tmp_path / "exercise2.ipynb"
    long = "9" * 5000
    printed = [
        *LSTM_CELL,
        "\n",
        f"print('exercise2.ipynb:{long}: RuntimeWarning')\n",
        "print('exercise2.ipynb:5: x')",
    ]
    path.write_text(student_notebook(function_cell=printed), encoding="utf-8")
    for args in ((), ("--json",)):
        result = check(path, *args)
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    data = check_json(path)
    assert data["status"] == "pass"
    assert f"exercise2.ipynb:{long}: RuntimeWarning" in data["stdout"]
    assert "exercise2.ipynb, cell 4, line 1:" in data["stdout"]


def test_a_lone_notebook_is_not_a_class(tmp_path):
    path = tmp_path / "exercise2.ipynb"
    path.write_text(student_notebook(), encoding="utf-8")
    result = CliRunner().invoke(main, ["grade", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0 and "lstm-quiz check" in result.output


def test_a_notebook_with_more_code_than_a_file_may_hold_is_refused():
    notebook = colab(cell("code", ["x = 1\n" * 200_000]))
    source = read_submission(notebook.encode(), "a.ipynb")
    assert source.code is None and source.refusal.key == "submission.notebook_too_large"


@pytest.mark.parametrize(
    "codec", ["punycode", "idna", "utf-7", "unicode_escape", "raw_unicode_escape", "rot13"]
)
def test_a_declared_transformation_is_never_run_on_a_file(codec):
    """Only character sets are decoded as declared: a transformation codec could spell what no file
    holds (a lone surrogate) or take time that grows with the square of the file (punycode)."""
    data = f"# -*- coding: {codec} -*-\nx = 'abc-+AGE-\\\\udc80'\n".encode()
    text, encoding, _ = decode(data)
    assert encoding is None and text == data.decode("utf-8")  # read as the UTF-8 it is


def test_a_declared_character_set_is_still_read_as_declared():
    data = "# -*- coding: euc-kr -*-\nx = '기울기'\n".encode("euc-kr")
    assert decode(data) == ("# -*- coding: euc-kr -*-\nx = '기울기'\n", "euc-kr", None)


def test_a_notebook_of_a_million_tiny_values_is_refused_without_building_them():
    # 20 MB of `[]` would cost the reader half a gigabyte once parsed; it is refused by a count
    import tracemalloc

    from checker.submission import NOTEBOOK_ITEMS

    outputs = [
        {"output_type": "stream", "name": "stdout", "text": ["x = 1\n"], "junk": [[]] * (NOTEBOOK_ITEMS + 10)}
    ]
    notebook = colab(cell("code", ["import numpy as np\n"], outputs)).encode()
    tracemalloc.start()
    try:
        source = read_submission(notebook, "exercise1.ipynb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert source.code is None and source.refusal.key == "submission.notebook_items"
    assert peak < 8 * len(notebook)  # the parsed lists alone would take about 20 times the file


def test_a_notebook_with_long_outputs_is_still_read():
    # one line of output per step (100,000 of them), and texts full of commas and brackets, are no values
    printed = {
        "output_type": "stream",
        "name": "stdout",
        "text": [f"step {k}: [{k}, {k}]\n" for k in range(100_000)],
    }
    noisy = {"output_type": "stream", "name": "stdout", "text": ['[[],{},"\\"' * 400_000]}
    notebook = colab(cell("code", LSTM_CELL, [printed, noisy]))
    source = read_submission(notebook.encode(), "exercise2.ipynb")
    assert source.refusal is None and b"def lstm_step" in source.code


@pytest.mark.parametrize(
    "text",
    [
        '"' + '\\"' * 1_000_000,  # a string that never closes, full of escaped quotes
        '{"cells": [' + '"\\\\' * 700_000,  # escapes, and quotes that open strings that never close
        '"' * 2_000_000,
    ],
)
def test_counting_a_notebooks_values_reads_its_text_once(text):
    """A pattern for a whole string would scan to the end from each quote of one that never closes: a
    crafted 2 MB notebook took hours (and stalled the other files of its worker). Run under a CPU-time
    limit far above what one reading needs (not a wall-clock one: the machine may be busy)."""
    import resource
    import subprocess
    import sys

    def limited():
        resource.setrlimit(resource.RLIMIT_CPU, (30, 30))

    code = "import sys; from checker.submission import read_submission as r; s = r(sys.stdin.buffer.read(), 'a.ipynb'); print(s.refusal.key)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=text.encode(),
        capture_output=True,
        preexec_fn=limited,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.decode().strip().startswith("submission.notebook")


def test_notes_on_colab_imports_are_bounded_however_many_there_are():
    # a note per line would be 45,000 lines in every output of the student's (40 MB for a 1 MB notebook)
    notebook = colab(cell("code", ["from google.colab import drive\n"] * 20_000 + ["x = 1\n"]))
    source = read_submission(notebook.encode(), "exercise1.ipynb")
    keys = [note.key for note in source.notes]
    assert keys.count("submission.colab") == 5 and keys[-1] == "submission.dropped_more"
    assert source.notes[-1].fields == (("count", 19_995),)


def test_counting_a_notebooks_values_agrees_with_reading_it_character_by_character():
    """The count is made a window at a time (its copies stay small): a string, an escape or a
    backslash cut by a window's edge is counted as a reader going through the whole text would."""
    import random

    from checker.submission import _json_items

    def one_by_one(text: str) -> int:
        count, inside, escaped = 0, False, False
        for ch in text:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                inside = not inside
            elif not inside and ch in ",[{":
                count += 1
        return count

    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice('"\\,[{a]} ') for _ in range(rng.randint(0, 50)))
        assert all(_json_items(text, window) == one_by_one(text) for window in (1, 2, 3, 5, 1 << 18))
