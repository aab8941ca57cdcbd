"""Exercise 4: birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b) — a bidirectional tanh RNN.

Time first (xs is (T, N, D), as PyTorch's default), row vectors as in the course's simple RNN and in
"Deep Learning from Scratch 2": h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b), Wx (D, H), Wh (H, H), b (H,).
The forward direction runs t = 0 … T-1 from h0_f; the backward one, with weights of its own, runs
t = T-1 … 0 from h0_b. hs[t] = [forward h_t, backward h_t] along the last axis, so hs is (T, N, 2H),
exactly what torch.nn.RNN(bidirectional=True) returns as its output.
"""

from __future__ import annotations

import numpy as np

from checker.specs.base import VISIBLE, Misconception, TestCase


def _identity(z):
    return z


def _scan(xs, h0, Wx, Wh, b, times, *, activation=np.tanh, transposed=False, bias=True):
    """The states of one direction, in the order they were computed (one per t in `times`)."""
    recurrent = Wh.T if transposed else Wh
    h, states = h0, []
    for t in times:
        h = activation(xs[t] @ Wx + h @ recurrent + (b if bias else 0.0))
        states.append(h)
    return states


def _birnn(
    xs,
    h0_f,
    h0_b,
    Wx_f,
    Wh_f,
    b_f,
    Wx_b,
    Wh_b,
    b_b,
    *,
    backward="reverse",
    shared=False,
    swap_h0=False,
    act_f=np.tanh,
    act_b=np.tanh,
    transposed=False,
    bias=True,
    combine="last",
):
    """The reference when called with defaults; each keyword describes one way to get it wrong."""
    T = xs.shape[0]
    if swap_h0:
        h0_f, h0_b = h0_b, h0_f
    if shared:
        Wx_b, Wh_b, b_b = Wx_f, Wh_f, b_f
    hf = np.stack(
        _scan(xs, h0_f, Wx_f, Wh_f, b_f, range(T), activation=act_f, transposed=transposed, bias=bias)
    )
    rest = dict(activation=act_b, transposed=transposed, bias=bias)
    if backward == "reverse":  # the contract: t = T-1 … 0, stored back in time order
        hb = np.stack(_scan(xs, h0_b, Wx_b, Wh_b, b_b, range(T - 1, -1, -1), **rest)[::-1])
    elif backward == "not-restored":  # computed T-1 … 0 and left in that order
        hb = np.stack(_scan(xs, h0_b, Wx_b, Wh_b, b_b, range(T - 1, -1, -1), **rest))
    elif backward == "from-start":  # runs t = 0 … T-1 like the forward direction
        hb = np.stack(_scan(xs, h0_b, Wx_b, Wh_b, b_b, range(T), **rest))
    elif backward == "from-start-reversed":  # runs t = 0 … T-1, then reverses what it computed
        hb = np.stack(_scan(xs, h0_b, Wx_b, Wh_b, b_b, range(T), **rest)[::-1])
    elif backward == "misses-t0":  # for t in range(T - 1, 0, -1): t = 0 never computed, left zero
        hb = np.zeros_like(hf)
        if T > 1:
            hb[1:] = np.stack(_scan(xs, h0_b, Wx_b, Wh_b, b_b, range(T - 1, 0, -1), **rest)[::-1])
    elif backward == "misses-last":  # for t in range(T - 2, -1, -1): t = T-1 never computed, left zero
        hb = np.zeros_like(hf)
        if T > 1:
            hb[:-1] = np.stack(_scan(xs, h0_b, Wx_b, Wh_b, b_b, range(T - 2, -1, -1), **rest)[::-1])
    else:
        raise ValueError(backward)
    if combine == "last":
        return np.concatenate([hf, hb], axis=-1)
    if combine == "backward-first":
        return np.concatenate([hb, hf], axis=-1)
    if combine == "batch-axis":  # np.concatenate([hf, hb], axis=1): (T, 2N, H)
        return np.concatenate([hf, hb], axis=1)
    if combine == "time-axis":  # np.concatenate([hf, hb], axis=0): (2T, N, H)
        return np.concatenate([hf, hb], axis=0)
    if combine == "interleaved":  # np.stack([hf, hb], axis=-1).reshape(T, N, 2H): units interleaved
        return np.stack([hf, hb], axis=-1).reshape(hf.shape[0], hf.shape[1], -1)
    raise ValueError(combine)


