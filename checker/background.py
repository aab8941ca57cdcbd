"""Work started in a thread of its own, whose result is taken later: what a command can do while it
waits on other processes (the batch's workers, the sandbox)."""

from __future__ import annotations

import threading
from collections.abc import Callable


def in_background(function: Callable, *args) -> Callable:
    """Start function(*args) in a thread of its own; the callable returned waits for it and gives its
    result, or raises what it raised."""
    box: dict = {}

    def work() -> None:
        try:
            box["result"] = function(*args)
        except BaseException as error:  # noqa: BLE001 - raised again where the result is taken
            box["error"] = error

    thread = threading.Thread(target=work, name="lstm-quiz-background", daemon=True)
    thread.start()

    def result():
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["result"]

    return result
