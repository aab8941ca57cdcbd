"""`bank export`: every format read back, its counts, its accepted answers and its escaping."""

from __future__ import annotations

import html
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.answers import parse_number
from checker.bank import load_bank
from checker.bank.export import export_bank
from checker.cli import main
from checker.grading import CORRECT, grade
from checker.resources import quizzes_dir
from checker.variant import generate

QTI = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
CP = {"m": "http://www.imsglobal.org/xsd/imscp_v1p1"}
MOODLE_TYPES = {
    "choice": "multichoice",
    "multi": "multichoice",
    "numeric": "numerical",
    "text": "shortanswer",
    "shape": "shortanswer",
    "match": "matching",
}
QTI_TYPES = {
    "choice": "multiple_choice_question",
    "multi": "multiple_answers_question",
    "numeric": "numerical_question",
    "text": "short_answer_question",
    "shape": "short_answer_question",
    "match": "matching_question",
}


@cache
def bank():
    return load_bank([quizzes_dir()]).bank


@cache
def expected_items(variants: int = 3, lang: str = "en") -> dict[str, int]:
    """How many exported questions each bank question should give: its distinct variants."""
    counts = {}
    for question in bank().questions():
        seeds = range(variants) if question.params else range(1)
        texts = {(generate(question, s).prompt(lang), generate(question, s).answer_text(lang)) for s in seeds}
        counts[question.id] = len(texts)
    return counts


@cache
def exported(fmt: str, lang: str = "en") -> bytes:
    return export_bank(bank(), fmt, lang).data


def _variant(idnumber: str):
    question_id, seed = idnumber.rsplit("-", 1)
    return generate(bank().question(question_id), int(seed))


def test_the_shipped_banks_are_what_the_counts_assume():
    assert len(bank().questions()) == 244
    assert len(bank().topics) == 18
    assert sum(expected_items().values()) > 244  # parametrized questions give several variants


# -- Moodle XML


def _moodle(data: bytes) -> list[ET.Element]:
    return list(ET.fromstring(data))


def test_moodle_xml_has_a_category_per_topic_and_every_variant_by_type():
    questions = _moodle(exported("moodle-xml"))
    categories = [q for q in questions if q.get("type") == "category"]
    assert len(categories) == 18
    expected = Counter()
    for question in bank().questions():
        expected[MOODLE_TYPES[question.type]] += expected_items()[question.id]
    found = Counter(q.get("type") for q in questions if q.get("type") != "category")
    assert found == expected


def test_moodle_multi_weights_follow_net_correct_credit():
    for element in _moodle(exported("moodle-xml")):
        if element.findtext("single") != "false":
            continue
        variant = _variant(element.findtext("idnumber"))
        fractions = [float(a.get("fraction")) for a in element.findall("answer")]
        right = [f for f in fractions if f > 0]
        assert len(right) == len(variant.answer)
        assert sum(right) == pytest.approx(100, abs=0.01)
        assert all(f == pytest.approx(-100 / len(right), abs=0.01) for f in fractions if f <= 0)


def _accepted(element: ET.Element) -> list[str]:
    return [a.findtext("text") for a in element.findall("answer") if float(a.get("fraction")) == 100]


def test_moodle_accepts_the_displayed_answer_of_every_question():
    checked = Counter()
    for element in _moodle(exported("moodle-xml")):
        kind = element.get("type")
        if kind == "category":
            continue
        variant = _variant(element.findtext("idnumber"))
        shown = variant.answer_text("en")
        q = variant.question
        if q.type == "choice":
            label = shown.split(") ", 1)[1]
            assert _accepted(element) == [f"<p>{html.escape(label)}</p>"]
        elif q.type == "multi":
            displayed = variant.choice_labels("en")
            labels = {f"<p>{html.escape(t)}</p>" for i, t in enumerate(displayed) if f"{i + 1}) {t}" in shown}
            assert len(labels) == len(variant.answer)
            positive = {a.findtext("text") for a in element.findall("answer") if float(a.get("fraction")) > 0}
            assert positive == labels
        elif q.type == "numeric":
            right = next(a for a in element.findall("answer") if a.get("fraction") == "100")
            value, margin = float(right.findtext("text")), float(right.findtext("tolerance"))
            assert abs(parse_number(shown) - value) <= margin + 1e-12
        elif q.type in ("text", "shape"):
            accepted = [t.replace("\\*", "*").casefold() for t in _accepted(element)]
            assert shown.casefold() in accepted
        else:
            pairs = {s.findtext("text"): s.findtext("answer/text") for s in element.findall("subquestion")}
            rights = variant.right_items("en")
            for left, piece in zip(variant.left_items("en"), shown.split()):
                assert pairs[f"<p>{html.escape(left)}</p>"] == rights[ord(piece[-1]) - ord("a")]
        checked[q.type] += 1
    assert set(checked) == set(MOODLE_TYPES)


def test_every_typed_answer_moodle_accepts_our_grader_accepts_too():
    for element in _moodle(exported("moodle-xml")):
        if element.get("type") != "shortanswer":
            continue
        variant = _variant(element.findtext("idnumber"))
        for text in _accepted(element):
            assert grade(variant, text.replace("\\*", "*")).verdict == CORRECT, (variant.question.id, text)


