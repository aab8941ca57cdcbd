"""A seeded bank mutator: hundreds of damaged copies of the shipped banks go through lint and loading.

Every mutant must give a `LoadResult` (its problems as `path:line` reports), never an exception; a
bank that loads without problems must also play: every question builds variants, renders every text
in every language and grades an answer without raising. The mutants run in a child process with a
memory limit, so a hang or a memory bomb fails the test instead of stalling the suite; the child's
timeout is only a safety net (nothing here measures time).

Run it by hand for the figures: `python tests/test_bank_fuzz.py --count 472 --dir /tmp/mutants`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

SEED = 20260610
COUNT = 300
COMBINATIONS = 24  # the mutator tests robustness, not coverage: few parameter values per question

HOSTILE_VALUES = [
    "!!set {a, b}",
    "!!omap [{a: 1}, {b: 2}]",
    "!!pairs [{a: 1}, {a: 2}]",
    "!!int abc",
    "!!float abc",
    "!!binary aGVsbG8=",
    "!!timestamp nope",
    "!custom thing",
    "!!python/object:os.system ls",
    ".nan",
    ".inf",
    "-.inf",
    "1e400",
    "9" * 5000,
    "-0",
    "2024-01-01",
    "2024-01-01 10:00:00+09:00",
    "null",
    "~",
    "''",
    "[]",
    "{}",
    "[1, 2]",
    "{formula: [1, 2]}",
    "{formula: {a: 1}}",
    "{formula: sigmoid, args: {x: [1]}}",
    "{formula: lstm_param_count, args: {num_layers: 1000000000000000000}}",
    "{expr: [1, 2]}",
    "{expr: {a: 1}}",
    "{min: 1, max: 1000000}",
    "{min: -1000000000000, max: -999999999999}",
    "[.nan, .inf]",
    "[0, -1, 1e308]",
    '"{s:>100000000}"',
    '"{x:.100000000f}"',
    '"{x!z}"',
    '"{x!r:{y}}"',
    '"{x[0]}"',
    '"{0}"',
    '"{}"',
    '"{"',
    '"\\0 nul"',
    '"\\uD800"',
    "*nothere",
    "&anchor value",
    "<<: {a: 1}",
    "? [a, b]\n  : c",
    "[" * 60 + "]" * 60,
    "[" * 400 + "]" * 400,
    "{a: " * 300 + "1" + "}" * 300,
]

HOSTILE_EXPRS = [
    "round(5, -1000000000)",
    "round(5.5, 1000000000)",
    "round(x, -400)",
    "(-1) ** 0.5",
    "(-8) ** (1/3)",
    "10 ** 999 * 10 ** 999",
    "(10 ** 300) ** 1000",
    "2 ** 1000 ** 2",
    "exp(1000)",
    "exp(exp(exp(10)))",
    "log(0)",
    "log(1, 1)",
    "sqrt(-1)",
    "1 / 0",
    "1 // 0.0",
    "1 % 0",
    "min()",
    "max(())",
    "min((1, 2), 3)",
    "abs((1, 2))",
    "lstm_param_count(1, 1, 1000000000000000000)",
    "gru_param_count(10 ** 300, 10 ** 300, 10 ** 300)",
    "rnn_param_count(1, 1, 2.5)",
    "l2_norm(1e300, 1e300)",
    "sigmoid((1, 2))",
    "clip_scale(0, 0)",
    "lstm_output_shape(10 ** 300, 10 ** 300, 10 ** 300)",
    "(1, 2, 3, 4, 5, 6, 7, 8, 9)",
    "((1, 2), (3, 4))",
    "(0.5, -1)",
    "'x' * 3",
    "'a' < 1",
    "x if x else 'word'",
    "-" * 400 + "1",
    "not " * 120 + "x",
    "+".join(["1"] * 240),
    "(" * 150 + "1" + ")" * 150,
    "1e308 * 10",
    "1e300 * 1e300 - 1e300 * 1e300",
    "10 ** 400",
    "123456789" * 50,
    "True * 3",
    "x.real",
    "x[0]",
]

INSERTS = [b"\x00", b"\xff", b"\xc3", b"\xfe\xff", b"\t", b"\r", "\u2028".encode(), "\ufeff".encode()]
INSERTS += [b"{", b"}", b"[", b"]", b"'", b'"', b"&a ", b"*a ", b"!!str ", b"<<: ", b"---\n", b"...\n"]
INSERTS += [b"%YAML 1.1\n", b"? ", b": ", b"- ", b"#", b"|\n", b">-\n", b"\\", b"%"]


def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if ": " in line and not line.strip().startswith("#")]


def _replace_value(rng: random.Random, lines: list[str]) -> None:
    candidates = _value_lines(lines)
    if candidates:
        i = rng.choice(candidates)
        head = lines[i].split(": ", 1)[0]
        lines[i] = f"{head}: {rng.choice(HOSTILE_VALUES)}"


def _replace_expr(rng: random.Random, lines: list[str]) -> None:
    candidates = [i for i, line in enumerate(lines) if "expr: " in line]
    if candidates:
        i = rng.choice(candidates)
        head = lines[i].split("expr: ", 1)[0]
        expr = rng.choice(HOSTILE_EXPRS).replace('"', "'")
        lines[i] = f'{head}expr: "{expr}"' + "}" * head.count("{")


def _format_field(rng: random.Random, lines: list[str]) -> None:
    candidates = [i for i, line in enumerate(lines) if "{" in line and "expr" not in line]
    if candidates:
        i = rng.choice(candidates)
        field = rng.choice(["{s:>100000000}", "{x!z}", "{x:.99999999f}", "{x:,>99}", "{x!a}", "{x:{y}}"])
        lines[i] = lines[i].replace("{", field + " {", 1)


def _alias_bomb(rng: random.Random, lines: list[str]) -> None:
    levels = rng.choice([5, 9, 12])
    bomb = ["bomb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"bomb{k}: &b{k} [{', '.join([f'*b{k - 1}'] * 10)}]" for k in range(1, levels)]
    candidates = _value_lines(lines)
    if candidates:
        i = rng.choice(candidates)
        lines[i] = f"{lines[i].split(': ', 1)[0]}: *b{levels - 1}"
    lines[0:0] = bomb


def _merge_copy(rng: random.Random, lines: list[str]) -> None:
    items = [i for i, line in enumerate(lines) if line.startswith("  - id: ")]
    if items:
        i = rng.choice(items)
        qid = lines[i].split(": ", 1)[1]
        lines[i : i + 1] = ["  - &q0", f"    id: {qid}"]
        new_id = rng.choice([f"{qid}-copy", qid])
        lines.extend(["  - <<: *q0", f"    id: {new_id}"])


def _delete_line(rng: random.Random, lines: list[str]) -> None:
    if len(lines) > 1:
        del lines[rng.randrange(len(lines))]


def _duplicate_line(rng: random.Random, lines: list[str]) -> None:
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])


def _swap_lines(rng: random.Random, lines: list[str]) -> None:
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]


def _reindent(rng: random.Random, lines: list[str]) -> None:
    i = rng.randrange(len(lines))
    lines[i] = lines[i][2:] if rng.random() < 0.5 else "  " + lines[i]


LINE_MUTATIONS: list[Callable[[random.Random, list[str]], None]] = [
    _replace_value,
    _replace_value,
    _replace_value,
    _replace_expr,
    _replace_expr,
    _format_field,
    _alias_bomb,
    _merge_copy,
    _delete_line,
    _duplicate_line,
    _swap_lines,
    _reindent,
]


def _byte_mutation(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.2:
        return data[: rng.randrange(len(data))]
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(INSERTS) + data[at:]


def mutate(rng: random.Random, text: str) -> bytes:
    """One to three damages to one bank file."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        rng.choice(LINE_MUTATIONS)(rng, lines)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if rng.random() < 0.25:
        data = _byte_mutation(rng, data)
    return data