def reference(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
    return _birnn(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b)


def _variant(**how):
    def wrong(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
        with np.errstate(all="ignore"):
            return _birnn(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b, **how)

    return wrong


def _t(en: str, ko: str, ja: str) -> dict:
    return {"en": en, "ko": ko, "ja": ja}


# -- the catalogue (specific → general: the first one that explains every answered case is named) ------

MISCONCEPTIONS = (
    Misconception(
        "birnn-backward-not-reversed",
        _t(
            "The backward states are left in the order they were computed",
            "역방향 상태를 계산한 순서 그대로 둠",
            "逆方向の状態を計算した順のまま並べている",
        ),
        _t(
            "The backward direction computes t = T-1 first, so its list of states runs backwards in time. "
            "Put each state back at its own time step (reverse the list, or write hs_b[t] = h inside the loop) "
            "before joining it with the forward state of the same t.",
            "역방향은 t = T-1부터 계산하므로 상태 목록이 시간의 역순으로 쌓입니다. 같은 t의 순방향 상태와 "
            "이어 붙이기 전에 각 상태를 제 시점에 돌려놓으세요(목록을 뒤집거나, 루프 안에서 hs_b[t] = h로 저장).",
            "逆方向は t = T-1 から計算するので、状態のリストは時間の逆順に並びます。同じ t の順方向の隠れ状態と"
            "連結する前に、各状態を元の時刻に戻してください(リストを反転するか、ループ内で hs_b[t] = h と書く)。",
        ),
        variant=_variant(backward="not-restored"),
    ),
    Misconception(
        "birnn-backward-wrong-start",
        _t(
            "The backward direction starts at t = 0",
            "역방향이 t = 0에서 시작함",
            "逆方向が t = 0 から始まっている",
        ),
        _t(
            "The backward RNN reads the sequence from its end: it starts from h0_b at t = T-1 and goes down to "
            "t = 0 (for t in range(T - 1, -1, -1)). Started at t = 0, it is a second forward RNN, and reversing "
            "its outputs afterwards does not make it a backward one.",
            "역방향 RNN은 시퀀스를 끝에서부터 읽습니다. t = T-1에서 h0_b로 시작해 t = 0까지 내려갑니다"
            "(for t in range(T - 1, -1, -1)). t = 0에서 시작하면 두 번째 순방향 RNN일 뿐이고, 출력을 나중에 "
            "뒤집어도 역방향이 되지 않습니다.",
            "逆方向のRNNは系列を末尾から読みます。t = T-1 で h0_b から始め、t = 0 まで下ります"
            "(for t in range(T - 1, -1, -1))。t = 0 から始めると2つ目の順方向RNNにすぎず、"
            "後で出力を反転しても逆方向にはなりません。",
        ),
        variant=(_variant(backward="from-start"), _variant(backward="from-start-reversed")),
    ),
    Misconception(
        "birnn-backward-first",
        _t(
            "The backward state is put first in hs",
            "hs에 역방향 상태를 먼저 놓음",
            "hs で逆方向の状態を先に置いている",
        ),
        _t(
            "hs[t] is the forward state followed by the backward state: "
            "np.concatenate([h_f, h_b], axis=-1). hs[..., :H] is the forward half, as in PyTorch's output.",
            "hs[t]는 순방향 상태 다음에 역방향 상태가 옵니다: np.concatenate([h_f, h_b], axis=-1). "
            "hs[..., :H]가 순방향 절반이며, PyTorch의 출력과 같습니다.",
            "hs[t] は順方向の状態のあとに逆方向の状態を並べます: np.concatenate([h_f, h_b], axis=-1)。"
            "PyTorch の出力と同じく hs[..., :H] が順方向の半分です。",
        ),
        variant=_variant(combine="backward-first"),
    ),
    Misconception(
        "birnn-concat-wrong-axis",
        _t(
            "The two directions are joined along the wrong axis",
            "두 방향을 잘못된 축으로 이어 붙임",
            "2つの方向を誤った軸で連結している",
        ),
        _t(
            "Join the two (T, N, H) arrays along the feature axis, the last one: "
            "np.concatenate([hs_f, hs_b], axis=-1) gives (T, N, 2H). axis=0 or axis=1 stacks time steps or "
            "batch rows, and np.stack(..., axis=-1).reshape(...) interleaves the units of the two directions.",
            "(T, N, H) 배열 두 개를 특징 축, 즉 마지막 축으로 이어 붙이세요: "
            "np.concatenate([hs_f, hs_b], axis=-1)이 (T, N, 2H)를 줍니다. axis=0이나 axis=1은 시점이나 배치 행을 "
            "쌓고, np.stack(..., axis=-1).reshape(...)는 두 방향의 유닛을 번갈아 섞습니다.",
            "2つの (T, N, H) 配列は特徴の軸、つまり最後の軸で連結します: "
            "np.concatenate([hs_f, hs_b], axis=-1) で (T, N, 2H) になります。axis=0 や axis=1 は時刻やバッチの行を"
            "積み重ね、np.stack(..., axis=-1).reshape(...) は2方向のユニットを交互に混ぜてしまいます。",
        ),
        variant=(
            _variant(combine="batch-axis"),
            _variant(combine="time-axis"),
            _variant(combine="interleaved"),
        ),
    ),
    Misconception(
        "birnn-shared-weights",
        _t(
            "The forward weights are used for the backward direction too",
            "역방향에도 순방향 가중치를 씀",
            "逆方向にも順方向の重みを使っている",
        ),
        _t(
            "Each direction of a bidirectional RNN has parameters of its own: the backward pass uses "
            "Wx_b, Wh_b and b_b, never Wx_f, Wh_f, b_f.",
            "양방향 RNN의 두 방향은 각자의 매개변수를 가집니다. 역방향 계산에는 Wx_f, Wh_f, b_f가 아니라 "
            "Wx_b, Wh_b, b_b를 씁니다.",
            "双方向RNNの2つの方向はそれぞれ自分のパラメータを持ちます。逆方向の計算には Wx_f, Wh_f, b_f ではなく "
            "Wx_b, Wh_b, b_b を使います。",
        ),
        variant=_variant(shared=True),
    ),
    Misconception(
        "birnn-initial-states-swapped",
        _t(
            "h0_f and h0_b are swapped",
            "h0_f와 h0_b가 뒤바뀜",
            "h0_f と h0_b が入れ替わっている",
        ),
        _t(
            "The forward direction starts from h0_f (before t = 0) and the backward direction from h0_b "
            "(after t = T-1).",
            "순방향은 h0_f에서(t = 0 이전), 역방향은 h0_b에서(t = T-1 이후) 시작합니다.",
            "順方向は h0_f から(t = 0 の前)、逆方向は h0_b から(t = T-1 の後)始まります。",
        ),
        variant=_variant(swap_h0=True),
    ),
    Misconception(
        "birnn-backward-range-off-by-one",
        _t(
            "The backward loop misses one end of the sequence",
            "역방향 루프가 시퀀스의 한쪽 끝을 빠뜨림",
            "逆方向のループが系列の端を1つ取りこぼしている",
        ),
        _t(
            "range(T - 1, 0, -1) stops before t = 0 and range(T - 2, -1, -1) skips t = T-1. "
            "The backward loop is for t in range(T - 1, -1, -1) (or reversed(range(T))): every t from T-1 "
            "down to 0.",
            "range(T - 1, 0, -1)은 t = 0 전에 멈추고, range(T - 2, -1, -1)은 t = T-1을 건너뜁니다. "
            "역방향 루프는 for t in range(T - 1, -1, -1)(또는 reversed(range(T)))로 T-1부터 0까지 모든 t를 돕니다.",
            "range(T - 1, 0, -1) は t = 0 の手前で止まり、range(T - 2, -1, -1) は t = T-1 を飛ばします。"
            "逆方向のループは for t in range(T - 1, -1, -1)(または reversed(range(T)))で、T-1 から 0 までの"
            "すべての t を回ります。",
        ),
        variant=(_variant(backward="misses-t0"), _variant(backward="misses-last")),
    ),
    Misconception(
        "birnn-recurrent-weights-transposed",
        _t(
            "The recurrent weights are applied transposed (h @ Wh.T)",
            "순환 가중치를 전치해서 적용함(h @ Wh.T)",
            "再帰の重みを転置して掛けている(h @ Wh.T)",
        ),
        _t(
            "In this exercise the weights multiply from the right as they are: h_prev @ Wh. "
            "h_prev @ Wh.T is PyTorch's layout (weight_hh is stored transposed); it runs because Wh is square, "
            "but it is another matrix.",
            "이 연습 문제에서 가중치는 그대로 오른쪽에서 곱합니다: h_prev @ Wh. h_prev @ Wh.T는 PyTorch의 배치"
            "(weight_hh를 전치해서 저장)입니다. Wh가 정사각 행렬이라 실행은 되지만 다른 행렬입니다.",
            "この演習では重みをそのまま右から掛けます: h_prev @ Wh。h_prev @ Wh.T は PyTorch の並び"
            "(weight_hh は転置して保存)です。Wh が正方行列なので動きはしますが、別の行列です。",
        ),
        variant=_variant(transposed=True),
    ),
    Misconception(
        "birnn-missing-tanh",
        _t("tanh is missing", "tanh가 빠짐", "tanh が抜けている"),
        _t(
            "Each new hidden state is h_t = tanh(x_t @ Wx + h_prev @ Wh + b), in both directions; without tanh the "
            "RNN is linear and its states can grow without bound.",
            "두 방향 모두 새 은닉 상태는 h_t = tanh(x_t @ Wx + h_prev @ Wh + b)입니다. tanh가 없으면 RNN이 "
            "선형이 되어 상태가 끝없이 커질 수 있습니다.",
            "どちらの方向でも新しい隠れ状態は h_t = tanh(x_t @ Wx + h_prev @ Wh + b) です。tanh がないと RNN は"
            "線形になり、状態が際限なく大きくなり得ます。",
        ),
        variant=(
            _variant(act_f=_identity, act_b=_identity),
            _variant(act_f=_identity),
            _variant(act_b=_identity),
        ),
    ),
    Misconception(
        "birnn-missing-bias",
        _t("The biases are missing", "편향이 빠짐", "バイアスが抜けている"),
        _t(
            "Add each direction's bias inside tanh: tanh(x_t @ Wx_f + h_prev @ Wh_f + b_f), and b_b for the "
            "backward direction.",
            "각 방향의 편향을 tanh 안에 더하세요: tanh(x_t @ Wx_f + h_prev @ Wh_f + b_f), 역방향은 b_b입니다.",
            "各方向のバイアスを tanh の中で足してください: tanh(x_t @ Wx_f + h_prev @ Wh_f + b_f)、"
            "逆方向は b_b です。",
        ),
        variant=_variant(bias=False),
    ),
)


# -- cases ----------------------------------------------------------------------------------------------


def _inputs(rng, t, n, d, h, scale=0.5, weight_scale=0.5, dtype=np.float64):
    def draw(*shape, s):
        return (rng.standard_normal(shape) * s).astype(dtype)

    return (
        draw(t, n, d, s=scale),
        draw(n, h, s=scale),
        draw(n, h, s=scale),
        draw(d, h, s=weight_scale),
        draw(h, h, s=weight_scale),
        draw(h, s=weight_scale),
        draw(d, h, s=weight_scale),
        draw(h, h, s=weight_scale),
        draw(h, s=weight_scale),
    )


def _eighths(rng, t, n, d, h):
    """float32 inputs that are multiples of 1/8 in [-1, 1]: the first products are exact in float32."""

    def draw(*shape):
        return (rng.integers(-8, 9, size=shape) / 8.0).astype(np.float32)

    return (
        draw(t, n, d),
        draw(n, h),
        draw(n, h),
        draw(d, h),
        draw(h, h),
        draw(h),
        draw(d, h),
        draw(h, h),
        draw(h),
    )


def _case(case_id, name, args, visibility="hidden", hint=None):
    return TestCase(id=case_id, name=name, args=tuple(args), visibility=visibility, hint=hint)


def public_cases() -> list[TestCase]:
    rng = np.random.default_rng(4004)
    return [
        _case(
            "small-sequence",
            _t(
                "T = 3 steps, N = 2, D = 3, H = 2",
                "T = 3 스텝, N = 2, D = 3, H = 2",
                "T = 3 ステップ、N = 2、D = 3、H = 2",
            ),
            _inputs(rng, 3, 2, 3, 2),
            VISIBLE,
        ),
        _case(
            "single-sequence",
            _t(
                "T = 4 steps of one sequence (N = 1), D = 2, H = 2",
                "시퀀스 하나(N = 1)의 T = 4 스텝, D = 2, H = 2",
                "系列1本(N = 1)の T = 4 ステップ、D = 2、H = 2",
            ),
            _inputs(rng, 4, 1, 2, 2),
            VISIBLE,
        ),
    ]


def hidden_cases(seed: int) -> list[TestCase]:
    rng = np.random.default_rng([seed, 4])
    zero_state = list(_inputs(rng, 4, 2, 3, 3))
    zero_state[1] = np.zeros_like(zero_state[1])
    zero_state[2] = np.zeros_like(zero_state[2])
    order_hint = _t(
        "hs[t] = [forward h_t, backward h_t]; the backward direction runs from t = T-1 down to 0.",
        "hs[t] = [순방향 h_t, 역방향 h_t]. 역방향은 t = T-1에서 0으로 내려갑니다.",
        "hs[t] = [順方向の h_t, 逆方向の h_t]。逆方向は t = T-1 から 0 へ下ります。",
    )
    return [
        _case("random", _t("matches the reference on random inputs", "무작위 입력에서 정답과 일치한다",
                           "ランダムな入力で正解と一致する"),
              _inputs(rng, 5, 3, 4, 3), hint=order_hint),
        _case("batch-of-one", _t("works for a batch of one (N = 1)", "배치 크기 1(N = 1)에서 동작한다",
                                 "バッチサイズ1(N = 1)で動く"),
              _inputs(rng, 4, 1, 3, 4),
              hint=_t("Keep the batch axis: hs is (T, 1, 2H).", "배치 축을 유지하세요: hs는 (T, 1, 2H)입니다.",
                      "バッチの軸を残してください: hs は (T, 1, 2H) です。")),
        _case("one-unit", _t("works for one hidden unit (H = 1)", "은닉 유닛 하나(H = 1)에서 동작한다",
                             "隠れユニット1つ(H = 1)で動く"),
              _inputs(rng, 5, 2, 3, 1),
              hint=_t("With H = 1, hs is (T, N, 2).", "H = 1이면 hs는 (T, N, 2)입니다.", "H = 1 なら hs は (T, N, 2) です。")),
        _case("input-wider-than-hidden", _t("works when D ≠ H", "D ≠ H일 때 동작한다", "D ≠ H のとき動く"),
              _inputs(rng, 3, 2, 6, 2),
              hint=_t("Wx is (D, H) and Wh is (H, H): x_t @ Wx + h @ Wh.", "Wx는 (D, H), Wh는 (H, H)입니다: x_t @ Wx + h @ Wh.",
                      "Wx は (D, H)、Wh は (H, H) です: x_t @ Wx + h @ Wh。")),
        _case("one-step", _t("works for a sequence of one step (T = 1)", "한 스텝짜리 시퀀스(T = 1)에서 동작한다",
                             "1ステップの系列(T = 1)で動く"),
              _inputs(rng, 1, 3, 2, 3),
              hint=_t("With T = 1 each direction takes exactly one step, from its own h0.",
                      "T = 1이면 각 방향은 자신의 h0에서 정확히 한 스텝을 계산합니다.",
                      "T = 1 なら各方向は自分の h0 からちょうど1ステップ計算します。")),
        _case("zero-state", _t("starts from zero states", "0 상태에서 시작한다", "ゼロの状態から始める"),
              zero_state, hint=order_hint),
        _case("float32", _t("keeps working in float32", "float32에서도 동작한다", "float32 でも動く"),
              _eighths(rng, 3, 2, 3, 2),
              hint=_t("All inputs are float32.", "모든 입력이 float32입니다.", "入力はすべて float32 です。")),
        _case("saturated", _t("stays finite for large pre-activations", "활성화 전 값이 커도 유한하다",
                              "活性化前の値が大きくても有限のまま"),
              _inputs(rng, 3, 2, 3, 2, scale=3.0, weight_scale=15.0),
              hint=_t("tanh saturates at ±1; the states must stay finite.", "tanh는 ±1에서 포화됩니다. 상태는 유한해야 합니다.",
                      "tanh は ±1 で飽和します。状態は有限でなければなりません。")),
        _case("longer-sequence", _t("handles a longer sequence (T = 10)", "더 긴 시퀀스(T = 10)를 처리한다",
                                    "より長い系列(T = 10)を扱える"),
              _inputs(rng, 10, 2, 2, 3, weight_scale=0.7), hint=order_hint),
    ]  # fmt: skip


# -- the exercise ----------------------------------------------------------------------------------
# Its number, function, title and file names are in exercise.yaml; the registry joins the two.

ARG_NAMES = ("xs", "h0_f", "h0_b", "Wx_f", "Wh_f", "b_f", "Wx_b", "Wh_b", "b_b")
OUTPUT_NAMES = ("hs",)
