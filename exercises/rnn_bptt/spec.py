"""Exercise 5: rnn_bptt(xs, h0, W, U, b, hs, dhs) — backpropagation through time for a tanh RNN.

The forward pass (batch first, as in the course's numpy code and DL from Scratch 2's TimeRNN):

    h_t = tanh(xs[:, t] @ W.T + h_{t-1} @ U.T + b)     t = 0 .. T-1, h_{-1} = h0, hs[:, t] = h_t

W is (H, D) and U is (H, H), applied as W x and U h (the course's layout, and PyTorch's weight_ih /
weight_hh), so the recursion is the course's `delta_t.dot(U)`. The learner gets the states hs and the
gradients dhs = dL/dhs arriving from the layer above, and returns dL/dW, dL/dU, dL/db and dL/dh0 summed
over every step and every sample (no averaging: dhs already carries any 1/N of the loss).
"""

from __future__ import annotations

import numpy as np

from checker.specs.base import VISIBLE, Misconception, TestCase


def _tanh_grad(h):
    return 1.0 - h * h


def _forward(xs, h0, W, U, b):
    """hs of the forward pass, in float64."""
    h = np.asarray(h0, dtype=np.float64)
    xs, W, U, b = (np.asarray(a, dtype=np.float64) for a in (xs, W, U, b))
    hs = np.empty((xs.shape[0], xs.shape[1], W.shape[0]))
    for t in range(xs.shape[1]):
        h = np.tanh(xs[:, t] @ W.T + h @ U.T + b)
        hs[:, t] = h
    return hs


def _bptt(
    xs,
    h0,
    W,
    U,
    b,
    hs,
    dhs,
    *,
    derivative=_tanh_grad,
    upstream_only=False,
    recurrent=True,
    keep="sum",
    steps=None,
    back=lambda U: U,
    previous="previous",
    bias="sum",
    first_grad="through",
    divide=(),
    transposed=False,
):
    """The reference when called with defaults; each keyword describes one way to get it wrong.

    derivative       the factor of the activation (tanh': 1 - h²)
    upstream_only    the factor multiplies dhs[:, t] only, not the gradient coming back in time
    recurrent        False: the gradient coming back in time is never added
    keep             "sum" (accumulate), "overwrite" (each step replaces: step 0 remains),
                     "last" (only step T-1's term kept)
    steps            only the last `steps` steps are visited (a silent truncation)
    back             the matrix the recursion multiplies by (delta @ back(U))
    previous         the state in dU: "previous" (h_{t-1}, h0 at t = 0), "current" (h_t),
                     "wrap" (hs[:, t - 1] even at t = 0, where Python wraps to hs[:, -1])
    bias             "sum" over the batch, "mean" over it, "per-sample" (no sum), "all" (over every axis)
    first_grad       dh0 = "through" (delta_0 @ U), "delta" (delta_0), "late" (dhs[:, 0] + the incoming one)
    divide           the outputs divided by the batch size N
    transposed       dW, dU returned as x.T @ delta, h.T @ delta (the (D, H) layout)
    """
    dtype = np.result_type(xs, h0, W, U, b, hs, dhs)
    xs, h0, W, U, b, hs, dhs = (np.asarray(a, dtype=np.float64) for a in (xs, h0, W, U, b, hs, dhs))
    n, length = xs.shape[:2]
    dW, dU = np.zeros_like(W), np.zeros_like(U)
    db = np.zeros(h0.shape) if bias == "per-sample" else np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    start = 0 if steps is None else max(0, length - steps)
    delta = arriving = dh_next
    for t in reversed(range(start, length)):
        factor = derivative(hs[:, t])
        arriving = dhs[:, t] + dh_next
        if upstream_only:
            delta = dhs[:, t] * factor + dh_next
        elif recurrent:
            delta = arriving * factor
        else:
            delta = dhs[:, t] * factor
        if previous == "previous":
            prev = hs[:, t - 1] if t > 0 else h0
        elif previous == "current":
            prev = hs[:, t]
        else:
            prev = hs[:, t - 1]
        bias_term = {
            "sum": lambda d: d.sum(axis=0),
            "mean": lambda d: d.mean(axis=0),
            "per-sample": lambda d: d,
            "all": lambda d: np.full(b.shape, d.sum()),
        }[bias](delta)
        terms = (delta.T @ xs[:, t], delta.T @ prev, bias_term)
        if keep == "sum":
            dW, dU, db = dW + terms[0], dU + terms[1], db + terms[2]
        elif keep == "overwrite" or t == length - 1:
            dW, dU, db = terms
        dh_next = delta @ back(U)
    dh0 = {"through": dh_next, "delta": delta, "late": arriving}[first_grad]
    out = {"dW": dW, "dU": dU, "db": db, "dh0": dh0}
    for name in divide:
        out[name] = out[name] / n
    if transposed:
        out["dW"], out["dU"] = out["dW"].T, out["dU"].T
    return tuple(np.asarray(out[k]).astype(dtype) for k in ("dW", "dU", "db", "dh0"))