def test_a_relative_tolerance_becomes_the_absolute_margin_of_the_variant():
    for element in _moodle(exported("moodle-xml")):
        if element.get("type") != "numerical":
            continue
        variant = _variant(element.findtext("idnumber"))
        right = next(a for a in element.findall("answer") if a.get("fraction") == "100")
        value, margin = float(right.findtext("text")), float(right.findtext("tolerance"))
        assert grade(variant, repr(value + margin * 0.99)).verdict == CORRECT
        if margin:
            assert grade(variant, repr(value + margin * 1.5 + 1e-9)).verdict != CORRECT


def test_known_wrong_answers_keep_their_feedback_in_moodle():
    element = next(
        e for e in _moodle(exported("moodle-xml")) if e.findtext("idnumber") == "act-sigmoid-prime-max-0"
    )
    wrong = [a for a in element.findall("answer") if a.get("fraction") == "0"]
    assert [a.findtext("text") for a in wrong] == ["0.3", "0.5", "1"]
    assert all(a.findtext("feedback/text") for a in wrong)
    assert element.findtext("generalfeedback/text").startswith("<p>σ′ = σ(1 − σ)")


# -- GIFT


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def _gift_questions(data: bytes) -> list[dict]:
    """A small GIFT reader: the name, the answer lines (raw) and the kind of every question."""
    questions = []
    for block in data.decode("utf-8").split("\n\n"):
        lines = [line for line in block.split("\n") if not line.startswith("//")]
        text = "\n".join(lines).strip()
        if not text or text.startswith("$CATEGORY:"):
            continue
        match = re.match(r"::((?:\\.|[^:\\])*)::(.*?)(?<!\\)\{(#?)\n(.*)\n\}$", text, re.DOTALL)
        assert match, text[:200]
        answers = [line.strip() for line in match.group(4).split("\n") if not line.strip().startswith("####")]
        questions.append(
            {"name": _unescape(match.group(1)), "numeric": bool(match.group(3)), "answers": answers}
        )
    return questions


def test_gift_has_every_variant_and_escapes_its_special_characters():
    questions = _gift_questions(exported("gift"))
    assert len(questions) == sum(expected_items().values())
    assert len({q["name"] for q in questions}) == len(questions)
    assert sum(q["numeric"] for q in questions) == sum(
        expected_items()[q.id] for q in bank().questions() if q.type == "numeric"
    )


def test_gift_multi_weights_sum_to_full_credit_and_numeric_keeps_its_tolerance():
    questions = {q["name"]: q for q in _gift_questions(exported("gift"))}
    multi = next(q for q in bank().questions() if q.type == "multi")
    weights = [float(re.match(r"~%(-?[\d.]+)%", a).group(1)) for a in questions[multi.id]["answers"]]
    assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=0.01)
    assert len([w for w in weights if w > 0]) == len(multi.answer)
    numeric = questions["act-sigmoid-prime-max"]
    assert numeric["numeric"] and numeric["answers"][0] == "=0.25:0.0025"  # 1 % of 0.25


# -- Anki


