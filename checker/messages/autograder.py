"""The sentences of autograder, in every language (merged into checker.i18n.MESSAGES)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # -- `lstm-quiz gradescope-autograder`, for the instructor ----------------------------------------
    "autograder.wrote": {
        "en": "Wrote {path} ({size} KB): {what}, feedback in {language}. Upload it in Gradescope: "
        "Configure Autograder → Zip file upload.",
        "ko": "{path}({size} KB)을 만들었어요: {what}, 피드백 언어는 {language}예요. Gradescope의 "
        "Configure Autograder → Zip file upload에서 올려 주세요.",
        "ja": "{path}（{size} KB）を書き出しました: {what}、フィードバックは{language}です。Gradescope の "
        "Configure Autograder → Zip file upload でアップロードしてください。",
    },
    "autograder.one_exercise": {
        "en": "exercise {number} ({name})",
        "ko": "연습 문제 {number}({name})",
        "ja": "演習 {number}（{name}）",
    },
    "autograder.every_exercise": {
        "en": "the exercise of each submission told from its file",
        "ko": "제출물마다 파일을 보고 연습 문제를 판별",
        "ja": "提出ごとにファイルから演習を判別",
    },
    "autograder.language.en": {"en": "English", "ko": "영어", "ja": "英語"},
    "autograder.language.ko": {"en": "Korean", "ko": "한국어", "ja": "韓国語"},
    "autograder.language.ja": {"en": "Japanese", "ko": "일본어", "ja": "日本語"},
    "autograder.keep_private": {
        "en": "Keep {path} private: its config.json holds the course's secret, and whoever has it can "
        "compute the hidden cases. Upload it to Gradescope only; never share it or commit it.",
        "ko": "{path}은(는) 비공개로 보관하세요. 그 안의 config.json에 과목의 비밀 값이 들어 있어서, 이 값을 가진 "
        "사람은 숨은 테스트를 계산할 수 있어요. Gradescope에만 올리고 공유하거나 커밋하지 마세요.",
        "ja": "{path} は非公開にしてください。中の config.json には科目のシークレットが入っていて、それを持つ人は"
        "隠しテストを計算できます。Gradescope にだけアップロードし、共有やコミットはしないでください。",
    },
    "autograder.new_secret": {
        "en": "A new secret was made for this course. The same hidden cases offline: lstm-quiz grade "
        "--seed SECRET, with the secret from config.json in the zip.",
        "ko": "이 과목용 비밀 값을 새로 만들었어요. 같은 숨은 테스트로 오프라인 채점하려면 zip 안 config.json의 "
        "비밀 값으로 lstm-quiz grade --seed SECRET을 실행하세요.",
        "ja": "この科目用のシークレットを新しく作りました。同じ隠しテストでオフライン採点するには、zip 内の "
        "config.json のシークレットで lstm-quiz grade --seed SECRET を実行してください。",
    },
    "autograder.exists": {
        "en": "{path} already exists: add --force to replace it.",
        "ko": "{path}이(가) 이미 있어요. 바꾸려면 --force를 붙이세요.",
        "ja": "{path} はすでにあります。置き換えるには --force を付けてください。",
    },
    "autograder.is_folder": {
        "en": "{path} is a folder: give the zip file's name, e.g. -o autograder.zip.",
        "ko": "{path}은(는) 폴더예요. -o autograder.zip처럼 zip 파일 이름을 주세요.",
        "ja": "{path} はフォルダです。-o autograder.zip のように zip ファイルの名前を指定してください。",
    },
    "autograder.write_failed": {
        "en": "Cannot write {path}: {reason}.",
        "ko": "{path}에 쓸 수 없어요: {reason}.",
        "ja": "{path} に書き込めません: {reason}。",
    },
    "autograder.weak_secret": {
        "en": "the secret has {length} characters; use at least {minimum}, for example one made by: "
        'python -c "import secrets; print(secrets.token_urlsafe(24))"',
        "ko": "비밀 값이 {length}자예요. {minimum}자 이상을 쓰세요. 예를 들어 다음 명령으로 만들 수 있어요: "
        'python -c "import secrets; print(secrets.token_urlsafe(24))"',
        "ja": "シークレットが {length} 文字です。{minimum} 文字以上にしてください。例えば次のコマンドで作れます: "
        'python -c "import secrets; print(secrets.token_urlsafe(24))"',
    },
    "autograder.no_requirements": {
        "en": "Cannot tell lstm-quiz's dependencies (no pyproject.toml beside the package, no installed "
        "metadata): install lstm-quiz with pip and run the command again.",
        "ko": "lstm-quiz의 의존성을 알 수 없어요(패키지 옆에 pyproject.toml도, 설치 메타데이터도 없어요). "
        "pip로 lstm-quiz를 설치한 뒤 다시 실행하세요.",
        "ja": "lstm-quiz の依存関係が分かりません（パッケージの横に pyproject.toml も、インストール済みの"
        "メタデータもありません）。pip で lstm-quiz をインストールしてから、もう一度実行してください。",
    },
    # -- inside Gradescope, for the student ------------------------------------------------------------
    "autograder.graded": {
        "en": "Graded {file} as exercise {number}: {title}.",
        "ko": "{file}을(를) 연습 문제 {number}({title})로 채점했어요.",
        "ja": "{file} を演習 {number}（{title}）として採点しました。",
    },
    "autograder.test_submission": {
        "en": "Your submission's file",
        "ko": "제출한 파일",
        "ja": "提出したファイル",
    },
    "autograder.no_file": {
        "en": "No file to grade was found in your submission. Upload your code as {wanted} (or as the "
        "only .py or .ipynb file), then submit again.",
        "ko": "제출물에서 채점할 파일을 찾지 못했어요. 코드를 {wanted} 이름으로(또는 하나뿐인 .py나 .ipynb "
        "파일로) 올린 뒤 다시 제출하세요.",
        "ja": "提出物の中に採点するファイルが見つかりませんでした。コードを {wanted} という名前で（または"
        "ただ一つの .py か .ipynb ファイルとして）アップロードし、もう一度提出してください。",
    },
    "autograder.passed_over": {
        "en": "No file to grade was found in your submission. Passed over: {files} (a link is never "
        "followed, and a name that starts with a dot is hidden). Upload the file itself, named {wanted}, "
        "then submit again.",
        "ko": "제출물에서 채점할 파일을 찾지 못했어요. {files}은(는) 건너뛰었어요. 링크는 따라가지 않고, 점(.)으로 "
        "시작하는 이름은 숨김 파일이기 때문이에요. 파일 자체를 {wanted} 이름으로 올린 뒤 다시 제출하세요.",
        "ja": "提出物の中に採点するファイルが見つかりませんでした。{files} は読みませんでした。リンクはたどらず、"
        "ドット（.）で始まる名前は隠しファイルだからです。ファイルそのものを {wanted} という名前でアップロードし、"
        "もう一度提出してください。",
    },
    "autograder.several_files": {
        "en": "Your submission holds several files that could be graded ({files}). Submit only your "
        "code, named {wanted}.",
        "ko": "제출물에 채점할 수 있는 파일이 여러 개 있어요({files}). {wanted} 이름의 코드 파일만 "
        "제출하세요.",
        "ja": "提出物に採点できるファイルが複数あります（{files}）。{wanted} という名前のコードだけを提出して"
        "ください。",
    },
    "autograder.too_large": {
        "en": "{file} is larger than {limit} bytes: submit the file with your function only.",
        "ko": "{file}이(가) {limit}바이트보다 커요. 함수가 들어 있는 파일만 제출하세요.",
        "ja": "{file} は {limit} バイトを超えています。関数を書いたファイルだけを提出してください。",
    },
    "autograder.unreadable": {
        "en": "{file} could not be read: upload it again.",
        "ko": "{file}을(를) 읽을 수 없어요. 다시 올려 주세요.",
        "ja": "{file} を読み込めませんでした。もう一度アップロードしてください。",
    },
    "autograder.refused": {
        "en": "{file} could not be graded: {why}",
        "ko": "{file}을(를) 채점할 수 없어요: {why}",
        "ja": "{file} は採点できません: {why}",
    },
    "autograder.unknown_exercise": {
        "en": "Cannot tell which exercise {file} is: it should define one of {choices}.",
        "ko": "{file}이(가) 어느 연습 문제인지 알 수 없어요. {choices} 중 하나를 정의해야 해요.",
        "ja": "{file} がどの演習か分かりません。{choices} のどれかを定義してください。",
    },
    "autograder.test_grader": {
        "en": "Autograder",
        "ko": "자동 채점기",
        "ja": "自動採点",
    },
    "autograder.grader_fault": {
        "en": "The autograder itself failed ({detail}); this is not a problem with your code, and no "
        "score was given. Tell your course staff: they can run the autograder again once it is fixed.",
        "ko": "자동 채점기 자체가 실패했어요({detail}). 여러분의 코드 문제가 아니고, 점수도 매기지 않았어요. "
        "담당 교수자나 조교에게 알려 주세요. 고친 뒤 다시 채점할 수 있어요.",
        "ja": "自動採点そのものが失敗しました（{detail}）。あなたのコードの問題ではなく、点数は付けていません。"
        "担当の教員に知らせてください。修正後に採点し直せます。",
    },
    "autograder.not_started": {
        "en": "the grading program did not start",
        "ko": "채점 프로그램이 시작되지 않았어요",
        "ja": "採点プログラムが起動しませんでした",
    },
    # -- inside Gradescope, for the staff (the autograder's hidden stdout, the image build) -----------
    "autograder.fallback_used": {
        "en": "lstm-quiz wrote no results.json; grader_fault.json was used instead. Exit status:",
        "ko": "lstm-quiz가 results.json을 쓰지 않아 grader_fault.json을 대신 썼어요. 종료 상태:",
        "ja": "lstm-quiz が results.json を書かなかったため、grader_fault.json を代わりに使いました。終了ステータス:",
    },
    "autograder.summary": {
        "en": "Score: {score} of {total}.",
        "ko": "점수: {total}점 중 {score}점.",
        "ja": "得点: {total} 点中 {score} 点。",
    },
    "autograder.summary_fault": {
        "en": "Grader fault: results.json carries no score (the traceback is above).",
        "ko": "채점기 오류: results.json에 점수가 없어요(추적 정보는 위에 있어요).",
        "ja": "採点側のエラー: results.json に点数はありません（トレースバックは上にあります）。",
    },
    "autograder.selfcheck_ok": {
        "en": "lstm-quiz graded {count} exercise template(s) in this container: the sandbox works.",
        "ko": "이 컨테이너에서 lstm-quiz가 연습 문제 템플릿 {count}개를 채점했어요. 샌드박스가 작동해요.",
        "ja": "このコンテナで lstm-quiz が演習テンプレート {count} 個を採点しました。サンドボックスは動作しています。",
    },
    "autograder.selfcheck_failed": {
        "en": "lstm-quiz could not grade exercise {number}'s template in this container: the sandbox does "
        "not run here, so the autograder would fail every submission.",
        "ko": "이 컨테이너에서 lstm-quiz가 연습 문제 {number}의 템플릿을 채점하지 못했어요. 샌드박스가 여기서 "
        "작동하지 않아 모든 제출물에서 채점이 실패할 거예요.",
        "ja": "このコンテナで lstm-quiz が演習 {number} のテンプレートを採点できませんでした。サンドボックスが"
        "ここでは動かないため、すべての提出で採点が失敗します。",
    },
}

# The command's help in Korean and Japanese, keyed by its English text as click holds it (the shape of
# checker/cli/help_texts.py's HELP, into which it is merged).
HELP: dict[str, dict[str, str]] = {
    "Write the zip Gradescope takes as a programming assignment's autograder: it installs lstm-quiz\n"
    "    and grades each submission with the course's own hidden cases.": {
        "ko": "Gradescope 프로그래밍 과제의 자동 채점기로 올릴 zip을 만들어요. lstm-quiz를 설치하고\n"
        "    과목 고유의 숨은 테스트로 제출물을 하나씩 채점해요.",
        "ja": "Gradescope のプログラミング課題の自動採点として使う zip を作ります。lstm-quiz をインストールし、\n"
        "    科目独自の隠しテストで提出を一つずつ採点します。",
    },
    "The zip file to write.": {
        "ko": "만들 zip 파일.",
        "ja": "書き出す zip ファイル。",
    },
    "Secret for the hidden cases, at least 16 characters (or $LSTM_QUIZ_SECRET); default: a new random "
    "one, kept in the zip.": {
        "ko": "숨은 테스트용 비밀 값, 16자 이상(또는 $LSTM_QUIZ_SECRET). 기본값: 새로 만든 무작위 값을 "
        "zip 안에 보관해요.",
        "ja": "隠しテスト用のシークレット、16 文字以上（または $LSTM_QUIZ_SECRET）。既定: 新しいランダムな値を "
        "zip 内に保存します。",
    },
}
