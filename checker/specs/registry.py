"""Finding the exercises. Each is one folder:

    <name>/exercise.yaml   number, function, titles, the learner's file name, names that point to it
    <name>/spec.py         ARG_NAMES, OUTPUT_NAMES, reference, public_cases(), hidden_cases(seed),
                           and optionally MISCONCEPTIONS and TOLERANCES (see base.ExerciseSpec);
                           LIST_ARGS (one argument that is a list of the case's remaining arrays) and
                           IN_PLACE (arguments the function modifies: writable copies whose arrays
                           after the call are graded; OUTPUT_NAMES must then equal IN_PLACE, and the
                           reference returns those arrays as a tuple, computed on copies)
    <name>/template.py     the file `lstm-quiz exercise get` hands out
    <name>/diagnosis.py    optional: designed probes and the hypotheses they tell apart (see
                           checker/diagnosis), for a diagnosis beyond the catalogue

The shipped ones are in the top-level exercises/ folder; an instructor adds folders of their own with
--exercises DIR. exercise.yaml is read without importing numpy (for detection, `exercise list` and
the batch's file names); spec.py is imported only in the grader, never in the sandbox.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.specs.base import ExerciseSpec

META_FILE, SPEC_FILE, TEMPLATE_FILE, DIAGNOSIS_FILE = (
    "exercise.yaml",
    "spec.py",
    "template.py",
    "diagnosis.py",
)
MAX_META_BYTES = 64 * 1024
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,79}")
_FILE_WORD = re.compile(r"[a-z0-9_]{1,40}")


class ExerciseProblem(ValueError):
    """An exercise folder that cannot be used: `path: what is wrong`."""


class ExerciseUnknown(ValueError):
    """The exercise of a file cannot be told (the message says how to choose)."""


@dataclass(frozen=True)
class ExerciseInfo:
    """What is known of an exercise without importing it."""

    number: int
    name: str
    function: str
    title: Mapping[str, str]
    student_file: str
    file_names: tuple[str, ...]
    folder: Path
    shipped: bool


def _meta(folder: Path, shipped: bool) -> ExerciseInfo:
    path = folder / META_FILE

    def problem(text: str) -> ExerciseProblem:
        return ExerciseProblem(f"{path}: {text}")

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise problem(f"cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_META_BYTES:
        raise problem(f"larger than {MAX_META_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise problem("is not UTF-8 text") from None
    data = _plain_meta(text)
    if data is None:  # anything beyond the plain shape: the YAML parser decides
        import yaml

        try:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as error:
            raise problem(f"is not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise problem("must be a mapping (number:, function:, title:, ...)")
    number = data.get("number")
    if type(number) is not int or not 1 <= number <= 999:
        raise problem("number: must be a whole number from 1 to 999")
    function = data.get("function")
    if not isinstance(function, str) or not _IDENTIFIER.fullmatch(function):
        raise problem("function: must be a Python function name")
    title = data.get("title")
    if (
        not isinstance(title, dict)
        or not title.get("en")
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in title.items())
    ):
        raise problem("title: must map languages (en, ko, ja) to text, with en at least")
    student_file = data.get("student_file", f"exercise{number}.py")
    if not isinstance(student_file, str) or not re.fullmatch(r"[A-Za-z0-9_]{1,60}\.py", student_file):
        raise problem("student_file: must be a plain file name ending in .py")
    words = data.get("file_names", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and _FILE_WORD.fullmatch(w) for w in words):
        raise problem("file_names: must be a list of lower-case words (letters, digits, _)")
    name = folder.name
    if not _NAME.fullmatch(name):
        raise problem(
            "the folder's name must be lower-case letters, digits and _ (it is the exercise's name)"
        )
    stem = student_file[:-3].lower()
    return ExerciseInfo(
        number=number,
        name=name,
        function=function,
        title=dict(title),
        student_file=student_file,
        file_names=tuple(dict.fromkeys([stem, *words])),
        folder=folder,
        shipped=shipped,
    )


_PLAIN_KEY = re.compile(r"([a-z_]+):(?: (.*))?")
_SPECIAL = tuple("[]{}&*!|>'\"%@`#,")


def _plain_scalar(text: str):
    """A YAML plain scalar that can only mean one thing (a whole number or text), else None."""
    if not text or text.startswith(_SPECIAL) or ": " in text or " #" in text or text != text.strip():
        return None
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    if text.lower() in ("true", "false", "yes", "no", "on", "off", "null", "~") or re.fullmatch(
        r"[-+.0-9eE]+", text
    ):
        return None
    return text


def _plain_meta(text: str) -> dict | None:
    """exercise.yaml in its usual plain shape (comments, `key: value`, `key: [a, b]`, one level of
    `  key: value` under a `key:`), read without importing the YAML parser (it is most of `check`'s
    start-up). None for anything else, which the YAML parser then reads."""
    data: dict = {}
    under: dict | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        nested = line.startswith("  ")
        match = _PLAIN_KEY.fullmatch(line[2:] if nested else line)
        if match is None or (nested and under is None) or (nested and line[2:3] == " "):
            return None
        key, value = match.group(1), match.group(2)
        target = under if nested else data
        if key in target:
            return None
        if value is None:
            if nested:
                return None
            under = target[key] = {}
            continue
        if not nested:
            under = None
        if value.startswith("[") and value.endswith("]") and not nested:
            items = [_plain_scalar(v.strip()) for v in value[1:-1].split(",")] if value[1:-1].strip() else []
            if any(item is None for item in items):
                return None
            target[key] = items
            continue
        scalar = _plain_scalar(value)
        if scalar is None:
            return None
        target[key] = scalar
    if any(value == {} for value in data.values()):  # `key:` with nothing under it is YAML's null
        return None
    return data


_IMPORTING = threading.RLock()


def _import_spec(info: ExerciseInfo, file: str = SPEC_FILE):
    """spec.py (or another module) of `info`, imported under a name of its own (two registries never
    share a module)."""
    import hashlib

    path = info.folder / file
    try:  # named by its content too: an edited spec.py is a new module, never the one imported before
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError as error:
        raise ExerciseProblem(f"{path}: cannot be read ({error.strerror or error})") from None
    module_name = f"_lstm_quiz_exercise_{info.name}_{path.stem}_{abs(hash(str(path))):x}_{digest}"
    # One import at a time: a module is in sys.modules while it still runs, and a second thread (a
    # batch worker's spare lane, beside its lane) must not take it half made.
    with _IMPORTING:
        return _import_once(module_name, path)


def _import_once(module_name: str, path: Path):
    if module_name in sys.modules:
        return sys.modules[module_name]
    loader_spec = importlib.util.spec_from_file_location(module_name, path)
    if loader_spec is None or loader_spec.loader is None:
        raise ExerciseProblem(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[module_name] = module
    try:
        loader_spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[module_name]
        raise ExerciseProblem(f"{path}: {type(error).__name__}: {error}") from None
    return module


class _LazyModule:
    """A module of an exercise's folder, imported the first time it is needed (the diagnosis is only
    for a file that fails)."""

    def __init__(self, info: ExerciseInfo, file: str) -> None:
        self.info, self.file, self._module = info, file, None

    def load(self):
        if self._module is None:
            self._module = _import_spec(self.info, self.file)
        return self._module


def _build(info: ExerciseInfo, module) -> ExerciseSpec:
    missing = [n for n in ("ARG_NAMES", "OUTPUT_NAMES", "reference", "public_cases", "hidden_cases")
               if not hasattr(module, n)]  # fmt: skip
    if missing:
        raise ExerciseProblem(f"{info.folder / SPEC_FILE}: defines no {', '.join(missing)}")
    tolerances = dict(getattr(module, "TOLERANCES", {}) or {})
    unknown = set(tolerances) - {"rtol", "atol", "rtol32", "atol32"}
    if unknown:
        raise ExerciseProblem(f"{info.folder / SPEC_FILE}: TOLERANCES has unknown keys {sorted(unknown)}")
    list_args, in_place = _calling(info, module)
    forms = getattr(module, "float32_forms", None)
    if forms is not None and not callable(forms):
        raise ExerciseProblem(
            f"{info.folder / SPEC_FILE}: float32_forms must be a function of a case's arrays"
        )
    return ExerciseSpec(
        number=info.number,
        function=info.function,
        title=info.title,
        arg_names=tuple(module.ARG_NAMES),
        output_names=tuple(module.OUTPUT_NAMES),
        template=info.student_file,
        reference=module.reference,
        public_cases=module.public_cases,
        hidden_cases=module.hidden_cases,
        misconceptions=tuple(getattr(module, "MISCONCEPTIONS", ())),
        file_names=info.file_names,
        name=info.name,
        diagnosis=_LazyModule(info, DIAGNOSIS_FILE) if (info.folder / DIAGNOSIS_FILE).is_file() else None,
        list_args=list_args,
        in_place=in_place,
        float32_forms=forms,
        **{k: float(v) for k, v in tolerances.items()},
    )


def _calling(info: ExerciseInfo, module) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """LIST_ARGS and IN_PLACE of spec.py, checked: names of ARG_NAMES (see base.ExerciseSpec)."""
    names = tuple(module.ARG_NAMES)
    found = []
    for key in ("LIST_ARGS", "IN_PLACE"):
        value = getattr(module, key, ())
        value = (value,) if isinstance(value, str) else tuple(value or ())
        if not all(isinstance(v, str) and v in names for v in value) or len(set(value)) != len(value):
            raise ExerciseProblem(
                f"{info.folder / SPEC_FILE}: {key} must name arguments of ARG_NAMES, once each"
            )
        found.append(value)
    list_args, in_place = found
    if len(list_args) > 1:
        raise ExerciseProblem(f"{info.folder / SPEC_FILE}: LIST_ARGS may name one argument only")
    if in_place and tuple(module.OUTPUT_NAMES) != in_place:
        raise ExerciseProblem(
            f"{info.folder / SPEC_FILE}: OUTPUT_NAMES must equal IN_PLACE (they are its arrays)"
        )
    return list_args, in_place


class Registry:
    """The exercises of the shipped folder and of `extra` folders (each a folder of exercise folders,
    or one exercise folder). Built once by whoever needs it (a command, a worker) and passed on."""

    def __init__(self, extra: Iterable[Path] = (), shipped: Path | None = None) -> None:
        from checker.resources import exercises_dir

        self.shipped = Path(shipped) if shipped is not None else exercises_dir()
        self.extra = tuple(Path(p) for p in extra)
        self._infos: dict[int, ExerciseInfo] | None = None
        self._specs: dict[int, ExerciseSpec] = {}
        self._named: dict[str, list[int]] = {}  # named_by, by file name (a class repeats a few names)

    # -- what is there ---------------------------------------------------------------------------------

    def infos(self) -> dict[int, ExerciseInfo]:
        """Every exercise by number, in order. Raises ExerciseProblem for a folder that cannot be used."""
        if self._infos is None:
            found: dict[int, ExerciseInfo] = {}
            names: dict[str, ExerciseInfo] = {}
            for root, shipped in [(self.shipped, True), *((p, False) for p in self.extra)]:
                for folder in _exercise_folders(root, shipped):
                    info = _meta(folder, shipped)
                    for taken, key in ((found.get(info.number), "number"), (names.get(info.name), "name")):
                        if taken is not None:
                            value = info.number if key == "number" else info.name
                            raise ExerciseProblem(
                                f"{folder / META_FILE}: {key} {value} is already used by {taken.folder}"
                            )
                    found[info.number] = names[info.name] = info
            self._infos = dict(sorted(found.items()))
        return self._infos

    def info(self, number: int) -> ExerciseInfo:
        return self.infos()[number]

    def numbers(self) -> list[int]:
        return list(self.infos())

    def functions(self) -> dict[int, str]:
        return {n: i.function for n, i in self.infos().items()}

    def resolve(self, text: str | int) -> int:
        """An exercise given by number, name, function or file name ("3", "gru_step", "exercise3")."""
        infos = self.infos()
        value = str(text).strip().lower()
        if value.isdigit() and int(value) in infos:
            return int(value)
        for number, info in infos.items():
            if value in (info.name, info.function.lower(), *info.file_names):
                return number
        raise KeyError(str(text))

    def described(self) -> str:
        """'1 (gradient_clipping), 2 (lstm_step), …' for messages."""
        return ", ".join(f"{n} ({i.function})" for n, i in self.infos().items())

    # -- loading --------------------------------------------------------------------------------------

    def spec(self, number: int) -> ExerciseSpec:
        if number not in self._specs:
            info = self.info(number)
            self._specs[number] = _build(info, _import_spec(info))
        return self._specs[number]

    def specs(self) -> dict[int, ExerciseSpec]:
        return {n: self.spec(n) for n in self.infos()}

    def template(self, number: int) -> bytes:
        return (self.info(number).folder / TEMPLATE_FILE).read_bytes()

    # -- which exercise is a file ------------------------------------------------------------------------

    def detect(self, source: bytes, filename: str, explicit: int | None = None) -> int:
        """--exercise if given; else the functions the file defines (read with ast, never run); else
        its name."""
        functions = self.functions()
        if explicit is not None:
            if explicit not in functions:
                raise ExerciseUnknown(f"unknown exercise {explicit}")
            return explicit
        named = [n for n, function in functions.items() if function.encode() in source]
        if not source.isascii():  # identifiers are NFKC-normalised: a name may be spelt in other characters
            named = list(functions)
        by_name = self.named_by(filename)
        if len(named) == 1 and by_name == named:  # parsing could only confirm what the name says
            return named[0]
        if named:  # no name of ours anywhere: no need to parse
            # Parsed as text: the tokenizer never obeys the file's coding declaration here (a
            # `punycode` one decodes in quadratic time; the file's decoding was decided before).
            text = source.decode("utf-8", errors="replace") if isinstance(source, bytes) else source
            try:
                if len(text) > PARSE_LIMIT:
                    raise ValueError("longer than any exercise")
                found = _defining(ast.parse(text, filename), named, functions)
            except (SyntaxError, ValueError, RecursionError, MemoryError):  # not parsed: its def lines say
                found = _defining_lines(text, named, functions)
            if len(found) == 1:
                return found[0]
        if len(by_name) == 1:
            return by_name[0]
        raise ExerciseUnknown("cannot tell the exercise")

    def named_by(self, filename: str) -> list[int]:
        """The exercises a file's name points to (its stem ends with one of their file names; the
        longest match wins, so 'exercise12' is not 'exercise1')."""
        if filename not in self._named:
            self._named[filename] = self._named_by(filename)
        return list(self._named[filename])

    def _named_by(self, filename: str) -> list[int]:
        stem = re.sub(r"[^a-z0-9_]", "", Path(filename).stem.lower())
        best: list[int] = []
        longest = 0
        for number, info in self.infos().items():
            size = max((len(w) for w in info.file_names if stem.endswith(w)), default=0)
            if size > longest:
                best, longest = [number], size
            elif size and size == longest:
                best.append(number)
        return best

    def file_words(self) -> list[str]:
        """Every word that names an exercise in a file name, longest first (for patterns)."""
        words = {w for i in self.infos().values() for w in (*i.file_names, i.function.lower())}
        return sorted(words, key=lambda w: (-len(w), w))


def _exercise_folders(root: Path, shipped: bool) -> list[Path]:
    """The exercise folders in `root`, or `root` itself if it is one."""
    if (root / META_FILE).is_file():
        return [root]
    if not root.is_dir():
        if shipped:
            return []
        raise ExerciseProblem(f"{root}: not a folder of exercises (no {META_FILE} in it or its folders)")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / META_FILE).is_file())
    if not folders and not shipped:
        raise ExerciseProblem(f"{root}: not a folder of exercises (no {META_FILE} in it or its folders)")
    return folders


# Python 3.11's parser takes time that grows with the square of an f-string's fields, and memory many
# times a file's size: a longer file (no exercise file is) is read for its `def` lines instead.
PARSE_LIMIT = 16_000  # characters
_DEF_LINE = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)", re.MULTILINE)


def _defining_lines(text: str, named: list[int], functions: Mapping[int, str]) -> list[int]:
    """_defining for a long text: the names its `def` lines define (NFKC, as Python reads names)."""
    defined = {unicodedata.normalize("NFKC", m.group(1)) for m in _DEF_LINE.finditer(text)}
    return [n for n in named if functions[n] in defined]


def _defining(tree: ast.Module, named: list[int], functions: Mapping[int, str]) -> list[int]:
    """The exercises (among `named`) whose function the module defines, anywhere in it."""
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef)
    top = {node.name for node in tree.body if isinstance(node, kinds)}
    if len(named) == 1 and functions[named[0]] in top:  # the usual file: no need to walk the whole tree
        return named
    defined = {node.name for node in ast.walk(tree) if isinstance(node, kinds)}
    return [n for n in named if functions[n] in defined]


def shipped_registry() -> Registry:
    """A registry of the shipped exercises only (for code that is given no registry)."""
    return Registry()


def registry_for(extra: Sequence[str | Path] = ()) -> Registry:
    return Registry(Path(p) for p in extra)
