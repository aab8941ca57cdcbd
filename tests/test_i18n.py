"""Every message exists in Korean and English, with the same fields; the locale picks the language."""

from __future__ import annotations

import string

import pytest

from checker.i18n import LANGS, MESSAGES, detect_lang, message


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_in_both_languages_with_the_same_fields(key):
    texts = MESSAGES[key]
    assert set(texts) == set(LANGS)
    fields = [{f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f} for lang in LANGS]
    assert all(f == fields[0] for f in fields)
    assert texts["en"] != texts["ko"] or key.startswith("bank.col")


@pytest.mark.parametrize(
    "env, lang",
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ko_KR"}, "ko"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LC_ALL": "ja_JP.eucJP", "LANG": "ko_KR.UTF-8"}, "ja"),
        ({"LANG": "jv_ID.UTF-8"}, "en"),  # Javanese is not Japanese: the whole prefix counts
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_from_the_locale(env, lang):
    assert detect_lang(env) == lang


def test_message_fills_fields():
    assert message("answer.choice_range", "ko", n=4) == "1부터 4까지의 번호를 골라 주세요."


def test_no_korean_sentence_fixes_the_particle_after_a_placeholder():
    """A file name or a number can end in a consonant or a vowel: after one, the particle is written
    both ways (이(가), 을(를), 은(는)), never as one that is wrong half the time (hw.py이)."""
    import re

    from checker.diagnosis.messages import MESSAGES as FINDINGS
    from checker.i18n import MESSAGES

    fixed = re.compile(
        r"(?<!\})\}(이|가|을|를|은|는|와|과)(?=[\s.,)]|의)"
    )  # a placeholder's end, not a brace
    texts = {**MESSAGES, **FINDINGS}
    wrong = {key: text["ko"] for key, text in texts.items() if "ko" in text and fixed.search(text["ko"])}
    assert not wrong
