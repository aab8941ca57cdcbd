"""Exercise 3: gru_step(x, h_prev, W, U, b) — one GRU step in numpy, the Rabbit Challenge / E資格 way.

Blocks z (update), r (reset), n (the candidate h̃) in that order; the reset gate scales h_prev before
the recurrent product, and z weights the candidate: h_new = (1 - z) * h_prev + z * h̃. PyTorch (and
the original GRU paper) let z weight h_prev instead, order their blocks r, z, n and apply the reset
after the recurrent product; each of those differences is a catalogued mistake here.
"""

from __future__ import annotations

import itertools

import numpy as np

from checker.specs.base import VISIBLE, Misconception, TestCase

ORDER = ("z", "r", "n")
TORCH_ORDER = ("r", "z", "n")  # torch.nn.GRU / GRUCell (and cuDNN) stack their blocks r, z, n


def _sigmoid(a):
    return 0.5 * (1.0 + np.tanh(0.5 * a))  # overflow-free, and keeps float32 as float32


def _blocks(stacked, order):
    """The three row blocks of a (3H, ...) parameter, read in `order` (the order the student believes)."""
    return dict(zip(order, np.split(stacked, 3, axis=0)))


def _candidate_input(form, x_n, h_prev, U_n, b_n, r):
    """The argument of the candidate's activation, and whether r scales the activated candidate."""
    if form == "h_prev":  # the course: the reset gate scales h_prev before the product
        return x_n + (r * h_prev) @ U_n.T + b_n, False
    if form == "after":  # PyTorch, Keras reset_after: the reset gate scales the product
        return x_n + r * (h_prev @ U_n.T) + b_n, False
    if form == "after-with-bias":  # ... with the one bias of n inside the reset, as PyTorch's b_hn is
        return x_n + r * (h_prev @ U_n.T + b_n), False
    if form == "none":
        return x_n + h_prev @ U_n.T + b_n, False
    if form == "pre-activation":  # r times the whole pre-activation
        return r * (x_n + h_prev @ U_n.T + b_n), False
    if form == "candidate":  # r times the activated candidate
        return x_n + h_prev @ U_n.T + b_n, True
    raise ValueError(form)


def _step(
    x,
    h_prev,
    W,
    U,
    b,
    *,
    order=ORDER,
    gate=_sigmoid,
    candidate=np.tanh,
    bias=True,
    reset="h_prev",
    z_weights="candidate",
):
    """The reference when called with defaults; each keyword describes one way to get it wrong."""
    w, u = _blocks(W, order), _blocks(U, order)
    bb = _blocks(b if bias else np.zeros_like(b), order)
    z = gate(x @ w["z"].T + h_prev @ u["z"].T + bb["z"])
    r = gate(x @ w["r"].T + h_prev @ u["r"].T + bb["r"])
    pre, scale_after = _candidate_input(reset, x @ w["n"].T, h_prev, u["n"], bb["n"], r)
    h_bar = candidate(pre)
    if scale_after:
        h_bar = r * h_bar
    if z_weights == "candidate":  # the course
        return (1 - z) * h_prev + z * h_bar
    return z * h_prev + (1 - z) * h_bar  # PyTorch, Cho et al. (2014)


def reference(x, h_prev, W, U, b):
    return _step(x, h_prev, W, U, b)


def _variant(**how):
    def wrong(x, h_prev, W, U, b):
        with np.errstate(all="ignore"):
            return _step(x, h_prev, W, U, b, **how)

    return wrong


def _t(en: str, ko: str, ja: str) -> dict:
    return {"en": en, "ko": ko, "ja": ja}


# -- the catalogue of known mistakes --------------------------------------------------------------------
# Specific before general: the grader names the first entry whose mistake explains every answered case.

