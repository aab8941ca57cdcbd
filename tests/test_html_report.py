"""OUT/report.html: one self-contained page (no script, nothing fetched) in the chosen language, with
its charts as SVG; whatever a student chose stays text; and a real headless Chromium renders it at
phone width without a console error."""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_feedback_files import HOSTILE, _tags
from test_grade import ELEMENTWISE_1, GOOD_1, GOOD_2, SECRET, TORCH_ORDER_2, grade, write

from checker.batch.report import ClassReport, MisconceptionCount, Problem, StudentRow
from checker.batch.report import TestRate as Rate  # not a test class
from checker.render.html_report import report_html
from checker.results import Message

META = {"input": "class", "submissions": 3, "reused": 0, "version": "9.9"}


def _class(names=("kim", "lee")) -> ClassReport:
    rows = [StudentRow(n, None, {1: 4.0}, {1: 4.0}, 4.0, 4.0, "ok", ()) for n in names]
    rows.append(StudentRow(HOSTILE[0], None, {1: None}, {1: 4.0}, 0.0, 4.0, "missing", ()))
    return ClassReport(
        rows=rows,
        exercises=[1],
        histogram=[1, 0, 0, 0, 0, 0, 0, 0, 0, 2],
        rates=[
            Rate(1, "pub", {"en": "a public test", "ko": "공개", "ja": "公開"}, "visible", 2, 3),
            Rate(1, "hid", {"en": "a hidden test", "ko": "숨김", "ja": "非公開"}, "hidden", 1, 3),
        ],
        misconceptions=[
            MisconceptionCount(
                "clip-elementwise", {"en": "Clipping each element"}, {"en": "Teach the norm."}, 2
            )
        ],
        problems=[
            Problem(
                HOSTILE[1],
                1,
                f"{HOSTILE[1]}/exercise1.py",
                "exception",
                Message.of("check.case_exception", error=HOSTILE[0]),
            ),  # fmt: skip
        ],
        unattributed=[(f"{HOSTILE[1]}/notes.txt", "grade.not_python")],
        duplicates=[("kim/exercise1.py", f"kim/{HOSTILE[0][:8]}.py")],
    )


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, k, v) for k, v in attrs]

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def _parsed(page: str) -> _Attributes:
    parser = _Attributes()
    parser.feed(page)
    parser.close()
    return parser


def test_a_self_contained_page_in_the_chosen_language():
    for lang, heading in (("en", "Pass rate per test"), ("ko", "테스트별"), ("ja", "テストごと")):
        page = report_html(_class(), lang, META, today=date(2025, 3, 1))
        assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
        assert heading in page and "2025-03-01" in page and "9.9" in page
        tags = _tags(page)  # every element closed, in order
        assert {"svg", "style", "table"} <= tags
        assert "script" not in tags and "img" not in tags and "link" not in tags and "iframe" not in tags
        found = _parsed(page)
        fetched = [
            (t, k, v) for t, k, v in found.attrs if k in ("src", "href", "xlink:href", "action", "srcset")
        ]
        assert fetched == []  # nothing to fetch, from anywhere
        assert not [a for a in found.attrs if a[1].startswith("on")]  # no event handler
        assert "url(" not in page.replace("url(#stripes)", "")
        assert 'name="viewport"' in page


def test_the_charts_are_svg_with_text_and_titles():
    page = report_html(_class(), "en", META)
    histogram = re.search(r'<svg class="chart histogram".*?</svg>', page, re.S).group()
    assert "<title" in histogram and "90–100%: 2" in histogram and "0–10%: 1" in histogram
    assert re.findall(r"<text[^>]*>(\d+)</text>", histogram)[:3] == ["1", "0", "0"]  # counts over the bars
    rates = page.split("Pass rate per test")[1].split("<h2>")[0]
    assert "1/3 (33%)" in rates and "2/3 (67%)" in rates
    assert rates.index("a hidden test") < rates.index("a public test")  # the hardest first
    assert 'class="fill hidden"' in rates and ">hidden<" in rates  # hidden ones marked
    assert "Teach the norm." in page and "Clipping each element" in page


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_student_text_is_escaped_everywhere(lang):
    page = report_html(_class(), lang, META)
    for name in HOSTILE:
        assert name not in page
    assert html.escape(HOSTILE[0], quote=True) in page  # the missing student, and the exception's text
    assert html.escape(HOSTILE[1], quote=True) in page  # the problem's student and file
    text = "".join(_parsed(page).text)
    assert HOSTILE[0] in text and HOSTILE[1] in text  # shown as written, as text


