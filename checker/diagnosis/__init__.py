"""Diagnosis of a wrong submission from its outputs on known inputs, never from its code.

probe_cases(spec, seed) -> [TestCase]            designed inputs, run in the sandbox as hidden cases
Diagnoser(spec, cases, expected)                 what is the same for every submission (precomputed)
diagnose(spec, cases, outputs, expected, context=None) -> Diagnosis(findings=(Finding, ...))
Observed(...)                                    one case as the sandbox reported it
MESSAGES[key][lang], KINDS[key]                  the texts (en, ko, ja) and kinds of the finding keys
"""

from __future__ import annotations

from checker.diagnosis.core import Diagnoser, diagnose, probe_cases
from checker.diagnosis.messages import KINDS, MESSAGES, render
from checker.diagnosis.model import CAUSE, OBSERVATION, STRUCTURE, Diagnosis, Finding, Observed

__all__ = [
    "CAUSE",
    "KINDS",
    "MESSAGES",
    "OBSERVATION",
    "STRUCTURE",
    "Diagnoser",
    "Diagnosis",
    "Finding",
    "Observed",
    "diagnose",
    "probe_cases",
    "render",
]