def mutants(seed: int, count: int) -> Iterator[tuple[int, str, bytes]]:
    """(index, name, bytes) of `count` mutants, the same ones for the same seed."""
    from checker.resources import quizzes_dir

    sources = sorted(quizzes_dir().glob("*.yaml"))
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sources]
    rng = random.Random(seed)
    for index in range(count):
        name, text = rng.choice(texts)
        yield index, name, mutate(random.Random(rng.getrandbits(64)), text)


# -- what each mutant must survive


def play(bank) -> None:
    """Every question of a clean bank builds, renders and grades, as a study session would."""
    from checker.grading import grade
    from checker.i18n import LANGS
    from checker.variant import generate

    for question in bank.questions():
        for seed in (0, 1):
            variant = generate(question, seed)
            for lang in LANGS:
                variant.prompt(lang), variant.explanation(lang), variant.hint(lang)
                variant.choice_labels(lang), variant.left_items(lang), variant.right_items(lang)
                answer = variant.answer_text(lang)
            grade(variant, answer)
            grade(variant, "1")


def exercise(path: Path) -> None:
    """Lint and load one mutant; a bank that loads clean must also play."""
    from checker.bank.loader import lint, load_bank

    result = lint([path])
    for problem in result.problems:
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        str(problem), problem.text("ko")
    loaded = load_bank([path])
    if not loaded.problems:
        play(loaded.bank)


def run(seed: int, count: int, folder: Path, only: int | None = None) -> list[dict]:
    """The failures among the mutants: an exception that escaped, with its mutant's number."""
    from checker.bank import loader

    loader.MAX_COMBINATIONS = COMBINATIONS
    failures = []
    for index, name, data in mutants(seed, count):
        if only is not None and index != only:
            continue
        path = folder / f"m{index:04d}-{name}"
        path.write_bytes(data)
        try:
            exercise(path)
        except BaseException as error:  # noqa: BLE001 - every escape is what this test looks for
            failures.append({"mutant": index, "file": name, "error": repr(error)[:300]})
            failures[-1]["where"] = traceback.format_exc(limit=-3)[-1500:]
        path.unlink()
    return failures


def _limit_memory(megabytes: int) -> None:
    import resource

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--only", type=int, default=None)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--memory-mb", type=int, default=3000)
    args = parser.parse_args()
    _limit_memory(args.memory_mb)
    sys.setrecursionlimit(1000)
    failures = run(args.seed, args.count, args.dir, args.only)
    print(json.dumps({"mutants": args.count if args.only is None else 1, "failures": failures}))


def test_hundreds_of_mutated_banks_give_problems_never_exceptions(tmp_path):
    env = dict(os.environ, LSTM_QUIZ_HOME=str(tmp_path / "home"))
    command = [sys.executable, __file__, "--dir", str(tmp_path), "--count", str(COUNT)]
    # the timeout only keeps a hang from stalling the suite: it is minutes, not a measurement
    child = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert child.returncode == 0, child.stderr[-3000:]
    report = json.loads(child.stdout.splitlines()[-1])
    assert report["mutants"] == COUNT
    assert report["failures"] == [], json.dumps(report["failures"][:5], indent=1)


def test_the_mutants_are_the_same_for_the_same_seed():
    first = [data for _, _, data in mutants(SEED, 20)]
    assert first == [data for _, _, data in mutants(SEED, 20)]
    assert len(set(first)) == 20


if __name__ == "__main__":
    main()
