"""Finding the similar pairs among a class's files of one exercise.

    python bench/similarity_speed.py [--students 1000] [--copies 10] [--runs 5]

A synthetic class of lstm_step files: each student picks one way of writing each part (the logistic
function, the pre-activation, the split, the gates, the cell, the return), the popular ways most
often, keeps or drops the template's docstring, names things as they like, adds comments, blank
lines, spacing and a stray statement or two. `--copies` students each have a helper of their own, and
as many others hand in a copy of one of those files with every name changed, comments rewritten and
the layout changed. Times `find_similar` (median of `--runs`), and says which copies were found and
what else was flagged.
"""

from __future__ import annotations

import argparse
import ast
import random
import re
import statistics
import time

from checker.batch.similarity import Document, exercise_texts, find_similar
from checker.specs.registry import Registry

# (weight, code) for each part of the function, in order.
SIGMOID = [
    (55, "def sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))\n"),
    (20, "def sigmoid(z):\n    return 0.5 * (1.0 + np.tanh(0.5 * z))\n"),
    (10, "def sigmoid(z):\n    return np.exp(-np.logaddexp(0, -z))\n"),
    (
        15,
        "def sigmoid(z):\n    out = np.empty_like(z)\n    pos = z >= 0\n    out[pos] = 1 / (1 + np.exp(-z[pos]))\n"
        "    e = np.exp(z[~pos])\n    out[~pos] = e / (1 + e)\n    return out\n",
    ),
]
PARTS = [
    [
        (60, "z = x @ W.T + prev_h @ U.T + b\n"),
        (25, "z = np.dot(x, W.T) + np.dot(prev_h, U.T) + b\n"),
        (10, "z = x.dot(W.T) + prev_h.dot(U.T) + b\n"),
        (5, "z = np.matmul(x, W.T) + np.matmul(prev_h, U.T)\nz = z + b\n"),
    ],
    [
        (45, "a, i, f, o = np.split(z, 4, axis=1)\n"),
        (
            35,
            "H = prev_h.shape[1]\na = z[:, :H]\ni = z[:, H:2 * H]\nf = z[:, 2 * H:3 * H]\no = z[:, 3 * H:]\n",
        ),
        (10, "a, i, f, o = np.split(z, 4, axis=-1)\n"),
        (10, "H = z.shape[1] // 4\na, i, f, o = (z[:, k * H:(k + 1) * H] for k in range(4))\n"),
    ],
    [
        (50, "a = np.tanh(a)\ni = sigmoid(i)\nf = sigmoid(f)\no = sigmoid(o)\n"),
        (30, "a, i, f, o = np.tanh(a), sigmoid(i), sigmoid(f), sigmoid(o)\n"),
        (20, "a = np.tanh(a)\ni, f, o = map(sigmoid, (i, f, o))\n"),
    ],
    [
        (60, "c = i * a + f * prev_c\nh = o * np.tanh(c)\n"),
        (20, "c = f * prev_c + i * a\nh = o * np.tanh(c)\n"),
        (20, "c = np.multiply(i, a) + np.multiply(f, prev_c)\nh = np.multiply(o, np.tanh(c))\n"),
    ],
    [(80, "return c, h\n"), (20, "return (c, h)\n")],
]
STRAYS = [
    "assert x.ndim == 2",
    "N = x.shape[0]",
    "x = np.asarray(x, dtype=np.float64)",
    "print(x.shape, prev_h.shape)",
    "eps = 1e-12",
    "b = b.reshape(1, -1)",
    "assert W.shape[0] == 4 * prev_h.shape[1]",
]
COMMENTS = ["# gates", "# TODO check", "# cell state", "# step", "# 게이트", "# 計算", "# done?"]
# A helper only its author wrote (and their copier copied).
HELPERS = [
    "def check(x, h, c):\n    if x.ndim != 2 or h.shape != c.shape:\n        raise ValueError('bad shapes')\n    return x.shape[0], h.shape[1]\n",
    "def blocks(z, n):\n    width = z.shape[1] // n\n    return [z[:, k * width:(k + 1) * width] for k in range(n)]\n",
    "def safe_tanh(v):\n    v = np.clip(v, -30.0, 30.0)\n    e = np.exp(2 * v)\n    return (e - 1) / (e + 1)\n",
    "def affine(v, m, bias=None):\n    out = np.einsum('nd,hd->nh', v, m)\n    if bias is not None:\n        out = out + bias[None, :]\n    return out\n",
    "def as_rows(v):\n    v = np.atleast_2d(v)\n    if v.shape[0] == 1 and v.shape[1] > 1:\n        return v\n    return v.reshape(v.shape[0], -1)\n",
    "def logistic(v):\n    result = np.zeros_like(v)\n    for idx, val in np.ndenumerate(v):\n        result[idx] = 1 / (1 + np.exp(-val)) if val >= 0 else np.exp(val) / (1 + np.exp(val))\n    return result\n",
    "def cell_update(gi, ga, gf, old):\n    keep = gf * old\n    write = gi * ga\n    return keep + write, keep, write\n",
    "def pieces(v):\n    q = v.shape[-1] // 4\n    return v[..., :q], v[..., q:2 * q], v[..., 2 * q:3 * q], v[..., 3 * q:]\n",
    "def dims(*arrays):\n    shapes = [a.shape for a in arrays]\n    assert all(len(s) == 2 for s in shapes[:3]), shapes\n    return shapes\n",
    "def finite(v, name):\n    if not np.all(np.isfinite(v)):\n        raise FloatingPointError(name + ' is not finite')\n    return v\n",
]
WORDS = ["val", "tmp", "res", "out", "acc", "vec", "mat", "gate", "part", "blk", "q", "r", "s", "t", "u", "y"]


