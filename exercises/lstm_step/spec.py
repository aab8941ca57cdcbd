"""Exercise 2: lstm_step(x, prev_h, prev_c, W, U, b) — one LSTM step in numpy, gate order a, i, f, o."""

from __future__ import annotations

import itertools

import numpy as np

from checker.specs.base import VISIBLE, Misconception, TestCase

ORDER = ("a", "i", "f", "o")


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free


def _blocks(z, order=ORDER):
    """The four gate pre-activations, read in `order` (the order the student believes in)."""
    parts = np.split(z, 4, axis=-1)
    return {name: parts[position] for position, name in enumerate(order)}


def _step(
    x,
    prev_h,
    prev_c,
    W,
    U,
    b,
    *,
    order=ORDER,
    gate=_sigmoid,
    candidate=np.tanh,
    bias=True,
    input_activation=None,
    cell=None,
    h_activation=np.tanh,
    swap_return=False,
):
    """The reference when called with defaults; each keyword describes one way to get it wrong."""
    x_term = x @ W.T
    if input_activation is not None:
        x_term = input_activation(x_term)
    z = x_term + prev_h @ U.T + (b if bias else 0.0)
    g = _blocks(z, order)
    a, i, f, o = candidate(g["a"]), gate(g["i"]), gate(g["f"]), gate(g["o"])
    c = cell(a, i, f, prev_c, prev_h) if cell else i * a + f * prev_c
    h = o * h_activation(c)
    return (h, c) if swap_return else (c, h)


def _gate_activations(z):
    """tanh on the candidate block and σ on the gate blocks, in one function (as `_activation` helpers do)."""
    g = _blocks(z)
    return np.concatenate([np.tanh(g["a"]), _sigmoid(g["i"]), _sigmoid(g["f"]), _sigmoid(g["o"])], axis=-1)


def _identity(z):
    return z


def reference(x, prev_h, prev_c, W, U, b):
    return _step(x, prev_h, prev_c, W, U, b)


def _variant(**how):
    def wrong(x, prev_h, prev_c, W, U, b):
        with np.errstate(all="ignore"):
            return _step(x, prev_h, prev_c, W, U, b, **how)

    return wrong


def _t(en: str, ko: str, ja: str) -> dict:
    return {"en": en, "ko": ko, "ja": ja}


def _order_name(order) -> str:
    return (
        ", ".join("g" if name == "a" else name for name in order)
        if order == ("i", "f", "a", "o")
        else ", ".join(order)
    )


