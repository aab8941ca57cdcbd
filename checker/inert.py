"""Making student-derived text inert: whatever a submission prints, raises or is named, it reaches a
terminal, a JSON file, a CSV cell or a Markdown report as plain, bounded, valid text.

Standard library only; cheap on the common (clean, short) text.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable

# How much of a student-derived text is kept wherever it is shown or stored.
NAME_LIMIT = 200  # a student id, an LMS id, a file name
PATH_LIMIT = 1000  # a file's path inside the class folder
MESSAGE_LIMIT = 2000  # an exception's message, a test's message
TRACEBACK_LIMIT = 4000
OUTPUT_LIMIT = 64 * 1024  # what a program printed (the sandbox keeps this much)
FILE_NAME_BYTES = 80  # a file or folder name made from a student id, in UTF-8

# C0 and C1 control characters but newline and tab, DEL, and the bidirectional controls that can make
# text read differently from how it is stored (Trojan Source); also lone surrogates, which cannot be
# encoded as UTF-8 and would break a JSON file or a terminal.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# One line: newline and tab escaped too, and the Unicode line and paragraph separators.
_UNSAFE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
ELLIPSIS = "…"


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    if code > 0xFFFF:
        return f"\\U{code:08x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object, limit: int | None = None, *, one_line: bool = False) -> str:
    """`value` as text that is safe to show or store: control, bidi and surrogate characters escaped
    visibly (`\\x1b`, `\\u202e`), newline and tab kept (unless `one_line`), at most `limit` characters
    (the last one then an ellipsis). Bytes are decoded as UTF-8 with replacement."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        text = bytes(value).decode("utf-8", errors="replace")
    elif isinstance(value, str):
        text = value
    else:
        text = str(value)
    if limit is not None and len(text) > limit * 8:  # never scan more than the part that can be kept
        text = text[: limit * 8]
    pattern = _UNSAFE_LINE if one_line else _UNSAFE
    if pattern.search(text):
        text = pattern.sub(_escape, text)
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + ELLIPSIS
    return text


def clean_tree(value: object, limit: int = 2000, depth: int = 4) -> object:
    """A JSON-like value with every string cleaned and bounded; other types kept if plain."""
    if isinstance(value, str):
        return clean(value, limit)
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN and infinities are not JSON
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    if depth <= 0:
        return None
    if isinstance(value, dict):
        return {clean(k, 100): clean_tree(v, limit, depth - 1) for k, v in list(value.items())[:50]}
    if isinstance(value, (list, tuple)):
        return [clean_tree(v, limit, depth - 1) for v in list(value)[:50]]
    return clean(value, limit)


def flat(value: object, limit: int = NAME_LIMIT) -> str:
    """`value` cleaned onto one line (a name, a path, the first line of a message in a list)."""
    return clean(value, limit, one_line=True)


# Characters that show as nothing (zero-width, soft hyphen, word joiners, BOM, Hangul fillers, tags):
# in a name they would make "bob" and "bob" two students who look like one.
# Unicode's default-ignorable code points, the spaces other than U+0020 (the ideographic space only at
# either end: it parts Japanese names) and the braille blank, and a space at either end of a name.
_INVISIBLE = re.compile(
    "[\u00a0\u00ad\u034f\u115f\u1160\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u200d\u202f\u205f-\u206f"
    "\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]|^[ \u3000]|[ \u3000]$"
)
# Letters of scripts that hold look-alikes of Latin ones (Cyrillic "о", Greek "ο", Cherokee): a name
# that mixes them with Latin letters gets a hash, so that "bоb" never passes for "bob".
_LATIN = re.compile("[A-Za-z]")
_LOOK_ALIKE = re.compile("[\u0370-\u03ff\u0400-\u052f\u13a0-\u13ff\uab70-\uabbf]")


def identity(value: str, limit: int = NAME_LIMIT, tagged: bool = False) -> str:
    """A student id or a file's name as found on disk or in a zip, made inert once for everything
    downstream (journal, gradebook, reports): on one line, bounded. A name that had to be changed
    (a control, bidi or invisible character, an undecodable byte, too long) gets a short hash of the
    original, so two different names stay two different students, and look different; so does a name
    not in Unicode's composed form (NFC), which looks like its composed twin (and any, if `tagged`)."""
    text = _shown_name(value, limit)
    if (
        not tagged
        and text == value
        and not (_LATIN.search(value) and _LOOK_ALIKE.search(value))
        and (value.isascii() or unicodedata.is_normalized("NFC", value))
    ):
        return text
    tag = "~" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return _shown_name(value, limit - len(tag)) + tag


# What the grader makes of a name: a classmate's name with their LMS id ("Kim (123)", for two people of
# one name), or a changed name with its hash ("Kim\\xa0Minsu~0740b15e").
_MADE = re.compile(r"(?:~[0-9a-f]{8}| \(\d+\))\Z")


def student_id(value: str, made: bool = False) -> str:
    """identity() of a student's name. A name that reads as one the grader makes of another's is
    tagged too, unless the grader made it (`made`): typed by a student as their own name, it must not
    make them that classmate (one row, one grade)."""
    return identity(value, tagged=not made and _MADE.search(value) is not None)