# PyTorch differs from the course in three ways: block order r, z, n; the reset applied after the
# recurrent product; z weighting h_prev. One of them alone has its own entry below; two or three
# together are "PyTorch's form".
_TORCH_ORDER = {"order": TORCH_ORDER}
_TORCH_UPDATE = {"z_weights": "h_prev"}
_TORCH_RESETS = ({"reset": "after"}, {"reset": "after-with-bias"})
_TORCH_FORMS = tuple(
    _variant(**{**order, **reset, **update})
    for order, update in ((_TORCH_ORDER, _TORCH_UPDATE), (_TORCH_ORDER, {}), ({}, _TORCH_UPDATE))
    for reset in _TORCH_RESETS
) + (_variant(**_TORCH_ORDER, **_TORCH_UPDATE),)

SPECIFIC = (
    Misconception(
        "gru-h-prev-in-place",
        _t(
            "h_prev is updated in place",
            "h_prev를 제자리에서 수정함",
            "h_prev をその場で書き換えている",
        ),
        _t(
            "h_prev *= 1 - z (or h_prev += ..., h_prev[...] = ...) overwrites the caller's hidden state. "
            "Build a new array: h_new = (1 - z) * h_prev + z * h_bar.",
            "h_prev *= 1 - z(또는 h_prev += ..., h_prev[...] = ...)는 호출한 쪽의 은닉 상태를 덮어씁니다. "
            "h_new = (1 - z) * h_prev + z * h_bar처럼 새 배열을 만드세요.",
            "h_prev *= 1 - z(や h_prev += ...、h_prev[...] = ...)は呼び出し側の隠れ状態を上書きします。"
            "h_new = (1 - z) * h_prev + z * h_bar のように新しい配列を作ってください。",
        ),
        mutates="h_prev",
    ),
    Misconception(
        "gru-pytorch-form",
        _t(
            "PyTorch's GRU equations instead of the course's",
            "이 과정의 식 대신 PyTorch의 GRU 식을 씀",
            "講座の式ではなく PyTorch の GRU の式を使っている",
        ),
        _t(
            "PyTorch's GRUCell stacks its blocks r, z, n, applies the reset after the recurrent product "
            "(n = tanh(x W_n + b_in + r * (h_prev U_n + b_hn))) and lets z keep the old state "
            "(h' = (1 - z) * n + z * h_prev). This exercise uses blocks z, r, n, the reset on h_prev before "
            "the product (h_bar = tanh(x W_n + (r * h_prev) U_n + b_n)) and h_new = (1 - z) * h_prev + "
            "z * h_bar.",
            "PyTorch의 GRUCell은 블록을 r, z, n 순서로 두고, 리셋 게이트를 순환 곱 뒤에 적용하며"
            "(n = tanh(x W_n + b_in + r * (h_prev U_n + b_hn))), z가 이전 상태를 유지합니다"
            "(h' = (1 - z) * n + z * h_prev). 이 연습 문제는 블록 순서 z, r, n, 곱하기 전에 h_prev에 리셋 적용"
            "(h_bar = tanh(x W_n + (r * h_prev) U_n + b_n)), h_new = (1 - z) * h_prev + z * h_bar입니다.",
            "PyTorch の GRUCell はブロックを r, z, n の順に並べ、リセットゲートを再帰の積の後に掛け"
            "(n = tanh(x W_n + b_in + r * (h_prev U_n + b_hn)))、z が前の状態を残します"
            "(h' = (1 - z) * n + z * h_prev)。この演習はブロック順 z, r, n、積の前に h_prev にリセットを適用"
            "(h_bar = tanh(x W_n + (r * h_prev) U_n + b_n))、h_new = (1 - z) * h_prev + z * h_bar です。",
        ),
        variant=_TORCH_FORMS,
    ),
    Misconception(
        "gru-update-roles-swapped",
        _t(
            "The update gate z weights h_prev instead of the candidate",
            "업데이트 게이트 z가 후보 대신 h_prev에 곱해짐",
            "更新ゲート z を候補ではなく h_prev に掛けている",
        ),
        _t(
            "In this course h_new = (1 - z) * h_prev + z * h_bar: z is the share of the NEW candidate. "
            "z * h_prev + (1 - z) * h_bar is the other convention (PyTorch, the original GRU paper); "
            "both are GRUs, but the weights of one do not fit the other.",
            "이 과정에서는 h_new = (1 - z) * h_prev + z * h_bar입니다. z는 새 후보의 비율입니다. "
            "z * h_prev + (1 - z) * h_bar는 다른 관례(PyTorch, GRU 원 논문)입니다. 둘 다 GRU이지만 한쪽의 "
            "가중치는 다른 쪽에 맞지 않습니다.",
            "この講座では h_new = (1 - z) * h_prev + z * h_bar で、z は新しい候補の割合です。"
            "z * h_prev + (1 - z) * h_bar は別の流儀(PyTorch、GRU の原論文)です。どちらも GRU ですが、"
            "一方の重みはもう一方には合いません。",
        ),
        variant=_variant(z_weights="h_prev"),
    ),
    Misconception(
        "gru-reset-after-matmul",
        _t(
            "The reset gate applied after the recurrent product",
            "리셋 게이트를 순환 곱 뒤에 적용함",
            "リセットゲートを再帰の積の後に掛けている",
        ),
        _t(
            "r * (h_prev @ U_n.T) is PyTorch's and Keras' reset_after form; in general it differs from "
            "(r * h_prev) @ U_n.T. Reset h_prev first: h_bar = tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n).",
            "r * (h_prev @ U_n.T)는 PyTorch와 Keras reset_after의 형태이며, 일반적으로 (r * h_prev) @ U_n.T와 "
            "다릅니다. 먼저 h_prev에 리셋을 적용하세요: h_bar = tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n).",
            "r * (h_prev @ U_n.T) は PyTorch や Keras の reset_after の形で、一般には (r * h_prev) @ U_n.T と"
            "異なります。先に h_prev にリセットを掛けます: h_bar = tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)。",
        ),
        variant=(_variant(reset="after"), _variant(reset="after-with-bias")),
    ),
    Misconception(
        "gru-reset-on-candidate",
        _t(
            "The reset gate applied to the candidate instead of to h_prev",
            "리셋 게이트를 h_prev가 아니라 후보에 적용함",
            "リセットゲートを h_prev ではなく候補に掛けている",
        ),
        _t(
            "The reset gate decides how much of the previous hidden state enters the candidate: it "
            "multiplies h_prev inside, h_bar = tanh(x W_n + (r * h_prev) U_n + b_n), not h_bar itself "
            "or the whole pre-activation.",
            "리셋 게이트는 이전 은닉 상태가 후보에 얼마나 들어갈지 정합니다. h_bar 자체나 활성화 전 값 전체가 "
            "아니라 안쪽의 h_prev에 곱합니다: h_bar = tanh(x W_n + (r * h_prev) U_n + b_n).",
            "リセットゲートは前の隠れ状態をどれだけ候補に入れるかを決めます。h_bar 自体や活性化前の値全体では"
            "なく、内側の h_prev に掛けます: h_bar = tanh(x W_n + (r * h_prev) U_n + b_n)。",
        ),
        variant=(_variant(reset="candidate"), _variant(reset="pre-activation")),
    ),
    Misconception(
        "gru-reset-missing",
        _t(
            "The reset gate is missing",
            "리셋 게이트가 빠짐",
            "リセットゲートが抜けている",
        ),
        _t(
            "The candidate uses the reset hidden state: (r * h_prev) @ U_n.T, not h_prev @ U_n.T.",
            "후보는 리셋이 적용된 은닉 상태를 씁니다: h_prev @ U_n.T가 아니라 (r * h_prev) @ U_n.T입니다.",
            "候補にはリセット後の隠れ状態を使います: h_prev @ U_n.T ではなく (r * h_prev) @ U_n.T です。",
        ),
        variant=_variant(reset="none"),
    ),
    Misconception(
        "gru-activations-swapped",
        _t(
            "tanh and the sigmoid swapped",
            "tanh와 시그모이드가 뒤바뀜",
            "tanh とシグモイドが入れ替わっている",
        ),
        _t(
            "The gates z and r use the sigmoid (values in (0, 1)); the candidate h_bar uses tanh.",
            "게이트 z와 r은 시그모이드(값이 (0, 1))를, 후보 h_bar는 tanh를 씁니다.",
            "ゲート z と r はシグモイド(値は (0, 1))、候補 h_bar は tanh を使います。",
        ),
        variant=_variant(gate=np.tanh, candidate=_sigmoid),
    ),
    Misconception(
        "gru-gates-tanh",
        _t("tanh used for the gates", "게이트에 tanh를 씀", "ゲートに tanh を使っている"),
        _t(
            "z and r are gates: sigmoid, so that 1 - z and r stay between 0 and 1.",
            "z와 r은 게이트이므로 시그모이드를 씁니다. 그래야 1 - z와 r이 0과 1 사이에 있습니다.",
            "z と r はゲートなのでシグモイドを使います。そうすれば 1 - z と r が 0 と 1 の間に収まります。",
        ),
        variant=_variant(gate=np.tanh),
    ),
    Misconception(
        "gru-candidate-sigmoid",
        _t("The sigmoid used for the candidate", "후보에 시그모이드를 씀", "候補にシグモイドを使っている"),
        _t(
            "The candidate h_bar = tanh(...) can be negative, like the hidden state it replaces.",
            "후보 h_bar = tanh(...)는 대신할 은닉 상태처럼 음수일 수 있습니다.",
            "候補 h_bar = tanh(...) は、置き換える隠れ状態と同じく負にもなります。",
        ),
        variant=_variant(candidate=_sigmoid),
    ),
    Misconception(
        "gru-missing-bias",
        _t("The bias b is missing", "편향 b가 빠짐", "バイアス b が抜けている"),
        _t(
            "Each block has its bias: z = σ(x W_z + h_prev U_z + b_z), and likewise for r and h_bar.",
            "각 블록에 편향이 있습니다: z = σ(x W_z + h_prev U_z + b_z), r과 h_bar도 마찬가지입니다.",
            "各ブロックにバイアスがあります: z = σ(x W_z + h_prev U_z + b_z)、r と h_bar も同様です。",
        ),
        variant=_variant(bias=False),
    ),
    Misconception(
        "gru-pytorch-block-order",
        _t(
            "PyTorch's block order (r, z, n): z and r swapped",
            "PyTorch의 블록 순서(r, z, n)를 씀: z와 r이 뒤바뀜",
            "PyTorch のブロック順(r, z, n)を使っている: z と r が入れ替わっている",
        ),
        _t(
            "This exercise stacks W, U and b as z, r, n: z = rows [0, H), r = rows [H, 2H), n = rows "
            "[2H, 3H). PyTorch (and cuDNN) stack r, z, n.",
            "이 연습 문제는 W, U, b를 z, r, n 순서로 쌓습니다: z = 행 [0, H), r = 행 [H, 2H), n = 행 [2H, 3H). "
            "PyTorch(와 cuDNN)는 r, z, n 순서입니다.",
            "この演習は W, U, b を z, r, n の順に積みます: z = 行 [0, H)、r = 行 [H, 2H)、n = 行 [2H, 3H)。"
            "PyTorch(と cuDNN)は r, z, n の順です。",
        ),
        variant=_variant(order=TORCH_ORDER),
    ),
)

