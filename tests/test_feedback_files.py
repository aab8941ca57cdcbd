"""Each student's feedback files (OUT/feedback/<name>.html and .md): what they say, in the chosen
language; what a hidden test may not tell, they do not tell; hostile names stay text; two students
never share a file."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_grade import ELEMENTWISE_1, GOOD_1, GOOD_2, SECRET, TORCH_ORDER_2, grade, write

from checker.batch.journal import Entry
from checker.batch.report import StudentRow
from checker.render.feedback_view import feedback, feedback_html, feedback_markdown
from checker.results import CheckResult, Message, MisconceptionHit, Status
from checker.results import TestResult as Verdict  # not a test class

PLANTED_HIDDEN = "7734.0912"  # a value computed from a hidden case: must never be shown
PLANTED_VISIBLE = "1234.5678"  # the same kind of value on a public case: shown (so the check can fail)
HOSTILE = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def _test(test_id: str, visibility: str, status: Status, message=None, hint=None, details=None) -> Verdict:
    score = 1.0 if status == Status.PASS else 0.0
    return Verdict(test_id, {"en": f"test {test_id}", "ko": f"테스트 {test_id}", "ja": f"テスト {test_id}"},
                      visibility, status, score, 1.0, message, hint, None, details)  # fmt: skip


def _entry(student: str, hidden_message, findings=(), misconceptions=()) -> Entry:
    tests = (
        _test("pub-ok", "visible", Status.PASS),
        _test("pub-bad", "visible", Status.FAIL, Message.of("check.case_exception", error=f"ValueError {PLANTED_VISIBLE}")),
        _test("hid-ok", "hidden", Status.PASS),
        _test("hid-bad", "hidden", Status.ERROR, hidden_message, {"en": "think of the norm", "ko": "노름", "ja": "ノルム"},
              {"got": {"x": PLANTED_HIDDEN}}),
    )  # fmt: skip
    result = CheckResult(1, "gradient_clipping", "exercise1.py", Status.FAIL, 2.0, 4.0, tests,
                         misconceptions=misconceptions, findings=findings,
                         stdout=f"printed {PLANTED_HIDDEN}")  # fmt: skip
    return Entry(student, 1, f"{student}/exercise1.py", "0" * 64, "k", None, result)


def _row(student: str) -> StudentRow:
    return StudentRow(student, None, {1: 2.0, 2: None}, {1: 4.0, 2: 10.0}, 2.0, 14.0, "ok", ())


HIDDEN_LEAKS = [
    Message.of("check.case_exception", error=f"ValueError: {PLANTED_HIDDEN}"),
    Message.of("check.values", name=f"h[{PLANTED_HIDDEN}]"),
    {"en": f"LEAK {PLANTED_HIDDEN}", "ko": f"LEAK {PLANTED_HIDDEN}", "ja": f"LEAK {PLANTED_HIDDEN}"},
]


@pytest.mark.parametrize("leak", HIDDEN_LEAKS, ids=["exception", "values", "old-journal-text"])
@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_a_hidden_tests_message_never_reaches_a_feedback_file(leak, lang):
    fb = feedback(_row("alice"), [_entry("alice", leak)], lang)
    for text in (feedback_markdown(fb), feedback_html(fb)):
        assert PLANTED_HIDDEN not in text  # nor its message, its details, or what the program printed
        assert PLANTED_VISIBLE in text  # a public test's message is shown in full
        assert "test hid-bad" in text or "테스트 hid-bad" in text or "テスト hid-bad" in text
        assert ("think of the norm" in text) == (lang == "en")  # its hint is shown


def test_the_named_mistake_comes_first_and_the_hidden_failures_follow_it_grouped():
    hit = MisconceptionHit("clip-elementwise", {"en": "Clipping each element"}, {"en": "Use the norm."})
    fb = feedback(_row("alice"), [_entry("alice", None, misconceptions=(hit,))], "en")
    (view,) = fb.exercises
    assert view.mistakes == (("Clipping each element", "Use the norm."),)
    assert [t.name for t in view.grouped] == ["test hid-bad"]
    assert view.group_hints == ("think of the norm",)
    assert [t.name for t in view.tests] == ["test pub-ok", "test pub-bad", "test hid-ok"]
    text = feedback_markdown(fb)
    assert text.index("Likely mistake") < text.index("test pub-ok") < text.index("fail as well")
    assert text.index("fail as well") < text.index("test hid-bad")
    assert "Clipping each element" in text.split("## What to read again")[1]


def test_findings_show_when_no_mistake_is_named():
    finding = Message.of("check.not_implemented", function="gradient_clipping")
    fb = feedback(_row("alice"), [_entry("alice", None, findings=(finding,))], "en")
    text = feedback_markdown(fb)
    assert "### Where to look" in text and "gradient\\_clipping is not implemented yet" in text


def test_a_missing_exercise_and_the_languages():
    for lang, word in (("en", "No file of yours"), ("ko", "찾지 못해서"), ("ja", "見つからなかった")):
        fb = feedback(
            _row("alice"),
            [_entry("alice", None)],
            lang,
            {1: {"en": "Clipping", "ko": "클리핑", "ja": "クリッピング"}},
        )
        html_text = feedback_html(fb)
        assert f'<html lang="{lang}">' in html_text
        assert word in feedback_markdown(fb) and word in html_text


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_text(name):
    fb = feedback(_row(name), [_entry(name, None)], "en")
    page = feedback_html(fb)
    assert name not in page
    assert "<script" not in page and "<img" not in page
    assert _tags(page) >= {"html", "body", "table"}
    text = feedback_markdown(fb)
    assert name not in text
    assert not re.search(r"(?<!\\)<", text)  # every < escaped: no HTML in the Markdown


class _Balanced(HTMLParser):
    VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.seen.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.seen.add(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def _tags(page: str) -> set[str]:
    """The tags of a page whose every element is closed in order (else an AssertionError)."""
    parser = _Balanced()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return parser.seen


# -- written by `grade` ------------------------------------------------------------------------------


def test_grade_writes_one_page_and_one_markdown_file_per_student(tmp_path):
    names = ["eve<1", "eve>1", '"><img src=x onerror=alert(1)>', "kim"]  # the first two: one safe name
    root = write(
        tmp_path / "class",
        {
            f"{names[0]}/exercise1.py": GOOD_1,
            f"{names[1]}/exercise1.py": ELEMENTWISE_1,
            f"{names[2]}/exercise2.py": TORCH_ORDER_2,
            f"{names[3]}/exercise2.py": GOOD_2,
        },
    )
    out = tmp_path / "out"
    result = grade(str(root), "-o", str(out), "--seed", SECRET, "--lang", "ja", "-j", "1")
    assert result.exit_code == 0, result.output
    pages = sorted((out / "feedback").glob("*.html"))
    notes = sorted((out / "feedback").glob("*.md"))
    assert len(pages) == len(notes) == 4  # none overwrote another
    assert {p.stem for p in pages} == {p.stem for p in notes}
    assert all(re.fullmatch(r"[\w.\- ]+", p.stem) for p in pages)
    said = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert '<html lang="ja">' in text and "得点" in text
        assert "<img" not in text and "<script" not in text
        _tags(text)
        said[page.stem] = text
    import html

    for name in names:
        holders = [
            stem for stem, text in said.items() if f"<h1>{html.escape(name, quote=False)} さん" in text
        ]
        assert len(holders) == 1, name  # each student's page is their own
    eve = next(text for text in said.values() if "eve&gt;1" in text)
    assert "要素ごとにクリップ" in eve or "clip" in eve.lower()  # the named mistake of eve>1's file


def test_no_feedback_files_unless_asked(tmp_path):
    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1})
    out = tmp_path / "out"
    assert grade(str(root), "-o", str(out), "--seed", SECRET, "--format", "csv", "-j", "1").exit_code == 0
    assert not (out / "feedback").exists() and not (out / "report.html").exists()
    assert (out / "report.md").is_file()


def test_a_link_planted_for_the_feedback_folder_is_refused(tmp_path):
    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1})
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "feedback").symlink_to(elsewhere)
    result = grade(str(root), "-o", str(out), "--seed", SECRET, "--force", "-j", "1")
    assert result.exit_code != 0
    assert not list(elsewhere.iterdir())
    assert Path(out / "feedback").is_symlink()


@pytest.mark.parametrize(
    "planted",
    ["feedback/kim.md", "feedback/kim.html", "gradescope/kim", "gradescope/kim/results.json", "gradescope"],
)
def test_a_link_planted_for_a_students_output_is_refused_and_its_target_untouched(tmp_path, planted):
    root = write(tmp_path / "class", {"kim/exercise1.py": GOOD_1, "lee/exercise1.py": GOOD_1})
    out = tmp_path / "out"
    assert grade(str(root), "-o", str(out), "--seed", SECRET, "-j", "1").exit_code == 0
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "results.json").write_text("mine", encoding="utf-8")
    link = out / planted
    if link.is_dir():
        shutil.rmtree(link)
    else:
        link.unlink()
    link.symlink_to(target / "results.json" if "." in link.name else target)
    result = grade(str(root), "-o", str(out), "--seed", SECRET, "--force", "-j", "1")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert sorted(p.name for p in target.iterdir()) == ["results.json"]
    assert (target / "results.json").read_text(encoding="utf-8") == "mine"
    assert link.is_symlink()


def test_a_students_output_files_are_rendered_without_rich_or_the_question_bank():
    """The batch's workers write each student's Gradescope file, feedback pages and results.json line;
    Rich (the terminal's renderer) and the question bank (the quiz's) are no part of that: each costs a
    worker milliseconds to import."""
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from test_feedback_files import _entry, _row\n"
        "from checker.render.feedback_view import feedback, feedback_html, feedback_markdown\n"
        "from checker.render.grade_view import gradescope, student_json\n"
        "entries = [_entry('alice', None)]\n"
        "page = feedback(_row('alice'), entries, 'ja')\n"
        "texts = [feedback_html(page), feedback_markdown(page), json.dumps(gradescope(entries, 'ko')),\n"
        "         student_json(_row('alice'), entries, 'en', 'gradescope/alice/results.json')]\n"
        "print(all(texts), sorted(m for m in sys.modules if m.startswith(('rich', 'checker.bank', 'checker.variant'))))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent)], capture_output=True, text=True, check=True
    )
    assert shown.stdout.split() == ["True", "[]"]