SPECIFIC = (
    Misconception(
        "lstm-prev-c-in-place",
        _t("prev_c is updated in place", "prev_c를 제자리에서 수정함", "prev_c をその場で書き換えている"),
        _t(
            "prev_c *= f (or prev_c += ...) overwrites the caller's cell state. Build a new array: "
            "c = i * a + f * prev_c.",
            "prev_c *= f(또는 prev_c += ...)는 호출한 쪽의 셀 상태를 덮어씁니다. c = i * a + f * prev_c처럼 새 배열을 "
            "만드세요.",
            "prev_c *= f(や prev_c += ...)は呼び出し側のセル状態を上書きします。c = i * a + f * prev_c のように"
            "新しい配列を作ってください。",
        ),
        mutates="prev_c",
    ),
    Misconception(
        "lstm-returns-h-c",
        _t(
            "(h, c) returned instead of (c, h)",
            "(c, h) 대신 (h, c)를 반환함",
            "(c, h) ではなく (h, c) を返している",
        ),
        _t(
            "The contract returns the cell state first: return c, h.",
            "약속된 반환 순서는 셀 상태가 먼저입니다: return c, h.",
            "決められた戻り値の順番では、セル状態が先です: return c, h。",
        ),
        variant=_variant(swap_return=True),
    ),
    Misconception(
        "lstm-pytorch-gate-order",
        _t(
            "PyTorch's gate order (i, f, g, o)",
            "PyTorch의 게이트 순서(i, f, g, o)를 씀",
            "PyTorch のゲート順(i, f, g, o)を使っている",
        ),
        _t(
            "This exercise splits z into a, i, f, o (the candidate first). PyTorch stores i, f, g, o.",
            "이 연습 문제는 z를 a, i, f, o 순서(후보 값이 먼저)로 나눕니다. PyTorch는 i, f, g, o 순서입니다.",
            "この演習では z を a, i, f, o の順(候補値が先)に分けます。PyTorch は i, f, g, o の順です。",
        ),
        variant=_variant(order=("i", "f", "a", "o")),
    ),
    Misconception(
        "lstm-forget-input-swapped",
        _t(
            "The forget and input gates are swapped",
            "망각 게이트와 입력 게이트가 뒤바뀜",
            "忘却ゲートと入力ゲートが入れ替わっている",
        ),
        _t(
            "The input gate scales the new candidate (i * a) and the forget gate scales the old cell (f * prev_c).",
            "입력 게이트는 새 후보 값에(i * a), 망각 게이트는 이전 셀에(f * prev_c) 곱합니다.",
            "入力ゲートは新しい候補値に(i * a)、忘却ゲートは前のセル状態に(f * prev_c)掛けます。",
        ),
        variant=_variant(order=("a", "f", "i", "o")),
    ),
    Misconception(
        "lstm-activation-before-recurrence",
        _t(
            "An activation applied to x Wᵀ before adding the recurrent term",
            "순환 항을 더하기 전에 x Wᵀ에 활성화 함수를 적용함",
            "再帰の項を足す前に x Wᵀ に活性化関数を適用している",
        ),
        _t(
            "Add everything first: z = x @ W.T + prev_h @ U.T + b, then apply tanh/σ to the blocks of z.",
            "먼저 모두 더하세요: z = x @ W.T + prev_h @ U.T + b. 그다음 z의 블록에 tanh/σ를 적용합니다.",
            "先にすべて足してください: z = x @ W.T + prev_h @ U.T + b。そのあと z の各ブロックに tanh/σ を適用します。",
        ),
        variant=(
            _variant(input_activation=np.tanh),
            _variant(input_activation=_sigmoid),
            # _activation(x W^T) + prev_h U^T + b with the gate activations inside _activation, none after
            _variant(input_activation=_gate_activations, gate=_identity, candidate=_identity),
        ),
    ),
    Misconception(
        "lstm-gates-tanh",
        _t("tanh used for the gates", "게이트에 tanh를 씀", "ゲートに tanh を使っている"),
        _t(
            "The gates i, f, o use the sigmoid (values in (0, 1)); only the candidate a uses tanh.",
            "게이트 i, f, o는 시그모이드(값이 (0, 1))를 씁니다. tanh는 후보 값 a에만 씁니다.",
            "ゲート i, f, o はシグモイド(値は (0, 1))を使います。tanh を使うのは候補値 a だけです。",
        ),
        variant=_variant(gate=np.tanh),
    ),
    Misconception(
        "lstm-candidate-sigmoid",
        _t(
            "The sigmoid used for the candidate",
            "후보 값에 시그모이드를 씀",
            "候補値にシグモイドを使っている",
        ),
        _t(
            "The candidate a = tanh(z_a) can be negative; σ would only ever add to the cell.",
            "후보 값 a = tanh(z_a)는 음수일 수 있습니다. σ를 쓰면 셀에 더하기만 하게 됩니다.",
            "候補値 a = tanh(z_a) は負にもなります。σ を使うとセル状態に足すだけになります。",
        ),
        variant=_variant(candidate=_sigmoid),
    ),
    Misconception(
        "lstm-missing-bias",
        _t("The bias b is missing", "편향 b가 빠짐", "バイアス b が抜けている"),
        _t(
            "z = x @ W.T + prev_h @ U.T + b: add b.",
            "z = x @ W.T + prev_h @ U.T + b: b를 더하세요.",
            "z = x @ W.T + prev_h @ U.T + b: b を足してください。",
        ),
        variant=_variant(bias=False),
    ),
    Misconception(
        "lstm-h-without-tanh",
        _t("h computed without tanh", "h를 tanh 없이 계산함", "h を tanh なしで計算している"),
        _t(
            "h = o * tanh(c), not o * c.",
            "h = o * c가 아니라 o * tanh(c)입니다.",
            "h = o * c ではなく o * tanh(c) です。",
        ),
        variant=_variant(h_activation=lambda c: c),
    ),
    Misconception(
        "lstm-cell-from-prev-h",
        _t(
            "The cell is built from prev_h instead of prev_c",
            "셀을 prev_c가 아니라 prev_h로 만듦",
            "セル状態を prev_c ではなく prev_h から作っている",
        ),
        _t(
            "The forget gate keeps part of the old cell state: f * prev_c, not f * prev_h.",
            "망각 게이트는 이전 셀 상태의 일부를 남깁니다: f * prev_h가 아니라 f * prev_c입니다.",
            "忘却ゲートは前のセル状態の一部を残します: f * prev_h ではなく f * prev_c です。",
        ),
        variant=_variant(cell=lambda a, i, f, prev_c, prev_h: i * a + f * prev_h),
    ),
    Misconception(
        "lstm-missing-forget-gate",
        _t("The forget gate is missing", "망각 게이트가 빠짐", "忘却ゲートが抜けている"),
        _t(
            "c = i * a + f * prev_c: the old cell is scaled by f.",
            "c = i * a + f * prev_c: 이전 셀에는 f를 곱합니다.",
            "c = i * a + f * prev_c: 前のセル状態には f を掛けます。",
        ),
        variant=_variant(cell=lambda a, i, f, prev_c, prev_h: i * a + prev_c),
    ),
)