def reference(xs, h0, W, U, b, hs, dhs):
    return _bptt(xs, h0, W, U, b, hs, dhs)


def float32_forms(args):
    """The case with hs recomputed in float32 from the other inputs: a right solution may run the
    forward pass again rather than read hs, and in float32 its states round their own way, which a
    long sequence through large weights magnifies in the gradients."""
    xs, h0, W, U, b, _, dhs = args
    xs32, h32, W32, U32, b32 = (np.asarray(a, dtype=np.float32) for a in (xs, h0, W, U, b))
    states = []
    for t in range(xs32.shape[1]):
        h32 = np.tanh(xs32[:, t] @ W32.T + h32 @ U32.T + b32)
        states.append(h32)
    if not states:
        return []
    return [(xs, h0, W, U, b, np.stack(states, axis=1), dhs)]


def _variant(**how):
    def wrong(xs, h0, W, U, b, hs, dhs):
        with np.errstate(all="ignore"):
            return _bptt(xs, h0, W, U, b, hs, dhs, **how)

    return wrong


def _t(en: str, ko: str, ja: str) -> dict:
    return {"en": en, "ko": ko, "ja": ja}


MAX_T = 12  # the longest sequence of any case: a truncation after k < MAX_T steps shows somewhere

MISCONCEPTIONS = (
    Misconception(
        "bptt-dhs-in-place",
        _t(
            "dhs is updated in place",
            "dhs를 제자리에서 수정함",
            "dhs をその場で書き換えている",
        ),
        _t(
            "dhs[:, t] += dh_next (or any write into an argument) changes the caller's upstream gradients. "
            "Add into a new array: dh = dhs[:, t] + dh_next.",
            "dhs[:, t] += dh_next(또는 인자에 쓰는 모든 코드)는 호출한 쪽의 위층 기울기를 바꿉니다. "
            "dh = dhs[:, t] + dh_next처럼 새 배열에 더하세요.",
            "dhs[:, t] += dh_next(引数への書き込みはすべて同じ)は呼び出し側の上流の勾配を変えてしまいます。"
            "dh = dhs[:, t] + dh_next のように新しい配列に足してください。",
        ),
        mutates="dhs",
    ),
    Misconception(
        "bptt-missing-tanh-derivative",
        _t(
            "The tanh derivative (1 − h²) does not multiply the whole gradient reaching h_t",
            "tanh의 도함수 (1 − h²)를 h_t에 도착한 기울기 전체에 곱하지 않음",
            "tanh の微分 (1 − h²) を h_t に届いた勾配全体に掛けていない",
        ),
        _t(
            "h_t = tanh(z_t), so dL/dz_t = (dhs[:, t] + dh_next) * (1 - h_t**2). The factor multiplies the "
            "whole gradient reaching h_t, including the part coming back from step t + 1, before it is used "
            "for dW, dU, db and carried on with @ U.",
            "h_t = tanh(z_t)이므로 dL/dz_t = (dhs[:, t] + dh_next) * (1 - h_t**2)입니다. 이 인수는 다음 스텝에서 "
            "돌아오는 부분까지 포함해 h_t에 도착한 기울기 전체에 곱하며, 그다음에 dW, dU, db에 쓰고 @ U로 넘깁니다.",
            "h_t = tanh(z_t) なので dL/dz_t = (dhs[:, t] + dh_next) * (1 - h_t**2) です。この係数は、次の時刻から"
            "戻ってくる分も含めて h_t に届いた勾配全体に掛けます。そのあとで dW, dU, db に使い、@ U で前の時刻へ渡します。",
        ),
        variant=(
            _variant(derivative=np.ones_like),
            _variant(upstream_only=True),
        ),
    ),
    Misconception(
        "bptt-sigmoid-derivative",
        _t(
            "The sigmoid's derivative h(1 − h) used for tanh",
            "tanh에 시그모이드의 도함수 h(1 − h)를 씀",
            "tanh にシグモイドの微分 h(1 − h) を使っている",
        ),
        _t(
            "This RNN uses tanh, whose derivative written with its output is 1 - h**2. h * (1 - h) is the "
            "sigmoid's.",
            "이 RNN은 tanh를 쓰며, 출력으로 쓴 도함수는 1 - h**2입니다. h * (1 - h)는 시그모이드의 도함수입니다.",
            "この RNN の活性化は tanh で、出力で書いた微分は 1 - h**2 です。h * (1 - h) はシグモイドの微分です。",
        ),
        variant=_variant(derivative=lambda h: h * (1.0 - h)),
    ),
    Misconception(
        "bptt-tanh-applied-again",
        _t(
            "tanh applied again to h in the derivative",
            "도함수에서 h에 tanh를 한 번 더 적용함",
            "微分の中で h にもう一度 tanh を掛けている",
        ),
        _t(
            "hs already holds tanh's outputs: the derivative is 1 - hs[:, t]**2, not 1 - np.tanh(hs[:, t])**2.",
            "hs에는 이미 tanh의 출력이 들어 있습니다: 도함수는 1 - np.tanh(hs[:, t])**2가 아니라 "
            "1 - hs[:, t]**2입니다.",
            "hs にはすでに tanh の出力が入っています。微分は 1 - np.tanh(hs[:, t])**2 ではなく "
            "1 - hs[:, t]**2 です。",
        ),
        variant=_variant(derivative=lambda h: 1.0 - np.tanh(h) ** 2),
    ),
    Misconception(
        "bptt-no-recurrent-gradient",
        _t(
            "The gradient coming back from step t + 1 is never added",
            "t + 1 스텝에서 돌아오는 기울기를 더하지 않음",
            "時刻 t + 1 から戻ってくる勾配を足していない",
        ),
        _t(
            "h_t feeds both the layer above (dhs[:, t]) and the next step, so the gradient reaching it is "
            "dhs[:, t] + dh_next, where dh_next = delta_{t+1} @ U. Without it every step is treated alone.",
            "h_t는 위층(dhs[:, t])과 다음 스텝 모두로 들어가므로, h_t에 도착하는 기울기는 dhs[:, t] + dh_next"
            "(dh_next = delta_{t+1} @ U)입니다. 이것이 없으면 스텝마다 따로 계산하는 셈입니다.",
            "h_t は上の層 (dhs[:, t]) と次の時刻の両方に使われるので、h_t に届く勾配は dhs[:, t] + dh_next"
            "(dh_next = delta_{t+1} @ U)です。これを足さないと時刻ごとに切り離して計算することになります。",
        ),
        variant=_variant(recurrent=False),
    ),
    Misconception(
        "bptt-not-accumulated",
        _t(
            "dW, dU, db keep one step's gradient instead of the sum over all steps",
            "dW, dU, db에 모든 스텝의 합이 아니라 한 스텝의 기울기만 남음",
            "dW, dU, db が全時刻の和ではなく一つの時刻の勾配だけになっている",
        ),
        _t(
            "W, U and b are shared by every step, so their gradients are sums: dW += delta.T @ xs[:, t] "
            "(not dW = ...), with dW = np.zeros_like(W) before the loop.",
            "W, U, b는 모든 스텝이 공유하므로 기울기는 합입니다: 루프 전에 dW = np.zeros_like(W)로 두고 "
            "dW += delta.T @ xs[:, t]로 더합니다(dW = ...가 아님).",
            "W, U, b はすべての時刻で共有されるので、勾配は和になります。ループの前に dW = np.zeros_like(W) とし、"
            "dW += delta.T @ xs[:, t] で足し込みます(dW = ... ではありません)。",
        ),
        variant=(_variant(keep="overwrite"), _variant(keep="last")),
    ),
    Misconception(
        "bptt-truncated",
        _t(
            "The backward loop stops before the first step",
            "역방향 루프가 첫 스텝 전에 멈춤",
            "逆方向のループが最初の時刻まで戻らずに止まっている",
        ),
        _t(
            "Full BPTT visits every step, t = T-1 down to 0 (for t in reversed(range(T))), and dh0 is what "
            "comes back from step 0. Stopping after the last few steps truncates the gradient silently.",
            "완전한 BPTT는 t = T-1부터 0까지 모든 스텝을 거치며(for t in reversed(range(T))), dh0는 스텝 0에서 "
            "돌아오는 값입니다. 마지막 몇 스텝에서 멈추면 기울기가 조용히 잘립니다.",
            "完全な BPTT は t = T-1 から 0 まですべての時刻をたどり(for t in reversed(range(T)))、dh0 は時刻 0 から"
            "戻ってくる値です。最後の数時刻で止めると、勾配が知らないうちに打ち切られます。",
        ),
        variant=tuple(_variant(steps=k) for k in range(1, MAX_T)),
    ),
    Misconception(
        "bptt-recurrent-weight-transposed",
        _t(
            "The recursion multiplies by U.T instead of U",
            "재귀에서 U 대신 U.T를 곱함",
            "再帰で U ではなく U.T を掛けている",
        ),
        _t(
            "The forward pass uses h_{t-1} @ U.T, so the gradient going back to h_{t-1} is delta @ U "
            "(the course's delta_t.dot(U)).",
            "순전파가 h_{t-1} @ U.T를 쓰므로 h_{t-1}로 돌아가는 기울기는 delta @ U입니다(강의의 delta_t.dot(U)).",
            "順伝播が h_{t-1} @ U.T を使うので、h_{t-1} へ戻る勾配は delta @ U です(講義の delta_t.dot(U))。",
        ),
        variant=_variant(back=lambda U: U.T),
    ),
    Misconception(
        "bptt-gradients-transposed",
        _t(
            "dW and dU in the (D, H) layout of x @ W",
            "dW와 dU가 x @ W 방식의 (D, H) 배치임",
            "dW と dU が x @ W 式の (D, H) の並びになっている",
        ),
        _t(
            "Here W is (H, D) and U is (H, H), used as xs[:, t] @ W.T and h @ U.T, so dW = delta.T @ xs[:, t] "
            "and dU = delta.T @ h_{t-1}. x.T @ delta is the gradient of the other layout (Wx of shape (D, H)).",
            "여기서 W는 (H, D), U는 (H, H)이고 xs[:, t] @ W.T, h @ U.T로 쓰므로 dW = delta.T @ xs[:, t], "
            "dU = delta.T @ h_{t-1}입니다. x.T @ delta는 다른 배치(모양 (D, H)인 Wx)의 기울기입니다.",
            "ここでは W は (H, D)、U は (H, H) で、xs[:, t] @ W.T と h @ U.T の形で使うので dW = delta.T @ xs[:, t]、"
            "dU = delta.T @ h_{t-1} です。x.T @ delta は別の並び(形が (D, H) の Wx)の勾配です。",
        ),
        variant=(
            _variant(transposed=True),
            _variant(transposed=True, back=lambda U: U.T),
        ),
    ),
    Misconception(
        "bptt-du-uses-current-h",
        _t(
            "dU uses h_t instead of h_{t-1}",
            "dU에 h_{t-1} 대신 h_t를 씀",
            "dU に h_{t-1} ではなく h_t を使っている",
        ),
        _t(
            "At step t, U multiplies the previous state: dU += delta.T @ h_{t-1}, where h_{t-1} is "
            "hs[:, t - 1], and h0 at t = 0.",
            "스텝 t에서 U는 이전 상태에 곱해집니다: dU += delta.T @ h_{t-1}. h_{t-1}은 hs[:, t - 1]이고, "
            "t = 0에서는 h0입니다.",
            "時刻 t で U が掛かるのは一つ前の状態です: dU += delta.T @ h_{t-1}。h_{t-1} は hs[:, t - 1] で、"
            "t = 0 では h0 です。",
        ),
        variant=_variant(previous="current"),
    ),
    Misconception(
        "bptt-h0-from-last-state",
        _t(
            "At t = 0, hs[:, t - 1] wraps around to the last state instead of h0",
            "t = 0에서 hs[:, t - 1]이 h0가 아니라 마지막 상태를 가리킴",
            "t = 0 で hs[:, t - 1] が h0 ではなく最後の状態を指している",
        ),
        _t(
            "hs[:, -1] is the last state, not the initial one. At t = 0 the previous state is h0: "
            "prev = h0 if t == 0 else hs[:, t - 1].",
            "hs[:, -1]은 처음 상태가 아니라 마지막 상태입니다. t = 0에서 이전 상태는 h0입니다: "
            "prev = h0 if t == 0 else hs[:, t - 1].",
            "hs[:, -1] は初期状態ではなく最後の状態です。t = 0 の一つ前の状態は h0 です: "
            "prev = h0 if t == 0 else hs[:, t - 1]。",
        ),
        variant=_variant(previous="wrap"),
    ),
    Misconception(
        "bptt-db-not-summed-over-batch",
        _t(
            "db is not summed over the batch axis alone",
            "db를 배치 축으로만 합하지 않음",
            "db をバッチの軸だけで合計していない",
        ),
        _t(
            "b is added to every sample, so db sums delta over the batch (axis 0) and over the steps: "
            "db += delta.sum(axis=0), shape (H,).",
            "b는 모든 샘플에 더해지므로 db는 delta를 배치 축(axis 0)과 스텝에 걸쳐 합합니다: "
            "db += delta.sum(axis=0), 모양 (H,).",
            "b はすべてのサンプルに足されるので、db は delta をバッチの軸 (axis 0) と時刻について合計します: "
            "db += delta.sum(axis=0)、形は (H,)。",
        ),
        variant=(_variant(bias="per-sample"), _variant(bias="all")),
    ),
    Misconception(
        "bptt-averaged-over-batch",
        _t(
            "Gradients averaged over the batch instead of summed",
            "기울기를 배치에 대해 합하지 않고 평균함",
            "勾配をバッチで合計せずに平均している",
        ),
        _t(
            "L is the sum over the batch (dhs already carries any 1/N), so do not divide by N here: "
            "db += delta.sum(axis=0), dW += delta.T @ xs[:, t].",
            "L은 배치에 대한 합입니다(1/N이 있다면 이미 dhs에 들어 있음). 여기서 N으로 나누지 마세요: "
            "db += delta.sum(axis=0), dW += delta.T @ xs[:, t].",
            "L はバッチについての和です(1/N があればすでに dhs に含まれています)。ここで N で割らないでください: "
            "db += delta.sum(axis=0)、dW += delta.T @ xs[:, t]。",
        ),
        variant=(
            _variant(divide=("dW", "dU", "db")),
            _variant(divide=("dW", "dU", "db", "dh0")),
            _variant(bias="mean"),
        ),
    ),
    Misconception(
        "bptt-dh0-not-carried-back",
        _t(
            "dh0 is not carried back through step 0",
            "dh0를 스텝 0 너머로 전달하지 않음",
            "dh0 を時刻 0 の先まで伝えていない",
        ),
        _t(
            "h0 enters step 0 through U, so dh0 = delta_0 @ U, where delta_0 = (dhs[:, 0] + dh_next) * "
            "(1 - hs[:, 0]**2). Returning delta_0, or the gradient reaching hs[:, 0], stops one step short.",
            "h0는 U를 거쳐 스텝 0에 들어가므로 dh0 = delta_0 @ U입니다. 여기서 delta_0 = (dhs[:, 0] + dh_next) * "
            "(1 - hs[:, 0]**2)입니다. delta_0이나 hs[:, 0]에 도착한 기울기를 반환하면 한 스텝 모자랍니다.",
            "h0 は U を通って時刻 0 に入るので dh0 = delta_0 @ U です。ここで delta_0 = (dhs[:, 0] + dh_next) * "
            "(1 - hs[:, 0]**2)。delta_0 や hs[:, 0] に届いた勾配を返すと、一時刻分足りません。",
        ),
        variant=(_variant(first_grad="delta"), _variant(first_grad="late")),
    ),
)


