"""The sentences of the class report's HTML page and of each student's feedback files, in every
language (merged into checker.i18n.MESSAGES)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # report.html
    "report.written": {
        "en": "Written on {date} by lstm-quiz {version}.",
        "ko": "{date}에 lstm-quiz {version}(으)로 만들었어요.",
        "ja": "{date} に lstm-quiz {version} で作成しました。",
    },
    "report.histogram_label": {
        "en": "Students per band of the total score: {bands}",
        "ko": "총점 구간별 학생 수: {bands}",
        "ja": "合計点の区間ごとの学生数: {bands}",
    },
    "report.students_axis": {"en": "students", "ko": "학생 수", "ja": "学生数"},
    "report.rate_label": {
        "en": "{test}: {passed} of {graded} passed ({percent}%)",
        "ko": "{test}: {graded}개 중 {passed}개 통과 ({percent}%)",
        "ja": "{test}: {graded} 件中 {passed} 件合格（{percent}%）",
    },
    "report.rates_legend": {
        "en": "Dark bars are visible tests, striped bars hidden ones; the hardest tests of each exercise first.",
        "ko": "진한 막대는 공개 테스트, 줄무늬 막대는 숨은 테스트예요. 연습 문제마다 가장 어려운 테스트가 먼저 나와요.",
        "ja": "濃い棒は公開テスト、縞模様の棒は非公開テストです。演習ごとに最も難しいテストから並べています。",
    },
    "report.misconception_label": {
        "en": "{title}: {count} submission(s)",
        "ko": "{title}: 제출물 {count}개",
        "ja": "{title}: 提出物 {count} 件",
    },
    "report.students": {"en": "Students", "ko": "학생", "ja": "学生"},
    "report.col_student": {"en": "student", "ko": "학생", "ja": "学生"},
    "report.col_total": {"en": "total", "ko": "총점", "ja": "合計"},
    "report.col_status": {"en": "status", "ko": "상태", "ja": "状態"},
    "report.status.ok": {"en": "graded", "ko": "채점됨", "ja": "採点済み"},
    "report.status.error": {"en": "error", "ko": "오류", "ja": "エラー"},
    "report.status.missing": {"en": "missing", "ko": "미제출", "ja": "未提出"},
    "report.status.grader": {"en": "grader fault", "ko": "채점기 오류", "ja": "採点側の障害"},
    "report.status.unread": {
        "en": "handed in, not graded",
        "ko": "제출했으나 채점하지 못함",
        "ja": "提出済み・採点できず",
    },
    "report.col_file": {"en": "file", "ko": "파일", "ja": "ファイル"},
    "report.col_kind": {"en": "what happened", "ko": "일어난 일", "ja": "起きたこと"},
    "report.col_message": {"en": "message", "ko": "메시지", "ja": "メッセージ"},
    "report.duplicate": {
        "en": "a second file for the same student and exercise; graded {kept}",
        "ko": "같은 학생, 같은 연습 문제의 두 번째 파일이에요. {kept}을(를) 채점했어요",
        "ja": "同じ学生・同じ演習の 2 つ目のファイルです。{kept} を採点しました",
    },
    "report.earlier_attempt": {
        "en": "an earlier attempt (a resubmission); graded the latest, {kept}",
        "ko": "이전 제출(재제출)이에요. 가장 최근 제출 {kept}을(를) 채점했어요",
        "ja": "以前の提出（再提出）です。最新の提出 {kept} を採点しました",
    },
    "report.feedback_note": {
        "en": "Each student's feedback is in feedback/ (an HTML page and a Markdown file per student).",
        "ko": "학생별 피드백은 feedback/ 폴더에 있어요(학생마다 HTML 페이지와 Markdown 파일).",
        "ja": "学生ごとのフィードバックは feedback/ にあります（学生ごとに HTML ページと Markdown ファイル）。",
    },
    "report.similar.title": {"en": "Similar submissions", "ko": "비슷한 제출물", "ja": "よく似た提出物"},
    "report.similar.intro": {
        "en": "Pairs of files of one exercise whose code is alike beyond the template and the class's "
        "common solution, the most alike first; the matched lines are highlighted. A lead to read, not a verdict.",
        "ko": "템플릿과 반의 흔한 풀이 말고도 코드가 닮은 같은 연습 문제의 파일 쌍이에요. 가장 닮은 쌍이 "
        "먼저 나오고, 겹친 줄은 강조돼요. 판정이 아니라 읽어 볼 단서예요.",
        "ja": "テンプレートとクラスによくある解答を除いてもコードが似ている、同じ演習のファイルの組です。"
        "最も似ている組から並べ、一致した行を強調しています。判定ではなく、読むための手がかりです。",
    },
    "report.similar.none": {
        "en": "No two files are alike beyond the template and the class's common solution.",
        "ko": "템플릿과 반의 흔한 풀이 말고는 서로 닮은 파일이 없어요.",
        "ja": "テンプレートとクラスによくある解答のほかに、似ているファイルはありません。",
    },
    "report.similar.pair": {
        "en": "Exercise {exercise}: {a} and {b}, {percent}% alike",
        "ko": "연습 문제 {exercise}: {a}와(과) {b}, {percent}% 유사",
        "ja": "演習 {exercise}: {a} と {b}、類似度 {percent}%",
    },
    "report.similar.lines": {
        "en": "Matched lines: {lines}",
        "ko": "겹친 줄: {lines}",
        "ja": "一致した行: {lines}",
    },
    "report.similar.no_source": {
        "en": "The file is not available to show.",
        "ko": "보여 줄 파일이 없어요.",
        "ja": "表示できるファイルがありません。",
    },
    "report.similar.cut": {
        "en": "(the first {count} lines)",
        "ko": "(처음 {count}줄)",
        "ja": "（最初の {count} 行）",
    },
    # feedback/<student>.html and .md
    "feedback.title": {
        "en": "Feedback for {student}",
        "ko": "{student} 님의 피드백",
        "ja": "{student} さんへのフィードバック",
    },
    "feedback.total": {
        "en": "Your score: {score} / {max_score}",
        "ko": "점수: {score} / {max_score}",
        "ja": "得点: {score} / {max_score}",
    },
    "feedback.file": {"en": "File: {name}", "ko": "파일: {name}", "ja": "ファイル: {name}"},
    "feedback.points": {
        "en": "{score} / {max_score} points",
        "ko": "{score} / {max_score}점",
        "ja": "{score} / {max_score} 点",
    },
    "feedback.tests": {"en": "Tests", "ko": "테스트", "ja": "テスト"},
    "feedback.col_test": {"en": "test", "ko": "테스트", "ja": "テスト"},
    "feedback.col_points": {"en": "points", "ko": "점수", "ja": "点数"},
    "feedback.col_status": {"en": "result", "ko": "결과", "ja": "結果"},
    "feedback.col_notes": {"en": "what it says", "ko": "설명", "ja": "説明"},
    "feedback.status.pass": {"en": "passed", "ko": "통과", "ja": "合格"},
    "feedback.status.fail": {"en": "failed", "ko": "실패", "ja": "不合格"},
    "feedback.status.error": {"en": "error", "ko": "오류", "ja": "エラー"},
    "feedback.file_error": {
        "en": "Your file could not be tested:",
        "ko": "파일을 테스트하지 못했어요:",
        "ja": "ファイルをテストできませんでした:",
    },
    "feedback.read_again": {"en": "What to read again", "ko": "다시 읽어 볼 내용", "ja": "読み直す内容"},
    "feedback.read_exercise": {
        "en": "{exercise}: the exercise's statement in its template",
        "ko": "{exercise}: 템플릿에 있는 문제 설명",
        "ja": "{exercise}: テンプレートにある問題文",
    },
    "feedback.all_read": {
        "en": "Nothing: every test passed.",
        "ko": "없어요. 모든 테스트를 통과했어요.",
        "ja": "ありません。すべてのテストに合格しました。",
    },
    "feedback.notes": {"en": "Notes", "ko": "참고", "ja": "メモ"},
    "feedback.not_submitted": {
        "en": "No file of yours was found for exercise {number}; it counts 0.",
        "ko": "연습 문제 {number}의 파일을 찾지 못해서 0점으로 계산했어요.",
        "ja": "演習 {number} のファイルが見つからなかったため、0 点として計算しました。",
    },
    "feedback.set_aside": {
        "en": "Exercise {number}: {graded} was graded; {aside} was set aside as an earlier attempt.",
        "ko": "연습 문제 {number}: {graded}을(를) 채점했고 {aside}은(는) 이전 제출이라 제외했어요.",
        "ja": "演習 {number}: {graded} を採点し、{aside} は以前の提出として除外しました。",
    },
    "feedback.check_yourself": {
        "en": "To see the public tests in full (inputs, expected and your values) and what your code "
        "prints, run lstm-quiz check on your file.",
        "ko": "공개 테스트의 자세한 내용(입력, 정답, 내 결과)과 코드가 출력한 내용은 내 파일에 lstm-quiz "
        "check를 실행하면 볼 수 있어요.",
        "ja": "公開テストの詳細（入力、期待値、自分の値）とコードの出力は、自分のファイルに lstm-quiz "
        "check を実行すると確認できます。",
    },
    "feedback.written": {
        "en": "Graded by lstm-quiz {version}.",
        "ko": "lstm-quiz {version}(으)로 채점했어요.",
        "ja": "lstm-quiz {version} で採点しました。",
    },
}
