"""Remembering which bank files passed every variant check, so that loading stays fast.

`lint` evaluates every parameter value of every question; loading a bank for a study session runs the
same checks, but only once per file content: the digest of a file that checked clean is kept in memory
and in `bank-checks.json` in the data folder. A digest covers the file's bytes and the code that checks
it (the modules' sizes and times), so an edited bank or a new version of lstm-quiz is checked again.
A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from functools import lru_cache
from pathlib import Path

CACHE_NAME = "bank-checks.json"
MAX_ENTRIES = 256
MAX_CACHE_BYTES = 100_000
_CODE = (
    "checker.answers",
    "checker.expr",
    "checker.formulas",
    "checker.grading",
    "checker.variant",
    "checker.bank.loader",
    "checker.bank.model",
    "checker.bank.schema",
    "checker.bank.yamlsrc",
    "checker.bank.parsed",
)

_clean: set[str] = set()  # digests known clean in this process


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The size and time of every module the checks run, so that new code checks every bank again."""
    parts = []
    for name in _CODE:
        file = getattr(importlib.import_module(name), "__file__", None)
        if file:
            info = Path(file).stat()
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


def digest(data: bytes, settings: str) -> str:
    """The key of one bank file's content, checked by this code with these `settings`."""
    return hashlib.sha256(f"{_code_fingerprint()}|{settings}".encode() + b"\0" + data).hexdigest()


MANIFEST = "linted.sha256"  # in the shipped quizzes folder: `sha256sum *.yaml` of banks that lint clean


@lru_cache(maxsize=1)
def _shipped_manifest() -> dict[str, str]:
    from checker.resources import quizzes_dir

    try:
        text = (quizzes_dir() / MANIFEST).read_text(encoding="utf-8")
    except OSError:
        return {}
    entries = {}
    for line in text.splitlines():
        digest_hex, _, name = line.partition("  ")
        if len(digest_hex) == 64 and name:
            entries[name] = digest_hex
    return entries


def shipped_and_linted(path: Path, data: bytes) -> bool:
    """Whether `path` is a bank shipped with lstm-quiz, byte for byte as it passed lint before release
    (the test suite lints the shipped banks and holds the manifest to them)."""
    from checker.resources import quizzes_dir

    try:
        if path.resolve().parent != quizzes_dir().resolve():
            return False
    except OSError:
        return False
    return _shipped_manifest().get(path.name) == hashlib.sha256(data).hexdigest()


def _cache_path() -> Path | None:
    try:
        from checker.quiz.history import data_dir

        return data_dir() / CACHE_NAME
    except Exception:  # no data folder to be found: no cache on disk
        return None


def _read_disk() -> list[str]:
    path = _cache_path()
    try:
        if path is None or path.stat().st_size > MAX_CACHE_BYTES:
            return []
        entries = json.loads(path.read_text(encoding="utf-8")).get("clean", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [e for e in entries if isinstance(e, str)] if isinstance(entries, list) else []


def known_clean(keys: list[str]) -> set[str]:
    """Which of `keys` are known to have passed every check (read from disk when not in memory)."""
    if not set(keys) <= _clean:
        _clean.update(set(_read_disk()) & set(keys))
    return set(keys) & _clean


def remember_clean(keys: list[str]) -> None:
    """Keep `keys` as clean, in memory and (best effort) on disk."""
    new = [k for k in keys if k not in _clean]
    _clean.update(keys)
    if not new:
        return
    path = _cache_path()
    if path is None:
        return
    kept = [k for k in _read_disk() if k not in new] + new
    data = json.dumps({"clean": kept[-MAX_ENTRIES:]}).encode()
    try:
        from checker.files import write_new_file

        path.parent.mkdir(parents=True, exist_ok=True)
        write_new_file(path, data, overwrite=True, sync=False)
    except Exception:  # best effort: a read-only or full data folder only means checking again next time
        pass
