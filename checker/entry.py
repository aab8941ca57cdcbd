"""The `lstm-quiz` command's entry point: Ctrl-C while the command line is still being loaded ends it
quietly (status 130, as a shell reports an interrupt), never with a traceback of the import."""

from __future__ import annotations

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


def run() -> None:
    tolerant_streams()
    try:
        from checker.cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    main(prog_name="lstm-quiz")