_NAMED_ORDERS = {ORDER, TORCH_ORDER}
ORDERS = tuple(
    Misconception(
        f"gru-block-order-{''.join(order)}",
        _t(
            f"Wrong block order ({', '.join(order)})",
            f"블록 순서가 틀림({', '.join(order)})",
            f"ブロック順が違う({', '.join(order)})",
        ),
        _t(
            "W, U and b stack three blocks of H rows in the order z, r, n: W_z = W[:H], W_r = W[H:2*H], "
            "W_n = W[2*H:] (and the same columns of x @ W.T).",
            "W, U, b는 H행짜리 세 블록을 z, r, n 순서로 쌓습니다: W_z = W[:H], W_r = W[H:2*H], W_n = W[2*H:] "
            "(x @ W.T의 열도 같은 순서).",
            "W, U, b は H 行のブロック 3 つを z, r, n の順に積みます: W_z = W[:H]、W_r = W[H:2*H]、"
            "W_n = W[2*H:](x @ W.T の列も同じ順)。",
        ),
        variant=_variant(order=order),
    )
    for order in itertools.permutations(ORDER)
    if order not in _NAMED_ORDERS
)


# -- cases ----------------------------------------------------------------------------------------------


def _inputs(rng, n, d, h, scale=0.5, weight_scale=0.5):
    return (
        rng.standard_normal((n, d)) * scale,
        np.tanh(rng.standard_normal((n, h)) * scale * 2),  # a hidden state: inside (-1, 1)
        rng.standard_normal((3 * h, d)) * weight_scale,
        rng.standard_normal((3 * h, h)) * weight_scale,
        rng.standard_normal(3 * h) * weight_scale,
    )


