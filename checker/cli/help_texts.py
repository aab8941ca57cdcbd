"""The command line's help, in Korean and Japanese: the English help of every command and option
(as written in checker/cli/*.py) to its translations."""

# Keys are the texts exactly as click holds them (`Command.help`, `Option.help`): a command's help is
# its docstring as written, indentation included; an option's help is cleaned by click. The translations
# keep that shape (click cleans both the same way), the {placeholders}, option names, metavars and code.
# Checked by tests/test_help_texts.py.

HELP: dict[str, dict[str, str]] = {
    # lstm-quiz
    "Study recurrent networks (RNN, LSTM, GRU) for exams, in English, Korean or Japanese.\n"
    "\n"
    "    \b\n"
    "    Quick start:\n"
    "      lstm-quiz start               10 questions with feedback (--lang ko/ja: Korean/Japanese)\n"
    "      lstm-quiz start --exam -n 20  a timed mock exam\n"
    "      lstm-quiz review              what you missed, when it is due (spaced repetition)\n"
    "      lstm-quiz stats               your progress per topic\n"
    "      lstm-quiz plan --exam-date 2027-02-20   recall per topic on exam day, reviews until then\n"
    "      lstm-quiz exercise get 2      copy the LSTM-step exercise here\n"
    "      lstm-quiz check exercise2.py  check your code against hidden tests\n"
    "      lstm-quiz grade submissions/  grade a whole class (instructors)\n"
    "      lstm-quiz bank list           the topics and how many questions each has\n"
    "      lstm-quiz bank lint FILE      check a question bank you wrote\n"
    "    ": {
        "ko": "시험에 대비해 순환 신경망(RNN, LSTM, GRU)을 공부해요. 영어, 한국어, 일본어를 지원해요.\n"
        "\n"
        "    \b\n"
        "    빠른 시작:\n"
        "      lstm-quiz start               피드백과 함께 10문제 (--lang ko/ja: 한국어/일본어)\n"
        "      lstm-quiz start --exam -n 20  시간 제한이 있는 모의시험\n"
        "      lstm-quiz review              틀린 문제를 복습할 때가 되면 다시 풀기 (간격 반복)\n"
        "      lstm-quiz stats               주제별 학습 현황\n"
        "      lstm-quiz plan --exam-date 2027-02-20   시험 당일의 주제별 예상 기억률과 그날까지의 복습\n"
        "      lstm-quiz exercise get 2      LSTM 스텝 연습 문제를 여기에 복사\n"
        "      lstm-quiz check exercise2.py  숨은 테스트로 내 코드 확인\n"
        "      lstm-quiz grade submissions/  학급 전체 채점 (강사용)\n"
        "      lstm-quiz bank list           주제 목록과 주제별 문제 수\n"
        "      lstm-quiz bank lint FILE      직접 만든 문제 은행 검사\n"
        "    ",
        "ja": "試験対策として再帰型ニューラルネットワーク（RNN、LSTM、GRU）を学習します。英語・韓国語・日本語に対応しています。\n"
        "\n"
        "    \b\n"
        "    クイックスタート:\n"
        "      lstm-quiz start               フィードバック付きで 10 問 (--lang ko/ja: 韓国語/日本語)\n"
        "      lstm-quiz start --exam -n 20  制限時間付きの模擬試験\n"
        "      lstm-quiz review              間違えた問題を復習時期に出題 (間隔反復)\n"
        "      lstm-quiz stats               トピックごとの学習状況\n"
        "      lstm-quiz plan --exam-date 2027-02-20   試験当日のトピック別の予想想起率と、それまでの復習\n"
        "      lstm-quiz exercise get 2      LSTM ステップの演習をここにコピー\n"
        "      lstm-quiz check exercise2.py  隠しテストで自分のコードを確認\n"
        "      lstm-quiz grade submissions/  クラス全体を採点 (講師向け)\n"
        "      lstm-quiz bank list           トピックの一覧と各トピックの問題数\n"
        "      lstm-quiz bank lint FILE      自作の問題バンクを検査\n"
        "    ",
    },
    # lstm-quiz --version
    "Show the version and exit.": {
        "ko": "버전을 보여 주고 끝내요.",
        "ja": "バージョンを表示して終了します。",
    },
    # lstm-quiz bank
    "List the question banks, and check banks you write.": {
        "ko": "문제 은행 목록을 보고, 직접 만든 문제 은행을 검사해요.",
        "ja": "問題バンクを一覧表示し、自作の問題バンクを検査します。",
    },
    # lstm-quiz bank lint
    "Check bank files (default: the shipped banks); print every problem as path:line: message.\n"
    "\n"
    "    Exits 1 when there is any problem, 0 when the banks are clean. Warnings (a right choice that is the\n"
    "    only long one, a Korean prompt in another register) are printed and do not change the exit code.\n"
    "    ": {
        "ko": "문제 은행 파일을 검사해요(기본값: 기본 제공 문제 은행). 문제점마다 path:line: message 형식으로 출력해요.\n"
        "\n"
        "    문제점이 하나라도 있으면 1, 문제 은행에 문제점이 없으면 0으로 종료해요. 경고(정답 보기만 유독 긴 경우,\n"
        "    다른 말투로 쓴 한국어 문제 등)는 출력만 하고 종료 코드는 바꾸지 않아요.\n"
        "    ",
        "ja": "問題バンクのファイルを検査します（既定: 同梱の問題バンク）。\n"
        "\n"
        "    不備があるたびに path:line: message の形式で出力します。不備が 1 つでもあれば 1、なければ 0 で終了します。警告（正解の選択肢だけが長い、韓国語の問題文の文体が違うなど）は出力されますが、終了コードは変わりません。",
    },
    # lstm-quiz bank lint --lang and 10 more
    "Language of questions and messages (default: from the locale: ko_* → ko, ja_* → ja, else en).": {
        "ko": "문제와 메시지의 언어예요(기본값: 로캘에 따라 ko_* → ko, ja_* → ja, 그 밖에는 en).",
        "ja": "問題とメッセージの言語です（既定: ロケールから決定。ko_* → ko、ja_* → ja、それ以外は en）。",
    },
    # lstm-quiz bank list
    "Topics with their question counts, parametrized counts and languages.": {
        "ko": "주제별 문제 수, 매개변수형 문제 수, 지원 언어를 보여 줘요.",
        "ja": "トピックごとの問題数、パラメータ付き問題の数、言語を表示します。",
    },
    # lstm-quiz bank list --bank and 4 more
    "A folder (or file) of your own banks, added to the shipped ones. Repeatable.": {
        "ko": "직접 만든 문제 은행의 폴더(또는 파일)로, 기본 제공 문제 은행에 더해져요. 여러 번 쓸 수 있어요.",
        "ja": "自作の問題バンクのフォルダ（またはファイル）です。同梱の問題バンクに追加されます。複数回指定できます。",
    },
    # lstm-quiz bank list --json and 5 more
    "Print JSON instead of a table.": {
        "ko": "표 대신 JSON으로 출력해요.",
        "ja": "表の代わりに JSON で出力します。",
    },
    # lstm-quiz check
    "Check your exercise FILE against public and hidden tests, in a sandbox.\n"
    "\n"
    "    Exit status: 0 when every test passes, 1 when a test fails or errors, 2 for usage errors.\n"
    "    ": {
        "ko": "연습 문제 FILE을 공개 테스트와 숨은 테스트로 샌드박스에서 확인해요.\n"
        "\n"
        "    종료 코드: 모든 테스트를 통과하면 0, 실패하거나 오류가 난 테스트가 있으면 1, 사용법 오류는 2예요.\n"
        "    ",
        "ja": "演習の FILE を公開テストと隠しテストで、サンドボックス内で確認します。\n"
        "\n"
        "    終了コード: すべてのテストに合格すれば 0、失敗またはエラーのテストがあれば 1、使い方の誤りは 2 です。",
    },
    # lstm-quiz check --exercise
    "The exercise (number or name, see `lstm-quiz exercise list`); default: detected.": {
        "ko": "연습 문제예요(번호나 이름, `lstm-quiz exercise list` 참고). 기본값: 자동으로 알아내요.",
        "ja": "演習です（番号または名前。`lstm-quiz exercise list` を参照）。既定: 自動で判別します。",
    },
    # lstm-quiz check --exercises and 4 more
    "A folder of your own exercises (each a folder holding exercise.yaml, spec.py and template.py), beside the shipped ones. Repeatable.": {
        "ko": "직접 만든 연습 문제의 폴더로(연습 문제마다 exercise.yaml, spec.py, template.py가 든 폴더), 기본 제공 연습 문제에 더해져요. 여러 번 쓸 수 있어요.",
        "ja": "自作の演習のフォルダです（演習ごとに exercise.yaml、spec.py、template.py を入れたフォルダ）。同梱の演習に追加されます。複数回指定できます。",
    },
    # lstm-quiz check --timeout
    "Seconds for the whole file, even if every test hangs.": {
        "ko": "파일 전체에 주는 시간(초)이에요. 모든 테스트가 멈춰도 이 시간이 지나면 끝나요.",
        "ja": "ファイル全体の制限時間（秒）です。すべてのテストが止まっても、この時間で終わります。",
    },
    # lstm-quiz check --sandbox; lstm-quiz grade --sandbox
    "fork: one warm runner, a forked child per file (Linux); spawn: a fresh interpreter each time.": {
        "ko": "fork: 미리 준비된 실행기 하나에서 파일마다 자식 프로세스를 fork해요(Linux). spawn: 매번 새 인터프리터를 띄워요.",
        "ja": "fork: 待機中のランナー 1 つから、ファイルごとに子プロセスを fork します（Linux）。spawn: 毎回新しいインタプリタを起動します。",
    },
    # lstm-quiz check -v/--verbose
    "Also say which isolation layers were active.": {
        "ko": "어떤 격리 계층이 작동했는지도 보여 줘요.",
        "ja": "どの分離レイヤーが有効だったかも表示します。",
    },
    # lstm-quiz exercise
    "The code exercises: list them, and copy a template to fill in.": {
        "ko": "코드 연습 문제: 목록을 보고, 채워 넣을 템플릿을 복사해요.",
        "ja": "コードの演習: 一覧を表示し、穴埋め用のテンプレートをコピーします。",
    },
    # lstm-quiz exercise get
    "Copy the template of exercise N (a number or a name, see `exercise list`) into DIRECTORY\n"
    "    (default: here).": {
        "ko": "연습 문제 N(번호나 이름, `exercise list` 참고)의 템플릿을 DIRECTORY에 복사해요\n"
        "    (기본값: 현재 폴더).",
        "ja": "演習 N（番号または名前。`exercise list` を参照）のテンプレートを DIRECTORY にコピーします（既定: 現在のフォルダ）。",
    },
    # lstm-quiz exercise get --force
    "Overwrite an existing file.": {
        "ko": "이미 있는 파일을 덮어써요.",
        "ja": "既存のファイルを上書きします。",
    },
    # lstm-quiz exercise list
    "The exercises and their templates.": {
        "ko": "연습 문제와 그 템플릿을 보여 줘요.",
        "ja": "演習とそのテンプレートを表示します。",
    },
    # lstm-quiz grade
    "Grade a class: SUBMISSIONS is a folder (one subfolder per student, or files named by student,\n"
    "    as Moodle and Canvas download them) or a .zip of either.": {
        "ko": "학급을 채점해요. SUBMISSIONS는 폴더(학생마다 하위 폴더가 있거나, Moodle과 Canvas에서 내려받은 것처럼\n"
        "    학생 이름이 붙은 파일들)이거나 그 .zip이에요.",
        "ja": "クラスを採点します。\n"
        "\n"
        "    SUBMISSIONS はフォルダ（学生ごとのサブフォルダ、または Moodle や Canvas からダウンロードした学生名付きのファイル）か、そのどちらかの .zip です。",
    },
    # lstm-quiz grade -o/--out
    "Folder for the gradebook, results, report and journal.": {
        "ko": "성적표, 결과, 보고서, 저널을 둘 폴더예요.",
        "ja": "成績表、結果、レポート、ジャーナルを置くフォルダです。",
    },
    # lstm-quiz grade --format
    "Outputs to write (repeatable; default: csv, json, gradescope, html and feedback; canvas and moodle when "
    "asked). report.md is always written.": {
        "ko": "만들 출력이에요(여러 번 쓸 수 있어요. 기본값: csv, json, gradescope, html, feedback이고, canvas와 "
        "moodle은 지정할 때만 만들어요). report.md는 항상 만들어요.",
        "ja": "書き出す出力です（複数回指定可。既定: csv、json、gradescope、html、feedback。canvas と moodle は"
        "指定したときのみ）。report.md は常に書き出します。",
    },
    # lstm-quiz grade -j/--jobs
    "Parallel graders (default and at most: the number of cores).": {
        "ko": "동시에 돌릴 채점기 수예요(기본값이자 최댓값: 코어 수).",
        "ja": "並列に動かす採点プロセスの数です（既定かつ上限: コア数）。",
    },
    # lstm-quiz grade --seed
    "Secret for the hidden cases, at least 16 characters (or $LSTM_QUIZ_SECRET); default: a random one, kept in OUT/secret.txt.": {
        "ko": "숨은 테스트용 비밀 값으로, 16자 이상이에요(또는 $LSTM_QUIZ_SECRET). 기본값: 무작위로 만들어 OUT/secret.txt에 보관해요.",
        "ja": "隠しテスト用のシークレットで、16 文字以上です（または $LSTM_QUIZ_SECRET）。既定: ランダムに生成し、OUT/secret.txt に保管します。",
    },
    # lstm-quiz grade --exercise
    "Grade every file as this exercise (number or name).": {
        "ko": "모든 파일을 이 연습 문제(번호나 이름)로 채점해요.",
        "ja": "すべてのファイルをこの演習（番号または名前）として採点します。",
    },
    # lstm-quiz grade --roster
    "CSV of student ids, or the class list Canvas or Moodle exports: the missing ones get 0.": {
        "ko": "학생 ID의 CSV나 Canvas 또는 Moodle에서 내보낸 학생 목록이에요. 제출하지 않은 학생은 0점을 받아요.",
        "ja": "学生 ID の CSV、または Canvas や Moodle から書き出した受講者一覧です。未提出の学生は 0 点になります。",
    },
    # lstm-quiz grade --assignment
    "Title of the grade column of canvas.csv and moodle.csv (default: the exercise's title, or lstm-quiz). In Canvas, 'Title (assignment id)' updates that assignment.": {
        "ko": "canvas.csv와 moodle.csv의 점수 열 제목이에요(기본값: 연습 문제의 제목, 또는 lstm-quiz). Canvas에서는 'Title (assignment id)'로 쓰면 그 과제를 갱신해요.",
        "ja": "canvas.csv と moodle.csv の点数列の見出しです（既定: 演習のタイトル、または lstm-quiz）。Canvas では 'Title (assignment id)' とするとその課題を更新します。",
    },
    # lstm-quiz grade --excel
    "Write every CSV with a UTF-8 BOM, so Excel reads the names right.": {
        "ko": "모든 CSV를 UTF-8 BOM과 함께 써서 Excel이 이름을 올바르게 읽게 해요.",
        "ja": "すべての CSV を UTF-8 の BOM 付きで書き出し、Excel が名前を正しく読めるようにします。",
    },
    # lstm-quiz grade --resume
    "Let submissions import this installed package too (read-only, that package only). Repeatable.": {
        "ko": "제출물이 설치된 이 패키지도 import할 수 있게 해요(읽기 전용, 그 패키지만). 여러 번 쓸 수 있어요.",
        "ja": "提出物がインストール済みのこのパッケージもインポートできるようにします（読み取り専用、そのパッケージのみ）。複数指定可。",
    },
    "Grade this student again (repeatable), keeping everyone else's results in OUT as they are.": {
        "ko": "이 학생을 다시 채점해요(여러 번 쓸 수 있음). 다른 학생의 결과는 OUT에 그대로 둬요.",
        "ja": "この学生を再採点します（複数指定可）。ほかの学生の結果は OUT にそのまま残します。",
    },
    "Continue an interrupted run in OUT (nothing graded twice).": {
        "ko": "OUT에서 중단된 실행을 이어서 해요(같은 것을 두 번 채점하지 않아요).",
        "ja": "OUT で中断した実行を再開します（同じものを二度採点しません）。",
    },
    # lstm-quiz stats --html
    "Also write your progress as one page to open in a browser.": {
        "ko": "학습 현황을 브라우저에서 열 수 있는 페이지 하나로도 저장해요.",
        "ja": "学習状況をブラウザーで開けるページ 1 枚としても保存します。",
    },
    "Replace FILE if it exists.": {
        "ko": "FILE이 이미 있으면 바꿔요.",
        "ja": "FILE がすでにあれば置き換えます。",
    },
    # lstm-quiz grade --no-similarity
    "Do not look for similar submissions (similarity.json and the reports' section).": {
        "ko": "비슷한 제출물을 찾지 않아요(similarity.json과 보고서의 해당 부분).",
        "ja": "よく似た提出物を探しません（similarity.json とレポートのその節）。",
    },
    # lstm-quiz grade --force; lstm-quiz merge --force
    "Replace the outputs already in OUT.": {
        "ko": "OUT에 이미 있는 출력을 바꿔요.",
        "ja": "OUT にすでにある出力を置き換えます。",
    },
    # lstm-quiz grade --timeout
    "Seconds per submission, at most.": {
        "ko": "제출물 하나에 주는 최대 시간(초)이에요.",
        "ja": "提出物 1 件あたりの最大時間（秒）です。",
    },
    # lstm-quiz grade --shard
    "Grade only the K-th of N deterministic slices (merge them with `lstm-quiz merge`).": {
        "ko": "N개로 고정해 나눈 조각 중 K번째만 채점해요(`lstm-quiz merge`로 합쳐요).",
        "ja": "決まった方法で N 個に分けたうちの K 番目だけを採点します（`lstm-quiz merge` で結合します）。",
    },
    # lstm-quiz merge
    "Join the journals of shard folders (from `grade --shard K/N`) into one set of outputs: the same\n"
    "    as one run, roster rows included. Shards graded with another secret, or a set with one missing, are\n"
    "    refused.": {
        "ko": "샤드 폴더들(`grade --shard K/N`의 결과)의 저널을 하나의 출력으로 합쳐요. 명단의 행까지 포함해\n"
        "    한 번에 실행한 것과 같아요. 다른 비밀 값으로 채점한 샤드나, 하나가 빠진 샤드 묶음은\n"
        "    받지 않아요.",
        "ja": "シャードのフォルダ（`grade --shard K/N` の出力）のジャーナルを 1 つの出力にまとめます。\n"
        "\n"
        "    名簿の行も含め、1 回で実行した場合と同じ結果になります。別のシークレットで採点したシャードや、1 つ欠けたシャードの組は受け付けません。",
    },
    # lstm-quiz merge -o/--out
    "Folder for the joined outputs.": {
        "ko": "합친 출력을 둘 폴더예요.",
        "ja": "まとめた出力を置くフォルダです。",
    },
    # lstm-quiz plan
    "Your road to the exam day: each topic's predicted recall on that morning (FSRS), the reviews due\n"
    "    each day until then, and the topics to study first.": {
        "ko": "시험일까지의 계획: 시험 당일 아침의 주제별 예상 기억률(FSRS), 그날까지 날마다 복습할 문제,\n"
        "    먼저 공부할 주제를 보여 줘요.",
        "ja": "試験日までの道のりを表示します。\n"
        "\n"
        "    試験当日の朝のトピックごとの予想想起率（FSRS）、それまでの毎日の復習予定、先に学習すべきトピックです。",
    },
    # lstm-quiz plan --exam-date
    "The day of your exam.": {"ko": "시험 날짜예요.", "ja": "試験の日付です。"},
    # lstm-quiz review
    "Spaced repetition (FSRS): the questions you missed or are about to forget, when they are due.": {
        "ko": "간격 반복(FSRS): 틀렸거나 곧 잊을 문제를 복습할 때가 되면 다시 풀어요.",
        "ja": "間隔反復（FSRS）: 間違えた問題や忘れかけた問題を、復習時期になったら出題します。",
    },
    # lstm-quiz review -n
    "At most this many.": {"ko": "최대 이만큼 풀어요.", "ja": "最大でこの数だけ出題します。"},
    # lstm-quiz review --cram
    "Drill your weakest questions even when none is due.": {
        "ko": "복습할 문제가 없어도 약한 문제를 연습해요.",
        "ja": "復習時期の問題がなくても、苦手な問題を練習します。",
    },
    # lstm-quiz review --exam-date
    "Also review what you would likely forget by the day of your exam, least likely first.": {
        "ko": "시험일까지 잊을 가능성이 큰 문제도 복습해요. 가장 잊기 쉬운 문제부터 풀어요.",
        "ja": "試験日までに忘れそうな問題も、忘れやすい順に復習します。",
    },
    # lstm-quiz review --seed
    "Fix the numbers of parametrized questions.": {
        "ko": "매개변수형 문제의 숫자를 고정해요.",
        "ja": "パラメータ付き問題の数値を固定します。",
    },
    # lstm-quiz start
    "Study: answer N questions, with feedback and explanations after each one.\n"
    "\n"
    "    Type the number of a choice, a number (0.25, 1/4), a shape ((1, 35, 20)) or a word. `?` shows a\n"
    "    hint, `skip` skips, `quit` ends; Ctrl-C or end of input ends the session with a summary. Every\n"
    "    answer is saved to your history (see `lstm-quiz stats`). When stdin is not a terminal, answers are\n"
    "    read one per line (an empty line skips).\n"
    "    ": {
        "ko": "학습: N문제를 풀고, 문제마다 피드백과 해설을 봐요.\n"
        "\n"
        "    보기 번호, 수(0.25, 1/4), 텐서 모양((1, 35, 20)), 또는 단어를 입력해요. `?`는 힌트,\n"
        "    `skip`은 건너뛰기, `quit`은 종료예요. Ctrl-C나 입력 끝(EOF)이면 요약을 보여 주고 세션을 끝내요.\n"
        "    모든 답은 기록에 저장돼요(`lstm-quiz stats` 참고). 표준 입력이 터미널이 아니면 답을 한 줄에\n"
        "    하나씩 읽어요(빈 줄은 건너뛰기).\n"
        "    ",
        "ja": "学習: N 問に答え、1 問ごとにフィードバックと解説を確認します。\n"
        "\n"
        "    選択肢の番号、数値（0.25、1/4）、形状（(1, 35, 20)）、または単語を入力します。`?` でヒント、`skip` でスキップ、`quit` で終了です。Ctrl-C または入力の終わり（EOF）でまとめを表示してセッションを終了します。すべての回答は履歴に保存されます（`lstm-quiz stats` を参照）。標準入力が端末でない場合は、回答を 1 行に 1 つずつ読み込みます（空行はスキップ）。",
    },
    # lstm-quiz start --topic
    "Only this topic (repeatable). See `bank list`.": {
        "ko": "이 주제만 풀어요(여러 번 쓸 수 있어요). `bank list` 참고.",
        "ja": "このトピックだけを出題します（複数回指定可）。`bank list` を参照。",
    },
    # lstm-quiz start -n
    "How many questions.": {"ko": "문제 수예요.", "ja": "問題数です。"},
    # lstm-quiz start --seed
    "Replay the same questions, numbers and choice order.": {
        "ko": "같은 문제, 같은 숫자, 같은 보기 순서로 다시 풀어요.",
        "ja": "同じ問題、同じ数値、同じ選択肢の順序でもう一度解きます。",
    },
    # lstm-quiz start --exam
    "Mock exam: a time limit, no feedback until the end.": {
        "ko": "모의시험: 시간 제한이 있고, 피드백은 마지막에 보여 줘요.",
        "ja": "模擬試験: 制限時間があり、フィードバックは最後に表示します。",
    },
    # lstm-quiz start --seconds-per-question
    "Exam pace: the time limit is this times the number of questions.": {
        "ko": "시험 속도예요. 제한 시간은 이 값에 문제 수를 곱한 값이에요.",
        "ja": "試験のペースです。制限時間はこの値に問題数を掛けたものです。",
    },
    # lstm-quiz stats
    "Your progress: accuracy per topic, recent sessions, streak, weakest topics, reviews due.": {
        "ko": "학습 현황: 주제별 정답률, 최근 세션, 연속 학습일, 약한 주제, 복습할 문제.",
        "ja": "学習状況: トピック別の正答率、最近のセッション、連続日数、苦手なトピック、復習予定。",
    },
}

