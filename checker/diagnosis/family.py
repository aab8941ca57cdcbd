"""What an exercise contributes to the diagnosis: hypotheses (the grader's own wrong implementations,
each naming the findings it stands for) and conditions (sets of cases a mistake may be confined to)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from checker.specs.base import HIDDEN, TestCase


@dataclass(frozen=True)
class Hypothesis:
    name: str
    findings: tuple[tuple[str, Mapping[str, str]], ...]  # (key, fields), most specific first
    run: Callable[..., tuple] = field(compare=False)


@dataclass(frozen=True)
class Condition:
    key: str
    fields: Mapping[str, str] = field(hash=False)
    holds: Callable[[tuple], bool] = field(compare=False)


PROBE_NAME = {
    "en": "diagnostic probe",
    "ko": "진단용 입력",
    "ja": "診断用の入力",
}
PROBE_HINT = {
    "en": "An input designed to show which part of the computation differs.",
    "ko": "계산의 어느 부분이 다른지 보여 주도록 만든 입력입니다.",
    "ja": "計算のどの部分が違うかを示すために作った入力です。",
}


def case(case_id: str, args: list | tuple) -> TestCase:
    """A probe: hidden, worth no points (it localises; the spec's cases grade)."""
    return TestCase(
        id=case_id,
        name=PROBE_NAME,
        args=tuple(np.asarray(a) for a in args),
        visibility=HIDDEN,
        points=0.0,
        hint=PROBE_HINT,
    )
