"""Turning one parsed YAML bank into questions, collecting every problem with its line.

The reader never stops at the first problem: a question with a mistake is reported and left out, and the
rest of the file is still read, so `bank lint` can list everything at once.
"""

from __future__ import annotations

import math
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
    Phrase,
    Problem,
    Question,
    Tolerance,
    Topic,
)
from checker.bank.yamlsrc import LineList, LineMap
from checker.expr import ExprError, compile_expr, names_used
from checker.formulas import FORMULAS
from checker.i18n import LANGS
from checker.variant import CONVERSIONS, MAX_FORMAT_WIDTH, format_spec_problem

SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_RANGE = 1_000_000

FILE_FIELDS = {"topic", "title", "questions", "misconceptions"}
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
MAX_PAIRS = 26
MISSING_TRANSLATION = {lang: f"lint.text.missing_{lang}" for lang in LANGS}

# A message about a question starts with a `Where` ("question 'x': ", or "" for the file's own fields) and
# names the part it is about with a `What` (a field name such as "prompt", or a translated phrase).
Where = Phrase | str
What = Phrase | str


class _FileReader:
    """Reads one bank file; appends a Problem for everything wrong."""

    def __init__(self, path: str, problems: list[Problem], required: tuple[str, ...] = LANGS) -> None:
        self.path = path
        self.problems = problems
        self.required = required  # languages every text must have; the others fall back to English
        self.missing: dict[str, int] = {}  # an optional language some text lacks -> its first line

    def problem(self, line: int, code: str, **fields: object) -> None:
        """Report the message `code` (a key of `checker.messages_lint`) filled in with `fields`."""
        self.problems.append(Problem(self.path, line, code, fields))

    # -- small typed readers ---------------------------------------------------------------------

    def text(self, owner: LineMap, key: str, what: What, *, label: Where = "") -> dict | None:
        return self.text_value(owner.get(key), owner.line_of(key), what, label=label)

    def text_value(
        self, value: object, line: int, what: What, *, neutral_ok: bool = False, label: Where = ""
    ):
        where = label
        if isinstance(value, str) and neutral_ok:
            if not value.strip():
                self.problem(line, "lint.text.empty", where=where, what=what)
                return None
            return dict.fromkeys(LANGS, value)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and neutral_ok:
            return dict.fromkeys(LANGS, str(value))
        if not isinstance(value, dict):
            code = "lint.text.not_text_or_mapping" if neutral_ok else "lint.text.not_mapping"
            self.problem(line, code, where=where, what=what)
            return None
        result = {}
        for lang in value:
            if lang not in LANGS:
                self.problem(
                    value.line_of(lang), "lint.text.unknown_lang", where=where, what=what, lang=str(lang)
                )
        for lang in LANGS:
            text = value.get(lang)
            if text is None and lang not in self.required:
                self.missing.setdefault(lang, value.line)
            elif text is None:
                self.problem(value.line, MISSING_TRANSLATION[lang], where=where, what=what)
            elif not isinstance(text, (str, int, float)) or isinstance(text, bool):
                self.problem(value.line_of(lang), "lint.text.not_text", where=where, what=what, lang=lang)
            elif not str(text).strip():
                self.problem(value.line_of(lang), "lint.text.lang_empty", where=where, what=what, lang=lang)
            else:
                result[lang] = str(text).rstrip("\n")
        complete = all(lang in result for lang in self.required)
        return result if complete and all(lang in result or lang not in value for lang in LANGS) else None

    def computed(self, value: LineMap, line: int, what: What, *, label: Where = "") -> Computed | None:
        where = label
        allowed = {"formula", "args"} if "formula" in value else {"expr"}
        for key in value:
            if key not in allowed:
                self.problem(
                    value.line_of(key), "lint.computed.unknown_field", where=where, what=what, key=str(key)
                )
                return None
        if "expr" in value:
            source = value["expr"]
            if not isinstance(source, str):
                self.problem(value.line_of("expr"), "lint.computed.expr_not_string", where=where, what=what)
                return None
            try:
                compile_expr(source)
            except ExprError as error:
                self.problem(
                    value.line_of("expr"), "lint.computed.bad_expr", where=where, what=what, error=str(error)
                )
                return None
            return Computed(expr=source, line=value.line_of("expr"))
        name = value.get("formula")
        if not isinstance(name, str) or name not in FORMULAS:
            self.problem(
                value.line_of("formula"),
                "lint.computed.unknown_formula",
                where=where,
                what=what,
                name=str(name),
                known=", ".join(sorted(FORMULAS)),
            )
            return None
        args = value.get("args", {})
        if not isinstance(args, dict):
            self.problem(value.line_of("args"), "lint.computed.args_not_mapping", where=where, what=what)
            return None
        formula = FORMULAS[name]
        if formula.variadic:
            self.problem(value.line_of("formula"), "lint.computed.variadic", name=name)
            return None
        for arg, arg_value in args.items():
            if arg not in formula.parameters:
                self.problem(
                    args.line_of(arg),
                    "lint.computed.no_such_arg",
                    name=name,
                    arg=str(arg),
                    arguments=", ".join(formula.parameters),
                )
                return None
            if not isinstance(arg_value, (int, float, bool, str)) or not _finite(arg_value):
                self.problem(args.line_of(arg), "lint.computed.bad_arg", arg=str(arg))
                return None
        return Computed(formula=name, args=dict(args), line=value.line_of("formula"))

    def number_or_computed(self, value: object, line: int, what: What, *, label: Where = ""):
        if isinstance(value, dict):
            return self.computed(value, line, what, label=label)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(line, "lint.computed.not_number", where=label, what=what)
            return None
        if not _finite(value):
            self.problem(line, "lint.computed.not_finite", where=label, what=what)
            return None
        return value

    def shape_or_computed(self, value: object, line: int, what: What, *, label: Where = ""):
        if isinstance(value, dict):
            return self.computed(value, line, what, label=label)
        if not isinstance(value, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in value
        ):
            self.problem(line, "lint.computed.not_shape", where=label, what=what)
            return None
        return tuple(value)