def test_control_characters_are_shown_escaped_and_long_names_cut():
    report = _class(names=("evil\x1b[31m\u202ename", "x" * 5000))
    page = report_html(report, "en", META)
    assert "\x1b" not in page and "\u202e" not in page
    assert "x" * 1000 not in page


# -- similar submissions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    a_lines: tuple[int, int]
    b_lines: tuple[int, int]


@dataclass(frozen=True)
class Pair:
    exercise: int
    a: str
    b: str
    score: float
    shared: int
    matches: tuple[Match, ...]


SOURCE_A = "import numpy as np\n# </pre><script>alert(1)</script>\ndef f(g, t):\n    n = np.linalg.norm(g)\n    return g\n"
SOURCE_B = "import numpy as np\n\n\ndef f(x, y):\n    m = np.linalg.norm(x)\n    return x\n"


def test_no_similarity_section_unless_given():
    assert "Similar submissions" not in report_html(_class(), "en", META)
    page = report_html(_class(), "en", META, similar=[])
    assert "Similar submissions" in page and "No two files are alike" in page


def test_similar_pairs_side_by_side_with_the_matched_lines_marked():
    pair = Pair(1, "kim", HOSTILE[1], 0.83, 9, (Match((3, 5), (4, 6)),))
    sources = {(1, "kim"): SOURCE_A, (1, HOSTILE[1]): SOURCE_B}
    page = report_html(_class(), "en", META, similar=[pair], sources=sources)
    section = page.split("Similar submissions</h2>")[1]
    assert "83% alike" in section and "3–5 ↔ 4–6" in section
    assert "<script>" not in page and "&lt;/pre&gt;&lt;script&gt;" in section
    marked = re.findall(r"<mark>(.*?)</mark>", section)
    assert len(marked) == 6  # lines 3–5 of A and 4–6 of B
    assert any("np.linalg.norm(g)" in m for m in marked) and any("np.linalg.norm(x)" in m for m in marked)
    assert not any("import numpy" in m for m in marked)
    _tags(page)
    # a source not at hand: the pair and its lines still, the file said to be unavailable
    page = report_html(_class(), "en", META, similar=[pair], sources={})
    assert page.count("The file is not available to show.") == 2


# -- written by `grade`, and seen by a browser ----------------------------------------------------------

HOSTILE_FOLDER = HOSTILE[1]  # a folder's name may hold anything but a slash


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """A small real class, graded: good and wrong files, a hostile folder name, a roster."""
    tmp = tmp_path_factory.mktemp("html")
    root = write(
        tmp / "class",
        {
            "alice/exercise1.py": GOOD_1,
            "alice/exercise2.py": GOOD_2,
            "bob/exercise1.py": ELEMENTWISE_1,
            "bob/exercise2.py": TORCH_ORDER_2,
            f"{HOSTILE_FOLDER}/exercise2.py": TORCH_ORDER_2,
        },
    )
    roster = tmp / "roster.csv"
    roster.write_text(f'student_id\nalice\nbob\n"{HOSTILE[0]}"\n', encoding="utf-8")
    out = tmp / "out"
    result = grade(str(root), "-o", str(out), "--seed", SECRET, "--roster", str(roster), "-j", "2")
    assert result.exit_code == 0, result.output
    return out


def test_grade_writes_report_html_next_to_report_md(graded):
    page = (graded / "report.html").read_text(encoding="utf-8")
    assert (graded / "report.md").is_file()
    _tags(page)
    assert "PyTorch" in page  # the class's commonest mistake, by name
    assert html.escape(HOSTILE[0]) in page and html.escape(HOSTILE[1]) in page
    assert HOSTILE[0] not in page and HOSTILE[1] not in page


