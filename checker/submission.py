"""A submitted file's bytes as the Python source to grade.

Students hand in what their tools save: Jupyter or Colab notebooks, and files in their system's code
page (EUC-KR/CP949 on Korean Windows, Shift-JIS/CP932 on Japanese Windows, UTF-16 from Notepad). This
module turns those bytes into UTF-8 Python source, with notes for the learner (how the file was read,
what was left out) and, for a notebook, a map from the source's lines back to its cells, so that every
line number the learner sees points into the notebook ("cell 3, line 2"). The map is applied before a
result is stored: the journal keeps the mapped messages, never the map.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import tokenize
import unicodedata
from dataclasses import dataclass, replace

from checker.inert import flat
from checker.results import CheckResult, ErrorKind, Message, Status, TestResult

NOTEBOOK_SUFFIX = ".ipynb"
SOURCE_LIMIT = 1_000_000  # bytes of Python source (a .py file, or a notebook's code)
NOTEBOOK_LIMIT = 20_000_000  # a notebook's file: its outputs (plots as images) may be large
# JSON values in a notebook (lists, mappings, texts, numbers): each costs the reader 50 to 100 bytes of
# memory whatever its size in the file, so 20 MB of `[],[],…` would take half a gigabyte. A notebook
# holds a few per cell and one per line of output: a million is a notebook that printed a million lines.
NOTEBOOK_ITEMS = 1_000_000
# A notebook's values are counted reading the text once: escapes out first (after which every quote
# left opens or closes a string), then the strings. One pattern for a whole string with its escapes
# would scan to the end from every quote of a string that never closes: quadratic time.
_ESCAPE = re.compile(r"\\.", re.S)
SHOWN_DROPS = 5  # dropped lines named one by one in the note; the rest are counted
CODE_SHOWN = 40  # characters of a dropped line quoted in the note
# The notes that each name one line left out: shown as items under the note that counts them.
LISTED_NOTES = frozenset({"submission.dropped_line", "submission.dropped_cell", "submission.dropped_more"})
TOKENIZE_BUDGET = 200_000  # characters read to tell a magic from a line inside a string


def size_limit(filename: str) -> int:
    """The most bytes a submitted file may have."""
    return NOTEBOOK_LIMIT if is_notebook(filename) else SOURCE_LIMIT


def is_notebook(filename: str) -> bool:
    return filename.lower().endswith(NOTEBOOK_SUFFIX)


@dataclass(frozen=True)
class LineMap:
    """Where each line of the joined source came from: (cell, line in the cell), or None for the blank
    lines put between cells. Cells are counted from the top of the notebook, text cells included."""

    places: tuple[tuple[int, int] | None, ...]

    def where(self, line: int) -> tuple[int, int] | None:
        """The cell and line of the source's `line` (1-based). A separator or a line past the end
        (Python reports an unfinished statement there) is given the nearest line above it."""
        for index in range(min(line, len(self.places)) - 1, -1, -1):
            if self.places[index] is not None:
                return self.places[index]
        return None


@dataclass(frozen=True)
class Source:
    """What grading starts from: UTF-8 source (None when the file cannot be graded, and `refusal` says
    why), notes for the learner, and a notebook's line map."""

    code: bytes | None
    notes: tuple[Message, ...] = ()
    lines: LineMap | None = None
    refusal: Message | None = None


def read_submission(data: bytes, filename: str) -> Source:
    """The source to grade from a submitted file's bytes."""
    text, encoding, note = decode(data)
    if text is None:
        return Source(None, refusal=Message.of("submission.not_text"))
    notes = (note,) if note else ()
    if is_notebook(filename):
        return _notebook_source(text, notes)
    if encoding is None:
        return Source(data)  # UTF-8 already: graded byte for byte
    return Source(_utf8(text), notes)


# -- encodings ---------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a byte-order mark (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# The code pages a learner's editor may save in, as (codec, the name a learner knows it by). CP949 and
# CP932 are the Windows supersets of EUC-KR and Shift-JIS; nothing else is guessed (a Latin-1 guess
# would read any bytes at all).
GUESSES = (("cp949", "EUC-KR (CP949)"), ("cp932", "Shift-JIS (CP932)"))
_COOKIE = re.compile(r"^([ \t\f]*#.*?coding[:=][ \t]*)([-\w.]+)", re.ASCII)
_TEXT_CONTROLS = frozenset("\t\n\r\f")
_LETTER_GLUED = re.compile(r"[A-Za-z][^\x00-\x7f]|[^\x00-\x7f][A-Za-z]")


