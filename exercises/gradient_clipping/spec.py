"""Exercise 1: gradient_clipping(grad, threshold) — clipping by the L2 norm over all elements."""

from __future__ import annotations

import numpy as np

from checker.specs.base import VISIBLE, Misconception, TestCase


def reference(grad, threshold):
    norm = np.sqrt(np.sum(np.square(grad, dtype=np.float64)))
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()


# -- the catalogue of known mistakes (each written as a student would) ----------------------------


def _elementwise(grad, threshold):
    return np.clip(grad, -threshold, threshold)


def _inverted_ratio(grad, threshold):
    norm = np.linalg.norm(grad)
    return grad * (norm / threshold) if norm > threshold else grad.copy()


def _wrong_comparison(grad, threshold):
    norm = np.linalg.norm(grad)
    with np.errstate(divide="ignore", invalid="ignore"):
        return grad * (threshold / norm) if norm < threshold else grad.copy()


def _unit_norm(grad, threshold):
    norm = np.linalg.norm(grad)
    return grad / norm if norm > threshold else grad.copy()


def _per_row(grad, threshold):
    if grad.ndim < 2:
        return reference(grad, threshold)
    norms = np.linalg.norm(grad, axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(norms > threshold, threshold / norms, 1.0)
    return grad * scale


def _with_norm(norm_of):
    def clip(grad, threshold):
        norm = norm_of(grad)
        return grad * (threshold / norm) if norm > threshold else grad.copy()

    return clip


def _nan_on_zero(grad, threshold):
    norm = np.linalg.norm(grad)
    with np.errstate(divide="ignore", invalid="ignore"):
        return grad / norm * min(norm, threshold)


def _t(en: str, ko: str, ja: str) -> dict:
    return {"en": en, "ko": ko, "ja": ja}


MISCONCEPTIONS = (
    Misconception(
        "clip-in-place",
        _t("The gradient is modified in place", "기울기를 제자리에서 수정함", "勾配をその場で書き換えている"),
        _t(
            "grad *= rate (or grad[...] = ...) changes the caller's array. Return a new array: grad * rate.",
            "grad *= rate(또는 grad[...] = ...)는 호출한 쪽의 배열을 바꿉니다. grad * rate처럼 새 배열을 반환하세요.",
            "grad *= rate(や grad[...] = ...)は呼び出し側の配列を書き換えます。grad * rate のように新しい配列を"
            "返してください。",
        ),
        mutates="grad",
    ),
    Misconception(
        "clip-elementwise",
        _t(
            "Clipping each element instead of the norm",
            "노름이 아니라 원소별로 클리핑함",
            "ノルムではなく要素ごとにクリッピングしている",
        ),
        _t(
            "np.clip(grad, -t, t) clips by value and changes the gradient's direction. Clipping by norm "
            "rescales the whole array by threshold / ‖grad‖.",
            "np.clip(grad, -t, t)는 값 기준 클리핑이라 기울기의 방향이 바뀝니다. 노름 기준 클리핑은 배열 전체에 "
            "threshold / ‖grad‖를 곱합니다.",
            "np.clip(grad, -t, t) は値によるクリッピングなので、勾配の向きが変わります。ノルムによる勾配クリッピングは"
            "配列全体に threshold / ‖grad‖ を掛けます。",
        ),
        variant=_elementwise,
    ),
    Misconception(
        "clip-inverted-ratio",
        _t("The ratio is upside down", "비율이 뒤집힘", "比率が逆さま"),
        _t(
            "The factor is threshold / norm (less than 1 when clipping), not norm / threshold.",
            "곱하는 값은 norm / threshold가 아니라 threshold / norm입니다(클리핑할 때 1보다 작음).",
            "掛ける値は norm / threshold ではなく threshold / norm です(クリッピングするときは 1 より小さい)。",
        ),
        variant=_inverted_ratio,
    ),
    Misconception(
        "clip-wrong-comparison",
        _t("The comparison is reversed", "비교 방향이 반대임", "比較の向きが逆"),
        _t(
            "Clip when the norm is larger than the threshold (equivalently rate = threshold / norm < 1); "
            "small gradients must stay as they are.",
            "노름이 임계값보다 클 때(즉 rate = threshold / norm < 1일 때) 클리핑해야 하며, 작은 기울기는 그대로 둬야 "
            "합니다.",
            "ノルムが閾値より大きいとき(つまり rate = threshold / norm < 1 のとき)にクリッピングします。"
            "小さい勾配はそのままにします。",
        ),
        variant=_wrong_comparison,
    ),
    Misconception(
        "clip-unit-norm",
        _t(
            "Normalising to norm 1 instead of the threshold",
            "임계값이 아니라 노름 1로 정규화함",
            "閾値ではなくノルム 1 に正規化している",
        ),
        _t(
            "grad / norm has norm 1. Clipping rescales to the threshold: grad * (threshold / norm).",
            "grad / norm의 노름은 1입니다. 클리핑은 임계값에 맞춰야 합니다: grad * (threshold / norm).",
            "grad / norm のノルムは 1 です。クリッピングでは閾値に合わせます: grad * (threshold / norm)。",
        ),
        variant=_unit_norm,
    ),
    Misconception(
        "clip-per-row-norm",
        _t(
            "A norm per row instead of one norm over all elements",
            "전체가 아니라 행마다 노름을 구함",
            "全要素で 1 つではなく行ごとにノルムを求めている",
        ),
        _t(
            "np.linalg.norm(grad, axis=...) gives one norm per row. The norm is taken over every element: "
            "np.linalg.norm(grad) (or np.sqrt(np.sum(grad ** 2))).",
            "np.linalg.norm(grad, axis=...)는 행마다 노름을 냅니다. 노름은 모든 원소에 대해 하나로 구해야 합니다: "
            "np.linalg.norm(grad)(또는 np.sqrt(np.sum(grad ** 2))).",
            "np.linalg.norm(grad, axis=...) は行ごとにノルムを返します。ノルムはすべての要素について 1 つ求めます: "
            "np.linalg.norm(grad)(または np.sqrt(np.sum(grad ** 2)))。",
        ),
        variant=_per_row,
    ),
    Misconception(
        "clip-missing-sqrt",
        _t("The square root is missing", "제곱근이 빠짐", "平方根が抜けている"),
        _t(
            "Σ g² is the squared norm. The L2 norm is its square root.",
            "Σ g²는 노름의 제곱입니다. L2 노름은 그 제곱근입니다.",
            "Σ g² はノルムの 2 乗です。L2 ノルムはその平方根です。",
        ),
        variant=_with_norm(lambda g: np.sum(np.square(g))),
    ),
    Misconception(
        "clip-l1-norm",
        _t(
            "The L1 norm instead of the L2 norm",
            "L2 대신 L1 노름을 씀",
            "L2 ノルムではなく L1 ノルムを使っている",
        ),
        _t(
            "Σ |g| is the L1 norm; clipping by norm uses √(Σ g²).",
            "Σ |g|는 L1 노름입니다. 노름 클리핑은 √(Σ g²)를 씁니다.",
            "Σ |g| は L1 ノルムです。ノルムによる勾配クリッピングでは √(Σ g²) を使います。",
        ),
        variant=_with_norm(lambda g: np.sum(np.abs(g))),
    ),
    Misconception(
        "clip-max-norm",
        _t(
            "The largest element instead of the L2 norm",
            "L2 노름 대신 가장 큰 원소를 씀",
            "L2 ノルムではなく最大の要素を使っている",
        ),
        _t(
            "max |g| is the max norm; clipping by norm uses √(Σ g²).",
            "max |g|는 최대 노름입니다. 노름 클리핑은 √(Σ g²)를 씁니다.",
            "max |g| は最大値ノルムです。ノルムによる勾配クリッピングでは √(Σ g²) を使います。",
        ),
        variant=_with_norm(lambda g: np.max(np.abs(g))),
    ),
    Misconception(
        "clip-nan-on-zero",
        _t("A zero gradient gives nan", "0 기울기에서 nan이 나옴", "0 の勾配で nan になる"),
        _t(
            "Dividing by a zero norm gives nan. Only rescale when norm > threshold (then norm > 0).",
            "노름 0으로 나누면 nan이 됩니다. norm > threshold일 때만 배율을 곱하세요(그때는 norm > 0입니다).",
            "ノルム 0 で割ると nan になります。norm > threshold のときだけ倍率を掛けてください"
            "(そのときは norm > 0 です)。",
        ),
        variant=_nan_on_zero,
    ),
)


# -- cases -------------------------------------------------------------------------------------------


def _case(case_id, en, ko, ja, grad, threshold, visibility="hidden", hint=None, atol=None):
    return TestCase(
        id=case_id,
        name=_t(en, ko, ja),
        args=(np.asarray(grad), np.asarray(threshold, dtype=np.asarray(grad).dtype)),
        visibility=visibility,
        hint=hint,
        atol=atol,
    )


def public_cases() -> list[TestCase]:
    return [
        _case(
            "clips-above-threshold",
            "clips a 1-D gradient whose norm is above the threshold",
            "노름이 임계값보다 큰 1차원 기울기를 클리핑한다",
            "ノルムが閾値より大きい 1 次元の勾配をクリッピングする",
            np.array([3.0, 4.0]),
            1.0,
            VISIBLE,
        ),
        _case(
            "keeps-below-threshold",
            "leaves a 2-D gradient below the threshold unchanged",
            "임계값보다 작은 2차원 기울기는 그대로 둔다",
            "閾値より小さい 2 次元の勾配はそのままにする",
            np.array([[0.1, -0.2], [0.05, 0.0]]),
            5.0,
            VISIBLE,
        ),
    ]


def hidden_cases(seed: int) -> list[TestCase]:
    rng = np.random.default_rng([seed, 1])

    def random(shape, scale=1.0, dtype=np.float64):
        return (rng.standard_normal(shape) * scale).astype(dtype)

    above_2d = random((3, 4), 5.0)
    below_3d = random((2, 3, 4))
    wide = random((4, 3), 2.0)
    wide[0] *= 10  # rows of very different sizes: a per-row norm gives a different answer
    float32 = random((10,), 3.0, np.float32)
    return [
        _case("random-above-2d", "clips a random 2-D gradient above the threshold", "임계값보다 큰 무작위 2차원 기울기를 클리핑한다",
              "閾値より大きいランダムな 2 次元の勾配をクリッピングする",
              above_2d, float(np.linalg.norm(above_2d)) / 3,
              hint=_t("Scale the whole array by threshold / norm.", "배열 전체에 threshold / norm을 곱하세요.",
                      "配列全体に threshold / norm を掛けてください。")),
        _case("random-below-3d", "leaves a random 3-D gradient below the threshold unchanged", "임계값보다 작은 무작위 3차원 기울기를 그대로 둔다",
              "閾値より小さいランダムな 3 次元の勾配をそのままにする",
              below_3d, float(np.linalg.norm(below_3d)) * 2,
              hint=_t("Nothing changes when norm ≤ threshold.", "norm ≤ threshold이면 아무것도 바뀌지 않습니다.",
                      "norm ≤ threshold なら何も変わりません。")),
        _case("uneven-rows", "uses one norm over all elements, not one per row", "행마다가 아니라 모든 원소에 대한 노름 하나를 쓴다",
              "行ごとではなく全要素で 1 つのノルムを使う",
              wide, float(np.linalg.norm(wide)) / 4,
              hint=_t("One norm for the whole array.", "배열 전체에 노름 하나입니다.", "配列全体でノルムは 1 つです。")),
        _case("norm-equals-threshold", "leaves a gradient whose norm equals the threshold unchanged", "노름이 임계값과 같은 기울기를 그대로 둔다",
              "ノルムが閾値と等しい勾配をそのままにする",
              np.array([[3.0, 0.0], [0.0, 4.0]]), 5.0,
              hint=_t("Clip only when norm > threshold.", "norm > threshold일 때만 클리핑합니다.",
                      "norm > threshold のときだけクリッピングします。")),
        _case("zero-gradient", "returns zeros for a zero gradient (no nan)", "0 기울기에는 0을 반환한다(nan 없음)",
              "0 の勾配には 0 を返す(nan なし)",
              np.zeros(4), 1.0, hint=_t("Avoid dividing by a zero norm.", "노름 0으로 나누지 마세요.",
                                        "ノルム 0 で割らないでください。")),
        _case("tiny-norm", "leaves a tiny gradient unchanged", "아주 작은 기울기를 그대로 둔다", "ごく小さい勾配をそのままにする",
              random((5,), 1e-30), 1.0, hint=_t("Small gradients are not scaled up.", "작은 기울기를 키우지 않습니다.",
                                                "小さい勾配を大きくはしません。"),
              atol=0.0),  # values of 1e-30: zeros must not pass for them
        _case("huge-norm", "clips a huge gradient to the threshold", "아주 큰 기울기를 임계값으로 클리핑한다",
              "非常に大きい勾配を閾値までクリッピングする",
              random((2, 3), 1e100), 1.0, hint=_t("The result has norm equal to the threshold.", "결과의 노름은 임계값과 같습니다.",
                                                  "結果のノルムは閾値と等しくなります。")),
        _case("float32", "works on a float32 gradient", "float32 기울기에서도 동작한다", "float32 の勾配でも動く",
              float32, float(np.linalg.norm(float32.astype(np.float64))) / 2,
              hint=_t("Keep the shape; float32 is fine.", "모양을 유지하세요. float32여도 됩니다.",
                      "形状を保ってください。float32 のままでかまいません。")),
        _case("random-above-1d", "clips a random 1-D gradient above the threshold", "임계값보다 큰 무작위 1차원 기울기를 클리핑한다",
              "閾値より大きいランダムな 1 次元の勾配をクリッピングする",
              random((7,), 4.0), 0.5, hint=_t("Same rule in any number of dimensions.", "차원 수와 상관없이 같은 규칙입니다.",
                                              "次元数に関係なく同じ規則です。")),
    ]  # fmt: skip


# -- the exercise ----------------------------------------------------------------------------------
# Its number, function, title and file names are in exercise.yaml; the registry joins the two.

ARG_NAMES = ("grad", "threshold")
OUTPUT_NAMES = ("clipped",)