def _finite(value: object) -> bool:
    """False for a number YAML reads as infinite or not a number (.inf, .nan, 1e400)."""
    return not isinstance(value, float) or math.isfinite(value)


def read_bank_file(
    data: object, path: str, problems: list[Problem], *, required: tuple[str, ...] = LANGS
) -> Topic | None:
    """Build the topic of one parsed bank file; problems are appended to `problems`. Every text must
    have the `required` languages (all of them in the shipped banks; English in anyone else's, where a
    missing language is a warning per file and its learners read English)."""
    reader = _FileReader(path, problems, required)
    try:
        return _read_topic(reader, data)
    finally:
        for lang, line in reader.missing.items():
            reader.problem(line, "lint.warn.missing_lang", lang=lang)


def _read_topic(reader: _FileReader, data: object) -> Topic | None:
    path = reader.path
    if not isinstance(data, LineMap):
        reader.problem(1, "lint.file.not_mapping")
        return None
    for key in data:
        if key not in FILE_FIELDS:
            reader.problem(data.line_of(key), "lint.file.unknown_field", key=str(key))
    topic = data.get("topic")
    if not isinstance(topic, str) or not SLUG.match(topic):
        reader.problem(data.line_of("topic"), "lint.file.bad_topic")
        topic = None
    title = reader.text(data, "title", "title")
    questions = data.get("questions")
    if not isinstance(questions, LineList) or not questions:
        reader.problem(data.line_of("questions"), "lint.file.no_questions")
        return None
    built = []
    for index, raw in enumerate(questions):
        question = _read_question(reader, raw, questions.line_of(index), topic or "")
        if question is not None:
            built.append(question)
    titles = _misconception_titles(reader, data)
    if topic is None or title is None:
        return None
    return Topic(id=topic, title=title, questions=tuple(built), sources=(path,), misconceptions=titles)


