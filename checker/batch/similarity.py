"""Pairs of submissions of one exercise that are suspiciously alike.

Winnowing (Schleimer, Wilkerson & Aiken, "Winnowing: local algorithms for document fingerprinting",
SIGMOD 2003; the method of MOSS). Each file becomes a stream of tokens with what a copier changes for
free taken out: comments, docstrings, layout, and the names the student chose, numbers and strings
(each one placeholder). Runs of K tokens are hashed; in every window of WINDOW hashes the smallest is a
fingerprint, so any shared run of K + WINDOW - 1 tokens leaves at least one shared fingerprint. What is
not evidence is set aside: runs that overlap a run of the exercise's template, and fingerprints found in
more than `max_share` of the class or more than MAX_FILES files (the shape every correct solution has).
Two files' score is their shared fingerprints over the fewer of the two; a pair is shown when its score
reaches the threshold and enough of what it shares is its own (a passage shared by many files is weak
evidence for any one pair of them). The shared fingerprints are mapped back to line ranges, a pair's
longest MAX_REGIONS.

Standard library only (numpy's names come from a list, numpy_names.txt); no file is run or imported.
"""

from __future__ import annotations

import builtins
import functools
import hashlib
import heapq
import itertools
import keyword
import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from checker.i18n import message
from checker.inert import markdown

K = 12  # tokens in a hashed run: a line or two of code, longer than any idiom
WINDOW = 4  # any copied run of K + WINDOW - 1 = 15 tokens is found
MIN_SHARED = 8  # fewer of a pair's own shared fingerprints is a coincidence whatever the ratio
MAX_FILES = 10  # a passage in more files than this is no pair's own (MOSS's -m)
MAX_REGIONS = 100  # a pair's longest regions kept: twice what report.html lists, few for a hostile pair
SOURCE_LIMIT = 200_000  # characters of a file compared: fifty times a solution, bounded for a hostile one
_NOTHING: Mapping[int, str] = MappingProxyType({})


@dataclass(frozen=True)
class Document:
    """One student's file for one exercise (`path_name` as discovery names it)."""

    student: str
    exercise: int
    path_name: str
    source: str


@dataclass(frozen=True)
class Match:
    """A region found in both files: its first and last line in each (1-based, inclusive)."""

    a_lines: tuple[int, int]
    b_lines: tuple[int, int]


@dataclass(frozen=True)
class Pair:
    """Two students' files of one exercise (a before b), how alike, and where."""

    exercise: int
    a: str
    b: str
    score: float  # shared fingerprints / the fewer fingerprints of the two, 0..1
    shared: int
    matches: tuple[Match, ...]
    a_path: str = ""
    b_path: str = ""


# -- tokens ------------------------------------------------------------------------------------------

# Python's tokens over the whole text at once, after any spaces and comment (the `tokenize` module
# costs 4 µs a token, most of a class's time); the tests check that both find the same tokens. What
# is none of them (`$`, `?`) comes alone and makes the file "not Python"; so does a string left open,
# which runs to the end of its line, newline included (a triple-quoted one to the end of the text). No
# alternative fails after reading far, so each character is read once, whatever the text holds.
_LEX = re.compile(
    r"""[ \t\f]*(?:\#[^\n]*)?
    (\\?\n
    |[rRbBuUfF]{0,2}(?:'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:''')?
        |\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:\"\"\")?
        |'[^'\\\n]*(?:\\.[^'\\\n]*)*['\n]?|"[^"\\\n]*(?:\\.[^"\\\n]*)*["\n]?)
    |0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?[jJ]?
    |\w+
    |\*\*=?|//=?|>>=?|<<=?|->|:=|\.\.\.|[-+*/%&|^@<>=!]=|[-+*/%&|^@<>=~()\[\]{},:;.]
    |.)""",
    re.VERBOSE | re.DOTALL,
)
_OPERATORS = frozenset(
    re.findall(
        r"\S+",
        "** **= // //= >> >>= << <<= -> := ... != += -= *= /= %= &= |= ^= @= <= >= == + - * / % & | ^ @ < > = ~ ( ) [ ] { } , : ; .",
    )
)
_QUOTES = frozenset("'\"")
_WORD = re.compile(r"\w+|[^\w\s]")
_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")


