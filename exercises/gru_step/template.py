"""Exercise 3 — one GRU step in numpy / 연습 문제 3 — numpy로 GRU 한 스텝 / 演習 3 — numpy で GRU の1ステップ

Complete gru_step below, then check it:  lstm-quiz check exercise3.py
아래 gru_step을 완성한 뒤 확인하세요:      lstm-quiz check exercise3.py
下の gru_step を完成させてから確認してください:  lstm-quiz check exercise3.py

Contract (English)
------------------
gru_step(x, h_prev, W, U, b) -> h_new
    x       (N, D)   the inputs of this step, for a batch of N
    h_prev  (N, H)   the previous hidden state h_{t-1}
    W       (3H, D)  input weights, applied as x @ W.T
    U       (3H, H)  recurrent weights, applied as h_prev @ U.T
    b       (3H,)    bias (one bias per block)

    W, U and b stack three blocks of H rows, IN THIS ORDER: z, r, n
        W_z = W[:H], W_r = W[H:2*H], W_n = W[2*H:]   (the same for U and b)
    z     = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)            the update gate
    r     = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)            the reset gate
    h_bar = tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)         the candidate (h-tilde)
    h_new = (1 - z) * h_prev + z * h_bar                         element-wise
    return h_new                                                 one array, (N, H)

    - Never modify the inputs in place (no h_prev *= ..., no h_prev[...] = ...).
    - It must work for N = 1, H = 1, D != H, float32 inputs, and stay finite (no nan) for large inputs.
    - Import numpy and Python's standard library only (math, itertools, ...): any other package is
      refused when your file is checked, unless your instructor allows it.
    - Convention note: here z weights the NEW candidate, as in the Rabbit Challenge / E資格 course.
      PyTorch (torch.nn.GRU, GRUCell) and the original GRU paper write it the other way round,
      h_new = z * h_prev + (1 - z) * h_bar; PyTorch also stacks its blocks r, z, n and applies r after
      the product: r * (h_prev @ U_n.T + b_hn). Follow the formulas above, not PyTorch's.

약속 (한국어)
-------------
gru_step(x, h_prev, W, U, b) -> h_new
    x       (N, D)   이번 스텝의 입력(배치 크기 N)
    h_prev  (N, H)   이전 은닉 상태 h_{t-1}
    W       (3H, D)  입력 가중치, x @ W.T로 사용
    U       (3H, H)  순환 가중치, h_prev @ U.T로 사용
    b       (3H,)    편향(블록마다 하나)

    W, U, b는 H행짜리 세 블록을 z, r, n 순서로 쌓은 것입니다.
        W_z = W[:H], W_r = W[H:2*H], W_n = W[2*H:]   (U와 b도 같음)
    z     = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)            업데이트 게이트
    r     = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)            리셋 게이트
    h_bar = tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)         후보 은닉 상태(h 틸드)
    h_new = (1 - z) * h_prev + z * h_bar                         원소별 곱
    return h_new                                                 배열 하나, (N, H)

    - 입력을 제자리에서 수정하지 않습니다(h_prev *= ..., h_prev[...] = ... 금지).
    - N = 1, H = 1, D != H, float32 입력에서도 동작하고, 입력이 커도 nan 없이 유한해야 합니다.
    - numpy와 파이썬 표준 라이브러리(math, itertools 등)만 import할 수 있어요. 다른 패키지는 강사가
      허용하지 않는 한 확인할 때 거부돼요.
    - 관례 참고: 여기서는 Rabbit Challenge / E資格 과정처럼 z가 새 후보에 곱해집니다. PyTorch
      (torch.nn.GRU, GRUCell)와 GRU 원 논문은 반대로 h_new = z * h_prev + (1 - z) * h_bar로 씁니다.
      PyTorch는 또 블록을 r, z, n 순서로 쌓고, r을 곱한 뒤에 적용합니다: r * (h_prev @ U_n.T + b_hn).
      PyTorch의 식이 아니라 위의 식을 따르세요.

約束 (日本語)
-------------
gru_step(x, h_prev, W, U, b) -> h_new
    x       (N, D)   このステップの入力(バッチサイズ N)
    h_prev  (N, H)   前の隠れ状態 h_{t-1}
    W       (3H, D)  入力の重み、x @ W.T として使う
    U       (3H, H)  再帰の重み、h_prev @ U.T として使う
    b       (3H,)    バイアス(ブロックごとに 1 つ)

    W, U, b は H 行のブロック 3 つを z, r, n の順に積んだものです。
        W_z = W[:H], W_r = W[H:2*H], W_n = W[2*H:]   (U と b も同じ)
    z     = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)            更新ゲート
    r     = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)            リセットゲート
    h_bar = tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)         候補の隠れ状態(h チルダ)
    h_new = (1 - z) * h_prev + z * h_bar                         要素ごとの積
    return h_new                                                 配列 1 つ、(N, H)

    - 入力をその場で書き換えないこと(h_prev *= ...、h_prev[...] = ... は禁止)。
    - N = 1、H = 1、D != H、float32 の入力でも動き、入力が大きくても nan にならず有限であること。
    - import できるのは numpy と Python の標準ライブラリ(math、itertools など)だけです。それ以外の
      パッケージは、講師が許可しない限り確認時に拒否されます。
    - 流儀の注意: ここではラビットチャレンジ / E資格の講座と同じく、z を新しい候補に掛けます。
      PyTorch(torch.nn.GRU、GRUCell)と GRU の原論文は逆に h_new = z * h_prev + (1 - z) * h_bar と
      書きます。PyTorch はさらにブロックを r, z, n の順に積み、r を積の後に掛けます:
      r * (h_prev @ U_n.T + b_hn)。PyTorch の式ではなく上の式に従ってください。
"""

import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def gru_step(x, h_prev, W, U, b):
    raise NotImplementedError("write gru_step / gru_step을 작성하세요 / gru_step を書いてください")
