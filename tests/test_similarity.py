"""Similar submissions: copies found through renames and reformatting, independent solutions, the
template and the class's common solution left alone, regions mapped to lines, an inert report."""

from __future__ import annotations

import io
import random
import re
import tokenize
from pathlib import Path

import numpy as np
import pytest

from checker.batch import similarity
from checker.batch.similarity import (
    Document,
    Match,
    exercise_texts,
    find_similar,
    python_tokens,
    report_markdown,
    text_tokens,
    tokens,
)
from checker.i18n import LANGS
from checker.specs.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES, FUNCTIONS = exercise_texts(Registry(), [1, 2])

# Genuinely different correct solutions, as students write them.
CLIP = [
    """import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
""",
    """import math

import numpy as np


def gradient_clipping(grad, threshold):
    '''Clip by the global L2 norm.'''
    total = 0.0
    for value in grad.ravel():
        total += float(value) ** 2
    length = math.sqrt(total)
    scale = 1.0
    if length > threshold:
        scale = threshold / length
    out = np.array(grad, copy=True)
    return out * scale
""",
    """import numpy as np


def _l2(array):
    return np.sqrt(np.sum(np.square(array, dtype=np.float64)))


def gradient_clipping(grad, threshold):
    size = _l2(grad)
    factor = min(1.0, threshold / size) if size > 0 else 1.0
    return (grad * factor).astype(grad.dtype)
""",
    """import numpy as np


def gradient_clipping(grad, threshold):
    flat = np.asarray(grad).reshape(-1)
    norm_squared = flat @ flat
    if norm_squared <= threshold ** 2:
        return np.copy(grad)
    ratio = threshold / np.sqrt(norm_squared)
    clipped = np.multiply(grad, ratio)
    return clipped
""",
]

LSTM = [
    """import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    a, i, f, o = np.split(z, 4, axis=1)
    a = np.tanh(a)
    i, f, o = sigmoid(i), sigmoid(f), sigmoid(o)
    c = i * a + f * prev_c
    h = o * np.tanh(c)
    return c, h
""",
    """import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    hidden = prev_h.shape[1]
    pre = np.dot(x, W.T) + np.dot(prev_h, U.T) + b
    blocks = [pre[:, k * hidden:(k + 1) * hidden] for k in range(4)]
    candidate = np.tanh(blocks[0])
    gates = [sigmoid(block) for block in blocks[1:]]
    cell = gates[0] * candidate + gates[1] * prev_c
    return cell, gates[2] * np.tanh(cell)
""",
    """import numpy as np


def sigmoid(z):
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1 + e)
    return out


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_c.shape[-1]
    Wa, Wi, Wf, Wo = W[:H], W[H:2 * H], W[2 * H:3 * H], W[3 * H:]
    Ua, Ui, Uf, Uo = U[:H], U[H:2 * H], U[2 * H:3 * H], U[3 * H:]
    ba, bi, bf, bo = b[:H], b[H:2 * H], b[2 * H:3 * H], b[3 * H:]
    new_content = np.tanh(x @ Wa.T + prev_h @ Ua.T + ba)
    keep_in = sigmoid(x @ Wi.T + prev_h @ Ui.T + bi)
    keep_old = sigmoid(x @ Wf.T + prev_h @ Uf.T + bf)
    show = sigmoid(x @ Wo.T + prev_h @ Uo.T + bo)
    c = keep_in * new_content + keep_old * prev_c
    return c, show * np.tanh(c)
""",
    """import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0, -z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    stacked = np.concatenate([x, prev_h], axis=1)
    weights = np.concatenate([W, U], axis=1)
    gates = np.einsum("nk,gk->ng", stacked, weights) + b
    width = gates.shape[1] // 4
    act = np.concatenate(
        [np.tanh(gates[:, :width]), sigmoid(gates[:, width:])], axis=1
    )
    c_next = act[:, width:2 * width] * act[:, :width] + act[:, 2 * width:3 * width] * prev_c
    h_next = act[:, 3 * width:] * np.tanh(c_next)
    return c_next, h_next
""",
]
CLIP_DISGUISED = """import math
import numpy as np

# my own solution!!
def gradient_clipping(g, limit):
    # accumulate squares
    acc = 0.0
    for v in g.ravel(): acc += float(v) ** 2
    n = math.sqrt(acc)  # the norm
    s = 1.0
    if n > limit:
        s = limit / n
    result = np.array(g,
                      copy=True)
    return result * s
"""
LSTM_DISGUISED = """import numpy as np
def sigmoid(t):
    '''Stable logistic.'''
    res = np.empty_like(t)
    pos = t >= 0
    res[pos] = 1 / (1 + np.exp(-t[pos]))
    ex = np.exp(t[~pos])
    res[~pos] = ex / (1 + ex)
    return res
def lstm_step(inp, h0, c0, Wx, Wh, bias):
    n = c0.shape[-1]
    w1, w2, w3, w4 = Wx[:n], Wx[n:2*n], Wx[2*n:3*n], Wx[3*n:]
    u1, u2, u3, u4 = Wh[:n], Wh[n:2*n], Wh[2*n:3*n], Wh[3*n:]
    b1, b2, b3, b4 = bias[:n], bias[n:2*n], bias[2*n:3*n], bias[3*n:]
    # the four parts
    g = np.tanh(inp @ w1.T + h0 @ u1.T + b1)
    ig = sigmoid(inp @ w2.T + h0 @ u2.T + b2)
    fg = sigmoid(inp @ w3.T + h0 @ u3.T + b3)
    og = sigmoid(inp @ w4.T + h0 @ u4.T + b4)
    c_new = ig * g + fg * c0
    return c_new, og * np.tanh(c_new)
"""


