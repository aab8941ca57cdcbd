"""Exercise 7 — clip_grads, as in "Deep Learning from Scratch 2" / 연습 문제 7 — 밑바닥부터 시작하는 딥러닝 2의
clip_grads / 演習 7 — ゼロから作るDeep Learning❷ の clip_grads

Complete clip_grads below, then check it:  lstm-quiz check exercise7.py
아래 clip_grads를 완성한 뒤 확인하세요:      lstm-quiz check exercise7.py
下の clip_grads を完成させてから確認してください:  lstm-quiz check exercise7.py

Contract (English)
------------------
clip_grads(grads, max_norm) -> None
    grads     a LIST of float numpy arrays (the gradients of every parameter), of any shapes;
              float64 or float32
    max_norm  a number > 0

    total_norm = sqrt(sum over ALL arrays g in grads of np.sum(g ** 2))     one global norm
    rate = max_norm / (total_norm + 1e-6)
    If rate < 1, multiply EVERY array by rate.
    - Modify the arrays in place: for g in grads: g *= rate   (or g[...] = g * rate). The caller keeps
      using the same arrays; grads = [g * rate for g in grads] or g = g * rate changes nothing for it.
    - Return nothing (what is returned is not graded; the arrays are).
    - Zero gradients stay zero: no nan, no inf.
    - Import numpy and Python's standard library only (math, itertools, ...): any other package is
      refused when your file is checked, unless your instructor allows it.

약속 (한국어)
-------------
clip_grads(grads, max_norm) -> None
    grads     실수 numpy 배열의 리스트(모든 매개변수의 기울기), 모양은 제각각; float64 또는 float32
    max_norm  0보다 큰 수

    total_norm = sqrt(grads의 모든 배열 g에 대한 np.sum(g ** 2)의 합)      전체 노름 하나
    rate = max_norm / (total_norm + 1e-6)
    rate < 1이면 모든 배열에 rate를 곱합니다.
    - 배열을 제자리에서 수정합니다: for g in grads: g *= rate   (또는 g[...] = g * rate). 호출한 쪽은 같은
      배열을 계속 씁니다. grads = [g * rate for g in grads]나 g = g * rate는 호출한 쪽에 아무것도 바꾸지 않습니다.
    - 아무것도 반환하지 않습니다(반환값이 아니라 배열을 채점합니다).
    - 0 기울기는 0으로 남습니다: nan도 inf도 없어야 합니다.
    - numpy와 파이썬 표준 라이브러리(math, itertools 등)만 import할 수 있어요. 다른 패키지는 강사가
      허용하지 않는 한 확인할 때 거부돼요.

約束 (日本語)
-------------
clip_grads(grads, max_norm) -> None
    grads     実数の numpy 配列のリスト(すべてのパラメータの勾配)、形はばらばら; float64 または float32
    max_norm  0 より大きい数

    total_norm = sqrt(grads のすべての配列 g についての np.sum(g ** 2) の和)      全体のノルム 1 つ
    rate = max_norm / (total_norm + 1e-6)
    rate < 1 なら、すべての配列に rate を掛けます。
    - 配列をその場で書き換えます: for g in grads: g *= rate   (または g[...] = g * rate)。呼び出し側は同じ
      配列を使い続けます。grads = [g * rate for g in grads] や g = g * rate では呼び出し側は何も変わりません。
    - 何も返しません(採点するのは戻り値ではなく配列です)。
    - 0 の勾配は 0 のまま: nan も inf も出さないこと。
    - import できるのは numpy と Python の標準ライブラリ(math、itertools など)だけです。それ以外の
      パッケージは、講師が許可しない限り確認時に拒否されます。
"""

import numpy as np


def clip_grads(grads, max_norm):
    raise NotImplementedError("write clip_grads / clip_grads를 작성하세요 / clip_grads を書いてください")
