"""Messages of `bank lint`, in Korean and English (merged into `checker.i18n.MESSAGES`).

A message about one question starts with `{where}`: the phrase "question 'x': " (`lint.where.*`), or
nothing for the file's own fields. `{what}` names the part of the question: a field name such as prompt
or answer, or a phrase from `lint.what.*`. Text quoted from elsewhere (the YAML parser, an expression's
or a formula's error) is filled in as it is.
"""

LINT_MESSAGES: dict[str, dict[str, str]] = {
    # pieces filled into the messages below
    "lint.where.question": {
        "en": "question '{id}': ",
        "ko": "문제 '{id}': ",
    },
    "lint.where.question_no_id": {
        "en": "question: ",
        "ko": "문제: ",
    },
    "lint.where.variant": {
        "en": "question '{id}' for {values}: ",
        "ko": "문제 '{id}' ({values}일 때): ",
    },
    "lint.what.choice": {"en": "choice '{key}'", "ko": "보기 '{key}'"},
    "lint.what.left_item": {"en": "left item", "ko": "왼쪽 항목"},
    "lint.what.right_item": {"en": "right item", "ko": "오른쪽 항목"},
    "lint.what.pair": {"en": "pair", "ko": "짝 항목"},
    "lint.what.part": {"en": "part '{name}'", "ko": "부분 '{name}'"},
    "lint.what.derived": {"en": "derived '{name}'", "ko": "derived 값 '{name}'"},
    "lint.what.feedback": {"en": "feedback '{tag}'", "ko": "'{tag}' feedback 메시지"},
    "lint.what.feedback_message": {"en": "feedback message", "ko": "feedback 메시지"},
    "lint.what.feedback_answer": {"en": "feedback answer", "ko": "feedback 답"},
    # reading the file
    "lint.file.too_large": {
        "en": "file larger than {limit} bytes",
        "ko": "파일이 {limit}바이트보다 큽니다",
    },
    "lint.file.not_utf8": {
        "en": "not UTF-8 text",
        "ko": "UTF-8 텍스트가 아닙니다",
    },
    "lint.file.unreadable": {
        "en": "cannot read: {reason}",
        "ko": "읽을 수 없습니다: {reason}",
    },
    "lint.yaml.syntax": {
        "en": "YAML syntax error: {problem}",
        "ko": "YAML 문법 오류: {problem}",
    },
    "lint.yaml.invalid": {
        "en": "YAML syntax error: invalid YAML",
        "ko": "YAML 문법 오류: 올바른 YAML이 아닙니다",
    },
    "lint.yaml.error": {
        "en": "YAML error: {error}",
        "ko": "YAML 오류: {error}",
    },
    "lint.yaml.key_not_plain": {
        "en": "a mapping key must be a plain value",
        "ko": "매핑의 키는 단순한 값이어야 합니다",
    },
    "lint.yaml.duplicate_key": {
        "en": "duplicate key '{key}'",
        "ko": "키 '{key}'이(가) 중복되었습니다",
    },
    "lint.yaml.tag": {
        "en": "the YAML tag {tag} is not allowed in a bank (use plain text, numbers, lists and mappings)",
        "ko": "문제 은행에는 YAML 태그 {tag}을(를) 쓸 수 없습니다(텍스트, 숫자, 리스트, 매핑만 쓰세요)",
    },
    "lint.yaml.bad_value": {
        "en": "this value is not a valid {tag}",
        "ko": "이 값은 올바른 {tag}이(가) 아닙니다",
    },
    "lint.yaml.recursive": {
        "en": "an alias refers to the value that contains it",
        "ko": "별칭(alias)이 자신을 담고 있는 값을 가리킵니다",
    },
    "lint.yaml.value_too_long": {
        "en": "a value longer than {limit} characters",
        "ko": "값이 {limit}자보다 깁니다",
    },
    "lint.yaml.too_deep": {
        "en": "lists and mappings nested more than {limit} levels deep",
        "ko": "리스트와 매핑이 {limit}단계보다 깊게 중첩되었습니다",
    },
    "lint.yaml.too_big": {
        "en": "aliases expand this value past {limit} values (or too much text)",
        "ko": "별칭(alias)을 펼치면 이 값이 {limit}개(또는 너무 많은 텍스트)를 넘습니다",
    },
    "lint.yaml.bad_character": {
        "en": "the character {char} is not allowed in YAML",
        "ko": "YAML에서 쓸 수 없는 문자 {char}이(가) 있습니다",
    },
    # the bank file
    "lint.file.not_mapping": {
        "en": "a bank file must be a mapping with topic, title and questions",
        "ko": "문제 은행 파일은 topic, title, questions가 있는 매핑이어야 합니다",
    },
    "lint.file.unknown_field": {
        "en": "unknown field '{key}' (a bank file has topic, title, questions)",
        "ko": "알 수 없는 필드 '{key}'입니다(문제 은행 파일의 필드는 topic, title, questions입니다)",
    },
    "lint.file.bad_topic": {
        "en": "topic must be an id like 'lstm-gates' (lower-case, '-')",
        "ko": "topic은 'lstm-gates'처럼 소문자와 '-'로 된 id여야 합니다",
    },
    "lint.file.no_questions": {
        "en": "questions must be a non-empty list",
        "ko": "questions는 비어 있지 않은 리스트여야 합니다",
    },
    # bilingual texts
    "lint.text.empty": {
        "en": "{where}{what} is empty",
        "ko": "{where}{what}이(가) 비어 있습니다",
    },
    "lint.text.not_text_or_mapping": {
        "en": "{where}{what} must be a text or a mapping with en and ko",
        "ko": "{where}{what}은(는) 텍스트이거나 en과 ko가 있는 매핑이어야 합니다",
    },
    "lint.text.not_mapping": {
        "en": "{where}{what} must be a mapping with en and ko",
        "ko": "{where}{what}은(는) en과 ko가 있는 매핑이어야 합니다",
    },
    "lint.text.unknown_lang": {
        "en": "{where}unknown language '{lang}' in {what} (use en and ko)",
        "ko": "{where}{what}에 알 수 없는 언어 '{lang}'이(가) 있습니다(en과 ko를 쓰세요)",
    },
    "lint.text.missing_en": {
        "en": "{where}missing English translation (en) of {what}",
        "ko": "{where}{what}의 영어 번역(en)이 없습니다",
    },
    "lint.text.missing_ko": {
        "en": "{where}missing Korean translation (ko) of {what}",
        "ko": "{where}{what}의 한국어 번역(ko)이 없습니다",
    },
    "lint.text.not_text": {
        "en": "{where}{what} ({lang}) must be text",
        "ko": "{where}{what} ({lang})은(는) 텍스트여야 합니다",
    },
    "lint.text.lang_empty": {
        "en": "{where}{what} ({lang}) is empty",
        "ko": "{where}{what} ({lang})이(가) 비어 있습니다",
    },
    # computed values: {formula: ..., args: ...} or {expr: ...}
    "lint.computed.unknown_field": {
        "en": "unknown field '{key}' in {where}{what} (use formula/args or expr)",
        "ko": "{where}{what}에 알 수 없는 필드 '{key}'이(가) 있습니다(formula/args 또는 expr를 쓰세요)",
    },
    "lint.computed.expr_not_string": {
        "en": "expr of {where}{what} must be a string",
        "ko": "{where}{what}의 expr는 문자열이어야 합니다",
    },
    "lint.computed.bad_expr": {
        "en": "{where}{what}: {error}",
        "ko": "{where}{what}: 쓸 수 없는 expr입니다: {error}",
    },
    "lint.computed.unknown_formula": {
        "en": "{where}{what}: unknown formula '{name}' (known: {known})",
        "ko": "{where}{what}: 알 수 없는 formula '{name}'입니다(사용할 수 있는 formula: {known})",
    },
    "lint.computed.args_not_mapping": {
        "en": "args of {where}{what} must be a mapping",
        "ko": "{where}{what}의 args는 매핑이어야 합니다",
    },
    "lint.computed.variadic": {
        "en": "'{name}' takes any number of values: use it in an expr",
        "ko": "'{name}'은(는) 값을 몇 개든 받으므로 expr 안에서 써야 합니다",
    },
    "lint.computed.no_such_arg": {
        "en": "formula '{name}' has no argument '{arg}' (its arguments: {arguments})",
        "ko": "formula '{name}'에는 인자 '{arg}'이(가) 없습니다(인자: {arguments})",
    },
    "lint.computed.bad_arg": {
        "en": "argument '{arg}' must be a number, true/false or a name",
        "ko": "인자 '{arg}'은(는) 숫자, true/false 또는 이름이어야 합니다",
    },
    "lint.computed.not_number": {
        "en": "{where}{what} must be a number or a computed value ({{formula: ...}} / {{expr: ...}})",
        "ko": "{where}{what}은(는) 숫자이거나 계산된 값({{formula: ...}} / {{expr: ...}})이어야 합니다",
    },
    "lint.computed.not_finite": {
        "en": "{where}{what} must be a finite number (not .inf or .nan)",
        "ko": "{where}{what}은(는) 유한한 숫자여야 합니다(.inf나 .nan은 안 됩니다)",
    },
    "lint.computed.not_shape": {
        "en": "{where}{what} must be a list of whole numbers like [1, 35, 20], or computed",
        "ko": "{where}{what}은(는) [1, 35, 20]처럼 정수의 리스트이거나 계산된 값이어야 합니다",
    },
    # questions
    "lint.question.not_mapping": {
        "en": "a question must be a mapping",
        "ko": "문제는 매핑이어야 합니다",
    },
    "lint.question.missing_field": {
        "en": "{where}missing field '{name}'",
        "ko": "{where}필드 '{name}'이(가) 없습니다",
    },
    "lint.question.bad_id": {
        "en": "id must be lower-case letters, digits and '-', like 'gates-forget-role'",
        "ko": "id는 'gates-forget-role'처럼 소문자, 숫자, '-'로만 써야 합니다",
    },
    "lint.question.unknown_type": {
        "en": "{where}unknown type '{type}' (known: {known})",
        "ko": "{where}알 수 없는 type '{type}'입니다(사용할 수 있는 type: {known})",
    },
    "lint.question.unknown_field": {
        "en": "{where}unknown field '{key}' for a {type} question (allowed: {allowed})",
        "ko": "{where}{type} 문제에 쓸 수 없는 필드 '{key}'이(가) 있습니다(쓸 수 있는 필드: {allowed})",
    },
    "lint.question.difficulty": {
        "en": "{where}difficulty must be 1, 2 or 3",
        "ko": "{where}difficulty는 1, 2, 3 중 하나여야 합니다",
    },
    "lint.question.tags": {
        "en": "{where}tags must be a list of words",
        "ko": "{where}tags는 단어의 리스트여야 합니다",
    },
    # params and derived values
    "lint.params.not_mapping": {
        "en": "{where}params must be a mapping of names to values",
        "ko": "{where}params는 이름과 값의 매핑이어야 합니다",
    },
    "lint.params.bad_name": {
        "en": "{where}'{name}' cannot be a parameter name",
        "ko": "{where}'{name}'은(는) 매개변수 이름으로 쓸 수 없습니다",
    },
    "lint.params.bad_list": {
        "en": "{where}parameter '{name}' needs a non-empty list of plain values",
        "ko": "{where}매개변수 '{name}'에는 단순한 값으로 된 비어 있지 않은 리스트가 필요합니다",
    },
    "lint.params.bad_range": {
        "en": "{where}parameter '{name}' needs whole numbers min ≤ max",
        "ko": "{where}매개변수 '{name}'에는 min ≤ max인 정수 min, max가 필요합니다",
    },
    "lint.params.bad_spec": {
        "en": "{where}parameter '{name}' must be a list of values or {{min: A, max: B}}",
        "ko": "{where}매개변수 '{name}'은(는) 값의 리스트이거나 {{min: A, max: B}}여야 합니다",
    },
    "lint.derived.not_mapping": {
        "en": "{where}derived must be a mapping of names to values",
        "ko": "{where}derived는 이름과 값의 매핑이어야 합니다",
    },
    "lint.derived.bad_name": {
        "en": "{where}'{name}' cannot be a derived name (taken or not a name)",
        "ko": "{where}'{name}'은(는) derived 이름으로 쓸 수 없습니다(이미 쓰였거나 이름이 아님)",
    },
    "lint.derived.bad_value": {
        "en": "{where}derived '{name}' must be {{formula: ...}} or {{expr: ...}}",
        "ko": "{where}derived 값 '{name}'은(는) {{formula: ...}} 또는 {{expr: ...}}여야 합니다",
    },
    # choice and multi questions
    "lint.choices.too_few": {
        "en": "{where}choices must be a list of at least two",
        "ko": "{where}choices는 보기가 두 개 이상인 리스트여야 합니다",
    },
    "lint.choices.bad_item": {
        "en": "{where}each choice needs a key and its text ({{key, en, ko}})",
        "ko": "{where}각 보기에는 key와 텍스트({{key, en, ko}})가 필요합니다",
    },
    "lint.choices.unknown_field": {
        "en": "{where}unknown field '{key}' in a choice",
        "ko": "{where}보기에 알 수 없는 필드 '{key}'이(가) 있습니다",
    },
    "lint.choices.bad_key": {
        "en": "{where}a choice key must be a short word",
        "ko": "{where}보기의 key는 짧은 단어여야 합니다",
    },
    "lint.choices.duplicate_key": {
        "en": "{where}choice key '{key}' is used twice",
        "ko": "{where}보기 key '{key}'이(가) 두 번 쓰였습니다",
    },
    "lint.choices.shuffle": {
        "en": "{where}shuffle must be true or false",
        "ko": "{where}shuffle은 true 또는 false여야 합니다",
    },
    "lint.choices.one_answer": {
        "en": "{where}a choice question has one answer key; use type multi for several",
        "ko": "{where}choice 문제의 답은 key 하나입니다. 답이 여러 개라면 type multi를 쓰세요",
    },
    "lint.choices.answer_not_a_choice": {
        "en": "{where}answer '{answer}' is not among the choices ({keys})",
        "ko": "{where}답 '{answer}'이(가) 보기({keys})에 없습니다",
    },
    "lint.choices.multi_answer": {
        "en": "{where}a multi question's answer is a list of choice keys",
        "ko": "{where}multi 문제의 답은 보기 key의 리스트여야 합니다",
    },
    "lint.choices.answer_twice": {
        "en": "{where}an answer key is listed twice",
        "ko": "{where}같은 답 key가 두 번 들어 있습니다",
    },
    # numeric, text and shape answers
    "lint.numeric.tolerance": {
        "en": "{where}tolerance must be {{abs: A, rel: R}} with numbers ≥ 0",
        "ko": "{where}tolerance는 0 이상의 수로 된 {{abs: A, rel: R}}여야 합니다",
    },
    "lint.text_answer.not_text": {
        "en": "{where}{what} must be a text or a list of texts (quote yes/no/on/off)",
        "ko": "{where}{what}은(는) 텍스트이거나 텍스트의 리스트여야 합니다"
        "(yes/no/on/off는 따옴표로 감싸세요)",
    },
    "lint.text_answer.empty": {
        "en": "{where}{what} must list at least one accepted answer",
        "ko": "{where}{what}에는 정답으로 인정할 답이 하나 이상 있어야 합니다",
    },
    "lint.shape.answer_or_parts": {
        "en": "{where}a shape question has either 'answer' or 'parts'",
        "ko": "{where}shape 문제에는 'answer'와 'parts' 중 하나만 있어야 합니다",
    },
    "lint.shape.parts_not_list": {
        "en": "{where}parts must be a list of {{name, answer}}",
        "ko": "{where}parts는 {{name, answer}}의 리스트여야 합니다",
    },
    "lint.shape.bad_part": {
        "en": "{where}each part has exactly a name and an answer",
        "ko": "{where}각 part에는 name과 answer만 있어야 합니다",
    },
    "lint.shape.part_names": {
        "en": "{where}part names must be distinct words",
        "ko": "{where}part의 name은 서로 다른 단어여야 합니다",
    },
    # match questions
    "lint.pairs.too_few": {
        "en": "{where}pairs must be a list of at least two {{left, right}}",
        "ko": "{where}pairs는 {{left, right}}가 두 개 이상인 리스트여야 합니다",
    },
    "lint.pairs.too_many": {
        "en": "{where}at most {limit} pairs",
        "ko": "{where}짝은 {limit}개까지만 쓸 수 있습니다",
    },
    "lint.pairs.bad_pair": {
        "en": "{where}each pair has exactly a left and a right",
        "ko": "{where}각 짝에는 left와 right만 있어야 합니다",
    },
    "lint.pairs.same_right": {
        "en": "{where}two right items read the same ({lang})",
        "ko": "{where}오른쪽 항목 두 개가 같습니다({lang})",
    },
    # feedback entries
    "lint.feedback.match": {
        "en": "{where}match questions take no feedback entries",
        "ko": "{where}match 문제에는 feedback 항목을 쓸 수 없습니다",
    },
    "lint.feedback.not_list": {
        "en": "{where}feedback must be a list",
        "ko": "{where}feedback은 리스트여야 합니다",
    },
    "lint.feedback.not_mapping": {
        "en": "{where}a feedback entry must be a mapping",
        "ko": "{where}feedback 항목은 매핑이어야 합니다",
    },
    "lint.feedback.unknown_field": {
        "en": "{where}unknown field '{key}' in feedback",
        "ko": "{where}feedback에 알 수 없는 필드 '{key}'이(가) 있습니다",
    },
    "lint.feedback.missing": {
        "en": "{where}feedback entry is missing '{key}'",
        "ko": "{where}feedback 항목에 '{key}'이(가) 없습니다",
    },
    "lint.feedback.bad_tag": {
        "en": "{where}misconception must be a tag like 'one-bias-vector'",
        "ko": "{where}misconception은 'one-bias-vector' 같은 태그여야 합니다",
    },
    "lint.feedback.part_without_parts": {
        "en": "{where}'part' only applies to shape questions with parts",
        "ko": "{where}'part'는 parts가 있는 shape 문제에만 쓸 수 있습니다",
    },
    "lint.feedback.not_a_choice": {
        "en": "{where}feedback answer '{answer}' is not among the choices",
        "ko": "{where}feedback 답 '{answer}'이(가) 보기에 없습니다",
    },
    "lint.feedback.not_choices": {
        "en": "{where}feedback answer {answer} is not among the choices",
        "ko": "{where}feedback 답 {answer}이(가) 보기에 없습니다",
    },
    "lint.feedback.correct_key": {
        "en": "{where}feedback answer '{answer}' is the correct answer",
        "ko": "{where}feedback 답 '{answer}'은(는) 정답입니다",
    },
    "lint.feedback.correct_keys": {
        "en": "{where}feedback answer is the correct answer",
        "ko": "{where}feedback 답이 정답과 같습니다",
    },
    "lint.feedback.correct_number": {
        "en": "{where}feedback answer {answer} is the correct answer",
        "ko": "{where}feedback 답 {answer}은(는) 정답입니다",
    },
    "lint.feedback.accepted": {
        "en": "{where}feedback answer '{answer}' is also an accepted answer",
        "ko": "{where}feedback 답 '{answer}'은(는) 정답으로도 인정되는 답입니다",
    },
    "lint.feedback.needs_part": {
        "en": "{where}feedback for a shape with parts needs 'part' (one of {names})",
        "ko": "{where}parts가 있는 shape 문제의 feedback에는 'part'({names} 중 하나)가 필요합니다",
    },
    # names used in texts and computed values
    "lint.names.not_a_value": {
        "en": "{where}{what} ({lang}) uses {{{name}}}, which is not a param or derived value "
        "(write a literal brace twice: {{{{ }}}})",
        "ko": "{where}{what} ({lang})에 쓴 {{{name}}}은(는) param이나 derived 값이 아닙니다"
        "(중괄호를 글자로 쓰려면 두 번 쓰세요: {{{{ }}}})",
    },
    "lint.names.bad_braces": {
        "en": "{where}{what} ({lang}): {error} (write a literal brace twice: {{{{ }}}})",
        "ko": "{where}{what} ({lang}): 중괄호가 잘못되었습니다: {error} "
        "(중괄호를 글자로 쓰려면 두 번 쓰세요: {{{{ }}}})",
    },
    "lint.names.not_plain": {
        "en": "{where}{what} ({lang}): '{{{name}}}' is not a plain name (write a literal brace twice)",
        "ko": "{where}{what} ({lang}): '{{{name}}}'은(는) 단순한 이름이 아닙니다"
        "(중괄호를 글자로 쓰려면 두 번 쓰세요)",
    },
    "lint.names.bad_conversion": {
        "en": "{where}{what} ({lang}): '!{conversion}' in {{{name}}} is not a conversion (use !s or !r)",
        "ko": "{where}{what} ({lang}): {{{name}}}의 '!{conversion}'은(는) 쓸 수 없는 변환입니다(!s나 !r을 쓰세요)",
    },
    "lint.names.spec_nested": {
        "en": "{where}{what} ({lang}): the format of {{{name}}} ('{spec}') may not contain another field",
        "ko": "{where}{what} ({lang}): {{{name}}}의 서식('{spec}') 안에 다른 필드를 쓸 수 없습니다",
    },
    "lint.names.spec_too_wide": {
        "en": "{where}{what} ({lang}): the format of {{{name}}} ('{spec}') asks for more than {limit} characters",
        "ko": "{where}{what} ({lang}): {{{name}}}의 서식('{spec}')이 {limit}자보다 많은 자리를 요구합니다",
    },
    "lint.names.unknown_in_expr": {
        "en": "{where}{what}: unknown name '{name}' in expr",
        "ko": "{where}{what}: expr에 알 수 없는 이름 '{name}'이(가) 있습니다",
    },
    "lint.names.arg_not_param": {
        "en": "{where}{what}: argument '{arg}' names '{value}', which is not a param",
        "ko": "{where}{what}: 인자 '{arg}'이(가) 가리키는 '{value}'은(는) param이 아닙니다",
    },
    "lint.names.formula_needs": {
        "en": "{where}{what}: formula '{formula}' needs '{required}' "
        "(add a param of that name or pass it in args)",
        "ko": "{where}{what}: formula '{formula}'에는 '{required}'이(가) 필요합니다"
        "(그 이름의 param을 추가하거나 args로 넘기세요)",
    },
    # across questions and files
    "lint.duplicate_id": {
        "en": "duplicate id '{id}' (first defined at {first})",
        "ko": "id '{id}'이(가) 중복되었습니다(처음 정의된 곳: {first})",
    },
    "lint.shipped_id": {
        "en": "id '{id}' is already used by a shipped question ({other})",
        "ko": "id '{id}'은(는) 기본 제공 문제({other})가 이미 쓰고 있습니다",
    },
    # every parameter value evaluated
    "lint.variant.fails": {
        "en": "{where}{error}",
        "ko": "{where}값을 넣어 문제를 만들지 못했습니다: {error}",
    },
    "lint.variant.feedback_correct": {
        "en": "{where}feedback '{tag}' names an answer that is correct",
        "ko": "{where}feedback '{tag}'의 답이 정답으로 채점됩니다",
    },
}
