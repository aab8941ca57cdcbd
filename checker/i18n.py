"""The Korean/English message catalogue and the choice of language.

Every sentence the program says to a person lives here, in both languages, so a missing translation is
caught by one test over this table.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from checker.messages import MESSAGES as INSTRUCTOR_MESSAGES
from checker.messages_lint import LINT_MESSAGES
from checker.messages_study import STUDY_MESSAGES

LANGS = ("en", "ko", "ja")
DEFAULT_LANG = "en"

MESSAGES: dict[str, dict[str, str]] = {
    # answer parsing (an unreadable answer is never graded)
    "answer.empty": {
        "en": "The answer is empty.",
        "ko": "답이 비어 있습니다.",
        "ja": "答えが空です。",
    },
    "answer.too_long": {
        "en": "The answer is too long ({limit} characters at most).",
        "ko": "답이 너무 깁니다(최대 {limit}자).",
        "ja": "答えが長すぎます（最大 {limit} 文字）。",
    },
    "answer.not_a_number": {
        "en": "'{text}' is not a number. Write it like 0.25, 1/4 or 2.5e-1.",
        "ko": "'{text}'은(는) 숫자가 아닙니다. 0.25, 1/4, 2.5e-1처럼 써 주세요.",
        "ja": "'{text}' は数値ではありません。0.25、1/4、2.5e-1 のように書いてください。",
    },
    "answer.several_numbers": {
        "en": "Give one number, not several ('{text}').",
        "ko": "숫자 하나만 입력해 주세요('{text}').",
        "ja": "数値は 1 つだけ入力してください（'{text}'）。",
    },
    "answer.not_finite": {
        "en": "The answer must be a finite number.",
        "ko": "답은 유한한 숫자여야 합니다.",
        "ja": "答えは有限の数値でなければなりません。",
    },
    "answer.divide_by_zero": {
        "en": "'{text}' divides by zero.",
        "ko": "'{text}'은(는) 0으로 나눕니다.",
        "ja": "'{text}' は 0 で割っています。",
    },
    "answer.percent": {
        "en": "Write the value as a plain number (0.25, not 25%).",
        "ko": "퍼센트가 아닌 수로 써 주세요(25%가 아니라 0.25).",
        "ja": "パーセントではなく数値で書いてください（25% ではなく 0.25）。",
    },
    "answer.not_a_shape": {
        "en": "'{text}' is not a shape. Write it like (1, 35, 20), [1, 35, 20] or 1x35x20.",
        "ko": "'{text}'은(는) 텐서 모양이 아닙니다. (1, 35, 20), [1, 35, 20], 1x35x20처럼 써 주세요.",
        "ja": "'{text}' は形状（shape）ではありません。(1, 35, 20)、[1, 35, 20]、1x35x20 のように書いてください。",
    },
    "answer.bad_dim": {
        "en": "Every dimension of a shape is a whole number ≥ 0; '{text}' is not.",
        "ko": "모양의 각 차원은 0 이상의 정수여야 합니다. '{text}'은(는) 아닙니다.",
        "ja": "形状の各次元は 0 以上の整数です。'{text}' はそうではありません。",
    },
    "answer.part_count": {
        "en": "Give {expected} shapes ({names}), separated by ';' — you gave {given}.",
        "ko": "모양 {expected}개({names})를 ';'로 구분해 입력해 주세요. 입력한 개수: {given}.",
        "ja": "形状を {expected} 個（{names}）、';' で区切って入力してください。入力された数: {given}。",
    },
    "answer.choice_range": {
        "en": "Choose a number from 1 to {n}.",
        "ko": "1부터 {n}까지의 번호를 골라 주세요.",
        "ja": "1 から {n} までの番号を選んでください。",
    },
    "answer.not_a_choice": {
        "en": "'{text}' is not one of the choices. Type its number.",
        "ko": "'{text}'은(는) 보기에 없습니다. 번호를 입력해 주세요.",
        "ja": "'{text}' は選択肢にありません。番号を入力してください。",
    },
    "answer.one_choice": {
        "en": "Choose exactly one answer.",
        "ko": "답을 하나만 골라 주세요.",
        "ja": "答えを 1 つだけ選んでください。",
    },
    "answer.duplicate_choice": {
        "en": "Choice {item} is given twice.",
        "ko": "보기 {item}이(가) 두 번 들어 있습니다.",
        "ja": "選択肢 {item} が 2 回入っています。",
    },
    "answer.match_format": {
        "en": "Pair each number with a letter, like '1a 2c 3b', or give the letters in order, like 'acb'.",
        "ko": "'1a 2c 3b'처럼 번호마다 글자를 짝지어 주거나, 'acb'처럼 글자를 순서대로 써 주세요.",
        "ja": "'1a 2c 3b' のように番号ごとに文字を対応させるか、'acb' のように文字を順に書いてください。",
    },
    "answer.match_range": {
        "en": "Use numbers 1–{n} and letters a–{last}.",
        "ko": "번호는 1–{n}, 글자는 a–{last}을(를) 사용해 주세요.",
        "ja": "番号は 1–{n}、文字は a–{last} を使ってください。",
    },
    "answer.match_duplicate": {
        "en": "Item {item} is paired twice.",
        "ko": "항목 {item}이(가) 두 번 짝지어졌습니다.",
        "ja": "項目 {item} が 2 回対応づけられています。",
    },
    # bank commands
    "bank.no_questions": {
        "en": "No questions found in {paths}.",
        "ko": "{paths}에서 문제를 찾지 못했습니다.",
        "ja": "{paths} に問題が見つかりません。",
    },
    "bank.problems": {
        "en": "{count} problem(s) in the banks:",
        "ko": "문제 은행에서 {count}개의 문제점을 찾았습니다:",
        "ja": "問題バンクに {count} 件の不備があります:",
    },
    "bank.clean": {
        "en": "{files} file(s), {questions} question(s): no problems.",
        "ko": "파일 {files}개, 문제 {questions}개: 문제점 없음.",
        "ja": "ファイル {files} 個、問題 {questions} 問: 不備はありません。",
    },
    "bank.found_problems": {
        "en": "{count} problem(s) in {files} file(s).",
        "ko": "파일 {files}개에서 문제점 {count}개.",
        "ja": "ファイル {files} 個に不備が {count} 件あります。",
    },
    "bank.fix_hint": {
        "en": "Run 'lstm-quiz bank lint' on these files for the full list.",
        "ko": "전체 목록은 'lstm-quiz bank lint'로 확인하세요.",
        "ja": "一覧をすべて見るには、これらのファイルに 'lstm-quiz bank lint' を実行してください。",
    },
    "bank.col_topic": {"en": "Topic", "ko": "주제", "ja": "トピック"},
    "bank.col_title": {"en": "Title", "ko": "제목", "ja": "タイトル"},
    "bank.col_questions": {"en": "Questions", "ko": "문제 수", "ja": "問題数"},
    "bank.col_parametrized": {"en": "Param.", "ko": "매개변수형", "ja": "パラメータ付き"},
    "bank.col_languages": {"en": "Lang.", "ko": "언어", "ja": "言語"},
    "bank.total": {"en": "Total", "ko": "합계", "ja": "合計"},
    "cli.path_missing": {
        "en": "No such file or folder: {path}",
        "ko": "파일이나 폴더가 없습니다: {path}",
        "ja": "ファイルまたはフォルダがありません: {path}",
    },
    # the study session
    "quiz.progress": {"en": "Question {k} of {n}", "ko": "{n}문제 중 {k}번", "ja": "全 {n} 問中 {k} 問目"},
    "quiz.score": {
        "en": "score {score}/{answered}",
        "ko": "점수 {score}/{answered}",
        "ja": "得点 {score}/{answered}",
    },
    "quiz.time_left": {"en": "{left} left", "ko": "남은 시간 {left}", "ja": "残り時間 {left}"},
    "quiz.commands": {
        "en": "? hint · skip · quit",
        "ko": "? 힌트 · skip 건너뛰기 · quit 종료",
        "ja": "? ヒント · skip スキップ · quit 終了",
    },
    "quiz.commands_exam": {
        "en": "skip · quit — no feedback until the end",
        "ko": "skip 건너뛰기 · quit 종료 — 채점 결과는 마지막에 보여 줍니다",
        "ja": "skip スキップ · quit 終了 — 採点結果は最後に表示します",
    },
    "quiz.how.choice": {
        "en": "Type the number of your answer.",
        "ko": "답의 번호를 입력하세요.",
        "ja": "答えの番号を入力してください。",
    },
    "quiz.how.multi": {
        "en": "Select all that apply: numbers separated by commas, e.g. 1, 3.",
        "ko": "해당하는 것을 모두 고르세요: 번호를 쉼표로 구분해 입력 (예: 1, 3).",
        "ja": "当てはまるものをすべて選んでください: 番号をカンマで区切って入力します（例: 1, 3）。",
    },
    "quiz.how.numeric": {
        "en": "Type a number (0.25, 1/4 and 2.5e-1 all work).",
        "ko": "숫자를 입력하세요 (0.25, 1/4, 2.5e-1 모두 가능).",
        "ja": "数値を入力してください（0.25、1/4、2.5e-1 のどれでも可）。",
    },
    "quiz.how.text": {
        "en": "Type a word or phrase.",
        "ko": "단어나 구를 입력하세요.",
        "ja": "単語または語句を入力してください。",
    },
    "quiz.how.shape": {
        "en": "Type a shape, e.g. (1, 35, 20).",
        "ko": "텐서 모양을 입력하세요 (예: (1, 35, 20)).",
        "ja": "形状を入力してください（例: (1, 35, 20)）。",
    },
    "quiz.how.parts": {
        "en": "Type {count} shapes in this order: {names} — separated by ';', e.g. {example}",
        "ko": "모양 {count}개를 {names} 순서로 ';'로 구분해 입력하세요 (예: {example})",
        "ja": "形状を {count} 個、{names} の順に ';' で区切って入力してください（例: {example}）",
    },
    "quiz.how.match": {
        "en": "Pair each number with a letter, e.g. 1b 2a 3c (or the letters in order: bac).",
        "ko": "번호마다 글자를 짝지어 입력하세요 (예: 1b 2a 3c, 또는 순서대로 bac).",
        "ja": "番号ごとに文字を対応させて入力してください（例: 1b 2a 3c、または順に bac）。",
    },
    "quiz.no_hint": {
        "en": "No hint for this question.",
        "ko": "이 문제에는 힌트가 없습니다.",
        "ja": "この問題にはヒントがありません。",
    },
    "quiz.hint": {"en": "Hint", "ko": "힌트", "ja": "ヒント"},
    "quiz.empty": {
        "en": "Type an answer, or 'skip' to skip this question.",
        "ko": "답을 입력하거나, 건너뛰려면 'skip'을 입력하세요.",
        "ja": "答えを入力するか、この問題を飛ばすには 'skip' と入力してください。",
    },
    "quiz.try_again": {"en": "Try again.", "ko": "다시 입력해 주세요.", "ja": "もう一度入力してください。"},
    "quiz.correct_answer": {"en": "Answer", "ko": "정답", "ja": "正解"},
    "quiz.your_answer": {"en": "Your answer", "ko": "입력한 답", "ja": "あなたの答え"},
    "quiz.explanation": {"en": "Why", "ko": "해설", "ja": "解説"},
    "quiz.misconception": {"en": "Common mistake", "ko": "자주 하는 실수", "ja": "よくある間違い"},
    "quiz.skipped": {"en": "Skipped", "ko": "건너뜀", "ja": "スキップ"},
    "quiz.timeout": {"en": "Time up", "ko": "시간 초과", "ja": "時間切れ"},
    "quiz.summary": {"en": "Summary", "ko": "결과 요약", "ja": "結果のまとめ"},
    "quiz.col_topic": {"en": "Topic", "ko": "주제", "ja": "トピック"},
    "quiz.col_asked": {"en": "Asked", "ko": "문제", "ja": "出題数"},
    "quiz.col_correct": {"en": "Correct", "ko": "정답", "ja": "正解"},
    "quiz.col_percent": {"en": "%", "ko": "정답률", "ja": "正答率"},
    "quiz.total": {"en": "Total", "ko": "합계", "ja": "合計"},
    "quiz.time_taken": {
        "en": "Time: {time} · score {score}/{answered} · seed {seed} (replay with --seed {seed})",
        "ko": "소요 시간: {time} · 점수 {score}/{answered} · 시드 {seed} (--seed {seed}(으)로 같은 문제 다시 풀기)",
        "ja": "所要時間: {time} · 得点 {score}/{answered} · シード {seed}（--seed {seed} で同じ問題をもう一度解けます）",
    },
    "quiz.missed": {"en": "To review", "ko": "복습할 문제", "ja": "復習する問題"},
    "quiz.ended.quit": {
        "en": "Session ended early.",
        "ko": "세션을 일찍 끝냈습니다.",
        "ja": "セッションを途中で終了しました。",
    },
    "quiz.ended.interrupted": {
        "en": "Session interrupted.",
        "ko": "세션이 중단되었습니다.",
        "ja": "セッションが中断されました。",
    },
    "quiz.ended.end-of-input": {
        "en": "End of input.",
        "ko": "입력이 끝났습니다.",
        "ja": "入力が終わりました。",
    },
    "quiz.ended.time-up": {
        "en": "Time is up: unanswered questions count as wrong.",
        "ko": "시간이 다 되었습니다: 답하지 못한 문제는 오답으로 처리됩니다.",
        "ja": "時間切れです: 未回答の問題は不正解として扱います。",
    },
    "quiz.nothing_answered": {
        "en": "No question was answered.",
        "ko": "답한 문제가 없습니다.",
        "ja": "回答した問題がありません。",
    },
    "quiz.saved": {
        "en": "Progress saved to {path}",
        "ko": "진행 기록 저장: {path}",
        "ja": "進捗を保存しました: {path}",
    },
    "quiz.no_questions": {
        "en": "No questions for topic(s) {topics}. Known topics: {known}",
        "ko": "주제 {topics}에 해당하는 문제가 없습니다. 주제 목록: {known}",
        "ja": "トピック {topics} の問題がありません。トピック一覧: {known}",
    },
    "quiz.history_warning": {"en": "warning: {text}", "ko": "경고: {text}", "ja": "警告: {text}"},
    # the history file: damaged lines, and a data folder that cannot be written or read
    "history.damaged_one": {
        "en": "{path}:{line}: skipped a damaged line ({reason})",
        "ko": "{path}:{line}: 손상된 줄을 건너뛰었습니다 ({reason})",
        "ja": "{path}:{line}: 破損した行を読み飛ばしました（{reason}）",
    },
    "history.damaged_many": {
        "en": "{path}: {count} damaged lines skipped; first at line {line} ({reason})",
        "ko": "{path}: 손상된 줄 {count}개를 건너뛰었습니다. 첫 줄은 {line}번째 줄 ({reason})",
        "ja": "{path}: 破損した行を {count} 行読み飛ばしました。最初は {line} 行目です（{reason}）",
    },
    "history.reason.json": {"en": "not JSON", "ko": "JSON이 아님", "ja": "JSON ではない"},
    "history.reason.encoding": {"en": "not UTF-8", "ko": "UTF-8이 아님", "ja": "UTF-8 ではない"},
    "history.reason.too_long": {"en": "longer than 1 MiB", "ko": "1 MiB보다 김", "ja": "1 MiB を超えている"},
    "history.reason.too_deep": {
        "en": "nested too deeply",
        "ko": "너무 깊게 중첩됨",
        "ja": "入れ子が深すぎる",
    },
    "history.reason.duplicate": {
        "en": "a key appears twice",
        "ko": "같은 키가 두 번 나옴",
        "ja": "同じキーが 2 回出てくる",
    },
    "history.reason.not_answer": {
        "en": "not an answer record",
        "ko": "답안 기록이 아님",
        "ja": "回答の記録ではない",
    },
    "history.reason.field": {
        "en": "'{field}' is missing or has the wrong type",
        "ko": "'{field}' 값이 없거나 형식이 잘못됨",
        "ja": "'{field}' がないか、型が正しくない",
    },
    "history.reason.time": {
        "en": "'at' is not a time with a time zone between 1970 and 9000",
        "ko": "'at' 값이 1970년에서 9000년 사이의 시간대가 있는 시각이 아님",
        "ja": "'at' が 1970 年から 9000 年までのタイムゾーン付きの時刻ではない",
    },
    "history.why.read_only": {
        "en": "is not writable (permission denied or a read-only file system)",
        "ko": "에 쓸 수 없습니다 (권한이 없거나 읽기 전용 파일 시스템)",
        "ja": "に書き込めません（権限がないか、読み取り専用のファイルシステムです）",
    },
    "history.why.not_a_folder": {
        "en": "cannot be created: a file is where a folder should be",
        "ko": "을(를) 만들 수 없습니다: 폴더가 있어야 할 자리에 파일이 있습니다",
        "ja": "を作成できません: フォルダがあるべき場所にファイルがあります",
    },
    "history.why.is_a_folder": {
        "en": "is a folder, not a file",
        "ko": "은(는) 파일이 아니라 폴더입니다",
        "ja": "はファイルではなくフォルダです",
    },
    "history.why.not_a_file": {
        "en": "is not a regular file (a pipe or a device)",
        "ko": "은(는) 일반 파일이 아닙니다 (파이프나 장치)",
        "ja": "は通常のファイルではありません（パイプまたはデバイスです）",
    },
    "history.why.disk_full": {
        "en": ": the disk is full",
        "ko": ": 디스크가 가득 찼습니다",
        "ja": ": ディスクがいっぱいです",
    },
    "history.why.other": {
        "en": "cannot be used: {error}",
        "ko": "을(를) 쓸 수 없습니다: {error}",
        "ja": "を使用できません: {error}",
    },
    "history.not_saving": {
        "en": "Your answers will not be saved: {path} {why}. You can still study; set LSTM_QUIZ_HOME to "
        "a writable folder to keep your progress.",
        "ko": "답이 저장되지 않습니다: {path} {why}. 학습은 계속할 수 있습니다. 진행 기록을 남기려면 "
        "LSTM_QUIZ_HOME을 쓸 수 있는 폴더로 지정하세요.",
        "ja": "回答は保存されません: {path} {why}。学習は続けられます。進捗を残すには、LSTM_QUIZ_HOME を書き込めるフォルダに設定してください。",
    },
    "history.save_failed": {
        "en": "Could not save your answer; the rest of this session will not be saved: {path} {why}. "
        "What your history already holds is untouched.",
        "ko": "답을 저장하지 못했습니다. 이 세션의 나머지 답도 저장되지 않습니다: {path} {why}. "
        "이미 저장된 기록은 그대로입니다.",
        "ja": "回答を保存できませんでした。このセッションの残りも保存されません: {path} {why}。これまでの履歴はそのまま残ります。",
    },
    "history.unreadable": {
        "en": "cannot read your history: {path} {why}; it is taken as empty.",
        "ko": "기록을 읽을 수 없습니다: {path} {why}. 빈 기록으로 처리합니다.",
        "ja": "履歴を読み込めません: {path} {why}。空の履歴として扱います。",
    },
    # review and stats
    "review.nothing_due": {
        "en": "Nothing is due for review{next}. 'lstm-quiz review --cram' drills your weakest questions anyway.",
        "ko": "지금 복습할 문제가 없습니다{next}. 'lstm-quiz review --cram'으로 약한 문제를 바로 연습할 수 있습니다.",
        "ja": "今は復習する問題がありません{next}。'lstm-quiz review --cram' で苦手な問題をすぐに練習できます。",
    },
    "review.next": {"en": " (next one: {when})", "ko": " (다음 복습: {when})", "ja": "（次の復習: {when}）"},
    "review.no_history": {
        "en": "No history yet. Start with 'lstm-quiz start'; what you miss comes back here.",
        "ko": "아직 기록이 없습니다. 'lstm-quiz start'로 시작하세요. 틀린 문제는 여기서 다시 나옵니다.",
        "ja": "まだ履歴がありません。'lstm-quiz start' で始めてください。間違えた問題はここでもう一度出題されます。",
    },
    "review.plan": {
        "en": "{due} due for review, {extra} extra from your weakest.",
        "ko": "복습 예정 {due}문제, 약한 문제에서 추가 {extra}문제.",
        "ja": "復習予定 {due} 問、苦手な問題から追加 {extra} 問。",
    },
    "stats.title": {"en": "Your progress", "ko": "학습 현황", "ja": "学習状況"},
    "stats.col_topic": {"en": "Topic", "ko": "주제", "ja": "トピック"},
    "stats.col_answered": {"en": "Answered", "ko": "푼 문제", "ja": "回答数"},
    "stats.col_correct": {"en": "Correct", "ko": "정답", "ja": "正解"},
    "stats.col_percent": {"en": "Accuracy", "ko": "정답률", "ja": "正答率"},
    "stats.trend": {"en": "Last sessions", "ko": "최근 세션", "ja": "最近のセッション"},
    "stats.streak": {"en": "Streak: {days} day(s)", "ko": "연속 학습: {days}일", "ja": "連続学習: {days} 日"},
    "stats.weakest": {
        "en": "Weakest topics: {topics}",
        "ko": "약한 주제: {topics}",
        "ja": "苦手なトピック: {topics}",
    },
    "stats.due": {
        "en": "Due for review: {count} ('lstm-quiz review')",
        "ko": "복습할 문제: {count}개 ('lstm-quiz review')",
        "ja": "復習する問題: {count} 問（'lstm-quiz review'）",
    },
    "stats.misconceptions": {
        "en": "Most frequent mistakes: {items}",
        "ko": "자주 한 실수: {items}",
        "ja": "よくある間違い: {items}",
    },
    "stats.summary": {
        "en": "{answers} answer(s) in {sessions} session(s)",
        "ko": "세션 {sessions}회, 답변 {answers}개",
        "ja": "セッション {sessions} 回、回答 {answers} 件",
    },
    "stats.empty": {
        "en": "No history yet. Start with 'lstm-quiz start'.",
        "ko": "아직 기록이 없습니다. 'lstm-quiz start'로 시작하세요.",
        "ja": "まだ履歴がありません。'lstm-quiz start' で始めてください。",
    },
    # checking an exercise file
    "check.case_timeout": {
        "en": "Did not finish within its time limit (an endless loop?); stopped.",
        "ko": "제한 시간 안에 끝나지 않아 중단했습니다(무한 루프인가요?).",
        "ja": "制限時間内に終わらなかったため停止しました（無限ループではありませんか？）。",
    },
    "check.case_memory": {
        "en": "Ran out of memory.",
        "ko": "메모리가 부족했습니다.",
        "ja": "メモリが不足しました。",
    },
    "check.case_not_run": {
        "en": "Not run: the time budget was used up by earlier tests.",
        "ko": "실행하지 못함: 앞선 테스트가 제한 시간을 다 썼습니다.",
        "ja": "未実行: 前のテストが制限時間を使い切りました。",
    },
    "check.case_not_reloaded": {
        "en": "Not run: after a test that did not finish, your file was started again and did not load this time (does it do something different each time it is imported?).",
        "ko": "실행하지 못함: 끝나지 않은 테스트 뒤에 파일을 다시 시작했는데, 이번에는 불러오지 못했습니다(가져올 때마다 다르게 동작하나요?).",
        "ja": "未実行: 終わらなかったテストの後でファイルをもう一度起動しましたが、今回は読み込めませんでした（インポートのたびに違う動きをしていませんか？）。",
    },
    "check.case_after_timeouts": {
        "en": "Not run: the tests before it did not finish either.",
        "ko": "실행하지 않음: 앞선 테스트들도 끝나지 않았습니다.",
        "ja": "未実行: 前のテストも終わりませんでした。",
    },
    "check.answer_too_large": {
        "en": "The answer is far larger than any expected one: refused unread.",
        "ko": "답이 예상되는 어떤 답보다 훨씬 커서 읽지 않고 거부했습니다.",
        "ja": "答えが想定されるどの答えよりもはるかに大きいため、読まずに拒否しました。",
    },
    "check.interfered": {
        "en": "The submission interfered with the grader.",
        "ko": "제출한 코드가 채점기의 동작을 방해했습니다.",
        "ja": "提出物が採点プログラムの動作を妨げました。",
    },
    "check.hidden_exception": {
        "en": "Raised an exception.",
        "ko": "예외가 발생했습니다.",
        "ja": "例外が発生しました。",
    },
    "check.hidden_wrong": {"en": "Wrong result.", "ko": "결과가 틀렸습니다.", "ja": "結果が違います。"},
    "check.only_unchanged": {
        "en": "Right here, but the function hands its input back unchanged on every test, also where the "
        "answer must differ: a test that doing nothing passes counts once one that needs a change passes.",
        "ko": "여기서는 맞지만, 이 함수는 답이 달라야 하는 테스트에서도 입력을 그대로 돌려줍니다. 아무것도 "
        "하지 않아도 통과하는 테스트는 값을 바꿔야 하는 테스트를 하나 이상 통과해야 점수로 인정됩니다.",
        "ja": "ここでは正しいですが、この関数は答えが変わるべきテストでも入力をそのまま返しています。"
        "何もしなくても通るテストは、値を変える必要があるテストを 1 つ以上通ったときに得点になります。",
    },
    "check.hidden_crashed": {
        "en": "The program crashed.",
        "ko": "프로그램이 비정상적으로 종료되었습니다.",
        "ja": "プログラムが異常終了しました。",
    },
    "check.hidden_not_loaded": {
        "en": "Not run: the file did not load for the hidden tests.",
        "ko": "실행하지 못함: 숨은 테스트를 실행할 때 파일을 불러오지 못했습니다.",
        "ja": "未実行: 隠しテストの実行時にファイルを読み込めませんでした。",
    },
    "check.uncomparable": {
        "en": "Returned something that cannot be compared with the expected result.",
        "ko": "정답과 비교할 수 없는 값을 반환했습니다.",
        "ja": "期待される結果と比較できない値を返しました。",
    },
    "check.case_crashed": {
        "en": "The program stopped abruptly ({how}).",
        "ko": "프로그램이 갑자기 종료되었습니다({how}).",
        "ja": "プログラムが突然終了しました（{how}）。",
    },
    "check.case_exception": {"en": "Raised {error}", "ko": "예외 발생: {error}", "ja": "例外発生: {error}"},
    "check.not_implemented": {
        "en": "{function} is not implemented yet (it raises NotImplementedError).",
        "ko": "{function}이(가) 아직 구현되지 않았습니다(NotImplementedError 발생).",
        "ja": "{function} はまだ実装されていません（NotImplementedError を送出します）。",
    },
    "check.not_array": {
        "en": "Returned {got}; expected a numpy array.",
        "ko": "{got}을(를) 반환했습니다. numpy 배열을 반환해야 합니다.",
        "ja": "{got} を返しました。numpy 配列を返す必要があります。",
    },
    "check.not_tuple": {
        "en": "Returned {got}; expected a tuple of {count} numpy arrays ({names}).",
        "ko": "{got}을(를) 반환했습니다. numpy 배열 {count}개의 튜플({names})을 반환해야 합니다.",
        "ja": "{got} を返しました。numpy 配列 {count} 個のタプル（{names}）を返す必要があります。",
    },
    "check.dtype": {
        "en": "{name} has dtype {dtype}; expected floating-point numbers.",
        "ko": "{name}의 dtype이 {dtype}입니다. 실수 배열이어야 합니다.",
        "ja": "{name} の dtype が {dtype} です。浮動小数点数の配列である必要があります。",
    },
    "check.shape": {
        "en": "{name} has shape {got}; expected {expected}.",
        "ko": "{name}의 모양이 {got}입니다. {expected}이어야 합니다.",
        "ja": "{name} の形状が {got} です。{expected} である必要があります。",
    },
    "check.nonfinite": {
        "en": "{name} contains nan or inf.",
        "ko": "{name}에 nan이나 inf가 있습니다.",
        "ja": "{name} に nan または inf が含まれています。",
    },
    "check.values": {
        "en": "{name} has wrong values.",
        "ko": "{name}의 값이 틀렸습니다.",
        "ja": "{name} の値が違います。",
    },
    "check.mutated": {
        "en": "Modified its argument {name} in place.",
        "ko": "인자 {name}을(를) 제자리에서 수정했습니다.",
        "ja": "引数 {name} をその場で書き換えました。",
    },
    "check.mutated_any": {
        "en": "Modified one of its arguments in place.",
        "ko": "인자 중 하나를 제자리에서 수정했습니다.",
        "ja": "引数のどれかをその場で書き換えました。",
    },
    "check.not_loaded": {
        "en": "Not run: the file did not load.",
        "ko": "실행하지 못함: 파일을 불러오지 못했습니다.",
        "ja": "未実行: ファイルを読み込めませんでした。",
    },
    "check.syntax": {
        "en": "Syntax error on line {line}, column {column}: {message}\n    {text}",
        "ko": "{line}행 {column}열 문법 오류: {message}\n    {text}",
        "ja": "{line} 行 {column} 列に構文エラーがあります: {message}\n    {text}",
    },
    "check.missing": {
        "en": "The file does not define {function}(). Keep the function name of the template.",
        "ko": "파일에 {function}()이(가) 정의되어 있지 않습니다. 템플릿의 함수 이름을 유지하세요.",
        "ja": "ファイルに {function}() が定義されていません。テンプレートの関数名を変えないでください。",
    },
    "check.exit": {
        "en": "The file called sys.exit({code}) while loading; remove it.",
        "ko": "파일을 불러오는 중에 sys.exit({code})가 호출되었습니다. 삭제하세요.",
        "ja": "ファイルの読み込み中に sys.exit({code}) が呼ばれました。削除してください。",
    },
    "check.import_error": {
        "en": "The file raised an error while loading: {error}\n{traceback}",
        "ko": "파일을 불러오는 중에 오류가 발생했습니다: {error}\n{traceback}",
        "ja": "ファイルの読み込み中にエラーが発生しました: {error}\n{traceback}",
    },
    "check.import_not_allowed": {
        "en": "Your file imports {module}, which it may not use here: only numpy, Python's standard library and the packages your instructor allowed can be imported. Remove the import.\n{traceback}",
        "ko": "파일이 여기서 쓸 수 없는 {module}을(를) 가져와요. numpy, 파이썬 표준 라이브러리, 강사가 허용한 패키지만 가져올 수 있어요. 그 import를 지우세요.\n{traceback}",
        "ja": "ファイルがここでは使えない {module} をインポートしています。インポートできるのは numpy、Python の標準ライブラリ、講師が許可したパッケージだけです。その import を削除してください。\n{traceback}",
    },
    "check.import_stdlib_unreadable": {
        "en": "Your file imports {module}, from Python's standard library, which this grader's sandbox cannot load: the Python it runs on is installed where the sandbox may not read it. This is not a mistake in your file: tell your instructor, or do without the import.\n{traceback}",
        "ko": "파일이 파이썬 표준 라이브러리의 {module}을(를) 가져오는데, 이 채점기의 샌드박스는 그것을 불러올 수 없어요. 채점기가 쓰는 파이썬이 샌드박스가 읽을 수 없는 곳에 설치되어 있기 때문이에요. 파일의 실수가 아니에요. 강사에게 알리거나 그 import 없이 작성하세요.\n{traceback}",
        "ja": "ファイルが Python 標準ライブラリの {module} をインポートしていますが、この採点器のサンドボックスはそれを読み込めません。採点器の Python がサンドボックスから読めない場所にインストールされているためです。ファイルの誤りではありません。講師に知らせるか、その import を使わずに書いてください。\n{traceback}",
    },
    "check.allow_unknown": {
        "en": "{name} is not a package installed here (or it is lstm-quiz itself).",
        "ko": "{name}은(는) 여기에 설치된 패키지가 아니에요(또는 lstm-quiz 자신이에요).",
        "ja": "{name} はここにインストールされたパッケージではありません(または lstm-quiz 自身です)。",
    },
    "check.import_memory": {
        "en": "The file ran out of memory while loading.",
        "ko": "파일을 불러오는 중에 메모리가 부족했습니다.",
        "ja": "ファイルの読み込み中にメモリが不足しました。",
    },
    "check.import_timeout": {
        "en": "The file did not finish loading within {seconds} s (code at the top level that never ends?).",
        "ko": "파일이 {seconds}초 안에 로드되지 않았습니다(최상위 코드에 끝나지 않는 부분이 있나요?).",
        "ja": "ファイルの読み込みが {seconds} 秒以内に終わりませんでした（トップレベルに終わらないコードがありませんか？）。",
    },
    "check.import_crashed": {
        "en": "The program stopped while loading ({how}).",
        "ko": "파일을 불러오는 중에 프로그램이 종료되었습니다({how}).",
        "ja": "ファイルの読み込み中にプログラムが終了しました（{how}）。",
    },
    "check.grader_fault": {
        "en": "The checker itself failed; this is not a problem with your code. ({detail})",
        "ko": "채점기 자체에 문제가 생겼습니다. 여러분의 코드 문제가 아닙니다. ({detail})",
        "ja": "採点プログラム自体が失敗しました。あなたのコードの問題ではありません。（{detail}）",
    },
    "check.title": {
        "en": "Exercise {number}: {title}",
        "ko": "연습 문제 {number}: {title}",
        "ja": "演習 {number}: {title}",
    },
    "check.score": {
        "en": "Score {score}/{max_score}",
        "ko": "점수 {score}/{max_score}",
        "ja": "得点 {score}/{max_score}",
    },
    "check.all_passed": {
        "en": "All tests passed.",
        "ko": "모든 테스트를 통과했습니다.",
        "ja": "すべてのテストに合格しました。",
    },
    "check.hidden_note": {
        "en": "Hidden tests show their name, verdict and a hint only.",
        "ko": "숨은 테스트는 이름, 판정, 힌트만 보여 줍니다.",
        "ja": "隠しテストは名前、判定、ヒントだけを表示します。",
    },
    "check.hidden": {"en": "hidden", "ko": "숨김", "ja": "非公開"},
    "check.hidden_group": {
        "en": "{count} hidden test(s) fail as well, most likely from the mistake above:",
        "ko": "숨은 테스트 {count}개도 실패했어요. 위의 실수 때문일 가능성이 커요:",
        "ja": "非公開テスト {count} 件も失敗しています。上の間違いが原因の可能性が高いです:",
    },
    "check.hints": {"en": "Hints", "ko": "힌트", "ja": "ヒント"},
    "check.hint": {"en": "hint", "ko": "힌트", "ja": "ヒント"},
    "check.inputs": {"en": "inputs", "ko": "입력", "ja": "入力"},
    "check.expected": {"en": "expected", "ko": "정답", "ja": "期待値"},
    "check.got": {"en": "got", "ko": "결과", "ja": "結果"},
    "check.errors": {
        "en": "max abs error {abs:.3g}, max rel error {rel:.3g}, first mismatch at index {index}: expected {want:.6g}, got {got:.6g}",
        "ko": "최대 절대 오차 {abs:.3g}, 최대 상대 오차 {rel:.3g}, 처음 어긋난 위치 {index}: 정답 {want:.6g}, 결과 {got:.6g}",
        "ja": "最大絶対誤差 {abs:.3g}、最大相対誤差 {rel:.3g}、最初の不一致はインデックス {index}: 期待値 {want:.6g}、結果 {got:.6g}",
    },
    "check.misconception": {"en": "Likely mistake", "ko": "예상되는 실수", "ja": "考えられる間違い"},
    "check.findings": {"en": "Where to look", "ko": "살펴볼 곳", "ja": "確認すべき箇所"},
    "check.output": {"en": "Output of your program", "ko": "프로그램 출력", "ja": "プログラムの出力"},
    "check.output_truncated": {
        "en": "(output truncated)",
        "ko": "(출력이 잘렸습니다)",
        "ja": "（出力は省略されました）",
    },
    "check.isolation": {
        "en": "Sandbox: {layers}",
        "ko": "샌드박스: {layers}",
        "ja": "サンドボックス: {layers}",
    },
    "check.unknown_exercise": {
        "en": "Cannot tell which exercise {file} is: it defines none of their functions. "
        "Choose one with --exercise: {choices}.",
        "ko": "{file}이(가) 어느 연습 문제인지 알 수 없습니다: 연습 문제의 함수를 하나도 정의하지 않았습니다. "
        "--exercise로 고르세요: {choices}.",
        "ja": "{file} がどの演習か判別できません: どの演習の関数も定義されていません。--exercise で選んでください: {choices}。",
    },
    "exercise.unknown": {
        "en": "no exercise is called {value!r}; the exercises are {choices}",
        "ko": "{value!r}(이)라는 연습 문제는 없습니다. 연습 문제: {choices}",
        "ja": "{value!r} という演習はありません。演習: {choices}",
    },
    "exercise.unusable": {
        "en": "An exercise folder cannot be used: {problem}",
        "ko": "연습 문제 폴더를 쓸 수 없습니다: {problem}",
        "ja": "演習フォルダを使用できません: {problem}",
    },
    "exercise.written": {
        "en": "Wrote {path}. Fill in {function}, then run: {command}",
        "ko": "{path}을(를) 만들었습니다. {function}을(를) 완성한 뒤 실행하세요: {command}",
        "ja": "{path} を作成しました。{function} を完成させてから実行してください: {command}",
    },
    "grade.out_of_memory": {
        "en": "Not enough memory to go on. Everything graded so far is kept in the journal; give lstm-quiz more memory (or fewer graders with -j) and run again with --resume.",
        "ko": "메모리가 부족해 계속할 수 없어요. 지금까지 채점한 것은 모두 저널에 남아 있어요. lstm-quiz에 메모리를 더 주고(또는 -j로 채점기를 줄이고) --resume으로 다시 실행하세요.",
        "ja": "メモリが足りず続けられません。ここまでの採点はすべてジャーナルに残っています。lstm-quiz にもっとメモリを与えるか(-j で採点プロセスを減らすか)して、--resume でもう一度実行してください。",
    },
    "grade.jobs_capped": {
        "en": "-j {asked} is more than the {cpus} CPU(s) this run may use: grading with {cpus}. More graders would only take turns on the CPUs, and a file kept waiting could seem to hang.",
        "ko": "-j {asked}은(는) 이 실행이 쓸 수 있는 CPU {cpus}개보다 많아요: {cpus}개로 채점해요. 채점기가 더 많으면 CPU를 번갈아 쓸 뿐이고, 오래 기다린 파일이 멈춘 것처럼 보일 수 있어요.",
        "ja": "-j {asked} はこの実行で使える CPU {cpus} 個より多いため、{cpus} で採点します。採点プロセスを増やしても CPU を交代で使うだけで、待たされたファイルが止まったように見えることがあります。",
    },
    "grade.grader_faults": {
        "en": "{count} file(s) could not be graded: the grader failed, not the students (their scores are "
        "left empty). Run the same command with --resume to grade them again.",
        "ko": "파일 {count}개를 채점하지 못했습니다: 학생이 아니라 채점기의 문제입니다(점수는 비워 둡니다). 같은 "
        "명령을 --resume과 함께 다시 실행하면 다시 채점합니다.",
        "ja": "ファイル {count} 個を採点できませんでした: 学生ではなく採点プログラムの問題です（点数は空欄のままです）。同じコマンドを --resume 付きで実行すると、もう一度採点します。",
    },
    "merge.unknown_exercises": {
        "en": "exercise(s) {numbers} are not known here: their mistakes are listed by tag only (give the "
        "same --exercises as the grading did)",
        "ko": "연습 문제 {numbers}을(를) 여기서는 알 수 없어 실수를 태그로만 보여 줍니다(채점할 때와 같은 "
        "--exercises를 지정하세요)",
        "ja": "演習 {numbers} はここでは不明なため、間違いをタグだけで示します（採点時と同じ --exercises を指定してください）",
    },
    "exercise.exists": {
        "en": "{path} already exists; use --force to overwrite it.",
        "ko": "{path}이(가) 이미 있습니다. 덮어쓰려면 --force를 사용하세요.",
        "ja": "{path} はすでに存在します。上書きするには --force を使ってください。",
    },
    # the class report
    "grade.title": {
        "en": "Class report — {input}",
        "ko": "학급 보고서 — {input}",
        "ja": "クラスの成績レポート — {input}",
    },
    "grade.summary": {
        "en": "{students} students · {submissions} submissions ({reused} reused from the journal)",
        "ko": "학생 {students}명 · 제출물 {submissions}개 (저널에서 재사용 {reused}개)",
        "ja": "学生 {students} 人 · 提出物 {submissions} 件（うちジャーナルから再利用 {reused} 件）",
    },
    "grade.scores": {
        "en": "Scores (total, % of the maximum)",
        "ko": "점수 분포 (총점, 만점 대비 %)",
        "ja": "得点分布（合計点、満点に対する %）",
    },
    "grade.pass_rates": {"en": "Pass rate per test", "ko": "테스트별 통과율", "ja": "テストごとの合格率"},
    "grade.hardest": {"en": "Hardest tests", "ko": "가장 어려운 테스트", "ja": "最も難しいテスト"},
    "grade.col_exercise": {"en": "exercise", "ko": "연습 문제", "ja": "演習"},
    "grade.col_test": {"en": "test", "ko": "테스트", "ja": "テスト"},
    "grade.col_visibility": {"en": "visibility", "ko": "공개 여부", "ja": "公開区分"},
    "grade.col_passed": {"en": "passed", "ko": "통과", "ja": "合格"},
    "grade.only_needs_run": {
        "en": "--only grades students again within a finished run, and {out} holds none: grade the class first.",
        "ko": "--only는 끝난 채점 안에서 학생을 다시 채점해요. {out}에는 채점 결과가 없으니 먼저 반 전체를 채점하세요.",
        "ja": "--only は完了した採点の中で学生を再採点します。{out} には採点結果がないため、先にクラス全体を採点してください。",
    },
    "grade.resume_needs_secret": {
        "en": "{out} was graded with a secret you gave: give it again with --seed or ${env} to resume (a new one would grade every file again, against other hidden cases).",
        "ko": "{out}은(는) 직접 준 비밀값으로 채점했어요. 이어서 채점하려면 --seed나 ${env}로 다시 주세요(새 비밀값이면 모든 파일을 다른 숨은 테스트로 다시 채점해요).",
        "ja": "{out} は指定した秘密値で採点されています。続けるには --seed か ${env} でもう一度指定してください（新しい秘密値では、すべてのファイルを別の隠しテストで採点し直すことになります）。",
    },
    "grade.resume_other_secret": {
        "en": "{out} was graded with another secret: give that one with --seed or ${env} to resume, or add --force to grade every file again under this one (against other hidden cases).",
        "ko": "{out}은(는) 다른 비밀값으로 채점했어요. 이어서 채점하려면 그 비밀값을 --seed나 ${env}로 주거나, 이 비밀값으로 모든 파일을 다시 채점하려면(다른 숨은 테스트로) --force를 붙이세요.",
        "ja": "{out} は別の秘密値で採点されています。続けるにはその秘密値を --seed か ${env} で指定するか、この秘密値ですべてのファイルを（別の隠しテストで）採点し直すなら --force を付けてください。",
    },
    "grade.only_other_secret": {
        "en": "{out} was graded with another secret: --only needs that one (--seed or ${env}), or the students regraded would face other hidden cases than the rest of the class.",
        "ko": "{out}은(는) 다른 비밀값으로 채점했어요. --only에는 그 비밀값(--seed나 ${env})이 필요해요. 아니면 다시 채점한 학생만 반의 다른 학생과 다른 숨은 테스트를 받게 돼요.",
        "ja": "{out} は別の秘密値で採点されています。--only にはその秘密値（--seed か ${env}）が必要です。そうでないと、再採点した学生だけがクラスの他の学生と違う隠しテストを受けることになります。",
    },
    "grade.only_needs_secret": {
        "en": "--only needs the run's secret to draw the same hidden cases: give it with --seed or ${env}.",
        "ko": "--only는 같은 숨은 테스트를 만들려면 그 채점의 비밀값이 필요해요. --seed나 ${env}로 주세요.",
        "ja": "--only で同じ隠しテストを作るには、その採点の秘密値が必要です。--seed か ${env} で指定してください。",
    },
    "grade.only_with_shard": {
        "en": "--only and --shard cannot be used together: regrade a student in the merged folder.",
        "ko": "--only와 --shard는 함께 쓸 수 없어요. 합친 폴더에서 학생을 다시 채점하세요.",
        "ja": "--only と --shard は同時に使えません。統合したフォルダで再採点してください。",
    },
    "grade.only_unknown": {
        "en": "No submission of {ids} in this class (students: {known}…).",
        "ko": "이 반에는 {ids}의 제출물이 없어요(학생: {known}…).",
        "ja": "このクラスには {ids} の提出物がありません(学生: {known}…)。",
    },
    "grade.visibility.visible": {"en": "visible", "ko": "공개", "ja": "公開"},
    "grade.visibility.hidden": {"en": "hidden", "ko": "숨김", "ja": "非公開"},
    "grade.misconceptions": {
        "en": "Most common misconceptions",
        "ko": "가장 흔한 오개념",
        "ja": "よくある誤解",
    },
    "grade.col_count": {"en": "count", "ko": "횟수", "ja": "件数"},
    "grade.col_misconception": {"en": "misconception", "ko": "오개념", "ja": "誤解"},
    "grade.col_reteach": {"en": "what to re-teach", "ko": "다시 가르칠 내용", "ja": "教え直す内容"},
    "grade.none_recognised": {
        "en": "None recognised.",
        "ko": "확인된 오개념이 없습니다.",
        "ja": "該当する誤解はありませんでした。",
    },
    "grade.problems": {
        "en": "Submissions that errored or timed out",
        "ko": "오류가 나거나 시간을 초과한 제출물",
        "ja": "エラーまたは時間切れになった提出物",
    },
    "grade.missing": {"en": "Missing", "ko": "미제출", "ja": "未提出"},
    "grade.not_graded": {
        "en": "Files not graded",
        "ko": "채점하지 않은 파일",
        "ja": "採点しなかったファイル",
    },
    "grade.none": {"en": "None.", "ko": "없음.", "ja": "なし。"},
    "grade.duplicate": {
        "en": "a second file for the same student and exercise; graded `{kept}`",
        "ko": "같은 학생, 같은 연습 문제의 두 번째 파일입니다. `{kept}`를 채점했습니다",
        "ja": "同じ学生・同じ演習の 2 つ目のファイルです。`{kept}` を採点しました",
    },
    "grade.more_problems": {
        "en": "… and {count} more (see the report file)",
        "ko": "… 외 {count}개 (보고서 파일 참고)",
        "ja": "… ほか {count} 件（レポートファイルを参照）",
    },
    "grade.new_secret": {
        "en": "A new secret for the hidden cases was saved to {path}; keep it to regrade the same way.",
        "ko": "숨은 테스트용 새 비밀 값을 {path}에 저장했습니다. 같은 방식으로 다시 채점하려면 보관하세요.",
        "ja": "隠しテスト用の新しいシークレットを {path} に保存しました。同じ条件で再採点するには保管しておいてください。",
    },
    "grade.resume_no_run": {
        "en": "{out} holds {names} but no journal.jsonl: there is no run to resume. Use --force to replace those files, or -o to choose another folder.",
        "ko": "{out}에 {names}이(가) 있지만 journal.jsonl이 없어 이어서 할 채점이 없습니다. 그 파일들을 바꾸려면 --force, 다른 폴더는 -o를 쓰세요.",
        "ja": "{out} には {names} がありますが journal.jsonl がないため、続ける採点がありません。それらのファイルを置き換えるには --force、別のフォルダにするには -o を使ってください。",
    },
    "grade.out_taken": {
        "en": "{out} already holds grading results ({names}). Use --resume to continue that run, --force to replace its outputs, or -o to choose another folder.",
        "ko": "{out}에 이미 채점 결과({names})가 있습니다. 이어서 하려면 --resume, 결과를 바꾸려면 --force, 다른 폴더는 -o를 쓰세요.",
        "ja": "{out} にはすでに採点結果（{names}）があります。続きから実行するには --resume、結果を置き換えるには --force、別のフォルダにするには -o を使ってください。",
    },
    "grade.progress": {"en": "grading", "ko": "채점 중", "ja": "採点中"},
    "grade.interrupted": {
        "en": "Interrupted. Everything graded so far is in {path}; continue with --resume.",
        "ko": "중단되었습니다. 지금까지 채점한 결과는 {path}에 있습니다. --resume으로 이어서 하세요.",
        "ja": "中断しました。ここまでの採点結果は {path} にあります。--resume で続けてください。",
    },
    "grade.not_python": {
        "en": "not a Python file",
        "ko": "파이썬 파일이 아님",
        "ja": "Python ファイルではない",
    },
    "grade.too_large": {"en": "larger than 1 MB", "ko": "1MB보다 큼", "ja": "1 MB を超えている"},
    "grade.no_student": {
        "en": "cannot tell the student from the name",
        "ko": "이름으로 학생을 알 수 없음",
        "ja": "名前から学生を判別できない",
    },
    "grade.ambiguous_name": {
        "en": "the name reads as more than one student (Moodle's pattern is in it twice): grade it by hand",
        "ko": "이름이 두 학생 이상으로 읽힘(Moodle의 이름 형식이 두 번 들어 있음): 직접 채점하세요",
        "ja": "名前が複数の学生として読める（Moodle の名前の形式が二度含まれている）: 手作業で採点してください",
    },
    "grade.name_clash": {
        "en": "the same student's file for the same exercise, with the name spelt another way (another "
        "Unicode form or case): neither is graded, since either could be a classmate's: grade it by hand",
        "ko": "같은 학생의 같은 과제 파일인데 이름 표기만 다름(다른 유니코드 형식이나 대소문자): 급우의 파일일 "
        "수도 있어 어느 쪽도 채점하지 않음. 직접 채점하세요",
        "ja": "同じ学生の同じ課題のファイルだが、名前の表記だけが異なる（別の Unicode 形式や大文字・小文字）: "
        "どちらも級友のものかもしれないため採点しない。手作業で採点してください",
    },
    "grade.link": {
        "en": "a link: never followed (it could point anywhere), so not graded",
        "ko": "링크임: 어디든 가리킬 수 있어서 따라가지 않으므로 채점하지 않음",
        "ja": "リンク: どこでも指せるため辿らず、採点しない",
    },
    "grade.hard_link": {
        "en": "a file with other names (a hard link, which could be any file of this machine): not graded; "
        "copy the class without hard links (cp -R, not cp -a) to grade it",
        "ko": "다른 이름도 가진 파일임(하드 링크라서 이 컴퓨터의 어떤 파일일 수도 있음): 채점하지 않음. "
        "채점하려면 하드 링크 없이 복사하세요(cp -a가 아니라 cp -R)",
        "ja": "ほかの名前も持つファイル（ハードリンクで、このマシンのどのファイルでもありうる）: 採点しない。"
        "採点するにはハードリンクなしでコピーしてください（cp -a ではなく cp -R）",
    },
    "grade.not_a_file": {
        "en": "not a regular file (a pipe, a socket or a device)",
        "ko": "일반 파일이 아님(파이프, 소켓 또는 장치)",
        "ja": "通常のファイルではない（パイプ、ソケット、デバイス）",
    },
    "grade.unreadable": {
        "en": "could not be read (check its permissions or the disk)",
        "ko": "읽을 수 없음(권한이나 디스크를 확인하세요)",
        "ja": "読み込めない（権限かディスクを確認してください）",
    },
    "grade.zip_clash": {
        "en": "another file or folder of the zip has this name: extract the zip and look",
        "ko": "zip 안의 다른 파일이나 폴더와 이름이 같음: zip을 풀어서 확인하세요",
        "ja": "zip 内の別のファイルかフォルダと同じ名前: zip を展開して確認してください",
    },
    "grade.too_deep": {
        "en": "lies too many folders deep (more than 32): not looked into",
        "ko": "폴더가 너무 깊게 중첩됨(32단계 초과): 열어 보지 않음",
        "ja": "フォルダの階層が深すぎる（32 段より深い）: 中は見ていない",
    },
    "grade.hidden_file": {
        "en": "a hidden file (its name starts with a dot): not graded; hand it in under its usual name",
        "ko": "숨김 파일(이름이 점으로 시작): 채점하지 않음. 원래 이름으로 제출하세요",
        "ja": "隠しファイル（名前がドットで始まる）: 採点しない。通常の名前で提出してください",
    },
    "grade.hidden_folder": {
        "en": "a hidden folder (its name starts with a dot) holding Python files or notebooks: not graded; "
        "hand them in outside it",
        "ko": "Python 파일이나 노트북이 들어 있는 숨김 폴더(이름이 점으로 시작): 채점하지 않음. 폴더 밖에 두고 제출하세요",
        "ja": "Python ファイルやノートブックを含む隠しフォルダ（名前がドットで始まる）: 採点しない。フォルダの外に置いて提出してください",
    },
    "grade.beside_class": {
        "en": "beside the class's folder in the zip, not in it: no student's, not graded",
        "ko": "zip 안에서 반 폴더 안이 아니라 옆에 있음: 어느 학생의 것도 아니어서 채점하지 않음",
        "ja": "zip 内でクラスのフォルダの中ではなく横にある: どの学生のものでもないので採点しない",
    },
    "grade.zip_unsafe_path": {
        "en": "its path in the zip leads elsewhere (a '..', an absolute path or a drive): not extracted",
        "ko": "zip 안의 경로가 다른 곳을 가리킴('..', 절대 경로, 드라이브): 풀지 않음",
        "ja": "zip 内のパスが別の場所を指している（'..'、絶対パス、ドライブ）: 展開しない",
    },
    "grade.zip_path_too_long": {
        "en": "its path in the zip is too long to be written on this system",
        "ko": "zip 안의 경로가 너무 길어서 이 시스템에 쓸 수 없음",
        "ja": "zip 内のパスが長すぎて、このシステムでは書き出せない",
    },
    "grade.no_exercise": {
        "en": "cannot tell the exercise (it defines none of the exercises' functions; see --exercise)",
        "ko": "연습 문제를 알 수 없음(연습 문제의 함수를 하나도 정의하지 않음; --exercise 참고)",
        "ja": "演習を判別できない（どの演習の関数も定義していない。--exercise を参照）",
    },
    "grade.exercise": {"en": "Exercise {number}", "ko": "연습 문제 {number}", "ja": "演習 {number}"},
    "grade.hint": {"en": "Hint", "ko": "힌트", "ja": "ヒント"},
    "grade.wrote": {"en": "Wrote {paths}", "ko": "저장함: {paths}", "ja": "保存しました: {paths}"},
    # student-derived text kept inert: secrets, file names
    "grade.weak_secret": {
        "en": "Error: the secret for the hidden cases (--seed or ${env}) has {length} characters; use at least "
        '{minimum}, for example one made by: python -c "import secrets; print(secrets.token_urlsafe(24))"',
        "ko": "오류: 숨은 테스트용 비밀 값(--seed 또는 ${env})이 {length}자입니다. {minimum}자 이상을 쓰세요. "
        '예를 들어 다음 명령으로 만들 수 있습니다: python -c "import secrets; print(secrets.token_urlsafe(24))"',
        "ja": 'エラー: 隠しテスト用のシークレット（--seed または ${env}）が {length} 文字です。{minimum} 文字以上にしてください。たとえば次のコマンドで作れます: python -c "import secrets; print(secrets.token_urlsafe(24))"',
    },
    "grade.no_isolation": {
        "en": "This machine gives the sandbox no way to keep a submission out of your files: the kernel has no Landlock (bubblewrap alone only makes them read-only), so a submission could read whatever it can reach, the secret, classmates' files and the exercises' reference solutions included. Grade on Linux 5.13 or later with Landlock enabled (listed in /sys/kernel/security/lsm); to grade here anyway, set {variable}=1.",
        "ko": "이 컴퓨터에서는 샌드박스가 제출물이 파일에 접근하지 못하게 막을 방법이 없습니다. 커널에 Landlock이 없어서(bubblewrap만으로는 파일을 읽기 전용으로 만들 뿐입니다) 제출물이 비밀 값, 다른 학생의 파일, 연습 문제의 참조 답안까지 닿는 것은 무엇이든 읽을 수 있습니다. Landlock이 켜진 Linux 5.13 이상(/sys/kernel/security/lsm에 나옴)에서 채점하세요. 그래도 여기서 채점하려면 {variable}=1로 설정하세요.",
        "ja": "このマシンでは、サンドボックスが提出物をあなたのファイルから遠ざける手段がありません。カーネルに Landlock がないため（bubblewrap だけではファイルを読み取り専用にするだけです）、提出物はシークレット、ほかの学生のファイル、演習の模範解答まで、届くものは何でも読めてしまいます。Landlock が有効な Linux 5.13 以降（/sys/kernel/security/lsm に表示されます）で採点してください。それでもここで採点するには {variable}=1 を設定してください。",
    },
    "grade.unsafe_path": {
        "en": "Refusing to write {path}: it would end up outside {out}.",
        "ko": "{path}은(는) {out} 밖에 쓰게 되므로 쓰지 않습니다.",
        "ja": "{path} は {out} の外に書き込むことになるため、書き込みません。",
    },
    # grade: inputs that are not a class, the output folder, full disks, resubmissions, merge
    "grade.not_a_zip": {
        "en": "{path} is neither a folder nor a zip archive (a damaged or truncated download?); give the class's folder or .zip.",
        "ko": "{path}은(는) 폴더도 zip 압축 파일도 아닙니다(손상되었거나 덜 받은 파일?). 학급의 폴더나 .zip을 지정하세요.",
        "ja": "{path} はフォルダでも zip アーカイブでもありません（破損しているか、ダウンロードが途中で切れていませんか？）。クラスのフォルダまたは .zip を指定してください。",
    },
    "grade.zip_too_many": {
        "en": "{path} holds more than {most} files: no class does; check that it is the right archive.",
        "ko": "{path}에 파일이 {most}개보다 많습니다. 이런 클래스는 없으니 올바른 압축 파일인지 확인하세요.",
        "ja": "{path} には {most} 個を超えるファイルがあります。そのようなクラスはないので、正しいアーカイブか確認してください。",
    },
    "grade.bad_zip": {
        "en": "{path} is a damaged zip archive ({reason}); download it again.",
        "ko": "{path}은(는) 손상된 zip 압축 파일입니다({reason}). 다시 내려받으세요.",
        "ja": "{path} は破損した zip アーカイブです（{reason}）。もう一度ダウンロードしてください。",
    },
    "grade.lone_file": {
        "en": "{path} is one Python file, not a class: check it with `lstm-quiz check {path}`, or give the class's folder or .zip.",
        "ko": "{path}은(는) 학급이 아니라 파이썬 파일 하나입니다. `lstm-quiz check {path}`로 확인하거나, 학급의 폴더나 .zip을 지정하세요.",
        "ja": "{path} はクラスではなく 1 つの Python ファイルです。`lstm-quiz check {path}` で確認するか、クラスのフォルダまたは .zip を指定してください。",
    },
    "grade.shard_usage": {
        "en": "use K/N with 1 ≤ K ≤ N, e.g. 3/8",
        "ko": "1 ≤ K ≤ N인 K/N 형식으로 주세요(예: 3/8)",
        "ja": "1 ≤ K ≤ N の K/N の形で指定してください（例: 3/8）",
    },
    "grade.warning": {"en": "warning: {text}", "ko": "경고: {text}", "ja": "警告: {text}"},
    "grade.no_mount_namespace": {
        "en": "submissions could not be given a file system of their own here (a mount namespace, which this user may not make), so they saw the machine's files, /proc and /sys: a submission can leave marks there (the times of files it looks up or reads) that a later submission reads back, and see the sizes and times of your files. Grade as root with CAP_SYS_ADMIN, or where the kernel allows unprivileged user namespaces.",
        "ko": "이곳에서는 제출물에 자기만의 파일 시스템(이 사용자가 만들 수 없는 마운트 네임스페이스)을 줄 수 없어서, 제출물이 이 컴퓨터의 파일과 /proc, /sys를 보았습니다. 제출물은 그곳에 흔적(찾아보거나 읽은 파일의 시각)을 남길 수 있고 나중에 채점되는 제출물이 그것을 읽을 수 있으며, 여러분 파일의 크기와 시각도 볼 수 있습니다. CAP_SYS_ADMIN이 있는 root로 채점하거나, 커널이 비특권 사용자 네임스페이스를 허용하는 곳에서 채점하세요.",
        "ja": "ここでは提出物に専用のファイルシステム（このユーザーには作れないマウント名前空間）を与えられなかったため、提出物にはこのマシンのファイルと /proc、/sys が見えていました。提出物はそこに印（調べたり読んだりしたファイルの時刻）を残せ、後から採点される提出物がそれを読み取れます。また、あなたのファイルの大きさと時刻も見えます。CAP_SYS_ADMIN を持つ root で採点するか、カーネルが非特権のユーザー名前空間を許す環境で採点してください。",
    },
    "grade.empty_input": {
        "en": "{path} holds no files: nothing to grade.",
        "ko": "{path}에 파일이 없습니다. 채점할 것이 없습니다.",
        "ja": "{path} にはファイルがありません。採点するものがありません。",
    },
    "grade.no_student_found": {
        "en": "No student found in {path}: none of its {count} files is named by a student (first: {file}, {reason}).",
        "ko": "{path}에서 학생을 찾지 못했습니다. 파일 {count}개 중 학생 이름이 붙은 것이 없습니다(첫 파일: {file}, {reason}).",
        "ja": "{path} に学生が見つかりません: {count} 個のファイルのどれにも学生の名前がついていません（最初のファイル: {file}、{reason}）。",
    },
    "grade.out_is_file": {
        "en": "{out} is a file, not a folder: choose another -o.",
        "ko": "{out}은(는) 폴더가 아니라 파일입니다. 다른 -o를 지정하세요.",
        "ja": "{out} はフォルダではなくファイルです。別の -o を指定してください。",
    },
    "grade.out_inside": {
        "en": "-o {out} is inside the submissions {submissions}: its outputs would be taken for submissions; choose a folder outside.",
        "ko": "-o {out}이(가) 제출물 폴더 {submissions} 안에 있어 결과가 제출물로 섞입니다. 바깥의 폴더를 지정하세요.",
        "ja": "-o {out} が提出物 {submissions} の中にあるため、出力が提出物と見なされます。外側のフォルダを指定してください。",
    },
    "grade.journal_not_a_file": {
        "en": "{path} is not a regular file (a link, a folder or a device): nothing is written through it. "
        "Remove it, or choose another output folder.",
        "ko": "{path}은(는) 일반 파일이 아닙니다(링크, 폴더 또는 장치): 그것을 거쳐서는 아무것도 쓰지 않습니다. "
        "지우거나 다른 출력 폴더를 고르세요.",
        "ja": "{path} は通常のファイルではありません（リンク、フォルダ、デバイスのいずれか）。これを通しては何も書き込みません。"
        "削除するか、別の出力フォルダを選んでください。",
    },
    "grade.out_unwritable": {
        "en": "Cannot write in {out}: {reason}.",
        "ko": "{out}에 쓸 수 없습니다: {reason}.",
        "ja": "{out} に書き込めません: {reason}。",
    },
    "grade.out_locked": {
        "en": "{out} is in use by another lstm-quiz run (pid {pid}); wait for it to end, or choose another -o.",
        "ko": "{out}은(는) 다른 lstm-quiz 실행(pid {pid})이 쓰고 있습니다. 끝나기를 기다리거나 다른 -o를 지정하세요.",
        "ja": "{out} は別の lstm-quiz の実行（pid {pid}）が使用中です。終了を待つか、別の -o を指定してください。",
    },
    "grade.stale_lock": {
        "en": "{out}: took over the lock left by pid {pid}, which has ended.",
        "ko": "{out}: 끝난 실행(pid {pid})이 남긴 잠금을 이어받았습니다.",
        "ja": "{out}: 終了した実行（pid {pid}）が残したロックを引き継ぎました。",
    },
    "grade.disk_full": {
        "en": "No space left on the disk of {path}. Everything graded so far is kept in the journal; free some space and run again with --resume.",
        "ko": "{path}이(가) 있는 디스크에 공간이 없습니다. 지금까지 채점한 것은 저널에 있습니다. 공간을 비운 뒤 --resume으로 다시 실행하세요.",
        "ja": "{path} のディスクに空き容量がありません。ここまでの採点結果はジャーナルに残っています。空き容量を確保してから --resume で再実行してください。",
    },
    "grade.write_failed": {
        "en": "Cannot write {path}: {reason}. Everything graded so far is kept in the journal; run again with --resume.",
        "ko": "{path}을(를) 쓸 수 없습니다: {reason}. 지금까지 채점한 것은 저널에 있습니다. --resume으로 다시 실행하세요.",
        "ja": "{path} に書き込めません: {reason}。ここまでの採点結果はジャーナルに残っています。--resume で再実行してください。",
    },
    "grade.journal_damaged": {
        "en": "warning: {path}:{line}: skipped a damaged line (not as grade writes it); its file is graded again.",
        "ko": "경고: {path}:{line}: 손상된 줄을 건너뛰었습니다 (grade가 쓰는 형식이 아닙니다). 그 파일은 다시 채점합니다.",
        "ja": "警告: {path}:{line}: 壊れた行を読み飛ばしました (grade が書く形式ではありません)。そのファイルはもう一度採点します。",
    },
    "grade.journal_torn": {
        "en": "{path}: removed an unfinished last line (a write was cut off); that file is graded again.",
        "ko": "{path}: 중간에 끊긴 마지막 줄을 지웠습니다. 그 파일은 다시 채점합니다.",
        "ja": "{path}: 書き込みが途中で切れた最後の行を削除しました。そのファイルはもう一度採点します。",
    },
    "merge.bad_discovery": {
        "en": "{folder}/discovery.json is not as lstm-quiz grade writes it (damaged or edited): write it again with lstm-quiz grade --resume on that shard.",
        "ko": "{folder}/discovery.json이 lstm-quiz grade가 쓰는 형식이 아닙니다(손상되었거나 수정됨). 그 샤드에 lstm-quiz grade --resume을 실행해 다시 쓰세요.",
        "ja": "{folder}/discovery.json が lstm-quiz grade の書く形式ではありません（破損しているか編集されています）。そのシャードで lstm-quiz grade --resume を実行して書き直してください。",
    },
    "merge.damaged_journal": {
        "en": "{folder}: its journal has {count} damaged line(s) ({first}): remove them, grade that shard again with lstm-quiz grade --resume, then merge.",
        "ko": "{folder}: 저널에 손상된 줄이 {count}개 있습니다({first}). 그 줄을 지우고 그 샤드를 lstm-quiz grade --resume으로 다시 채점한 뒤 합치세요.",
        "ja": "{folder}: ジャーナルに破損した行が {count} 行あります（{first}）。その行を削除し、そのシャードを lstm-quiz grade --resume で採点し直してから結合してください。",
    },
    "grade.earlier_attempt": {
        "en": "an earlier attempt (a resubmission); graded the latest, `{kept}`",
        "ko": "이전 제출(재제출)입니다. 가장 최근 제출 `{kept}`를 채점했습니다",
        "ja": "以前の提出（再提出）です。最新の提出 `{kept}` を採点しました",
    },
    "grade.roster_encoding": {
        "en": 'Cannot read the roster {path}: it is not text in UTF-8, UTF-16, CP949 or Shift-JIS. Save it from your spreadsheet as "CSV UTF-8" and try again.',
        "ko": '명단 {path}을(를) 읽을 수 없습니다: UTF-8, UTF-16, CP949, Shift-JIS 텍스트가 아닙니다. 스프레드시트에서 "CSV UTF-8"로 저장한 뒤 다시 해 보세요.',
        "ja": "名簿 {path} を読み込めません: UTF-8、UTF-16、CP949、Shift-JIS のテキストではありません。表計算ソフトで「CSV UTF-8」として保存し直してください。",
    },
    "grade.roster_too_large": {
        "en": "Cannot read the roster {path}: it is larger than 64 MB, far more than a class list. Check that it is the right file.",
        "ko": "명단 {path}을(를) 읽을 수 없습니다: 64MB보다 커서 반 명단일 수 없습니다. 맞는 파일인지 확인하세요.",
        "ja": "名簿 {path} を読み込めません: 64 MB を超えており、クラス名簿ではありえません。正しいファイルか確認してください。",
    },
    "grade.roster_field": {
        "en": "a cell is far too long for a roster (a file that is not a class list?)",
        "ko": "명단으로 보기에는 너무 긴 칸이 있습니다(반 명단이 아닌 파일인가요?)",
        "ja": "名簿としては長すぎるセルがあります（クラス名簿ではないファイルでは？）",
    },
    "grade.bad_roster": {
        "en": "Cannot read the roster {path}: {reason}.",
        "ko": "명단 {path}을(를) 읽을 수 없습니다: {reason}.",
        "ja": "名簿 {path} を読み込めません: {reason}。",
    },
    "merge.no_journal": {
        "en": "{folder} holds no journal.jsonl: it is not an output folder of lstm-quiz grade.",
        "ko": "{folder}에 journal.jsonl이 없습니다. lstm-quiz grade의 결과 폴더가 아닙니다.",
        "ja": "{folder} に journal.jsonl がありません。lstm-quiz grade の出力フォルダではありません。",
    },
    "merge.unfinished": {
        "en": "{folder} holds no record of a finished run (its grading was interrupted, or it is from an older version): finish it with lstm-quiz grade --resume.",
        "ko": "{folder}에 끝난 채점의 기록이 없습니다(채점이 중단되었거나 이전 버전의 결과). lstm-quiz grade --resume으로 마치세요.",
        "ja": "{folder} には完了した採点の記録がありません（採点が中断されたか、古いバージョンの出力です）。lstm-quiz grade --resume で完了させてください。",
    },
    "merge.settings_differ": {
        "en": "The shards were graded differently ({what}), so their scores cannot be joined. Grade every shard with the same lstm-quiz and the same options, then merge.",
        "ko": "샤드들이 서로 다르게 채점되었습니다({what}). 점수를 합칠 수 없습니다. 모든 샤드를 같은 lstm-quiz와 같은 옵션으로 채점한 뒤 합치세요.",
        "ja": "シャードの採点条件が異なります（{what}）。点数を結合できません。すべてのシャードを同じ lstm-quiz と同じオプションで採点してから結合してください。",
    },
    "merge.classes_differ": {
        "en": "The shards graded different classes, or different downloads of one ({folders}): a student could be missing from one and graded in none. Grade every shard from the same class folder or zip, then merge.",
        "ko": "샤드들이 서로 다른 반(또는 같은 반을 다른 때 내려받은 것)을 채점했습니다({folders}). 어느 샤드에서도 채점되지 않는 학생이 생길 수 있습니다. 모든 샤드를 같은 반 폴더나 zip으로 채점한 뒤 합치세요.",
        "ja": "シャードが異なるクラス（または同じクラスを別の時点でダウンロードしたもの）を採点しています（{folders}）。どのシャードでも採点されない学生が出るおそれがあります。すべてのシャードを同じクラスのフォルダか zip で採点してから結合してください。",
    },
    "merge.secrets_differ": {
        "en": "The shards were graded with different secrets ({folders}): their hidden cases differ, so they cannot be joined. Grade every shard with the same --seed.",
        "ko": "샤드들이 서로 다른 비밀 값으로 채점되었습니다({folders}). 숨은 테스트가 달라 합칠 수 없습니다. 모든 샤드를 같은 --seed로 채점하세요.",
        "ja": "シャードが異なるシークレットで採点されています（{folders}）。隠しテストが異なるため結合できません。すべてのシャードを同じ --seed で採点してください。",
    },
    "merge.splits_differ": {
        "en": "The shards come from different splits ({shards}): grade every shard with the same N in --shard K/N.",
        "ko": "샤드들의 분할이 서로 다릅니다({shards}). 모든 샤드를 --shard K/N의 같은 N으로 채점하세요.",
        "ja": "シャードの分割方法が異なります（{shards}）。すべてのシャードを --shard K/N の同じ N で採点してください。",
    },
    "merge.shard_twice": {
        "en": "Shard {shard} is given twice ({folders}).",
        "ko": "샤드 {shard}이(가) 두 번 주어졌습니다({folders}).",
        "ja": "シャード {shard} が 2 回指定されています（{folders}）。",
    },
    "merge.incomplete": {
        "en": "Shards missing: {missing} of {count}. Grade them (--shard K/{count}) before merging.",
        "ko": "빠진 샤드: {count}개 중 {missing}. 합치기 전에 채점하세요(--shard K/{count}).",
        "ja": "不足しているシャード: {count} 個中 {missing}。結合する前に採点してください（--shard K/{count}）。",
    },
    "check.not_a_file": {
        "en": "{file} is not a regular file (a folder, a pipe or a device): give the path of your exercise's file.",
        "ko": "{file}은(는) 일반 파일이 아닙니다(폴더, 파이프 또는 장치). 과제 파일의 경로를 지정하세요.",
        "ja": "{file} は通常のファイルではありません（フォルダ、パイプ、デバイス）。課題ファイルのパスを指定してください。",
    },
    "check.unreadable": {
        "en": "{file} cannot be read ({reason}).",
        "ko": "{file}을(를) 읽을 수 없습니다({reason}).",
        "ja": "{file} を読み込めません（{reason}）。",
    },
    "check.too_large": {
        "en": "{file} is larger than {limit} bytes.",
        "ko": "{file}이(가) {limit}바이트보다 큽니다.",
        "ja": "{file} は {limit} バイトを超えています。",
    },
    # verdicts
    "verdict.correct": {"en": "Correct", "ko": "정답", "ja": "正解"},
    "verdict.partial": {"en": "Partly correct", "ko": "부분 정답", "ja": "部分正解"},
    "verdict.wrong": {"en": "Wrong", "ko": "오답", "ja": "不正解"},
    "verdict.invalid": {
        "en": "Not a valid answer",
        "ko": "올바른 형식의 답이 아님",
        "ja": "有効な形式の答えではありません",
    },
    "verdict.skipped": {"en": "Skipped", "ko": "건너뜀", "ja": "スキップ"},
    "verdict.timeout": {"en": "Time up", "ko": "시간 초과", "ja": "時間切れ"},
}

MESSAGES.update(LINT_MESSAGES)
MESSAGES.update(STUDY_MESSAGES)
MESSAGES.update(INSTRUCTOR_MESSAGES)


def message(key: str, lang: str, /, **fields: object) -> str:
    """The sentence `key` in `lang`, with `fields` filled in."""
    if key.startswith("diag.") and key not in MESSAGES:  # the diagnosis's findings, loaded when shown
        from checker.diagnosis.messages import MESSAGES as FINDINGS

        MESSAGES.update(FINDINGS)
    text = MESSAGES[key].get(lang) or MESSAGES[key][DEFAULT_LANG]
    return text.format(**fields) if fields else text


def detect_lang(environ: Mapping[str, str] | None = None) -> str:
    """Korean or Japanese when the locale says so (LC_ALL, LC_MESSAGES, LANG, in POSIX order), else
    English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            prefix = value.lower()[:2]
            return prefix if prefix in LANGS else DEFAULT_LANG
    return DEFAULT_LANG


def pick(text, lang: str) -> str:
    """One language's version of a text: a message (a key and its fields, see checker.results) made
    into its sentence, or a text given per language (`{"en": ..., "ko": ...}`)."""
    if hasattr(text, "text") and hasattr(text, "key"):
        return text.text(lang)
    return text.get(lang) or text.get(DEFAULT_LANG) or next(iter(text.values()), "")