# -- cases ----------------------------------------------------------------------------------------------


def _inputs(rng, n, length, d, h, *, scale=0.6, weight_scale=None, dtype=np.float64, zero_state=False,
            last_only=False, positive=False, orthogonal=False, bias=0.3):  # fmt: skip
    """(xs, h0, W, U, b, hs, dhs) with hs from the forward pass of the (cast) inputs.

    positive: every input > 0, so every delta and every term of every sum is too: no sum cancels, and a
    float32 computation stays within a few float32 roundings of the float64 one (a float32 mistake is
    then recognised like a float64 one). orthogonal: U keeps a gradient's size from step to step."""
    weight_scale = weight_scale or 1.0
    xs = rng.standard_normal((n, length, d)) * scale
    h0 = np.zeros((n, h)) if zero_state else rng.standard_normal((n, h)) * scale
    W = rng.standard_normal((h, d)) * weight_scale / np.sqrt(d)
    U = rng.standard_normal((h, h)) * weight_scale / np.sqrt(h)
    if orthogonal:
        U = np.linalg.qr(rng.standard_normal((h, h)))[0]
    if h > 1:
        U[0, 1] += 0.5  # never symmetric: delta @ U and delta @ U.T differ
    b = rng.standard_normal(h) * bias
    dhs = rng.standard_normal((n, length, h))
    if last_only:
        dhs[:, :-1] = 0.0
    if positive:
        xs, h0, W, U, b, dhs = (np.abs(a) for a in (xs, h0, W, U, b, dhs))
    xs, h0, W, U, b, dhs = (a.astype(dtype) for a in (xs, h0, W, U, b, dhs))
    hs = _forward(xs, h0, W, U, b).astype(dtype)
    return xs, h0, W, U, b, hs, dhs


