"""Starting `lstm-quiz grade`'s workers as early as possible: before click and the command itself are
imported, so that the workers boot (Python, numpy, their sandbox runners) on the other cores while the
command reads its options and finds the class's files. The command takes them when its settings are
known; if it does not need them (a usage error, another number of workers, a run to resume), they are
told to stop, and at the latest they end with the command."""

from __future__ import annotations

import atexit
import os

_early = None  # the workers started early (an Early), until taken
_secret: list[str] = []  # $LSTM_QUIZ_SECRET, moved out of the environment before any process starts
SECRET_ENV = "LSTM_QUIZ_SECRET"


def take_secret() -> None:
    """Move $LSTM_QUIZ_SECRET out of this process's environment, before the workers (and the process
    multiprocessing keeps beside them) are started: no process inherits it then. `secret()` gives it."""
    value = os.environ.pop(SECRET_ENV, None)
    if value is not None:
        _secret[:] = [value]


def secret() -> str | None:
    """The secret take_secret moved, or the one in the environment now (taken out of it too)."""
    value = os.environ.pop(SECRET_ENV, None)
    return value if value is not None else (_secret[0] if _secret else None)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the system keeps one): the most graders."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start(argv: list[str]) -> None:
    """Start the workers for `lstm-quiz grade ARGS` (`argv`: what follows "grade"), if it will want
    them: a fresh run with as many workers as CPUs (the default)."""
    global _early
    jobs = usable_cpus()
    if _early is not None or jobs < 2 or not _wanted(argv, jobs):
        return
    from checker.batch import spawn  # the processes only: the grader loads in them, and here meanwhile

    context = spawn.context()
    _early = Early(context, [spawn.start(context, None, cpu) for cpu in spawn.cpus(jobs)])
    atexit.register(discard)


class Early:
    """Workers started before the grader was loaded (spawn.Started), and their multiprocessing context."""

    def __init__(self, context, workers: list) -> None:
        self.context, self.workers = context, workers


def _wanted(argv: list[str], jobs: int) -> bool:
    for k, arg in enumerate(argv):
        if arg in ("-h", "--help", "--resume", "--only") or arg.startswith("--only="):
            return False
        given = None
        if arg in ("-j", "--jobs"):
            given = argv[k + 1] if k + 1 < len(argv) else ""
        elif arg.startswith("--jobs="):
            given = arg.split("=", 1)[1]
        elif arg.startswith("-j") and len(arg) > 2 and not arg.startswith("--"):
            given = arg[2:]
        if given is not None and given != str(jobs):
            return False
    return True


def take(settings):
    """The early workers, given `settings`, if there are any and they fit; else None."""
    global _early
    started, _early = _early, None
    if started is None:
        return None
    from checker.batch.engine import Workers

    workers = Workers(None, started=started.workers, context=started.context)
    if workers.configure(settings):
        return workers
    workers.close()
    return None


def discard() -> None:
    """The early workers are not needed: they stop now."""
    global _early
    started, _early = _early, None
    if started is not None:
        from checker.batch import spawn

        spawn.stop(started.workers)
