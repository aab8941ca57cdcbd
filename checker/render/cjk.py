"""Line breaks inside Japanese (and Chinese) text on the terminal.

Rich breaks lines at spaces only, and Japanese has none: a long Japanese sentence would go to the next
line whole, leaving ragged, half-empty lines. Here every kana or kanji is a place to break, as Japanese
typesetting allows, except before closing punctuation (、。」) and after opening brackets (「（), the
simplest rules of kinsoku. Latin words and Korean (which puts spaces between words) break as before.
"""

from __future__ import annotations

import re

_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\u3000-\u303f"
_OPEN = "「『（【〔［｛〈《“‘"
_CLOSE = "、。，．・：；？！）」』】〕］｝〉》”’ー…‥々〜"
# a "word" (what Rich may not break) is one CJK character with the brackets that must stay with it,
# or a run of anything else that is not a space; with the spaces that follow it, as Rich's own
_WORD = re.compile(rf"\s*(?:[{_OPEN}]*[{_CHARS}][{_CLOSE}]*|[^\s{_CHARS}]+[{_CLOSE}]*)\s*")


def words(text: str):
    """Rich's `words`, with a break allowed between two CJK characters."""
    position = 0
    match = _WORD.match(text, position)
    while match is not None:
        start, end = match.span()
        yield start, end, match.group(0)
        match = _WORD.match(text, end)


def enable() -> None:
    """Let Rich break lines inside CJK text (its word splitter is swapped for ours; once)."""
    import rich._wrap

    if getattr(rich._wrap, "words", None) is not words and hasattr(rich._wrap, "divide_line"):
        rich._wrap.words = words
