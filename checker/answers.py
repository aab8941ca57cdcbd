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


def unify(text: str) -> str:
    """The one normalisation applied to typed answers and to bank texts alike (no length check).

    NFKC, with superscript exponents kept as exponents (tanh²x → tanh^2x, 10⁻¹ → 10^-1) and every
    Unicode minus or dash → '-'."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPTS), text)
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def normalize(text: str) -> str:
    """`unify`, stripped, for a typed answer: too long an answer (before or after NFKC) is an error."""
    _check_length(text)
    text = unify(text).strip()
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


# A Japanese keyboard types 、 and 。 where a comma and a point are meant (NFKC leaves both as they are).
_JAPANESE_MARKS = str.maketrans({"、": ",", "。": ".", "､": ",", "｡": "."})


def _numeric(text: str) -> str:
    """A number's or a shape's text, `_nonempty`, with Japanese punctuation read as the comma and point."""
    return _nonempty(text.translate(_JAPANESE_MARKS))


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
    text = _numeric(text)
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
    text = _numeric(text)
    return [_one_shape(piece, original) for piece in _split_shapes(text, original)]


def parse_named_shapes(text: str, names: list[str]) -> list[tuple[int, ...]]:
    """Read exactly len(names) shapes, in the order of `names`.

    A shape may carry its part name, as the app displays the answer ('output (1, 35, 20); h_n (1, 1, 20)')
    or as 'h_n = (1, 1, 20)' / 'h_n: (1, 1, 20)'. When every part is named exactly once, the names say
    which shape is which; otherwise the names are ignored and the shapes are read in order.
    """
    original = text.strip()
    text = _nonempty(text)
    canonical = {name.casefold(): name for name in names}
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    label = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)\s*[:=]?\s*", re.IGNORECASE) if names else None
    found = list(label.finditer(text)) if label else []
    named = [canonical.get(m.group().rstrip(":= \t").strip().casefold()) for m in found]
    if found and sorted(filter(None, named)) == sorted(names) and not text[: found[0].start()].strip():
        by_name = {}
        for at, (match, name) in enumerate(zip(found, named)):
            stop = found[at + 1].start() if at + 1 < len(found) else len(text)
            piece = text[match.end() : stop].strip().rstrip(";,|").strip()
            shapes = parse_shapes(piece) if piece else []
            if len(shapes) != 1:
                raise AnswerError("answer.not_a_shape", text=original)
            by_name[name] = shapes[0]
        return [by_name[name] for name in names]
    if label:
        text = label.sub(" ", text)
    shapes = parse_shapes(text)
    if len(shapes) != len(names):
        raise AnswerError("answer.part_count", expected=len(names), names=", ".join(names), given=len(shapes))
    return shapes


# -- text

_IGNORED_CATEGORIES = {"Zs", "Zl", "Zp", "Pd", "Pc", "Cc", "Cf"}


def fold_text(text: str) -> str:
    """The comparison key of a text answer: `unify`, case-folded, without spaces, hyphens, underscores."""
    text = unify(text[:MAX_ANSWER_LENGTH]).casefold()
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


def _names_alias(text: str, accepted: set[str]) -> bool:
    folded = fold_text(text)
    if folded in accepted:
        return True
    return folded.endswith("()") and folded[:-2] in accepted  # clip_grad_norm_() names clip_grad_norm_


# Words that name what kind of thing an answer is, in any question: "BPTT法", "central difference method".
_KIND_WORDS = ("method", "법", "방법", "기법", "法", "手法", "algorithm", "알고리즘", "アルゴリズム")
_SCRIPT_RUN = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff]+$|[\uac00-\ud7af]+$|[A-Za-z]+$")


def _head_words(aliases: Sequence[str]) -> set[str]:
    """The last word of each alias of several words (its head noun: "token" of "end-of-sequence
    token", "토큰" of "문장 끝 토큰", "トークン" of "終了トークン", where a run of one script ends a word
    written in another), folded, with the words that name a kind of answer."""
    words = set(_KIND_WORDS)
    for alias in aliases:
        unified = unify(alias).strip()
        parts = re.split(r"[\s\-_]+", unified)
        if len(parts) > 1:
            words.add(parts[-1])
        run = _SCRIPT_RUN.search(unified)
        if run and run.start() > 0:
            words.add(run.group())
    return {folded for w in words if len(folded := fold_text(w)) >= 2 or (folded and not folded.isascii())}


_KINDS = frozenset(fold_text(word) for word in _KIND_WORDS)
SHORT_ALIAS = 5  # characters, folded: an abbreviation or a symbol (EOS, <EOS>, BPTT, GRU, f_t)


def _alias_and_head(text: str, aliases: Sequence[str], accepted: set[str]) -> bool:
    """An accepted abbreviation followed by a head word the question's own aliases end with ("EOS
    token", "EOS 토큰", "EOSトークン" where "EOS" and "end-of-sequence token" are accepted), or any
    accepted alias followed by a word for a method ("central difference method", "BPTT法"). A longer
    alias with another alias's head word may name something else ("cell input gate")."""
    folded = fold_text(text)
    for head in _head_words(aliases):
        rest = folded[: -len(head)]
        if folded.endswith(head) and rest in accepted and (head in _KINDS or len(rest) <= SHORT_ALIAS):
            return True
    return False


