"""Starting the sandbox runner as early as possible for `lstm-quiz check`.

The runner needs about 0.15 s to import numpy; the command line needs about as long to import click and
numpy itself. Started before click is even imported, the runner is ready when the checker is.
"""

from __future__ import annotations

import atexit

from checker.sandbox.client import Runner

_early: Runner | None = None


def start() -> None:
    global _early
    _early = Runner("fork").start()
    atexit.register(_discard)  # a usage error ends the command before it takes the runner


def _discard() -> None:
    global _early
    if _early is not None:
        _early.close()
        _early = None


def take(mode: str, allow: tuple[str, ...] = ()) -> Runner:
    """The runner started early (when it fits `mode` and needs no package beyond numpy), else a new one."""
    global _early
    runner, _early = _early, None
    if runner is not None and runner.mode == mode and not allow:
        return runner
    if runner is not None:
        runner.close()
    return Runner(mode, allow=allow).start()
