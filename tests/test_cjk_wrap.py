"""Japanese on the terminal breaks between characters (with the simplest kinsoku), so its lines fill
the width; English and Korean break at spaces as before."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.text import Text

import checker.render.quiz_view  # noqa: F401  the views turn the CJK line breaking on
from checker.render.cjk import words

JAPANESE = (
    "解説: 4つのゲートのブロックはそれぞれ hidden_size = 20 ユニットのままなので、weight_ih_l0 は (80, 10) "
    "のままです。変わるのは再帰の部分です。「忘却ゲート」は前のセル状態に要素ごとに掛かり、何を残すかを決めます。"
)


def lines_of(text: str, width: int) -> list[str]:
    console = Console(width=width, color_system=None, record=True)
    console.print(Text(text))
    return console.export_text().rstrip("\n").split("\n")


@pytest.mark.parametrize("width", [30, 41, 60, 80])
def test_japanese_lines_fill_the_width_and_lose_nothing(width):
    lines = lines_of(JAPANESE, width)
    assert "".join(line.rstrip() for line in lines).replace(" ", "") == JAPANESE.replace(" ", "")
    from rich.cells import cell_len

    # every line but the last is nearly full: a break waits at most for one Latin word
    assert all(cell_len(line.rstrip()) >= width - len("weight_ih_l0 ") for line in lines[:-1])


@pytest.mark.parametrize("width", [20, 33, 47])
def test_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_bracket(width):
    for line in lines_of(JAPANESE, width):
        assert not line.lstrip().startswith(tuple("、。」）"))
        assert not line.rstrip().endswith(tuple("「（"))


def test_english_and_korean_still_break_at_spaces_only():
    english = "The forget gate multiplies the previous cell state element by element."
    korean = "망각 게이트는 이전 셀 상태에 원소별로 곱해져서 무엇을 남길지 정해요."
    for text in (english, korean):
        assert [w for _, _, w in words(text)] == text.replace(" ", " \0").split("\0")


@pytest.mark.parametrize("command", [["stats"], ["plan", "--exam-date"]])
def test_korean_topic_titles_are_never_cut_in_an_80_column_table(tmp_path, monkeypatch, command):
    """Rich cut "초기" to "초 …" when a title wrapped in its column: every title is shown whole."""
    import json

    from click.testing import CliRunner

    from checker.bank import load_bank
    from checker.cli import main
    from checker.resources import quizzes_dir

    topics = {t.id: t for t in load_bank([quizzes_dir()]).bank.topics}
    lines = []
    for topic in ("pytorch-sequences", "bptt-numpy", "seq2seq"):
        question = topics[topic].questions[0]
        record = {"session": "s", "at": "2026-12-07T13:55:57+00:00", "mode": "study", "qid": question.id,
                  "topic": topic, "seed": 1, "verdict": "wrong", "score": 0.0, "seconds": 1.0, "response": "1",
                  "hint": False, "misconception": None, "params": {}, "kind": "answer", "v": 1}  # fmt: skip
        lines.append(json.dumps(record))
    home = tmp_path / "home"
    home.mkdir()
    (home / "history.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("LSTM_QUIZ_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "80")
    if command[-1] == "--exam-date":
        import datetime

        command = [*command, (datetime.date.today() + datetime.timedelta(days=90)).isoformat()]
    result = CliRunner().invoke(main, [*command, "--lang", "ko"])
    assert result.exit_code == 0, result.output
    shown = "".join(line.split("│")[1].strip() for line in result.output.splitlines() if line.count("│") > 2)
    for topic in ("pytorch-sequences", "bptt-numpy", "seq2seq"):
        assert topics[topic].title["ko"].replace(" ", "") in shown.replace(" ", "")