@dataclass(frozen=True)
class Tokens:
    """A file as normalised tokens and the first and last line of each."""

    text: tuple[str, ...]
    first: tuple[int, ...]
    last: tuple[int, ...]


@functools.cache
def _attributes() -> frozenset[str]:
    """Names after a dot that belong to a library, not to the student (`np.linalg.norm`, `.T`). numpy's
    are read from a list written out beside this file (numpy_names.txt): importing numpy for them
    would cost the batch more than comparing the class, and pairs would depend on its version."""
    names: set[str] = set(dir(math))
    for kind in (str, list, dict, tuple, int, float):
        names.update(dir(kind))
    listed = (Path(__file__).parent / "numpy_names.txt").read_text(encoding="utf-8")
    for line in listed.splitlines():
        if not line.startswith("#"):
            names.update(line.split())
    return frozenset(names)


_KEPT = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
_KEPT |= {"np", "numpy", "math"}


def python_tokens(source: str, keep: frozenset[str] = frozenset()) -> Tokens | None:
    """`source` without comments, docstrings and layout; names (but keywords, builtins, library
    attributes and `keep`) as `V`, numbers as `N`, strings as `S`. None when it is not Python."""
    text = source.replace("\r\n", "\n").replace("\r", "\n") + "\n"  # a last line is a line
    kept, attributes = _KEPT | keep, _attributes()
    out: list[str] = []
    first: list[int] = []
    last: list[int] = []
    line, depth, start, only_strings, previous = 1, 0, 0, True, ""

    def end_statement() -> None:  # a statement of strings alone is a docstring
        nonlocal start, only_strings
        if only_strings:
            del out[start:], first[start:], last[start:]
        start, only_strings = len(out), True

    for value in _LEX.findall(text):
        if value == "\n":
            line += 1
            if depth == 0:
                end_statement()
            continue
        if value == "\\\n":
            line += 1
            continue
        if value[-1] == "\n":  # a string left open: the text ends with a line break, so it does too
            return None
        here, head = line, value[0]
        if value[-1] in _QUOTES and len(value) > 1 and (head in _QUOTES or head.isalpha()):
            line += value.count("\n")
            token = "S"
        elif value == ";" and depth == 0:
            end_statement()
            continue
        elif value in _OPERATORS:
            only_strings = False
            token = value
            depth += (value in _OPEN) - (value in _CLOSE)
            if depth < 0:
                return None
        elif head.isdigit() or (head == "." and len(value) > 1):
            only_strings = False
            token = "N"
        elif head.isalpha() or head == "_" or (len(value) > 1 and value.isidentifier()):
            only_strings = False
            keep_it = value in attributes if previous == "." else value in kept
            token = value if keep_it else "V"
        else:
            return None
        previous = value
        out.append(token)
        first.append(here)
        last.append(line)
    if depth:
        return None
    end_statement()
    return Tokens(tuple(out), tuple(first), tuple(last))


