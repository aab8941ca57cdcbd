"""The command line's help exists in Korean and Japanese, and click's own words are msgids click uses.

Every help text of every command and option (as click holds it) is a key of `help_texts.HELP` with a
non-empty translation in each language; every key of `help_texts.CLICK` is a gettext msgid of the
installed click; a translation keeps the placeholders, option names and code of its English text.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import click
import pytest

from checker.cli import main
from checker.cli.help_texts import CLICK, ENGLISH_FIELDS, HELP

TRANSLATED = ("ko", "ja")


def _commands(command: click.Command, path: tuple[str, ...] = ("lstm-quiz",)):
    yield " ".join(path), command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name))


def _help_texts() -> dict[str, str]:
    """Every help text of the command tree, to one place it is used."""
    found: dict[str, str] = {}
    for where, command in _commands(main):
        for attr in ("help", "short_help"):
            text = getattr(command, attr)
            if text:
                found.setdefault(text, f"{where} ({attr})")
        for param in command.params:
            text = getattr(param, "help", None)
            if text:
                found.setdefault(text, f"{where} {'/'.join(param.opts)}")
    return found


HELP_TEXTS = _help_texts()


def _click_sources() -> dict[str, str]:
    root = Path(click.__file__).parent
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(root.glob("*.py"))}


def _click_msgids(sources: dict[str, str]) -> set[str]:
    """The string constants click passes to `_` and to `ngettext` (singular and plural)."""
    found = set()
    for source in sources.values():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                count = {"_": 1, "ngettext": 2}.get(node.func.id, 0)
                for arg in node.args[:count]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.add(arg.value)
    return found


CLICK_SOURCES = _click_sources()
CLICK_MSGIDS = _click_msgids(CLICK_SOURCES)


def _placeholders(text: str) -> set[str]:
    """`{name!r:spec}` fields (braces doubled to be literal are not fields) and `%(name)s` ones."""
    try:
        fields = {
            f"{{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}"
            for _, name, spec, conv in string.Formatter().parse(text)
            if name is not None
        }
    except ValueError:  # a lone brace: not a format string, compare its brace groups as written
        fields = set(re.findall(r"\{[^{}]*\}", text))
    return fields | set(re.findall(r"%\(\w+\)[sd]", text))


def _tokens(text: str) -> set[str]:
    """What must stay as it is in a translation: options, `code`, $VARIABLES and file names."""
    patterns = (r"(?<![\w-])--[a-z][a-z-]*", r"`[^`]+`", r"\$[A-Z_]+", r"[\w/]+\.(?:py|yaml|txt|zip|csv)\b")
    return {token for pattern in patterns for token in re.findall(pattern, text)}


def test_the_walk_finds_the_commands_and_their_options():
    names = {where for where, _ in _commands(main)}
    assert {"lstm-quiz", "lstm-quiz start", "lstm-quiz grade", "lstm-quiz bank lint"} <= names
    assert len(HELP_TEXTS) >= 20


@pytest.mark.parametrize("text", sorted(HELP_TEXTS), ids=[HELP_TEXTS[t] for t in sorted(HELP_TEXTS)])
def test_every_help_text_is_translated(text):
    entry = HELP.get(text)
    assert entry is not None, f"no translation of the help of {HELP_TEXTS[text]}: {text!r}"
    for lang in TRANSLATED:
        assert entry.get(lang, "").strip(), f"{HELP_TEXTS[text]}: empty {lang}"


def test_no_translation_of_a_help_text_that_is_gone():
    assert set(HELP) - set(HELP_TEXTS) == set()


# msgids that reach gettext through a variable: the msgid, the quoted string and the call in click's source
DYNAMIC_MSGIDS = {"required": ('"required"', '_(extra["required"])')}


@pytest.mark.parametrize("msgid", sorted(CLICK))
def test_every_click_msgid_is_in_the_installed_click(msgid):
    if msgid in DYNAMIC_MSGIDS:
        for fragment in DYNAMIC_MSGIDS[msgid]:
            assert any(fragment in source for source in CLICK_SOURCES.values()), fragment
    else:
        # a string literal passed to _() or ngettext(); quoted as one piece unless click splits it
        assert msgid in CLICK_MSGIDS, f"{msgid!r} is not a gettext msgid of click {click.__file__}"
        escaped = msgid.encode("unicode_escape").decode("ascii")  # "\n" as the source writes it
        sources = CLICK_SOURCES.values()
        whole = any(f'"{escaped}"' in src or f"'{escaped}'" in src for src in sources)
        # else written as implicitly joined pieces over lines: its opening, quoted
        assert whole or any(f'"{escaped[:30]}' in src for src in sources), msgid
    for lang in TRANSLATED:
        assert CLICK[msgid].get(lang, "").strip(), f"{msgid!r}: empty {lang}"


@pytest.mark.parametrize(
    "table, key", [("HELP", k) for k in sorted(HELP)] + [("CLICK", k) for k in sorted(CLICK)]
)
def test_translations_keep_placeholders_and_code(table, key):
    entry = (HELP if table == "HELP" else CLICK)[key]
    assert set(entry) == set(TRANSLATED)
    for lang in TRANSLATED:
        dropped = _placeholders(key) - _placeholders(entry[lang])
        assert _placeholders(entry[lang]) <= _placeholders(key) and dropped <= ENGLISH_FIELDS, lang
        missing = {token for token in _tokens(key) if token not in entry[lang]}
        assert not missing, f"{lang} lacks {missing}"


def test_a_command_help_keeps_its_no_rewrap_paragraph():
    for text, entry in HELP.items():
        for lang in TRANSLATED:
            assert entry[lang].count("\b") == text.count("\b"), (HELP_TEXTS.get(text), lang)


def test_grade_help_names_every_default_format():
    """The --format help says what a run writes without it (it once omitted html and feedback)."""
    from checker.batch.outputs import DEFAULT_FORMATS
    from checker.cli.grade import grade

    (option,) = [p for p in grade.params if p.name == "formats"]
    default = option.help.split("default:", 1)[1].split(";", 1)[0]
    assert all(name in default for name in DEFAULT_FORMATS), default