SATURATED = 0.99  # |h| above this and below 1: a state float32 cannot tell from ±1 well enough for 1 - h**2


def _saturated(rng) -> tuple:
    """Inputs where unit 0 is always +1 and unit 1 always -1, exactly (their |z| beyond 1000: a formula
    that overflows gives inf or nan there), and unit 2 well inside (-0.99, 0.99): no state where rounding
    h to float32 takes most digits of 1 - h**2, so a float32 computation is judged by its rounding, as
    in every other case. Drawn again until unit 2 is so (a few draws at most)."""
    for _ in range(1000):
        xs, h0, W, U, b, _, dhs = _inputs(rng, 2, 4, 3, 3)
        reach = np.abs(W).sum(axis=1).max() * np.abs(xs).max() + np.abs(U).sum(axis=1).max() * max(
            1.0, np.abs(h0).max()
        )
        b = b.copy()
        b[0], b[1] = 1000.0 + reach, -(1000.0 + reach)
        hs = _forward(xs, h0, W, U, b)
        if np.all(np.abs(hs[..., 2]) < SATURATED):
            return xs, h0, W, U, b, hs, dhs
    raise RuntimeError("no saturated inputs drawn")


def _case(case_id, name, args, visibility="hidden", hint=None):
    return TestCase(id=case_id, name=name, args=tuple(args), visibility=visibility, hint=hint)