def _shown_name(value: str, limit: int) -> str:
    text = clean(value, limit, one_line=True)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub(_escape, text)
        if len(text) > limit:
            text = text[: max(0, limit - 1)] + ELLIPSIS
    return text


# -- CSV ---------------------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"); the
# full-width forms count too in CJK locales.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: object, limit: int = NAME_LIMIT) -> str:
    """A text cell of a CSV file: one line, bounded, and never a formula (a leading `'` then)."""
    text = clean(value, limit, one_line=True)
    # a spreadsheet may trim spaces (and a byte-order mark) before it looks for a formula
    return "'" + text if text.lstrip(" \u00a0\u3000\ufeff").startswith(_FORMULA_START) else text


# -- Markdown ----------------------------------------------------------------------------------------

# Everything that can start or end inline markup, a link, an HTML tag or an entity, or break a table
# cell, wherever it is; the backslash first of all.
_MD_INLINE = re.compile(r"([\\`*_\[\]()<>|~&$!])")
# What starts a block at the beginning of a line (after the inline escapes above).
_MD_BLOCK = re.compile(r"^(?:([#+=-])|(\d+)([.]))")
# What GitHub's renderer turns into a link by itself ("https://", "www.", "mailto:", an e-mail address):
# its key character written as an entity, which shows the same but starts no link.
_MD_AUTOLINK = re.compile(r"(?i):(?=//)|(?<=mailto):|(?<=xmpp):|(?<=www)\.|@")
_MD_ENTITY = {":": "&#58;", ".": "&#46;", "@": "&#64;"}


def markdown(value: object, limit: int = NAME_LIMIT) -> str:
    """Plain text for a Markdown line or table cell: it stays on its line and in its cell and is
    shown as written (no heading, list, quote, link, image, HTML, emphasis or code)."""
    text = _MD_INLINE.sub(r"\\\1", clean(value, limit, one_line=True))
    text = _MD_BLOCK.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\.", text)
    text = _MD_AUTOLINK.sub(lambda m: _MD_ENTITY[m.group(0)[-1]], text)
    stripped = text.lstrip(" ")  # four spaces would start a code block
    text = "&#32;" * (len(text) - len(stripped)) + stripped
    stripped = text.rstrip(" ")  # two at the end, a line break
    return stripped + "&#32;" * (len(text) - len(stripped))


def markdown_code(value: object, limit: int = NAME_LIMIT) -> str:
    """`value` as a Markdown code span (a file name in a list item; not for table cells), fenced with
    more backticks than it holds."""
    text = clean(value, limit, one_line=True)
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" or (text[0] == " " and text[-1] == " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# -- file names --------------------------------------------------------------------------------------

_NOT_IN_NAME = re.compile(r"[^\w.\- ]")
# Names Windows keeps for devices, whatever follows the first dot.
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"{device}{n}" for device in ("COM", "LPT") for n in [*"0123456789", "\u00b9", "\u00b2", "\u00b3"])}  # fmt: skip


def _cut(text: str, size: int) -> str:
    """At most `size` bytes of UTF-8, never half a character."""
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def _stem(value: str, size: int) -> tuple[str, bool]:
    """(a safe file name made from `value`, whether it had to differ from `value`)."""
    text = unicodedata.normalize("NFC", value)
    text = _NOT_IN_NAME.sub("_", text)  # letters and digits of any script, _ - . and space
    text = _cut(text, size).strip(" .-")  # no leading dot (nor . or ..), no trailing dot or space
    if not text:
        text = "student"
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = "_" + text
    return text, text != value


def _hashed(stem: str, value: str, digits: int, size: int) -> str:
    tag = "-" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:digits]
    return _cut(stem, size - len(tag)).rstrip(" .-") + tag


def _fold(name: str) -> str:
    """What a case-insensitive, normalising file system (macOS, Windows) sees as the same name."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def file_names(ids: Iterable[str], size: int = FILE_NAME_BYTES) -> dict[str, str]:
    """A file or folder name for each id: safe (no separator, no leading dot, no control or bidi
    character, at most `size` bytes of UTF-8) and unique over all of `ids` even on a file system that
    ignores case and Unicode normalisation. An id that is already such a name is kept as it is; any
    other gets a short hash of itself. The same ids always give the same names."""
    ids = sorted(set(ids))
    stems = {i: _stem(i, size) for i in ids}
    names = {i: _hashed(stem, i, 8, size) if changed else stem for i, (stem, changed) in stems.items()}
    for digits in (8, 16, 64):  # widen the hashes of names that still meet
        groups: dict[str, list[str]] = {}
        for i in ids:
            groups.setdefault(_fold(names[i]), []).append(i)
        clashes = [group for group in groups.values() if len(group) > 1]
        if not clashes:
            return names
        for group in clashes:
            for i in group:
                names[i] = _hashed(stems[i][0], i, digits, size)
    taken: set[str] = set()  # beyond any real chance: number what still meets, in order
    for i in ids:
        name, number = names[i], 1
        while _fold(name) in taken:
            number += 1
            name = _hashed(stems[i][0], i, 16, size - len(str(number)) - 1) + f"-{number}"
        names[i] = name
        taken.add(_fold(name))
    return names
