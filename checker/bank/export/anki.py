"""Anki: an .apkg (genanki) with one deck per topic, a note per exported variant.

Ids come from hashes of fixed names, so importing a newer export updates the notes already in a
collection instead of adding copies: the model's id from its name, a deck's from its topic and
language, a note's guid from its question id, seed and language.
"""

from __future__ import annotations

import hashlib
import html
import io
import re

from checker.bank.export.items import Item, Omission, TopicExport, to_html
from checker.i18n import pick

MODEL_NAME = "lstm-quiz question"
_CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; } pre { font-size: 15px; }"
_TAG = re.compile(r"[^\w:.-]+")


def stable_id(name: str) -> int:
    """An Anki id (a positive int below 2**31, as genanki advises) that depends on `name` only."""
    digest = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def note_guid(item: Item, lang: str) -> str:
    import genanki

    return genanki.guid_for(item.question.id, item.variant.seed, lang)


def _model(lang: str):
    import genanki

    return genanki.Model(
        stable_id(f"lstm-quiz/model/{lang}"),
        f"{MODEL_NAME} ({lang})",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Id"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=_CSS,
        sort_field_index=2,
    )


def _list(items: list[str], style: str = "decimal") -> str:
    entries = "".join(f"<li>{html.escape(text, quote=False)}</li>" for text in items)
    return f'<ol style="list-style-type: {style}">{entries}</ol>'


def front(item: Item, lang: str) -> str:
    variant, q = item.variant, item.question
    parts = [to_html(variant.prompt(lang))]
    if q.type in ("choice", "multi"):
        parts.append(_list(variant.choice_labels(lang)))
    elif q.type == "match":
        parts.append(_list(variant.left_items(lang)))
        parts.append(_list(variant.right_items(lang), "lower-alpha"))
    return "".join(parts)


def back(item: Item, lang: str) -> str:
    variant = item.variant
    answer = html.escape(variant.answer_text(lang), quote=False)
    return f"<p><b>{answer}</b></p>{to_html(variant.explanation(lang))}"


def _tags(item: Item) -> list[str]:
    return [t for t in ("lstm-quiz", _TAG.sub("_", item.topic.id)) if t]


def write(exports: list[TopicExport], lang: str) -> bytes:
    """The .apkg of these topics' items."""
    import genanki

    model = _model(lang)
    decks = []
    for export in exports:
        title = pick(export.topic.title, lang)
        deck = genanki.Deck(stable_id(f"lstm-quiz/deck/{export.topic.id}/{lang}"), f"lstm-quiz::{title}")
        for item in export.items:
            fields = [front(item, lang), back(item, lang), html.escape(item.name)]
            deck.add_note(
                genanki.Note(model=model, fields=fields, guid=note_guid(item, lang), tags=_tags(item))
            )
            export.omit(Omission.FLASHCARD_FEEDBACK, len(item.question.feedback))
        decks.append(deck)
    buffer = io.BytesIO()
    genanki.Package(decks).write_to_file(buffer)
    return buffer.getvalue()