def _saturated(rng, n, d, h):
    """Ordinary inputs but for the bias of two units in every block of z: one beyond +1000, one beyond
    -1000, whatever the other terms add (their largest sum). exp overflows on every draw, so the case
    built to catch an unstable σ or tanh catches it whatever the secret; the other units keep the case
    telling the blocks apart."""
    x, h_prev, W, U, b = _inputs(rng, n, d, h)
    reach = (np.abs(x) @ np.abs(W).T + np.abs(h_prev) @ np.abs(U).T).max(axis=0)
    unit = np.arange(3 * h) % h
    b = np.where(unit == 0, 1000.0 + reach, np.where(unit == 1, -1000.0 - reach, b))
    return x, h_prev, W, U, b


def _positive_float32(rng, n, d, h):
    """float32 inputs whose every product and sum is of positive terms: the result has no cancellation,
    so a float32 and a float64 computation of it (right or wrong) agree to float32's precision."""
    return tuple(
        a.astype(np.float32)
        for a in (
            rng.uniform(0.0, 1.0, (n, d)),
            rng.uniform(0.1, 0.9, (n, h)),
            rng.uniform(0.0, 0.8, (3 * h, d)),
            rng.uniform(0.0, 0.8, (3 * h, h)),
            rng.uniform(0.0, 0.4, 3 * h),
        )
    )