def _misconception_titles(reader: _FileReader, data: LineMap) -> dict:
    """`misconceptions:` a tag (as feedback names it) → its title in every language, for `stats`."""
    raw = data.get("misconceptions")
    if raw is None:
        return {}
    if not isinstance(raw, LineMap):
        reader.problem(data.line_of("misconceptions"), "lint.file.bad_misconceptions")
        return {}
    titles = {}
    for tag in raw:
        if not isinstance(tag, str) or not SLUG.match(tag):
            reader.problem(raw.line_of(tag), "lint.file.bad_misconception_tag", tag=str(tag))
            continue
        title = reader.text(raw, tag, "title", label=Phrase("lint.where.misconception", {"tag": tag}))
        if title is not None:
            titles[tag] = title
    return titles


def _read_question(reader: _FileReader, raw: object, line: int, topic: str) -> Question | None:
    if not isinstance(raw, LineMap):
        reader.problem(line, "lint.question.not_mapping")
        return None
    before = len(reader.problems)
    qid = raw.get("id")
    label = _question_label(qid) if isinstance(qid, str) else Phrase("lint.where.question_no_id")
    if "id" not in raw:
        reader.problem(raw.line, "lint.question.missing_field", where="", name="id")
    elif not isinstance(qid, str) or not SLUG.match(qid):
        reader.problem(raw.line_of("id"), "lint.question.bad_id")
    qtype = raw.get("type")
    if "type" not in raw:
        reader.problem(raw.line, "lint.question.missing_field", where=label, name="type")
        return None
    if qtype not in TYPES:
        reader.problem(
            raw.line_of("type"),
            "lint.question.unknown_type",
            where=label,
            type=str(qtype),
            known=", ".join(TYPES),
        )
        return None
    allowed = COMMON_FIELDS | TYPE_FIELDS[qtype]
    for key in raw:
        if key not in allowed:
            reader.problem(
                raw.line_of(key),
                "lint.question.unknown_field",
                where=label,
                key=str(key),
                type=qtype,
                allowed=", ".join(sorted(allowed)),
            )
    for key in ("prompt", "explanation"):
        if key not in raw:
            reader.problem(raw.line, "lint.question.missing_field", where=label, name=key)
    prompt = reader.text(raw, "prompt", "prompt", label=label) if "prompt" in raw else None
    explanation = (
        reader.text(raw, "explanation", "explanation", label=label) if "explanation" in raw else None
    )
    hint = reader.text(raw, "hint", "hint", label=label) if "hint" in raw else None
    difficulty = raw.get("difficulty", 2)
    if not isinstance(difficulty, int) or isinstance(difficulty, bool) or not 1 <= difficulty <= 3:
        reader.problem(raw.line_of("difficulty"), "lint.question.difficulty", where=label)
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        reader.problem(raw.line_of("tags"), "lint.question.tags", where=label)
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


def _read_params(reader: _FileReader, raw: LineMap, label: Where) -> tuple[Param, ...]:
    spec = raw.get("params")
    if spec is None:
        return ()
    if not isinstance(spec, LineMap) or not spec:
        reader.problem(raw.line_of("params"), "lint.params.not_mapping", where=label)
        return ()
    params = []
    for name, values in spec.items():
        line = spec.line_of(name)
        if not isinstance(name, str) or not NAME.match(name) or name in RESERVED_NAMES:
            reader.problem(line, "lint.params.bad_name", where=label, name=str(name))
            continue
        if isinstance(values, LineList):
            if not values or not all(isinstance(v, (int, float, bool, str)) and _finite(v) for v in values):
                reader.problem(line, "lint.params.bad_list", where=label, name=name)
                continue
            params.append(Param(name=name, choices=tuple(values)))
        elif isinstance(values, LineMap) and set(values) == {"min", "max"}:
            low, high = values["min"], values["max"]
            ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high))
            if not ints or low > high or high - low > MAX_RANGE:
                reader.problem(line, "lint.params.bad_range", where=label, name=name)
                continue
            params.append(Param(name=name, low=low, high=high))
        else:
            reader.problem(line, "lint.params.bad_spec", where=label, name=name)
    return tuple(params)


