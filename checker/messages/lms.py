"""The sentences of lms, in every language (merged into checker.i18n.MESSAGES)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "lms.unmatched": {
        "en": "{file} leaves out {count} student(s) the LMS cannot identify: {names}. Their scores and why "
        "are in {unmatched}: enter them by hand, or add them to the roster (--roster) and run again.",
        "ko": "{file}에는 LMS가 누구인지 알 수 없는 학생 {count}명이 빠져 있어요: {names}. 점수와 이유는 "
        "{unmatched}에 있어요. 직접 입력하거나, 명단(--roster)에 추가해서 다시 실행해 주세요.",
        "ja": "{file} には、LMS が誰か特定できない学生 {count} 人が含まれていません: {names}。点数と理由は "
        "{unmatched} にあります。手で入力するか、名簿（--roster）に追加してもう一度実行してください。",
    },
    "lms.reason_no_roster": {
        "en": "no roster: give --roster with the class list the LMS exports",
        "ko": "명단이 없어요. LMS에서 내보낸 학생 목록을 --roster로 주세요",
        "ja": "名簿がありません。LMS から書き出した受講者一覧を --roster で指定してください",
    },
    "lms.reason_not_on_roster": {
        "en": "not on the roster (no row has their name or id)",
        "ko": "명단에 없어요(이름이나 ID가 같은 행이 없어요)",
        "ja": "名簿にいません（名前または ID が一致する行がありません）",
    },
    "lms.reason_ambiguous": {
        "en": "more than one person on the roster matches: the grade is given to nobody rather than the wrong one",
        "ko": "명단에서 두 명 이상과 일치해요. 다른 사람에게 점수가 가지 않도록 아무에게도 주지 않았어요",
        "ja": "名簿の複数の人に一致します。別の人に点数が付かないよう、誰にも付けていません",
    },
    "lms.reason_shared": {
        "en": "another student matches the same person on the roster: the grade is given to nobody rather "
        "than the wrong one",
        "ko": "다른 학생도 명단의 같은 사람과 일치해요. 다른 사람에게 점수가 가지 않도록 아무에게도 주지 않았어요",
        "ja": "別の学生も名簿の同じ人に一致します。別の人に点数が付かないよう、誰にも付けていません",
    },
    "lms.reason_no_canvas_id": {
        "en": "no Canvas user id: neither in their file names nor on the roster",
        "ko": "Canvas 사용자 ID가 없어요. 파일 이름에도 명단에도 없어요",
        "ja": "Canvas のユーザー ID がありません。ファイル名にも名簿にもありません",
    },
    "lms.reason_no_moodle_key": {
        "en": "no e-mail address or ID number on the roster, which Moodle needs to find them",
        "ko": "Moodle이 학생을 찾는 데 필요한 이메일 주소나 ID 번호가 명단에 없어요",
        "ja": "Moodle が学生を特定するのに必要なメールアドレスまたは ID 番号が名簿にありません",
    },
}
