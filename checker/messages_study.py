"""The sentences of the exam plan (`lstm-quiz plan`), of rating an answer yourself, and of the study
session's smaller notices, in every language (merged into checker.i18n.MESSAGES)."""

from __future__ import annotations

STUDY_MESSAGES: dict[str, dict[str, str]] = {
    "bank.warning": {"en": "warning", "ko": "경고", "ja": "警告"},
    # -- lstm-quiz plan --exam-date
    "plan.past": {
        "en": "The exam date {exam} is in the past (today is {today}).",
        "ko": "시험일 {exam}이(가) 이미 지났어요(오늘은 {today}).",
        "ja": "試験日 {exam} は過去の日付です(今日は {today})。",
    },
    "plan.too_far": {
        "en": "The exam date {exam} is more than {days} days away; give a closer date.",
        "ko": "시험일 {exam}은(는) {days}일보다 더 남았어요. 더 가까운 날짜를 입력하세요.",
        "ja": "試験日 {exam} は {days} 日より先です。もっと近い日付を指定してください。",
    },
    "plan.title": {
        "en": "Exam on {exam}: {days} day(s) left",
        "ko": "시험일 {exam}: {days}일 남음",
        "ja": "試験日 {exam}:あと {days} 日",
    },
    "plan.today": {
        "en": "Exam on {exam}: today",
        "ko": "시험일 {exam}: 오늘",
        "ja": "試験日 {exam}:今日",
    },
    "plan.recall": {
        "en": "Predicted recall on the exam morning if you stop studying now: {percent} of all {questions} questions.",
        "ko": "지금 공부를 멈춘다면 시험일 아침의 예상 기억률: 전체 {questions}문항 중 {percent}.",
        "ja": "今から勉強をやめた場合の試験日朝の予測想起率:全 {questions} 問のうち {percent}。",
    },
    "plan.no_history": {
        "en": "No answers yet, so every topic starts at 0%. Answer questions with `lstm-quiz start`; the plan follows your answers.",
        "ko": "아직 답한 문제가 없어서 모든 주제가 0%에서 시작해요. `lstm-quiz start`로 문제를 풀면 계획이 답에 맞춰 바뀌어요.",
        "ja": "まだ解答がないため、すべてのトピックが 0% から始まります。`lstm-quiz start` で問題を解くと、計画が解答に合わせて更新されます。",
    },
    "plan.col_topic": {"en": "Topic", "ko": "주제", "ja": "トピック"},
    "plan.col_answered": {"en": "Answered", "ko": "푼 문항", "ja": "解答済み"},
    "plan.col_now": {"en": "Recall now", "ko": "현재 기억률", "ja": "現在の想起率"},
    "plan.col_exam": {"en": "On exam day", "ko": "시험일", "ja": "試験日"},
    "plan.load_title": {
        "en": "Reviews due until the exam, if every review is answered right: {total} in all",
        "ko": "모든 복습에 맞게 답한다면 시험일까지의 복습량: 모두 {total}개",
        "ja": "すべての復習に正解した場合の試験日までの復習数:合計 {total} 問",
    },
    "plan.load_none": {
        "en": "No review falls due before the exam.",
        "ko": "시험일 전에 예정된 복습이 없어요.",
        "ja": "試験日までに予定されている復習はありません。",
    },
    "plan.first": {
        "en": "Study first: {topics}",
        "ko": "먼저 공부할 주제: {topics}",
        "ja": "先に学習するトピック:{topics}",
    },
    "plan.first_item": {
        "en": "{title} ({percent} on exam day, {seen}/{questions} answered)",
        "ko": "{title}(시험일 {percent}, {questions}문항 중 {seen}문항 풀이)",
        "ja": "{title}(試験日 {percent}、{questions} 問中 {seen} 問解答済み)",
    },
    "plan.first_none": {
        "en": "Every topic is predicted at or above {target} on the exam day: keep up your reviews.",
        "ko": "모든 주제가 시험일에 {target} 이상으로 예상돼요. 복습을 이어 가세요.",
        "ja": "すべてのトピックが試験日に {target} 以上と予測されます。復習を続けましょう。",
    },
    "plan.next": {
        "en": "Next: lstm-quiz review --exam-date {exam}   (or lstm-quiz start --topic {topic})",
        "ko": "다음: lstm-quiz review --exam-date {exam}   (또는 lstm-quiz start --topic {topic})",
        "ja": "次に:lstm-quiz review --exam-date {exam}   (または lstm-quiz start --topic {topic})",
    },
    "review.exam_plan": {
        "en": "Before the exam on {exam}: {due} due now and {extra} you would likely forget by then.",
        "ko": "{exam} 시험 전에: 지금 복습할 문항 {due}개, 그때까지 잊기 쉬운 문항 {extra}개.",
        "ja": "{exam} の試験前に:今復習する問題 {due} 問、それまでに忘れそうな問題 {extra} 問。",
    },
    "review.exam_nothing": {
        "en": "Nothing to review before the exam on {exam}: every question you answered is predicted at or above {target} then.",
        "ko": "{exam} 시험 전에 복습할 문항이 없어요. 답한 모든 문항이 그날 {target} 이상으로 예상돼요.",
        "ja": "{exam} の試験前に復習する問題はありません。解答したすべての問題がその日に {target} 以上と予測されます。",
    },
    # -- rating an answer yourself (Anki's habit)
    "rate.prompt": {
        "en": "Enter: next · h: I guessed (rate Hard) · e: too easy (rate Easy)",
        "ko": "Enter: 다음 · h: 찍었어요(Hard로 평가) · e: 너무 쉬워요(Easy로 평가)",
        "ja": "Enter:次へ · h:当て推量でした(Hard と評価) · e:簡単すぎます(Easy と評価)",
    },
    "rate.done": {
        "en": "Rated {rating}: the next review is scheduled from that.",
        "ko": "{rating}(으)로 평가했어요. 다음 복습 일정이 이에 맞춰 정해져요.",
        "ja": "{rating} と評価しました。次の復習はこれに合わせて予定されます。",
    },
    "rate.unknown": {
        "en": "Press Enter, h or e.",
        "ko": "Enter, h, e 중 하나를 누르세요.",
        "ja": "Enter、h、e のいずれかを押してください。",
    },
    # -- the session's smaller notices
    "quiz.hints_off": {
        "en": "Hints are off in the exam.",
        "ko": "시험 모드에서는 힌트를 볼 수 없어요.",
        "ja": "模擬試験ではヒントは使えません。",
    },
    "stats.weakest_min": {
        "en": "Weakest topics (among those with {min} answers or more): {topics}",
        "ko": "약한 주제({min}문항 이상 답한 주제 중): {topics}",
        "ja": "苦手なトピック({min} 問以上解答したトピックのうち):{topics}",
    },
    "quiz.capped": {
        "en": "You asked for {asked} questions; the chosen topics have {available}, so this session has {available}.",
        "ko": "{asked}문항을 요청했지만 고른 주제의 문항이 {available}개라서 이번 세션은 {available}문항이에요.",
        "ja": "{asked} 問を指定しましたが、選んだトピックの問題は {available} 問なので、このセッションは {available} 問です。",
    },
    # -- stats --html
    "stats.html_written": {
        "en": "Written on {day} by lstm-quiz from your history.",
        "ko": "{day}에 lstm-quiz가 학습 기록으로 만들었어요.",
        "ja": "{day} に lstm-quiz が学習履歴から作成しました。",
    },
    "stats.html_topics": {"en": "Accuracy per topic", "ko": "주제별 정답률", "ja": "トピック別の正答率"},
    "stats.html_sessions": {
        "en": "Scores of the last sessions, oldest first: {scores}",
        "ko": "최근 세션의 점수(오래된 순): {scores}",
        "ja": "最近のセッションの得点（古い順）: {scores}",
    },
    "stats.html_mistakes": {"en": "Most frequent mistakes", "ko": "자주 한 실수", "ja": "よくある間違い"},
    "stats.html_wrote": {
        "en": "Wrote {path}: open it in any browser.",
        "ko": "{path}에 저장했어요. 아무 브라우저에서나 열어 보세요.",
        "ja": "{path} に保存しました。ブラウザーで開いてください。",
    },
    "stats.html_exists": {
        "en": "{path} already exists: add --force to replace it, or choose another file.",
        "ko": "{path}이(가) 이미 있어요. 바꾸려면 --force를 붙이거나 다른 파일을 고르세요.",
        "ja": "{path} はすでにあります。置き換えるには --force を付けるか、別のファイルを選んでください。",
    },
}