def _read_derived(reader: _FileReader, raw: LineMap, label: Where, params: set[str]):
    spec = raw.get("derived")
    if spec is None:
        return ()
    if not isinstance(spec, LineMap):
        reader.problem(raw.line_of("derived"), "lint.derived.not_mapping", where=label)
        return ()
    derived = []
    for name, value in spec.items():
        line = spec.line_of(name)
        if not isinstance(name, str) or not NAME.match(name) or name in RESERVED_NAMES or name in params:
            reader.problem(line, "lint.derived.bad_name", where=label, name=str(name))
            continue
        if not isinstance(value, LineMap):
            reader.problem(line, "lint.derived.bad_value", where=label, name=name)
            continue
        computed = reader.computed(value, line, Phrase("lint.what.derived", {"name": name}))
        if computed is not None:
            derived.append((name, computed))
    return tuple(derived)


# -- answers per type ----------------------------------------------------------------------------


def _read_choices(reader: _FileReader, raw: LineMap, label: Where, qtype: str) -> dict:
    choices_raw = raw.get("choices")
    if not isinstance(choices_raw, LineList) or len(choices_raw) < 2:
        reader.problem(raw.line_of("choices"), "lint.choices.too_few", where=label)
        return {}
    choices = []
    for index, item in enumerate(choices_raw):
        line = choices_raw.line_of(index)
        if not isinstance(item, LineMap) or "key" not in item:
            reader.problem(line, "lint.choices.bad_item", where=label)
            continue
        key = item["key"]
        extra = set(item) - {"key", "text", *LANGS}
        if extra:
            reader.problem(line, "lint.choices.unknown_field", where=label, key=str(sorted(extra)[0]))
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            reader.problem(line, "lint.choices.bad_key", where=label)
            continue
        key = str(key)
        if any(c.key == key for c in choices):
            reader.problem(line, "lint.choices.duplicate_key", where=label, key=key)
            continue
        what = Phrase("lint.what.choice", {"key": key})
        if "text" in item:
            text = reader.text_value(item["text"], line, what, neutral_ok=True, label=label)
        else:
            bilingual = LineMap()
            bilingual.line = line
            for lang in LANGS:
                if lang in item:
                    bilingual[lang] = item[lang]
                    bilingual.key_lines[lang] = item.line_of(lang)
            text = reader.text_value(bilingual, line, what, label=label)
        if text is not None:
            choices.append(Choice(key=key, text=text))
    shuffle = raw.get("shuffle", True)
    if not isinstance(shuffle, bool):
        reader.problem(raw.line_of("shuffle"), "lint.choices.shuffle", where=label)
    keys = [c.key for c in choices]
    answer = raw.get("answer")
    line = raw.line_of("answer")
    if "answer" not in raw:
        reader.problem(raw.line, "lint.question.missing_field", where=label, name="answer")
        return {}
    if qtype == "choice":
        if isinstance(answer, (list, dict)):
            reader.problem(line, "lint.choices.one_answer", where=label)
            return {}
        if str(answer) not in keys:
            reader.problem(
                line,
                "lint.choices.answer_not_a_choice",
                where=label,
                answer=str(answer),
                keys=", ".join(keys),
            )
            return {}
        return {"choices": tuple(choices), "shuffle": shuffle, "answer": str(answer)}
    if not isinstance(answer, list) or not answer:
        reader.problem(line, "lint.choices.multi_answer", where=label)
        return {}
    picked = [str(a) for a in answer]
    for key in picked:
        if key not in keys:
            reader.problem(
                line, "lint.choices.answer_not_a_choice", where=label, answer=key, keys=", ".join(keys)
            )
            return {}
    if len(set(picked)) != len(picked):
        reader.problem(line, "lint.choices.answer_twice", where=label)
        return {}
    return {"choices": tuple(choices), "shuffle": shuffle, "answer": frozenset(picked)}


