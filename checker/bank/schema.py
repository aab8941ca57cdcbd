"""Turning one parsed YAML bank into questions, collecting every problem with its line.

The reader never stops at the first problem: a question with a mistake is reported and left out, and the
rest of the file is still read, so `bank lint` can list everything at once.
"""

from __future__ import annotations

import re
import string

from checker.answers import fold_text
from checker.bank.model import (
    TYPES,
    Choice,
    Computed,
    Feedback,
    Pair,
    Param,
    Part,
    Problem,
    Question,
    Tolerance,
    Topic,
)
from checker.bank.yamlsrc import LineList, LineMap
from checker.expr import ExprError, compile_expr, names_used
from checker.formulas import FORMULAS
from checker.i18n import LANGS

SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_RANGE = 1_000_000

FILE_FIELDS = {"topic", "title", "questions"}
COMMON_FIELDS = {
    "id", "type", "prompt", "explanation", "hint", "difficulty", "tags", "feedback", "params", "derived",
}  # fmt: skip
TYPE_FIELDS = {
    "choice": {"choices", "answer", "shuffle"},
    "multi": {"choices", "answer", "shuffle"},
    "numeric": {"answer", "tolerance"},
    "text": {"answer"},
    "shape": {"answer", "parts"},
    "match": {"pairs"},
}
RESERVED_NAMES = {"answer"}