def docs(exercise: int, sources: list[str], prefix: str = "s") -> list[Document]:
    return [
        Document(f"{prefix}{n}", exercise, f"exercise{exercise}.py", source)
        for n, source in enumerate(sources)
    ]


def similar(documents: list[Document], **options) -> list:
    return find_similar(documents, TEMPLATES, functions=FUNCTIONS, **options)


def run(source: str, name: str):
    space: dict = {}
    exec(compile(source, "<solution>", "exec"), space)
    return space[name]


@pytest.mark.parametrize("source", [*CLIP, CLIP_DISGUISED])
def test_the_clipping_solutions_are_correct(source):
    reference = Registry().spec(1).reference
    rng = np.random.default_rng(0)
    for grad, threshold in (
        (rng.normal(size=(3, 4)) * 5, 1.0),
        (rng.normal(size=7) * 0.01, 2.0),
        (np.zeros(3), 1.0),
    ):
        assert np.allclose(run(source, "gradient_clipping")(grad, threshold), reference(grad, threshold))


@pytest.mark.parametrize("source", [*LSTM, LSTM_DISGUISED])
def test_the_lstm_solutions_are_correct(source):
    reference = Registry().spec(2).reference
    rng = np.random.default_rng(1)
    n, d, h = 3, 5, 2
    case = (rng.normal(size=(n, d)), rng.normal(size=(n, h)), rng.normal(size=(n, h)))
    weights = (rng.normal(size=(4 * h, d)), rng.normal(size=(4 * h, h)), rng.normal(size=4 * h))
    for got, want in zip(run(source, "lstm_step")(*case, *weights), reference(*case, *weights)):
        assert np.allclose(got, want)


def test_identical_files_score_one():
    pairs = similar(docs(1, [*CLIP, CLIP[1]]))
    assert [(p.a, p.b, p.score) for p in pairs] == [("s1", "s4", 1.0)]
    assert pairs[0].shared > 0 and pairs[0].a_path == pairs[0].b_path == "exercise1.py"


@pytest.mark.parametrize("exercise, sources, copy", [(1, CLIP, CLIP_DISGUISED), (2, LSTM, LSTM_DISGUISED)])
def test_a_copy_with_every_name_changed_and_reformatted_is_found(exercise, sources, copy):
    pairs = similar(docs(exercise, [*sources, copy]))
    original = {1: "s1", 2: "s2"}[exercise]
    assert [(p.a, p.b) for p in pairs] == [(original, f"s{len(sources)}")]
    assert pairs[0].score >= 0.6
    matches = pairs[0].matches  # regions, none within another (a repeated line meets its neighbours)
    assert matches and not any(
        m is not n
        and n.a_lines[0] <= m.a_lines[0] <= m.a_lines[1] <= n.a_lines[1]
        and n.b_lines[0] <= m.b_lines[0] <= m.b_lines[1] <= n.b_lines[1]
        for m in matches
        for n in matches
    )


