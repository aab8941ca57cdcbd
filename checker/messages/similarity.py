"""The sentences of similarity, in every language (merged into checker.i18n.MESSAGES)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "similarity.title": {"en": "Similar submissions", "ko": "비슷한 제출물", "ja": "よく似た提出物"},
    "similarity.intro": {
        "en": "Pairs of files of the same exercise whose code is alike once names, numbers, strings, comments, "
        "layout, the template and passages many files share are set aside; the most alike first. Each is a "
        "lead to read side by side, not a verdict.",
        "ko": "이름, 숫자, 문자열, 주석, 서식, 템플릿과 여러 파일에 공통으로 나오는 부분을 빼고도 코드가 닮은, 같은 "
        "연습 문제의 파일 쌍이에요. 가장 닮은 쌍이 먼저 나와요. 판정이 아니라 나란히 읽어 볼 단서예요.",
        "ja": "名前・数値・文字列・コメント・書式・テンプレートと、多くのファイルに共通する部分を除いてもコードが似ている、"
        "同じ演習のファイルの組です。最も似ている組から並べています。判定ではなく、並べて読むための手がかりです。",
    },
    "similarity.none": {
        "en": "No two files are alike beyond the template and passages many files share.",
        "ko": "템플릿과 여러 파일에 공통으로 나오는 부분 말고는 서로 닮은 파일이 없어요.",
        "ja": "テンプレートと多くのファイルに共通する部分のほかに、似ているファイルはありません。",
    },
    "similarity.col_exercise": {"en": "exercise", "ko": "연습 문제", "ja": "演習"},
    "similarity.col_student_a": {"en": "student A", "ko": "학생 A", "ja": "学生 A"},
    "similarity.col_student_b": {"en": "student B", "ko": "학생 B", "ja": "学生 B"},
    "similarity.col_score": {"en": "score", "ko": "유사도", "ja": "類似度"},
    "similarity.col_lines": {
        "en": "matched lines (A ↔ B)",
        "ko": "겹친 줄 (A ↔ B)",
        "ja": "一致した行 (A ↔ B)",
    },
    "grade.similar_found": {
        "en": "{count} pair(s) of submissions are alike beyond the template: read them side by side in {path}.",
        "ko": "템플릿 말고도 서로 닮은 제출물이 {count}쌍 있어요. {path}에서 나란히 읽어 보세요.",
        "ja": "テンプレート以外にもよく似た提出物が {count} 組あります。{path} で並べて読んでください。",
    },
    "merge.bad_similarity": {
        "en": "not a similarity file this lstm-quiz wrote; the merged reports have no similar pairs.",
        "ko": "이 lstm-quiz가 쓴 유사도 파일이 아니에요. 합친 보고서에는 비슷한 제출물이 빠져요.",
        "ja": "この lstm-quiz が書いた類似度ファイルではありません。統合したレポートには似た提出物が載りません。",
    },
}