class _FileReader:
    """Reads one bank file; appends a Problem for everything wrong."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    # -- small typed readers ---------------------------------------------------------------------

    def text(self, owner: LineMap, key: str, what: str, *, label: str = "") -> dict | None:
        return self.text_value(owner.get(key), owner.line_of(key), what, label=label)

    def text_value(self, value: object, line: int, what: str, *, neutral_ok: bool = False, label: str = ""):
        where = f"{label}: " if label else ""
        if isinstance(value, str) and neutral_ok:
            if not value.strip():
                self.problem(line, f"{where}{what} is empty")
                return None
            return dict.fromkeys(LANGS, value)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and neutral_ok:
            return dict.fromkeys(LANGS, str(value))
        if not isinstance(value, dict):
            expected = "a text or a mapping with en and ko" if neutral_ok else "a mapping with en and ko"
            self.problem(line, f"{where}{what} must be {expected}")
            return None
        result = {}
        for lang in value:
            if lang not in LANGS:
                self.problem(
                    value.line_of(lang), f"{where}unknown language '{lang}' in {what} (use en and ko)"
                )
        names = {"en": "English", "ko": "Korean"}
        for lang in LANGS:
            text = value.get(lang)
            if text is None:
                self.problem(value.line, f"{where}missing {names[lang]} translation ({lang}) of {what}")
            elif not isinstance(text, (str, int, float)) or isinstance(text, bool):
                self.problem(value.line_of(lang), f"{where}{what} ({lang}) must be text")
            elif not str(text).strip():
                self.problem(value.line_of(lang), f"{where}{what} ({lang}) is empty")
            else:
                result[lang] = str(text).rstrip("\n")
        return result if len(result) == len(LANGS) else None

    def computed(self, value: LineMap, line: int, what: str) -> Computed | None:
        allowed = {"formula", "args"} if "formula" in value else {"expr"}
        for key in value:
            if key not in allowed:
                self.problem(
                    value.line_of(key),
                    f"unknown field '{key}' in {what} (use formula/args or expr)",
                )
                return None
        if "expr" in value:
            source = value["expr"]
            if not isinstance(source, str):
                self.problem(value.line_of("expr"), f"expr of {what} must be a string")
                return None
            try:
                compile_expr(source)
            except ExprError as error:
                self.problem(value.line_of("expr"), f"{what}: {error}")
                return None
            return Computed(expr=source, line=value.line_of("expr"))
        name = value.get("formula")
        if name not in FORMULAS:
            known = ", ".join(sorted(FORMULAS))
            self.problem(value.line_of("formula"), f"{what}: unknown formula '{name}' (known: {known})")
            return None
        args = value.get("args", {})
        if not isinstance(args, dict):
            self.problem(value.line_of("args"), f"args of {what} must be a mapping")
            return None
        formula = FORMULAS[name]
        if formula.variadic:
            self.problem(value.line_of("formula"), f"'{name}' takes any number of values: use it in an expr")
            return None
        for arg, arg_value in args.items():
            if arg not in formula.parameters:
                self.problem(
                    args.line_of(arg),
                    f"formula '{name}' has no argument '{arg}' "
                    f"(its arguments: {', '.join(formula.parameters)})",
                )
                return None
            if not isinstance(arg_value, (int, float, bool, str)):
                self.problem(args.line_of(arg), f"argument '{arg}' must be a number, true/false or a name")
                return None
        return Computed(formula=name, args=dict(args), line=value.line_of("formula"))

    def number_or_computed(self, value: object, line: int, what: str):
        if isinstance(value, dict):
            return self.computed(value, line, what)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(
                line,
                f"{what} must be a number or a computed value ({{formula: ...}} / {{expr: ...}})",
            )
            return None
        return value

    def shape_or_computed(self, value: object, line: int, what: str):
        if isinstance(value, dict):
            return self.computed(value, line, what)
        if not isinstance(value, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in value
        ):
            self.problem(line, f"{what} must be a list of whole numbers like [1, 35, 20], or computed")
            return None
        return tuple(value)


def read_bank_file(data: object, path: str, problems: list[Problem]) -> Topic | None:
    """Build the topic of one parsed bank file; problems are appended to `problems`."""
    reader = _FileReader(path, problems)
    if not isinstance(data, LineMap):
        reader.problem(1, "a bank file must be a mapping with topic, title and questions")
        return None
    for key in data:
        if key not in FILE_FIELDS:
            reader.problem(
                data.line_of(key),
                f"unknown field '{key}' (a bank file has topic, title, questions)",
            )
    topic = data.get("topic")
    if not isinstance(topic, str) or not SLUG.match(topic):
        reader.problem(data.line_of("topic"), "topic must be an id like 'lstm-gates' (lower-case, '-')")
        topic = None
    title = reader.text(data, "title", "title")
    questions = data.get("questions")
    if not isinstance(questions, LineList) or not questions:
        reader.problem(data.line_of("questions"), "questions must be a non-empty list")
        return None
    built = []
    for index, raw in enumerate(questions):
        question = _read_question(reader, raw, questions.line_of(index), topic or "")
        if question is not None:
            built.append(question)
    if topic is None or title is None:
        return None
    return Topic(id=topic, title=title, questions=tuple(built), sources=(path,))


def _read_question(reader: _FileReader, raw: object, line: int, topic: str) -> Question | None:
    if not isinstance(raw, LineMap):
        reader.problem(line, "a question must be a mapping")
        return None
    before = len(reader.problems)
    qid = raw.get("id")
    label = f"question '{qid}'" if isinstance(qid, str) else "question"
    if "id" not in raw:
        reader.problem(raw.line, "missing field 'id'")
    elif not isinstance(qid, str) or not SLUG.match(qid):
        reader.problem(
            raw.line_of("id"),
            "id must be lower-case letters, digits and '-', like 'gates-forget-role'",
        )
    qtype = raw.get("type")
    if "type" not in raw:
        reader.problem(raw.line, f"{label}: missing field 'type'")
        return None
    if qtype not in TYPES:
        reader.problem(raw.line_of("type"), f"{label}: unknown type '{qtype}' (known: {', '.join(TYPES)})")
        return None
    allowed = COMMON_FIELDS | TYPE_FIELDS[qtype]
    for key in raw:
        if key not in allowed:
            reader.problem(
                raw.line_of(key),
                f"{label}: unknown field '{key}' for a {qtype} question "
                f"(allowed: {', '.join(sorted(allowed))})",
            )
    for key in ("prompt", "explanation"):
        if key not in raw:
            reader.problem(raw.line, f"{label}: missing field '{key}'")
    prompt = reader.text(raw, "prompt", "prompt", label=label) if "prompt" in raw else None
    explanation = (
        reader.text(raw, "explanation", "explanation", label=label) if "explanation" in raw else None
    )
    hint = reader.text(raw, "hint", "hint", label=label) if "hint" in raw else None
    difficulty = raw.get("difficulty", 2)
    if not isinstance(difficulty, int) or isinstance(difficulty, bool) or not 1 <= difficulty <= 3:
        reader.problem(raw.line_of("difficulty"), f"{label}: difficulty must be 1, 2 or 3")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        reader.problem(raw.line_of("tags"), f"{label}: tags must be a list of words")
        tags = []
    params = _read_params(reader, raw, label)
    derived = _read_derived(reader, raw, label, {p.name for p in params})

    fields: dict = {}
    if qtype in ("choice", "multi"):
        fields = _read_choices(reader, raw, label, qtype)
    elif qtype == "numeric":
        fields = _read_numeric(reader, raw, label)
    elif qtype == "text":
        fields = _read_text_answer(reader, raw, label)
    elif qtype == "shape":
        fields = _read_shape(reader, raw, label)
    elif qtype == "match":
        fields = _read_pairs(reader, raw, label)
    feedback = _read_feedback(reader, raw, label, qtype, fields)

    if len(reader.problems) > before:
        return None
    question = Question(
        id=qid,
        topic=topic,
        type=qtype,
        prompt=prompt,
        explanation=explanation,
        source=reader.path,
        line=raw.line,
        hint=hint,
        difficulty=difficulty,
        tags=tuple(tags),
        feedback=feedback,
        params=params,
        derived=derived,
        **fields,
    )
    _check_names(reader, question, raw)
    return question if len(reader.problems) == before else None


# -- parameters ----------------------------------------------------------------------------------


def _read_params(reader: _FileReader, raw: LineMap, label: str) -> tuple[Param, ...]:
    spec = raw.get("params")
    if spec is None:
        return ()
    if not isinstance(spec, LineMap) or not spec:
        reader.problem(raw.line_of("params"), f"{label}: params must be a mapping of names to values")
        return ()
    params = []
    for name, values in spec.items():
        line = spec.line_of(name)
        if not isinstance(name, str) or not NAME.match(name) or name in RESERVED_NAMES:
            reader.problem(line, f"{label}: '{name}' cannot be a parameter name")
            continue
        if isinstance(values, LineList):
            if not values or not all(isinstance(v, (int, float, bool, str)) for v in values):
                reader.problem(line, f"{label}: parameter '{name}' needs a non-empty list of plain values")
                continue
            params.append(Param(name=name, choices=tuple(values)))
        elif isinstance(values, LineMap) and set(values) == {"min", "max"}:
            low, high = values["min"], values["max"]
            ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high))
            if not ints or low > high or high - low > MAX_RANGE:
                reader.problem(line, f"{label}: parameter '{name}' needs whole numbers min ≤ max")
                continue
            params.append(Param(name=name, low=low, high=high))
        else:
            reader.problem(
                line, f"{label}: parameter '{name}' must be a list of values or {{min: A, max: B}}"
            )
    return tuple(params)


def _read_derived(reader: _FileReader, raw: LineMap, label: str, params: set[str]):
    spec = raw.get("derived")
    if spec is None:
        return ()
    if not isinstance(spec, LineMap):
        reader.problem(raw.line_of("derived"), f"{label}: derived must be a mapping of names to values")
        return ()
    derived = []
    for name, value in spec.items():
        line = spec.line_of(name)
        if not isinstance(name, str) or not NAME.match(name) or name in RESERVED_NAMES or name in params:
            reader.problem(line, f"{label}: '{name}' cannot be a derived name (taken or not a name)")
            continue
        if not isinstance(value, LineMap):
            reader.problem(line, f"{label}: derived '{name}' must be {{formula: ...}} or {{expr: ...}}")
            continue
        computed = reader.computed(value, line, f"derived '{name}'")
        if computed is not None:
            derived.append((name, computed))
    return tuple(derived)


# -- answers per type ----------------------------------------------------------------------------


def _read_choices(reader: _FileReader, raw: LineMap, label: str, qtype: str) -> dict:
    choices_raw = raw.get("choices")
    if not isinstance(choices_raw, LineList) or len(choices_raw) < 2:
        reader.problem(raw.line_of("choices"), f"{label}: choices must be a list of at least two")
        return {}
    choices = []
    for index, item in enumerate(choices_raw):
        line = choices_raw.line_of(index)
        if not isinstance(item, LineMap) or "key" not in item:
            reader.problem(line, f"{label}: each choice needs a key and its text ({{key, en, ko}})")
            continue
        key = item["key"]
        extra = set(item) - {"key", "en", "ko", "text"}
        if extra:
            reader.problem(line, f"{label}: unknown field '{sorted(extra)[0]}' in a choice")
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            reader.problem(line, f"{label}: a choice key must be a short word")
            continue
        key = str(key)
        if any(c.key == key for c in choices):
            reader.problem(line, f"{label}: choice key '{key}' is used twice")
            continue
        if "text" in item:
            text = reader.text_value(item["text"], line, f"choice '{key}'", neutral_ok=True, label=label)
        else:
            bilingual = LineMap()
            bilingual.line = line
            for lang in LANGS:
                if lang in item:
                    bilingual[lang] = item[lang]
                    bilingual.key_lines[lang] = item.line_of(lang)
            text = reader.text_value(bilingual, line, f"choice '{key}'", label=label)
        if text is not None:
            choices.append(Choice(key=key, text=text))
    shuffle = raw.get("shuffle", True)
    if not isinstance(shuffle, bool):
        reader.problem(raw.line_of("shuffle"), f"{label}: shuffle must be true or false")
    keys = [c.key for c in choices]
    answer = raw.get("answer")
    line = raw.line_of("answer")
    if "answer" not in raw:
        reader.problem(raw.line, f"{label}: missing field 'answer'")
        return {}
    if qtype == "choice":
        if isinstance(answer, (list, dict)):
            reader.problem(line, f"{label}: a choice question has one answer key; use type multi for several")
            return {}
        if str(answer) not in keys:
            reader.problem(line, f"{label}: answer '{answer}' is not among the choices ({', '.join(keys)})")
            return {}
        return {"choices": tuple(choices), "shuffle": shuffle, "answer": str(answer)}
    if not isinstance(answer, list) or not answer:
        reader.problem(line, f"{label}: a multi question's answer is a list of choice keys")
        return {}
    picked = [str(a) for a in answer]
    for key in picked:
        if key not in keys:
            reader.problem(line, f"{label}: answer '{key}' is not among the choices ({', '.join(keys)})")
            return {}
    if len(set(picked)) != len(picked):
        reader.problem(line, f"{label}: an answer key is listed twice")
        return {}
    return {"choices": tuple(choices), "shuffle": shuffle, "answer": frozenset(picked)}


def _read_numeric(reader: _FileReader, raw: LineMap, label: str) -> dict:
    if "answer" not in raw:
        reader.problem(raw.line, f"{label}: missing field 'answer'")
        return {}
    answer = reader.number_or_computed(raw["answer"], raw.line_of("answer"), f"{label}: answer")
    tolerance = None
    if "tolerance" in raw:
        spec = raw["tolerance"]
        line = raw.line_of("tolerance")
        ok = isinstance(spec, dict) and spec and set(spec) <= {"abs", "rel"}
        ok = ok and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in spec.values()
        )
        if not ok:
            reader.problem(line, f"{label}: tolerance must be {{abs: A, rel: R}} with numbers ≥ 0")
        else:
            tolerance = Tolerance(abs=float(spec.get("abs", 0.0)), rel=float(spec.get("rel", 0.0)))
    return {"answer": answer, "tolerance": tolerance}


def _aliases(reader: _FileReader, value: object, line: int, what: str) -> tuple[str, ...] | None:
    items = value if isinstance(value, list) else [value]
    aliases = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not fold_text(str(item)):
            reader.problem(line, f"{what} must be a text or a list of texts (quote yes/no/on/off)")
            return None
        aliases.append(str(item))
    if not aliases:
        reader.problem(line, f"{what} must list at least one accepted answer")
        return None
    return tuple(aliases)


def _read_text_answer(reader: _FileReader, raw: LineMap, label: str) -> dict:
    if "answer" not in raw:
        reader.problem(raw.line, f"{label}: missing field 'answer'")
        return {}
    aliases = _aliases(reader, raw["answer"], raw.line_of("answer"), f"{label}: answer")
    return {"answer": aliases} if aliases else {}


def _read_shape(reader: _FileReader, raw: LineMap, label: str) -> dict:
    if ("answer" in raw) == ("parts" in raw):
        reader.problem(raw.line, f"{label}: a shape question has either 'answer' or 'parts'")
        return {}
    if "answer" in raw:
        answer = reader.shape_or_computed(raw["answer"], raw.line_of("answer"), f"{label}: answer")
        return {"answer": answer}
    parts_raw = raw["parts"]
    if not isinstance(parts_raw, LineList) or not parts_raw:
        reader.problem(raw.line_of("parts"), f"{label}: parts must be a list of {{name, answer}}")
        return {}
    parts = []
    for index, item in enumerate(parts_raw):
        line = parts_raw.line_of(index)
        if not isinstance(item, LineMap) or set(item) != {"name", "answer"}:
            reader.problem(line, f"{label}: each part has exactly a name and an answer")
            continue
        name = item["name"]
        if not isinstance(name, str) or not name.strip() or any(p.name == name for p in parts):
            reader.problem(item.line_of("name"), f"{label}: part names must be distinct words")
            continue
        answer = reader.shape_or_computed(item["answer"], item.line_of("answer"), f"{label}: part '{name}'")
        if answer is not None:
            parts.append(Part(name=name, answer=answer))
    return {"parts": tuple(parts)}


def _read_pairs(reader: _FileReader, raw: LineMap, label: str) -> dict:
    pairs_raw = raw.get("pairs")
    if not isinstance(pairs_raw, LineList) or len(pairs_raw) < 2:
        reader.problem(raw.line_of("pairs"), f"{label}: pairs must be a list of at least two {{left, right}}")
        return {}
    if len(pairs_raw) > 26:
        reader.problem(raw.line_of("pairs"), f"{label}: at most 26 pairs")
        return {}
    pairs = []
    for index, item in enumerate(pairs_raw):
        line = pairs_raw.line_of(index)
        if not isinstance(item, LineMap) or set(item) != {"left", "right"}:
            reader.problem(line, f"{label}: each pair has exactly a left and a right")
            continue
        left = reader.text_value(
            item["left"], item.line_of("left"), "left item", neutral_ok=True, label=label
        )
        right = reader.text_value(
            item["right"], item.line_of("right"), "right item", neutral_ok=True, label=label
        )
        if left and right:
            pairs.append(Pair(left=left, right=right))
    for lang in LANGS:
        rights = [fold_text(p.right[lang]) for p in pairs]
        if len(set(rights)) != len(rights):
            reader.problem(pairs_raw.line, f"{label}: two right items read the same ({lang})")
            break
    return {"pairs": tuple(pairs)}


# -- feedback ------------------------------------------------------------------------------------


def _read_feedback(reader: _FileReader, raw: LineMap, label: str, qtype: str, fields: dict):
    spec = raw.get("feedback")
    if spec is None:
        return ()
    line = raw.line_of("feedback")
    if qtype == "match":
        reader.problem(line, f"{label}: match questions take no feedback entries")
        return ()
    if not isinstance(spec, LineList):
        reader.problem(line, f"{label}: feedback must be a list")
        return ()
    entries = []
    for index, item in enumerate(spec):
        item_line = spec.line_of(index)
        if not isinstance(item, LineMap):
            reader.problem(item_line, f"{label}: a feedback entry must be a mapping")
            continue
        extra = set(item) - {"answer", "misconception", "message", "part"}
        if extra:
            reader.problem(
                item.line_of(sorted(extra)[0]),
                f"{label}: unknown field '{sorted(extra)[0]}' in feedback",
            )
            continue
        missing = [k for k in ("answer", "misconception", "message") if k not in item]
        if missing:
            reader.problem(item_line, f"{label}: feedback entry is missing '{missing[0]}'")
            continue
        tag = item["misconception"]
        if not isinstance(tag, str) or not SLUG.match(tag):
            reader.problem(
                item.line_of("misconception"),
                f"{label}: misconception must be a tag like 'one-bias-vector'",
            )
            continue
        message = reader.text(item, "message", "feedback message", label=label)
        answer = _feedback_answer(reader, item, label, qtype, fields)
        if message is not None and answer is not None:
            entries.append(Feedback(answer=answer, misconception=tag, message=message, part=item.get("part")))
    return tuple(entries)


def _feedback_answer(reader: _FileReader, item: LineMap, label: str, qtype: str, fields: dict):
    value, line = item["answer"], item.line_of("answer")
    if "part" in item and (qtype != "shape" or not fields.get("parts")):
        reader.problem(item.line_of("part"), f"{label}: 'part' only applies to shape questions with parts")
        return None
    if qtype == "choice":
        keys = [c.key for c in fields.get("choices", ())]
        if str(value) not in keys:
            reader.problem(line, f"{label}: feedback answer '{value}' is not among the choices")
            return None
        if str(value) == fields.get("answer"):
            reader.problem(line, f"{label}: feedback answer '{value}' is the correct answer")
            return None
        return str(value)
    if qtype == "multi":
        keys = [c.key for c in fields.get("choices", ())]
        picked = [str(v) for v in (value if isinstance(value, list) else [value])]
        if any(k not in keys for k in picked):
            reader.problem(line, f"{label}: feedback answer {picked} is not among the choices")
            return None
        if frozenset(picked) == fields.get("answer"):
            reader.problem(line, f"{label}: feedback answer is the correct answer")
            return None
        return frozenset(picked)
    if qtype == "numeric":
        answer = reader.number_or_computed(value, line, f"{label}: feedback answer")
        correct = fields.get("answer")
        if isinstance(answer, (int, float)) and isinstance(correct, (int, float)) and answer == correct:
            reader.problem(line, f"{label}: feedback answer {answer} is the correct answer")
            return None
        return answer
    if qtype == "text":
        aliases = _aliases(reader, value, line, f"{label}: feedback answer")
        accepted = {fold_text(a) for a in fields.get("answer") or ()}
        if aliases and any(fold_text(a) in accepted for a in aliases):
            reader.problem(line, f"{label}: feedback answer '{aliases[0]}' is also an accepted answer")
            return None
        return aliases
    # shape
    part = item.get("part")
    if fields.get("parts"):
        names = [p.name for p in fields["parts"]]
        if part not in names:
            reader.problem(
                line,
                f"{label}: feedback for a shape with parts needs 'part' (one of {', '.join(names)})",
            )
            return None
    return reader.shape_or_computed(value, line, f"{label}: feedback answer")


# -- names used in texts and computed values -----------------------------------------------------


def _check_names(reader: _FileReader, question: Question, raw: LineMap) -> None:
    """Every {field} in a parametrized text and every name a computed value reads must exist."""
    values = {p.name for p in question.params}
    for name, computed in question.derived:
        _check_computed_names(reader, computed, values, f"question '{question.id}': derived '{name}'")
        values.add(name)
    computed_values = [("answer", question.answer)] + [(f"part '{p.name}'", p.answer) for p in question.parts]
    computed_values += [("feedback answer", f.answer) for f in question.feedback]
    for what, value in computed_values:
        if isinstance(value, Computed):
            _check_computed_names(reader, value, values, f"question '{question.id}': {what}")
    if not question.params:
        return
    answer_names = {"answer"} | {f"answer_{p.name}" for p in question.parts}
    for what, text, line in _texts(question, raw):
        for lang, body in text.items():
            for field_name in _format_fields(
                body, reader, line, f"question '{question.id}': {what} ({lang})"
            ):
                if field_name not in values | answer_names:
                    reader.problem(
                        line,
                        f"question '{question.id}': {what} ({lang}) uses {{{field_name}}}, which is not a "
                        f"param or derived value (write a literal brace twice: {{{{ }}}})",
                    )


def _check_computed_names(reader: _FileReader, computed: Computed, values: set[str], what: str) -> None:
    if computed.expr is not None:
        missing = names_used(computed.expr) - values
        if missing:
            reader.problem(computed.line, f"{what}: unknown name '{sorted(missing)[0]}' in expr")
        return
    formula = FORMULAS[computed.formula]
    for arg, value in computed.args.items():
        if isinstance(value, str) and value not in values:
            reader.problem(computed.line, f"{what}: argument '{arg}' names '{value}', which is not a param")
    for required in formula.required:
        if required not in computed.args and required not in values:
            reader.problem(
                computed.line,
                f"{what}: formula '{computed.formula}' needs '{required}' "
                "(add a param of that name or pass it in args)",
            )


def _texts(question: Question, raw: LineMap):
    yield "prompt", question.prompt, raw.line_of("prompt")
    yield "explanation", question.explanation, raw.line_of("explanation")
    if question.hint:
        yield "hint", question.hint, raw.line_of("hint")
    for choice in question.choices:
        yield f"choice '{choice.key}'", choice.text, raw.line_of("choices")
    for pair in question.pairs:
        yield "pair", pair.left, raw.line_of("pairs")
        yield "pair", pair.right, raw.line_of("pairs")
    for entry in question.feedback:
        yield f"feedback '{entry.misconception}'", entry.message, raw.line_of("feedback")


def _format_fields(body: str, reader: _FileReader, line: int, what: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(body))
    except ValueError as error:
        reader.problem(line, f"{what}: {error} (write a literal brace twice: {{{{ }}}})")
        return []
    names = []
    for _, field_name, _, _ in parsed:
        if field_name is None:
            continue
        if not NAME.match(field_name):
            reader.problem(
                line,
                f"{what}: '{{{field_name}}}' is not a plain name (write a literal brace twice)",
            )
            continue
        names.append(field_name)
    return names
