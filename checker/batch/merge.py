"""Joining the shards of a class (`grade --shard K/N` runs) into the outputs one run would have written."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

from checker.batch.outputs import LMS_FORMATS, SIMILARITY, Refusal, discovery_json, put, write_outputs


def _shown(path: object) -> str:
    from checker.inert import PATH_LIMIT, flat

    return flat(path, PATH_LIMIT)


DISCOVERY = "discovery.json"


def finished_run(folder: Path) -> dict:
    """A shard folder's discovery.json, with the record of its run; refused if the folder holds no
    journal, no record of a finished run (interrupted, or from an older version), or a discovery.json
    that is not as grade writes it (damaged or edited)."""
    from checker.batch.journal import JOURNAL

    if not (folder / JOURNAL).is_file():
        raise Refusal("merge.no_journal", usage=True, folder=_shown(folder))
    try:
        text = (folder / DISCOVERY).read_bytes()
    except OSError:
        raise Refusal("merge.unfinished", usage=True, folder=_shown(folder)) from None
    try:
        info = json.loads(text.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested beyond what the parser goes
        raise Refusal("merge.bad_discovery", usage=True, folder=_shown(folder)) from None
    run = info.get("run") if isinstance(info, dict) else None
    if isinstance(run, dict) and not {"shard", "seed_fingerprint"} <= set(run):
        run = None  # a record from before shards
    if run is None:
        raise Refusal("merge.unfinished", usage=True, folder=_shown(folder))
    try:
        _check_discovery(info)
    except ValueError:
        raise Refusal("merge.bad_discovery", usage=True, folder=_shown(folder)) from None
    return info


def _check_discovery(info: dict) -> None:
    """ValueError unless every part of discovery.json that a merge reads is as outputs.discovery_json
    writes it (parts that older versions did not write may be absent)."""
    run = info["run"]
    _require(isinstance(run, dict))
    k, n = _pair(run["shard"])
    _require(isinstance(run["seed_fingerprint"], str) and 1 <= k <= n)
    _require(isinstance(run.get("input", ""), str) and isinstance(run.get("version", ""), (str, type(None))))
    _require(all(_count(run.get(name, 0)) for name in ("submissions", "reused")))
    _require(isinstance(run.get("class_fingerprint", ""), str))
    settings = run.get("settings", {})
    _require(isinstance(settings, dict) and _plain(settings.get("timeout"), (int, float)))
    _require(_plain(settings.get("exercise"), (int,)) and _strings(settings.get("allowed_imports", [])))
    students = info.get("students", {})
    _require(isinstance(students, dict) and all(isinstance(v, (str, type(None))) for v in students.values()))
    lms = info.get("lms", {})
    _require(isinstance(lms, dict) and all(isinstance(v, str) for v in lms.values()))
    _require(_rows(info.get("unattributed", []), (str, str), (str,)))  # (file, reason key[, sentence])
    _require(_rows(info.get("duplicates", []), (str, str)))
    _require(_rows(info.get("attempts", []), (str, int, str, str)))  # (student, exercise, graded, aside)
    roster = info.get("roster", [])
    _require(isinstance(roster, list) and all(isinstance(wanted, str) for wanted in roster))
    unread = info.get("unread", [])
    _require(isinstance(unread, list) and all(isinstance(student, str) for student in unread))


def _plain(value, kinds: tuple[type, ...]) -> bool:
    """None, or a value of one of `kinds` (never a bool; a number finite)."""
    if value is None:
        return True
    return type(value) in kinds and (not isinstance(value, float) or math.isfinite(value))


def _strings(value) -> bool:
    return isinstance(value, list) and len(value) <= 1000 and all(isinstance(v, str) for v in value)


def _require(condition: bool) -> None:
    if not condition:
        raise ValueError("not as grade writes discovery.json")


def _pair(value: object) -> tuple[int, int]:
    """K/N of a shard, as two whole numbers (never a float, a bool, an infinity)."""
    _require(isinstance(value, list) and len(value) == 2 and all(type(x) is int for x in value))
    return value[0], value[1]


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


def _rows(value: object, types: tuple, optional: tuple = ()) -> bool:
    """A list of lists, each with a value of each of `types`, then perhaps of `optional`'s."""
    if not isinstance(value, list):
        return False
    for row in value:
        if not (isinstance(row, list) and len(types) <= len(row) <= len(types) + len(optional)):
            return False
        if not all(type(item) is kind for item, kind in zip(row, types + optional)):
            return False
    return True


