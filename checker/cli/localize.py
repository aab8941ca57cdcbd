"""The command line's own words (help, usage errors) in the language of `--lang` or the locale.

Click writes its help from the `help` texts of the commands and options, and its usage errors through
`gettext`. For the length of one invocation in Korean or Japanese, the help texts of the command tree are
swapped for their translations (`help_texts.HELP`) and click's `gettext` names answer from
`help_texts.CLICK`; both are put back afterwards, so one process may run many invocations.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Iterator, Mapping, Sequence

import click

from checker.i18n import DEFAULT_LANG, LANGS, detect_lang

# the click modules that translate their messages with a module-level `_` / `ngettext`
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def argv_lang(args: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language asked for by `--lang X` / `--lang=X` anywhere on the line, else the locale's."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            return value
    return detect_lang(environ)


def translated_help(text: str | None, lang: str) -> str | None:
    """`text` (a help text as click holds it) in `lang`, or unchanged when there is no translation."""
    if not text or lang == DEFAULT_LANG:
        return text
    from checker.cli.help_texts import HELP

    entry = HELP.get(text) or HELP.get(inspect.cleandoc(text))
    return entry.get(lang, text) if entry else text


def _commands(command: click.Command) -> Iterator[click.Command]:
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _commands(sub)


@contextlib.contextmanager
def speaking(root: click.Command, lang: str) -> Iterator[None]:
    """Within the block, `root`'s help and click's own messages are in `lang`."""
    if lang == DEFAULT_LANG:
        yield
        return
    from checker.cli.help_texts import CLICK

    saved: list[tuple[object, str, object]] = []

    def swap(owner: object, name: str, value: object) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    for command in _commands(root):
        for name in ("help", "short_help"):
            swap(command, name, translated_help(getattr(command, name), lang))
        for param in command.params:
            if isinstance(param, click.Option):
                swap(param, "help", translated_help(param.help, lang))
        # click makes the --help option once per command, in the language of that moment, and keeps it
        swap(command, "_help_option", None)

    def gettext(msgid: str) -> str:
        return CLICK.get(msgid, {}).get(lang, msgid)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if hasattr(module, "_"):
            swap(module, "_", gettext)
        if hasattr(module, "ngettext"):
            swap(module, "ngettext", ngettext)
    try:
        yield
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)


class LocalizedGroup(click.Group):
    """A group whose help and usage errors follow `--lang` or the locale."""

    def main(self, args: Sequence[str] | None = None, *rest, **kwargs):  # type: ignore[override]
        given = list(sys.argv[1:] if args is None else args)
        with speaking(self, argv_lang(given)):
            return super().main(given, *rest, **kwargs)
