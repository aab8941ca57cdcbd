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


def test_a_module_being_imported_is_never_handed_out_half_made(tmp_path):
    """A batch worker's lane and its spare may ask for an exercise's diagnosis at once: the second waits for the
    first import to finish instead of taking the module from sys.modules while its body still runs."""
    import builtins
    import threading

    folder = tmp_path / "slow"
    folder.mkdir()
    (folder / "exercise.yaml").write_text(
        "number: 901\nfunction: slow\ntitle:\n  en: Slow\n  ko: Slow\n  ja: Slow\n"
    )
    (folder / "template.py").write_text("def slow(x):\n    raise NotImplementedError\n")
    (folder / "spec.py").write_text(
        "import builtins\n"
        "builtins._lq_inside.set()\n"
        "builtins._lq_gate.wait(30)\n"
        "ARG_NAMES = ('x',)\nOUTPUT_NAMES = ('y',)\n"
        "def reference(x):\n    return x\n"
        "def public_cases():\n    return []\n"
        "def hidden_cases(seed):\n    return []\n"
    )
    builtins._lq_inside, builtins._lq_gate = threading.Event(), threading.Event()
    registry = Registry([folder])
    got: dict = {}

    def load(name: str) -> None:
        got[name] = registry.spec(901) if name == "first" else Registry([folder]).spec(901)

    first = threading.Thread(target=load, args=("first",))
    first.start()
    assert builtins._lq_inside.wait(30)  # the first import is inside the module's body
    second = threading.Thread(target=load, args=("second",))
    second.start()
    second.join(0.3)
    assert second.is_alive() and "second" not in got  # it waits: no half-made module
    builtins._lq_gate.set()
    first.join(30)
    second.join(30)
    assert got["first"].reference is not None and got["second"].arg_names == ("x",)
    del builtins._lq_inside, builtins._lq_gate
