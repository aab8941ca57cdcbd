"""The sentences of `bank export`, in every language (merged into checker.i18n.MESSAGES)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "export.summary.topic": {
        "en": "{format} {topic}: {questions} questions, {items} items ({variants} from parametrized questions); {left_out}",
        "ko": "{format} {topic}: 문제 {questions}개, 항목 {items}개(매개변수 문제에서 {variants}개); {left_out}",
        "ja": "{format} {topic}: 問題 {questions} 問、項目 {items} 個（パラメータ付き問題から {variants} 個）; {left_out}",
    },
    "export.summary.nothing_left_out": {
        "en": "nothing left out",
        "ko": "빠진 것 없음",
        "ja": "省いたものはありません",
    },
    "export.summary.left_out": {
        "en": "left out: {what}",
        "ko": "빠진 것: {what}",
        "ja": "省いたもの: {what}",
    },
    "export.omit.combination_feedback": {
        "en": "{count} feedback message(s) on a combination of choices (the format puts feedback on one choice)",
        "ko": "보기 조합에 대한 피드백 {count}개(이 형식은 피드백을 보기 하나에만 달아요)",
        "ja": "選択肢の組み合わせへのフィードバック {count} 件（この形式ではフィードバックは選択肢 1 つにだけ付きます）",
    },
    "export.omit.typed_feedback": {
        "en": "{count} feedback message(s) on a wrong typed answer (Canvas keeps only right answers)",
        "ko": "입력한 오답에 대한 피드백 {count}개(Canvas는 정답만 보관해요)",
        "ja": "入力された誤答へのフィードバック {count} 件（Canvas は正答だけを保持します）",
    },
    "export.omit.flashcard_feedback": {
        "en": "{count} feedback message(s) on wrong answers (a flashcard takes no answer)",
        "ko": "오답에 대한 피드백 {count}개(플래시카드는 답을 입력받지 않아요)",
        "ja": "誤答へのフィードバック {count} 件（フラッシュカードは答えを受け付けません）",
    },
    "export.omit.not_expressible": {
        "en": "{count} question(s) the format cannot write (a comment in the file says which)",
        "ko": "이 형식으로 쓸 수 없는 문제 {count}개(파일 안의 주석에 어떤 문제인지 적혀 있어요)",
        "ja": "この形式では書けない問題 {count} 問（どの問題かはファイル内のコメントにあります）",
    },
    "export.omit.variant_failed": {
        "en": "{count} variant(s) whose values the bank cannot compute (run `lstm-quiz bank lint`)",
        "ko": "문제 은행이 값을 계산하지 못한 변형 {count}개(`lstm-quiz bank lint`를 실행해 보세요)",
        "ja": "バンクが値を計算できなかったバリエーション {count} 個（`lstm-quiz bank lint` を実行してください）",
    },
    "export.wrote": {
        "en": "Wrote {path} ({format}, {lang}): {questions} questions as {items} items.",
        "ko": "{path}에 썼어요({format}, {lang}): 문제 {questions}개, 항목 {items}개.",
        "ja": "{path} に書き出しました（{format}、{lang}）: 問題 {questions} 問、項目 {items} 個。",
    },
    "export.exists": {
        "en": "{path} already exists: add --force to replace it, or choose another name with -o.",
        "ko": "{path}이(가) 이미 있어요. 바꾸려면 --force를 붙이거나 -o로 다른 이름을 정해 주세요.",
        "ja": "{path} はすでにあります。置き換えるには --force を付けるか、-o で別の名前を指定してください。",
    },
    "export.write_failed": {
        "en": "Could not write {path}: {error}",
        "ko": "{path}에 쓸 수 없었어요: {error}",
        "ja": "{path} に書き込めませんでした: {error}",
    },
    "export.unknown_topic": {
        "en": "Unknown topic '{topic}'. Known topics: {known}.",
        "ko": "'{topic}'은(는) 없는 주제예요. 있는 주제: {known}.",
        "ja": "'{topic}' というトピックはありません。あるトピック: {known}。",
    },
    "export.no_questions": {
        "en": "The chosen topics have no questions to export.",
        "ko": "고른 주제에 내보낼 문제가 없어요.",
        "ja": "選んだトピックには書き出す問題がありません。",
    },
    "export.gift.combination_feedback": {
        "en": "{name}: {count} feedback message(s) on a combination of choices left out (GIFT puts feedback on one choice).",
        "ko": "{name}: 보기 조합에 대한 피드백 {count}개를 뺐어요(GIFT는 피드백을 보기 하나에만 달아요).",
        "ja": "{name}: 選択肢の組み合わせへのフィードバック {count} 件を省きました（GIFT ではフィードバックは選択肢 1 つにだけ付きます）。",
    },
    "export.gift.arrow": {
        "en": "{name}: left out; one of its matching items contains '->', which GIFT cannot escape.",
        "ko": "{name}: 뺐어요. 짝 맞추기 항목에 GIFT가 이스케이프할 수 없는 '->'가 들어 있어요.",
        "ja": "{name}: 省きました。対応付けの項目に GIFT がエスケープできない '->' が含まれています。",
    },
}

# The command's help in Korean and Japanese, keyed by its English text as click holds it (the shape of
# checker/cli/help_texts.py's HELP, into which it is merged).
HELP: dict[str, dict[str, str]] = {
    "Write the banks for Moodle (XML or GIFT), Canvas (QTI 1.2 zip) or Anki (.apkg).\n"
    "\n"
    "    A parametrized question becomes --variants concrete questions (seeds 0, 1, ...); texts are in\n"
    "    the language of --lang. Prints what each topic holds and what a format had to leave out.\n"
    "    ": {
        "ko": "문제 은행을 Moodle(XML 또는 GIFT), Canvas(QTI 1.2 zip), Anki(.apkg)용으로 써요.\n"
        "\n"
        "    매개변수 문제는 --variants개의 구체적인 문제(시드 0, 1, ...)가 돼요. 텍스트는 --lang의\n"
        "    언어로 써요. 주제마다 담긴 것과 형식 때문에 뺀 것을 보여 줘요.\n"
        "    ",
        "ja": "問題バンクを Moodle（XML または GIFT）、Canvas（QTI 1.2 zip）、Anki（.apkg）向けに書き出します。\n"
        "\n"
        "    パラメータ付きの問題は --variants 個の具体的な問題（シード 0, 1, ...）になります。テキストは\n"
        "    --lang の言語です。トピックごとの内容と、形式のために省いたものを表示します。\n"
        "    ",
    },
    "moodle-xml and gift for Moodle, qti for Canvas Classic Quizzes, anki for an .apkg.": {
        "ko": "Moodle용 moodle-xml과 gift, Canvas Classic Quizzes용 qti, .apkg용 anki.",
        "ja": "Moodle 向けは moodle-xml と gift、Canvas Classic Quizzes 向けは qti、.apkg は anki。",
    },
    "Concrete questions per parametrized question (seeds 0..N-1; the same text twice is kept once).": {
        "ko": "매개변수 문제 하나당 구체적인 문제 수(시드 0..N-1, 같은 텍스트는 한 번만).",
        "ja": "パラメータ付きの問題 1 問あたりの具体的な問題の数（シード 0..N-1、同じテキストは 1 回だけ）。",
    },
    "Only this topic (repeatable; default: every topic).": {
        "ko": "이 주제만(여러 번 쓸 수 있어요, 기본값: 모든 주제).",
        "ja": "このトピックだけ（複数回指定可、既定: すべてのトピック）。",
    },
    "The file to write.": {
        "ko": "쓸 파일.",
        "ja": "書き出すファイル。",
    },
}