def text_matches(text: str, aliases: Sequence[str]) -> bool:
    """Whether a typed text answer names one of `aliases` (both sides folded by `fold_text`).

    Also accepted: a function name with a trailing '()', an alias followed by the head word another
    alias ends with or by a word for a method ('EOS token' where 'EOS' and 'end-of-sequence token' are
    accepted, 'BPTT法'), and the glossed form the banks display, 'X(Y)' or 'X (Y)', when X and Y are
    *both* accepted aliases (망각 게이트(forget gate), forget gate (f_t), BPTT(backpropagation through
    time)). A gloss that is not an alias does not count: 'input gate (forget gate)' names a wrong
    answer as much as a right one.
    """
    accepted = {fold_text(a) for a in aliases} - {""}
    text = normalize(text)
    if _names_alias(text, accepted) or _alias_and_head(text, aliases, accepted):
        return True
    if not text.endswith(")"):
        return False
    opening = text.rfind("(")  # 'X (Y)': Y holds no parenthesis, X is everything before it
    head, gloss = text[:opening].strip(), text[opening + 1 : -1].strip()
    if opening < 0 or not head or not gloss or ")" in gloss:
        return False
    return _names_alias(head, accepted) and _names_alias(gloss, accepted)


# -- choices, pairs

_LIST_SEPARATORS = re.compile(r"[\s,;、/&]+|\band\b")
_SPACES = {"Zs", "Zl", "Zp", "Cc", "Cf"}
_ITEM = re.compile(r"^(?P<n>\d+)\s*[).:]\s*(?P<label>\S.*)$", re.DOTALL)  # "3) label", as displayed
_NUMBERED = re.compile(r"(?P<n>\d+)\s*\)\s*[^\s\d,;、/&().]")  # a number with a label after it
_ITEM_END = re.compile(r"[;\n]")
_ITEM_AFTER_COMMA = re.compile(r"[,、]\s*(\d+\s*\))")
MAX_ITEM_CUTS = 64  # where a list of displayed choices may be cut; more is not a list of choices


def choice_key(text: str) -> str:
    """The strict comparison key of a choice text: `unify`, case-folded, without spacing.

    Unlike `fold_text` it keeps hyphens, minus signs and underscores: in a formula they matter."""
    text = unify(text[:MAX_ANSWER_LENGTH]).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch) not in _SPACES).rstrip(".。")


_KEYS = (choice_key, fold_text)


