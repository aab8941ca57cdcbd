"""The registry reads exercise.yaml in its plain shape without the YAML parser: whenever it answers,
the answer is the YAML parser's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.specs.registry import Registry, _plain_meta

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", sorted(ROOT.glob("exercises/*/exercise.yaml")), ids=lambda p: p.parent.name)
def test_the_shipped_metadata_is_read_as_yaml_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert _plain_meta(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    [
        "number: 1\nflag: yes\n",  # a boolean to YAML
        "number: 1.5\n",
        "title: a: b\n",
        "title: x # comment\n",
        "title: 'quoted'\n",
        "names: [a, 'b']\n",
        "title:\n    en: too deep\n",
        "number: 1\nnumber: 2\n",
        "title:\n  en: A\n  en: B\n",
        "title: &anchor x\n",
        "empty: ~\n",
        "title:\n",
        "title:\nnumber: 1\n",
    ],
)
def test_anything_beyond_the_plain_shape_is_left_to_the_yaml_parser(text):
    assert _plain_meta(text) is None


LINE = st.one_of(
    st.text(alphabet="ab1:[], #'-\n  ", max_size=40),
    st.sampled_from(["a:", "b:", "  a: 1", "  b: x", "a: [a, 1]", "a: 1", "b: yes", "a:  x", "  a:"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINE, max_size=6))
def test_when_the_plain_reader_answers_it_agrees_with_yaml(lines):
    text = "\n".join(lines)
    fast = _plain_meta(text)
    if fast is None:
        return
    try:
        slow = yaml.safe_load(text)
    except yaml.YAMLError:
        pytest.fail(f"the plain reader accepted what YAML refuses: {text!r} -> {fast!r}")
    assert fast == (slow or {}), text


def test_every_shipped_exercise_has_its_texts_in_three_languages():
    for info in Registry().infos().values():
        assert set(info.title) >= {"en", "ko", "ja"}, info.folder