_NAMED_ORDERS = {("i", "f", "a", "o"), ("a", "f", "i", "o"), ORDER}
ORDERS = tuple(
    Misconception(
        f"lstm-gate-order-{''.join(order)}",
        _t(
            f"Wrong gate order ({_order_name(order)})",
            f"게이트 순서가 틀림({_order_name(order)})",
            f"ゲート順が違う({_order_name(order)})",
        ),
        _t(
            "z splits into four blocks of width H in the order a, i, f, o: a = z[:, :H], i = z[:, H:2H], "
            "f = z[:, 2H:3H], o = z[:, 3H:].",
            "z는 폭 H인 네 블록으로 a, i, f, o 순서로 나뉩니다: a = z[:, :H], i = z[:, H:2H], f = z[:, 2H:3H], "
            "o = z[:, 3H:].",
            "z は幅 H の 4 つのブロックに a, i, f, o の順で分かれます: a = z[:, :H]、i = z[:, H:2H]、"
            "f = z[:, 2H:3H]、o = z[:, 3H:]。",
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
        rng.standard_normal((n, h)) * scale,
        rng.standard_normal((n, h)) * scale,
        rng.standard_normal((4 * h, d)) * weight_scale,
        rng.standard_normal((4 * h, h)) * weight_scale,
        rng.standard_normal(4 * h) * weight_scale,
    )


def _saturated(rng, n, d, h):
    """Ordinary inputs but for the bias of two units in every block of z: one beyond +1000, one beyond
    -1000, whatever the other terms add (their largest sum). exp overflows on every draw, so the case
    built to catch an unstable σ or tanh catches it whatever the secret; the other units keep the case
    telling the blocks apart."""
    x, prev_h, prev_c, W, U, b = _inputs(rng, n, d, h)
    reach = (np.abs(x) @ np.abs(W).T + np.abs(prev_h) @ np.abs(U).T).max(axis=0)
    unit = np.arange(4 * h) % h
    b = np.where(unit == 0, 1000.0 + reach, np.where(unit == 1, -1000.0 - reach, b))
    return x, prev_h, prev_c, W, U, b


def _case(case_id, en, ko, ja, args, visibility="hidden", hint=None):
    return TestCase(id=case_id, name=_t(en, ko, ja), args=tuple(args), visibility=visibility, hint=hint)


def public_cases() -> list[TestCase]:
    rng = np.random.default_rng(2024)
    return [
        _case(
            "small-batch",
            "one step for N = 2, D = 3, H = 2",
            "N = 2, D = 3, H = 2에서 한 스텝",
            "N = 2, D = 3, H = 2 で 1 ステップ",
            _inputs(rng, 2, 3, 2),
            VISIBLE,
        ),
        _case(
            "single-unit",
            "one step for N = 1, D = 2, H = 1",
            "N = 1, D = 2, H = 1에서 한 스텝",
            "N = 1, D = 2, H = 1 で 1 ステップ",
            _inputs(rng, 1, 2, 1),
            VISIBLE,
        ),
    ]


def hidden_cases(seed: int) -> list[TestCase]:
    rng = np.random.default_rng([seed, 2])
    zero_state = list(_inputs(rng, 3, 4, 3))
    zero_state[1] = np.zeros_like(zero_state[1])
    zero_state[2] = np.zeros_like(zero_state[2])
    order_hint = _t(
        "Blocks of z in the order a, i, f, o; c first in the result.",
        "z의 블록 순서는 a, i, f, o이고, 결과는 c가 먼저입니다.",
        "z のブロックは a, i, f, o の順で、結果は c が先です。",
    )
    return [
        _case("random", "matches the reference on random inputs", "무작위 입력에서 정답과 일치한다", "ランダムな入力で正解と一致する",
              _inputs(rng, 4, 5, 3), hint=order_hint),
        _case("batch-of-one", "works for a batch of one (N = 1)", "배치 크기 1(N = 1)에서 동작한다", "バッチサイズ 1(N = 1)で動く",
              _inputs(rng, 1, 3, 4),
              hint=_t("Keep the batch axis: shapes (1, H).", "배치 축을 유지하세요: 모양 (1, H).",
                      "バッチの軸を残してください: 形状は (1, H) です。")),
        _case("one-unit", "works for one hidden unit (H = 1)", "은닉 유닛 하나(H = 1)에서 동작한다", "隠れユニット 1 個(H = 1)で動く",
              _inputs(rng, 3, 2, 1),
              hint=_t("Split into four blocks of width H, even when H = 1.", "H = 1이어도 폭 H인 네 블록으로 나누세요.",
                      "H = 1 でも幅 H の 4 つのブロックに分けてください。")),
        _case("input-wider-than-hidden", "works when D ≠ H", "D ≠ H일 때 동작한다", "D ≠ H のとき動く", _inputs(rng, 2, 6, 2),
              hint=_t("W is (4H, D) and U is (4H, H): x @ W.T, prev_h @ U.T.", "W는 (4H, D), U는 (4H, H)입니다: x @ W.T, prev_h @ U.T.",
                      "W は (4H, D)、U は (4H, H) です: x @ W.T、prev_h @ U.T。")),
        _case("zero-state", "starts from a zero state", "0 상태에서 시작한다", "ゼロの状態から始める", zero_state, hint=order_hint),
        _case("saturated", "stays finite for large |z| (no nan or inf)", "|z|가 커도 유한하다(nan, inf 없음)",
              "|z| が大きくても有限(nan も inf もない)",
              _saturated(rng, 3, 4, 3),
              hint=_t("σ and tanh saturate; they must not overflow into nan.", "σ와 tanh는 포화됩니다. nan으로 넘치면 안 됩니다.",
                      "σ と tanh は飽和します。nan にあふれてはいけません。")),
        _case("large-batch", "handles a large batch", "큰 배치를 처리한다", "大きいバッチを処理する", _inputs(rng, 256, 8, 16),
              hint=_t("Vectorise over the batch axis.", "배치 축에 대해 벡터화하세요.", "バッチの軸についてベクトル化してください。")),
        _case("random-2", "matches the reference on other random inputs", "다른 무작위 입력에서도 정답과 일치한다",
              "別のランダムな入力でも正解と一致する", _inputs(rng, 5, 3, 5, scale=1.0, weight_scale=1.0),
              hint=order_hint),
    ]  # fmt: skip


# -- the exercise ----------------------------------------------------------------------------------
# Its number, function, title and file names are in exercise.yaml; the registry joins the two.

ARG_NAMES = ("x", "prev_h", "prev_c", "W", "U", "b")
OUTPUT_NAMES = ("c", "h")
MISCONCEPTIONS = SPECIFIC + ORDERS