def pick(rng: random.Random, options: list[tuple[int, str]]) -> str:
    return rng.choices([code for _, code in options], weights=[w for w, _ in options])[0]


def body(rng: random.Random) -> list[str]:
    lines = [line for part in PARTS for line in pick(rng, part).splitlines()]
    for _ in range(rng.choice([0, 0, 1, 2])):
        lines.insert(rng.randrange(len(lines)), rng.choice(STRAYS))
    return ["    " + line for line in lines]


def dress(rng: random.Random, code: str, docstring: str) -> str:
    """Comments, blank lines, spacing and the template's docstring, as a student leaves them."""
    out = []
    for line in code.splitlines():
        if rng.random() < 0.15:
            indent = line[: len(line) - len(line.lstrip())] if line.strip() else "    "
            out.append(indent + rng.choice(COMMENTS))
        if rng.random() < 0.3:
            line = re.sub(r" ([*+@/]) ", r"\1", line)
        out.append(line)
        if rng.random() < 0.1:
            out.append("")
    text = "\n".join(out) + "\n"
    return (docstring + "\n" + text) if rng.random() < 0.7 else text


def rename(rng: random.Random, code: str) -> str:
    """Every name the file itself binds (arguments, variables, helpers) changed to another."""
    tree = ast.parse(code)
    bound = {node.arg for node in ast.walk(tree) if isinstance(node, ast.arg)}
    bound |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    bound |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name != "lstm_step"}
    fresh = iter(rng.sample([f"{w}{d}" for w in WORDS for d in range(10)], len(bound)))
    for name in sorted(bound, key=len, reverse=True):
        code = re.sub(rf"(?<![.\w]){re.escape(name)}(?!\w)", next(fresh), code)
    return code


def make_class(students: int, copies: int, seed: int = 11) -> tuple[list[Document], set[tuple[str, str]]]:
    rng = random.Random(seed)
    template = Registry().template(2).decode("utf-8")
    docstring = template[: template.index('"""', 3) + 3]
    documents, planted = [], set()
    for n in range(students - 2 * copies):
        code = (
            "import numpy as np\n\n\n"
            + pick(rng, SIGMOID)
            + "\n\ndef lstm_step(x, prev_h, prev_c, W, U, b):\n"
        )
        documents.append(
            Document(f"student{n:04d}", 2, "exercise2.py", dress(rng, code + "\n".join(body(rng)), docstring))
        )
    for n in range(copies):
        helper = HELPERS[n % len(HELPERS)]
        code = (
            "import numpy as np\n\n\n"
            + pick(rng, SIGMOID)
            + "\n\n"
            + helper
            + "\n\ndef lstm_step(x, prev_h, prev_c, W, U, b):\n"
        )
        original = code + "\n".join(body(rng)) + "\n"
        author, copier = f"author{n:02d}", f"copier{n:02d}"
        documents.append(Document(author, 2, "exercise2.py", dress(rng, original, docstring)))
        documents.append(Document(copier, 2, "exercise2.py", dress(rng, rename(rng, original), docstring)))
        planted.add((author, copier))
    rng.shuffle(documents)
    return documents, planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.copies > len(HELPERS):
        parser.error(f"--copies: at most {len(HELPERS)} (one helper of their own each)")
    documents, planted = make_class(args.students, args.copies)
    templates, functions = exercise_texts(Registry(), [2])
    find_similar(
        documents[:10], templates, functions=functions
    )  # numpy's names read once, as in a grading process
    samples, cpu, pairs = [], [], []
    for _ in range(args.runs):
        started, used = time.perf_counter(), time.process_time()
        pairs = find_similar(documents, templates, functions=functions)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    found = {(p.a, p.b) for p in pairs}
    print(
        f"{len(documents)} files of exercise 2: median {statistics.median(samples) * 1000:.0f} ms "
        f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f}, {args.runs} runs); "
        f"CPU median {statistics.median(cpu) * 1000:.0f} ms"
    )
    print(
        f"planted copies found: {len(found & planted)}/{len(planted)}; other pairs flagged: {len(found - planted)}"
    )
    for pair in pairs:
        mark = "" if (pair.a, pair.b) in planted else "  (not planted)"
        print(
            f"  {pair.a} ~ {pair.b}: {pair.score:.0%}, {pair.shared} shared, {len(pair.matches)} regions{mark}"
        )
    in_grade(documents, args.runs)


def in_grade(documents: list[Document], runs: int) -> None:
    """What `grade` adds to a batch: the class written as one folder per student, found as `grade`
    finds it, then `class_similarity` (each file read and decoded as graded, the pairs, their texts)."""
    import tempfile
    from pathlib import Path

    from checker.batch.discover import discover
    from checker.batch.similarity import class_similarity

    registry = Registry()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for document in documents:
            (root / document.student).mkdir()
            (root / document.student / "exercise2.py").write_text(document.source, encoding="utf-8")
        submissions = discover(root, None, registry).submissions
        samples, cpu = [], []
        for _ in range(runs):
            started, used = time.perf_counter(), time.process_time()
            found = class_similarity(submissions, registry)
            samples.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
    print(
        f"in grade (class_similarity: {len(submissions)} files read from disk, compared, paired texts kept): "
        f"median {statistics.median(samples) * 1000:.0f} ms (min {min(samples) * 1000:.0f}); "
        f"CPU median {statistics.median(cpu) * 1000:.0f} ms; {len(found.pairs)} pairs"
    )


if __name__ == "__main__":
    main()