# click's own words (click 8.5.1): the msgids it passes to gettext (`_`) and ngettext (singular and
# plural each a key) in core.py, decorators.py, exceptions.py, formatting.py, parser.py, types.py and
# termui.py, for the help pages and usage errors. Placeholders are click's, filled in by click.
# Fields click fills with an English word fixed when it builds its types (File, Path, integer range,
# option): a translation leaves them out rather than mix that word into Korean or Japanese.
ENGLISH_FIELDS = frozenset(("{name}", "{number_type}", "{param_type}"))

CLICK: dict[str, dict[str, str]] = {
    # help pages
    "Usage:": {"ko": "사용법:", "ja": "使い方:"},
    "Options": {"ko": "옵션", "ja": "オプション"},
    "Positional arguments": {"ko": "위치 인자", "ja": "位置引数"},
    "Commands": {"ko": "명령", "ja": "コマンド"},
    "Show this message and exit.": {
        "ko": "이 도움말을 보여 주고 끝내요.",
        "ja": "このメッセージを表示して終了します。",
    },
    "Show the version and exit.": {
        "ko": "버전을 보여 주고 끝내요.",
        "ja": "バージョンを表示して終了します。",
    },
    "%(prog)s, version %(version)s": {
        "ko": "%(prog)s, 버전 %(version)s",
        "ja": "%(prog)s、バージョン %(version)s",
    },
    "default: {default}": {"ko": "기본값: {default}", "ja": "既定値: {default}"},
    "env var: {var}": {"ko": "환경 변수: {var}", "ja": "環境変数: {var}"},
    "required": {"ko": "필수", "ja": "必須"},
    "(dynamic)": {"ko": "(동적)", "ja": "（動的）"},
    "deprecated": {"ko": "지원 중단", "ja": "非推奨"},
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": {
        "ko": "DeprecationWarning: 명령 {name!r}은(는) 지원이 중단되었어요.{extra_message}",
        "ja": "DeprecationWarning: コマンド {name!r} は非推奨です。{extra_message}",
    },
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": {
        "ko": "DeprecationWarning: {param_type} {name!r}은(는) 지원이 중단되었어요.{extra_message}",
        "ja": "DeprecationWarning: {param_type} {name!r} は非推奨です。{extra_message}",
    },
    "Confirm the action without prompting.": {
        "ko": "묻지 않고 작업을 확정해요.",
        "ja": "確認せずに操作を実行します。",
    },
    "Do you want to continue?": {"ko": "계속할까요?", "ja": "続行しますか？"},
    # usage errors
    "Error: {message}": {"ko": "오류: {message}", "ja": "エラー: {message}"},
    "Try '{command} {option}' for help.": {
        "ko": "도움말은 '{command} {option}'으로 볼 수 있어요.",
        "ja": "ヘルプは '{command} {option}' で表示できます。",
    },
    "No such option {name!r}.": {
        "ko": "{name!r} 옵션은 없어요.",
        "ja": "{name!r} というオプションはありません。",
    },
    "Did you mean {possibility}?": {
        "ko": "{possibility}을(를) 말한 건가요?",
        "ja": "{possibility} のことですか？",
    },
    "(Did you mean one of: {possibilities}?)": {
        "ko": "(다음 중 하나를 말한 건가요: {possibilities}?)",
        "ja": "（次のいずれかのことですか: {possibilities}？）",
    },
    "No such command {name!r}.": {
        "ko": "{name!r} 명령은 없어요.",
        "ja": "{name!r} というコマンドはありません。",
    },
    "Missing command.": {"ko": "명령이 없어요.", "ja": "コマンドが指定されていません。"},
    "Missing argument": {"ko": "필수 인자가 없어요:", "ja": "必須の引数がありません:"},
    "Missing option": {"ko": "필수 옵션이 없어요:", "ja": "必須のオプションがありません:"},
    "Missing parameter": {"ko": "필수 매개변수가 없어요:", "ja": "必須のパラメータがありません:"},
    "Missing {param_type}": {
        "ko": "필수 항목이 없어요:",
        "ja": "必須の項目がありません:",
    },
    "Missing parameter: {param_name}": {
        "ko": "매개변수가 없어요: {param_name}",
        "ja": "パラメータがありません: {param_name}",
    },
    "Invalid value for {param_hint}: {message}": {
        "ko": "{param_hint}의 값이 잘못되었어요: {message}",
        "ja": "{param_hint} の値が正しくありません: {message}",
    },
    "Invalid value: {message}": {"ko": "잘못된 값이에요: {message}", "ja": "正しくない値です: {message}"},
    "Got unexpected extra argument ({args})": {
        "ko": "예상하지 못한 인자가 더 있어요({args})",
        "ja": "想定外の余分な引数があります（{args}）",
    },
    "Got unexpected extra arguments ({args})": {
        "ko": "예상하지 못한 인자들이 더 있어요({args})",
        "ja": "想定外の余分な引数があります（{args}）",
    },
    "Option {name!r} requires an argument.": {
        "ko": "{name!r} 옵션에는 값이 필요해요.",
        "ja": "オプション {name!r} には値が必要です。",
    },
    "Option {name!r} requires {nargs} arguments.": {
        "ko": "{name!r} 옵션에는 값이 {nargs}개 필요해요.",
        "ja": "オプション {name!r} には値が {nargs} 個必要です。",
    },
    "Option {name!r} does not take a value.": {
        "ko": "{name!r} 옵션은 값을 받지 않아요.",
        "ja": "オプション {name!r} は値を取りません。",
    },
    "Argument {name!r} takes {nargs} values.": {
        "ko": "인자 {name!r}은(는) 값을 {nargs}개 받아요.",
        "ja": "引数 {name!r} は値を {nargs} 個取ります。",
    },
    "Takes {nargs} values but 1 was given.": {
        "ko": "값 {nargs}개가 필요한데 1개가 주어졌어요.",
        "ja": "値が {nargs} 個必要ですが、1 個しか指定されていません。",
    },
    "Takes {nargs} values but {len} were given.": {
        "ko": "값 {nargs}개가 필요한데 {len}개가 주어졌어요.",
        "ja": "値が {nargs} 個必要ですが、{len} 個指定されています。",
    },
    "Value must be an iterable.": {
        "ko": "값은 반복 가능한 객체여야 해요.",
        "ja": "値はイテラブルでなければなりません。",
    },
    "Aborted!": {"ko": "중단했어요!", "ja": "中止しました！"},
    "unknown error": {"ko": "알 수 없는 오류", "ja": "不明なエラー"},
    "Could not open file {filename!r}: {message}": {
        "ko": "파일 {filename!r}을(를) 열 수 없어요: {message}",
        "ja": "ファイル {filename!r} を開けません: {message}",
    },
    # values of the wrong type
    "{value!r} is not {choice}.": {
        "ko": "{value!r}은(는) {choice}이(가) 아니에요.",
        "ja": "{value!r} は {choice} ではありません。",
    },
    "{value!r} is not one of {choices}.": {
        "ko": "{value!r}은(는) {choices} 중 하나가 아니에요.",
        "ja": "{value!r} は {choices} のいずれでもありません。",
    },
    "Choose from:\n\t{choices}": {
        "ko": "다음 중에서 고르세요:\n\t{choices}",
        "ja": "次から選んでください:\n\t{choices}",
    },
    "{value!r} is not a valid {number_type}.": {
        "ko": "{value!r}은(는) 올바른 숫자가 아니에요.",
        "ja": "{value!r} は有効な数値ではありません。",
    },
    "{value} is not in the range {range}.": {
        "ko": "{value}은(는) 범위 {range} 안에 있지 않아요.",
        "ja": "{value} は範囲 {range} に入っていません。",
    },
    "{value!r} is not a valid boolean. Recognized values: {states}": {
        "ko": "{value!r}은(는) 올바른 불리언 값이 아니에요. 쓸 수 있는 값: {states}",
        "ja": "{value!r} は有効な真偽値ではありません。使える値: {states}",
    },
    "{value!r} is not a valid UUID.": {
        "ko": "{value!r}은(는) 올바른 UUID가 아니에요.",
        "ja": "{value!r} は有効な UUID ではありません。",
    },
    "{value!r} does not match the format {format}.": {
        "ko": "{value!r}이(가) 형식 {format}에 맞지 않아요.",
        "ja": "{value!r} は形式 {format} に合いません。",
    },
    "{value!r} does not match the formats {formats}.": {
        "ko": "{value!r}이(가) 형식 {formats} 중 어느 것에도 맞지 않아요.",
        "ja": "{value!r} は形式 {formats} のどれにも合いません。",
    },
    "{len_type} values are required, but {len_value} was given.": {
        "ko": "값 {len_type}개가 필요한데 {len_value}개가 주어졌어요.",
        "ja": "値が {len_type} 個必要ですが、{len_value} 個指定されています。",
    },
    "{len_type} values are required, but {len_value} were given.": {
        "ko": "값 {len_type}개가 필요한데 {len_value}개가 주어졌어요.",
        "ja": "値が {len_type} 個必要ですが、{len_value} 個指定されています。",
    },
    "file": {"ko": "파일", "ja": "ファイル"},
    "directory": {"ko": "폴더", "ja": "フォルダ"},
    "path": {"ko": "경로", "ja": "パス"},
    "{name} {filename!r} does not exist.": {
        "ko": "{filename!r}이(가) 없어요.",
        "ja": "{filename!r} がありません。",
    },
    "{name} {filename!r} is a file.": {
        "ko": "{filename!r}은(는) 파일이에요.",
        "ja": "{filename!r} はファイルです。",
    },
    "{name} {filename!r} is a directory.": {
        "ko": "{filename!r}은(는) 폴더예요.",
        "ja": "{filename!r} はフォルダです。",
    },
    "{name} {filename!r} is not readable.": {
        "ko": "{filename!r}을(를) 읽을 수 없어요.",
        "ja": "{filename!r} を読み込めません。",
    },
    "{name} {filename!r} is not writable.": {
        "ko": "{filename!r}에 쓸 수 없어요.",
        "ja": "{filename!r} に書き込めません。",
    },
    "{name} {filename!r} is not executable.": {
        "ko": "{filename!r}을(를) 실행할 수 없어요.",
        "ja": "{filename!r} を実行できません。",
    },
    # prompts
    "Repeat for confirmation": {
        "ko": "확인을 위해 한 번 더 입력하세요",
        "ja": "確認のためもう一度入力してください",
    },
    "Error: The two entered values do not match.": {
        "ko": "오류: 두 번 입력한 값이 서로 달라요.",
        "ja": "エラー: 入力した 2 つの値が一致しません。",
    },
    "Error: invalid input": {"ko": "오류: 잘못된 입력이에요", "ja": "エラー: 入力が正しくありません"},
    "Press any key to continue...": {
        "ko": "계속하려면 아무 키나 누르세요...",
        "ja": "続けるには何かキーを押してください...",
    },
}


from checker.messages.autograder import HELP as _AUTOGRADER_HELP  # noqa: E402

HELP.update(_AUTOGRADER_HELP)

from checker.messages.export import HELP as _EXPORT_HELP  # noqa: E402

HELP.update(_EXPORT_HELP)