def _read_numeric(reader: _FileReader, raw: LineMap, label: Where) -> dict:
    if "answer" not in raw:
        reader.problem(raw.line, "lint.question.missing_field", where=label, name="answer")
        return {}
    answer = reader.number_or_computed(raw["answer"], raw.line_of("answer"), "answer", label=label)
    tolerance = None
    if "tolerance" in raw:
        spec = raw["tolerance"]
        line = raw.line_of("tolerance")
        ok = isinstance(spec, dict) and spec and set(spec) <= {"abs", "rel"}
        ok = ok and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and _finite(v) and v >= 0
            for v in spec.values()
        )
        if not ok:
            reader.problem(line, "lint.numeric.tolerance", where=label)
        else:
            tolerance = Tolerance(abs=float(spec.get("abs", 0.0)), rel=float(spec.get("rel", 0.0)))
    return {"answer": answer, "tolerance": tolerance}


def _aliases(
    reader: _FileReader, value: object, line: int, what: What, label: Where
) -> tuple[str, ...] | None:
    items = value if isinstance(value, list) else [value]
    aliases = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not fold_text(str(item)):
            reader.problem(line, "lint.text_answer.not_text", where=label, what=what)
            return None
        aliases.append(str(item))
    if not aliases:
        reader.problem(line, "lint.text_answer.empty", where=label, what=what)
        return None
    return tuple(aliases)


def _read_text_answer(reader: _FileReader, raw: LineMap, label: Where) -> dict:
    if "answer" not in raw:
        reader.problem(raw.line, "lint.question.missing_field", where=label, name="answer")
        return {}
    aliases = _aliases(reader, raw["answer"], raw.line_of("answer"), "answer", label)
    return {"answer": aliases} if aliases else {}


def _read_shape(reader: _FileReader, raw: LineMap, label: Where) -> dict:
    if ("answer" in raw) == ("parts" in raw):
        reader.problem(raw.line, "lint.shape.answer_or_parts", where=label)
        return {}
    if "answer" in raw:
        answer = reader.shape_or_computed(raw["answer"], raw.line_of("answer"), "answer", label=label)
        return {"answer": answer}
    parts_raw = raw["parts"]
    if not isinstance(parts_raw, LineList) or not parts_raw:
        reader.problem(raw.line_of("parts"), "lint.shape.parts_not_list", where=label)
        return {}
    parts = []
    for index, item in enumerate(parts_raw):
        line = parts_raw.line_of(index)
        if not isinstance(item, LineMap) or set(item) != {"name", "answer"}:
            reader.problem(line, "lint.shape.bad_part", where=label)
            continue
        name = item["name"]
        if not isinstance(name, str) or not name.strip() or any(p.name == name for p in parts):
            reader.problem(item.line_of("name"), "lint.shape.part_names", where=label)
            continue
        answer = reader.shape_or_computed(
            item["answer"], item.line_of("answer"), Phrase("lint.what.part", {"name": name}), label=label
        )
        if answer is not None:
            parts.append(Part(name=name, answer=answer))
    return {"parts": tuple(parts)}


def _read_pairs(reader: _FileReader, raw: LineMap, label: Where) -> dict:
    pairs_raw = raw.get("pairs")
    if not isinstance(pairs_raw, LineList) or len(pairs_raw) < 2:
        reader.problem(raw.line_of("pairs"), "lint.pairs.too_few", where=label)
        return {}
    if len(pairs_raw) > MAX_PAIRS:
        reader.problem(raw.line_of("pairs"), "lint.pairs.too_many", where=label, limit=MAX_PAIRS)
        return {}
    pairs = []
    for index, item in enumerate(pairs_raw):
        line = pairs_raw.line_of(index)
        if not isinstance(item, LineMap) or set(item) != {"left", "right"}:
            reader.problem(line, "lint.pairs.bad_pair", where=label)
            continue
        left = reader.text_value(
            item["left"], item.line_of("left"), Phrase("lint.what.left_item"), neutral_ok=True, label=label
        )
        right = reader.text_value(
            item["right"], item.line_of("right"), Phrase("lint.what.right_item"), neutral_ok=True, label=label
        )
        if left and right:
            pairs.append(Pair(left=left, right=right))
    for lang in LANGS:
        rights = [fold_text(p.right[lang]) for p in pairs]
        if len(set(rights)) != len(rights):
            reader.problem(pairs_raw.line, "lint.pairs.same_right", where=label, lang=lang)
            break
    return {"pairs": tuple(pairs)}


