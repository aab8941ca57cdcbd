"""A CheckResult as JSON (the schema is documented in the README), and what the terminal report shares
with it (check_console.py prints it with Rich; the batch's workers render JSON only, without Rich)."""

from __future__ import annotations

import json

from checker.codecheck import CheckResult
from checker.i18n import pick
from checker.inert import MESSAGE_LIMIT, OUTPUT_LIMIT, TRACEBACK_LIMIT, clean, clean_tree, flat

# A whole-file error can hold the exception's message and its traceback.
ERROR_LIMIT = MESSAGE_LIMIT + TRACEBACK_LIMIT


def isolation_summary(isolation: dict) -> str:
    """'rlimits, landlock (ABI 7, files + network + signals), seccomp · fork'"""
    layers = []
    if isolation.get("rlimits"):
        layers.append("rlimits")
    abi = isolation.get("landlock", 0)
    if abi:
        scope = (
            ["files"]
            + (["network"] if isolation.get("landlock_net") else [])
            + (["signals"] if isolation.get("landlock_signals") else [])
        )
        layers.append(f"landlock (ABI {abi}: {' + '.join(scope)})")
    if isolation.get("seccomp"):
        layers.append("seccomp")
    if isolation.get("namespaces"):
        layers.append("bubblewrap namespaces (user, pid, network, ipc)")
    elif isolation.get("read_only_mounts"):
        layers.append("read-only mounts")
    if isolation.get("only_needed_files"):
        layers.append("a root of the files it needs only")
    elif isolation.get("kernel_files_hidden"):
        layers.append("no /proc or /sys")
    mode = isolation.get("mode", "")
    return (", ".join(layers) or "none") + (f" · {mode}" if mode else "")


def check_json(result: CheckResult, lang: str) -> dict:
    """The documented JSON of a check; whatever came from the submission (its name, what it raised or
    printed) cleaned and bounded, so the JSON is always valid UTF-8 and inert."""
    return {
        "exercise": result.exercise,
        "function": result.function,
        "file": flat(result.file),
        "status": result.status,
        "score": result.score,
        "max_score": result.max_score,
        "error": clean(pick(result.error, lang), ERROR_LIMIT) if result.error else None,
        "error_kind": result.error_kind,
        "grader_fault": result.grader_fault,
        "tests": [
            {
                "id": t.id,
                "name": pick(t.name, lang),
                "visibility": t.visibility,
                "status": t.status,
                "score": t.score,
                "max_score": t.max_score,
                "message": clean(pick(t.message, lang), MESSAGE_LIMIT) if t.message else None,
                "hint": pick(t.hint, lang) if t.hint else None,
                "misconception": t.misconception,
                **({"details": clean_tree(t.details, TRACEBACK_LIMIT)} if t.details else {}),
            }
            for t in result.tests
        ],
        "misconceptions": [
            {"tag": m.tag, "title": pick(m.title, lang), "explanation": pick(m.explanation, lang)}
            for m in result.misconceptions
        ],
        "findings": [{"key": f.key, "text": clean(pick(f, lang), MESSAGE_LIMIT)} for f in result.findings],
        "notes": [{"key": n.key, "text": clean(pick(n, lang), MESSAGE_LIMIT)} for n in result.notes],
        "stdout": clean(result.stdout, OUTPUT_LIMIT),
        "stdout_truncated": result.stdout_truncated,
        "isolation": result.isolation,
        "seconds": result.seconds,
    }


def dumps(result: CheckResult, lang: str) -> str:
    return json.dumps(check_json(result, lang), ensure_ascii=False, indent=2)


__all__ = ["check_json", "dumps", "isolation_summary"]