def _case(case_id, name, args, visibility="hidden", hint=None):
    return TestCase(id=case_id, name=name, args=tuple(args), visibility=visibility, hint=hint)


def public_cases() -> list[TestCase]:
    rng = np.random.default_rng(2025)
    return [
        _case(
            "small-batch",
            _t(
                "one step for N = 2, D = 3, H = 2",
                "N = 2, D = 3, H = 2에서 한 스텝",
                "N = 2, D = 3, H = 2 で 1 ステップ",
            ),
            _inputs(rng, 2, 3, 2, scale=0.8, weight_scale=0.8),
            VISIBLE,
        ),
        _case(
            "single-sample",
            _t(
                "one step for N = 1, D = 2, H = 3",
                "N = 1, D = 2, H = 3에서 한 스텝",
                "N = 1, D = 2, H = 3 で 1 ステップ",
            ),
            _inputs(rng, 1, 2, 3, scale=0.8, weight_scale=0.8),
            VISIBLE,
        ),
    ]


def hidden_cases(seed: int) -> list[TestCase]:
    rng = np.random.default_rng([seed, 3])
    zero_state = list(_inputs(rng, 3, 4, 3))
    zero_state[1] = np.zeros_like(zero_state[1])
    order_hint = _t(
        "Blocks z, r, n (rows [0, H), [H, 2H), [2H, 3H)); h_new = (1 - z) * h_prev + z * h_bar.",
        "블록 z, r, n(행 [0, H), [H, 2H), [2H, 3H)); h_new = (1 - z) * h_prev + z * h_bar.",
        "ブロック z, r, n(行 [0, H)、[H, 2H)、[2H, 3H)); h_new = (1 - z) * h_prev + z * h_bar。",
    )
    return [
        _case("random", _t("matches the reference on random inputs", "무작위 입력에서 정답과 일치한다", "ランダムな入力で正解と一致する"),
              _inputs(rng, 4, 5, 3), hint=order_hint),
        _case("batch-of-one", _t("works for a batch of one (N = 1)", "배치 크기 1(N = 1)에서 동작한다", "バッチサイズ 1(N = 1)で動く"),
              _inputs(rng, 1, 3, 4),
              hint=_t("Keep the batch axis: h_new is (1, H).", "배치 축을 유지하세요: h_new는 (1, H)입니다.",
                      "バッチの軸を残してください: h_new は (1, H) です。")),
        _case("one-unit", _t("works for one hidden unit (H = 1)", "은닉 유닛 하나(H = 1)에서 동작한다", "隠れユニット 1 個(H = 1)で動く"),
              _inputs(rng, 3, 2, 1),
              hint=_t("Three blocks of width H, even when H = 1.", "H = 1이어도 폭 H인 세 블록입니다.",
                      "H = 1 でも幅 H のブロックが 3 つです。")),
        _case("input-wider-than-hidden", _t("works when D ≠ H", "D ≠ H일 때 동작한다", "D ≠ H のとき動く"),
              _inputs(rng, 2, 7, 2),
              hint=_t("W is (3H, D) and U is (3H, H): x @ W.T, h_prev @ U.T.",
                      "W는 (3H, D), U는 (3H, H)입니다: x @ W.T, h_prev @ U.T.",
                      "W は (3H, D)、U は (3H, H) です: x @ W.T、h_prev @ U.T。")),
        _case("zero-state", _t("starts from a zero hidden state", "0 은닉 상태에서 시작한다", "ゼロの隠れ状態から始める"),
              zero_state,
              hint=_t("With h_prev = 0, h_new = z * h_bar: z weights the candidate.",
                      "h_prev = 0이면 h_new = z * h_bar입니다: z는 후보에 곱합니다.",
                      "h_prev = 0 なら h_new = z * h_bar です: z は候補に掛けます。")),
        _case("saturated", _t("stays finite for large pre-activations (no nan or inf)", "활성화 전 값이 커도 유한하다(nan, inf 없음)",
                              "活性化前の値が大きくても有限(nan も inf もない)"),
              _saturated(rng, 3, 4, 3),
              hint=_t("σ and tanh saturate; they must not overflow into nan.", "σ와 tanh는 포화됩니다. nan으로 넘치면 안 됩니다.",
                      "σ と tanh は飽和します。nan にあふれてはいけません。")),
        _case("float32", _t("works with float32 inputs", "float32 입력에서 동작한다", "float32 の入力で動く"),
              _positive_float32(rng, 4, 3, 3),
              hint=_t("float32 inputs: return (N, H) floats (float32 or float64).",
                      "float32 입력: (N, H) 실수 배열(float32 또는 float64)을 반환하세요.",
                      "float32 の入力: (N, H) の浮動小数点配列(float32 か float64)を返してください。")),
        _case("input-narrower-than-hidden", _t("works when D < H", "D < H일 때 동작한다", "D < H のとき動く"),
              _inputs(rng, 5, 2, 5, scale=1.0, weight_scale=1.0), hint=order_hint),
        _case("large-batch", _t("handles a larger batch", "더 큰 배치를 처리한다", "大きめのバッチを処理する"),
              _inputs(rng, 32, 6, 5),
              hint=_t("Vectorise over the batch axis.", "배치 축에 대해 벡터화하세요.", "バッチの軸についてベクトル化してください。")),
    ]  # fmt: skip


# -- the exercise ----------------------------------------------------------------------------------
# Its number, function, title and file names are in exercise.yaml; the registry joins the two.

ARG_NAMES = ("x", "h_prev", "W", "U", "b")
OUTPUT_NAMES = ("h_new",)
MISCONCEPTIONS = SPECIFIC + ORDERS
