"""The `lstm-quiz` command's entry point: Ctrl-C while the command line is still being loaded ends it
quietly (status 130, as a shell reports an interrupt), never with a traceback of the import."""

from __future__ import annotations

import os
import sys


def tolerant_streams() -> None:
    """Output in an encoding that cannot hold every character (a Japanese or Korean Windows console's
    code page when output is redirected, an SJIS or EUC locale, ASCII): a character it lacks (a dash,
    a check mark) is written as "?" instead of ending the command; typed bytes it cannot decode are
    read as "?" too (an answer then says it cannot be read)."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding and not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that cannot be changed: left as it is
                pass


_CLOSED = [False]  # the command has closed and written all it owns (see all_closed)


def all_closed() -> None:
    """Said by a command that has closed everything it owns (files written whole, journal closed,
    workers and sandboxes ended): the process may then end as soon as the command does, without the
    interpreter's teardown of what it imported, which `grade` would otherwise wait a noticeable while
    for. Only the console script acts on it (never a test calling a command in its own process)."""
    _CLOSED[0] = True


def end_now(code: object) -> None:
    """End this process at once with exit status `code` (as sys.exit reads it), what the standard
    streams hold written first."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # closed or gone: nothing to flush
            pass
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


def run() -> None:
    tolerant_streams()
    _CLOSED[0] = False
    try:
        from checker.cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    try:
        main(prog_name="lstm-quiz")
    except SystemExit as done:
        if _CLOSED[0]:
            end_now(done.code)
        raise
