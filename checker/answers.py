"""Reading what a learner typed: numbers, shapes, texts, choices and pairs.

Every parser either returns a value or raises `AnswerError` with a message key from `checker.i18n`;
an unreadable answer is reported back to the learner, never graded as wrong. All input is NFKC-normalised
first, so full-width digits and punctuation from Korean and Japanese keyboards read like ASCII.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from fractions import Fraction

MAX_ANSWER_LENGTH = 1000
MAX_SHAPE_DIMS = 8


class AnswerError(ValueError):
    """An answer that cannot be read. `code` is a key of `checker.i18n.MESSAGES`."""

    def __init__(self, code: str, **fields: object) -> None:
        super().__init__(code)
        self.code = code
        self.fields = fields


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")
_DASHES = dict.fromkeys(map(ord, "−–—‒﹣"), "-")  # minus sign and dashes typed for a minus


def normalize(text: str) -> str:
    """NFKC with superscript exponents kept as exponents (10⁻¹ → 10^-1) and Unicode minus → '-'."""
    _check_length(text)
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPTS), text)
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).strip()
    _check_length(text)  # NFKC can make one character many: "⑳" is "20", "ﷺ" is 18 letters
    return text


def _check_length(text: str) -> None:
    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerError("answer.too_long", limit=MAX_ANSWER_LENGTH)


def _nonempty(text: str) -> str:
    text = normalize(text)
    if not text:
        raise AnswerError("answer.empty")
    return text


# -- numbers

_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_SCI = re.compile(rf"^(?P<m>{_DECIMAL})(?:(?:e|E)(?P<e>[+-]?\d+)|[x×*·]10(?:\^|\*\*)\(?(?P<p>[+-]?\d+)\)?)?$")
_POW10 = re.compile(r"^10(?:\^|\*\*)\(?(?P<p>[+-]?\d+)\)?$")
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")
_MAX_EXPONENT = 400


def _scalar(token: str, original: str) -> Fraction:
    match = _SCI.match(token)
    if match:
        exponent = match.group("e") or match.group("p") or "0"
        if abs(int(exponent)) > _MAX_EXPONENT:
            raise AnswerError("answer.not_finite")
        return Fraction(match.group("m")) * Fraction(10) ** int(exponent)
    match = _POW10.match(token)
    if match:
        if abs(int(match.group("p"))) > _MAX_EXPONENT:
            raise AnswerError("answer.not_finite")
        return Fraction(10) ** int(match.group("p"))
    raise AnswerError("answer.not_a_number", text=original)


def parse_number(text: str) -> float:
    """Read one number: 0.25, .25, 1/4, 2.5e-1, 2.5×10^-1, 2.5x10⁻¹, ０．２５, −0.25, 2,560."""
    original = text.strip()
    text = _nonempty(text)
    text = text.lstrip("≈~=").strip()
    if text.endswith("%"):
        raise AnswerError("answer.percent")
    if text.lower() in {"inf", "-inf", "+inf", "nan", "infinity", "∞"}:
        raise AnswerError("answer.not_finite")
    text = text.replace("÷", "/").replace("∕", "/")
    if re.search(r"\d\s+[\d.]", text) or re.search(r"\d\s*[,;]\s+\d", text):
        raise AnswerError("answer.several_numbers", text=original)
    text = re.sub(r"\s+", "", text).replace("_", "")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a lone comma is a decimal comma (0,25)
    if text.count("/") == 1:
        top, bottom = text.split("/")
        numerator, denominator = _scalar(top, original), _scalar(bottom, original)
        if denominator == 0:
            raise AnswerError("answer.divide_by_zero", text=original)
        value = numerator / denominator
    else:
        value = _scalar(text, original)
    result = float(value) if abs(value) < Fraction(10) ** 300 else math.inf
    if not math.isfinite(result):
        raise AnswerError("answer.not_finite")
    return result


# -- shapes

_SIZE_WRAPPER = re.compile(r"(?:torch\s*\.\s*)?Size\s*\(\s*(\[[^\[\]]*\])\s*\)", re.IGNORECASE)
_GROUP = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_TIMES = re.compile(r"\s*[x×*]\s*", re.IGNORECASE)


def _dims(body: str, original: str) -> tuple[int, ...]:
    body = body.strip()
    if not body:
        return ()
    pieces = [p.strip() for p in re.split(r"[,\s]+", body.strip(", ")) if p.strip()]
    if len(pieces) > MAX_SHAPE_DIMS:
        raise AnswerError("answer.not_a_shape", text=original)
    dims = []
    for piece in pieces:
        if not re.fullmatch(r"\+?\d{1,9}", piece):
            raise AnswerError("answer.bad_dim", text=piece)
        dims.append(int(piece))
    return tuple(dims)


def _one_shape(text: str, original: str) -> tuple[int, ...]:
    text = text.strip()
    if _GROUP.fullmatch(text):
        return _dims(text[1:-1], original)
    if _TIMES.search(text):
        return _dims(_TIMES.sub(",", text), original)
    if re.fullmatch(r"\+?\d{1,9}", text):
        return (int(text),)  # a lone number is a 1-D shape, as (80,)
    raise AnswerError("answer.not_a_shape", text=original)


def _split_shapes(text: str, original: str) -> list[str]:
    text = _SIZE_WRAPPER.sub(r"\1", text)
    for separator in (";", "|", "\n"):
        if separator in text:
            return [piece for piece in (p.strip() for p in text.split(separator)) if piece]
    groups = _GROUP.findall(text)
    if groups:
        rest = _GROUP.sub(" ", text)
        if re.fullmatch(r"[\s,]*", rest):
            return groups
        raise AnswerError("answer.not_a_shape", text=original)
    if _TIMES.search(text) and re.search(r"[,\s]", _TIMES.sub("x", text).strip()):
        return [piece for piece in re.split(r"[,\s]+", _TIMES.sub("x", text)) if piece]
    return [text]


def parse_shape(text: str) -> tuple[int, ...]:
    """Read one tensor shape: (1, 35, 20), [1,35,20], torch.Size([1, 35, 20]), 1x35x20, 1×35×20."""
    shapes = parse_shapes(text)
    if len(shapes) != 1:
        raise AnswerError("answer.not_a_shape", text=text.strip())
    return shapes[0]


def parse_shapes(text: str) -> list[tuple[int, ...]]:
    """Read one or more shapes separated by ';' or written as bracketed groups."""
    original = text.strip()
    text = _nonempty(text)
    return [_one_shape(piece, original) for piece in _split_shapes(text, original)]


def parse_named_shapes(text: str, names: list[str]) -> list[tuple[int, ...]]:
    """Read exactly len(names) shapes, in order; 'h_n = (1, 1, 20)' labels are allowed and ignored."""
    text = _nonempty(text)
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?i)(?<![\w]){re.escape(name)}\s*[:=]", " ", text)
    shapes = parse_shapes(text)
    if len(shapes) != len(names):
        raise AnswerError("answer.part_count", expected=len(names), names=", ".join(names), given=len(shapes))
    return shapes


# -- text

_IGNORED_CATEGORIES = {"Zs", "Zl", "Zp", "Pd", "Pc", "Cc", "Cf"}


def fold_text(text: str) -> str:
    """The comparison key of a text answer: NFKC, case-folded, without spaces, hyphens, underscores."""
    text = unicodedata.normalize("NFKC", text[:MAX_ANSWER_LENGTH]).casefold()
    text = "".join(
        ch for ch in text if unicodedata.category(ch) not in _IGNORED_CATEGORIES and ch not in "・·"
    )
    return text.strip("\"'`.。")


def parse_text(text: str) -> str:
    """A text answer, folded; empty answers are invalid."""
    folded = fold_text(_nonempty(text))
    if not folded:
        raise AnswerError("answer.empty")
    return folded


# -- choices, pairs

_LIST_SEPARATORS = re.compile(r"[\s,;、/&]+|\band\b")


def parse_choices(text: str, labels: Sequence[Sequence[str]]) -> list[int]:
    """Read choice numbers (1-based on screen) or choice texts; return 0-based indexes in order.

    `labels[i]` holds every text choice i may be called by (one per language).
    """
    original = text.strip()
    text = _nonempty(text)
    lookup = {fold_text(name): index for index, names in enumerate(labels) for name in names}
    whole = fold_text(text)
    if whole in lookup:
        return [lookup[whole]]
    picked: list[int] = []
    for token in (t for t in _LIST_SEPARATORS.split(text) if t):
        token = token.strip("().")
        if re.fullmatch(r"\d+", token):
            index = int(token) - 1
            if not 0 <= index < len(labels):
                raise AnswerError("answer.choice_range", n=len(labels))
        elif fold_text(token) in lookup:
            index = lookup[fold_text(token)]
        else:
            raise AnswerError("answer.not_a_choice", text=original)
        if index in picked:
            raise AnswerError("answer.duplicate_choice", item=index + 1)
        picked.append(index)
    if not picked:
        raise AnswerError("answer.empty")
    return picked


def parse_choice(text: str, labels: Sequence[Sequence[str]]) -> int:
    """Exactly one choice; see `parse_choices`."""
    picked = parse_choices(text, labels)
    if len(picked) != 1:
        raise AnswerError("answer.one_choice")
    return picked[0]


# a pair starts where a run of digits starts, so a long run is scanned once, not once per digit
_PAIR = re.compile(r"(?<!\d)(\d+)\s*[-:=>→)\.]*\s*([a-z])", re.IGNORECASE)


def parse_match(text: str, n_left: int, n_right: int) -> dict[int, int]:
    """Read pairs '1a 2c 3b' / '1-a, 2-c' or letters in order 'acb'; return {left: right}, 0-based."""
    text = _nonempty(text).lower()
    last = chr(ord("a") + n_right - 1)
    pairs: dict[int, int] = {}
    if _PAIR.search(text):
        if _PAIR.sub("", text).strip(" ,;/") != "":
            raise AnswerError("answer.match_format")
        found = [(int(n) - 1, ord(letter) - ord("a")) for n, letter in _PAIR.findall(text)]
    else:
        letters = re.sub(r"[\s,;/\-]+", "", text)
        if not re.fullmatch(r"[a-z]+", letters):
            raise AnswerError("answer.match_format")
        found = [(i, ord(letter) - ord("a")) for i, letter in enumerate(letters)]
    for left, right in found:
        if not (0 <= left < n_left and 0 <= right < n_right):
            raise AnswerError("answer.match_range", n=n_left, last=last)
        if left in pairs:
            raise AnswerError("answer.match_duplicate", item=left + 1)
        pairs[left] = right
    return pairs
