"""Starting the batch's worker processes, with nothing of the grader imported: `lstm-quiz grade` starts
them before it loads its command line (see early.py), and each worker imports the grader itself. The
processes only; engine.Workers feeds them."""

from __future__ import annotations

import contextlib
import os
import sys

BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


class Started:
    """A worker process that has been started, its end of the pipe, and the CPU it keeps to. (Not a
    dataclass: importing dataclasses, and inspect with it, would hold the workers' start back.)"""

    __slots__ = ("process", "conn", "cpu")

    def __init__(self, process, conn, cpu: int | None) -> None:
        self.process, self.conn, self.cpu = process, conn, cpu


def context():
    """Workers are spawned, never forked: a fork of a process whose BLAS threads run can deadlock."""
    import multiprocessing

    return multiprocessing.get_context("spawn")


def start(context, settings, cpu: int | None) -> Started:
    """One worker process, booting; `settings` None: it waits for them (engine.Workers.configure)."""
    # A worker's matrix products are tiny (a class's expected values): BLAS threads would only spin
    # beside the lanes, on the cores the sandboxes need. Spawned workers inherit this.
    for name in BLAS_VARIABLES:
        os.environ.setdefault(name, "1")
    ours, theirs = context.Pipe()
    process = context.Process(target=worker_main, args=(theirs, settings, cpu), daemon=True)
    with main_file_hidden(), interrupts_held():
        process.start()
    theirs.close()
    return Started(process, ours, cpu)


def worker_main(conn, settings, cpu: int | None) -> None:
    """A worker process's entry point: the grader is imported here, in the worker."""
    from checker.batch.engine import _worker_main

    _worker_main(conn, settings, cpu)


def stop(started: list[Started]) -> None:
    """Tell workers that were never given a task to end, and wait for them (a few seconds at most)."""
    for worker in started:
        with contextlib.suppress(OSError):
            worker.conn.send(None)
    for worker in started:
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()


def cpus(jobs: int) -> list[int | None]:
    """The CPU each of `jobs` workers keeps to. With a worker for every CPU this process may use (the
    default), worker i keeps to the i-th: its lanes, their runners and every submission's child then
    share one CPU, and the many small hand-overs between them (a case asked for, a case given, a frame
    written) wake a process on the same CPU rather than interrupting another, which costs much more on
    virtual machines. Otherwise (fewer workers than CPUs, or more) None each: the system places them."""
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return [None] * jobs
    if len(allowed) < 2 or jobs != len(allowed):
        return [None] * jobs
    return list(allowed)


@contextlib.contextmanager
def main_file_hidden():
    """A spawned process runs the parent's main script again before its task (as __mp_main__), unless
    it has no file: for `lstm-quiz`, the whole command line (click and every command) imported in each
    worker, for nothing (a worker's task lives in the grader's modules)."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None or "__file__" not in vars(main):
        yield  # run as `python -m ...`: spawn leaves such a main module alone
        return
    hidden = main.__dict__.pop("__file__")
    try:
        yield
    finally:
        main.__file__ = hidden


@contextlib.contextmanager
def interrupts_held():
    """A worker started ignoring Ctrl-C (the terminal sends it to every process of the command; it is
    the batch's to handle, never a traceback of a worker that is importing), and a Ctrl-C meanwhile
    held back for the batch, not lost: blocked while it is ignored here, then delivered."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited through exec, unlike the mask
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
