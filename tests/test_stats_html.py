"""`lstm-quiz stats --html FILE`: the learner's progress as one self-contained page, in their language,
never overwriting a file without --force, rendered by a real browser when one is installed."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner
from conftest import correct_response, wrong_response
from test_html_report import _browser, _console_errors, _decode_png, _run_browser

from checker.bank import load_bank
from checker.cli import main
from checker.resources import quizzes_dir

BANK = load_bank([quizzes_dir()]).bank


def run(*args: str, input_text: str = ""):
    return CliRunner().invoke(main, list(args), input=input_text, catch_exceptions=False)


@pytest.fixture
def studied(quiz_home):
    """Two sessions answered: some right, some wrong."""
    from checker.quiz.session import plan

    for seed in (3, 4):
        variants = plan(BANK, [], 4, seed)
        answers = [correct_response(v) if k % 2 == 0 else wrong_response(v) for k, v in enumerate(variants)]
        result = run(
            "start", "-n", "4", "--seed", str(seed), "--lang", "en", input_text="\n".join(answers) + "\n"
        )
        assert result.exit_code == 0, result.output
    return quiz_home


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_the_page_shows_each_topic_answered_and_the_sessions(studied, tmp_path, lang):
    page_path = tmp_path / "progress.html"
    result = run("stats", "--html", str(page_path), "--lang", lang)
    assert result.exit_code == 0, result.output
    page = page_path.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in page and "<script" not in page and "http" not in page.split("<main>")[1]
    from checker.i18n import message

    assert html.escape(message("stats.title", lang), quote=False) in page
    assert page.count('<div class="rate">') >= 1 and '<svg class="chart sessions"' in page
    assert page.count('<rect class="bar"') == 2  # two sessions
    assert "stats.html" not in page  # no raw message key


def test_an_existing_file_is_kept_unless_forced(studied, tmp_path):
    page_path = tmp_path / "mine.html"
    page_path.write_text("my notes", encoding="utf-8")
    refused = run("stats", "--html", str(page_path), "--lang", "en")
    assert refused.exit_code == 2 and "--force" in refused.output
    assert page_path.read_text(encoding="utf-8") == "my notes"
    assert run("stats", "--html", str(page_path), "--force", "--lang", "en").exit_code == 0
    assert page_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_link_to_nowhere_is_kept_unless_forced(studied, tmp_path):
    page_path = tmp_path / "progress.html"
    page_path.symlink_to(tmp_path / "elsewhere" / "progress.html")
    refused = run("stats", "--html", str(page_path), "--lang", "en")
    assert refused.exit_code == 2 and "--force" in refused.output and page_path.is_symlink()


def test_no_history_yet_gives_a_page_that_says_so(quiz_home, tmp_path):
    page_path = tmp_path / "empty.html"
    assert run("stats", "--html", str(page_path), "--lang", "en").exit_code == 0
    assert "No history yet" in page_path.read_text(encoding="utf-8")


@pytest.mark.skipif(_browser() is None, reason="no chromium, chromium-browser or google-chrome on PATH")
def test_chromium_renders_the_progress_page_at_phone_width(studied, tmp_path):
    page_path = tmp_path / "progress.html"
    assert run("stats", "--html", str(page_path), "--lang", "ko").exit_code == 0
    shot = tmp_path / "progress.png"
    done = _run_browser(
        _browser(), page_path, tmp_path / "p", f"--screenshot={shot}", "--window-size=390,900"
    )
    assert shot.is_file(), done.stderr[-2000:]
    assert _console_errors(done.stderr) == []
    _, _, pixels = _decode_png(shot.read_bytes(), rows=500)
    background = max(set(pixels), key=pixels.count)
    assert sum(p != background for p in pixels) > len(pixels) // 50  # not a blank page
