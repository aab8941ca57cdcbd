"""Exercise 2 — one LSTM step in numpy / 연습 문제 2 — numpy로 LSTM 한 스텝 / 演習 2 — numpy で LSTM の1ステップ

Complete lstm_step below, then check it:  lstm-quiz check exercise2.py
아래 lstm_step을 완성한 뒤 확인하세요:      lstm-quiz check exercise2.py
下の lstm_step を完成させてから確認してください:  lstm-quiz check exercise2.py

Contract (English)
------------------
lstm_step(x, prev_h, prev_c, W, U, b) -> (c, h)
    x       (N, D)   the inputs of this step, for a batch of N
    prev_h  (N, H)   the previous hidden state h_{t-1}
    prev_c  (N, H)   the previous cell state c_{t-1}
    W       (4H, D)  input weights, applied as x @ W.T
    U       (4H, H)  recurrent weights, applied as prev_h @ U.T
    b       (4H,)    bias

    z = x @ W.T + prev_h @ U.T + b                       shape (N, 4H)
    Split z along the last axis into four blocks of width H, IN THIS ORDER: a, i, f, o
    a = tanh(z_a)      the candidate (new content)
    i = sigmoid(z_i)   the input gate
    f = sigmoid(z_f)   the forget gate
    o = sigmoid(z_o)   the output gate
    c = i * a + f * prev_c                               element-wise
    h = o * tanh(c)
    return c, h                                          c first, then h; both (N, H)

    - Never modify the inputs in place.
    - It must work for N = 1, H = 1, D != H, and stay finite (no nan) for large |z|.
    - Note: PyTorch orders its blocks i, f, g, o. This exercise uses a, i, f, o.
    - Import numpy and Python's standard library only (math, itertools, ...): any other package is
      refused when your file is checked, unless your instructor allows it.

약속 (한국어)
-------------
lstm_step(x, prev_h, prev_c, W, U, b) -> (c, h)
    x       (N, D)   이번 스텝의 입력(배치 크기 N)
    prev_h  (N, H)   이전 은닉 상태 h_{t-1}
    prev_c  (N, H)   이전 셀 상태 c_{t-1}
    W       (4H, D)  입력 가중치, x @ W.T로 사용
    U       (4H, H)  순환 가중치, prev_h @ U.T로 사용
    b       (4H,)    편향

    z = x @ W.T + prev_h @ U.T + b                       모양 (N, 4H)
    z를 마지막 축을 따라 폭 H인 네 블록으로 나눕니다. 순서는 a, i, f, o 입니다.
    a = tanh(z_a)      후보 값(새 내용)
    i = sigmoid(z_i)   입력 게이트
    f = sigmoid(z_f)   망각 게이트
    o = sigmoid(z_o)   출력 게이트
    c = i * a + f * prev_c                               원소별 곱
    h = o * tanh(c)
    return c, h                                          c가 먼저, 그다음 h. 둘 다 (N, H)

    - 입력을 제자리에서 수정하지 않습니다.
    - N = 1, H = 1, D != H에서도 동작하고, |z|가 커도 nan 없이 유한해야 합니다.
    - 참고: PyTorch는 블록을 i, f, g, o 순서로 둡니다. 이 연습 문제는 a, i, f, o 순서입니다.
    - numpy와 파이썬 표준 라이브러리(math, itertools 등)만 import할 수 있어요. 다른 패키지는 강사가
      허용하지 않는 한 확인할 때 거부돼요.

約束 (日本語)
-------------
lstm_step(x, prev_h, prev_c, W, U, b) -> (c, h)
    x       (N, D)   このステップの入力(バッチサイズ N)
    prev_h  (N, H)   前の隠れ状態 h_{t-1}
    prev_c  (N, H)   前のセル状態 c_{t-1}
    W       (4H, D)  入力の重み、x @ W.T として使う
    U       (4H, H)  再帰の重み、prev_h @ U.T として使う
    b       (4H,)    バイアス

    z = x @ W.T + prev_h @ U.T + b                       形状 (N, 4H)
    z を最後の軸に沿って幅 H の 4 つのブロックに分けます。順番は a, i, f, o です。
    a = tanh(z_a)      候補値(新しい内容)
    i = sigmoid(z_i)   入力ゲート
    f = sigmoid(z_f)   忘却ゲート
    o = sigmoid(z_o)   出力ゲート
    c = i * a + f * prev_c                               要素ごとの積
    h = o * tanh(c)
    return c, h                                          c が先、次に h。どちらも (N, H)

    - 入力をその場で書き換えないこと。
    - N = 1、H = 1、D != H でも動き、|z| が大きくても nan にならず有限であること。
    - 注意: PyTorch はブロックを i, f, g, o の順に並べます。この演習は a, i, f, o の順です。
    - import できるのは numpy と Python の標準ライブラリ(math、itertools など)だけです。それ以外の
      パッケージは、講師が許可しない限り確認時に拒否されます。
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    raise NotImplementedError("write lstm_step / lstm_step을 작성하세요 / lstm_step を書いてください")
