"""Exercise 4 — a bidirectional tanh RNN in numpy / 연습 문제 4 — numpy로 양방향 tanh RNN / 演習4 — numpy で双方向RNN

Complete birnn_forward below, then check it:  lstm-quiz check exercise4.py
아래 birnn_forward를 완성한 뒤 확인하세요:      lstm-quiz check exercise4.py
下の birnn_forward を完成させてから確認してください:  lstm-quiz check exercise4.py

Contract (English)
------------------
birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b) -> hs
    xs     (T, N, D)  the whole sequence, TIME FIRST (like PyTorch's default): xs[t] is step t, (N, D)
    h0_f   (N, H)     initial state of the forward direction
    h0_b   (N, H)     initial state of the backward direction
    Wx_f   (D, H)     forward input weights, applied as x_t @ Wx_f
    Wh_f   (H, H)     forward recurrent weights, applied as h @ Wh_f
    b_f    (H,)       forward bias
    Wx_b, Wh_b, b_b   the backward direction's own weights, same shapes and same use

    The same simple RNN as in the course (row vectors, weights on the right):
    forward,  t = 0, 1, ..., T-1, starting from h0_f:
        hf_t = tanh(xs[t] @ Wx_f + hf_{t-1} @ Wh_f + b_f)           (hf_{-1} = h0_f)
    backward, t = T-1, T-2, ..., 0, starting from h0_b:
        hb_t = tanh(xs[t] @ Wx_b + hb_{t+1} @ Wh_b + b_b)           (hb_T = h0_b)
    hs[t] = concatenate([hf_t, hb_t]) along the last axis: the forward state first
    return hs                                                       shape (T, N, 2H)

    - hs[t] holds both states OF THE SAME TIME STEP t: store each backward state at its own t.
    - This is the output of torch.nn.RNN(D, H, bidirectional=True) with weight_ih = Wx.T,
      weight_hh = Wh.T (PyTorch stores its weights transposed).
    - Never modify the inputs in place.
    - It must work for T = 1, N = 1, H = 1, D != H, float32 inputs, and stay finite for large inputs.
    - Import numpy and Python's standard library only (math, itertools, ...): any other package is
      refused when your file is checked, unless your instructor allows it.

약속 (한국어)
-------------
birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b) -> hs
    xs     (T, N, D)  시퀀스 전체, 시간 축이 먼저(PyTorch 기본값과 같음): xs[t]가 스텝 t, (N, D)
    h0_f   (N, H)     순방향의 초기 은닉 상태
    h0_b   (N, H)     역방향의 초기 은닉 상태
    Wx_f   (D, H)     순방향 입력 가중치, x_t @ Wx_f로 사용
    Wh_f   (H, H)     순방향 순환 가중치, h @ Wh_f로 사용
    b_f    (H,)       순방향 편향
    Wx_b, Wh_b, b_b   역방향 고유의 가중치, 모양과 쓰는 법은 같음

    강의의 단순 RNN과 같습니다(행 벡터, 가중치는 오른쪽에서 곱함):
    순방향, t = 0, 1, ..., T-1, h0_f에서 시작:
        hf_t = tanh(xs[t] @ Wx_f + hf_{t-1} @ Wh_f + b_f)           (hf_{-1} = h0_f)
    역방향, t = T-1, T-2, ..., 0, h0_b에서 시작:
        hb_t = tanh(xs[t] @ Wx_b + hb_{t+1} @ Wh_b + b_b)           (hb_T = h0_b)
    hs[t] = 마지막 축을 따라 [hf_t, hb_t]를 이어 붙임: 순방향 상태가 먼저
    return hs                                                       모양 (T, N, 2H)

    - hs[t]에는 같은 시점 t의 두 상태가 들어갑니다: 역방향 상태는 각자의 t에 저장하세요.
    - torch.nn.RNN(D, H, bidirectional=True)의 출력과 같습니다(weight_ih = Wx.T, weight_hh = Wh.T,
      PyTorch는 가중치를 전치해서 저장).
    - 입력을 제자리에서 수정하지 않습니다.
    - T = 1, N = 1, H = 1, D != H, float32 입력에서도 동작하고, 입력이 커도 유한해야 합니다.
    - numpy와 파이썬 표준 라이브러리(math, itertools 등)만 import할 수 있어요. 다른 패키지는 강사가
      허용하지 않는 한 확인할 때 거부돼요.

約束 (日本語)
-------------
birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b) -> hs
    xs     (T, N, D)  系列全体、時間の軸が先(PyTorch の既定と同じ): xs[t] がステップ t、(N, D)
    h0_f   (N, H)     順方向の初期の隠れ状態
    h0_b   (N, H)     逆方向の初期の隠れ状態
    Wx_f   (D, H)     順方向の入力の重み、x_t @ Wx_f として使う
    Wh_f   (H, H)     順方向の再帰の重み、h @ Wh_f として使う
    b_f    (H,)       順方向のバイアス
    Wx_b, Wh_b, b_b   逆方向専用の重み、形も使い方も同じ

    講座の単純なRNNと同じです(行ベクトル、重みは右から掛ける):
    順方向、t = 0, 1, ..., T-1、h0_f から始める:
        hf_t = tanh(xs[t] @ Wx_f + hf_{t-1} @ Wh_f + b_f)           (hf_{-1} = h0_f)
    逆方向、t = T-1, T-2, ..., 0、h0_b から始める:
        hb_t = tanh(xs[t] @ Wx_b + hb_{t+1} @ Wh_b + b_b)           (hb_T = h0_b)
    hs[t] = 最後の軸に沿って [hf_t, hb_t] を連結: 順方向の状態が先
    return hs                                                       形 (T, N, 2H)

    - hs[t] には同じ時刻 t の2つの状態が入ります: 逆方向の状態はそれぞれの t に格納してください。
    - torch.nn.RNN(D, H, bidirectional=True) の出力と同じです(weight_ih = Wx.T、weight_hh = Wh.T、
      PyTorch は重みを転置して保存)。
    - 入力をその場で書き換えないこと。
    - T = 1、N = 1、H = 1、D != H、float32 の入力でも動き、入力が大きくても有限であること。
    - import できるのは numpy と Python の標準ライブラリ(math、itertools など)だけです。それ以外の
      パッケージは、講師が許可しない限り確認時に拒否されます。
"""

import numpy as np


def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
    raise NotImplementedError(
        "write birnn_forward / birnn_forward를 작성하세요 / birnn_forward を書いてください"
    )
