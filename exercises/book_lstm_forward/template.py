"""Exercise 6 — one LSTM step, the book's way / 연습 문제 6 — 책 방식의 LSTM 한 스텝 / 演習6 — 本の流儀でLSTMの1ステップ

Complete lstm_forward below, then check it:  lstm-quiz check exercise6.py
아래 lstm_forward를 완성한 뒤 확인하세요:      lstm-quiz check exercise6.py
下の lstm_forward を完成させてから確認してください:  lstm-quiz check exercise6.py

Contract (English)
------------------
This exercise follows "Deep Learning from Scratch 2" (LSTM.forward in its chapter 6). It DIFFERS from
exercise 2 (the course's lstm_step: W (4H, D) applied as x @ W.T, gate order a, i, f, o, returns (c, h))
and from PyTorch (gate order i, f, g, o, weights stored transposed).

lstm_forward(x, h_prev, c_prev, Wx, Wh, b) -> (h_next, c_next)
    x       (N, D)   the inputs of this step, for a batch of N
    h_prev  (N, H)   the previous hidden state
    c_prev  (N, H)   the previous cell state
    Wx      (D, 4H)  input weights, applied as x @ Wx             (no .T)
    Wh      (H, 4H)  recurrent weights, applied as h_prev @ Wh    (no .T)
    b       (4H,)    bias

    A = x @ Wx + h_prev @ Wh + b                              shape (N, 4H)
    Split A along the last axis into four blocks of width H, IN THIS ORDER: f, g, i, o
        f = sigmoid(A[:, :H])         the forget gate
        g = tanh(A[:, H:2*H])         the candidate (new content)
        i = sigmoid(A[:, 2*H:3*H])    the input gate
        o = sigmoid(A[:, 3*H:])       the output gate
    c_next = f * c_prev + g * i                               element-wise
    h_next = o * tanh(c_next)
    return h_next, c_next                                     h first, then c; both (N, H)

    - Never modify the inputs in place (no c_prev *= f).
    - It must work for N = 1, H = 1, D != H, float32 inputs, and stay finite (no nan) for large |A|.
    - Import numpy and Python's standard library only (math, itertools, ...): any other package is
      refused when your file is checked, unless your instructor allows it.

약속 (한국어)
-------------
이 연습 문제는 『밑바닥부터 시작하는 딥러닝 2』(6장의 LSTM.forward)를 따릅니다. 연습 문제 2(강의의 lstm_step:
W (4H, D)를 x @ W.T로 적용, 게이트 순서 a, i, f, o, (c, h) 반환)나 PyTorch(게이트 순서 i, f, g, o, 가중치를
전치해서 저장)와 다릅니다.

lstm_forward(x, h_prev, c_prev, Wx, Wh, b) -> (h_next, c_next)
    x       (N, D)   이번 스텝의 입력(배치 크기 N)
    h_prev  (N, H)   이전 은닉 상태
    c_prev  (N, H)   이전 셀 상태
    Wx      (D, 4H)  입력 가중치, x @ Wx로 사용                  (.T 없음)
    Wh      (H, 4H)  순환 가중치, h_prev @ Wh로 사용             (.T 없음)
    b       (4H,)    편향

    A = x @ Wx + h_prev @ Wh + b                              모양 (N, 4H)
    A를 마지막 축을 따라 폭 H인 네 블록으로 나눕니다. 순서는 f, g, i, o 입니다.
        f = sigmoid(A[:, :H])         망각 게이트
        g = tanh(A[:, H:2*H])         후보 값(새 내용)
        i = sigmoid(A[:, 2*H:3*H])    입력 게이트
        o = sigmoid(A[:, 3*H:])       출력 게이트
    c_next = f * c_prev + g * i                               원소별 곱
    h_next = o * tanh(c_next)
    return h_next, c_next                                     h가 먼저, 그다음 c. 둘 다 (N, H)

    - 입력을 제자리에서 수정하지 않습니다(c_prev *= f 금지).
    - N = 1, H = 1, D != H, float32 입력에서도 동작하고, |A|가 커도 nan 없이 유한해야 합니다.
    - numpy와 파이썬 표준 라이브러리(math, itertools 등)만 import할 수 있어요. 다른 패키지는 강사가
      허용하지 않는 한 확인할 때 거부돼요.

約束 (日本語)
-------------
この演習は『ゼロから作るDeep Learning❷』(6章の LSTM.forward)に従います。演習2(講座の lstm_step:
W (4H, D) を x @ W.T として掛け、ゲート順 a, i, f, o、(c, h) を返す)とも、PyTorch(ゲート順 i, f, g, o、
重みは転置して保存)とも違います。

lstm_forward(x, h_prev, c_prev, Wx, Wh, b) -> (h_next, c_next)
    x       (N, D)   このステップの入力(バッチサイズ N)
    h_prev  (N, H)   1つ前の隠れ状態
    c_prev  (N, H)   1つ前のセル状態
    Wx      (D, 4H)  入力の重み、x @ Wx として使う               (.T なし)
    Wh      (H, 4H)  再帰の重み、h_prev @ Wh として使う          (.T なし)
    b       (4H,)    バイアス

    A = x @ Wx + h_prev @ Wh + b                              形 (N, 4H)
    A を最後の軸に沿って幅 H の4ブロックに分けます。順番は f, g, i, o です。
        f = sigmoid(A[:, :H])         忘却ゲート
        g = tanh(A[:, H:2*H])         候補(新しい内容)
        i = sigmoid(A[:, 2*H:3*H])    入力ゲート
        o = sigmoid(A[:, 3*H:])       出力ゲート
    c_next = f * c_prev + g * i                               要素ごとの積
    h_next = o * tanh(c_next)
    return h_next, c_next                                     h が先、次に c。どちらも (N, H)

    - 入力をその場で書き換えないこと(c_prev *= f は禁止)。
    - N = 1、H = 1、D != H、float32 の入力でも動き、|A| が大きくても nan にならず有限であること。
    - import できるのは numpy と Python の標準ライブラリ(math、itertools など)だけです。それ以外の
      パッケージは、講師が許可しない限り確認時に拒否されます。
"""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
    raise NotImplementedError(
        "write lstm_forward / lstm_forward를 작성하세요 / lstm_forward を書いてください"
    )
