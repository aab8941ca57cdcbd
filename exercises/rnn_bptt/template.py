"""Exercise 5 — backpropagation through time (BPTT) for a tanh RNN / 연습 문제 5 — tanh RNN의 시간 역전파(BPTT)
演習 5 — tanh RNN の通時的誤差逆伝播 (BPTT)

Complete rnn_bptt below, then check it:  lstm-quiz check exercise5.py
아래 rnn_bptt를 완성한 뒤 확인하세요:      lstm-quiz check exercise5.py
下の rnn_bptt を完成させてから確認:       lstm-quiz check exercise5.py

Contract (English)
------------------
rnn_bptt(xs, h0, W, U, b, hs, dhs) -> (dW, dU, db, dh0)
    xs   (N, T, D)  the inputs of T steps, batch first: xs[:, t] is step t, shape (N, D)
    h0   (N, H)     the initial hidden state
    W    (H, D)     input weights, used as xs[:, t] @ W.T
    U    (H, H)     recurrent weights, used as h @ U.T
    b    (H,)       bias
    hs   (N, T, H)  the hidden states of the forward pass (given: no need to recompute them)
    dhs  (N, T, H)  dL/dh_t arriving at each step from the layer above

    The forward pass was, for t = 0 .. T-1 (the previous state of step 0 is h0):
        prev     = h0 if t == 0 else hs[:, t - 1]
        hs[:, t] = tanh(xs[:, t] @ W.T + prev @ U.T + b)

    Go back in time, t = T-1 down to 0, with dh_next = zeros (N, H) at the start:
        delta    = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)    tanh' written with its output
        dW      += delta.T @ xs[:, t]                             (H, D)
        dU      += delta.T @ prev                                  (H, H)
        db      += delta.sum(axis=0)                               (H,)
        dh_next  = delta @ U                                       carried to step t - 1
    dh0 = dh_next after step 0.
    return dW, dU, db, dh0        in this order; shapes of W, U, b and h0

    - Gradients are SUMS over every step and every sample: do not divide by N or T.
    - Never modify the inputs in place (no dhs[:, t] += ...).
    - It must work for N = 1, H = 1, T = 1, D != H, float32 inputs, and saturated states (h close to ±1).
    - Import numpy and Python's standard library only (math, itertools, ...): any other package is
      refused when your file is checked, unless your instructor allows it.

약속 (한국어)
-------------
rnn_bptt(xs, h0, W, U, b, hs, dhs) -> (dW, dU, db, dh0)
    xs   (N, T, D)  T 스텝의 입력, 배치가 먼저: xs[:, t]가 스텝 t이며 모양 (N, D)
    h0   (N, H)     처음 은닉 상태
    W    (H, D)     입력 가중치, xs[:, t] @ W.T로 사용
    U    (H, H)     순환 가중치, h @ U.T로 사용
    b    (H,)       편향
    hs   (N, T, H)  순전파의 은닉 상태(주어짐: 다시 계산할 필요 없음)
    dhs  (N, T, H)  위층에서 각 스텝으로 들어오는 dL/dh_t

    순전파는 t = 0 .. T-1에 대해 다음과 같았습니다(스텝 0의 이전 상태는 h0):
        prev     = h0 if t == 0 else hs[:, t - 1]
        hs[:, t] = tanh(xs[:, t] @ W.T + prev @ U.T + b)

    처음에 dh_next = 0 (N, H)으로 두고, t = T-1부터 0까지 거꾸로 갑니다:
        delta    = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)    출력으로 쓴 tanh의 도함수
        dW      += delta.T @ xs[:, t]                             (H, D)
        dU      += delta.T @ prev                                  (H, H)
        db      += delta.sum(axis=0)                               (H,)
        dh_next  = delta @ U                                       스텝 t - 1로 전달
    dh0 = 스텝 0을 마친 뒤의 dh_next.
    return dW, dU, db, dh0        이 순서로. 모양은 W, U, b, h0와 같음

    - 기울기는 모든 스텝과 모든 샘플에 대한 합입니다: N이나 T로 나누지 않습니다.
    - 입력을 제자리에서 수정하지 않습니다(dhs[:, t] += ... 금지).
    - N = 1, H = 1, T = 1, D != H, float32 입력, 포화된 상태(h가 ±1에 가까움)에서도 동작해야 합니다.
    - numpy와 파이썬 표준 라이브러리(math, itertools 등)만 import할 수 있어요. 다른 패키지는 강사가
      허용하지 않는 한 확인할 때 거부돼요.

仕様 (日本語)
-------------
rnn_bptt(xs, h0, W, U, b, hs, dhs) -> (dW, dU, db, dh0)
    xs   (N, T, D)  T 時刻分の入力、バッチが先: xs[:, t] が時刻 t で形は (N, D)
    h0   (N, H)     隠れ状態の初期値
    W    (H, D)     入力の重み、xs[:, t] @ W.T として使う
    U    (H, H)     再帰の重み、h @ U.T として使う
    b    (H,)       バイアス
    hs   (N, T, H)  順伝播の隠れ状態(与えられる: 計算し直す必要はない)
    dhs  (N, T, H)  上の層から各時刻に届く dL/dh_t

    順伝播は t = 0 .. T-1 について次のとおり(時刻 0 の一つ前の状態は h0):
        prev     = h0 if t == 0 else hs[:, t - 1]
        hs[:, t] = tanh(xs[:, t] @ W.T + prev @ U.T + b)

    最初に dh_next = 0 (N, H) とし、t = T-1 から 0 まで時間をさかのぼる:
        delta    = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)    出力で書いた tanh の微分
        dW      += delta.T @ xs[:, t]                             (H, D)
        dU      += delta.T @ prev                                  (H, H)
        db      += delta.sum(axis=0)                               (H,)
        dh_next  = delta @ U                                       時刻 t - 1 へ渡す
    dh0 = 時刻 0 を終えたあとの dh_next。
    return dW, dU, db, dh0        この順に。形は W, U, b, h0 と同じ

    - 勾配はすべての時刻とすべてのサンプルについての和です: N や T で割りません。
    - 入力をその場で書き換えないこと(dhs[:, t] += ... は禁止)。
    - N = 1, H = 1, T = 1, D != H, float32 の入力、飽和した状態(h が ±1 に近い)でも動くこと。
    - import できるのは numpy と Python の標準ライブラリ(math、itertools など)だけです。それ以外の
      パッケージは、講師が許可しない限り確認時に拒否されます。
"""

import numpy as np


def rnn_bptt(xs, h0, W, U, b, hs, dhs):
    raise NotImplementedError("write rnn_bptt / rnn_bptt를 작성하세요 / rnn_bptt を書いてください")