def public_cases() -> list[TestCase]:
    rng = np.random.default_rng(2025)
    return [
        _case(
            "small-batch",
            _t(
                "N = 2, T = 3, D = 3, H = 2",
                "N = 2, T = 3, D = 3, H = 2",
                "N = 2, T = 3, D = 3, H = 2",
            ),
            _inputs(rng, 2, 3, 3, 2),
            VISIBLE,
        ),
        _case(
            "single-sequence",
            _t(
                "one sequence: N = 1, T = 4, D = 2, H = 3",
                "시퀀스 하나: N = 1, T = 4, D = 2, H = 3",
                "系列一つ: N = 1, T = 4, D = 2, H = 3",
            ),
            _inputs(rng, 1, 4, 2, 3),
            VISIBLE,
        ),
    ]


def hidden_cases(seed: int) -> list[TestCase]:
    rng = np.random.default_rng([seed, 5])
    every_step = _t(
        "Visit every step from T-1 down to 0 and add each step's terms.",
        "T-1부터 0까지 모든 스텝을 거치며 각 스텝의 항을 더하세요.",
        "T-1 から 0 まですべての時刻をたどり、各時刻の項を足してください。",
    )
    return [
        _case("random", _t("matches the reference on random inputs", "무작위 입력에서 정답과 일치한다",
                           "ランダムな入力で正解と一致する"),
              _inputs(rng, 3, 4, 4, 3), hint=every_step),
        _case("batch-of-one", _t("works for one sequence (N = 1)", "시퀀스 하나(N = 1)에서 동작한다",
                                 "系列一つ (N = 1) で動く"),
              _inputs(rng, 1, 5, 3, 4),
              hint=_t("Keep the batch axis: xs[:, t] is (1, D).", "배치 축을 유지하세요: xs[:, t]는 (1, D)입니다.",
                      "バッチの軸を残してください: xs[:, t] は (1, D) です。")),
        _case("one-unit", _t("works for one hidden unit (H = 1)", "은닉 유닛 하나(H = 1)에서 동작한다",
                             "隠れユニット一つ (H = 1) で動く"),
              _inputs(rng, 3, 5, 2, 1),
              hint=_t("dU is (1, 1) and db is (1,).", "dU는 (1, 1), db는 (1,)입니다.", "dU は (1, 1)、db は (1,) です。")),
        _case("one-step", _t("works for a sequence of one step (T = 1)", "한 스텝짜리 시퀀스(T = 1)에서 동작한다",
                             "1時刻だけの系列 (T = 1) で動く"),
              _inputs(rng, 2, 1, 3, 2),
              hint=_t("With T = 1 the previous state of step 0 is h0.", "T = 1이면 스텝 0의 이전 상태는 h0입니다.",
                      "T = 1 なら時刻 0 の一つ前の状態は h0 です。")),
        _case("input-wider-than-hidden", _t("works when D ≠ H", "D ≠ H일 때 동작한다", "D ≠ H のとき動く"),
              _inputs(rng, 2, 3, 6, 2),
              hint=_t("dW has W's shape (H, D): delta.T @ xs[:, t].", "dW는 W의 모양 (H, D)입니다: delta.T @ xs[:, t].",
                      "dW は W と同じ形 (H, D) です: delta.T @ xs[:, t]。")),
        _case("zero-state", _t("starts from a zero state h0", "0 상태 h0에서 시작한다", "ゼロの初期状態 h0 から始める"),
              _inputs(rng, 3, 4, 3, 3, zero_state=True),
              hint=_t("At t = 0 the previous state is h0, not hs[:, -1].", "t = 0에서 이전 상태는 hs[:, -1]이 아니라 h0입니다.",
                      "t = 0 の一つ前の状態は hs[:, -1] ではなく h0 です。")),
        _case("last-step-loss", _t("a gradient from the last step only (many-to-one)",
                                   "마지막 스텝에서만 오는 기울기(다대일)", "最後の時刻だけから来る勾配(多対一)"),
              _inputs(rng, 2, 6, 3, 3, last_only=True),
              hint=_t("The gradient of the last step reaches every earlier step through delta @ U.",
                      "마지막 스텝의 기울기는 delta @ U를 거쳐 앞의 모든 스텝에 도달합니다.",
                      "最後の時刻の勾配は delta @ U を通ってそれより前のすべての時刻に届きます。")),
        _case("long-sequence", _t("a long sequence (T = 12)", "긴 시퀀스(T = 12)", "長い系列 (T = 12)"),
              _inputs(rng, 2, MAX_T, 2, 3, weight_scale=1.2), hint=every_step),
        _case("long-range", _t("a gradient carried back 11 steps, undiminished",
                               "11 스텝 뒤로 줄지 않고 전해지는 기울기", "11 時刻前まで弱まらずに届く勾配"),
              _inputs(rng, 2, MAX_T, 2, 3, scale=0.05, last_only=True, orthogonal=True, bias=0.05),
              hint=_t("Carry every step's gradient all the way back to step 0 and into dh0: no truncation.",
                      "모든 스텝의 기울기를 스텝 0과 dh0까지 끝까지 전하세요: 자르지 마세요.",
                      "各時刻の勾配を時刻 0 と dh0 まで最後まで伝えてください。打ち切らないでください。")),
        _case("saturated", _t("stays finite for large |z| (no nan or inf)", "|z|가 커도 유한하다(nan, inf 없음)",
                              "|z| が大きくても有限 (nan も inf もない)"),
              _saturated(rng),
              hint=_t("Use 1 - h**2 with the given h: no exp, nothing overflows.",
                      "주어진 h로 1 - h**2를 쓰세요: exp가 없으니 넘치지 않습니다.",
                      "与えられた h で 1 - h**2 を使ってください。exp がないので桁あふれしません。")),
        _case("float32", _t("works on float32 inputs", "float32 입력에서 동작한다", "float32 の入力で動く"),
              _inputs(rng, 3, 4, 3, 2, scale=0.3, weight_scale=0.3, dtype=np.float32, positive=True),
              hint=_t("Keep the shapes; float32 is fine.", "모양을 유지하세요. float32여도 됩니다.",
                      "形を保ってください。float32 でかまいません。")),
        _case("larger-batch", _t("handles a larger batch", "더 큰 배치를 처리한다", "より大きなバッチを扱う"),
              _inputs(rng, 8, 5, 4, 6),
              hint=_t("Vectorise over the batch axis; sum db over it.", "배치 축에 대해 벡터화하고 db는 그 축으로 합하세요.",
                      "バッチの軸についてベクトル化し、db はその軸で合計してください。")),
    ]  # fmt: skip


# -- the exercise ----------------------------------------------------------------------------------
# Its number, function, title and file names are in exercise.yaml; the registry joins the two.

ARG_NAMES = ("xs", "h0", "W", "U", "b", "hs", "dhs")
OUTPUT_NAMES = ("dW", "dU", "db", "dh0")
