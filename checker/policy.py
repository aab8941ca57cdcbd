"""How long a submission may run: one object for `check`, another for a batch, read by the grader and
by every message that quotes a limit."""

from __future__ import annotations

from dataclasses import dataclass

SECONDS_PER_ELEMENT = 1e-4  # of a case's inputs: generous even for a solution written with Python loops


@dataclass(frozen=True)
class RunPolicy:
    """budget: seconds for the whole file, even if every test hangs. case_timeout: seconds for one
    test at most (and for loading the file). least_case_timeout: if set, a test's limit grows with
    its size from this many seconds up to case_timeout (an endless loop is stopped sooner; a slow but
    correct solution keeps its margin). quick_timeout: seconds for each later test once one has hung.
    hangs_to_stop: tests hung in a row after which the rest are not run."""

    budget: float = 10.0
    case_timeout: float = 2.0
    least_case_timeout: float | None = None
    quick_timeout: float = 0.25
    hangs_to_stop: int = 3

    def case_limits(self, cases) -> dict[str, float]:
        """Each case's time limit by its size (empty: every case gets case_timeout)."""
        if self.least_case_timeout is None:
            return {}
        import numpy as np

        least, most = self.least_case_timeout, self.case_timeout
        return {c.id: min(most, least + SECONDS_PER_ELEMENT * sum(np.size(a) for a in c.args)) for c in cases}

    def with_budget(self, budget: float) -> RunPolicy:
        from dataclasses import replace

        return replace(self, budget=budget)


CHECK = RunPolicy()
# A batch: nobody waits at a terminal, and a class may hold many endless loops.
BATCH = RunPolicy(budget=10.0, case_timeout=1.0, least_case_timeout=0.25, quick_timeout=0.1, hangs_to_stop=2)