def decode(data: bytes) -> tuple[str | None, str | None, Message | None]:
    """(text, the encoding it was read in when not plain UTF-8, a note naming it), or (None, None,
    None) when the bytes are none of the encodings tried."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, Message.of("submission.read_as", encoding=name)
            except UnicodeDecodeError:
                return None, None, None
    declared = _declared(data)
    if declared is not None and _charset(declared):
        try:
            text = data.decode(declared)  # as Python itself reads it: no note
            if _is_text(text):  # an escaping codec (utf-7, unicode_escape) can spell a lone surrogate
                return text, declared, None
        except Exception:  # noqa: BLE001 - a codec that refuses these bytes, or is no text codec at all
            pass  # the declaration is wrong: read the bytes as they are
    try:
        return data.decode("utf-8"), None, None
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for codec, name in GUESSES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _plausible(text, codec)
        if score > 0.5 and (best is None or score > best[0]):
            best = (score, text, name)
    if best is None:
        return None, None, None
    return best[1], "guessed", Message.of("submission.read_as", encoding=best[2])


# The character sets a file may declare (PEP 263): table and multibyte codecs, each linear in the bytes.
# Codecs that are transformations (punycode, idna, utf-7, the escape codecs) are never run on a file:
# some take time that grows with the square of its length.
_CHARSETS = ("utf-8", "utf-16", "utf-32", "latin-1", "iso8859", "iso2022", "ascii", "cp", "euc", "shift",
             "gb", "big5", "hz", "johab", "koi8", "mac-", "ptcp154", "tis-620", "kz1048", "hp-roman8")  # fmt: skip


def _charset(name: str) -> bool:
    """Whether `name` is a character set's codec (see _CHARSETS), by the name Python resolves it to."""
    try:
        resolved = codecs.lookup(name).name
    except LookupError:
        return False
    return resolved.startswith(_CHARSETS) and resolved not in ("utf-7",)


def _declared(data: bytes) -> str | None:
    """The encoding a PEP 263 comment in the first two lines declares, when it is not UTF-8."""
    for line in data.split(b"\n", 2)[:2]:
        match = _COOKIE.match(line.decode("latin-1"))
        if match:
            name = match.group(2).lower().replace("_", "-")
            return None if name in ("utf-8", "utf8") or name.startswith("utf-8-") else match.group(2)
        if line.strip() and not line.lstrip().startswith(b"#"):
            return None
    return None


def _plausible(text: str, codec: str) -> float:
    """How much of the text beyond ASCII reads as the language of `codec` (0 to 1): Hangul syllables
    of the common EUC-KR set for CP949, kana, kanji and full-width forms for CP932. Bytes of another code
    page that happen to decode land elsewhere (UHC's extra syllables, half-width kana, private use)."""
    if any(unicodedata.category(c) in ("Cc", "Co") and c not in _TEXT_CONTROLS for c in text):
        return 0.0  # controls and private use are no one's text
    wide = [c for c in text if ord(c) >= 128]
    if not wide:
        return 0.0
    if codec == "cp949":
        good = sum(1 for c in wide if "\uac00" <= c <= "\ud7a3" and _in_euc_kr(c))
        return good / len(wide)
    if not any("\u3041" <= c <= "\u30ff" for c in wide) and _LETTER_GLUED.search(text):
        return 0.0  # kanji glued to Latin letters and no kana: Latin-1's "é" + a letter ("cr鑪e")
    good = sum(1 for c in wide if _japanese_character(c))
    return good / len(wide)