def _lookups(labels: Sequence[Sequence[str]]) -> list[dict[str, int]]:
    """Per key function, key -> choice index; a key that two different choices share names neither."""
    lookups = []
    for key_of in _KEYS:
        found: dict[str, set[int]] = {}
        for index, names in enumerate(labels):
            for name in names:
                key = key_of(name)
                if key:
                    found.setdefault(key, set()).add(index)
        lookups.append({key: next(iter(indexes)) for key, indexes in found.items() if len(indexes) == 1})
    return lookups


def _named(text: str, lookups: list[dict[str, int]]) -> int | None:
    for key_of, lookup in zip(_KEYS, lookups):
        index = lookup.get(key_of(text))
        if index is not None:
            return index
    return None


def _is_label(text: str, names: Sequence[str]) -> bool:
    return any(key_of(text) and key_of(text) == key_of(name) for key_of in _KEYS for name in names)


def _item(text: str, labels: Sequence[Sequence[str]], lookups: list[dict[str, int]]) -> int | None:
    """One displayed item: 'N) label' where the label is choice N's own, or a choice's label alone."""
    text = text.strip().rstrip(";,、").strip()
    match = _ITEM.match(text)
    if match:
        index = int(match["n"]) - 1
        if 0 <= index < len(labels) and _is_label(match["label"], labels[index]):
            return index
    return _named(text, lookups) if text else None


def _displayed(text: str, labels: Sequence[Sequence[str]], lookups: list[dict[str, int]]) -> list[int] | None:
    """Read the list the app displays, '1) label; 2) label' (a label may itself hold ';' or ',')."""
    cuts = {0, len(text)} | {m.end() for m in _ITEM_END.finditer(text)}
    cuts |= {m.start(1) for m in _ITEM_AFTER_COMMA.finditer(text)}
    if len(cuts) > MAX_ITEM_CUTS:
        return None
    ordered = sorted(cuts)
    dead: set[int] = set()

    def walk(i: int) -> list[int] | None:
        if i == len(ordered) - 1:
            return []
        if i in dead:
            return None
        for j in range(len(ordered) - 1, i, -1):  # the longest item first
            index = _item(text[ordered[i] : ordered[j]], labels, lookups)
            if index is not None:
                rest = walk(j)
                if rest is not None:
                    return [index, *rest]
        dead.add(i)
        return None

    return walk(0)


def parse_choices(text: str, labels: Sequence[Sequence[str]]) -> list[int]:
    """Read choices; return 0-based indexes in order. `labels[i]`: every text of choice i (per language).

    A choice may be given by its number (1-based on screen), its text, or 'N) text' as the app displays
    it; several as numbers ('1, 3'), or as the displayed list '1) text; 3) text'. Texts compare after
    `unify` on both sides (NFKC, minus signs, superscripts), ignoring case and spacing. 'N) text' counts
    only when the text is choice N's own: '1) <the text of choice 2>' is invalid (not_a_choice), never
    read as choice 1 or 2.
    """
    original = text.strip()
    text = _nonempty(text)
    lookups = _lookups(labels)
    whole = _named(text, lookups)
    if whole is not None:
        return [whole]
    picked = _displayed(text, labels, lookups)
    if picked is not None:
        for position, index in enumerate(picked):
            if index in picked[:position]:
                raise AnswerError("answer.duplicate_choice", item=index + 1)
        return picked
    numbered = list(_NUMBERED.finditer(text))
    if numbered:  # the displayed form, but some text is not the label of its number
        if any(not 0 < int(m["n"]) <= len(labels) for m in numbered):
            raise AnswerError("answer.choice_range", n=len(labels))
        raise AnswerError("answer.not_a_choice", text=original)
    picked = []
    for token in (t for t in _LIST_SEPARATORS.split(text) if t):
        token = token.strip("().")
        if re.fullmatch(r"\d+", token):
            index = int(token) - 1
            if not 0 <= index < len(labels):
                raise AnswerError("answer.choice_range", n=len(labels))
        else:
            named = _named(token, lookups)
            if named is None:
                raise AnswerError("answer.not_a_choice", text=original)
            index = named
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