def _browser() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


def _run_browser(browser: str, page: Path, profile: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [browser, "--headless=new", "--disable-gpu", "--no-sandbox", f"--user-data-dir={profile}",
         "--no-first-run", "--enable-logging=stderr", "--v=0", *flags, page.as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def _console_errors(stderr: str) -> list[str]:
    """Lines of the browser's log that come from the page's console, or an uncaught error."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.mark.skipif(_browser() is None, reason="no chromium, chromium-browser or google-chrome on PATH")
def test_chromium_renders_the_report_at_phone_width(graded, tmp_path):
    browser = _browser()
    page = graded / "report.html"
    shot = tmp_path / "report.png"
    run = _run_browser(browser, page, tmp_path / "p1", f"--screenshot={shot}", "--window-size=390,1200")
    assert shot.is_file(), run.stderr[-2000:]
    assert _console_errors(run.stderr) == []
    width, height, pixels = _decode_png(shot.read_bytes(), rows=600)
    assert (width, height) == (390, 1200)
    assert len(set(pixels)) > 20  # text, bars and background: not a blank page
    background = max(set(pixels), key=pixels.count)
    assert sum(p != background for p in pixels) > len(pixels) // 50

    dom = _run_browser(browser, page, tmp_path / "p2", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert _console_errors(dom.stderr) == []
    assert '<svg class="chart histogram"' in dom.stdout and "<title" in dom.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom.stdout  # the roster's hostile id, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom.stdout  # the hostile folder's name, as text
    assert "<script" not in dom.stdout and "<img" not in dom.stdout


@pytest.mark.skipif(_browser() is None, reason="no chromium, chromium-browser or google-chrome on PATH")
def test_the_console_check_catches_an_error(tmp_path):
    """The check of the browser's log sees a page's error (else the tests above could not fail)."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><script>undefinedThing();</script></body></html>")
    run = _run_browser(_browser(), page, tmp_path / "p", "--dump-dom")
    assert any("Uncaught" in line for line in _console_errors(run.stderr))


def _decode_png(data: bytes, rows: int) -> tuple[int, int, list[tuple[int, ...]]]:
    """(width, height, the pixels of the first `rows` rows) of an 8-bit RGB or RGBA PNG (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, [], None
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        at += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    size = 3 if colour == 2 else 4
    raw = zlib.decompressobj().decompress(b"".join(idat), (width * size + 1) * rows)
    stride, previous, pixels = width * size, bytearray(width * size), []
    for y in range(min(rows, height)):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up, corner = previous[x], previous[x - size] if x >= size else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        pixels += [tuple(line[x : x + size]) for x in range(0, stride, size)]
        previous = line
    return width, height, pixels


def test_every_page_forbids_scripts_and_fetches_in_its_policy():
    """Defence behind escaping: report.html, feedback pages and the progress page all carry a policy
    that lets the browser run no script and load nothing, whatever text got through."""
    from checker.render.html_report import POLICY, page

    assert "default-src 'none'" in POLICY and "script-src" not in POLICY
    made = page("t", "en", "<p>x</p>")
    assert f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">' in made
    assert made.index("Content-Security-Policy") < made.index("<style>")  # before anything it governs
    assert POLICY in report_html(_class(), "en", META)


@pytest.mark.skipif(_browser() is None, reason="no chromium, chromium-browser or google-chrome on PATH")
def test_chromium_runs_no_script_a_page_might_carry(tmp_path):
    """Were a student's text ever to reach a page unescaped, its script would not run."""
    from checker.render.html_report import page

    smuggled = "<script>document.title = 'ran'; document.body.dataset.ran = 'yes';</script>"
    target = tmp_path / "page.html"
    target.write_text(page("kept", "en", f"<p>before</p>{smuggled}<p>after</p>"), encoding="utf-8")
    dom = _run_browser(_browser(), target, tmp_path / "p", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<title>kept</title>" in dom.stdout and "data-ran" not in dom.stdout
    assert "<p>after</p>" in dom.stdout  # the page itself is drawn