def _in_euc_kr(char: str) -> bool:
    try:
        return len(char.encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


def _japanese_character(char: str) -> bool:
    """Kana, kanji, and the full-width punctuation and letters Japanese text uses (not half-width kana,
    not private use)."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x4E00 <= code <= 0x9FFF  # kanji
        or 0xFF01 <= code <= 0xFF60  # full-width forms
        or char in "×÷°±´¨§¶←→↑↓■□◆◇○●△▲▽▼★☆※〒"
    )


def _utf8(text: str) -> bytes:
    """The text as UTF-8 source: a coding declaration in its first two lines now says utf-8 (Python
    would otherwise decode the new bytes as the old encoding)."""
    head = text.split("\n", 2)
    for index in range(min(2, len(head))):
        if _COOKIE.match(head[index]):
            head[index] = _COOKIE.sub(lambda m: m.group(1) + "utf-8", head[index], count=1)
            break
    return "\n".join(head).encode("utf-8")


# -- notebooks ---------------------------------------------------------------------------------------

_NEWLINE = re.compile(r"\r\n|\r|\n")  # Python's own line breaks (str.splitlines has more)
_HELP = re.compile(r"\?{1,2}[\w.]+|[\w.]+\?{1,2}")
_ASSIGNED_MAGIC = re.compile(r"[\w.]+\s*=\s*[!%]")
_COLAB = re.compile(r"\s*(?:from\s+google\.colab\b|import\s+google\.colab\b)")


class NotANotebook(ValueError):
    """Why a .ipynb file is not an nbformat 4 notebook: a message."""

    def __init__(self, why: Message) -> None:
        super().__init__(why.key)
        self.why = why


def _notebook_source(text: str, notes: tuple[Message, ...]) -> Source:
    try:
        cells = _code_cells(text)
    except NotANotebook as error:
        return Source(None, notes, refusal=error.why)
    if sum(len(source) for _, source in cells) > SOURCE_LIMIT:  # its code, outputs aside
        return Source(None, notes, refusal=Message.of("submission.notebook_too_large", limit=SOURCE_LIMIT))
    lines: list[str] = []
    places: list[tuple[int, int] | None] = []
    dropped: list[tuple] = []
    count = 0
    budget = [TOKENIZE_BUDGET]
    colab: list[Message] = []
    for number, source in cells:
        kept, drops, left_out = _without_magics(number, _NEWLINE.split(source), budget)
        dropped += drops
        count += left_out
        colab += _colab_notes(number, kept)
        if not kept or all(not line.strip() for line in kept):
            continue
        if lines:
            lines.append("")
            places.append(None)
        lines += kept
        places += [(number, k) for k in range(1, len(kept) + 1)]
    notes += tuple(colab[:SHOWN_DROPS])
    if len(colab) > SHOWN_DROPS:  # a note per line of the notebook would be as many lines in every output
        notes += (Message.of("submission.dropped_more", count=len(colab) - SHOWN_DROPS),)
    if count:
        more = len(dropped) - SHOWN_DROPS
        shown = [_dropped(*drop) for drop in dropped[:SHOWN_DROPS]]
        shown += [Message.of("submission.dropped_more", count=more)] if more > 0 else []
        notes += (Message.of("submission.dropped", count=count), *shown)
    code = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    return Source(code, notes, LineMap(tuple(places)))


def _json_items(text: str, window: int = 1 << 18) -> int:
    """About how many values a JSON text holds (its commas and openings outside strings), counted
    without building them, a window of the text at a time (its copies stay that small, however many
    strings it holds): escapes out first, after which every quote opens or closes a string."""
    count = 0
    inside = False  # the window begins inside a string
    escaped = False  # the window's first character is escaped (the last one ended in a backslash)
    for at in range(0, len(text), window):
        part = text[at : at + window]
        if escaped:
            part, escaped = part[1:], False
        part = _ESCAPE.sub("", part)  # leaves at most a backslash at the end, escaping the next window
        if part.endswith("\\"):
            part, escaped = part[:-1], True
        pieces = part.split('"')
        outside = "".join(pieces[1 if inside else 0 :: 2])
        inside ^= len(pieces) % 2 == 0  # an odd number of quotes
        count += outside.count(",") + outside.count("[") + outside.count("{")
    return count


def _code_cells(text: str) -> list[tuple[int, str]]:
    """(cell number, source) of each code cell of an nbformat 4 notebook, in order."""
    if _json_items(text) > NOTEBOOK_ITEMS:
        raise NotANotebook(Message.of("submission.notebook_items", limit=NOTEBOOK_ITEMS))
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotANotebook(
            Message.of("submission.notebook_json", line=error.lineno, column=error.colno)
        ) from None
    except (RecursionError, ValueError):  # nested beyond what a notebook ever is; a number too long to read
        raise NotANotebook(Message.of("submission.notebook_shape")) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        version = notebook.get("nbformat") if isinstance(notebook, dict) else None
        if type(version) is int and version != 4:
            raise NotANotebook(Message.of("submission.notebook_version", version=version))
        raise NotANotebook(Message.of("submission.notebook_shape"))
    cells = []
    for number, cell in enumerate(notebook["cells"], start=1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise NotANotebook(Message.of("submission.notebook_cell", cell=number))
        if cell["cell_type"] != "code":
            continue  # text cells, and the outputs and attachments of every cell, are never read
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str) or not _is_text(source):
            raise NotANotebook(Message.of("submission.notebook_cell", cell=number))
        cells.append((number, source))
    return cells


def _is_text(source: str) -> bool:
    """Whether a cell's source can be written as UTF-8: JSON's escapes can spell a lone surrogate
    ("\\udc80"), which is no character at all."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _without_magics(cell: int, lines: list[str], budget: list[int]) -> tuple[list[str], list[tuple], int]:
    """The cell's lines with IPython's own syntax left out (kept, notes naming each drop, lines left
    out). A cell magic (%%) drops its whole cell; a line magic, a shell line (!) or a get_ipython()
    call becomes a blank line (or `pass` where it was indented, so that its block stays a block), so
    every other line keeps its number."""
    first = next((line.strip() for line in lines if line.strip()), "")
    if first.startswith("%%"):
        size = sum(1 for line in lines if line.strip())
        return [], [(cell, None, first, size)], size
    prefix = _Prefix(budget)
    drops: list[tuple] = []  # (cell, line, what it said), or (cell, None, first line, lines) for a cell
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        if _ipython_line(stripped) and not prefix.open():
            drops.append((cell, number, stripped))
            indent = line[: len(line) - len(stripped)]
            prefix.add(indent + "pass" if indent else "")
        else:
            prefix.add(line)
    kept = prefix.lines
    while kept and not kept[-1].strip():
        kept.pop()
    return kept, drops, len(drops)


def _dropped(cell: int, line: int | None, code: str, size: int = 0) -> Message:
    """The note naming one line (or a whole cell) left out."""
    if line is None:
        return Message.of("submission.dropped_cell", cell=cell, code=_quoted(code), count=size)
    return Message.of("submission.dropped_line", cell=cell, line=line, code=_quoted(code))


def _ipython_line(stripped: str) -> bool:
    """A line only IPython runs: %magic, !shell, get_ipython(), x = !shell, obj? (none is Python)."""
    return (
        stripped.startswith(("%", "!", "get_ipython("))
        or bool(_ASSIGNED_MAGIC.match(stripped))
        or bool(_HELP.fullmatch(stripped.rstrip()))
    )


class _Prefix:
    """A cell's lines kept so far, and what tells cheaply whether they leave a statement open (a
    string, brackets, a continued line): only a prefix that could is tokenized, within a budget per
    notebook (past it, a line that looks like IPython's is taken for IPython's)."""

    def __init__(self, budget: list[int]) -> None:
        self.lines: list[str] = []
        self.budget = budget
        self.size = 0
        self.balance = 0  # brackets opened minus closed, strings and comments included
        self.triple = False  # a triple quote was seen
        self.last = ""  # the last line that is not blank

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.size += len(line) + 1
        if "(" in line or "[" in line or "{" in line or ")" in line or "]" in line or "}" in line:
            opened = line.count("(") + line.count("[") + line.count("{")
            self.balance += opened - line.count(")") - line.count("]") - line.count("}")
        self.triple = self.triple or '"""' in line or "'''" in line
        if line.strip():
            self.last = line.rstrip()

    def open(self) -> bool:
        """Whether the next line continues a statement instead of starting one."""
        closed = not self.triple and self.balance == 0 and not self.last.endswith(("\\", "(", "[", "{", ","))
        if not self.lines or closed or self.budget[0] < self.size:
            return False
        self.budget[0] -= self.size
        try:
            for _ in tokenize.generate_tokens(io.StringIO("\n".join(self.lines) + "\n").readline):
                pass
        except tokenize.TokenError:
            return True  # EOF inside a multi-line string or statement
        except (SyntaxError, ValueError):
            return False  # the learner's own error, found again when the source is compiled
        return False


def _colab_notes(cell: int, lines: list[str]) -> tuple[Message, ...]:
    """google.colab exists only in Colab. Its import is kept (and refused like any import the
    sandbox does not offer, since what uses it would fail anyway), with a note saying where it is."""
    return tuple(
        Message.of("submission.colab", cell=cell, line=number)
        for number, line in enumerate(lines, start=1)
        if _COLAB.match(line)
    )


def _quoted(line: str) -> str:
    """A dropped line as the note quotes it: inert, on one line, bounded."""
    return flat(line.strip(), CODE_SHOWN)


# -- results -----------------------------------------------------------------------------------------


def check_submission(source: Source, filename: str, exam, *, check=None, **options) -> CheckResult:
    """Grade a read submission with `check` (`codecheck.check_source` unless given), its line numbers
    mapped into the notebook and its notes attached; a file that could not be read gets its verdict
    without running."""
    if source.code is None:
        return refused(exam, filename, source.refusal or Message.of("submission.not_text"), source.notes)
    if check is None:
        from checker.codecheck import check_source as check
    result = check(source.code, filename, exam, **options)
    if source.lines is not None:
        result = placed(result, source.lines, filename)
    return replace(result, notes=result.notes + source.notes) if source.notes else result


def refused(exam, filename: str, why: Message, notes: tuple[Message, ...] = ()) -> CheckResult:
    """The verdict on a file that is not source at all: every test not run, as for a file that does
    not load."""
    spec = exam.spec
    tests = tuple(
        TestResult(
            id=case.id,
            name=dict(case.name),
            visibility=case.visibility,
            status=Status.ERROR,
            score=0.0,
            max_score=case.points,
            message=Message.of("check.not_loaded"),
            hint=dict(case.hint) if case.visibility != "visible" and case.hint else None,
        )
        for case in exam.cases
    )
    return CheckResult(
        exercise=spec.number,
        function=spec.function,
        file=filename,
        status=Status.ERROR,
        score=0.0,
        max_score=sum(t.max_score for t in tests),
        tests=tests,
        error=why,
        error_kind=ErrorKind.SYNTAX,
        notes=notes,
    )


# Line numbers are the student's text (printed, or raised): at most nine digits are read as one, so
# that no number is too long for int() and a longer run of digits is left as it is.
_TRACE_LINE = re.compile(r'File "(?P<file>[^"\n]*)", line (?P<line>[0-9]{1,9})(?![0-9])')
_LINE_NUMBER = re.compile(r"[0-9]{1,9}")


def placed(result: CheckResult, lines: LineMap, filename: str) -> CheckResult:
    """The result with every line number of the notebook's source given as its cell and line: the
    syntax error, the tracebacks of a load error and of each visible case, and warnings printed."""
    error = result.error
    if isinstance(error, Message):
        error = _placed_message(error, lines, filename)
    tests = tuple(
        replace(t, details=dict(t.details, traceback=_placed_text(t.details["traceback"], lines, filename)))
        if t.details and isinstance(t.details.get("traceback"), str)
        else t
        for t in result.tests
    )
    return replace(result, error=error, tests=tests, stdout=_placed_output(result.stdout, lines, filename))


def _placed_message(message: Message, lines: LineMap, filename: str) -> Message:
    fields = dict(message.fields)
    if message.key == "check.syntax":
        line = str(fields.get("line", ""))
        place = lines.where(int(line)) if _LINE_NUMBER.fullmatch(line) else None
        if place is not None:
            fields.update(cell=place[0], line=place[1])
            return Message.of("submission.syntax_cell", **fields)
        return message
    if isinstance(fields.get("traceback"), str):
        fields["traceback"] = _placed_text(fields["traceback"], lines, filename)
        return Message.of(message.key, **fields)
    return message


def _placed_text(text: str, lines: LineMap, filename: str) -> str:
    """A traceback's `File "x.ipynb", line 17` as `File "x.ipynb", cell 4, line 3`."""

    def place(match: re.Match) -> str:
        where = lines.where(int(match.group("line"))) if match.group("file") == filename else None
        if where is None:
            return match.group()
        return f'File "{match.group("file")}", cell {where[0]}, line {where[1]}'

    return _TRACE_LINE.sub(place, text)


def _placed_output(text: str, lines: LineMap, filename: str) -> str:
    """Warnings the program printed (`x.ipynb:17: RuntimeWarning`) pointed into the notebook too."""
    if not text or filename not in text:
        return text
    pattern = re.compile(re.escape(filename) + r":([0-9]{1,9}):")

    def place(match: re.Match) -> str:
        where = lines.where(int(match.group(1)))
        return match.group() if where is None else f"{filename}, cell {where[0]}, line {where[1]}:"

    return pattern.sub(place, text)
