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
        "ja": "問題 '{id}': ",
    },
    "lint.where.misconception": {
        "en": "misconception '{tag}': ",
        "ko": "오개념 '{tag}': ",
        "ja": "誤解 '{tag}': ",
    },
    "lint.where.question_no_id": {
        "en": "question: ",
        "ko": "문제: ",
        "ja": "問題: ",
    },
    "lint.where.variant": {
        "en": "question '{id}' for {values}: ",
        "ko": "문제 '{id}' ({values}일 때): ",
        "ja": "問題 '{id}'（{values} のとき）: ",
    },
    "lint.what.choice": {"en": "choice '{key}'", "ko": "보기 '{key}'", "ja": "選択肢 '{key}'"},
    "lint.what.left_item": {"en": "left item", "ko": "왼쪽 항목", "ja": "左側の項目"},
    "lint.what.right_item": {"en": "right item", "ko": "오른쪽 항목", "ja": "右側の項目"},
    "lint.what.pair": {"en": "pair", "ko": "짝 항목", "ja": "組"},
    "lint.what.part": {"en": "part '{name}'", "ko": "부분 '{name}'", "ja": "部分 '{name}'"},
    "lint.what.derived": {
        "en": "derived '{name}'",
        "ko": "derived 값 '{name}'",
        "ja": "derived の値 '{name}'",
    },
    "lint.what.feedback": {
        "en": "feedback '{tag}'",
        "ko": "'{tag}' feedback 메시지",
        "ja": "'{tag}' の feedback メッセージ",
    },
    "lint.what.feedback_message": {
        "en": "feedback message",
        "ko": "feedback 메시지",
        "ja": "feedback メッセージ",
    },
    "lint.what.feedback_answer": {"en": "feedback answer", "ko": "feedback 답", "ja": "feedback の答え"},
    # reading the file
    "lint.file.too_large": {
        "en": "file larger than {limit} bytes",
        "ko": "파일이 {limit}바이트보다 큽니다",
        "ja": "ファイルが {limit} バイトを超えています",
    },
    "lint.file.not_utf8": {
        "en": "not UTF-8 text",
        "ko": "UTF-8 텍스트가 아닙니다",
        "ja": "UTF-8 のテキストではありません",
    },
    "lint.file.unreadable": {
        "en": "cannot read: {reason}",
        "ko": "읽을 수 없습니다: {reason}",
        "ja": "読み込めません: {reason}",
    },
    "lint.yaml.syntax": {
        "en": "YAML syntax error: {problem}",
        "ko": "YAML 문법 오류: {problem}",
        "ja": "YAML の構文エラー: {problem}",
    },
    "lint.yaml.invalid": {
        "en": "YAML syntax error: invalid YAML",
        "ko": "YAML 문법 오류: 올바른 YAML이 아닙니다",
        "ja": "YAML の構文エラー: 正しい YAML ではありません",
    },
    "lint.yaml.error": {
        "en": "YAML error: {error}",
        "ko": "YAML 오류: {error}",
        "ja": "YAML のエラー: {error}",
    },
    "lint.yaml.key_not_plain": {
        "en": "a mapping key must be a plain value",
        "ko": "매핑의 키는 단순한 값이어야 합니다",
        "ja": "マッピングのキーは単純な値でなければなりません",
    },
    "lint.yaml.duplicate_key": {
        "en": "duplicate key '{key}'",
        "ko": "키 '{key}'이(가) 중복되었습니다",
        "ja": "キー '{key}' が重複しています",
    },
    "lint.yaml.tag": {
        "en": "the YAML tag {tag} is not allowed in a bank (use plain text, numbers, lists and mappings)",
        "ko": "문제 은행에는 YAML 태그 {tag}을(를) 쓸 수 없습니다(텍스트, 숫자, 리스트, 매핑만 쓰세요)",
        "ja": "問題バンクでは YAML タグ {tag} は使えません（テキスト、数値、リスト、マッピングだけを使ってください）",
    },
    "lint.yaml.bad_value": {
        "en": "this value is not a valid {tag}",
        "ko": "이 값은 올바른 {tag}이(가) 아닙니다",
        "ja": "この値は正しい {tag} ではありません",
    },
    "lint.yaml.recursive": {
        "en": "an alias refers to the value that contains it",
        "ko": "별칭(alias)이 자신을 담고 있는 값을 가리킵니다",
        "ja": "エイリアス（alias）が自分を含む値を参照しています",
    },
    "lint.yaml.value_too_long": {
        "en": "a value longer than {limit} characters",
        "ko": "값이 {limit}자보다 깁니다",
        "ja": "値が {limit} 文字を超えています",
    },
    "lint.yaml.too_deep": {
        "en": "lists and mappings nested more than {limit} levels deep",
        "ko": "리스트와 매핑이 {limit}단계보다 깊게 중첩되었습니다",
        "ja": "リストとマッピングの入れ子が {limit} 段階より深くなっています",
    },
    "lint.yaml.too_big": {
        "en": "aliases expand this value past {limit} values (or too much text)",
        "ko": "별칭(alias)을 펼치면 이 값이 {limit}개(또는 너무 많은 텍스트)를 넘습니다",
        "ja": "エイリアス（alias）を展開すると、この値が {limit} 個（または多すぎるテキスト）を超えます",
    },
    "lint.yaml.bad_character": {
        "en": "the character {char} is not allowed in YAML",
        "ko": "YAML에서 쓸 수 없는 문자 {char}이(가) 있습니다",
        "ja": "YAML では使えない文字 {char} があります",
    },
    # the bank file
    "lint.file.not_mapping": {
        "en": "a bank file must be a mapping with topic, title and questions",
        "ko": "문제 은행 파일은 topic, title, questions가 있는 매핑이어야 합니다",
        "ja": "問題バンクのファイルは topic、title、questions を持つマッピングでなければなりません",
    },
    "lint.file.unknown_field": {
        "en": "unknown field '{key}' (a bank file has topic, title, questions)",
        "ko": "알 수 없는 필드 '{key}'입니다(문제 은행 파일의 필드는 topic, title, questions입니다)",
        "ja": "不明なフィールド '{key}' です（問題バンクのファイルのフィールドは topic、title、questions です）",
    },
    "lint.file.bad_topic": {
        "en": "topic must be an id like 'lstm-gates' (lower-case, '-')",
        "ko": "topic은 'lstm-gates'처럼 소문자와 '-'로 된 id여야 합니다",
        "ja": "topic は 'lstm-gates' のように小文字と '-' からなる id でなければなりません",
    },
    "lint.file.no_questions": {
        "en": "questions must be a non-empty list",
        "ko": "questions는 비어 있지 않은 리스트여야 합니다",
        "ja": "questions は空でないリストでなければなりません",
    },
    # bilingual texts
    "lint.text.empty": {
        "en": "{where}{what} is empty",
        "ko": "{where}{what}이(가) 비어 있습니다",
        "ja": "{where}{what} が空です",
    },
    "lint.text.not_text_or_mapping": {
        "en": "{where}{what} must be a text or a mapping with en and ko",
        "ko": "{where}{what}은(는) 텍스트이거나 en과 ko가 있는 매핑이어야 합니다",
        "ja": "{where}{what} はテキストか、en と ko を持つマッピングでなければなりません",
    },
    "lint.text.not_mapping": {
        "en": "{where}{what} must be a mapping with en and ko",
        "ko": "{where}{what}은(는) en과 ko가 있는 매핑이어야 합니다",
        "ja": "{where}{what} は en と ko を持つマッピングでなければなりません",
    },
    "lint.text.unknown_lang": {
        "en": "{where}unknown language '{lang}' in {what} (use en, ko and ja)",
        "ko": "{where}{what}에 알 수 없는 언어 '{lang}'이(가) 있습니다(en, ko, ja를 쓰세요)",
        "ja": "{where}{what} に不明な言語 '{lang}' があります（en、ko、ja を使ってください）",
    },
    "lint.text.missing_en": {
        "en": "{where}missing English translation (en) of {what}",
        "ko": "{where}{what}의 영어 번역(en)이 없습니다",
        "ja": "{where}{what} の英語訳（en）がありません",
    },
    "lint.text.missing_ko": {
        "en": "{where}missing Korean translation (ko) of {what}",
        "ko": "{where}{what}의 한국어 번역(ko)이 없습니다",
        "ja": "{where}{what} の韓国語訳（ko）がありません",
    },
    "lint.text.missing_ja": {
        "en": "{where}missing Japanese translation (ja) of {what}",
        "ko": "{where}{what}의 일본어 번역(ja)이 없습니다",
        "ja": "{where}{what}の日本語訳(ja)がありません",
    },
    "lint.text.not_text": {
        "en": "{where}{what} ({lang}) must be text",
        "ko": "{where}{what} ({lang})은(는) 텍스트여야 합니다",
        "ja": "{where}{what}（{lang}）はテキストでなければなりません",
    },
    "lint.text.lang_empty": {
        "en": "{where}{what} ({lang}) is empty",
        "ko": "{where}{what} ({lang})이(가) 비어 있습니다",
        "ja": "{where}{what}（{lang}）が空です",
    },
    # computed values: {formula: ..., args: ...} or {expr: ...}
    "lint.computed.unknown_field": {
        "en": "unknown field '{key}' in {where}{what} (use formula/args or expr)",
        "ko": "{where}{what}에 알 수 없는 필드 '{key}'이(가) 있습니다(formula/args 또는 expr를 쓰세요)",
        "ja": "{where}{what} に不明なフィールド '{key}' があります（formula/args または expr を使ってください）",
    },
    "lint.computed.expr_not_string": {
        "en": "expr of {where}{what} must be a string",
        "ko": "{where}{what}의 expr는 문자열이어야 합니다",
        "ja": "{where}{what} の expr は文字列でなければなりません",
    },
    "lint.computed.bad_expr": {
        "en": "{where}{what}: {error}",
        "ko": "{where}{what}: 쓸 수 없는 expr입니다: {error}",
        "ja": "{where}{what}: 使えない expr です: {error}",
    },
    "lint.computed.unknown_formula": {
        "en": "{where}{what}: unknown formula '{name}' (known: {known})",
        "ko": "{where}{what}: 알 수 없는 formula '{name}'입니다(사용할 수 있는 formula: {known})",
        "ja": "{where}{what}: 不明な formula '{name}' です（使える formula: {known}）",
    },
    "lint.computed.args_not_mapping": {
        "en": "args of {where}{what} must be a mapping",
        "ko": "{where}{what}의 args는 매핑이어야 합니다",
        "ja": "{where}{what} の args はマッピングでなければなりません",
    },
    "lint.computed.variadic": {
        "en": "'{name}' takes any number of values: use it in an expr",
        "ko": "'{name}'은(는) 값을 몇 개든 받으므로 expr 안에서 써야 합니다",
        "ja": "'{name}' は任意の個数の値を受け取るため、expr の中で使ってください",
    },
    "lint.computed.no_such_arg": {
        "en": "formula '{name}' has no argument '{arg}' (its arguments: {arguments})",
        "ko": "formula '{name}'에는 인자 '{arg}'이(가) 없습니다(인자: {arguments})",
        "ja": "formula '{name}' に引数 '{arg}' はありません（引数: {arguments}）",
    },
    "lint.computed.bad_arg": {
        "en": "argument '{arg}' must be a number, true/false or a name",
        "ko": "인자 '{arg}'은(는) 숫자, true/false 또는 이름이어야 합니다",
        "ja": "引数 '{arg}' は数値、true/false、または名前でなければなりません",
    },
    "lint.computed.not_number": {
        "en": "{where}{what} must be a number or a computed value ({{formula: ...}} / {{expr: ...}})",
        "ko": "{where}{what}은(는) 숫자이거나 계산된 값({{formula: ...}} / {{expr: ...}})이어야 합니다",
        "ja": "{where}{what} は数値か計算された値（{{formula: ...}} / {{expr: ...}}）でなければなりません",
    },
    "lint.computed.not_finite": {
        "en": "{where}{what} must be a finite number (not .inf or .nan)",
        "ko": "{where}{what}은(는) 유한한 숫자여야 합니다(.inf나 .nan은 안 됩니다)",
        "ja": "{where}{what} は有限の数値でなければなりません（.inf や .nan は不可）",
    },
    "lint.computed.not_shape": {
        "en": "{where}{what} must be a list of whole numbers like [1, 35, 20], or computed",
        "ko": "{where}{what}은(는) [1, 35, 20]처럼 정수의 리스트이거나 계산된 값이어야 합니다",
        "ja": "{where}{what} は [1, 35, 20] のような整数のリストか、計算された値でなければなりません",
    },
    # questions
    "lint.question.not_mapping": {
        "en": "a question must be a mapping",
        "ko": "문제는 매핑이어야 합니다",
        "ja": "問題はマッピングでなければなりません",
    },
    "lint.question.missing_field": {
        "en": "{where}missing field '{name}'",
        "ko": "{where}필드 '{name}'이(가) 없습니다",
        "ja": "{where}フィールド '{name}' がありません",
    },
    "lint.question.bad_id": {
        "en": "id must be lower-case letters, digits and '-', like 'gates-forget-role'",
        "ko": "id는 'gates-forget-role'처럼 소문자, 숫자, '-'로만 써야 합니다",
        "ja": "id は 'gates-forget-role' のように小文字、数字、'-' だけで書いてください",
    },
    "lint.question.unknown_type": {
        "en": "{where}unknown type '{type}' (known: {known})",
        "ko": "{where}알 수 없는 type '{type}'입니다(사용할 수 있는 type: {known})",
        "ja": "{where}不明な type '{type}' です（使える type: {known}）",
    },
    "lint.question.unknown_field": {
        "en": "{where}unknown field '{key}' for a {type} question (allowed: {allowed})",
        "ko": "{where}{type} 문제에 쓸 수 없는 필드 '{key}'이(가) 있습니다(쓸 수 있는 필드: {allowed})",
        "ja": "{where}{type} 問題では使えないフィールド '{key}' があります（使えるフィールド: {allowed}）",
    },
    "lint.question.difficulty": {
        "en": "{where}difficulty must be 1, 2 or 3",
        "ko": "{where}difficulty는 1, 2, 3 중 하나여야 합니다",
        "ja": "{where}difficulty は 1、2、3 のいずれかでなければなりません",
    },
    "lint.question.tags": {
        "en": "{where}tags must be a list of words",
        "ko": "{where}tags는 단어의 리스트여야 합니다",
        "ja": "{where}tags は単語のリストでなければなりません",
    },
    # params and derived values
    "lint.params.not_mapping": {
        "en": "{where}params must be a mapping of names to values",
        "ko": "{where}params는 이름과 값의 매핑이어야 합니다",
        "ja": "{where}params は名前と値のマッピングでなければなりません",
    },
    "lint.params.bad_name": {
        "en": "{where}'{name}' cannot be a parameter name",
        "ko": "{where}'{name}'은(는) 매개변수 이름으로 쓸 수 없습니다",
        "ja": "{where}'{name}' はパラメータ名に使えません",
    },
    "lint.params.bad_list": {
        "en": "{where}parameter '{name}' needs a non-empty list of plain values",
        "ko": "{where}매개변수 '{name}'에는 단순한 값으로 된 비어 있지 않은 리스트가 필요합니다",
        "ja": "{where}パラメータ '{name}' には単純な値からなる空でないリストが必要です",
    },
    "lint.params.bad_range": {
        "en": "{where}parameter '{name}' needs whole numbers min ≤ max",
        "ko": "{where}매개변수 '{name}'에는 min ≤ max인 정수 min, max가 필요합니다",
        "ja": "{where}パラメータ '{name}' には min ≤ max となる整数の min と max が必要です",
    },
    "lint.params.bad_spec": {
        "en": "{where}parameter '{name}' must be a list of values or {{min: A, max: B}}",
        "ko": "{where}매개변수 '{name}'은(는) 값의 리스트이거나 {{min: A, max: B}}여야 합니다",
        "ja": "{where}パラメータ '{name}' は値のリストか {{min: A, max: B}} でなければなりません",
    },
    "lint.derived.not_mapping": {
        "en": "{where}derived must be a mapping of names to values",
        "ko": "{where}derived는 이름과 값의 매핑이어야 합니다",
        "ja": "{where}derived は名前と値のマッピングでなければなりません",
    },
    "lint.derived.bad_name": {
        "en": "{where}'{name}' cannot be a derived name (taken or not a name)",
        "ko": "{where}'{name}'은(는) derived 이름으로 쓸 수 없습니다(이미 쓰였거나 이름이 아님)",
        "ja": "{where}'{name}' は derived の名前に使えません（使用済みか、名前ではありません）",
    },
    "lint.derived.bad_value": {
        "en": "{where}derived '{name}' must be {{formula: ...}} or {{expr: ...}}",
        "ko": "{where}derived 값 '{name}'은(는) {{formula: ...}} 또는 {{expr: ...}}여야 합니다",
        "ja": "{where}derived の値 '{name}' は {{formula: ...}} または {{expr: ...}} でなければなりません",
    },
    # choice and multi questions
    "lint.choices.too_few": {
        "en": "{where}choices must be a list of at least two",
        "ko": "{where}choices는 보기가 두 개 이상인 리스트여야 합니다",
        "ja": "{where}choices は選択肢が 2 つ以上のリストでなければなりません",
    },
    "lint.choices.bad_item": {
        "en": "{where}each choice needs a key and its text ({{key, en, ko}})",
        "ko": "{where}각 보기에는 key와 텍스트({{key, en, ko}})가 필요합니다",
        "ja": "{where}各選択肢には key とテキスト（{{key, en, ko}}）が必要です",
    },
    "lint.choices.unknown_field": {
        "en": "{where}unknown field '{key}' in a choice",
        "ko": "{where}보기에 알 수 없는 필드 '{key}'이(가) 있습니다",
        "ja": "{where}選択肢に不明なフィールド '{key}' があります",
    },
    "lint.choices.bad_key": {
        "en": "{where}a choice key must be a short word",
        "ko": "{where}보기의 key는 짧은 단어여야 합니다",
        "ja": "{where}選択肢の key は短い単語でなければなりません",
    },
    "lint.choices.duplicate_key": {
        "en": "{where}choice key '{key}' is used twice",
        "ko": "{where}보기 key '{key}'이(가) 두 번 쓰였습니다",
        "ja": "{where}選択肢の key '{key}' が 2 回使われています",
    },
    "lint.choices.shuffle": {
        "en": "{where}shuffle must be true or false",
        "ko": "{where}shuffle은 true 또는 false여야 합니다",
        "ja": "{where}shuffle は true または false でなければなりません",
    },
    "lint.choices.one_answer": {
        "en": "{where}a choice question has one answer key; use type multi for several",
        "ko": "{where}choice 문제의 답은 key 하나입니다. 답이 여러 개라면 type multi를 쓰세요",
        "ja": "{where}choice 問題の答えは key 1 つです。答えが複数なら type multi を使ってください",
    },
    "lint.choices.answer_not_a_choice": {
        "en": "{where}answer '{answer}' is not among the choices ({keys})",
        "ko": "{where}답 '{answer}'이(가) 보기({keys})에 없습니다",
        "ja": "{where}答え '{answer}' が選択肢（{keys}）にありません",
    },
    "lint.choices.multi_answer": {
        "en": "{where}a multi question's answer is a list of choice keys",
        "ko": "{where}multi 문제의 답은 보기 key의 리스트여야 합니다",
        "ja": "{where}multi 問題の答えは選択肢の key のリストでなければなりません",
    },
    "lint.choices.answer_twice": {
        "en": "{where}an answer key is listed twice",
        "ko": "{where}같은 답 key가 두 번 들어 있습니다",
        "ja": "{where}同じ答えの key が 2 回入っています",
    },
    # numeric, text and shape answers
    "lint.numeric.tolerance": {
        "en": "{where}tolerance must be {{abs: A, rel: R}} with numbers ≥ 0",
        "ko": "{where}tolerance는 0 이상의 수로 된 {{abs: A, rel: R}}여야 합니다",
        "ja": "{where}tolerance は 0 以上の数値からなる {{abs: A, rel: R}} でなければなりません",
    },
    "lint.text_answer.not_text": {
        "en": "{where}{what} must be a text or a list of texts (quote yes/no/on/off)",
        "ko": "{where}{what}은(는) 텍스트이거나 텍스트의 리스트여야 합니다"
        "(yes/no/on/off는 따옴표로 감싸세요)",
        "ja": "{where}{what} はテキストかテキストのリストでなければなりません（yes/no/on/off は引用符で囲んでください）",
    },
    "lint.text_answer.empty": {
        "en": "{where}{what} must list at least one accepted answer",
        "ko": "{where}{what}에는 정답으로 인정할 답이 하나 이상 있어야 합니다",
        "ja": "{where}{what} には正解として認める答えが 1 つ以上必要です",
    },
    "lint.shape.answer_or_parts": {
        "en": "{where}a shape question has either 'answer' or 'parts'",
        "ko": "{where}shape 문제에는 'answer'와 'parts' 중 하나만 있어야 합니다",
        "ja": "{where}shape 問題には 'answer' と 'parts' のどちらか一方だけを書きます",
    },
    "lint.shape.parts_not_list": {
        "en": "{where}parts must be a list of {{name, answer}}",
        "ko": "{where}parts는 {{name, answer}}의 리스트여야 합니다",
        "ja": "{where}parts は {{name, answer}} のリストでなければなりません",
    },
    "lint.shape.bad_part": {
        "en": "{where}each part has exactly a name and an answer",
        "ko": "{where}각 part에는 name과 answer만 있어야 합니다",
        "ja": "{where}各 part には name と answer だけを書きます",
    },
    "lint.shape.part_names": {
        "en": "{where}part names must be distinct words",
        "ko": "{where}part의 name은 서로 다른 단어여야 합니다",
        "ja": "{where}part の name は互いに異なる単語でなければなりません",
    },
    # match questions
    "lint.pairs.too_few": {
        "en": "{where}pairs must be a list of at least two {{left, right}}",
        "ko": "{where}pairs는 {{left, right}}가 두 개 이상인 리스트여야 합니다",
        "ja": "{where}pairs は {{left, right}} が 2 つ以上のリストでなければなりません",
    },
    "lint.pairs.too_many": {
        "en": "{where}at most {limit} pairs",
        "ko": "{where}짝은 {limit}개까지만 쓸 수 있습니다",
        "ja": "{where}組は {limit} 個までです",
    },
    "lint.pairs.bad_pair": {
        "en": "{where}each pair has exactly a left and a right",
        "ko": "{where}각 짝에는 left와 right만 있어야 합니다",
        "ja": "{where}各組には left と right だけを書きます",
    },
    "lint.pairs.same_right": {
        "en": "{where}two right items read the same ({lang})",
        "ko": "{where}오른쪽 항목 두 개가 같습니다({lang})",
        "ja": "{where}右側の項目が 2 つ同じです（{lang}）",
    },
    # feedback entries
    "lint.feedback.match": {
        "en": "{where}match questions take no feedback entries",
        "ko": "{where}match 문제에는 feedback 항목을 쓸 수 없습니다",
        "ja": "{where}match 問題には feedback の項目を書けません",
    },
    "lint.feedback.not_list": {
        "en": "{where}feedback must be a list",
        "ko": "{where}feedback은 리스트여야 합니다",
        "ja": "{where}feedback はリストでなければなりません",
    },
    "lint.feedback.not_mapping": {
        "en": "{where}a feedback entry must be a mapping",
        "ko": "{where}feedback 항목은 매핑이어야 합니다",
        "ja": "{where}feedback の項目はマッピングでなければなりません",
    },
    "lint.feedback.unknown_field": {
        "en": "{where}unknown field '{key}' in feedback",
        "ko": "{where}feedback에 알 수 없는 필드 '{key}'이(가) 있습니다",
        "ja": "{where}feedback に不明なフィールド '{key}' があります",
    },
    "lint.feedback.missing": {
        "en": "{where}feedback entry is missing '{key}'",
        "ko": "{where}feedback 항목에 '{key}'이(가) 없습니다",
        "ja": "{where}feedback の項目に '{key}' がありません",
    },
    "lint.feedback.bad_tag": {
        "en": "{where}misconception must be a tag like 'one-bias-vector'",
        "ko": "{where}misconception은 'one-bias-vector' 같은 태그여야 합니다",
        "ja": "{where}misconception は 'one-bias-vector' のようなタグでなければなりません",
    },
    "lint.feedback.part_without_parts": {
        "en": "{where}'part' only applies to shape questions with parts",
        "ko": "{where}'part'는 parts가 있는 shape 문제에만 쓸 수 있습니다",
        "ja": "{where}'part' は parts のある shape 問題にだけ使えます",
    },
    "lint.feedback.not_a_choice": {
        "en": "{where}feedback answer '{answer}' is not among the choices",
        "ko": "{where}feedback 답 '{answer}'이(가) 보기에 없습니다",
        "ja": "{where}feedback の答え '{answer}' が選択肢にありません",
    },
    "lint.feedback.not_choices": {
        "en": "{where}feedback answer {answer} is not among the choices",
        "ko": "{where}feedback 답 {answer}이(가) 보기에 없습니다",
        "ja": "{where}feedback の答え {answer} が選択肢にありません",
    },
    "lint.feedback.correct_key": {
        "en": "{where}feedback answer '{answer}' is the correct answer",
        "ko": "{where}feedback 답 '{answer}'은(는) 정답입니다",
        "ja": "{where}feedback の答え '{answer}' は正解です",
    },
    "lint.feedback.correct_keys": {
        "en": "{where}feedback answer is the correct answer",
        "ko": "{where}feedback 답이 정답과 같습니다",
        "ja": "{where}feedback の答えが正解と同じです",
    },
    "lint.feedback.correct_number": {
        "en": "{where}feedback answer {answer} is the correct answer",
        "ko": "{where}feedback 답 {answer}은(는) 정답입니다",
        "ja": "{where}feedback の答え {answer} は正解です",
    },
    "lint.feedback.accepted": {
        "en": "{where}feedback answer '{answer}' is also an accepted answer",
        "ko": "{where}feedback 답 '{answer}'은(는) 정답으로도 인정되는 답입니다",
        "ja": "{where}feedback の答え '{answer}' は正解としても認められる答えです",
    },
    "lint.feedback.needs_part": {
        "en": "{where}feedback for a shape with parts needs 'part' (one of {names})",
        "ko": "{where}parts가 있는 shape 문제의 feedback에는 'part'({names} 중 하나)가 필요합니다",
        "ja": "{where}parts のある shape 問題の feedback には 'part'（{names} のいずれか）が必要です",
    },
    # names used in texts and computed values
    "lint.names.not_a_value": {
        "en": "{where}{what} ({lang}) uses {{{name}}}, which is not a param or derived value "
        "(write a literal brace twice: {{{{ }}}})",
        "ko": "{where}{what} ({lang})에 쓴 {{{name}}}은(는) param이나 derived 값이 아닙니다"
        "(중괄호를 글자로 쓰려면 두 번 쓰세요: {{{{ }}}})",
        "ja": "{where}{what}（{lang}）で使われている {{{name}}} は param でも derived の値でもありません（波括弧を文字として書くには 2 回重ねてください: {{{{ }}}}）",
    },
    "lint.names.bad_braces": {
        "en": "{where}{what} ({lang}): {error} (write a literal brace twice: {{{{ }}}})",
        "ko": "{where}{what} ({lang}): 중괄호가 잘못되었습니다: {error} "
        "(중괄호를 글자로 쓰려면 두 번 쓰세요: {{{{ }}}})",
        "ja": "{where}{what}（{lang}）: 波括弧が正しくありません: {error}（波括弧を文字として書くには 2 回重ねてください: {{{{ }}}}）",
    },
    "lint.names.not_plain": {
        "en": "{where}{what} ({lang}): '{{{name}}}' is not a plain name (write a literal brace twice)",
        "ko": "{where}{what} ({lang}): '{{{name}}}'은(는) 단순한 이름이 아닙니다"
        "(중괄호를 글자로 쓰려면 두 번 쓰세요)",
        "ja": "{where}{what}（{lang}）: '{{{name}}}' は単純な名前ではありません（波括弧を文字として書くには 2 回重ねてください）",
    },
    "lint.names.bad_conversion": {
        "en": "{where}{what} ({lang}): '!{conversion}' in {{{name}}} is not a conversion (use !s or !r)",
        "ko": "{where}{what} ({lang}): {{{name}}}의 '!{conversion}'은(는) 쓸 수 없는 변환입니다(!s나 !r을 쓰세요)",
        "ja": "{where}{what}（{lang}）: {{{name}}} の '!{conversion}' は使えない変換です（!s か !r を使ってください）",
    },
    "lint.names.spec_nested": {
        "en": "{where}{what} ({lang}): the format of {{{name}}} ('{spec}') may not contain another field",
        "ko": "{where}{what} ({lang}): {{{name}}}의 서식('{spec}') 안에 다른 필드를 쓸 수 없습니다",
        "ja": "{where}{what}（{lang}）: {{{name}}} の書式（'{spec}'）の中に別のフィールドは書けません",
    },
    "lint.names.spec_too_wide": {
        "en": "{where}{what} ({lang}): the format of {{{name}}} ('{spec}') asks for more than {limit} characters",
        "ko": "{where}{what} ({lang}): {{{name}}}의 서식('{spec}')이 {limit}자보다 많은 자리를 요구합니다",
        "ja": "{where}{what}（{lang}）: {{{name}}} の書式（'{spec}'）が {limit} 文字を超える幅を求めています",
    },
    "lint.names.unknown_in_expr": {
        "en": "{where}{what}: unknown name '{name}' in expr",
        "ko": "{where}{what}: expr에 알 수 없는 이름 '{name}'이(가) 있습니다",
        "ja": "{where}{what}: expr に不明な名前 '{name}' があります",
    },
    "lint.names.arg_not_param": {
        "en": "{where}{what}: argument '{arg}' names '{value}', which is not a param",
        "ko": "{where}{what}: 인자 '{arg}'이(가) 가리키는 '{value}'은(는) param이 아닙니다",
        "ja": "{where}{what}: 引数 '{arg}' が指す '{value}' は param ではありません",
    },
    "lint.names.formula_needs": {
        "en": "{where}{what}: formula '{formula}' needs '{required}' "
        "(add a param of that name or pass it in args)",
        "ko": "{where}{what}: formula '{formula}'에는 '{required}'이(가) 필요합니다"
        "(그 이름의 param을 추가하거나 args로 넘기세요)",
        "ja": "{where}{what}: formula '{formula}' には '{required}' が必要です（その名前の param を追加するか、args で渡してください）",
    },
    # across questions and files
    "lint.duplicate_id": {
        "en": "duplicate id '{id}' (first defined at {first})",
        "ko": "id '{id}'이(가) 중복되었습니다(처음 정의된 곳: {first})",
        "ja": "id '{id}' が重複しています（最初の定義: {first}）",
    },
    "lint.shipped_id": {
        "en": "id '{id}' is already used by a shipped question ({other})",
        "ko": "id '{id}'은(는) 기본 제공 문제({other})가 이미 쓰고 있습니다",
        "ja": "id '{id}' は同梱の問題（{other}）ですでに使われています",
    },
    # every parameter value evaluated
    "lint.variant.fails": {
        "en": "{where}{error}",
        "ko": "{where}값을 넣어 문제를 만들지 못했습니다: {error}",
        "ja": "{where}値を入れて問題を作成できませんでした: {error}",
    },
    "lint.variant.feedback_correct": {
        "en": "{where}feedback '{tag}' names an answer that is correct",
        "ko": "{where}feedback '{tag}'의 답이 정답으로 채점됩니다",
        "ja": "{where}feedback '{tag}' の答えが正解として採点されます",
    },
    # warnings: the bank loads, but teaches badly
    "lint.warn.giveaway": {
        "en": "question '{id}': the right choice is the only long one (at least {margin}× every other, in {langs}); a learner who picks the longest choice gets it without knowing",
        "ko": "문제 '{id}': 정답 보기만 유독 깁니다({langs}에서 다른 보기의 {margin}배 이상). 가장 긴 보기를 고르면 몰라도 맞힙니다",
        "ja": "問題 '{id}': 正解の選択肢だけが長すぎます({langs} で他の選択肢の {margin} 倍以上)。最も長い選択肢を選べば知らなくても正解できます",
    },
    "lint.warn.ko_register": {
        "en": "question '{id}': the Korean prompt ends in another register ('{found}'); the banks ask in 해요체 (…고르세요, …인가요?)",
        "ko": "문제 '{id}': 한국어 문제 문장의 어미('{found}')가 다른 문체입니다. 문제는 해요체(…고르세요, …인가요?)로 씁니다",
        "ja": "問題 '{id}': 韓国語の問題文の語尾('{found}')が別の文体です。問題は해요체(…고르세요、…인가요?)で書きます",
    },
    "lint.warn.ja_space": {
        "en": "question '{id}': a space between two Japanese characters ('{found}'): a line break inside a folded block (>-) becomes a space; break lines next to a space that belongs there",
        "ko": "문제 '{id}': 일본어 글자 사이에 공백이 있습니다('{found}'). 접힌 블록(>-) 안의 줄바꿈은 공백이 되니, 원래 공백이 있는 곳에서 줄을 바꾸세요",
        "ja": "問題 '{id}': 日本語の文字の間に空白があります('{found}')。折り返しブロック(>-)内の改行は空白になるため、本来空白がある位置で改行してください",
    },
    "lint.warn.missing_lang": {
        "en": "this bank has texts without a '{lang}' version: learners who study in that language read them in English",
        "ko": "이 문제 은행에는 '{lang}' 번역이 없는 글이 있습니다. 그 언어로 공부하는 학습자에게는 영어로 보입니다",
        "ja": "この問題バンクには '{lang}' 版のないテキストがあります。その言語で学習する人には英語で表示されます",
    },
    "lint.warn.untitled_misconception": {
        "en": "misconception '{tag}' has no title in any topic's 'misconceptions:' (stats would show the bare tag)",
        "ko": "오개념 '{tag}'의 제목이 어느 주제의 'misconceptions:'에도 없습니다(stats에 태그가 그대로 보입니다)",
        "ja": "誤解 '{tag}' のタイトルがどのトピックの 'misconceptions:' にもありません(stats にタグがそのまま表示されます)",
    },
    "lint.file.bad_misconceptions": {
        "en": "'misconceptions' must map each misconception tag to its title (en, ko, ja)",
        "ko": "'misconceptions'는 오개념 태그마다 제목(en, ko, ja)을 대응시켜야 합니다",
        "ja": "'misconceptions' は誤解タグごとにタイトル(en, ko, ja)を対応させる必要があります",
    },
    "lint.file.bad_misconception_tag": {
        "en": "misconception tag '{tag}' must be lowercase words joined by '-' (like gate-order-swap)",
        "ko": "오개념 태그 '{tag}'는 '-'로 이은 소문자 단어여야 합니다(예: gate-order-swap)",
        "ja": "誤解タグ '{tag}' は '-' でつないだ小文字の単語にしてください(例: gate-order-swap)",
    },
}
