"""Message catalogues of the instructors' tools, one module per subject, merged into checker.i18n."""

from __future__ import annotations

from checker.messages import autograder, export, lms, report, similarity, submission

MESSAGES: dict[str, dict[str, str]] = {}
for _module in (autograder, export, lms, report, similarity, submission):
    MESSAGES.update(_module.MESSAGES)