def text_tokens(source: str) -> Tokens:
    """Words and signs of a file that is not Python, line by line."""
    out, lines = [], []
    for number, line in enumerate(source.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        words = _WORD.findall(line)
        out += words
        lines += [number] * len(words)
    return Tokens(tuple(out), tuple(lines), tuple(lines))


def tokens(source: str, keep: frozenset[str] = frozenset()) -> Tokens:
    return python_tokens(source, keep) or text_tokens(source)


# -- fingerprints ------------------------------------------------------------------------------------

_PRIME = (1 << 61) - 1
_BASE = 1_000_003
_SHIFT = pow(_BASE, K, _PRIME)


@functools.lru_cache(maxsize=1 << 16)  # a class repeats few tokens; a file of made-up words fills no memory
def _code(token: str) -> int:
    digest = hashlib.blake2b(token.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % _PRIME


def kgram_hashes(text: Sequence[str]) -> list[int]:
    """A stable hash of every run of K tokens: Karp-Rabin (from prefix hashes) over blake2b codes of
    the tokens."""
    if len(text) < K:
        return []
    prefix = list(itertools.accumulate(map(_code, text), lambda h, c: (h * _BASE + c) % _PRIME, initial=0))
    return [(after - before * _SHIFT) % _PRIME for before, after in zip(prefix, prefix[K:])]


def winnow(hashes: Sequence[int], window: int = WINDOW) -> list[int]:
    """Positions of the fingerprints: the smallest hash of every window of `window` hashes (the
    rightmost of equals), each position once."""
    if len(hashes) <= window:
        return [len(hashes) - 1 - hashes[::-1].index(min(hashes))] if hashes else []
    chosen: list[int] = []
    low = -1
    for end in range(window - 1, len(hashes)):
        if low <= end - window:  # the smallest left the window: look again
            part = hashes[end - window + 1 : end + 1]
            low = end - part[::-1].index(min(part))
        elif hashes[end] <= hashes[low]:
            low = end
        else:
            continue
        chosen.append(low)
    return chosen


def _evidence(hashes: list[int], template: frozenset[int]) -> dict[int, list[int]]:
    """Fingerprint → its positions, leaving out the runs that overlap any run of the template."""
    near = [p for p, value in enumerate(hashes) if value in template] if template else []
    found: dict[int, list[int]] = {}
    for position in winnow(hashes):
        index = bisect_left(near, position - K + 1)
        if index == len(near) or near[index] >= position + K:
            found.setdefault(hashes[position], []).append(position)
    return found


# -- pairs -------------------------------------------------------------------------------------------


def find_similar(
    documents: Iterable[Document],
    templates: Mapping[int, str] = _NOTHING,
    *,
    threshold: float = 0.6,
    top: int = 20,
    max_share: float = 0.2,
    max_files: int = MAX_FILES,
    functions: Mapping[int, str] = _NOTHING,
    min_shared: int = MIN_SHARED,
) -> list[Pair]:
    """The pairs of files of one exercise (two students) scoring at least `threshold` and sharing
    at least `min_shared` fingerprints of their own (see `_shared`), at most `top` per exercise; the
    most alike first, then by exercise and names (a before b). A fingerprint in more than `max_share`
    of an exercise's files or more than `max_files` files (never two or fewer) is the class's common
    shape, not evidence. `templates` and `functions`: per exercise, its template's text (whose runs are
    not evidence) and its required function's name (kept, not a placeholder)."""
    by_exercise: dict[int, list[Document]] = {}
    for document in documents:
        by_exercise.setdefault(document.exercise, []).append(document)
    pairs: list[Pair] = []
    for exercise, group in sorted(by_exercise.items()):
        template = templates.get(exercise, "")
        keep = frozenset([functions[exercise]] if exercise in functions else [])
        limit = max(2, min(max_share * len(group), max_files))
        pairs += _exercise_pairs(group, template, keep, threshold, top, limit, min_shared)
    return sorted(pairs, key=lambda p: (-p.score, p.exercise, p.a, p.b))


def _exercise_pairs(
    group: list[Document],
    template: str,
    keep: frozenset[str],
    threshold: float,
    top: int,
    limit: float,
    min_shared: int,
) -> list[Pair]:
    group = sorted(group, key=lambda d: (d.student, d.path_name))
    skip = frozenset(kgram_hashes(tokens(template, keep).text)) if template else frozenset()
    streams = [tokens(d.source[:SOURCE_LIMIT], keep) for d in group]
    evidence = [_evidence(kgram_hashes(s.text), skip) for s in streams]
    found = []
    for (i, j), (shared, own) in _shared(evidence, limit).items():
        score = shared / min(len(evidence[i]), len(evidence[j]))
        if own >= min_shared and score >= threshold and group[i].student != group[j].student:
            found.append((-score, group[i].student, group[j].student, i, j, shared))
    found.sort()
    return [
        Pair(
            group[i].exercise,
            a,
            b,
            -negative,
            shared,
            _matches(evidence[i], evidence[j], streams[i], streams[j]),
            group[i].path_name,
            group[j].path_name,
        )
        for negative, a, b, i, j, shared in found[:top]
    ]


def _shared(evidence: list[dict[int, list[int]]], limit: float) -> dict[tuple[int, int], list[float]]:
    """(file i, file j) → [fingerprints they share, how much of that is the pair's own]: a fingerprint
    in n files counts 2/n to each of their pairs (1 when only two files have it), so that a passage
    several files share by chance adds up to little while a copy's adds up to its length, and a ring
    of a few copies is still found. Fingerprints in more than `limit` files are the class's common
    shape: left out of the files (their count too) and of every pair."""
    postings: dict[int, list[int]] = {}
    for index, found in enumerate(evidence):
        for value in found:
            postings.setdefault(value, []).append(index)
    tally: dict[tuple[int, int], list[float]] = {}
    for value, files in postings.items():
        if len(files) > limit:
            for index in files:
                del evidence[index][value]
        elif len(files) > 1:
            own = 2 / len(files)
            for pair in itertools.combinations(files, 2):
                entry = tally.setdefault(pair, [0, 0.0])
                entry[0] += 1
                entry[1] += own
    return tally


def _matches(a: dict[int, list[int]], b: dict[int, list[int]], ta: Tokens, tb: Tokens) -> tuple[Match, ...]:
    """The shared fingerprints chained into regions (next one within a run's length in both files)."""
    points = sorted((pa, pb) for value in a.keys() & b.keys() for pa in a[value][:4] for pb in b[value][:4])
    runs: list[list[int]] = []  # [first a, last a, first b, last b] token positions
    for pa, pb in points:
        for run in reversed(runs[-8:]):  # points come in order of a: only recent runs can go on
            if 0 <= pa - run[1] <= K and 0 <= pb - run[3] <= K:
                run[1], run[3] = pa, pb
                break
        else:
            runs.append([pa, pa, pb, pb])
    regions = heapq.nsmallest(  # each is weighed against those kept before it: only so many
        MAX_REGIONS,
        {
            Match((ta.first[a0], ta.last[a1 + K - 1]), (tb.first[b0], tb.last[b1 + K - 1]))
            for a0, a1, b0, b1 in runs
        },
        key=lambda m: (m.a_lines[0] - m.a_lines[1], m.a_lines, m.b_lines),  # the longest first
    )
    kept: list[Match] = []
    for region in regions:  # a repeated line also meets its copies' neighbours: only within a region
        if not any(_inside(region.a_lines, k.a_lines) and _inside(region.b_lines, k.b_lines) for k in kept):
            kept.append(region)
    return tuple(sorted(kept, key=lambda m: (m.a_lines, m.b_lines)))


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def exercise_texts(registry, numbers: Iterable[int]) -> tuple[dict[int, str], dict[int, str]]:
    """The templates and required functions of the given exercises, as `find_similar` takes them,
    from a specs Registry."""
    numbers = sorted(set(numbers))
    templates = {n: registry.template(n).decode("utf-8", "replace") for n in numbers}
    return templates, {n: registry.info(n).function for n in numbers}


# -- report.md ---------------------------------------------------------------------------------------

_SHOWN_MATCHES = 5


def _lines(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def report_markdown(pairs: Sequence[Pair], lang: str) -> str:
    """The section of report.md: the similar pairs as a table (names inert), or a sentence."""
    lines = [f"## {message('similarity.title', lang)}", "", message("similarity.intro", lang), ""]
    if not pairs:
        return "\n".join([*lines, message("similarity.none", lang)]) + "\n"
    columns = ("exercise", "student_a", "student_b", "score", "lines")
    lines.append("| " + " | ".join(message(f"similarity.col_{c}", lang) for c in columns) + " |")
    lines.append("| --- | --- | --- | ---: | --- |")
    for pair in pairs:
        shown = [f"{_lines(m.a_lines)} ↔ {_lines(m.b_lines)}" for m in pair.matches[:_SHOWN_MATCHES]]
        if len(pair.matches) > _SHOWN_MATCHES:
            shown.append("…")
        lines.append(
            f"| {pair.exercise} | {markdown(pair.a)} | {markdown(pair.b)} | {pair.score * 100:.0f}% | {', '.join(shown)} |"
        )
    return "\n".join(lines) + "\n"


# -- a class: read, compared, kept -------------------------------------------------------------------

SHOWN_SOURCE = 400  # lines of a paired file kept for the side-by-side view (report.html shows as many)
SHOWN_LINE = 400  # characters of one such line


@dataclass(frozen=True)
class ClassSimilarity:
    """The pairs found in a class and the text of each paired file ((exercise, student) -> its first
    SHOWN_SOURCE lines), for the reports."""

    pairs: tuple[Pair, ...]
    sources: Mapping[tuple[int, str], str]


def read_documents(submissions: Iterable) -> list[Document]:
    """Each submission (student, exercise, path, name) as the code it is graded as (a notebook's code
    cells, a code page's text); a file that cannot be read or is not text is left out."""
    from checker.batch.discover import found_bytes
    from checker.submission import read_submission

    documents = []
    for submission in submissions:
        try:  # the bytes discovery found, read as it read them (a pipe or a link put there since is not)
            code = read_submission(found_bytes(submission), submission.path.name).code
        except Exception:  # noqa: BLE001 - a file gone, changed or unreadable is left out of the comparison
            continue
        if code is not None:
            text = code[: SOURCE_LIMIT * 4].decode("utf-8", "replace")
            documents.append(Document(submission.student, submission.exercise, submission.name, text))
    return documents


def class_similarity(submissions: Iterable, registry) -> ClassSimilarity:
    """The similar pairs of a class's submissions (as discovery found them), with their files' text."""
    documents = read_documents(submissions)
    templates, functions = exercise_texts(registry, {d.exercise for d in documents})
    pairs = tuple(find_similar(documents, templates, functions=functions))
    wanted = {(p.exercise, who) for p in pairs for who in (p.a, p.b)}
    sources = {
        (d.exercise, d.student): _shown_source(d.source)
        for d in documents
        if (d.exercise, d.student) in wanted
    }
    return ClassSimilarity(pairs, sources)


def _shown_source(text: str) -> str:
    lines = text.split("\n", SHOWN_SOURCE)[:SHOWN_SOURCE]
    return "\n".join(line[:SHOWN_LINE] for line in lines)


# -- similarity.json ---------------------------------------------------------------------------------

SIMILARITY_FORMAT = "lstm-quiz similarity 1"
PAIRS_LIMIT = 10_000  # read back: more than any run writes (top pairs per exercise)


def to_json(found: ClassSimilarity) -> str:
    """similarity.json: the pairs (names, score, matched line ranges) and the paired files' text."""
    import json

    pairs = [
        {
            "exercise": p.exercise,
            "a": p.a,
            "b": p.b,
            "a_file": p.a_path,
            "b_file": p.b_path,
            "score": round(p.score, 4),
            "shared": p.shared,
            "matches": [[*m.a_lines, *m.b_lines] for m in p.matches],
        }
        for p in found.pairs
    ]
    sources = [{"exercise": e, "student": s, "text": t} for (e, s), t in sorted(found.sources.items())]
    return json.dumps({"format": SIMILARITY_FORMAT, "pairs": pairs, "sources": sources}, ensure_ascii=False,
                      indent=1)  # fmt: skip


def from_json(text: str) -> ClassSimilarity:
    """similarity.json read back, every field checked; ValueError when it is not one we wrote."""
    import json

    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != SIMILARITY_FORMAT:
        raise ValueError("not a similarity.json")
    pairs_data, sources_data = data.get("pairs"), data.get("sources")
    if (
        not isinstance(pairs_data, list)
        or not isinstance(sources_data, list)
        or len(pairs_data) > PAIRS_LIMIT
    ):
        raise ValueError("not a similarity.json")
    try:
        pairs = tuple(_pair(item) for item in pairs_data)
        sources = {
            (_number(item["exercise"]), _text(item["student"])): _shown_source(_text(item["text"]))
            for item in sources_data[: 2 * PAIRS_LIMIT]
        }
    except (KeyError, TypeError) as error:
        raise ValueError("not a similarity.json") from error
    return ClassSimilarity(pairs, sources)


def _pair(item: dict) -> Pair:
    matches = tuple(
        Match((_number(m[0]), _number(m[1])), (_number(m[2]), _number(m[3]))) for m in item["matches"][:1000]
    )
    score = item["score"]
    if not isinstance(score, (int, float)) or isinstance(score, bool) or not 0 <= score <= 1:
        raise TypeError("score")
    return Pair(_number(item["exercise"]), _text(item["a"]), _text(item["b"]), float(score),
                _number(item["shared"]), matches, _text(item["a_file"]), _text(item["b_file"]))  # fmt: skip


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**9:
        raise TypeError("number")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("text")
    return value[: SOURCE_LIMIT * 4]