# -- feedback ------------------------------------------------------------------------------------


def _read_feedback(reader: _FileReader, raw: LineMap, label: Where, qtype: str, fields: dict):
    spec = raw.get("feedback")
    if spec is None:
        return ()
    line = raw.line_of("feedback")
    if qtype == "match":
        reader.problem(line, "lint.feedback.match", where=label)
        return ()
    if not isinstance(spec, LineList):
        reader.problem(line, "lint.feedback.not_list", where=label)
        return ()
    entries = []
    for index, item in enumerate(spec):
        item_line = spec.line_of(index)
        if not isinstance(item, LineMap):
            reader.problem(item_line, "lint.feedback.not_mapping", where=label)
            continue
        extra = set(item) - {"answer", "misconception", "message", "part"}
        if extra:
            first = sorted(extra)[0]
            reader.problem(item.line_of(first), "lint.feedback.unknown_field", where=label, key=str(first))
            continue
        missing = [k for k in ("answer", "misconception", "message") if k not in item]
        if missing:
            reader.problem(item_line, "lint.feedback.missing", where=label, key=missing[0])
            continue
        tag = item["misconception"]
        if not isinstance(tag, str) or not SLUG.match(tag):
            reader.problem(item.line_of("misconception"), "lint.feedback.bad_tag", where=label)
            continue
        message = reader.text(item, "message", Phrase("lint.what.feedback_message"), label=label)
        answer = _feedback_answer(reader, item, label, qtype, fields)
        if message is not None and answer is not None:
            entries.append(Feedback(answer=answer, misconception=tag, message=message, part=item.get("part")))
    return tuple(entries)


def _feedback_answer(reader: _FileReader, item: LineMap, label: Where, qtype: str, fields: dict):
    value, line = item["answer"], item.line_of("answer")
    what = Phrase("lint.what.feedback_answer")
    if "part" in item and (qtype != "shape" or not fields.get("parts")):
        reader.problem(item.line_of("part"), "lint.feedback.part_without_parts", where=label)
        return None
    if qtype == "choice":
        keys = [c.key for c in fields.get("choices", ())]
        if str(value) not in keys:
            reader.problem(line, "lint.feedback.not_a_choice", where=label, answer=str(value))
            return None
        if str(value) == fields.get("answer"):
            reader.problem(line, "lint.feedback.correct_key", where=label, answer=str(value))
            return None
        return str(value)
    if qtype == "multi":
        keys = [c.key for c in fields.get("choices", ())]
        picked = [str(v) for v in (value if isinstance(value, list) else [value])]
        if any(k not in keys for k in picked):
            reader.problem(line, "lint.feedback.not_choices", where=label, answer=str(picked))
            return None
        if frozenset(picked) == fields.get("answer"):
            reader.problem(line, "lint.feedback.correct_keys", where=label)
            return None
        return frozenset(picked)
    if qtype == "numeric":
        answer = reader.number_or_computed(value, line, what, label=label)
        correct = fields.get("answer")
        if isinstance(answer, (int, float)) and isinstance(correct, (int, float)) and answer == correct:
            reader.problem(line, "lint.feedback.correct_number", where=label, answer=answer)
            return None
        return answer
    if qtype == "text":
        aliases = _aliases(reader, value, line, what, label)
        accepted = {fold_text(a) for a in fields.get("answer") or ()}
        if aliases and any(fold_text(a) in accepted for a in aliases):
            reader.problem(line, "lint.feedback.accepted", where=label, answer=aliases[0])
            return None
        return aliases
    # shape
    part = item.get("part")
    if fields.get("parts"):
        names = [p.name for p in fields["parts"]]
        if part not in names:
            reader.problem(line, "lint.feedback.needs_part", where=label, names=", ".join(names))
            return None
    return reader.shape_or_computed(value, line, what, label=label)


