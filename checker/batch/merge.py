"""Joining the shards of a class (`grade --shard K/N` runs) into the outputs one run would have written."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from checker.batch.outputs import LMS_FORMATS, SIMILARITY, Refusal, discovery_json, put, write_outputs


def _shown(path: object) -> str:
    from checker.inert import PATH_LIMIT, flat

    return flat(path, PATH_LIMIT)


def finished_run(folder: Path) -> dict:
    """A shard folder's discovery.json, with the record of its run; refused if the folder holds no
    journal, or no record of a finished run (interrupted, or from an older version)."""
    from checker.batch.journal import JOURNAL

    if not (folder / JOURNAL).is_file():
        raise Refusal("merge.no_journal", usage=True, folder=_shown(folder))
    try:
        info = json.loads((folder / "discovery.json").read_text(encoding="utf-8"))
        run = info["run"]
        k, n = (int(x) for x in run["shard"])
        if not (isinstance(run["seed_fingerprint"], str) and 1 <= k <= n):
            raise ValueError(run)
    except (OSError, ValueError, KeyError, TypeError):
        raise Refusal("merge.unfinished", usage=True, folder=_shown(folder)) from None
    return info


def check_shards(runs: list[tuple[Path, dict]]) -> None:
    """One secret, one N, every K from 1 to N exactly once."""
    from collections import Counter

    def listed(pairs) -> str:
        return ", ".join(f"{_shown(folder)}: {value}" for folder, value in pairs)

    prints = [(folder, info["run"]["seed_fingerprint"]) for folder, info in runs]
    if len({fp for _, fp in prints}) > 1:
        raise Refusal("merge.secrets_differ", usage=True, folders=listed(prints))
    splits = [(folder, tuple(int(x) for x in info["run"]["shard"])) for folder, info in runs]
    if len({n for _, (_, n) in splits}) > 1:
        raise Refusal(
            "merge.splits_differ", usage=True, shards=listed((f, f"{k}/{n}") for f, (k, n) in splits)
        )
    count = splits[0][1][1]
    twice = [k for k, times in Counter(k for _, (k, _) in splits).items() if times > 1]
    if twice:
        folders = ", ".join(_shown(f) for f, (k, _) in splits if k == twice[0])
        raise Refusal("merge.shard_twice", usage=True, shard=f"{twice[0]}/{count}", folders=folders)
    missing = sorted(set(range(1, count + 1)) - {k for _, (k, _) in splits})
    if missing:
        raise Refusal("merge.incomplete", usage=True, missing=", ".join(map(str, missing)), count=count)


def join(
    runs: list[tuple[Path, dict]], out: Path, formats, people: list, lang: str, registry=None, warn=None,
    assignment: str | None = None, excel: bool = False,
):  # fmt: skip
    """The shards' journals joined into OUT's, and the outputs written from it: (report, meta, written,
    the LmsContext the LMS files were written with).
    warn(text) is told of each damaged line a shard's journal holds. `people`: the roster's (as
    `grade --roster` reads it); `assignment` and `excel` as `grade` takes them."""
    from checker.batch.journal import JOURNAL, Journal
    from checker.batch.report import build
    from checker.batch.roster import LmsContext, default_title, roster_keys

    entries: dict = {}
    discovery: dict = {"students": {}, "unattributed": [], "duplicates": [], "attempts": [], "roster": [],
                       "lms": {}}  # fmt: skip
    journals = []
    for folder, info in runs:
        shard_journal = Journal(folder / JOURNAL)
        journals.append(shard_journal)
        found, warnings = shard_journal.read()
        for warning in warnings:
            if warn is not None:
                warn(warning)
        for summary in found:
            entries[(summary.student, summary.exercise)] = (shard_journal, summary)
        discovery["students"].update(info.get("students", {}))
        lms = info.get("lms", {})
        discovery["lms"].update(
            {str(k): v for k, v in lms.items() if v in LMS_FORMATS} if isinstance(lms, dict) else {}
        )
        for part in ("unattributed", "duplicates", "attempts", "roster"):
            items = [tuple(x) if isinstance(x, list) else x for x in info.get(part, [])]
            if part == "unattributed":  # (file, reason key), then the sentence for people: the key is kept
                items = [x[:2] if isinstance(x, tuple) else x for x in items]
            discovery[part] += [x for x in items if x not in discovery[part]]
    roster = roster_keys(people, discovery["students"], discovery["lms"])
    discovery["roster"] += [r for r in roster if r not in discovery["roster"]]
    journal = Journal(out / JOURNAL)
    if journal.path.exists():
        journal.path.unlink()  # --force was given (checked before): the joined journal replaces it
    merged = []
    for key in sorted(entries):
        source, summary = entries[key]
        line = source.line_at(summary.offset).decode("utf-8").rstrip("\n")
        merged.append(dataclasses.replace(summary, offset=journal.append(line)))
    for shard_journal in journals:
        shard_journal.close()
    journal.sync()
    report = build(merged, discovery["roster"], discovery["students"], discovery["unattributed"],
                   discovery["duplicates"], discovery["attempts"], registry)  # fmt: skip
    meta = _joined_meta([info["run"] for _, info in runs], [f for f, _ in runs], len(merged))
    try:
        put(out / "discovery.json", discovery_json(discovery, meta, None, lang))
        lms = LmsContext(people, discovery["lms"], assignment or default_title(registry, report.exercises))
        similar = _similarity(runs, lang, warn)
        written = write_outputs(out, journal, merged, report, formats, lang, meta, None, lms, excel, similar)
    finally:
        journal.close()
    return report, meta, written, lms


def _similarity(runs: list[tuple[Path, dict]], lang: str, warn=None):
    """The similar pairs, from the first shard that looked for them (each compared the whole class);
    None when none did. A file that is not one we wrote is said, and left out."""
    from checker.batch.similarity import from_json
    from checker.i18n import message

    for folder, _ in sorted(runs, key=lambda run: run[1]["run"]["shard"][0]):
        path = folder / SIMILARITY
        if path.is_file():
            try:
                return from_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                if warn is not None:
                    warn(f"{_shown(path)}: {message('merge.bad_similarity', lang)}")
                return None
    return None


def _joined_meta(runs: list[dict], folders: list[Path], count: int) -> dict:
    """The meta of the joined outputs: what one run of the whole class would have said."""
    inputs = {run.get("input") for run in runs}
    versions = {run.get("version") for run in runs}
    return {
        "input": inputs.pop() if len(inputs) == 1 else _shown(", ".join(map(str, folders))),
        "submissions": count,
        "reused": sum(int(run.get("reused", 0)) for run in runs),
        "version": versions.pop() if len(versions) == 1 else None,
        "seed_fingerprint": runs[0]["seed_fingerprint"],
        "shard": None,
    }