@pytest.mark.parametrize("exercise, sources", [(1, CLIP), (2, LSTM)])
def test_independent_solutions_are_not_a_pair(exercise, sources):
    assert similar(docs(exercise, sources), min_shared=1) == []
    assert similar(docs(exercise, sources), threshold=0.3, min_shared=1) == []


def test_the_template_alone_is_not_a_pair():
    stub = TEMPLATES[2].replace(
        "    raise NotImplementedError", "    # my work\n    raise NotImplementedError"
    )
    class_ = docs(2, [TEMPLATES[2], stub, *LSTM])
    assert similar(class_, min_shared=1) == []
    # without the template, the same two files are the closest pair
    assert [(p.a, p.b) for p in find_similar(class_, functions=FUNCTIONS, min_shared=1)][:1] == [("s0", "s1")]


def test_a_solution_most_of_the_class_wrote_is_not_flagged():
    others = [
        f"import numpy as np\n\ndef gradient_clipping(grad, threshold):\n    return grad * {n}\n"
        for n in range(7)
    ]
    class_ = docs(1, [CLIP[1], CLIP[1], CLIP_DISGUISED, *others])  # 3 of 10: more than a fifth
    assert similar(class_) == []
    flagged = {(p.a, p.b) for p in similar(class_, max_share=0.5)}
    assert flagged == {("s0", "s1"), ("s0", "s2"), ("s1", "s2")}


def test_a_passage_many_files_share_is_weaker_evidence_than_a_copy():
    noise = [
        f"import numpy as np\n\ndef gradient_clipping(grad, threshold):\n    return grad * {n}\n"
        for n in range(48)
    ]
    assert [(p.a, p.b) for p in similar(docs(1, [CLIP[1]] * 2 + noise))] == [("s0", "s1")]
    # eight of fifty (not the class's common shape): each of their 28 pairs has an eighth of a copy's evidence
    assert similar(docs(1, [CLIP[1]] * 8 + noise[:42])) == []
    assert len(similar(docs(1, [CLIP[1]] * 8 + noise[:42]), min_shared=2, top=100)) == 28


def test_only_files_of_the_same_exercise_are_compared():
    class_ = [Document("kim", 1, "a.py", LSTM[2]), Document("lee", 2, "b.py", LSTM[2])]
    assert similar(class_, min_shared=1) == []
    assert [p.exercise for p in similar([*class_, Document("park", 2, "c.py", LSTM[2])])] == [2]


def test_matches_are_the_copied_lines_of_each_file():
    helper = "\n\ndef _norm_of(v):\n    s = 0.0\n    for x in np.nditer(v):\n        s = s + x * x\n    return s ** 0.5\n"
    shifted = CLIP_DISGUISED.replace("\n\n# my own solution!!", helper)
    (pair,) = similar(docs(1, [CLIP[1], shifted, CLIP[3]]))
    lines = shifted.splitlines()
    first = lines.index("    acc = 0.0") + 1
    last = lines.index("    return result * s") + 1
    # CLIP[1]: `total = 0.0` is line 8 and `return out * scale` line 16 (the def line is the template's)
    assert pair.matches == (Match((8, 16), (first, last)),)
    assert first > 8


def test_a_file_that_is_not_python_is_compared_as_text():
    garbage = "def gradient_clipping(grad, threshold) $$ norm = sqrt(sum(grad ** 2)) ??\n" * 3 + "'unclosed\n"
    garbage += "if norm > threshold: return grad * threshold / norm\nelse: return grad\n" * 2
    assert python_tokens(garbage) is None
    assert text_tokens(garbage).text[:3] == ("def", "gradient_clipping", "(")
    pairs = similar(docs(1, [garbage, garbage, *CLIP, "", "\x00\x01\ufffd", "(((", "'''"]))
    assert [(p.a, p.b, p.score) for p in pairs] == [("s0", "s1", 1.0)]
    assert pairs[0].matches and pairs[0].matches[0].a_lines[0] >= 1


