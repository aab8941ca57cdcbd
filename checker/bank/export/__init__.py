"""Writing a bank for other systems: Moodle XML, GIFT, Anki (.apkg) and QTI 1.2 for Canvas.

Each format is a module with `write(exports, lang) -> bytes`; what it had to leave out of a topic is
counted on that topic's `TopicExport`, for the command's summary.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from checker.bank.export.items import Omission, TopicExport, collect
from checker.bank.model import Bank

FORMATS = {"moodle-xml": "moodle_xml", "gift": "gift", "anki": "anki", "qti": "qti"}
DEFAULT_VARIANTS = 3


@dataclass(frozen=True)
class Export:
    """The bytes of one file and, per topic, what is in it and what was left out."""

    format: str
    data: bytes
    topics: tuple[TopicExport, ...]


def export_bank(
    bank: Bank, fmt: str, lang: str, variants: int = DEFAULT_VARIANTS, topics: Iterable[str] | None = None
) -> Export:
    """The chosen topics of `bank` (all when `topics` is empty) in format `fmt`, texts in `lang`."""
    exports = collect(bank, topics, variants, lang)
    writer = importlib.import_module(f"checker.bank.export.{FORMATS[fmt]}")
    return Export(fmt, writer.write(exports, lang), tuple(exports))


__all__ = ["DEFAULT_VARIANTS", "FORMATS", "Export", "Omission", "TopicExport", "export_bank"]
