"""`lstm-quiz start`, `review` and `stats` through CliRunner with scripted input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import correct_response, wrong_response

from checker.bank import load_bank
from checker.cli import main
from checker.quiz.history import History, history_path
from checker.quiz.session import plan
from checker.resources import quizzes_dir

BANK = load_bank([quizzes_dir()]).bank


class FakeClock:
    """Seconds that move only when told to: answers take exactly as long as a test says."""

    def __init__(self, step: float = 2.0) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def run(args, input_text="", clock=None):
    obj = {"clock": clock} if clock else None
    return CliRunner().invoke(main, args, input=input_text, obj=obj, catch_exceptions=False)


def session_plan(seed, n, topics=()):
    return plan(BANK, list(topics), n, seed)


def test_a_whole_session_right_and_wrong(quiz_home):
    variants = session_plan(11, 4)
    answers = [
        correct_response(variants[0]),
        wrong_response(variants[1]),
        correct_response(variants[2]),
        correct_response(variants[3]),
    ]
    result = run(["start", "-n", "4", "--seed", "11", "--lang", "en"], "\n".join(answers) + "\n")
    assert result.exit_code == 0
    out = result.output
    assert out.count("✓ Correct") == 3 and out.count("✗ Wrong") == 1
    assert "Question 1 of 4" in out and "Question 4 of 4" in out
    assert "Summary" in out and "Total" in out and "3/4" in out
    assert "To review" in out and variants[1].question.id in out
    assert variants[1].answer_text("en") in out.replace("\n", " ") or "Answer:" in out
    records = History(history_path()).read().answers
    assert [r.qid for r in records] == [v.question.id for v in variants]
    assert [r.verdict for r in records] == ["correct", "wrong", "correct", "correct"]


def test_the_same_seed_gives_the_same_session(quiz_home):
    first = run(["start", "-n", "5", "--seed", "42", "--lang", "en", "--json"], "\n" * 5)
    second = run(["start", "-n", "5", "--seed", "42", "--lang", "en", "--json"], "\n" * 5)
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    for qa, qb in zip(a["questions"], b["questions"]):
        assert (qa["id"], qa["seed"], qa["parameters"], qa["prompt"]) == (
            qb["id"],
            qb["seed"],
            qb["parameters"],
            qb["prompt"],
        )
    third = json.loads(run(["start", "-n", "5", "--seed", "43", "--json"], "\n" * 5).stdout)
    assert [q["id"] for q in third["questions"]] != [q["id"] for q in a["questions"]]


def test_invalid_answers_are_explained_and_asked_again(quiz_home):
    numeric = [q for q in BANK.questions(["activations"]) if q.id == "act-sigmoid-prime-max"]
    assert numeric, "the bank should ask for the maximum of σ′"
    seed = next(
        s for s in range(500) if session_plan(s, 1, ["activations"])[0].question.id == "act-sigmoid-prime-max"
    )
    result = run(
        ["start", "-n", "1", "--seed", str(seed), "--topic", "activations", "--lang", "en"],
        "zero point two\n0.2.5\n１／４\n",
    )
    out = result.output
    assert out.count("⚠") == 2 and "is not a number" in out and "Try again." in out
    assert "✓ Correct" in out
    (record,) = History(history_path()).read().answers
    assert record.response == "１／４" and record.verdict == "correct"


def test_known_wrong_answer_gets_targeted_feedback(quiz_home):
    seed = next(
        s for s in range(500) if session_plan(s, 1, ["activations"])[0].question.id == "act-sigmoid-prime-max"
    )
    result = run(["start", "-n", "1", "--seed", str(seed), "--topic", "activations", "--lang", "en"], "0.3\n")
    assert "✗ Wrong" in result.output and "Common mistake" in result.output
    (record,) = History(history_path()).read().answers
    assert record.misconception


def test_hint_skip_and_quit(quiz_home):
    variants = session_plan(5, 3)
    script = f"?\n{correct_response(variants[0])}\nskip\nquit\n"
    result = run(["start", "-n", "3", "--seed", "5", "--lang", "en"], script)
    out = result.output
    assert "Hint" in out or "No hint" in out
    assert "→ Skipped" in out and "Session ended early." in out
    records = History(history_path()).read().answers
    assert [r.verdict for r in records] == ["correct", "skipped"]
    assert records[0].hint is True


def test_an_empty_line_skips_in_scripted_use(quiz_home):
    run(["start", "-n", "2", "--seed", "5"], "\n\n")
    assert [r.verdict for r in History(history_path()).read().answers] == ["skipped", "skipped"]


def test_end_of_input_mid_session_keeps_what_was_answered(quiz_home):
    variants = session_plan(8, 5)
    result = run(["start", "-n", "5", "--seed", "8", "--lang", "en"], correct_response(variants[0]) + "\n")
    assert result.exit_code == 0
    assert "End of input." in result.output and "Summary" in result.output
    assert len(History(history_path()).read().answers) == 1


def test_json_result_has_every_field(quiz_home):
    variants = session_plan(21, 3)
    script = "\n".join([correct_response(variants[0]), wrong_response(variants[1]), ""]) + "\n"
    result = run(["start", "-n", "3", "--seed", "21", "--json", "--lang", "en"], script)
    data = json.loads(result.stdout)  # stdout holds only the JSON
    assert data["seed"] == 21 and data["ended"] == "completed" and data["lang"] == "en"
    assert [q["verdict"] for q in data["questions"]] == ["correct", "wrong", "skipped"]
    first = data["questions"][0]
    assert set(first) >= {
        "id",
        "topic",
        "seed",
        "parameters",
        "prompt",
        "answer_given",
        "correct_answer",
        "verdict",
        "seconds",
    }
    assert first["id"] == variants[0].question.id and first["seed"] == variants[0].seed
    assert first["parameters"] == variants[0].params
    assert data["totals"] == {
        "planned": 3,
        "asked": 3,
        "answered": 2,  # the third was skipped: asked, not answered
        "skipped": 1,
        "timed_out": 0,
        "correct": 1,
        "score": 1.0,
        "percent": 33.3,
    }
    assert sum(t["asked"] for t in data["topics"]) == 3


def test_answer_times_come_from_the_clock(quiz_home):
    variants = session_plan(3, 2)
    script = "\n".join(correct_response(v) for v in variants) + "\n"
    data = json.loads(
        run(["start", "-n", "2", "--seed", "3", "--json"], script, clock=FakeClock(step=5)).stdout
    )
    assert all(q["seconds"] > 0 for q in data["questions"])
    assert data["seconds"] >= sum(q["seconds"] for q in data["questions"])


def test_korean_session(quiz_home):
    variants = session_plan(13, 2)
    script = f"{correct_response(variants[0])}\n{wrong_response(variants[1])}\n"
    out = run(["start", "-n", "2", "--seed", "13", "--lang", "ko"], script).output
    assert "2문제 중 1번" in out and "정답" in out and "오답" in out and "해설" in out
    assert "결과 요약" in out and "합계" in out
    assert variants[0].prompt("ko").split("\n")[0][:20] in out


def test_topic_filter_and_unknown_topic(quiz_home):
    data = json.loads(
        run(
            ["start", "-n", "6", "--topic", "gru", "--topic", "parameter-counts", "--seed", "1", "--json"],
            "\n" * 6,
        ).stdout
    )
    assert {q["topic"] for q in data["questions"]} == {"gru", "parameter-counts"}
    bad = CliRunner().invoke(main, ["start", "--topic", "cnn"])
    assert bad.exit_code == 2 and "cnn" in bad.output and "lstm-gates" in bad.output


def test_a_parametrized_question_gets_fresh_numbers(quiz_home):
    family = "act-sigmoid-prime-at-x"
    params = set()
    for seed in range(60):
        for v in session_plan(seed, 12, ["activations"]):
            if v.question.id == family:
                params.add(tuple(sorted(v.params.items())))
    assert len(params) >= 3


# -- the mock exam -------------------------------------------------------------------------------


def test_exam_gives_no_feedback_until_the_end(quiz_home):
    variants = session_plan(4, 3)
    script = (
        "\n".join([correct_response(variants[0]), wrong_response(variants[1]), correct_response(variants[2])])
        + "\n"
    )
    out = run(
        ["start", "--exam", "-n", "3", "--seed", "4", "--lang", "en"], script, clock=FakeClock(1)
    ).output
    body, _, end = out.partition("Summary")
    assert "✓ Correct" not in body and "✗ Wrong" not in body and "Why:" not in body
    assert "2/3" in end and variants[1].question.id in end
    assert [r.mode for r in History(history_path()).read().answers] == ["exam"] * 3


def test_exam_time_out_counts_the_rest_as_wrong(quiz_home):
    variants = session_plan(4, 4)
    # each answer takes 100 s of the injected clock; the limit is 4 × 72 s = 288 s
    script = "\n".join(correct_response(v) for v in variants) + "\n"
    result = run(
        ["start", "--exam", "-n", "4", "--seed", "4", "--json", "--lang", "en"],
        script,
        clock=FakeClock(step=50),
    )
    data = json.loads(result.stdout)
    verdicts = [q["verdict"] for q in data["questions"]]
    assert data["ended"] == "time-up"
    assert len(verdicts) == 4 and verdicts.count("timeout") >= 1
    assert verdicts[0] == "correct" and verdicts[-1] == "timeout"
    assert "Time is up" in result.stderr
    records = History(history_path()).read().answers
    assert [r.verdict for r in records] == verdicts


def test_exam_time_limit_option(quiz_home):
    variants = session_plan(4, 2)
    script = "\n".join(correct_response(v) for v in variants) + "\n"
    args = ["start", "--exam", "-n", "2", "--seed", "4", "--seconds-per-question", "1000", "--json"]
    data = json.loads(run(args, script, clock=FakeClock(step=50)).stdout)
    assert data["ended"] == "completed" and [q["verdict"] for q in data["questions"]] == [
        "correct",
        "correct",
    ]


# -- stats and review ------------------------------------------------------------------------------


def test_stats_after_sessions(quiz_home):
    variants = session_plan(31, 4)
    run(["start", "-n", "4", "--seed", "31"], "\n".join(wrong_response(v) for v in variants) + "\n")
    variants = session_plan(32, 4)
    run(["start", "-n", "4", "--seed", "32"], "\n".join(correct_response(v) for v in variants) + "\n")
    data = json.loads(run(["stats", "--json"]).stdout)
    assert data["answers"] == 8 and data["sessions"] == 2
    assert [s["percent"] for s in data["trend"]] == [0.0, 100.0]
    assert data["streak_days"] == 1
    assert sum(t["answered"] for t in data["topics"]) == 8
    table = run(["stats", "--lang", "en"]).output
    assert "Your progress" in table and "Streak: 1 day(s)" in table


def test_stats_with_no_history(quiz_home):
    assert "No history yet" in run(["stats", "--lang", "en"]).output


def test_review_brings_back_what_was_missed(quiz_home):
    variants = session_plan(50, 3)
    run(
        ["start", "-n", "3", "--seed", "50"],
        "\n".join([wrong_response(variants[0]), correct_response(variants[1]), correct_response(variants[2])])
        + "\n",
    )
    history = History(history_path())
    _age_history(history, days=2)
    data = json.loads(run(["review", "--json", "--lang", "en"], "\n" * 3).stdout)
    reviewed = [q["id"] for q in data["questions"]]
    assert variants[0].question.id in reviewed
    assert data["mode"] == "review"


def test_review_with_nothing_due_suggests_cram(quiz_home):
    variants = session_plan(51, 2)
    run(["start", "-n", "2", "--seed", "51"], "\n".join(correct_response(v) for v in variants) + "\n")
    out = run(["review", "--lang", "en"]).output
    assert "Nothing is due" in out and "--cram" in out
    crammed = json.loads(run(["review", "--cram", "--json"], "\n\n").stdout)
    assert {q["id"] for q in crammed["questions"]} == {v.question.id for v in variants}


def test_review_with_no_history(quiz_home):
    assert "No history yet" in run(["review", "--lang", "en"]).output


def test_a_damaged_history_line_is_a_warning_not_a_crash(quiz_home):
    variants = session_plan(60, 1)
    run(["start", "-n", "1", "--seed", "60"], correct_response(variants[0]) + "\n")
    path = history_path()
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"kind": "answer", "qid": "broken"\n')
    result = CliRunner().invoke(main, ["stats", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["answers"] == 1
    assert "history.jsonl:2: skipped a damaged line" in result.stderr


def _age_history(history: History, days: int) -> None:
    """Move every recorded answer `days` into the past (a test-only rewrite of a temporary file)."""
    from datetime import datetime, timedelta

    lines = history.path.read_text(encoding="utf-8").splitlines()
    aged = []
    for line in lines:
        data = json.loads(line)
        data["at"] = (datetime.fromisoformat(data["at"]) - timedelta(days=days)).isoformat()
        aged.append(json.dumps(data))
    history.path.write_text("\n".join(aged) + "\n", encoding="utf-8")


@pytest.mark.parametrize("command", ["start", "review", "stats"])
def test_help_of_each_command(command):
    result = run([command, "--help"])
    assert result.exit_code == 0 and "--lang" in result.output


def test_asking_for_more_questions_than_the_topics_hold_says_so(quiz_home):
    size = len(BANK.topic("gru").questions)
    result = run(["start", "--topic", "gru", "-n", "500", "--seed", "1", "--lang", "en"], "quit\n")
    assert result.exit_code == 0
    assert f"You asked for 500 questions; the chosen topics have {size}" in result.output
    quiet = run(["start", "--topic", "gru", "-n", str(size), "--seed", "1", "--lang", "en"], "quit\n")
    assert "You asked for" not in quiet.output


def test_stats_names_mistakes_by_their_title_in_the_learners_language(quiz_home):
    question = BANK.question("gru-reset-role")
    history = History(history_path())
    from checker.quiz.history import AnswerRecord

    history.append(
        AnswerRecord(
            session="s",
            at="2026-12-01T10:00:00+00:00",
            mode="study",
            qid=question.id,
            topic="gru",
            seed=1,
            verdict="wrong",
            score=0.0,
            seconds=4.0,
            misconception="gru-reset-update-swap",
        )
    )
    title = BANK.misconception_title("gru-reset-update-swap")
    for lang in ("en", "ko", "ja"):
        out = run(["stats", "--lang", lang]).output
        assert title[lang] in " ".join(out.split()) and "gru-reset-update-swap" not in out


def test_a_japanese_reask_puts_no_space_between_its_sentences(quiz_home):
    result = CliRunner().invoke(main, ["start", "-n", "1", "--seed", "5", "--lang", "ja"], input="(2x\n\n")
    (line,) = [x for x in result.output.splitlines() if x.startswith("⚠")]
    assert "もう一度入力してください" in line and "。 " not in line


def test_the_notice_of_fewer_questions_fits_the_terminal(quiz_home, monkeypatch):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "60")
    result = run(["start", "--topic", "gru", "-n", "500", "--seed", "1", "--lang", "ja"], "quit\n")
    notice = result.output[: result.output.index("問です")].splitlines()
    assert len(notice) >= 2 and all(cell_len(line) <= 60 for line in notice)