def test_same_pairs_in_the_same_order_every_time():
    class_ = docs(1, [*CLIP, CLIP[1], CLIP_DISGUISED]) + docs(2, [*LSTM, LSTM[2], LSTM_DISGUISED], "t")
    first = similar(class_, max_share=0.5)  # three of six alike
    shuffled = class_[:]
    random.Random(3).shuffle(shuffled)
    assert similar(shuffled, max_share=0.5) == first == similar(class_, max_share=0.5)
    assert len(first) == 6
    assert [(-p.score, p.exercise, p.a, p.b) for p in first] == sorted(
        (-p.score, p.exercise, p.a, p.b) for p in first
    )


def test_at_most_top_pairs_per_exercise():
    class_ = docs(1, [CLIP[1]] * 2 + [CLIP[2]] * 2 + [CLIP[3]] * 2, "a") + docs(2, [LSTM[2]] * 2, "b")
    pairs = similar(class_, top=2, max_share=1)
    assert [p.exercise for p in pairs].count(1) == 2 and [p.exercise for p in pairs].count(2) == 1


HOSTILE = [
    "<script>alert(1)</script>",
    "x|y\n## heading",
    "\x1b[31mred\u202e",
    "[link](https://evil.example)",
    "`code`*b*",
]


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_names_are_plain_text_in_the_report(lang):
    class_ = [Document(name, 2, "exercise2.py", LSTM[2]) for name in HOSTILE]
    pairs = similar(class_, max_share=1)
    assert len(pairs) == 10
    text = report_markdown(pairs, lang)
    rows = [line for line in text.splitlines() if line.startswith("| 2 |")]
    assert len(rows) == 10
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 6 for row in rows)  # five cells, no more
    for raw in ("<script>", "\x1b", "\u202e", "](", "\n## heading", "`code`"):
        assert raw not in text
    assert text.startswith("## ") and text.count("\n## ") == 0


def test_the_report_says_so_when_nothing_is_alike():
    texts = {lang: report_markdown([], lang) for lang in LANGS}
    assert len(set(texts.values())) == len(LANGS)
    assert all("|" not in text for text in texts.values())
    assert texts["en"].startswith("## Similar submissions\n")


# -- the tokens are Python's -----------------------------------------------------------------------------