def _notes(data: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    path = tmp_path / "collection.anki2"
    path.write_bytes(zipfile.ZipFile(__import__("io").BytesIO(data)).read("collection.anki2"))
    with sqlite3.connect(path) as db:
        notes = db.execute("SELECT guid, flds FROM notes").fetchall()
        decks = db.execute("SELECT decks FROM col").fetchone()[0]
    path.unlink()
    return notes, decks


def test_anki_has_a_note_per_variant_with_guids_stable_across_exports(tmp_path):
    first, decks = _notes(export_bank(bank(), "anki", "en").data, tmp_path)
    second, _ = _notes(export_bank(bank(), "anki", "en").data, tmp_path)
    assert len(first) == sum(expected_items().values())
    assert sorted(g for g, _ in first) == sorted(g for g, _ in second)
    assert len({g for g, _ in first}) == len(first)
    assert decks.count('"lstm-quiz::') == 18
    korean, _ = _notes(export_bank(bank(), "anki", "ko").data, tmp_path)
    assert not {g for g, _ in korean} & {g for g, _ in first}  # a language is a note of its own


def test_an_anki_card_shows_the_answer_as_the_app_displays_it(tmp_path):
    notes, _ = _notes(exported("anki"), tmp_path)
    fields = {flds.split("\x1f")[2]: flds.split("\x1f") for _, flds in notes}
    question = bank().question("act-sigmoid-derivative-formula")
    shown = generate(question, 0).answer_text("en")
    assert f"<b>{html.escape(shown, quote=False)}</b>" in fields[question.id][1]


# -- QTI


def _qti(data: bytes) -> tuple[ET.Element, ET.Element]:
    archive = zipfile.ZipFile(__import__("io").BytesIO(data))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    href = manifest.find(".//m:resource", CP).get("href")
    assert manifest.find(".//m:resource", CP).get("type") == "imsqti_xmlv1p2"
    return manifest, ET.fromstring(archive.read(href))


def _qti_type(item: ET.Element) -> str:
    for field in item.findall(".//q:qtimetadatafield", QTI):
        if field.findtext("q:fieldlabel", namespaces=QTI) == "question_type":
            return field.findtext("q:fieldentry", namespaces=QTI)
    raise AssertionError("no question_type")


def test_qti_items_have_canvas_question_types():
    _, assessment = _qti(exported("qti"))
    items = assessment.findall(".//q:item", QTI)
    assert len(items) == sum(expected_items().values())
    expected = Counter()
    for question in bank().questions():
        expected[QTI_TYPES[question.type]] += expected_items()[question.id]
    assert Counter(_qti_type(item) for item in items) == expected


def test_qti_accepts_the_displayed_typed_answers_and_numbers_in_range():
    _, assessment = _qti(exported("qti"))
    for item in assessment.findall(".//q:item", QTI):
        variant = _variant(item.get("ident"))
        shown = variant.answer_text("en")
        if variant.question.type in ("text", "shape"):
            accepted = [e.text.casefold() for e in item.findall(".//q:varequal", QTI)]
            assert shown.casefold() in accepted
        elif variant.question.type == "numeric":
            low = float(item.find(".//q:vargte", QTI).text)
            high = float(item.find(".//q:varlte", QTI).text)
            assert low - 1e-12 <= parse_number(shown) <= high + 1e-12


# -- the command


def _run(*args: str):
    return CliRunner().invoke(main, ["bank", "export", *args])


def test_the_command_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "quiz.xml"
    out.write_text("mine")
    refused = _run("--format", "moodle-xml", "-o", str(out), "--lang", "en")
    assert refused.exit_code == 1
    assert "--force" in refused.output and len(refused.output.strip().splitlines()) == 1
    assert out.read_text() == "mine"
    forced = _run("--format", "moodle-xml", "-o", str(out), "--force", "--topic", "gru", "--lang", "en")
    assert forced.exit_code == 0, forced.output
    assert out.read_bytes().startswith(b"<?xml")
    assert forced.output.startswith("moodle-xml gru (GRU): 13 questions")


def test_an_unknown_topic_is_a_usage_error_naming_the_known_ones(tmp_path):
    result = _run("--format", "gift", "--topic", "nope", "-o", str(tmp_path / "q.gift"), "--lang", "en")
    assert result.exit_code == 2
    assert "Unknown topic 'nope'" in result.output and "vanishing-gradients" in result.output
    assert not (tmp_path / "q.gift").exists()


def test_the_summary_says_what_a_format_left_out(tmp_path):
    result = _run("--format", "qti", "--topic", "activations", "-o", str(tmp_path / "q.zip"), "--lang", "ko")
    assert result.exit_code == 0, result.output
    assert "입력한 오답에 대한 피드백" in result.output
    assert "항목" in result.output.splitlines()[-1]


HOSTILE = "Is </p><script>alert(1)</script> ]]> & {=~#:} safe?"
HOSTILE_BANK = f"""topic: hostile
title: {{en: Hostile </title>, ko: 적대적, ja: 敵対的}}
questions:
  - id: hostile-choice
    type: choice
    prompt: {{en: "{HOSTILE}", ko: "{HOSTILE}", ja: "{HOSTILE}"}}
    choices:
      - {{key: a, text: "<b>bold</b> ]]>"}}
      - {{key: b, text: "plain"}}
    answer: a
    explanation: {{en: "x <img src=x onerror=alert(1)>", ko: "x", ja: "x"}}
"""


@pytest.fixture
def hostile_bank(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "hostile.yaml").write_text(HOSTILE_BANK, encoding="utf-8")
    return folder


def _export_hostile(tmp_path, hostile_bank, fmt: str) -> bytes:
    out = tmp_path / f"out.{fmt}"
    result = _run(
        "--format", fmt, "--bank", str(hostile_bank), "--topic", "hostile", "-o", str(out), "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def test_hostile_text_is_escaped_in_moodle_xml(tmp_path, hostile_bank):
    data = _export_hostile(tmp_path, hostile_bank, "moodle-xml")
    question = next(q for q in ET.fromstring(data) if q.get("type") == "multichoice")
    text = question.findtext("questiontext/text")
    assert "<script>" not in text and _plain(text) == HOSTILE
    assert "<img" not in question.findtext("generalfeedback/text")
    assert _plain(_accepted(question)[0]) == "<b>bold</b> ]]>"


def test_hostile_text_is_escaped_in_qti(tmp_path, hostile_bank):
    _, assessment = _qti(_export_hostile(tmp_path, hostile_bank, "qti"))
    (item,) = assessment.findall(".//q:item", QTI)
    text = item.find("q:presentation/q:material/q:mattext", QTI).text
    assert "<script>" not in text and _plain(text) == HOSTILE


def test_hostile_text_stays_one_question_in_gift(tmp_path, hostile_bank):
    (question,) = _gift_questions(_export_hostile(tmp_path, hostile_bank, "gift"))
    assert question["name"] == "hostile-choice"
    assert sorted(a[0] for a in question["answers"]) == ["=", "~"]  # one right choice, one wrong
