"""Damaged and hostile banks: every one is a `path:line` problem, never a traceback, a hang or a wrong
verdict; `start --bank` refuses what lint refuses; the checks are cached by file content."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from checker.bank import checks, loader
from checker.bank.loader import lint, load_bank
from checker.bank.yamlsrc import MAX_DEPTH
from checker.cli import main
from checker.variant import fill, generate

HEAD = "topic: t\ntitle: {en: T, ko: T, ja: T}\nquestions:\n"
NUMERIC = (
    "  - id: q\n"
    "    type: numeric\n"
    "    prompt: {en: 'p', ko: 'p', ja: 'p'}\n"
    "    explanation: {en: e, ko: e, ja: e}\n"
    "    answer: 1\n"
)  # the answer is on line 8 of a file that starts with HEAD


def _bank(tmp_path, body: str | bytes, name: str = "b.yaml"):
    path = tmp_path / name
    data = body if isinstance(body, bytes) else (HEAD + body).encode("utf-8")
    path.write_bytes(data)
    return path


def _found(path) -> list[str]:
    return [f"{p.line}: {p.message}" for p in lint([path]).problems]


def _with_answer(value: str) -> str:
    return NUMERIC.replace("    answer: 1\n", f"    answer: {value}\n")


def _parametrized(prompt: str, params: str = "x: [1, 2]", extra: str = "") -> str:
    return (
        "  - id: q\n"
        "    type: numeric\n"
        f"    params: {{{params}}}\n"
        f"{extra}"
        f"    prompt: {{en: '{prompt}', ko: '{prompt}', ja: '{prompt}'}}\n"
        "    explanation: {en: e, ko: e, ja: e}\n"
        "    answer: 1\n"
    )


# -- reading the YAML ------------------------------------------------------------------------------


def test_a_mapping_where_a_formula_name_goes_is_a_problem(tmp_path):
    found = _found(_bank(tmp_path, _with_answer("{formula: [1, 2]}")))
    assert any(f.startswith("8: ") and "unknown formula '[1, 2]'" in f for f in found), found


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("!!set {a, b}", "the YAML tag !!set is not allowed"),
        ("!!omap [{a: 1}, {b: 2}]", "the YAML tag !!omap is not allowed"),
        ("!!pairs [{a: 1}, {a: 2}]", "the YAML tag !!pairs is not allowed"),
        ("!!binary aGVsbG8=", "the YAML tag !!binary is not allowed"),
        ("!!int abc", "this value is not a valid !!int"),
        ("!!float abc", "this value is not a valid !!float"),
        ("!!bool maybe", "this value is not a valid !!bool"),
        ("9" * 5000, "this value is not a valid !!int"),  # past Python's 4,300 digits
    ],
)
def test_yaml_tags_that_build_other_things_are_problems_at_their_line(tmp_path, value, fragment):
    found = _found(_bank(tmp_path, _with_answer(value)))
    assert any(f.startswith("8: ") and fragment in f for f in found), found


def test_a_date_is_read_as_the_text_it_is_written_as(tmp_path):
    body = NUMERIC.replace(
        "prompt: {en: 'p', ko: 'p', ja: 'p'}", "prompt: {en: 2024-01-01, ko: 2024-01-01, ja: 2024-01-01}"
    )
    result = lint([_bank(tmp_path, body)])
    assert result.problems == []
    assert result.bank.questions()[0].prompt["en"] == "2024-01-01"


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 300, 900])
def test_deep_nesting_is_reported_at_its_line_not_a_recursion_error(tmp_path, levels):
    deep = "{a: " * levels + "1" + "}" * levels
    found = _found(_bank(tmp_path, _with_answer(deep)))
    assert any(f.startswith("8: ") and "nested more than" in f for f in found), found


def test_block_nesting_names_the_line_where_it_goes_too_deep(tmp_path):
    deep = "x:\n" + "".join("  " * k + "-\n" for k in range(1, MAX_DEPTH + 5))
    found = _found(_bank(tmp_path, (deep + HEAD + NUMERIC).encode()))
    assert found == [f"{MAX_DEPTH + 1}: lists and mappings nested more than {MAX_DEPTH} levels deep"]


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path):
    bomb = "b0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    bomb += "".join(f"b{k}: &b{k} [{', '.join([f'*b{k - 1}'] * 10)}]\n" for k in range(1, 7))
    body = NUMERIC.replace("type: numeric", "type: *b6")
    found = _found(_bank(tmp_path, (bomb + HEAD + body).encode()))
    assert any("aliases expand this value past" in f for f in found), found
    assert all(len(f) < 500 for f in found)


def test_an_alias_that_contains_itself_is_a_problem(tmp_path):
    found = _found(_bank(tmp_path, b"x: &a [1, *a]\n" + (HEAD + NUMERIC).encode()))
    assert found and found[0].startswith("1: ")


def test_a_merge_key_that_overrides_the_id_is_not_a_duplicate(tmp_path):
    body = NUMERIC.replace("  - id: q\n", "  - &q\n    id: q\n") + "  - <<: *q\n    id: q-copy\n"
    result = lint([_bank(tmp_path, body)])
    assert [str(p) for p in result.problems] == []
    assert [q.id for q in result.bank.questions()] == ["q", "q-copy"]


def test_a_key_written_twice_beside_a_merge_is_still_a_duplicate(tmp_path):
    body = NUMERIC.replace("  - id: q\n", "  - &q\n    id: q\n") + "  - <<: *q\n    id: r\n    id: s\n"
    assert any(f.startswith("12: duplicate key 'id'") for f in _found(_bank(tmp_path, body)))


def test_a_nul_byte_is_reported_at_its_own_line(tmp_path):
    data = (HEAD + NUMERIC).encode().replace(b"explanation: {en: e", b"explanation: {en: \x00e")
    assert _found(_bank(tmp_path, data)) == ["7: the character U+0000 is not allowed in YAML"]


def test_an_invalid_utf8_byte_is_reported_at_its_own_line(tmp_path):
    data = (HEAD + NUMERIC).encode().replace(b"explanation: {en: e", b"explanation: {en: \xffe")
    assert _found(_bank(tmp_path, data)) == ["7: not UTF-8 text"]


def test_a_fifo_is_not_read_forever(tmp_path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert [p.code for p in lint([fifo]).problems] == ["lint.file.unreadable"]


# -- computed values and texts -------------------------------------------------------------------


@pytest.mark.parametrize(
    "prompt, params, extra",
    [
        ("{z}", "x: [1, 2]", "    derived: {z: {expr: '(-1) ** 0.5'}}\n"),  # a complex number
        ("{z}", "x: [1, 2]", "    derived: {z: {expr: '(-8) ** (1/3)'}}\n"),
        ("{x}", "x: [.nan, 1]", ""),
        ("{x}", "x: [1, .inf]", ""),
        ("{z}", "x: [1, 2]", "    derived: {z: {expr: '1e400 if x else 0'}}\n"),
        ("{z}", "x: [1, 2]", "    derived: {z: {formula: sigmoid, args: {x: .nan}}}\n"),
    ],
)
def test_a_value_that_is_complex_nan_or_infinite_fails_lint(tmp_path, prompt, params, extra):
    assert lint([_bank(tmp_path, _parametrized(prompt, params, extra))]).problems != []


def test_a_non_finite_number_is_refused_where_a_number_goes(tmp_path):
    found = _found(_bank(tmp_path, _with_answer(".nan")))
    assert any(f.startswith("8: ") and "finite number" in f for f in found), found


@pytest.mark.parametrize("field, fragment", [("{x!z}", "'!z'"), ("{x!r}", None), ("{x!a}", None)])
def test_only_real_conversions_are_accepted(tmp_path, field, fragment):
    found = _found(_bank(tmp_path, _parametrized(field)))
    if fragment is None:
        assert found == []
    else:
        assert any(f.startswith("7: ") and fragment in f and "not a conversion" in f for f in found), found


@pytest.mark.parametrize(
    "field, fragment",
    [
        ("{x:>100000000}", "asks for more than 100 characters"),
        ("{x:.100000000f}", "asks for more than 100 characters"),
        ("{x:0>{x}}", "may not contain another field"),
    ],
)
def test_format_specs_are_bounded(tmp_path, field, fragment):
    found = _found(_bank(tmp_path, _parametrized(field)))
    assert any(f.startswith("7: ") and fragment in f for f in found), found


def test_fill_refuses_an_unbounded_format_even_without_lint():
    with pytest.raises(ValueError):
        fill("{s:>100000000}", {"s": "a"})
    with pytest.raises(ValueError):
        fill("{s!z}", {"s": "a"})
    assert fill("{s:>5}|{s!r}", {"s": "a"}) == "    a|'a'"


def test_an_expression_that_never_ends_is_a_problem(tmp_path):
    body = _parametrized("{z}", extra="    derived: {z: {expr: 'round(5, -1000000000)'}}\n")
    found = _found(_bank(tmp_path, body))
    assert any("round() takes at most" in f for f in found), found


# -- loading runs the same checks as lint ----------------------------------------------------------

DIVIDES_BY_ZERO = (
    "  - id: q-divides\n"
    "    type: numeric\n"
    "    params: {x: [0, 1, 2]}\n"
    "    prompt: {en: 'x={x}', ko: 'x={x}', ja: 'x={x}'}\n"
    "    explanation: {en: e, ko: e, ja: e}\n"
    "    answer: {expr: '1 / x'}\n"
)


def test_loading_reports_what_lint_reports(tmp_path, quiz_home):
    path = _bank(tmp_path, DIVIDES_BY_ZERO)
    assert [str(p) for p in load_bank([path]).problems] == [str(p) for p in lint([path]).problems]
    assert any("for x=0" in str(p) for p in load_bank([path]).problems)


def test_start_refuses_a_bank_that_lint_refuses(tmp_path, quiz_home):
    path = _bank(tmp_path, DIVIDES_BY_ZERO)
    result = CliRunner().invoke(
        main, ["start", "--bank", str(path), "--topic", "t", "-n", "3", "--lang", "en"], input="1\n1\n1\n"
    )
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"{path}:4: question 'q-divides' for x=0" in result.output or "b.yaml:4:" in result.output
    assert "Traceback" not in result.output


def test_start_refuses_a_bad_format_spec_and_a_nan_answer(tmp_path, quiz_home):
    body = _parametrized("{x:d}", "x: [1, word]").replace("id: q", "id: q-spec")
    body += (
        _parametrized("{x}", "x: [1, 2]")
        .replace("id: q", "id: q-nan")
        .replace("answer: 1", "answer: {expr: 'x * 1e308 * 10'}")
    )
    result = CliRunner().invoke(main, ["start", "--bank", str(_bank(tmp_path, body)), "-n", "1"], input="q\n")
    assert result.exit_code == 1
    assert "q-spec" in result.output and "q-nan" in result.output


def test_a_variant_that_fails_outside_the_checked_sample_is_drawn_again(tmp_path):
    body = _parametrized("{x}", "x: [0, 1]", "    derived: {z: {expr: '1 / x'}}\n")
    (question,) = load_bank([_bank(tmp_path, body)], check=False).bank.questions()
    assert {generate(question, seed).values["x"] for seed in range(40)} == {1}


def test_clean_files_are_checked_once_then_again_when_they_change(tmp_path, quiz_home, monkeypatch):
    path = _bank(tmp_path, _parametrized("{x}"))
    calls = []
    real = loader.check_variants
    monkeypatch.setattr(loader, "check_variants", lambda q: calls.append(q.id) or real(q))
    monkeypatch.setattr(checks, "_clean", set())
    assert load_bank([path]).problems == []
    assert calls == ["q"]
    assert json.loads((quiz_home / checks.CACHE_NAME).read_text())["clean"]
    monkeypatch.setattr(checks, "_clean", set())  # a new process: only the file on disk remembers
    assert load_bank([path]).problems == [] and calls == ["q"]
    path.write_text(HEAD + _parametrized("{x} "), encoding="utf-8")
    assert load_bank([path]).problems == [] and calls == ["q", "q"]
    assert lint([path]).problems == [] and calls == ["q", "q", "q"]  # lint always checks


def test_an_unusable_cache_only_costs_time(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("LSTM_QUIZ_HOME", str(blocked / "home"))
    monkeypatch.setattr(checks, "_clean", set())
    assert load_bank([_bank(tmp_path, _parametrized("{x}"))]).problems == []
    home = tmp_path / "home"
    home.mkdir()
    (home / checks.CACHE_NAME).write_text('{"clean": [1, 2, {"x": 3}]')
    monkeypatch.setenv("LSTM_QUIZ_HOME", str(home))
    assert load_bank([_bank(tmp_path, _parametrized("{x}"))]).problems == []