def tokenize_reference(source: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The same normalisation from the standard library's tokenize (slow, but Python's own)."""
    from checker.batch.similarity import _KEPT, _attributes

    statements: list[list[tuple[str, int, bool]]] = [[]]
    previous, depth = "", 0
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for token in tokens:
        kind = tokenize.tok_name[token.type]
        if kind == "FSTRING_START":
            depth += 1
            if depth == 1:
                statements[-1].append(("S", token.start[0], True))
            continue
        if kind == "FSTRING_END":
            depth -= 1
            continue
        if depth or kind in ("COMMENT", "NL", "INDENT", "DEDENT", "ENCODING", "ENDMARKER"):
            continue
        if kind == "NEWLINE" or token.string == ";":
            statements.append([])
            continue
        value = token.string
        if kind == "STRING":
            text = "S"
        elif kind == "NUMBER":
            text = "N"
        elif kind == "NAME":
            text = value if (value in _attributes() if previous == "." else value in _KEPT) else "V"
        else:
            text = value
        previous = value
        statements[-1].append((text, token.start[0], kind == "STRING"))
    kept = [t for s in statements if not all(is_string for _, _, is_string in s) for t in s]
    return tuple(t for t, _, _ in kept), tuple(line for _, line, _ in kept)


CORPUS = sorted([*ROOT.glob("checker/**/*.py"), *ROOT.glob("exercises/*/*.py"), *ROOT.glob("bench/*.py")])


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_tokens_are_those_of_pythons_tokenize(path):
    source = path.read_text(encoding="utf-8")
    try:
        expected = tokenize_reference(source)
    except (tokenize.TokenError, SyntaxError):  # a file being edited right now
        pytest.skip("not Python for tokenize either")
    ours = python_tokens(source)
    assert ours is not None
    assert (ours.text, ours.first) == expected


@pytest.mark.parametrize("source", [*CLIP, *LSTM, CLIP_DISGUISED, LSTM_DISGUISED])
def test_the_solutions_tokens_are_those_of_pythons_tokenize(source):
    ours = python_tokens(source)
    assert (ours.text, ours.first) == tokenize_reference(source)


SNIPPETS = [
    "변수 = 1\n값_2 = 변수 + 0x1F + 1_000 + 1e-5 + .5 + 3j + 1.\n",
    "def f(a, *, b=2) -> int:\n\t'''doc'''\n\treturn a \\\n\t    + b  # sum\n",
    'x = rb"\\x00" + Rb\'\\\'\' + f"{x!r:>{w}}" + u"\\N{BULLET}"\ns = """a\n"b"\n\\""""\n',
    "@decorator\nclass C:\n    'doc'; x = 1\n    if (n := len([1, 2])) >= 2: y = n ** 2 // 3 % 4 << 1 >> 1\n",
    "a[1:2, ...] @= b; c != d; e -= ~f ^ g | h & i\n'''tail docstring'''",
    "x = (\n    'implicit'\n    'concatenation'\n)\n'a' 'b'\nprint('a' 'b')\n\x0c\nz = 1\n",
]


@pytest.mark.parametrize("source", SNIPPETS)
def test_odd_corners_tokenize_the_same(source):
    ours = python_tokens(source)
    assert ours is not None
    assert (ours.text, ours.first) == tokenize_reference(source)


# -- a hostile file costs what an honest one does ------------------------------------------------------

LEX = similarity._LEX
OPENING = re.compile(r"""[rRbBuUfF]{0,2}(?:'''|\"\"\"|'|")""")


class LexRecorder:
    """Stands in for the lexer's pattern: the same tokens, each match's span kept."""

    def __init__(self) -> None:
        self.text, self.spans = "", []

    def findall(self, text: str) -> list[str]:
        self.text = text
        found = list(LEX.finditer(text))
        self.spans += [(m.start(), m.start(1), m.end()) for m in found]
        return [m.group(1) for m in found]

    def read(self) -> int:
        """Characters a backtracking matcher reads to find these tokens: each match's, and where a
        token starts at a quote (after any prefix) yet ends within that opening, the attempt at the
        string that failed before it, read to the end of its line (of the text, for a triple quote)."""
        total = 0
        for start, token, end in self.spans:
            total += end - start
            opening = OPENING.match(self.text, token)
            if opening and end <= opening.end():
                line_end = self.text.find("\n", token) + 1 or len(self.text)
                reach = len(self.text) if opening.group()[-3:] in ("'''", '"""') else line_end
                total += max(0, reach - end)
        return total


def lexed(source: str, monkeypatch) -> LexRecorder:
    recorder = LexRecorder()
    monkeypatch.setattr(similarity, "_LEX", recorder)
    assert python_tokens(source) is None  # a string left open: not Python
    return recorder


def words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+|[^\w\s]", text))


OPEN_STRINGS = [  # (head, unit): the head, then the unit over and over on one line
    ("x = ", '"\\'),  # x = "\"\"\"…: every quote but the first escaped, so the string never closes
    ("x = ", "'\\"),
    ('x = "', '\\"'),  # x = "\"\"…\": its last character a quote, escaped
    ("x = f", '"\\'),
    ("x = rB", "'\\"),
    ("x = u", '"\x00\\'),
    ("x = b", "'é\\"),
    ("y = 1\n", "\\'''y'"),  # \'''y'\'''y'…: a triple quote that opens again and again, never closed
    ("y = 1\n", '\\"""y"'),
    ("x = '''", "\\'"),
]


@pytest.mark.parametrize("head, unit", OPEN_STRINGS)
def test_an_unclosed_string_is_read_once(head, unit, monkeypatch):
    small, large = (lexed(head + unit * n, monkeypatch) for n in (2_000, 4_000))
    assert large.read() <= 2 * small.read() + 100
    # the head's tokens, then the string from its opening quote to the end of the text as one token
    assert len(large.spans) == len(small.spans) <= 6
    start, token, end = large.spans[-1]
    assert OPENING.match(large.text, token) and end == len(large.text)
    # the file is compared as text, word by word and sign by sign
    assert tokens(head + unit * 4_000).text == words(head) + words(unit) * 4_000


def test_an_unclosed_string_makes_the_file_not_python():
    # a triple-quoted one takes the rest of the file (then fails at its end), another the rest of its line
    triple = ["'''never closed'\nx = 1\n", 'def f():\n    r"""doc\n    return 1\n', "x = '''\\'''"]
    single = ["x = r'unclosed\ny = 1\n", 'x = b"\ny = 1\n', "x = 'a\\'\n" * 3, "'\n" * 1_000]
    for source in triple + single:
        assert python_tokens(source) is None
        assert tokens(source) == text_tokens(source)


HONEST = [  # (source, its tokens, their first lines, their last lines)
    (
        'path = "C:\\\\temp\\\\" + \'it\\\'s\' + "say \\"hi\\""  # a "comment" with \'quotes\n',
        "V = S + S + S",
        (1,) * 7,
        (1,) * 7,
    ),
    (
        'name = f"{user!r:>10} has {len(items)} items" + rb\'\\x00\' + Rb"\\d+" + u"\\N{BULLET}"\n',
        "V = S + S + S + S",
        (1,) * 9,
        (1,) * 9,
    ),
    (
        'def f(a):\n    """Docstring with "quotes", \'\'\'triples\'\'\' and \\""" inside."""\n    return a\n',
        "def V ( V ) : return V",
        (1, 1, 1, 1, 1, 1, 3, 3),
        (1, 1, 1, 1, 1, 1, 3, 3),
    ),
    (
        "total = (1 +\n         2) \\\n    + 3\nlong = 'one line \\\n still the same string'\n",
        "V = ( N + N ) + N V = S",
        (1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4),
        (1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5),
    ),
    (
        "empty = '' + \"\" + '''''' + \"\"\"\"\"\"\nquote = \"'\" + '\"' + '''a\n'b'\n'''\n",
        "V = S + S + S + S V = S + S + S",
        (1,) * 9 + (2,) * 7,
        (1,) * 9 + (2,) * 6 + (4,),
    ),
]


@pytest.mark.parametrize("source, text, first, last", HONEST)
def test_the_strings_of_honest_code_are_tokens_as_before(source, text, first, last, monkeypatch):
    recorder = LexRecorder()
    monkeypatch.setattr(similarity, "_LEX", recorder)
    found = python_tokens(source)
    assert (" ".join(found.text), found.first, found.last) == (text, first, last)
    assert recorder.read() == len(recorder.text)  # every character read once


def reversed_copies(blocks: int) -> list[Document]:
    """Two files (not Python) with the same passages, four times each, one file's in reverse order:
    every copy of a passage meets every copy of it in the other file, and no region lies within
    another."""
    lines = [" ".join(f"w{block}x{word}" for word in range(40)) for block in range(blocks)]
    a = "$\n" + "\n".join(lines * 4)
    b = "$\n" + "\n".join(lines[::-1] * 4)
    return [Document("kim", 1, "exercise1.py", a), Document("lee", 1, "exercise1.py", b)]


def test_the_regions_of_a_pair_are_bounded(monkeypatch):
    calls = 0
    inside = similarity._inside

    def counted(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
        nonlocal calls
        calls += 1
        return inside(inner, outer)

    monkeypatch.setattr(similarity, "_inside", counted)
    bound = similarity.MAX_REGIONS
    for blocks in (40, 80):  # 16 regions a passage: 640 and 1280
        calls = 0
        (pair,) = find_similar(reversed_copies(blocks))
        assert calls <= bound * bound  # each region weighed against those kept before it, twice at most
        assert len(pair.matches) == bound
    assert pair.matches == tuple(sorted(pair.matches, key=lambda m: (m.a_lines, m.b_lines)))


def test_comparing_a_class_imports_no_numpy_and_keeps_numpys_names():
    """The batch compares files without importing numpy (its import costs more than comparing a class
    of hundreds); numpy's names after a dot are still a library's, not the student's."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from checker.batch import similarity\n"
        "from checker.batch.similarity import Document\n"
        f"docs = [Document(f's{{i}}', 1, 'exercise1.py', text) for i, text in enumerate({CLIP!r})]\n"
        "similarity.find_similar(docs)\n"
        "names = similarity._attributes()\n"
        "print('numpy' in sys.modules, all(n in names for n in ('linalg', 'norm', 'tanh', 'clip', 'T',"
        " 'concatenate', 'float32', 'astype', 'reshape', 'float_')))\n"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["False", "True"]