def check_shards(runs: list[tuple[Path, dict]]) -> None:
    """One secret, one N, every K from 1 to N exactly once."""
    from collections import Counter

    def listed(pairs) -> str:
        return ", ".join(f"{_shown(folder)}: {value}" for folder, value in pairs)

    prints = [(folder, info["run"]["seed_fingerprint"]) for folder, info in runs]
    if len({fp for _, fp in prints}) > 1:
        raise Refusal("merge.secrets_differ", usage=True, folders=listed(prints))
    versions = [(folder, info["run"].get("version")) for folder, info in runs]
    if len({v for _, v in versions}) > 1:
        raise Refusal("merge.settings_differ", usage=True, what=listed(versions))
    for name in ("timeout", "exercise", "allowed_imports"):
        values = [(folder, info["run"].get("settings", {}).get(name)) for folder, info in runs]
        if len({json.dumps(v) for _, v in values}) > 1:
            shown = listed(
                (f, "-" if v is None else ", ".join(v) if isinstance(v, list) else v) for f, v in values
            )
            raise Refusal("merge.settings_differ", usage=True, what=f"{name}: {shown}")
    classes = [(folder, info["run"].get("class_fingerprint")) for folder, info in runs]
    if len({c for _, c in classes}) > 1:
        raise Refusal("merge.classes_differ", usage=True, folders=", ".join(_shown(f) for f, _ in classes))
    splits = [(folder, tuple(info["run"]["shard"])) for folder, info in runs]
    if len({n for _, (_, n) in splits}) > 1:
        raise Refusal(
            "merge.splits_differ", usage=True, shards=listed((f, f"{k}/{n}") for f, (k, n) in splits)
        )
    count = splits[0][1][1]
    twice = [k for k, times in Counter(k for _, (k, _) in splits).items() if times > 1]
    if twice:
        folders = ", ".join(_shown(f) for f, (k, _) in splits if k == twice[0])
        raise Refusal("merge.shard_twice", usage=True, shard=f"{twice[0]}/{count}", folders=folders)
    given = {k for _, (k, _) in splits}
    if len(given) < count:  # every K is from 1 to N and none twice: N shards given are all of them
        raise Refusal("merge.incomplete", usage=True, missing=_missing(given, count), count=count)


SHOWN_MISSING = 10


def _missing(given: set[int], count: int) -> str:
    """The first shards from 1 to `count` that are not `given`, and … when more are missing. N is what
    a user typed in --shard K/N, so the numbers up to it are never all listed, nor all counted."""
    missing: list[int] = []
    k = 0
    while len(missing) < SHOWN_MISSING and k < count:  # at most len(given) + SHOWN_MISSING turns
        k += 1
        if k not in given:
            missing.append(k)
    more = count - len(given) > len(missing)
    return ", ".join(map(str, missing)) + (", …" if more else "")


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
                       "lms": {}, "unread": []}  # fmt: skip
    journals = []
    for folder, info in runs:
        shard_journal = Journal(folder / JOURNAL)
        journals.append(shard_journal)
        found, damaged = shard_journal.read()
        if damaged:
            # a damaged line's file cannot be told (another file's line could stand in for it in a
            # count), so no score, nor a zero, is joined from a shard that holds one
            raise Refusal("merge.damaged_journal", usage=True, folder=_shown(folder), count=len(damaged),
                          first=f"{_shown(shard_journal.path)}:{damaged[0]}")  # fmt: skip
        for summary in found:
            entries[(summary.student, summary.exercise)] = (shard_journal, summary)
        discovery["students"].update(info.get("students", {}))
        lms = info.get("lms", {})
        discovery["lms"].update(
            {str(k): v for k, v in lms.items() if v in LMS_FORMATS} if isinstance(lms, dict) else {}
        )
        for part in ("unattributed", "duplicates", "attempts", "roster", "unread"):
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
                   discovery["duplicates"], discovery["attempts"], registry, discovery["unread"])  # fmt: skip
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
    } | {k: runs[0][k] for k in ("settings", "class_fingerprint") if k in runs[0]}