# -- names used in texts and computed values -----------------------------------------------------


def _check_names(reader: _FileReader, question: Question, raw: LineMap) -> None:
    """Every {field} in a parametrized text and every name a computed value reads must exist."""
    where = _question_label(question.id)
    values = {p.name for p in question.params}
    for name, computed in question.derived:
        _check_computed_names(reader, computed, values, where, Phrase("lint.what.derived", {"name": name}))
        values.add(name)
    computed_values: list[tuple[What, object]] = [("answer", question.answer)]
    computed_values += [(Phrase("lint.what.part", {"name": p.name}), p.answer) for p in question.parts]
    computed_values += [(Phrase("lint.what.feedback_answer"), f.answer) for f in question.feedback]
    for what, value in computed_values:
        if isinstance(value, Computed):
            _check_computed_names(reader, value, values, where, what)
    if not question.params:
        return
    answer_names = {"answer"} | {f"answer_{p.name}" for p in question.parts}
    for what, text, line in _texts(question, raw):
        for lang, body in text.items():
            for field_name in _format_fields(body, reader, line, where, what, lang):
                if field_name not in values | answer_names:
                    reader.problem(
                        line, "lint.names.not_a_value", where=where, what=what, lang=lang, name=field_name
                    )


def _check_computed_names(
    reader: _FileReader, computed: Computed, values: set[str], where: Where, what: What
) -> None:
    if computed.expr is not None:
        missing = names_used(computed.expr) - values
        if missing:
            reader.problem(
                computed.line, "lint.names.unknown_in_expr", where=where, what=what, name=sorted(missing)[0]
            )
        return
    formula = FORMULAS[computed.formula]
    for arg, value in computed.args.items():
        if isinstance(value, str) and value not in values:
            reader.problem(
                computed.line, "lint.names.arg_not_param", where=where, what=what, arg=str(arg), value=value
            )
    for required in formula.required:
        if required not in computed.args and required not in values:
            reader.problem(
                computed.line,
                "lint.names.formula_needs",
                where=where,
                what=what,
                formula=computed.formula,
                required=required,
            )


def _texts(question: Question, raw: LineMap):
    yield "prompt", question.prompt, raw.line_of("prompt")
    yield "explanation", question.explanation, raw.line_of("explanation")
    if question.hint:
        yield "hint", question.hint, raw.line_of("hint")
    for choice in question.choices:
        yield Phrase("lint.what.choice", {"key": choice.key}), choice.text, raw.line_of("choices")
    for pair in question.pairs:
        yield Phrase("lint.what.pair"), pair.left, raw.line_of("pairs")
        yield Phrase("lint.what.pair"), pair.right, raw.line_of("pairs")
    for entry in question.feedback:
        yield (
            Phrase("lint.what.feedback", {"tag": entry.misconception}),
            entry.message,
            raw.line_of("feedback"),
        )


def _format_fields(
    body: str, reader: _FileReader, line: int, where: Where, what: What, lang: str
) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(body))
    except ValueError as error:
        reader.problem(line, "lint.names.bad_braces", where=where, what=what, lang=lang, error=str(error))
        return []
    names = []
    for _, field_name, spec, conversion in parsed:
        if field_name is None:
            continue
        if not NAME.match(field_name):
            reader.problem(line, "lint.names.not_plain", where=where, what=what, lang=lang, name=field_name)
            continue
        fields = {"where": where, "what": what, "lang": lang, "name": field_name}
        if conversion not in CONVERSIONS:
            reader.problem(line, "lint.names.bad_conversion", conversion=conversion, **fields)
            continue
        spec_problem = format_spec_problem(spec or "")
        if spec_problem:
            reader.problem(line, spec_problem, spec=(spec or "")[:40], limit=MAX_FORMAT_WIDTH, **fields)
            continue
        names.append(field_name)
    return names


def _question_label(question_id: str) -> Phrase:
    """The start of a message about one question: "question 'x': "."""
    return Phrase("lint.where.question", {"id": question_id})
