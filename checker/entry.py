"""The `lstm-quiz` command's entry point: Ctrl-C while the command line is still being loaded ends it
quietly (status 130, as a shell reports an interrupt), never with a traceback of the import."""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from checker.cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    main(prog_name="lstm-quiz")
