"""Exercise 1 — gradient clipping by norm / 연습 문제 1 — 노름 기준 기울기 클리핑 / 演習 1 — ノルムによる勾配クリッピング

Complete gradient_clipping below, then check it:  lstm-quiz check exercise1.py
아래 gradient_clipping을 완성한 뒤 확인하세요:      lstm-quiz check exercise1.py
下の gradient_clipping を完成させてから確認してください:  lstm-quiz check exercise1.py

Contract (English)
------------------
gradient_clipping(grad, threshold)
    grad       a float numpy array of any shape (1-D, 2-D, 3-D, ...); float64 or float32
    threshold  a number > 0

    norm = the L2 norm over ALL elements of grad: sqrt(sum of squares)
    If norm > threshold, return grad * (threshold / norm); otherwise return grad's values unchanged.
    - Return an array of the same shape as grad.
    - Never modify grad in place (no grad *= ..., no grad[...] = ...).
    - A zero gradient returns zeros: no nan, no inf.
    - Import numpy and Python's standard library only (math, itertools, ...): any other package is
      refused when your file is checked, unless your instructor allows it.

약속 (한국어)
-------------
gradient_clipping(grad, threshold)
    grad       임의 모양(1차원, 2차원, 3차원 …)의 실수 numpy 배열, float64 또는 float32
    threshold  0보다 큰 수

    norm = grad의 모든 원소에 대한 L2 노름: 제곱합의 제곱근
    norm > threshold이면 grad * (threshold / norm)을 반환하고, 아니면 grad의 값을 그대로 반환합니다.
    - grad와 같은 모양의 배열을 반환합니다.
    - grad를 제자리에서 수정하지 않습니다(grad *= ..., grad[...] = ... 금지).
    - 0 기울기에는 0을 반환합니다: nan도 inf도 없어야 합니다.
    - numpy와 파이썬 표준 라이브러리(math, itertools 등)만 import할 수 있어요. 다른 패키지는 강사가
      허용하지 않는 한 확인할 때 거부돼요.

約束 (日本語)
-------------
gradient_clipping(grad, threshold)
    grad       任意の形状(1 次元、2 次元、3 次元 …)の浮動小数点 numpy 配列、float64 または float32
    threshold  0 より大きい数(閾値)

    norm = grad のすべての要素についての L2 ノルム: 2 乗和の平方根
    norm > threshold なら grad * (threshold / norm) を返し、そうでなければ grad の値をそのまま返します。
    - grad と同じ形状の配列を返すこと。
    - grad をその場で書き換えないこと(grad *= ...、grad[...] = ... は禁止)。
    - 0 の勾配には 0 を返すこと: nan も inf も出さないこと。
    - import できるのは numpy と Python の標準ライブラリ(math、itertools など)だけです。それ以外の
      パッケージは、講師が許可しない限り確認時に拒否されます。
"""

import numpy as np


def gradient_clipping(grad, threshold):
    raise NotImplementedError(
        "write gradient_clipping / gradient_clipping을 작성하세요 / gradient_clipping を書いてください"
    )
